package externaldata

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

const dataSourcesPath = "/data-sources"

// Apps a data source belongs to; fixed at creation.
const (
	AppJira       = "jira"
	AppConfluence = "confluence"
)

// Apps lists the apps.
var Apps = []string{AppJira, AppConfluence}

// Data source types.
const (
	TypeURL      = "url"
	TypeDatabase = "database"
)

// Auth types.
const (
	AuthNone         = "none"
	AuthBasic        = "basic"
	AuthBearer       = "bearer"
	AuthCustomHeader = "custom_header"
	AuthOAuth2       = "oauth2"
)

// OAuth 2.0 grant types.
const (
	GrantClientCredentials = "client_credentials"
	GrantAuthorizationCode = "authorization_code"
)

// GrantTypes lists the grant types.
var GrantTypes = []string{GrantClientCredentials, GrantAuthorizationCode}

// Methods, ResponseTypes and Drivers list the values the product's form offers.
var (
	Methods       = []string{http.MethodGet, http.MethodPost}
	ResponseTypes = []string{"json", "xml"}
	Drivers       = []string{"mysql", "postgresql", "mssql", "oracle", "db2", "snowflake"}
	// SSLModes are MySQL's ssl-mode values, offered for the mysql driver only.
	SSLModes = []string{"disabled", "preferred", "required", "verify_ca", "verify_identity"}
	// AllowedPorts are the only ports the product connects to on a URL.
	AllowedPorts = []int{80, 443, 8080, 8008, 8000, 8077, 8443, 8444, 9080, 5867, 37469, 37470, 3128}
)

// Canonical returns value in the spelling of the entry of allowed (Methods, ResponseTypes,
// Drivers, SSLModes, GrantTypes) that it matches in any case, or value itself when it matches
// none. Users write these values as the product's form shows them ("POST", "JSON", "MySQL"),
// while the API takes exactly its own spelling.
func Canonical(value string, allowed []string) string {
	for _, a := range allowed {
		if strings.EqualFold(value, a) {
			return a
		}
	}
	return value
}

// DataSource is a data source as the API stores it. Write-only fields are never returned: in an
// answer they are always Keep.
type DataSource struct {
	ID       string    `json:"id,omitempty"`
	App      string    `json:"app"`
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	URL      *URL      `json:"url"`
	Database *Database `json:"database"`
	Auth     *Auth     `json:"auth"`

	// Version is bumped on every change, also by the app's UI. Read-only.
	Version int64 `json:"version,omitzero"`
	// ETag is the answer's ETag header, sent back as If-Match by Update.
	ETag string `json:"-"`
}

// URL is a REST data source.
type URL struct {
	URL          string            `json:"url"`
	Method       string            `json:"method"`
	ContentType  *string           `json:"content_type"`
	Body         *string           `json:"body"`
	ResponseType string            `json:"response_type"`
	Headers      map[string]string `json:"headers"`
}

// Database is a database data source.
type Database struct {
	Driver     string    `json:"driver"`
	Host       string    `json:"host"`
	Port       int64     `json:"port"`
	Database   *string   `json:"database"`
	Username   *string   `json:"username"`
	Password   WriteOnly `json:"password,omitzero"`
	Query      string    `json:"query"`
	SSLMode    *string   `json:"ssl_mode"`
	ServerCA   *string   `json:"server_ca"`
	ClientCert *string   `json:"client_cert"`
	ClientKey  WriteOnly `json:"client_key,omitzero"`
}

// Auth is how the data source authenticates to its URL; exactly the block of Type is set.
type Auth struct {
	Type         string        `json:"type"`
	Basic        *Basic        `json:"basic,omitempty"`
	Bearer       *Bearer       `json:"bearer,omitempty"`
	CustomHeader *CustomHeader `json:"custom_header,omitempty"`
	OAuth2       *OAuth2       `json:"oauth2,omitempty"`
}

// Basic is HTTP Basic authentication.
type Basic struct {
	Username string    `json:"username"`
	Password WriteOnly `json:"password,omitzero"`
}

// Bearer is a fixed bearer token.
type Bearer struct {
	Token WriteOnly `json:"token,omitzero"`
}

// CustomHeader is one header whose value is a secret.
type CustomHeader struct {
	Name  string    `json:"name"`
	Value WriteOnly `json:"value,omitzero"`
}

// OAuth2 is an OAuth 2.0 client of the data source's API.
type OAuth2 struct {
	GrantType    string    `json:"grant_type"`
	ClientID     string    `json:"client_id"`
	ClientSecret WriteOnly `json:"client_secret,omitzero"`
	AuthURL      *string   `json:"auth_url"`
	TokenURL     string    `json:"token_url"`
	RevokeURL    *string   `json:"revoke_url"`
	Scopes       []string  `json:"scopes"`

	// CallbackURL is the redirect URI to register at the OAuth provider, set per app. Read-only.
	CallbackURL string `json:"callback_url,omitzero"`
	// Authenticated says whether the service holds a working token: after an administrator's
	// consent (authorization code) or a successful Authenticate (client credentials). Read-only.
	Authenticated bool `json:"authenticated,omitzero"`
}

// OAuth2 is the OAuth 2.0 settings of a source that authenticates with OAuth 2.0, else nil.
func (ds *DataSource) OAuth2() *OAuth2 {
	if ds.Auth == nil || ds.Auth.Type != AuthOAuth2 {
		return nil
	}
	return ds.Auth.OAuth2
}

// writable returns ds without its read-only fields, as a request body.
func (ds DataSource) writable() DataSource {
	ds.ID, ds.Version, ds.ETag = "", 0, ""
	if ds.Auth != nil && ds.Auth.OAuth2 != nil {
		auth, oauth2 := *ds.Auth, *ds.Auth.OAuth2
		oauth2.CallbackURL, oauth2.Authenticated = "", false
		auth.OAuth2 = &oauth2
		ds.Auth = &auth
	}
	return ds
}

func itemPath(id string) string { return dataSourcesPath + "/" + url.PathEscape(id) }

// noun names data sources in errors about the API's answers.
const noun = "data source"

// Check returns an *httpx.UnusableAnswerError when ds, as the API answered it, cannot be taken for
// a data source: it has no id, or lacks the block its type or auth type requires. Answers are
// checked when they arrive; the provider checks again before it converts one, so that no answer
// can make it fail on a missing block.
func (ds *DataSource) Check() error { return answerError(request{}, ds.unusable()) }

// answerError is the error for an answer to r that is unusable as the answer says, if it is.
func answerError(r request, answer string) error {
	if answer == "" {
		return nil
	}
	return &httpx.UnusableAnswerError{Service: service, Method: r.method, Path: r.path, Answer: answer,
		Want: "a data source with its id and the blocks its types require"}
}

func (ds *DataSource) unusable() string {
	missing := func(field, value, block string) string {
		return fmt.Sprintf("a data source whose %s is %q but without its %s block", field, value, block)
	}
	switch {
	case ds == nil:
		return "no data source"
	case ds.ID == "":
		return "a data source without an id"
	case ds.Type == TypeURL && ds.URL == nil:
		return missing("type", ds.Type, "url")
	case ds.Type == TypeDatabase && ds.Database == nil:
		return missing("type", ds.Type, "database")
	case ds.Auth == nil:
		return ""
	}
	absent := map[string]bool{
		AuthBasic:        ds.Auth.Basic == nil,
		AuthBearer:       ds.Auth.Bearer == nil,
		AuthCustomHeader: ds.Auth.CustomHeader == nil,
		AuthOAuth2:       ds.Auth.OAuth2 == nil,
	}
	if absent[ds.Auth.Type] {
		return missing("auth.type", ds.Auth.Type, "auth."+ds.Auth.Type)
	}
	return ""
}

// checkAnswer checks an answer to r that must be the data source want (any one when want is
// empty).
func checkAnswer(r request, ds *DataSource, want string) error {
	if err := answerError(r, ds.unusable()); err != nil {
		return err
	}
	return httpx.CheckID(service, r.method, r.path, noun, ds.ID, want)
}

// pageSize is the largest page the API serves.
const pageSize = 100

// maxPages bounds a listing: a million data sources is far beyond any deployment, so a listing
// still going then is a server whose cursors never end.
const maxPages = 10000

// List returns every data source, following the pages. A cursor that comes back, or a listing
// longer than maxPages, is an error: a server whose cursors cycle would otherwise be followed
// forever.
func (c *Client) List(ctx context.Context) ([]DataSource, error) {
	var all []DataSource
	seen := map[string]bool{}
	cursor := ""
	for range maxPages {
		seen[cursor] = true
		query := url.Values{"limit": {strconv.Itoa(pageSize)}}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		var page struct {
			Items      []DataSource `json:"items"`
			NextCursor string       `json:"next_cursor"`
		}
		r := request{method: http.MethodGet, path: dataSourcesPath + "?" + query.Encode()}
		if _, err := c.do(ctx, r, &page); err != nil {
			return nil, err
		}
		if err := httpx.CheckIDs(service, r.method, r.path, noun, page.Items, func(ds DataSource) string { return ds.ID }); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		switch {
		case page.NextCursor == "":
			return all, nil
		case seen[page.NextCursor]:
			return nil, fmt.Errorf("GET %s: External Data answered a next_cursor it had already given (%q) after %d data sources: "+
				"its pages go round in a circle, so the listing was stopped. This is a fault of the service", r.path, page.NextCursor, len(all))
		}
		cursor = page.NextCursor
	}
	return nil, fmt.Errorf("GET %s: External Data was still answering pages after %d of them (%d data sources), so the listing was stopped. "+
		"This is a fault of the service, whose cursors do not end", dataSourcesPath, maxPages, len(all))
}

// FindByName returns the data source with the given name in app (names are unique per app), or
// nil when there is none. Its ETag is not set: the list does not carry one.
func (c *Client) FindByName(ctx context.Context, app, name string) (*DataSource, error) {
	all, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].App == app && all[i].Name == name {
			return &all[i], nil
		}
	}
	return nil, nil
}

// Get returns the data source with the given id and its ETag; IsNotFound tells a missing one.
func (c *Client) Get(ctx context.Context, id string) (*DataSource, error) {
	var ds DataSource
	r := request{method: http.MethodGet, path: itemPath(id)}
	resp, err := c.do(ctx, r, &ds)
	if err != nil {
		return nil, err
	}
	if err := checkAnswer(r, &ds, id); err != nil {
		return nil, err
	}
	ds.ETag = resp.etag
	return &ds, nil
}

// Create creates a data source and returns it as stored. When the request may have reached the
// API before it failed, the data source is looked up by app and name before the create is sent
// again, and one found is adopted only when it is the one sent (see httpx.CreateOnce).
func (c *Client) Create(ctx context.Context, ds DataSource) (*DataSource, error) {
	return httpx.CreateOnce(ctx, httpx.Creation[DataSource]{
		Send: func(ctx context.Context) (*DataSource, error) {
			var created DataSource
			r := request{method: http.MethodPost, path: dataSourcesPath, in: ds.writable()}
			resp, err := c.do(ctx, r, &created)
			if err != nil {
				return nil, err
			}
			if err := checkAnswer(r, &created, ""); err != nil {
				return nil, err
			}
			created.ETag = resp.etag
			return &created, nil
		},
		Lookup: func(ctx context.Context) (*DataSource, error) {
			found, err := c.FindByName(ctx, ds.App, ds.Name)
			if err != nil || found == nil {
				return nil, err
			}
			// The list carries no ETag, which the next update needs.
			return c.Get(ctx, found.ID)
		},
		Differences: func(found *DataSource) []string { return differences(ds, *found) },
		ID:          func(ds *DataSource) string { return ds.ID },
		NameTaken:   IsConflict,
	})
}

// Update replaces the data source ds.ID if it is still at ds.ETag, and returns it as stored with
// its new ETag. IsStale tells that it changed in between: nothing was overwritten.
//
// A 412 is also what a retry gets when the first PUT was applied but its answer was lost (the
// retry carries the old If-Match). So a 412 is checked: when the data source now holds what was
// sent, in every field the API returns, the update is taken as done.
func (c *Client) Update(ctx context.Context, ds DataSource) (*DataSource, error) {
	var updated DataSource
	r := request{method: http.MethodPut, path: itemPath(ds.ID), in: ds.writable(), ifMatch: ds.ETag}
	resp, err := c.do(ctx, r, &updated)
	if IsStale(err) {
		if current, getErr := c.Get(ctx, ds.ID); getErr == nil && len(differences(ds, *current)) == 0 {
			return current, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if err := checkAnswer(r, &updated, ds.ID); err != nil {
		return nil, err
	}
	updated.ETag = resp.etag
	return &updated, nil
}

// Delete deletes a data source; IsNotFound tells it was already gone.
func (c *Client) Delete(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: itemPath(id)}, nil)
	return err
}

// TestResult is the outcome of "Save and test".
type TestResult struct {
	OK      bool   `json:"ok"`
	Status  int    `json:"status"`
	Message string `json:"message"`
	Sample  any    `json:"sample"`
}

// Test runs the data source once with sample values for its {variables}, as "Save and test" does.
func (c *Client) Test(ctx context.Context, id string, variables map[string]string) (*TestResult, error) {
	if variables == nil {
		variables = map[string]string{}
	}
	var result TestResult
	in := map[string]any{"variables": variables}
	// A test changes nothing, so a transient failure may be retried.
	_, err := c.do(httpx.Idempotent(ctx), request{method: http.MethodPost, path: itemPath(id) + "/test", in: in}, &result)
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// AuthenticateResult is the outcome of "Authenticate" for a client-credentials source.
type AuthenticateResult struct {
	Authenticated bool   `json:"authenticated"`
	ExpiresAt     string `json:"expires_at"`
	Error         string `json:"error"`
}

// Authenticate makes the service fetch a token for a client-credentials source.
func (c *Client) Authenticate(ctx context.Context, id string) (*AuthenticateResult, error) {
	var result AuthenticateResult
	// Fetching a token again is harmless, so a transient failure may be retried.
	_, err := c.do(httpx.Idempotent(ctx), request{method: http.MethodPost, path: itemPath(id) + "/authenticate"}, &result)
	if err != nil {
		return nil, err
	}
	return &result, nil
}
