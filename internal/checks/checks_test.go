package checks

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// expect runs check on each input of cases and compares its error with the text it must hold,
// "" for none.
func expect(t *testing.T, name string, check func(string) error, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		err := check(in)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%s(%q) = %v, want %q", name, in, err, want)
		}
	}
}

// expectResults is expect for a function that returns a value rather than an error: f of each
// input of cases must be the value it maps to.
func expectResults[T comparable](t *testing.T, name string, f func(string) T, cases map[string]T) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %#v, want %#v", name, in, got, want)
		}
	}
}

func TestHTTPSURL(t *testing.T) {
	expect(t, "HTTPSURL", HTTPSURL, map[string]string{
		"https://login.microsoftonline.com/t/oauth2/v2.0/token": "",
		"http://127.0.0.1:8080/token":                           "",
		"http://localhost/token":                                "",
		"http://[::1]:9000/token":                               "",
		"http://login.example.com/token":                        "uses http: use https",
		"ftp://example.com/token":                               `has scheme "ftp"`,
		"/token":                                                "not an absolute URL",
		"https://user:pw@example.com/":                          "carries credentials",
		"https://exa mple.com/%zz":                              "not a valid URL",
		"https://example.com/" + strings.Repeat("a", 2100):      "the URL is 2120 characters long; the provider accepts at most 2048",
	})
	if err := HTTPSURL("https://user:pw@example.com/"); strings.Contains(err.Error(), "pw@") {
		t.Errorf("the error shows the URL's password: %v", err)
	}
}

func TestRedirectURI(t *testing.T) {
	expect(t, "RedirectURI", RedirectURI, map[string]string{
		"https://app.example.com/callback":                    "",
		"http://localhost:8080/callback":                      "",
		"http://app.example.com/callback":                     "uses http",
		"https://app.example.com/cb#section":                  "has a fragment",
		"https://app.example.com/" + strings.Repeat("a", 430): "at most 450",
		"app.example.com/callback":                            "not an absolute URL",
	})
}

func TestLooksLikeSecretID(t *testing.T) {
	expectResults(t, "LooksLikeSecretID", LooksLikeSecretID, map[string]bool{
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d": true,
		"0A9B8C7D-6E5F-4A3B-8C2D-1E0F9A8B7C6D": true,
		"Xy8Q~s3cr3t.value_from-the~portal.1":  false,
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6":  false,
	})
}

func TestParsePositiveDuration(t *testing.T) {
	if d, err := ParsePositiveDuration("1m30s", time.Hour); err != nil || d != 90*time.Second {
		t.Errorf("1m30s: %s %v", d, err)
	}
	expect(t, "ParsePositiveDuration", func(raw string) error {
		_, err := ParsePositiveDuration(raw, time.Hour)
		return err
	}, map[string]string{
		"59m":           "",
		"1h":            "",
		"30":            "is not a duration",
		"0s":            "must be longer than zero",
		"-5s":           "must be longer than zero",
		"61m":           `"61m" is longer than 1h, the most the provider allows`,
		"100000000000h": `"100000000000h" is longer than 1h`,
		"1h1000000000h": "is longer than 1h",
		"0":             "must be longer than zero",
		"soon":          "is not a duration",
	})
}

func TestScope(t *testing.T) {
	expect(t, "Scope", Scope, map[string]string{
		"https://graph.microsoft.com/.default": "",
		"":                                     "must not be empty",
		"Mail.Read offline_access":             `["Mail.Read", "offline_access"]`,
	})
}

func TestJavaLength(t *testing.T) {
	expectResults(t, "JavaLength", JavaLength,
		map[string]int{"": 0, "Exchange": 8, "é": 1, "€": 1, "😀": 2, strings.Repeat("😀", 100): 200})
}

func TestName(t *testing.T) {
	expect(t, "Name", func(value string) error { return Name("name", value, 255, JiraCharacters) }, map[string]string{
		"Exchange Online":        "",
		strings.Repeat("😀", 127): "", // 254 UTF-16 code units, 508 bytes
		strings.Repeat("a", 255): "",
		"":                       "name is empty: give it a name",
		" \t ":                   "name is only white space",
		"Exchange\nOnline":       `name "Exchange\nOnline" holds a line feed (U+000A) at character 9`,
		"a\u0085b":               "holds a control character (U+0085) at character 2",
		strings.Repeat("😀", 128): "name is 256 characters long as Jira counts them",
		strings.Repeat("a", 256): "name is 256 characters long as Jira counts them",
	})
	if err := Name("name", strings.Repeat("😀", 255), 255, Characters); err != nil {
		t.Errorf("255 emoji counted as code points: %v", err)
	}
}

func TestNoControlCharactersNeverShowsTheValue(t *testing.T) {
	expect(t, "NoControlCharacters", func(value string) error { return NoControlCharacters("client_id", value, "remove it") }, map[string]string{
		"plain id": "",
		"s3cr3t\n": "client_id holds a line feed (U+000A) at character 7: remove it",
		"a\tb":     "client_id holds a tab (U+0009) at character 2",
	})
	if err := NoControlCharacters("client_id", "s3cr3t\n", "remove it"); strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("the message shows the value: %v", err)
	}
}

func TestHeaders(t *testing.T) {
	expect(t, "HeaderName", HeaderName, map[string]string{
		"X-API-Key": "", "": "cannot be empty", "X API": "not a valid header name", "X:Y": "not a valid header name",
	})
	expect(t, "HeaderValue", HeaderValue, map[string]string{
		"plain value": "", "with\ttab": "", "s3cr3t\r\nX-Evil: 1": "holds a carriage return (U+000D) at character 7",
	})
	expect(t, "NotBlank", NotBlank, map[string]string{" x ": "", " \t": "empty or only white space"})
}

func TestSentences(t *testing.T) {
	expectResults(t, "Sentence", Sentence,
		map[string]string{"shorten it": "shorten it.", "done.": "done.", "e.g. 404..": "e.g. 404.", " x ": "x.", "why?": "why?", "stop!": "stop!"})
	got := Sentences("External Data answered 403 Forbidden: the management API needs an administrator's token.", "", "Check the role")
	if want := "External Data answered 403 Forbidden: the management API needs an administrator's token. Check the role."; got != want {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}

func TestExplainJoinsWithOneFullStopAndWraps(t *testing.T) {
	cause := &os.PathError{Op: "open", Path: "x", Err: errors.New("it failed.")}
	err := Explain(cause, "Do this instead.")
	if want := "open x: it failed. Do this instead."; err.Error() != want {
		t.Errorf("Explain = %q, want %q", err, want)
	}
	var pathErr *os.PathError
	if !errors.As(err, &pathErr) {
		t.Error("Explain does not wrap its error")
	}
}
