package jira

import (
	"fmt"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Server is a started Jira fake with one system administrator's personal access token.
type Server struct {
	*Fake
	URL        string // Jira's base URL, http://127.0.0.1:port
	AdminToken string
}

// Start starts a Server on loopback; it stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	const token = "admin-personal-access-token"
	j := &Server{Fake: New(token), AdminToken: token}
	j.URL = fakeserver.Start(t, j.Fake)
	return j
}

// ProviderBlock is a provider configuration for this Jira.
func (j *Server) ProviderBlock() string { return j.ProviderBlockAt(j.URL) }

// ProviderBlockAt is a provider configuration for this Jira reached at baseURL, e.g. through a
// proxy in front of it.
func (j *Server) ProviderBlockAt(baseURL string) string {
	return fakeserver.ProviderBlock("jira", baseURL, "token", j.AdminToken)
}

// ExpectOutgoingSecret checks the secret Jira stores for an outgoing link.
func (j *Server) ExpectOutgoingSecret(id, want string) error {
	link, ok := j.OutgoingLink(id)
	switch {
	case !ok:
		return fmt.Errorf("the Jira fake has no outgoing link %s", id)
	case link.ClientSecret == nil || *link.ClientSecret != want:
		return fmt.Errorf("the Jira fake stores another secret for outgoing link %s", id)
	}
	return nil
}

// SetOutgoingSecret changes an outgoing link's secret as an administrator could in Jira's UI.
func (j *Server) SetOutgoingSecret(id, secret string) {
	j.EditOutgoingLink(id, func(l *OutgoingLink) { l.ClientSecret = &secret })
}
