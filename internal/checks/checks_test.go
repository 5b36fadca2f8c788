package checks

import (
	"strings"
	"testing"
	"time"
)

func TestHTTPSURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://login.microsoftonline.com/t/oauth2/v2.0/token": "",
		"http://127.0.0.1:8080/token":                           "",
		"http://localhost/token":                                "",
		"http://[::1]:9000/token":                               "",
		"http://login.example.com/token":                        "uses http: use https",
		"ftp://example.com/token":                               `has scheme "ftp"`,
		"/token":                                                "not an absolute URL",
		"https://user:pw@example.com/":                          "carries credentials",
		"https://exa mple.com/%zz":                              "not a valid URL",
	} {
		err := HTTPSURL(raw)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("HTTPSURL(%q) = %v, want %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("the error shows the URL's password: %v", err)
		}
	}
}

func TestLooksLikeSecretID(t *testing.T) {
	for secret, want := range map[string]bool{
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d": true,
		"0A9B8C7D-6E5F-4A3B-8C2D-1E0F9A8B7C6D": true,
		"Xy8Q~s3cr3t.value_from-the~portal.1":  false,
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6":  false,
	} {
		if got := LooksLikeSecretID(secret); got != want {
			t.Errorf("LooksLikeSecretID(%q) = %v", secret, got)
		}
	}
}

func TestParsePositiveDuration(t *testing.T) {
	if d, err := ParsePositiveDuration("1m30s", time.Hour); err != nil || d != 90*time.Second {
		t.Errorf("1m30s: %s %v", d, err)
	}
	for _, bad := range []string{"30", "0s", "-5s", "soon"} {
		if _, err := ParsePositiveDuration(bad, time.Hour); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestScope(t *testing.T) {
	if err := Scope("https://graph.microsoft.com/.default"); err != nil {
		t.Error(err)
	}
	if err := Scope(""); err == nil {
		t.Error("empty scope accepted")
	}
	err := Scope("Mail.Read offline_access")
	if err == nil || !strings.Contains(err.Error(), `["Mail.Read", "offline_access"]`) {
		t.Errorf("two scopes in one: %v", err)
	}
}

func TestRedirectURI(t *testing.T) {
	for raw, want := range map[string]string{
		"https://app.example.com/callback":                    "",
		"http://localhost:8080/callback":                      "",
		"http://app.example.com/callback":                     "uses http",
		"https://app.example.com/cb#section":                  "has a fragment",
		"https://app.example.com/" + strings.Repeat("a", 430): "at most 450",
		"app.example.com/callback":                            "not an absolute URL",
	} {
		err := RedirectURI(raw)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("RedirectURI(%q) = %v, want %q", raw, err, want)
		}
	}
}

func TestJavaLength(t *testing.T) {
	for s, want := range map[string]int{"": 0, "Exchange": 8, "é": 1, "€": 1, "😀": 2, strings.Repeat("😀", 100): 200} {
		if got := JavaLength(s); got != want {
			t.Errorf("JavaLength(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"Exchange Online", ""},
		{strings.Repeat("😀", 127), ""}, // 254 UTF-16 code units, 508 bytes
		{strings.Repeat("a", 255), ""},
		{"", "name is empty: give it a name"},
		{" \t ", "name is only white space"},
		{"Exchange\nOnline", `name "Exchange\nOnline" holds a line feed (U+000A) at character 9`},
		{"a\u0085b", "holds a control character (U+0085) at character 2"},
		{strings.Repeat("😀", 128), "name is 256 characters long as Jira counts them"},
		{strings.Repeat("a", 256), "name is 256 characters long as Jira counts them"},
	} {
		err := Name("name", tc.value, 255, JiraCharacters)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Name(%q) = %v, want %q", tc.value, err, tc.want)
		}
	}
	if err := Name("name", strings.Repeat("😀", 255), 255, Characters); err != nil {
		t.Errorf("255 emoji counted as code points: %v", err)
	}
}

func TestParsePositiveDurationBounds(t *testing.T) {
	for raw, want := range map[string]string{
		"59m":           "",
		"1h":            "",
		"61m":           `"61m" is longer than 1h, the most the provider allows`,
		"100000000000h": `"100000000000h" is longer than 1h`,
		"1h1000000000h": "is longer than 1h",
		"0":             "must be longer than zero",
		"soon":          "is not a duration",
	} {
		_, err := ParsePositiveDuration(raw, time.Hour)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("ParsePositiveDuration(%q) = %v, want %q", raw, err, want)
		}
	}
}

func TestNoControlCharactersNeverShowsTheValue(t *testing.T) {
	if err := NoControlCharacters("client_id", "plain id", "remove it"); err != nil {
		t.Error(err)
	}
	err := NoControlCharacters("client_id", "s3cr3t\n", "remove it")
	if err == nil || err.Error() != "client_id holds a line feed (U+000A) at character 7: remove it" {
		t.Errorf("got %v", err)
	}
	if err := NoControlCharacters("x", "a\tb", "remove it"); err == nil {
		t.Error("a tab accepted")
	}
}

func TestHeaderNameAndNotBlank(t *testing.T) {
	for name, want := range map[string]string{"X-API-Key": "", "": "cannot be empty", "X API": "not a valid header name", "X:Y": "not a valid header name"} {
		err := HeaderName(name)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("HeaderName(%q) = %v, want %q", name, err, want)
		}
	}
	if NotBlank(" x ") != nil || NotBlank(" \t") == nil {
		t.Error("NotBlank")
	}
}
