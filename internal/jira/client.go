package jira

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// Credentials authenticate a Jira system administrator: a personal access token (Bearer), or a
// username and password (Basic).
type Credentials struct {
	Token              string
	Username, Password string
}

// Client calls one Jira Data Center's admin REST API.
type Client struct {
	http    *http.Client
	baseURL string
	creds   Credentials
}

// NewClient returns a client for the Jira at baseURL, sending requests with httpClient.
func NewClient(httpClient *http.Client, baseURL string, creds Credentials) *Client {
	return &Client{http: httpClient, baseURL: trimBase(baseURL), creds: creds}
}

// BaseURL is Jira's base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// APIError is an answer other than success. Jira's mapped errors carry messages and field errors
// keyed by the JSON field names of the request.
type APIError struct {
	Method, Path string
	StatusCode   int
	Messages     []string
	FieldErrors  map[string][]string
}

func (e *APIError) Error() string {
	parts := append(slices.Clone(e.Messages), httpx.FieldErrors(e.FieldErrors)...)
	msg := fmt.Sprintf("Jira answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	if e.StatusCode == http.StatusUnauthorized {
		msg = checks.Sentences(msg, "The OAuth 2.0 admin API needs a Jira system administrator: check that the provider's jira.token "+
			"(a personal access token) or jira.username and jira.password belong to one")
	}
	return msg
}

// IsNotFound reports whether err says the object does not exist.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
}

// ignoreNotFound turns "not found" into no error, for lookups where a missing object is an answer.
func ignoreNotFound(err error) error {
	if IsNotFound(err) {
		return nil
	}
	return err
}

// isNameTaken reports whether err is Jira refusing a name because another link holds it: a 409,
// or a 400 whose field error on the name says so (Jira's wording varies by plugin and version).
func isNameTaken(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.StatusCode == http.StatusConflict {
		return true
	}
	if apiErr.StatusCode != http.StatusBadRequest {
		return false
	}
	for _, msg := range apiErr.FieldErrors[FieldName] {
		msg = strings.ToLower(msg)
		if strings.Contains(msg, "exist") || strings.Contains(msg, "unique") || strings.Contains(msg, "taken") {
			return true
		}
	}
	return false
}

// HTTPStatus is the status Jira answered; it lets httpx tell failures that may have been applied.
func (e *APIError) HTTPStatus() int { return e.StatusCode }

// do sends a request with a JSON body (when in is not nil) and decodes a JSON answer into out
// (when out is not nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	_, err := httpx.CallJSON(ctx, c.http, httpx.JSONCall{
		Service: service, Method: method, URL: c.baseURL + path, Path: path, In: in,
		Header:  http.Header{"Authorization": {c.authorization()}},
		ErrorOf: func(answer *httpx.Answer) error { return decodeError(method, path, answer) },
	}, out)
	return err
}

// linkAnswer is what the answers of the outgoing and incoming link endpoints have in common.
type linkAnswer[T any] interface {
	*T
	linkID() string
	// noun names the kind of link in errors about Jira's answers.
	noun() string
	// normalise writes what Jira answered as the client hands it on.
	normalise()
}

// fetchLink sends a request whose answer is one link, which must have an id, and the id want
// when want is set.
func fetchLink[T any, L linkAnswer[T]](ctx context.Context, c *Client, method, path string, in any, want string) (*T, error) {
	var answer T
	if err := c.do(ctx, method, path, in, &answer); err != nil {
		return nil, err
	}
	l := L(&answer)
	if err := httpx.CheckID(service, method, path, l.noun(), l.linkID(), want); err != nil {
		return nil, err
	}
	l.normalise()
	return &answer, nil
}

// listLinks gets a list of links, each of which must have an id.
func listLinks[T any, L linkAnswer[T]](ctx context.Context, c *Client, path string) ([]T, error) {
	var links []T
	if err := c.do(ctx, http.MethodGet, path, nil, &links); err != nil {
		return nil, err
	}
	var zero T
	if err := httpx.CheckIDs(service, http.MethodGet, path, L(&zero).noun(), links, func(l T) string { return L(&l).linkID() }); err != nil {
		return nil, err
	}
	for i := range links {
		L(&links[i]).normalise()
	}
	return links, nil
}

// authorization is the Authorization header of every request: the personal access token, or
// Basic with the username and password.
func (c *Client) authorization() string {
	if c.creds.Token != "" {
		return "Bearer " + c.creds.Token
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.creds.Username+":"+c.creds.Password))
}

// service names Jira in errors about its answers.
const service = "Jira"

// errorBody holds both error shapes Jira's OAuth 2.0 plugins use.
type errorBody struct {
	Errors           []string            `json:"errors"`
	FieldErrors      map[string][]string `json:"fieldErrors"`
	Error            string              `json:"error"`
	ErrorDescription string              `json:"error_description"`
}

func decodeError(method, path string, answer *httpx.Answer) error {
	apiErr := &APIError{Method: method, Path: path, StatusCode: answer.StatusCode}
	var eb errorBody
	if data := answer.Body; json.Unmarshal(data, &eb) == nil {
		apiErr.Messages = eb.Errors
		apiErr.FieldErrors = eb.FieldErrors
		if eb.Error != "" {
			apiErr.Messages = append(apiErr.Messages, strings.TrimSpace(eb.Error+": "+eb.ErrorDescription))
		}
	} else if len(bytes.TrimSpace(data)) > 0 {
		apiErr.Messages = []string{httpx.Excerpt(answer.Header.Get("Content-Type"), data)}
	}
	return apiErr
}

func escape(segment string) string { return url.PathEscape(segment) }
