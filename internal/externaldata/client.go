// Package externaldata speaks the External Data management API: the data sources that feed
// External Data for Jira fields and External Data for Confluence panels. The vendor publishes no
// management API; this package implements the contract the provider defines for it (see the
// provider's docs), so that adapting to a vendor API touches this package only. Requests go
// through httpx.CallJSON; the plan-time rules of its values (CheckURL, CheckPort) build on
// internal/checks, so that this wire client does not depend on the plugin framework.
package externaldata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// apiPath is added to the base URL the provider is configured with.
const apiPath = "/api/v1"

// TokenFunc returns the bearer token for the next request: a fixed API token, or an OAuth 2.0
// access token from a cache that fetches one per run.
type TokenFunc func(ctx context.Context) (string, error)

// StaticToken is a TokenFunc for an API token.
func StaticToken(token string) TokenFunc {
	return func(context.Context) (string, error) { return token, nil }
}

// Client calls one External Data deployment's management API.
type Client struct {
	http    *http.Client
	baseURL string
	token   TokenFunc
}

// NewClient returns a client for the API under baseURL (without /api/v1), sending requests with
// httpClient and authenticating them with token.
func NewClient(httpClient *http.Client, baseURL string, token TokenFunc) *Client {
	return &Client{http: httpClient, baseURL: strings.TrimRight(baseURL, "/") + apiPath, token: token}
}

// APIError is an answer other than success, decoded from the contract's error body
// {"error":{"code","message","fields"}}. Fields are keyed by the request's JSON path, such as
// "auth.oauth2.token_url".
type APIError struct {
	Method, Path string
	StatusCode   int
	Code         string
	Message      string
	Fields       map[string][]string
}

// HTTPStatus is the status the API answered.
func (e *APIError) HTTPStatus() int { return e.StatusCode }

func (e *APIError) Error() string {
	msg := fmt.Sprintf("External Data answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	var parts []string
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	parts = append(parts, httpx.FieldErrors(e.Fields)...)
	if len(parts) > 0 {
		msg += ": " + strings.TrimSuffix(strings.Join(parts, "; "), ".")
	}
	if advice := e.advice(); advice != "" {
		msg += ". " + advice
	}
	return msg
}

// advice says what to do about the statuses whose cause is known.
func (e *APIError) advice() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "Check the provider's external_data.api_token (or OAUTHLINK_EXTERNAL_DATA_TOKEN) or external_data.oauth2 credentials."
	case http.StatusForbidden:
		return "The credentials are valid but lack admin rights: the management API needs an administrator's token."
	case http.StatusPreconditionFailed:
		return "The data source changed outside Terraform since the last refresh (someone saved it in the app's UI), " +
			"so nothing was overwritten: run plan again to see the change, then apply."
	case http.StatusPreconditionRequired:
		return "The update carried no If-Match version. This is a bug in the provider: please report it."
	}
	return ""
}

// IsNotFound reports whether err says the data source does not exist.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err says the name is already taken in the app.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsStale reports whether err says the data source changed since its ETag was read.
func IsStale(err error) bool { return hasStatus(err, http.StatusPreconditionFailed) }

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// request is one call to the API.
type request struct {
	method, path string
	in           any    // JSON body, when not nil
	ifMatch      string // the ETag an update is based on
}

// response is what a successful call answered.
type response struct {
	etag string
}

// do sends a request and decodes a JSON answer into out (when out is not nil and the answer has a
// body).
func (c *Client) do(ctx context.Context, r request, out any) (response, error) {
	token, err := c.token(ctx)
	if err != nil {
		return response{}, fmt.Errorf("getting a token for the External Data API: %w", err)
	}
	header := http.Header{"Authorization": {"Bearer " + token}}
	if r.ifMatch != "" {
		header.Set("If-Match", r.ifMatch)
	}
	answer, err := httpx.CallJSON(ctx, c.http, httpx.JSONCall{
		Service: service, Method: r.method, URL: c.baseURL + r.path, Path: r.path, In: r.in, Header: header,
		ErrorOf: func(answer *httpx.Answer) error { return decodeError(r, answer) },
	}, out)
	if err != nil {
		return response{}, err
	}
	return response{etag: answer.Header.Get("ETag")}, nil
}

// service names the API in errors about its answers.
const service = "External Data"

func decodeError(r request, answer *httpx.Answer) error {
	apiErr := &APIError{Method: r.method, Path: r.path, StatusCode: answer.StatusCode}
	var body struct {
		Error *struct {
			Code    string              `json:"code"`
			Message string              `json:"message"`
			Fields  map[string][]string `json:"fields"`
		} `json:"error"`
	}
	if data := answer.Body; json.Unmarshal(data, &body) == nil && body.Error != nil {
		apiErr.Code = body.Error.Code
		apiErr.Message = body.Error.Message
		apiErr.Fields = body.Error.Fields
	} else if len(bytes.TrimSpace(data)) > 0 {
		apiErr.Message = httpx.Excerpt(answer.Header.Get("Content-Type"), data)
	}
	return apiErr
}
