package main

import (
	"net/http"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/sandbox"
)

// The backends in the order the table lists their requests.
var backends = []string{sandbox.Entra, sandbox.Graph, sandbox.Jira, sandbox.ExternalData}

// servers are the fakes the benchmark runs against (those of the demo), each behind the injected
// latency and a request counter.
type servers struct {
	*sandbox.Servers
	counters map[string]*fakeserver.Counter // by backend
}

// startServers starts them on 127.0.0.1, each answering after latency.
func startServers(latency time.Duration) (*servers, error) {
	s := &servers{counters: map[string]*fakeserver.Counter{}}
	var err error
	s.Servers, err = sandbox.Start(func(backend string, h http.Handler) http.Handler {
		counter := &fakeserver.Counter{}
		s.counters[backend] = counter
		return fakeserver.Counting(fakeserver.WithLatency(h, latency), counter)
	})
	return s, err
}

// counts returns the requests so far by backend and method, and the token requests.
func (s *servers) counts() (requests map[string]map[string]int, tokens int) {
	requests = map[string]map[string]int{}
	for backend, c := range s.counters {
		requests[backend] = c.Counts()
	}
	return requests, s.Entra.TokenRequests()
}
