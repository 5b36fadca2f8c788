package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzRetryAfter: any header a server sends gives a wait between zero and the cap, never a
// negative or overflowed one that would retry at once.
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "120", "9999999999", "99999999999999999999999", "-1", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", ""} {
		f.Add(seed)
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string) {
		wait, ok := retryAfter(value, now)
		if ok && (wait < 0 || wait > maxRetryAfterSeconds*time.Second) {
			t.Fatalf("retryAfter(%q) = %s", value, wait)
		}
	})
}

// FuzzScrub: a secret sent in a form field never survives in an answer that holds it in any of
// its encodings, wherever it sits in the answer.
func FuzzScrub(f *testing.F) {
	f.Add("hunter2+with/odd chars&more", "error: ", " was wrong")
	f.Add("p%41ss", "%", "")
	f.Add("abcdabcd", "abcdabc", "d")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < minScrubbed || strings.ContainsAny(secret, "[]") || strings.Contains(redacted, secret) {
			t.Skip("shorter than what is scrubbed, or part of the replacement itself")
		}
		req := httptest.NewRequest(http.MethodPost, "/token", strings.NewReader(url.Values{"client_secret": {secret}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		body := []byte(url.Values{"client_secret": {secret}}.Encode())
		s := newScrubber(req, body)
		for _, encoded := range encodings(secret) {
			if got := s.Scrub(before + encoded + after); strings.Contains(got, secret) && !strings.Contains(before+after, secret) {
				t.Fatalf("Scrub(%q) = %q still holds the secret", before+encoded+after, got)
			}
		}
	})
}
