package fakes

import (
	"fmt"
	"net/http/httptest"
	"testing"
)

// ExternalDataServer is a started External Data fake with one administrator's API token.
type ExternalDataServer struct {
	*ExternalData
	URL      string // the deployment's base URL, http://127.0.0.1:port (the API is under /api/v1)
	APIToken string
}

// StartExternalData starts an ExternalDataServer on loopback; it stops when the test ends.
func StartExternalData(t testing.TB) *ExternalDataServer {
	t.Helper()
	const token = "external-data-admin-api-token"
	s := &ExternalDataServer{ExternalData: NewExternalData(token), APIToken: token}
	server := httptest.NewServer(s.ExternalData)
	t.Cleanup(server.Close)
	s.URL = server.URL
	return s
}

// ProviderBlock is a provider configuration for this deployment.
func (s *ExternalDataServer) ProviderBlock() string {
	return fmt.Sprintf(`
provider "oauthlink" {
  external_data = {
    base_url  = %q
    api_token = %q
  }
}
`, s.URL, s.APIToken)
}
