package fakes

import (
	"fmt"
	"net/http/httptest"
	"testing"
)

// JiraServer is a started Jira fake with one system administrator's personal access token.
type JiraServer struct {
	*Jira
	URL        string // Jira's base URL, http://127.0.0.1:port
	AdminToken string
}

// StartJira starts a JiraServer on loopback; it stops when the test ends.
func StartJira(t testing.TB) *JiraServer {
	t.Helper()
	const token = "admin-personal-access-token"
	j := &JiraServer{Jira: NewJira(token), AdminToken: token}
	server := httptest.NewServer(j.Jira)
	t.Cleanup(server.Close)
	j.URL = server.URL
	return j
}

// ProviderBlock is a provider configuration for this Jira.
func (j *JiraServer) ProviderBlock() string {
	return fmt.Sprintf(`
provider "oauthlink" {
  jira = {
    base_url = %q
    token    = %q
  }
}
`, j.URL, j.AdminToken)
}

// ExpectOutgoingSecret checks the secret Jira stores for an outgoing link.
func (j *JiraServer) ExpectOutgoingSecret(id, want string) error {
	link, ok := j.OutgoingLink(id)
	switch {
	case !ok:
		return fmt.Errorf("Jira has no outgoing link %s", id)
	case link.ClientSecret == nil || *link.ClientSecret != want:
		return fmt.Errorf("Jira stores another secret for outgoing link %s", id)
	}
	return nil
}

// SetOutgoingSecret changes an outgoing link's secret as an administrator could in Jira's UI.
func (j *JiraServer) SetOutgoingSecret(id, secret string) {
	j.EditOutgoingLink(id, func(l *JiraOutgoingLink) { l.ClientSecret = &secret })
}
