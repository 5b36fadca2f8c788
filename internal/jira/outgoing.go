package jira

import (
	"context"
	"net/http"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

const outgoingPath = "/rest/oauth2-client/latest/config"

// Provider types of outgoing links. Jira matches them case-insensitively on input and answers the
// upper-case enum name.
const (
	ProviderMicrosoft = "microsoft"
	ProviderGoogle    = "google"
	ProviderGeneric   = "generic"
)

// ProviderTypes lists the provider types in the form configurations use.
var ProviderTypes = []string{ProviderMicrosoft, ProviderGoogle, ProviderGeneric}

// OutgoingLink is an outgoing OAuth 2.0 integration: Jira as the OAuth client of Microsoft,
// Google or another provider (e.g. for a mail handler reading Exchange Online).
type OutgoingLink struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Type is lower-case here: Type from Jira is normalised on decode.
	Type     string `json:"type"`
	ClientID string `json:"clientId"`
	// ClientSecret is never returned by Jira. On update, nil keeps the stored secret.
	ClientSecret          *string  `json:"clientSecret"`
	AuthorizationEndpoint string   `json:"authorizationEndpoint"`
	TokenEndpoint         string   `json:"tokenEndpoint"`
	Scopes                []string `json:"scopes"`
	RedirectURISuffix     string   `json:"redirectUriSuffix"`
}

// JSON field names of OutgoingLink, as Jira names them in fieldErrors.
const (
	FieldName                  = "name"
	FieldDescription           = "description"
	FieldType                  = "type"
	FieldClientID              = "clientId"
	FieldClientSecret          = "clientSecret"
	FieldAuthorizationEndpoint = "authorizationEndpoint"
	FieldTokenEndpoint         = "tokenEndpoint"
	FieldScopes                = "scopes"
	FieldRedirectURISuffix     = "redirectUriSuffix"
)

func (l *OutgoingLink) normalise() {
	l.Type = strings.ToLower(l.Type)
}

// ListOutgoingLinks returns every outgoing link.
func (c *Client) ListOutgoingLinks(ctx context.Context) ([]OutgoingLink, error) {
	var links []OutgoingLink
	if err := c.do(ctx, http.MethodGet, outgoingPath, nil, &links); err != nil {
		return nil, err
	}
	for i := range links {
		links[i].normalise()
	}
	return links, nil
}

// GetOutgoingLink returns the outgoing link with the given id; IsNotFound tells a missing one.
func (c *Client) GetOutgoingLink(ctx context.Context, id string) (*OutgoingLink, error) {
	var link OutgoingLink
	if err := c.do(ctx, http.MethodGet, outgoingPath+"/"+escape(id), nil, &link); err != nil {
		return nil, err
	}
	link.normalise()
	return &link, nil
}

// GetOutgoingLinkByName returns the outgoing link with the given name; IsNotFound tells a missing
// one (Jira answers 404 with an empty body).
func (c *Client) GetOutgoingLinkByName(ctx context.Context, name string) (*OutgoingLink, error) {
	var link OutgoingLink
	if err := c.do(ctx, http.MethodGet, outgoingPath+"/name/"+escape(name), nil, &link); err != nil {
		return nil, err
	}
	link.normalise()
	return &link, nil
}

// CreateOutgoingLink creates an outgoing link and returns it as Jira saved it. When the request
// may have reached Jira before it failed, the link is looked up by name (names are unique) before
// the create is sent again, so that nothing is created twice.
func (c *Client) CreateOutgoingLink(ctx context.Context, link OutgoingLink) (*OutgoingLink, error) {
	link.ID = ""
	return httpx.CreateOnce(ctx,
		func() (*OutgoingLink, error) {
			var created OutgoingLink
			if err := c.do(ctx, http.MethodPost, outgoingPath, link, &created); err != nil {
				return nil, err
			}
			created.normalise()
			return &created, nil
		},
		func() (*OutgoingLink, error) {
			found, err := c.GetOutgoingLinkByName(ctx, link.Name)
			if err != nil {
				return nil, ignoreNotFound(err)
			}
			// Make the link found match what was asked for, secret included.
			link.ID = found.ID
			if err := c.UpdateOutgoingLink(ctx, link); err != nil {
				return nil, err
			}
			return c.GetOutgoingLink(ctx, link.ID)
		},
	)
}

// UpdateOutgoingLink replaces an outgoing link; a nil ClientSecret keeps the stored secret.
func (c *Client) UpdateOutgoingLink(ctx context.Context, link OutgoingLink) error {
	return c.do(ctx, http.MethodPut, outgoingPath+"/"+escape(link.ID), link, nil)
}

// DeleteOutgoingLink deletes an outgoing link and the tokens Jira stored for it.
func (c *Client) DeleteOutgoingLink(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, outgoingPath+"/"+escape(id), nil, nil)
}
