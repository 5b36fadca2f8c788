package jira

import (
	"context"
	"fmt"
	"net/http"
	"slices"
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

func (l *OutgoingLink) linkID() string { return l.ID }

func (*OutgoingLink) noun() string { return "outgoing link" }

// ListOutgoingLinks returns every outgoing link.
func (c *Client) ListOutgoingLinks(ctx context.Context) ([]OutgoingLink, error) {
	return listLinks[OutgoingLink](ctx, c, outgoingPath)
}

// GetOutgoingLink returns the outgoing link with the given id; IsNotFound tells a missing one.
func (c *Client) GetOutgoingLink(ctx context.Context, id string) (*OutgoingLink, error) {
	return fetchLink[OutgoingLink](ctx, c, http.MethodGet, outgoingPath+"/"+escape(id), nil, id)
}

// GetOutgoingLinkByName returns the outgoing link with the given name; IsNotFound tells a missing
// one (Jira answers 404 with an empty body).
func (c *Client) GetOutgoingLinkByName(ctx context.Context, name string) (*OutgoingLink, error) {
	path := outgoingPath + "/name/" + escape(name)
	link, err := fetchLink[OutgoingLink](ctx, c, http.MethodGet, path, nil, "")
	if err == nil && link.Name != name {
		return nil, &httpx.UnusableAnswerError{Service: service, Method: http.MethodGet, Path: path,
			Answer: fmt.Sprintf("the link named %q", link.Name), Want: fmt.Sprintf("the outgoing link named %q", name)}
	}
	return link, err
}

// CreateOutgoingLink creates an outgoing link and returns it as Jira saved it. When the request
// may have reached Jira before it failed, the link is looked up by name (names are unique) before
// the create is sent again, so that nothing is created twice; a link found is adopted only when
// it is the one sent (see httpx.CreateOnce).
func (c *Client) CreateOutgoingLink(ctx context.Context, link OutgoingLink) (*OutgoingLink, error) {
	link.ID = ""
	return httpx.CreateOnce(ctx, httpx.Creation[OutgoingLink]{
		Send: func(ctx context.Context) (*OutgoingLink, error) {
			return fetchLink[OutgoingLink](ctx, c, http.MethodPost, outgoingPath, link, "")
		},
		Lookup: func(ctx context.Context) (*OutgoingLink, error) {
			found, err := c.GetOutgoingLinkByName(ctx, link.Name)
			return found, ignoreNotFound(err)
		},
		Differences: func(found *OutgoingLink) []string { return outgoingDifferences(link, *found) },
		ID:          func(l *OutgoingLink) string { return l.ID },
		NameTaken:   isNameTaken,
	})
}

// outgoingDifferences names the fields Jira returns in which found differs from sent, comparing as
// Jira stores them: the type in any case, the scopes as a set without blanks.
func outgoingDifferences(sent, found OutgoingLink) []string {
	var differ []string
	for _, f := range []struct {
		name  string
		equal bool
	}{
		{FieldName, sent.Name == found.Name},
		{FieldDescription, sent.Description == found.Description},
		{FieldType, strings.EqualFold(sent.Type, found.Type)},
		{FieldClientID, sent.ClientID == found.ClientID},
		{FieldAuthorizationEndpoint, sent.AuthorizationEndpoint == found.AuthorizationEndpoint},
		{FieldTokenEndpoint, sent.TokenEndpoint == found.TokenEndpoint},
		{FieldScopes, slices.Equal(normalisedSet(sent.Scopes), normalisedSet(found.Scopes))},
	} {
		if !f.equal {
			differ = append(differ, f.name)
		}
	}
	return differ
}

// normalisedSet is values as Jira stores a set: without blanks, sorted, without duplicates.
func normalisedSet(values []string) []string {
	set := make([]string, 0, len(values))
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			set = append(set, v)
		}
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// UpdateOutgoingLink replaces an outgoing link; a nil ClientSecret keeps the stored secret.
func (c *Client) UpdateOutgoingLink(ctx context.Context, link OutgoingLink) error {
	return c.do(ctx, http.MethodPut, outgoingPath+"/"+escape(link.ID), link, nil)
}

// DeleteOutgoingLink deletes an outgoing link and the tokens Jira stored for it.
func (c *Client) DeleteOutgoingLink(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, outgoingPath+"/"+escape(id), nil, nil)
}
