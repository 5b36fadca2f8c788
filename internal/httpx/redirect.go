package httpx

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Go's client follows redirects to any host by default and sends the body of a 307/308 along: a
// token request's client_secret, a create's write-only fields, an API key header. The provider
// follows a redirect only where the credentials were already meant to go.

// NoRedirects marks requests made with ctx as never following a redirect: token requests, whose
// form carries the client's credentials to whatever address answers.
func NoRedirects(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRedirects, true)
}

// RedirectError is a redirect the provider refused to follow.
type RedirectError struct {
	StatusCode int
	From       string // the URL that answered with the redirect
	To         string // where it pointed, scrubbed of credentials
	Reason     string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s answered %d %s, redirecting to %s, which the provider did not follow: %s",
		e.From, e.StatusCode, http.StatusText(e.StatusCode), e.To, e.Reason)
}

// HTTPStatus is the redirect's status: the server answered and did not act on the request.
func (e *RedirectError) HTTPStatus() int { return e.StatusCode }

// checkRedirect is the client's redirect policy: at most one redirect, to the same origin
// (scheme, host and port), never for a request marked NoRedirects.
func checkRedirect(next *http.Request, via []*http.Request) error {
	prev := via[len(via)-1]
	refuse := func(reason string) error {
		return &RedirectError{
			StatusCode: next.Response.StatusCode,
			From:       redactURL(prev.URL),
			To:         redactURL(next.URL),
			Reason:     reason,
		}
	}
	switch {
	case marked(prev, noRedirects):
		return refuse("a token request carries the client's credentials and is never redirected; set the token URL to the address that answers it")
	case len(via) > 1:
		return refuse("only one redirect is followed")
	case !sameOrigin(via[0].URL, next.URL):
		return refuse("it leads to another origin (scheme, host or port), where the request's credentials must not go; configure the final address instead")
	}
	return nil
}

func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && a.Hostname() == b.Hostname() && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
