package fakeserver

import (
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Failure is a failure a test injects into a fake: the status a matching request gets instead of
// the fake's own answer.
type Failure struct {
	Method     string // "" matches every method
	PathPrefix string // "" matches every path
	Status     int
	// AfterHandling has the fake handle the request first and then answer Status: the answer is
	// lost, the change is not.
	AfterHandling bool
}

func (f Failure) matches(r *http.Request) bool {
	return (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix)
}

// Failures is the queue of the failures injected into a fake, in the order they were queued. The
// zero value is empty and ready; it is safe for concurrent use.
type Failures struct {
	mu      sync.Mutex
	pending []Failure
}

// Add queues n copies of f behind the failures still pending.
func (q *Failures) Add(n int, f Failure) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = append(q.pending, slices.Repeat([]Failure{f}, max(n, 0))...)
}

// Replace drops every failure still pending and queues n copies of f; Replace(0, Failure{}) ends
// them all.
func (q *Failures) Replace(n int, f Failure) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = slices.Repeat([]Failure{f}, max(n, 0))
}

// Take removes and returns the first pending failure that matches r.
func (q *Failures) Take(r *http.Request) (Failure, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.pending {
		if f.matches(r) {
			q.pending = slices.Delete(q.pending, i, i+1)
			return f, true
		}
	}
	return Failure{}, false
}
