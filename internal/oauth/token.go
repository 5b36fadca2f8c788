// Package oauth fetches OAuth 2.0 access tokens with the client credentials grant (RFC 6749 §4.4).
//
// golang.org/x/oauth2/clientcredentials makes every token request: it builds the form, sends the
// client secret by HTTP Basic (id and secret form-encoded first, RFC 6749 §2.3.1) or in the body,
// reads the JSON or form-encoded answer and returns a refusal as *oauth2.RetrieveError. It sends
// the request through the provider's httpx client, which retries, never follows a token request's
// redirect and scrubs the request's credentials from the answer.
//
// On top of it, this package adds:
//   - certificate credentials: a private_key_jwt assertion (RFC 7523) signed afresh for every
//     request, RS256 with x5t or PS256 with x5t#S256 (certificate.go);
//   - the "auto" client authentication, which tries the other way only when the server refused
//     the client (x/oauth2's own auto-detection resends on any error, a 429 included);
//   - a cache for the life of the provider process: one request for concurrent readers, renewal
//     well before expiry, refusals remembered (cache.go);
//   - answers that x/oauth2 refuses but servers send, such as "expires_in": 3599.0 (answer.go);
//   - errors that explain what Microsoft Entra ID and other servers answered (errors.go).
package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

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

// reservedParams are the form fields x/oauth2 and this package set themselves.
var reservedParams = []string{"grant_type", "scope", "client_id", "client_secret", "client_assertion", "client_assertion_type"}

// IsReservedParam reports whether an endpoint parameter would clash with a standard field.
func IsReservedParam(name string) bool { return slices.Contains(reservedParams, name) }

// assertionType is the client_assertion_type of a JWT client assertion (RFC 7523 §2.2).
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// Token is an access token and what the server said about it.
type Token struct {
	AccessToken string
	TokenType   string
	// ExpiresAt is zero when the server gave no expires_in.
	ExpiresAt time.Time
	// Scope is what the server granted, when it said so.
	Scope string
	// ObtainedAt is when the token was requested; cached tokens keep it.
	ObtainedAt time.Time
}

// Client fetches tokens through the provider's HTTP client and caches them for the life of the
// provider process.
type Client struct {
	http  *http.Client
	cache *cache
	// styles remembers, per token endpoint and client, which auto-detected style worked.
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

// fetch asks the token endpoint for a new token, with the client authentication style pinned for
// every request.
func (c *Client) fetch(ctx context.Context, req Request) (*Token, error) {
	if req.Certificate != nil {
		return c.exchange(ctx, req, oauth2.AuthStyleInParams)
	}
	switch req.ClientAuth {
	case ClientAuthBasic:
		return c.exchange(ctx, req, oauth2.AuthStyleInHeader)
	case ClientAuthPost:
		return c.exchange(ctx, req, oauth2.AuthStyleInParams)
	}

	key := req.TokenURL + "\x00" + req.ClientID
	first := c.styles.get(key)
	token, err := c.exchange(ctx, req, first)
	var tokenErr *TokenError
	if err == nil || !errors.As(err, &tokenErr) || !tokenErr.rejectsClientAuth() {
		// Success, or a failure the other style cannot mend (throttling, 5xx, network): never
		// spend a second request on it.
		return token, err
	}
	second := oauth2.AuthStyleInParams
	if first == oauth2.AuthStyleInParams {
		second = oauth2.AuthStyleInHeader
	}
	token, err = c.exchange(ctx, req, second)
	if err == nil {
		c.styles.set(key, second)
	}
	return token, err
}

// exchange makes one token request with clientcredentials.Config: a new Config for every request,
// since a certificate credential needs a new assertion each time (servers refuse a replayed jti,
// RFC 7523 §3).
func (c *Client) exchange(ctx context.Context, req Request, style oauth2.AuthStyle) (*Token, error) {
	params := url.Values{}
	for name, value := range req.EndpointParams {
		if !IsReservedParam(name) {
			params.Set(name, value)
		}
	}
	if req.Certificate != nil {
		assertion, err := req.Certificate.assertion(req.ClientID, req.TokenURL, c.now())
		if err != nil {
			return nil, err
		}
		params.Set("client_assertion_type", assertionType)
		params.Set("client_assertion", assertion)
		req.ClientSecret = "" // one credential per request
	}
	config := clientcredentials.Config{
		ClientID: req.ClientID, ClientSecret: req.ClientSecret, TokenURL: req.TokenURL,
		Scopes: req.Scopes, EndpointParams: params, AuthStyle: style,
	}

	answer := &tokenAnswer{next: c.http.Transport}
	client := *c.http
	client.Transport = answer
	// x/oauth2 sends the request with this context (req.WithContext in its RetrieveToken), so
	// httpx sees the marks: the form carries the client's credentials, so the request never
	// follows a redirect, and it is safe to repeat after a 502/503/504.
	ctx = context.WithValue(httpx.NoRedirects(httpx.Idempotent(ctx)), oauth2.HTTPClient, &client)

	obtained := c.now()
	t, err := config.Token(ctx)
	if err != nil {
		return nil, answer.explain(req.TokenURL, err)
	}
	token := &Token{AccessToken: t.AccessToken, TokenType: t.TokenType, ObtainedAt: obtained}
	token.Scope, _ = t.Extra("scope").(string)
	if !t.Expiry.IsZero() {
		// x/oauth2 dates the expiry by the wall clock; the cache reads c.now.
		token.ExpiresAt = obtained.Add(time.Until(t.Expiry))
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
