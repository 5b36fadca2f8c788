// Package apirequest makes the call of oauthlink_api_request, the data source and the ephemeral
// resource: one HTTP request to any API, authenticated with an access token, whose answer is read
// up to a bound. What to do with the answer (which statuses fail, what reaches the state) is the
// provider's.
package apirequest

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// Methods are the methods a call may use. Configurations may write them in any case: Do sends
// them in upper case, the form servers expect.
var Methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// Method is the method a call with the configured method sends: GET when none, and in upper case.
func Method(configured string) string {
	return strings.ToUpper(cmp.Or(configured, http.MethodGet))
}

// Request is one call.
type Request struct {
	Method string // GET when empty; any case
	URL    string
	Header map[string]string
	Body   *string // nil sends none
	// TokenType and AccessToken make the Authorization header.
	TokenType, AccessToken string
}

// InvalidRequestError is a request that could not be made at all (an unusable method or URL):
// nothing was sent.
type InvalidRequestError struct{ Err error }

func (e *InvalidRequestError) Error() string { return e.Err.Error() }

func (e *InvalidRequestError) Unwrap() error { return e.Err }

// Do sends r with client, the one HTTP client of the provider, and reads at most maxBody bytes of
// the answer (httpx.Answer.Truncated tells a longer one). Any status is an answer. A request that
// cannot be made is an *InvalidRequestError, an answer that broke off an *httpx.ReadError.
func Do(ctx context.Context, client *http.Client, r Request, maxBody int64) (*httpx.Answer, error) {
	method := Method(r.Method)
	var body io.Reader
	if r.Body != nil {
		body = strings.NewReader(*r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.URL, body)
	if err != nil {
		return nil, &InvalidRequestError{Err: err}
	}
	for name, value := range r.Header {
		req.Header.Set(name, value)
	}
	req.Header.Set("Authorization", authScheme(r.TokenType)+" "+r.AccessToken)
	return httpx.Send(client, req, maxBody)
}

// authScheme is the Authorization scheme of a token type: "Bearer" for bearer tokens, whatever
// the case the token endpoint wrote it in (some answer "bearer"; resource servers expect the
// canonical form), and for tokens that came without a type.
func authScheme(tokenType string) string {
	if tokenType == "" || strings.EqualFold(tokenType, "bearer") {
		return "Bearer"
	}
	return tokenType
}
