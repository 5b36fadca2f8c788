package fakeserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStartServesUntilTheTestEnds(t *testing.T) {
	var url string
	t.Run("test", func(t *testing.T) {
		url = Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			WriteJSON(w, http.StatusTeapot, map[string]string{"origin": Origin(r)})
		}))
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("URL %s, want loopback", url)
		}
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusTeapot || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			string(body) != `{"origin":"`+url+`"}` {
			t.Errorf("answer %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after its test ended: %d", resp.StatusCode)
	}
}

func TestStatusRecorderAndDiscard(t *testing.T) {
	w := httptest.NewRecorder()
	rec := &StatusRecorder{ResponseWriter: w}
	rec.WriteHeader(http.StatusNoContent)
	if rec.Status != http.StatusNoContent || w.Code != http.StatusNoContent {
		t.Errorf("recorded %d, passed on %d", rec.Status, w.Code)
	}
	d := Discard()
	d.Header().Set("X", "y")
	d.WriteHeader(http.StatusInternalServerError)
	if n, err := d.Write([]byte("lost")); n != 4 || err != nil || Discard().Header().Get("X") != "" {
		t.Errorf("Discard: %d %v, or its headers are shared", n, err)
	}
}

func TestNewGUID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if a, b := NewGUID(), NewGUID(); !v4.MatchString(a) || a == b {
		t.Errorf("NewGUID: %s, %s", a, b)
	}
}

func TestWithLatencyDelaysAndCountingCounts(t *testing.T) {
	const latency = 50 * time.Millisecond
	var counter Counter
	served := 0
	url := Start(t, Counting(WithLatency(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++ // one request at a time below
		w.WriteHeader(http.StatusNoContent)
	}), latency), &counter))
	for _, method := range []string{http.MethodGet, http.MethodGet, http.MethodPost} {
		start := time.Now()
		req, _ := http.NewRequest(method, url, nil)
		resp, _ := Do(t, req)
		if elapsed := time.Since(start); resp.StatusCode != http.StatusNoContent || elapsed < latency {
			t.Errorf("%s: status %d after %v, want 204 after at least %v", method, resp.StatusCode, elapsed, latency)
		}
	}
	if got := counter.Counts(); served != 3 || len(got) != 2 || got["GET"] != 2 || got["POST"] != 1 {
		t.Errorf("counted %v, served %d; want GET 2, POST 1, served 3", got, served)
	}
}

func TestWithLatencyDropsARequestWhoseClientLeft(t *testing.T) {
	served := make(chan struct{}, 1)
	h := WithLatency(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served <- struct{}{} }), time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil))
	select {
	case <-served:
		t.Error("served a request whose client had left")
	default:
	}
}

func TestFailuresAreTakenInOrderByMatchingRequests(t *testing.T) {
	var q Failures
	q.Add(1, Failure{Method: http.MethodPut, PathPrefix: "/api/", Status: http.StatusConflict})
	q.Add(2, Failure{Status: http.StatusServiceUnavailable, AfterHandling: true})
	take := func(method, path string) (int, bool) {
		f, _ := q.Take(httptest.NewRequest(method, path, nil)) // none is the zero Failure
		return f.Status, f.AfterHandling
	}
	for _, step := range []struct {
		method, path string
		status       int
		after        bool
	}{
		{http.MethodGet, "/api/x", http.StatusServiceUnavailable, true}, // the PUT failure does not match a GET
		{http.MethodPut, "/other", http.StatusServiceUnavailable, true}, // nor another path
		{http.MethodPut, "/api/x", http.StatusConflict, false},
		{http.MethodPut, "/api/x", 0, false}, // all three taken
	} {
		if status, after := take(step.method, step.path); status != step.status || after != step.after {
			t.Errorf("%s %s took a failure of %d (after handling: %v), want %d (%v)", step.method, step.path, status, after, step.status, step.after)
		}
	}

	q.Add(2, Failure{Status: http.StatusBadGateway})
	q.Replace(1, Failure{Status: http.StatusTooManyRequests})
	if status, _ := take(http.MethodGet, "/"); status != http.StatusTooManyRequests {
		t.Errorf("after Replace the first failure is %d, want 429", status)
	}
	q.Add(3, Failure{Status: http.StatusBadGateway})
	q.Replace(0, Failure{})
	if status, _ := take(http.MethodGet, "/"); status != 0 {
		t.Errorf("after Replace(0) a failure of %d is still pending", status)
	}
}

func TestProviderBlockAlignsItsAttributes(t *testing.T) {
	for _, tc := range []struct{ block, credentialName, want string }{
		{"jira", "token", `
provider "oauthlink" {
  jira = {
    base_url = "http://127.0.0.1:1"
    token    = "t\"1"
  }
}
`},
		{"external_data", "api_token", `
provider "oauthlink" {
  external_data = {
    base_url  = "http://127.0.0.1:1"
    api_token = "t\"1"
  }
}
`},
	} {
		if got := ProviderBlock(tc.block, "http://127.0.0.1:1", tc.credentialName, `t"1`); got != tc.want {
			t.Errorf("ProviderBlock(%s) = %s, want %s", tc.block, got, tc.want)
		}
	}
}

func TestCopyOfAndEditStored(t *testing.T) {
	type entry struct{ names []string }
	var mu sync.Mutex
	entries := map[string]*entry{"a": {names: []string{"x"}}}
	clone := func(e *entry) entry { return entry{names: slices.Clone(e.names)} }

	got, ok := CopyOf(&mu, entries, "a", clone)
	if !ok || !slices.Equal(got.names, []string{"x"}) {
		t.Fatalf("CopyOf(a) = %v, %v", got, ok)
	}
	got.names[0] = "changed by the test"
	if entries["a"].names[0] != "x" {
		t.Error("changing the copy changed the stored entry")
	}
	if got, ok := CopyOf(&mu, entries, "b", clone); ok || got.names != nil {
		t.Errorf("CopyOf(b) = %v, %v; want none", got, ok)
	}

	if !EditStored(&mu, entries, "a", func(e *entry) { e.names = append(e.names, "y") }) ||
		!slices.Equal(entries["a"].names, []string{"x", "y"}) {
		t.Errorf("EditStored(a) left %v", entries["a"].names)
	}
	if EditStored(&mu, entries, "b", func(*entry) { t.Error("edit ran for a missing entry") }) {
		t.Error("EditStored(b) reported a missing entry as found")
	}
}
