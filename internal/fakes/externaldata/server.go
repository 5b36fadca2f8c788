package externaldata

import (
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Server is a started External Data fake with one administrator's API token.
type Server struct {
	*Fake
	URL      string // the deployment's base URL, http://127.0.0.1:port (the API is under /api/v1)
	APIToken string
}

// Start starts a Server on loopback; it stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	const token = "external-data-admin-api-token"
	s := &Server{Fake: New(token), APIToken: token}
	s.URL = fakeserver.Start(t, s.Fake)
	return s
}

// ProviderBlock is a provider configuration for this deployment.
func (s *Server) ProviderBlock() string { return s.ProviderBlockAt(s.URL) }

// ProviderBlockAt is a provider configuration for this deployment reached at baseURL, e.g. through
// a proxy in front of it.
func (s *Server) ProviderBlockAt(baseURL string) string {
	return fakeserver.ProviderBlock("external_data", baseURL, "api_token", s.APIToken)
}
