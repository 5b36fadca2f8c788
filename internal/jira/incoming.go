package jira

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

const (
	incomingPath = "/rest/oauth2/latest/client"
	// oauthPath is where the OAuth endpoints that incoming clients use live.
	oauthPath = "/rest/oauth2/latest"
)

// IncomingScopes are the scopes of incoming links; each includes the ones before it.
var IncomingScopes = []string{"READ", "WRITE", "ADMIN", "SYSTEM_ADMIN"}

// IncomingLink is an incoming OAuth 2.0 integration: Jira as the OAuth provider of an external
// tool (a connector, a script) that calls Jira's REST API.
type IncomingLink struct {
	ID           string   `json:"id,omitempty"`
	ClientID     string   `json:"clientId,omitempty"`
	ClientSecret string   `json:"clientSecret,omitempty"`
	Name         string   `json:"name"`
	Redirects    []string `json:"redirects"`
	UserKey      string   `json:"userKey,omitempty"`
	Scope        string   `json:"scope"`
}

// Incoming links need no normalising: Jira answers them as the client hands them on.
func (*IncomingLink) normalise() {}

func (l *IncomingLink) linkID() string { return l.ID }

func (*IncomingLink) noun() string { return "incoming link" }

// JSON field names of IncomingLink that Jira names in fieldErrors.
const (
	FieldRedirects = "redirects"
	FieldScope     = "scope"
)

// AuthorizationEndpoint is where the Jira at baseURL asks users to authorise incoming clients.
func AuthorizationEndpoint(baseURL string) string {
	return trimBase(baseURL) + oauthPath + "/authorize"
}

// TokenEndpoint is where incoming clients of the Jira at baseURL get tokens.
func TokenEndpoint(baseURL string) string { return trimBase(baseURL) + oauthPath + "/token" }

// ListIncomingLinks returns every incoming link.
func (c *Client) ListIncomingLinks(ctx context.Context) ([]IncomingLink, error) {
	return listLinks[IncomingLink](ctx, c, incomingPath)
}

// CreateIncomingLink creates an incoming link; Jira generates its client id and secret. As with
// outgoing links, a create that may have reached Jira is looked up by name before it is repeated,
// and a link found is adopted only when it is the one sent.
func (c *Client) CreateIncomingLink(ctx context.Context, link IncomingLink) (*IncomingLink, error) {
	in := IncomingLink{Name: link.Name, Redirects: link.Redirects, Scope: link.Scope}
	return httpx.CreateOnce(ctx, httpx.Creation[IncomingLink]{
		Send: func(ctx context.Context) (*IncomingLink, error) {
			return fetchLink[IncomingLink](ctx, c, http.MethodPost, incomingPath, in, "")
		},
		Lookup: func(ctx context.Context) (*IncomingLink, error) {
			found, err := c.incomingLinkByName(ctx, link.Name)
			if err != nil || found == nil {
				return nil, err
			}
			// The list may leave the secret out; the link itself has it.
			return c.GetIncomingLink(ctx, found.ID)
		},
		Differences: func(found *IncomingLink) []string {
			var differ []string
			if found.Name != in.Name {
				differ = append(differ, FieldName)
			}
			if !slices.Equal(normalisedSet(found.Redirects), normalisedSet(in.Redirects)) {
				differ = append(differ, FieldRedirects)
			}
			if found.Scope != in.Scope {
				differ = append(differ, FieldScope)
			}
			return differ
		},
		ID:        func(l *IncomingLink) string { return l.ID },
		NameTaken: isNameTaken,
	})
}

// GetIncomingLink returns the incoming link with the given id, with its client secret.
func (c *Client) GetIncomingLink(ctx context.Context, id string) (*IncomingLink, error) {
	return fetchLink[IncomingLink](ctx, c, http.MethodGet, incomingPath+"/"+escape(id), nil, id)
}

// incomingLinkByName finds an incoming link by its unique name, or nil; Jira has no endpoint for it.
func (c *Client) incomingLinkByName(ctx context.Context, name string) (*IncomingLink, error) {
	links, err := c.ListIncomingLinks(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.Name == name {
			return &l, nil
		}
	}
	return nil, nil
}

// UpdateIncomingLink sets an incoming link's name, redirects and scope. Jira's update is partial:
// a blank value keeps the old one, and the client id and secret change only by ResetIncomingSecret.
func (c *Client) UpdateIncomingLink(ctx context.Context, link IncomingLink) error {
	in := IncomingLink{Name: link.Name, Redirects: link.Redirects, Scope: link.Scope}
	return c.do(ctx, http.MethodPut, incomingPath+"/"+escape(link.ID), in, nil)
}

// ResetIncomingSecret gives an incoming link a new client secret. Jira's path takes the OAuth
// client id, not the link's id.
func (c *Client) ResetIncomingSecret(ctx context.Context, clientID string) (*IncomingLink, error) {
	path := incomingPath + "/reset/" + escape(clientID)
	link, err := fetchLink[IncomingLink](ctx, c, http.MethodPut, path, nil, "")
	if err != nil {
		return nil, err
	}
	want := fmt.Sprintf("the link with client id %q and its new secret", clientID)
	switch {
	case link.ClientID != clientID:
		return nil, &httpx.UnusableAnswerError{Service: service, Method: http.MethodPut, Path: path,
			Answer: fmt.Sprintf("the link with client id %q", link.ClientID), Want: want}
	case link.ClientSecret == "":
		return nil, &httpx.UnusableAnswerError{Service: service, Method: http.MethodPut, Path: path,
			Answer: "the link without a secret", Want: want}
	}
	return link, nil
}

// DeleteIncomingLink deletes an incoming link; Jira revokes its tokens.
func (c *Client) DeleteIncomingLink(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, incomingPath+"/"+escape(id), nil, nil)
}
