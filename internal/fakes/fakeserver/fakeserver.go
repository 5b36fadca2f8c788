// Package fakeserver is what the fakes in internal/fakes share: starting one on loopback for a
// test (Start) or for the demo (Serve), the provider configuration that reaches a started one
// (Deployment), calling one from a test (Do), writing JSON answers, recording the status of an
// answer, the queue of failures a test injects, a test's copies and edits of what a fake stores,
// the random GUIDs the services hand out as ids, and, for the benchmark, an injected latency and
// request counts. It fakes no service itself.
package fakeserver

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Start serves h on 127.0.0.1 until the test ends and returns its base URL, http://127.0.0.1:port.
func Start(t testing.TB, h http.Handler) string {
	t.Helper()
	url, stop := Serve(h)
	t.Cleanup(stop)
	return url
}

// Serve serves h on 127.0.0.1 and returns its base URL and the function that stops it, for
// callers that are not tests.
func Serve(h http.Handler) (url string, stop func()) {
	server := httptest.NewServer(h)
	return server.URL, server.Close
}

// Do sends req with http.DefaultClient and returns the answer with its whole body, failing the test
// when it cannot: how the fakes' own tests, and those of the OIDC provider harness, call a server
// by hand.
func Do(t testing.TB, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// WriteJSON answers status with body as JSON and returns status.
func WriteJSON(w http.ResponseWriter, status int, body any) int {
	b, err := json.Marshal(body)
	if err != nil {
		panic(fmt.Sprintf("fakes: marshal %T: %v", body, err)) // plain structs always marshal
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return status
}

// Origin is the scheme and host the request was sent to.
func Origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// NewGUID returns a random (version 4) GUID in lower-case 8-4-4-4-12 form.
func NewGUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails, see crypto/rand.Read
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// StatusRecorder passes an answer through and remembers the status written through it.
type StatusRecorder struct {
	http.ResponseWriter
	Status int
}

// WriteHeader implements http.ResponseWriter.
func (s *StatusRecorder) WriteHeader(status int) {
	s.Status = status
	s.ResponseWriter.WriteHeader(status)
}

// Discard returns a ResponseWriter that drops everything: for handling a request whose answer is
// to be lost (a failure injected after the service acted).
func Discard() http.ResponseWriter { return discardingWriter{header: http.Header{}} }

type discardingWriter struct{ header http.Header }

func (d discardingWriter) Header() http.Header         { return d.header }
func (d discardingWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardingWriter) WriteHeader(int)             {}

// WithLatency delays every request by d before h serves it, as a backend across a network would
// (the benchmark of internal/cmd/bench). A request whose client leaves during the delay is not
// served.
func WithLatency(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// Counter counts requests by method; it is safe for concurrent use.
type Counter struct {
	mu       sync.Mutex
	byMethod map[string]int
}

// Counts returns a copy of the counts so far by method.
func (c *Counter) Counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.byMethod)
}

// Counting counts every request in c before h serves it.
func Counting(h http.Handler, c *Counter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		if c.byMethod == nil {
			c.byMethod = map[string]int{}
		}
		c.byMethod[r.Method]++
		c.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// Deployment is a started fake of a service the provider configures in a nested attribute block
// (jira, external_data) with a base URL and one credential: where it answers, and the provider
// block that reaches it.
type Deployment struct {
	URL string // the service's base URL, http://127.0.0.1:port

	block, credentialName, credential string
}

// StartDeployment starts h as Start does, as a service the provider reaches with credential as
// the attribute credentialName of its block.
func StartDeployment(t testing.TB, h http.Handler, block, credentialName, credential string) Deployment {
	t.Helper()
	return Deployment{URL: Start(t, h), block: block, credentialName: credentialName, credential: credential}
}

// ProviderBlock is a provider "oauthlink" configuration for this deployment.
func (d Deployment) ProviderBlock() string { return d.ProviderBlockAt(d.URL) }

// ProviderBlockAt is a provider "oauthlink" configuration for this deployment reached at baseURL,
// e.g. through a proxy in front of it, laid out as terraform fmt lays it out.
func (d Deployment) ProviderBlockAt(baseURL string) string {
	block, credentialName, credential := d.block, d.credentialName, d.credential
	width := max(len("base_url"), len(credentialName))
	return fmt.Sprintf(`
provider "oauthlink" {
  %s = {
    %-*s = %q
    %-*s = %q
  }
}
`, block, width, "base_url", baseURL, width, credentialName, credential)
}
