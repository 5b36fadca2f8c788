// Package sandbox starts every fake on 127.0.0.1, set up as the demo, `make sandbox` and the
// benchmark (internal/cmd/demo, internal/cmd/bench) apply configurations against them: an Entra
// tenant whose app may read SharePoint sites, Microsoft Graph with one site and one user, and Jira
// and External Data that accept the other fakes' http endpoints on any port.
package sandbox

import (
	"net/http"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// The admin credentials of the test Jira and External Data; the Entra tenant makes up its own.
const (
	JiraToken         = "sandbox-admin-token"
	ExternalDataToken = "sandbox-api-token"
)

// The backends' names, as Start hands them to its wrap function.
const (
	Entra        = "entra"
	Graph        = "graph"
	Jira         = "jira"
	ExternalData = "externaldata"
)

// Servers are the running fakes and their URLs.
type Servers struct {
	Entra           *fakeentra.Tenant // Entra ID's login host, with one tenant and its app registration
	GraphURL        string
	Jira            *fakejira.Fake
	JiraURL         string
	ExternalData    *fakeexternaldata.Fake
	ExternalDataURL string
	stops           []func()
}

// Start starts the fakes. wrap, when not nil, wraps each one's handler (e.g. with latency and a
// request counter), given the backend's name; Close stops them.
func Start(wrap func(backend string, h http.Handler) http.Handler) (*Servers, error) {
	entra, err := fakeentra.NewTenant()
	if err != nil {
		return nil, err
	}
	// The app may read SharePoint sites too, so that the SharePoint guide works in the sandbox.
	entra.GrantRoles(fakeentra.GraphResource, "Sites.Read.All")
	graph := fakegraph.New(entra.Fake)
	graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	graph.AddUser("Ada Lovelace", "ada@contoso.com")

	s := &Servers{Entra: entra, Jira: fakejira.New(JiraToken), ExternalData: fakeexternaldata.New(ExternalDataToken)}
	// The test tenant listens on http and on a random port, which the real products refuse.
	s.Jira.AllowHTTPEndpoints = true
	s.ExternalData.AllowAnyPort()

	if wrap == nil {
		wrap = func(_ string, h http.Handler) http.Handler { return h }
	}
	serve := func(backend string, h http.Handler) string {
		url, stop := fakeserver.Serve(wrap(backend, h))
		s.stops = append(s.stops, stop)
		return url
	}
	entra.URL = serve(Entra, entra.Fake)
	s.GraphURL = serve(Graph, graph)
	s.JiraURL = serve(Jira, s.Jira)
	s.ExternalDataURL = serve(ExternalData, s.ExternalData)
	return s, nil
}

// Close stops the servers.
func (s *Servers) Close() {
	for _, stop := range s.stops {
		stop()
	}
}

// ProviderEnv configures the provider for the fakes through its environment variables, as
// NAME=value.
func (s *Servers) ProviderEnv() []string {
	return []string{
		"OAUTHLINK_JIRA_URL=" + s.JiraURL,
		"OAUTHLINK_JIRA_TOKEN=" + JiraToken,
		"OAUTHLINK_EXTERNAL_DATA_URL=" + s.ExternalDataURL,
		"OAUTHLINK_EXTERNAL_DATA_TOKEN=" + ExternalDataToken,
	}
}
