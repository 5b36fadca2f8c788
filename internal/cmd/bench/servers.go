package main

import (
	"net/http"
	"time"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// The admin credentials of the test Jira and External Data; the Entra tenant makes up its own.
const (
	jiraToken         = "bench-admin-token"
	externalDataToken = "bench-api-token"
)

// The backends in the order the table lists their requests.
var backends = []string{"entra", "graph", "jira", "externaldata"}

// servers are the fakes the benchmark runs against, each behind the injected latency and a
// request counter.
type servers struct {
	entra           *fakeentra.Tenant
	graphURL        string
	jiraURL         string
	externalDataURL string
	counters        map[string]*fakeserver.Counter // by backend
	stops           []func()
}

// startServers starts them on 127.0.0.1 as internal/cmd/demo does (the app may read SharePoint
// sites, the fakes accept http endpoints on any port), each answering after latency.
func startServers(latency time.Duration) (*servers, error) {
	entra, err := fakeentra.NewTenant()
	if err != nil {
		return nil, err
	}
	entra.GrantRoles(fakeentra.GraphResource, "Sites.Read.All")
	graph := fakegraph.New(entra.Fake)
	graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	jira := fakejira.New(jiraToken)
	jira.SetAllowHTTPEndpoints(true)
	externalData := fakeexternaldata.New(externalDataToken)
	externalData.AllowAnyPort()

	s := &servers{entra: entra, counters: map[string]*fakeserver.Counter{}}
	serve := func(backend string, h http.Handler) string {
		counter := &fakeserver.Counter{}
		s.counters[backend] = counter
		url, stop := fakeserver.Serve(fakeserver.Counting(fakeserver.WithLatency(h, latency), counter))
		s.stops = append(s.stops, stop)
		return url
	}
	entra.URL = serve("entra", entra.Fake)
	s.graphURL = serve("graph", graph)
	s.jiraURL = serve("jira", jira)
	s.externalDataURL = serve("externaldata", externalData)
	return s, nil
}

func (s *servers) close() {
	for _, stop := range s.stops {
		stop()
	}
}

// counts returns the requests so far by backend and method, and the token requests.
func (s *servers) counts() (requests map[string]map[string]int, tokens int) {
	requests = map[string]map[string]int{}
	for backend, c := range s.counters {
		requests[backend] = c.Counts()
	}
	return requests, s.entra.TokenRequests()
}

// env configures the provider for the fakes, as NAME=value.
func (s *servers) env() []string {
	return []string{
		"OAUTHLINK_JIRA_URL=" + s.jiraURL,
		"OAUTHLINK_JIRA_TOKEN=" + jiraToken,
		"OAUTHLINK_EXTERNAL_DATA_URL=" + s.externalDataURL,
		"OAUTHLINK_EXTERNAL_DATA_TOKEN=" + externalDataToken,
	}
}
