package entra

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// clientCredentials is how a token request authenticates its client.
type clientCredentials struct {
	clientID      string
	secret        string
	assertionType string
	assertion     string
	methods       []string // "basic", "post", "private_key_jwt", in that order
	basicErr      error    // why the Basic header could not be read
	bodyClientID  string   // client_id field sent along with Basic credentials
}

func readClientCredentials(r *http.Request) clientCredentials {
	form := r.PostForm
	c := clientCredentials{
		clientID:      form.Get("client_id"),
		assertionType: form.Get("client_assertion_type"),
		assertion:     form.Get("client_assertion"),
	}
	if id, secret, present, err := basicCredentials(r); present {
		c.methods = append(c.methods, "basic")
		c.basicErr = err
		c.bodyClientID, c.clientID, c.secret = c.clientID, id, secret
	}
	if secret := form.Get("client_secret"); secret != "" {
		c.methods = append(c.methods, "post")
		c.secret = secret
	}
	if c.assertionType != "" || c.assertion != "" {
		c.methods = append(c.methods, "private_key_jwt")
	}
	return c
}

// basicCredentials reads client_secret_basic. RFC 6749 §2.3.1 has the client
// id and secret each form-urlencoded before they are joined with ":" and
// base64-encoded, so both are unescaped after decoding: a "+" sent unescaped
// becomes a space.
func basicCredentials(r *http.Request) (id, secret string, present bool, err error) {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Basic") {
		return "", "", false, nil
	}
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", "", true, errors.New("the Basic credentials are not base64 of id:secret")
	}
	if id, err = url.QueryUnescape(user); err != nil {
		return "", "", true, fmt.Errorf("the Basic client id is not form-urlencoded: %w", err)
	}
	if secret, err = url.QueryUnescape(pass); err != nil {
		return "", "", true, fmt.Errorf("the Basic client secret is not form-urlencoded: %w", err)
	}
	return id, secret, true, nil
}

// method names how the client authenticated, for Request.AuthMethod.
func (c clientCredentials) method() string {
	if len(c.methods) == 0 {
		return "none"
	}
	return strings.Join(c.methods, "+")
}

// validate checks the credentials are well formed, before the client is
// looked up.
func (c clientCredentials) validate() error {
	switch {
	case c.basicErr != nil:
		return errMalformed(fmt.Sprintf("Cannot read the Authorization header: %v.", c.basicErr))
	case len(c.methods) > 1:
		// RFC 6749 §2.3: a client must not use more than one authentication
		// method per request. Entra's exact code for this is not known.
		return errMalformed("Only one client authentication method may be used per request, received " +
			strings.Join(c.methods, ", ") + ".")
	case c.bodyClientID != "" && c.bodyClientID != c.clientID:
		return errMalformed("The client_id parameter does not match the client id of the Authorization header.")
	case c.clientID == "":
		return errMissingParameter("client_id")
	case c.method() != "private_key_jwt":
		return nil
	case c.assertionType == "":
		return errMissingParameter("client_assertion_type")
	case c.assertionType != jwtBearerAssertionType:
		return errMalformed(fmt.Sprintf("The client_assertion_type '%s' is not supported.", c.assertionType))
	case c.assertion == "":
		return errMissingParameter("client_assertion")
	}
	return nil
}

// assertionClaims are the claims Entra reads from a client assertion.
type assertionClaims struct {
	Aud string   `json:"aud"`
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Jti string   `json:"jti"`
	Exp *float64 `json:"exp"`
	Nbf *float64 `json:"nbf"`
	Iat *float64 `json:"iat"`
}

// checkAssertion authenticates a private_key_jwt client: the assertion must
// be signed by one of the app's certificates and be addressed to this very
// token URL by the client itself, short-lived and never seen before.
func (e *Fake) checkAssertion(audience string, app *registration, assertion string) error {
	t, err := parseJWS(assertion)
	if err != nil {
		return errAssertion("Client assertion is not a valid JWT: %v.", err)
	}
	pub, err := app.signingKey(t.header)
	if err != nil {
		return err
	}
	if err := t.verifyRSA(pub); err != nil {
		return errAssertion("Client assertion failed signature validation.")
	}
	var c assertionClaims
	if err := json.Unmarshal(t.payload, &c); err != nil {
		return errAssertion("Client assertion claims cannot be read: %v.", err)
	}
	switch {
	case c.Aud != audience:
		return errAssertion("Client assertion audience claim '%s' does not match the token endpoint '%s'.", c.Aud, audience)
	case c.Iss != app.ClientID || c.Sub != app.ClientID:
		return errAssertion("Client assertion iss and sub claims must both be the client id '%s'.", app.ClientID)
	case c.Jti == "":
		return errAssertion("Client assertion must contain a jti claim.")
	}
	if err := checkLifetime(c, time.Now()); err != nil {
		return errAssertion("Client assertion is not within its valid time range: %v.", err)
	}
	return e.consumeJTI(app.ClientID, c.Jti)
}

// signingKey finds the certificate the assertion header names: RS256 by its
// SHA-1 thumbprint (x5t), PS256 by its SHA-256 thumbprint (x5t#S256), both
// base64url of a hash of the certificate's DER.
func (a *registration) signingKey(h jwtHeader) (*rsa.PublicKey, error) {
	var thumbprint string
	switch h.Alg {
	case "RS256":
		thumbprint = h.X5t
	case "PS256":
		thumbprint = h.X5tS256
	default:
		return nil, errAssertion("Client assertion contains an invalid signature. [Reason - The algorithm '%s' is not supported.]", h.Alg)
	}
	cert := a.certs[certKey(h.Alg, thumbprint)]
	if cert == nil {
		return nil, errAssertion("Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '%s', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '%s'.]", thumbprint, a.ClientID)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, errAssertion("Client assertion contains an invalid signature. [Reason - The key of certificate '%s' is not an RSA key.]", thumbprint)
	}
	return pub, nil
}

func certKey(alg, thumbprint string) string { return alg + " " + thumbprint }

// checkLifetime: exp must be in the future and at most maxAssertionLifetime
// after nbf (or iat when nbf is absent), which must not be in the future.
func checkLifetime(c assertionClaims, now time.Time) error {
	start := c.Nbf
	if start == nil {
		start = c.Iat
	}
	switch {
	case c.Exp == nil:
		return errors.New("exp is missing")
	case start == nil:
		return errors.New("nbf and iat are missing")
	}
	exp, begin := unixTime(*c.Exp), unixTime(*start)
	switch {
	case !exp.After(now):
		return fmt.Errorf("it expired at %s", exp.UTC().Format(time.RFC3339))
	case begin.After(now.Add(clockSkew)):
		return fmt.Errorf("it is not valid before %s", begin.UTC().Format(time.RFC3339))
	case exp.Sub(begin) > maxAssertionLifetime:
		return fmt.Errorf("it is valid for %s, more than %s", exp.Sub(begin), maxAssertionLifetime)
	}
	return nil
}

func unixTime(seconds float64) time.Time {
	whole, frac := math.Modf(seconds)
	return time.Unix(int64(whole), int64(frac*1e9))
}

// consumeJTI accepts each jti of a client once: a replayed assertion is
// refused even while still valid.
func (e *Fake) consumeJTI(clientID, jti string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	key := strings.ToLower(clientID) + " " + jti
	if e.usedJTIs[key] {
		return errAssertion("Client assertion has already been used: jti '%s' was seen before.", jti)
	}
	e.usedJTIs[key] = true
	return nil
}
