package jira

import (
	"fmt"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Server is a started Jira fake with one system administrator's personal access token; its URL
// is Jira's base URL.
type Server struct {
	*Fake
	fakeserver.Deployment
	AdminToken string
}

// Start starts a Server on loopback; it stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	const token = "admin-personal-access-token"
	j := &Server{Fake: New(token), AdminToken: token}
	j.Deployment = fakeserver.StartDeployment(t, j.Fake, "jira", "token", token)
	return j
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
