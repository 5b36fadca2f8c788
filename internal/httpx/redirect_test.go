package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// redirecting answers every request with a redirect to target, and counts them.
func redirecting(t *testing.T, status int, target func() string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > 1 && strings.HasPrefix(target(), "/") {
			_, _ = io.WriteString(w, "arrived")
			return
		}
		http.Redirect(w, r, target(), status)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestRedirectsToAnotherOriginAreRefused(t *testing.T) {
	elsewhere, reached := scripted(t, nil, 200)
	for _, status := range []int{301, 302, 303, 307, 308} {
		srv, _ := redirecting(t, status, func() string { return elsewhere.URL + "/collect" })
		_, err := mustNew(t, fastOptions()).Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader("client_secret=s3cr3t"))
		var redirectErr *RedirectError
		if !errors.As(err, &redirectErr) || !strings.Contains(err.Error(), elsewhere.URL+"/collect") || !strings.Contains(err.Error(), "another origin") {
			t.Errorf("%d: got %v, want a RedirectError naming the target", status, err)
		}
		if MayHaveBeenApplied(err) {
			t.Errorf("%d: a refused redirect counts as possibly applied", status)
		}
	}
	if reached.Load() != 0 {
		t.Fatalf("the other origin got %d requests", reached.Load())
	}
}

func TestRedirectsWithinTheOriginAreFollowedOnce(t *testing.T) {
	srv, calls := redirecting(t, 307, func() string { return "/moved" })
	if _, body := get(t, fastOptions(), srv.URL); body != "arrived" || calls.Load() != 2 {
		t.Fatalf("got %q after %d calls", body, calls.Load())
	}

	var loop *httptest.Server
	loop, _ = redirecting(t, 302, func() string { return loop.URL + "/again" })
	if _, err := mustNew(t, fastOptions()).Get(loop.URL); err == nil || !strings.Contains(err.Error(), "only one redirect") {
		t.Fatalf("a second redirect: %v", err)
	}
}

func TestTokenRequestsAreNeverRedirected(t *testing.T) {
	srv, calls := redirecting(t, 307, func() string { return "/moved" })
	req, _ := http.NewRequestWithContext(NoRedirects(context.Background()), http.MethodPost, srv.URL, strings.NewReader("client_secret=s3cr3t"))
	_, err := mustNew(t, fastOptions()).Do(req)
	if err == nil || !strings.Contains(err.Error(), "never redirected") || calls.Load() != 1 {
		t.Fatalf("got %v after %d calls, want a refusal at once", err, calls.Load())
	}
}

func TestDowngradeToPlainHTTPIsRefused(t *testing.T) {
	plain, reached := scripted(t, nil, 200)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(plain.URL, "127.0.0.1", "localhost", 1), http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = checkRedirect
	if _, err := client.Get(srv.URL); err == nil || reached.Load() != 0 {
		t.Fatalf("https → http: %v, %d requests reached plain http", err, reached.Load())
	}
}
