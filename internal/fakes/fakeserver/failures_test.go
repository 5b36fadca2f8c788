package fakeserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

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
