package httpx

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// echoServer answers status with everything it was sent, in the encodings servers echo in.
func echoServer(t *testing.T, status int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var dump strings.Builder
		dump.WriteString(r.Method + " " + r.URL.String() + "\n")
		_ = r.Header.Write(&dump)
		dump.Write(body)
		text := dump.String()
		quoted, _ := json.Marshal(text)
		w.Header().Set("Location", "https://elsewhere.example/?echo="+url.QueryEscape(text))
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		// Raw, form-escaped, in a JSON string, HTML-escaped and Base64: every form an echo takes.
		for _, form := range []string{text, url.QueryEscape(text), string(quoted), html.EscapeString(text)} {
			_, _ = io.WriteString(w, form+"\n")
		}
		_, _ = io.WriteString(w, base64.StdEncoding.EncodeToString(body)+"\n")
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAnswersHoldNoneOfTheRequestsCredentials(t *testing.T) {
	// Characters that every encoding changes: space, plus, slash, quote, angle brackets, ampersand.
	const secret, pat, headerKey, registered = `p@ss w+rd/"<x>&`, "jira-pat-0123456789", "functions-key-value", "custom-header-value"
	for _, status := range []int{200, 400, 500} {
		srv := echoServer(t, status)
		form := url.Values{"grant_type": {"client_credentials"}, "client_secret": {secret}}
		ctx := WithSecrets(context.Background(), registered)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"?api_key="+url.QueryEscape(secret), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+pat)
		req.Header.Set("X-Functions-Key", headerKey)
		req.Header.Set("X-Custom", registered)
		opts := fastOptions()
		opts.MaxRetries = 0
		resp, body := send(t, opts, req)
		answer := body + resp.Header.Get("Location")
		if !strings.Contains(answer, "grant_type=client_credentials") {
			t.Fatalf("%d: the echo lost what is not a credential:\n%s", status, answer)
		}
		for _, s := range []string{secret, pat, headerKey, registered} {
			for _, encoded := range encodings(s) {
				if strings.Contains(answer, encoded) {
					t.Errorf("%d: answer holds %q (an encoding of %q):\n%s", status, encoded, s, answer)
				}
			}
		}
	}
}

func TestBasicCredentialsAreScrubbedDecodedToo(t *testing.T) {
	const secret = "basic+secret/value"
	srv := echoServer(t, 401)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, nil)
	// RFC 6749 §2.3.1: the secret is form-encoded before it is joined and base64-encoded.
	req.SetBasicAuth("client", url.QueryEscape(secret))
	_, body := send(t, fastOptions(), req)
	for _, leaked := range []string{secret, url.QueryEscape(secret), base64.StdEncoding.EncodeToString([]byte("client:" + url.QueryEscape(secret)))} {
		if strings.Contains(body, leaked) {
			t.Errorf("answer holds %q:\n%s", leaked, body)
		}
	}
}

func TestRegisteredSecretsAreMaskedInLogsWhateverTheirNames(t *testing.T) {
	const value = "an-api-key-under-an-innocent-name"
	srv := echoServer(t, 200)
	var logs bytes.Buffer
	ctx := WithSecrets(tflogtest.RootLogger(context.Background(), &logs), value)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"?subscription-key=query-key-value&sig=sas-signature-value", nil)
	req.Header.Set("X-Innocent", value)
	req.Header.Set("Ocp-Apim-Subscription-Key", "subscription-key-value")
	send(t, fastOptions(), req)
	out := logs.String()
	if !strings.Contains(out, "X-Innocent") {
		t.Fatalf("no trace log of the request:\n%s", out)
	}
	for _, leaked := range []string{value, "query-key-value", "sas-signature-value", "subscription-key-value"} {
		if strings.Contains(out, leaked) {
			t.Errorf("log shows %q:\n%s", leaked, out)
		}
	}
}

func TestShortValuesAreNotScrubbed(t *testing.T) {
	s := newScrubber(httptest.NewRequest(http.MethodGet, "/?password=abc", nil), nil)
	if got := s.Scrub("abc def"); got != "abc def" {
		t.Fatalf("a 3-character value was scrubbed: %q", got)
	}
}

func TestSensitiveValuesStayInSuccessfulAnswersOnly(t *testing.T) {
	const value = "application/json-but-marked-sensitive"
	for status, wantKept := range map[int]bool{200: true, 404: false, 500: false} {
		srv := echoServer(t, status)
		var logs bytes.Buffer
		ctx := WithSensitive(tflogtest.RootLogger(context.Background(), &logs), value)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		req.Header.Set("Accept", value)
		opts := fastOptions()
		opts.MaxRetries = 0
		if _, body := send(t, opts, req); strings.Contains(body, value) != wantKept {
			t.Errorf("%d: the answer keeps the sensitive value: %v, want %v", status, !wantKept, wantKept)
		}
		if strings.Contains(logs.String(), value) {
			t.Errorf("%d: the trace log shows the sensitive value", status)
		}
	}
}

func TestRequestsWithTheSameCredentialsShareOneReplacer(t *testing.T) {
	scrubberFor := func(token string) *scrubber {
		req := httptest.NewRequest(http.MethodGet, "/config/1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return newScrubber(req, nil)
	}
	first, second, other := scrubberFor("token-of-this-run"), scrubberFor("token-of-this-run"), scrubberFor("another-token")
	if first.secrets.r != nil || first.all.r != nil {
		t.Fatal("the replacers were built before anything needed them")
	}
	if got := first.Scrub("token-of-this-run"); got != redacted {
		t.Fatalf("Scrub = %q, want %q", got, redacted)
	}
	if first.all.get() != second.all.get() || first.secrets.get() != second.secrets.get() {
		t.Error("two requests with the same token built a replacer each")
	}
	if other.all.get() == first.all.get() {
		t.Error("requests with different tokens share a replacer")
	}
	if got := other.Scrub("token-of-this-run another-token"); got != "token-of-this-run "+redacted {
		t.Errorf("Scrub = %q: a replacer of another request's credentials was used", got)
	}
}
