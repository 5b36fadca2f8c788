package oauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"golang.org/x/oauth2"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// maxAnswer is how much of a token endpoint's answer is read, as much as x/oauth2 reads.
const maxAnswer = 1 << 20

// tokenAnswer is the transport of one token request, between x/oauth2 and the provider's httpx
// transport. It rewrites an expires_in that x/oauth2 cannot read, and keeps the answer so that
// one x/oauth2 refuses to read can be quoted.
type tokenAnswer struct {
	next        http.RoundTripper
	status      int
	contentType string
	body        []byte // as x/oauth2 read it, already scrubbed of the request's credentials by httpx
}

func (a *tokenAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("reading the token endpoint's answer: %w", err)
	}
	a.status, a.contentType = resp.StatusCode, resp.Header.Get("Content-Type")
	a.body = wholeExpiresIn(a.contentType, body)
	resp.Body = io.NopCloser(bytes.NewReader(a.body))
	resp.ContentLength = int64(len(a.body))
	return resp, nil
}

// explain turns the error x/oauth2 returned into the provider's: a TokenError for a refusal, the
// start of the page for a success answer that was not a token response at all.
func (a *tokenAnswer) explain(tokenURL string, err error) error {
	var refused *oauth2.RetrieveError
	switch {
	case errors.As(err, &refused):
		return newTokenError(refused)
	case a.status < 200 || a.status > 299:
		// No answer (network, timeout, throttled for longer than the provider waits), or a
		// redirect that httpx refused to follow.
		return fmt.Errorf("requesting a token from %s: %w", tokenURL, err)
	case !isForm(a.contentType) && !bytes.HasPrefix(bytes.TrimSpace(a.body), []byte("{")):
		// Not even a JSON object (a login or proxy page): quote it, as a refusal would be.
		return fmt.Errorf("the token endpoint answered %d but not with a JSON token response: %q", a.status, httpx.Excerpt(a.contentType, a.body))
	}
	// Not quoted: the answer may hold the access token beside what x/oauth2 could not read.
	return fmt.Errorf("the token endpoint answered %d with a token response the provider cannot read: %w", a.status, err)
}

// isForm reports whether x/oauth2 reads an answer of this type as form-encoded, as some servers
// (GitHub, older ones) answer.
func isForm(contentType string) bool {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	return mediaType == "application/x-www-form-urlencoded" || mediaType == "text/plain"
}

// wholeExpiresIn rewrites an expires_in that is not a whole number of seconds ("3599.0", as a
// number or a string) as one. x/oauth2 refuses such a JSON answer, and ignores such a form-encoded
// expires_in, so that the token would never expire; the provider accepted both before it used
// x/oauth2 and accepts them still. Anything else is left as it is.
func wholeExpiresIn(contentType string, body []byte) []byte {
	if isForm(contentType) {
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return body
		}
		seconds, ok := wholeSeconds(values.Get("expires_in"))
		if !ok {
			return body
		}
		values.Set("expires_in", seconds)
		return []byte(values.Encode())
	}
	var fields map[string]json.RawMessage
	var expiresIn json.Number // accepts a number and a string that holds one
	if json.Unmarshal(body, &fields) != nil || json.Unmarshal(fields["expires_in"], &expiresIn) != nil {
		return body
	}
	seconds, ok := wholeSeconds(expiresIn.String())
	if !ok {
		return body
	}
	fields["expires_in"] = json.RawMessage(seconds)
	rewritten, err := json.Marshal(fields)
	if err != nil {
		return body
	}
	return rewritten
}

// wholeSeconds returns a number of seconds that is not an integer as one, truncated; it returns
// false for an integer, which x/oauth2 reads as it is, and for what is not a number of seconds.
func wholeSeconds(s string) (string, bool) {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= 0 && f <= math.MaxInt32) { // also false for NaN
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}
