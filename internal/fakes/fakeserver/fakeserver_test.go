package fakeserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
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
		d := Deployment{block: tc.block, credentialName: tc.credentialName, credential: `t"1`}
		if got := d.ProviderBlockAt("http://127.0.0.1:1"); got != tc.want {
			t.Errorf("ProviderBlock(%s) = %s, want %s", tc.block, got, tc.want)
		}
	}
}
