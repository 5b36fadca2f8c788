package externaldata

import (
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Server is a started External Data fake with one administrator's API token; its URL is the
// deployment's base URL (the API is under /api/v1).
type Server struct {
	*Fake
	fakeserver.Deployment
	APIToken string
}

// Start starts a Server on loopback; it stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	const token = "external-data-admin-api-token"
	s := &Server{Fake: New(token), APIToken: token}
	s.Deployment = fakeserver.StartDeployment(t, s.Fake, "external_data", "api_token", token)
	return s
}
