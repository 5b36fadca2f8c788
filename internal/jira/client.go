package jira

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

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
	var parts []string
	parts = append(parts, e.Messages...)
	fields := make([]string, 0, len(e.FieldErrors))
	for field := range e.FieldErrors {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	for _, field := range fields {
		parts = append(parts, field+": "+strings.Join(e.FieldErrors[field], "; "))
	}
	msg := fmt.Sprintf("Jira answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	if e.StatusCode == http.StatusUnauthorized {
		msg += ". The OAuth 2.0 admin API needs a Jira system administrator: check that the provider's jira.token " +
			"(a personal access token) or jira.username and jira.password belong to one."
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
// (when out is not nil and the answer has a body).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.creds.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.creds.Token)
	} else {
		req.SetBasicAuth(c.creds.Username, c.creds.Password)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return decodeError(method, path, resp.StatusCode, resp.Header.Get("Content-Type"), data)
	}
	if out == nil {
		return nil
	}
	return httpx.DecodeJSON(service, method, path, data, out)
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

func decodeError(method, path string, status int, contentType string, data []byte) error {
	apiErr := &APIError{Method: method, Path: path, StatusCode: status}
	var eb errorBody
	if json.Unmarshal(data, &eb) == nil {
		apiErr.Messages = eb.Errors
		apiErr.FieldErrors = eb.FieldErrors
		if eb.Error != "" {
			apiErr.Messages = append(apiErr.Messages, strings.TrimSpace(eb.Error+": "+eb.ErrorDescription))
		}
	} else if len(bytes.TrimSpace(data)) > 0 {
		apiErr.Messages = []string{httpx.Excerpt(contentType, data)}
	}
	return apiErr
}

func escape(segment string) string { return url.PathEscape(segment) }
