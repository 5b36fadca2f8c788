// Package oauth fetches OAuth 2.0 access tokens with the client credentials grant (RFC 6749 §4.4):
// client secrets sent by HTTP Basic or in the body, certificate credentials as private_key_jwt
// assertions (RFC 7523), a cache so that many readers of the same token cost one request, and
// error messages that explain what Microsoft Entra ID and other servers answered.
package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// ClientAuth is how the client authenticates with a client secret.
type ClientAuth string

const (
	// ClientAuthAuto tries HTTP Basic first and falls back to the body when the server rejects
	// the client, then remembers what worked for that token endpoint.
	ClientAuthAuto ClientAuth = "auto"
	// ClientAuthBasic sends the form-encoded id and secret in an Authorization header (client_secret_basic).
	ClientAuthBasic ClientAuth = "basic"
	// ClientAuthPost sends client_id and client_secret as form fields (client_secret_post).
	ClientAuthPost ClientAuth = "post"
)

// ClientAuths lists the accepted values of ClientAuth, for validation and docs.
var ClientAuths = []string{string(ClientAuthAuto), string(ClientAuthBasic), string(ClientAuthPost)}

// Request describes one client credentials token.
type Request struct {
	TokenURL     string
	ClientID     string
	ClientSecret string       // either a secret
	Certificate  *Certificate // or a certificate credential (private_key_jwt)
	Scopes       []string
	ClientAuth   ClientAuth // only for secrets; zero means auto
	// EndpointParams are extra form fields such as audience or resource; they cannot replace the
	// standard ones.
	EndpointParams map[string]string
}

// reservedParams are the form fields this package sets itself.
var reservedParams = []string{"grant_type", "scope", "client_id", "client_secret", "client_assertion", "client_assertion_type"}

// IsReservedParam reports whether an endpoint parameter would clash with a standard field.
func IsReservedParam(name string) bool { return slices.Contains(reservedParams, name) }

// Token is an access token and what the server said about it.
type Token struct {
	AccessToken string
	TokenType   string
	// ExpiresAt is zero when the server gave no expires_in.
	ExpiresAt time.Time
	// Scope is what the server granted, when it said so.
	Scope string
	// ObtainedAt is when the token was issued to us; cached tokens keep it.
	ObtainedAt time.Time
}

// Client fetches tokens through the provider's HTTP client and caches them for the life of the
// provider process.
type Client struct {
	http  *http.Client
	cache *cache
	// styles remembers, per token endpoint and client, which auto-detected ClientAuth worked.
	styles styleMemory
	now    func() time.Time
}

// NewClient returns a Client that sends requests with httpClient.
func NewClient(httpClient *http.Client) *Client {
	return &Client{http: httpClient, cache: newCache(), now: time.Now}
}

// Token returns a token for req, from the cache when a fresh one is there.
func (c *Client) Token(ctx context.Context, req Request) (*Token, error) {
	return c.cache.get(ctx, req.cacheKey(), c.now, func(ctx context.Context) (*Token, error) {
		return c.fetch(ctx, req)
	})
}

// fetch asks the token endpoint for a new token.
func (c *Client) fetch(ctx context.Context, req Request) (*Token, error) {
	if req.Certificate != nil {
		return c.post(ctx, req, authAssertion)
	}
	switch req.ClientAuth {
	case ClientAuthBasic:
		return c.post(ctx, req, authBasic)
	case ClientAuthPost:
		return c.post(ctx, req, authPost)
	}

	key := req.TokenURL + "\x00" + req.ClientID
	first := c.styles.get(key, authBasic)
	token, err := c.post(ctx, req, first)
	var tokenErr *TokenError
	if err == nil || !errors.As(err, &tokenErr) || !tokenErr.rejectsClientAuth() {
		// Success, or a failure the other style cannot mend (throttling, 5xx, network): never
		// spend a second request on it.
		return token, err
	}
	second := authPost
	if first == authPost {
		second = authBasic
	}
	token, err = c.post(ctx, req, second)
	if err == nil {
		c.styles.set(key, second)
	}
	return token, err
}

type authMethod int

const (
	authBasic authMethod = iota
	authPost
	authAssertion
)

func (c *Client) post(ctx context.Context, req Request, method authMethod) (*Token, error) {
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(req.Scopes) > 0 {
		form.Set("scope", strings.Join(req.Scopes, " "))
	}
	for name, value := range req.EndpointParams {
		if !IsReservedParam(name) {
			form.Set(name, value)
		}
	}
	switch method {
	case authPost:
		form.Set("client_id", req.ClientID)
		form.Set("client_secret", req.ClientSecret)
	case authAssertion:
		// A fresh assertion per request: servers reject a replayed jti (RFC 7523 §3).
		assertion, err := req.Certificate.assertion(req.ClientID, req.TokenURL, c.now())
		if err != nil {
			return nil, err
		}
		form.Set("client_id", req.ClientID)
		form.Set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
		form.Set("client_assertion", assertion)
	}

	// The form carries the client's credentials: never send it on to where a redirect points.
	httpReq, err := http.NewRequestWithContext(httpx.NoRedirects(httpx.Idempotent(ctx)), http.MethodPost, req.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("token_url %q: %w", req.TokenURL, err)
	}
	httpReq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	httpReq.Header.Set("Accept", "application/json")
	if method == authBasic {
		// RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
		httpReq.SetBasicAuth(url.QueryEscape(req.ClientID), url.QueryEscape(req.ClientSecret))
	}

	started := c.now()
	resp, err := c.http.Do(httpReq)
	if err != nil {
		return nil, fmt.Errorf("requesting a token from %s: %w", req.TokenURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the token response from %s: %w", req.TokenURL, err)
	}
	if resp.StatusCode != http.StatusOK {
		// httpx has scrubbed the answer of the request's credentials, in every encoding.
		return nil, newTokenError(resp, body)
	}
	return parseToken(resp.Header.Get("Content-Type"), body, started)
}

// tokenResponse is RFC 6749 §5.1. expires_in is a json.Number because servers send 3599, "3599"
// and 3599.0 (golang.org/x/oauth2 rejects the last); json.Number accepts all three.
type tokenResponse struct {
	AccessToken string      `json:"access_token"`
	TokenType   string      `json:"token_type"`
	ExpiresIn   json.Number `json:"expires_in"`
	Scope       string      `json:"scope"`
	Error       string      `json:"error"`
}

func parseToken(contentType string, body []byte, issued time.Time) (*Token, error) {
	var tr tokenResponse
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "application/x-www-form-urlencoded" || mediaType == "text/plain" {
		// Some servers (GitHub, older ones) answer form-encoded.
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("the token endpoint answered 200 with an unreadable %s body", mediaType)
		}
		tr = tokenResponse{
			AccessToken: values.Get("access_token"), TokenType: values.Get("token_type"),
			ExpiresIn: json.Number(values.Get("expires_in")), Scope: values.Get("scope"), Error: values.Get("error"),
		}
	} else if err := json.Unmarshal(body, &tr); err != nil {
		return nil, fmt.Errorf("the token endpoint answered 200 but not with a JSON token response: %s", httpx.Excerpt(contentType, body))
	}
	if tr.Error != "" {
		return nil, &TokenError{StatusCode: http.StatusOK, Code: tr.Error}
	}
	if tr.AccessToken == "" {
		return nil, errors.New("the token endpoint answered 200 without an access_token")
	}
	token := &Token{AccessToken: tr.AccessToken, TokenType: tr.TokenType, Scope: tr.Scope, ObtainedAt: issued}
	if tr.ExpiresIn != "" {
		seconds, err := strconv.ParseFloat(string(tr.ExpiresIn), 64)
		if err != nil {
			return nil, fmt.Errorf("the token endpoint answered an expires_in that is not a number: %q", tr.ExpiresIn)
		}
		if seconds > 0 {
			token.ExpiresAt = issued.Add(time.Duration(seconds * float64(time.Second)))
		}
	}
	return token, nil
}

// cacheKey identifies a token by everything that shapes it. The credential is hashed, never
// kept in the key in clear.
func (r Request) cacheKey() string {
	h := sha256.New()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	write(r.TokenURL, r.ClientID, r.ClientSecret, string(r.ClientAuth))
	if r.Certificate != nil {
		write("certificate", r.Certificate.fingerprint(), r.Certificate.Algorithm)
	}
	scopes := slices.Clone(r.Scopes)
	slices.Sort(scopes)
	write(scopes...)
	names := make([]string, 0, len(r.EndpointParams))
	for name := range r.EndpointParams {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		write(name, r.EndpointParams[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}
