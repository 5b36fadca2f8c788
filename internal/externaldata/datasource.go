package externaldata

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

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

// pageSize is the largest page the API serves.
const pageSize = 100

// List returns every data source, following the pages.
func (c *Client) List(ctx context.Context) ([]DataSource, error) {
	var all []DataSource
	cursor := ""
	for {
		query := url.Values{"limit": {strconv.Itoa(pageSize)}}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		var page struct {
			Items      []DataSource `json:"items"`
			NextCursor string       `json:"next_cursor"`
		}
		if _, err := c.do(ctx, request{method: http.MethodGet, path: dataSourcesPath + "?" + query.Encode()}, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" || page.NextCursor == cursor {
			return all, nil
		}
		cursor = page.NextCursor
	}
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
	resp, err := c.do(ctx, request{method: http.MethodGet, path: itemPath(id)}, &ds)
	if err != nil {
		return nil, err
	}
	ds.ETag = resp.etag
	return &ds, nil
}

// Create creates a data source and returns it as stored. When the request may have reached the
// API before it failed, the data source is looked up by app and name first and, when found,
// updated to match instead of being created a second time.
func (c *Client) Create(ctx context.Context, ds DataSource) (*DataSource, error) {
	return httpx.CreateOnce(ctx,
		func() (*DataSource, error) {
			var created DataSource
			resp, err := c.do(ctx, request{method: http.MethodPost, path: dataSourcesPath, in: ds.writable()}, &created)
			if err != nil {
				return nil, err
			}
			created.ETag = resp.etag
			return &created, nil
		},
		func() (*DataSource, error) {
			found, err := c.FindByName(ctx, ds.App, ds.Name)
			if err != nil || found == nil {
				return nil, err
			}
			current, err := c.Get(ctx, found.ID)
			if err != nil {
				return nil, err
			}
			ds.ID, ds.ETag = current.ID, current.ETag
			return c.Update(ctx, ds)
		},
	)
}

// Update replaces the data source ds.ID if it is still at ds.ETag, and returns it as stored with
// its new ETag. IsStale tells that it changed in between: nothing was overwritten.
func (c *Client) Update(ctx context.Context, ds DataSource) (*DataSource, error) {
	var updated DataSource
	resp, err := c.do(ctx, request{method: http.MethodPut, path: itemPath(ds.ID), in: ds.writable(), ifMatch: ds.ETag}, &updated)
	if err != nil {
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
