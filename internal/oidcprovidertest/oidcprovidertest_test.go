package oidcprovidertest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// These tests exercise the harness with hand-built requests (net/http only),
// so that a failure here points at the harness or oidc-provider rather than
// at our token client.

const (
	basicID     = "basic-client"
	basicSecret = "s3cr%t+with/odd:chars=" // every character RFC 6749 §2.3.1 form-encoding changes
	postID      = "post-client"
	postSecret  = "post-secret"
	jwtID       = "jwt-client"
	jwtKeyID    = "jwt-client-key-1"
)

func TestServer(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	srv := Start(t,
		Client{ID: basicID, Secret: basicSecret, AuthMethod: "client_secret_basic"},
		Client{ID: postID, Secret: postSecret, AuthMethod: "client_secret_post"},
		Client{ID: jwtID, AuthMethod: "private_key_jwt", SigningAlg: "RS256", PublicKey: &key.PublicKey, KeyID: jwtKeyID},
	)
	if !strings.HasPrefix(srv.Issuer, "http://127.0.0.1:") {
		t.Errorf("Issuer = %q, want http://127.0.0.1:<port>", srv.Issuer)
	}
	if srv.TokenURL != srv.Issuer+"/token" {
		t.Errorf("TokenURL = %q, want %q", srv.TokenURL, srv.Issuer+"/token")
	}

	grant := func() url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "scope": {Scope}}
	}
	assertion := func(aud any) url.Values {
		form := grant()
		form.Set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
		form.Set("client_assertion", signAssertion(t, key, "RS256", jwtKeyID, jwtID, aud))
		return form
	}

	t.Run("client_secret_basic", func(t *testing.T) {
		resp := post(t, srv.TokenURL, grant(), basicAuth(basicID, basicSecret))
		wantToken(t, resp)
	})

	t.Run("client_secret_basic without form-encoding is rejected", func(t *testing.T) {
		// What http.Request.SetBasicAuth sends: oidc-provider URL-decodes the
		// credentials, and "%t" is not a valid escape.
		raw := "Basic " + base64.StdEncoding.EncodeToString([]byte(basicID+":"+basicSecret))
		wantError(t, post(t, srv.TokenURL, grant(), raw), http.StatusBadRequest, "invalid_request")
	})

	t.Run("client_secret_post", func(t *testing.T) {
		form := grant()
		form.Set("client_id", postID)
		form.Set("client_secret", postSecret)
		wantToken(t, post(t, srv.TokenURL, form, ""))
	})

	t.Run("wrong secret", func(t *testing.T) {
		resp := post(t, srv.TokenURL, grant(), basicAuth(basicID, basicSecret+"x"))
		wantError(t, resp, http.StatusUnauthorized, "invalid_client")
	})

	t.Run("private_key_jwt and replay", func(t *testing.T) {
		form := assertion(srv.TokenURL)
		wantToken(t, post(t, srv.TokenURL, form, ""))
		// The same assertion again: its jti was seen, so RFC 7523 §3 replay
		// protection must reject it.
		wantError(t, post(t, srv.TokenURL, form, ""), http.StatusUnauthorized, "invalid_client")
	})

	// Which client assertion audiences oidc-provider accepts: the token
	// endpoint URL and the issuer, alone or in an array; nothing else.
	t.Run("private_key_jwt aud=issuer", func(t *testing.T) {
		wantToken(t, post(t, srv.TokenURL, assertion(srv.Issuer), ""))
	})
	t.Run("private_key_jwt aud=[other, token URL]", func(t *testing.T) {
		wantToken(t, post(t, srv.TokenURL, assertion([]string{"https://other.example", srv.TokenURL}), ""))
	})
	t.Run("private_key_jwt aud=issuer/ is rejected", func(t *testing.T) {
		resp := post(t, srv.TokenURL, assertion(srv.Issuer+"/"), "")
		wantError(t, resp, http.StatusUnauthorized, "invalid_client")
	})

	t.Run("resource gives a JWT access token", func(t *testing.T) {
		form := grant()
		form.Set("resource", Resource)
		resp := post(t, srv.TokenURL, form, basicAuth(basicID, basicSecret))
		token := wantToken(t, resp)
		parts := strings.Split(token, ".")
		if len(parts) != 3 {
			t.Fatalf("access_token %q has %d dot-separated parts, want 3 (a JWS)", token, len(parts))
		}
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatalf("JWT payload: %v", err)
		}
		var claims struct {
			Aud      any    `json:"aud"`
			Scope    string `json:"scope"`
			ClientID string `json:"client_id"`
			Iss      string `json:"iss"`
		}
		if err := json.Unmarshal(payload, &claims); err != nil {
			t.Fatalf("JWT payload %s: %v", payload, err)
		}
		if claims.Aud != Resource || claims.Scope != Scope || claims.ClientID != basicID || claims.Iss != srv.Issuer {
			t.Errorf("JWT claims = %s, want aud %q, scope %q, client_id %q, iss %q", payload, Resource, Scope, basicID, srv.Issuer)
		}
	})
}

// tokenResponse is a token endpoint answer.
type tokenResponse struct {
	status int
	raw    []byte
	body   map[string]any
}

// post sends form to the token endpoint, with authorization as the
// Authorization header when not empty.
func post(t *testing.T, tokenURL string, form url.Values, authorization string) tokenResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, raw := fakeserver.Do(t, req)
	r := tokenResponse{status: resp.StatusCode, raw: raw}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		t.Fatalf("token response (HTTP %d) is not a JSON object: %v; body %s", resp.StatusCode, err, raw)
	}
	return r
}

// wantToken checks for a successful client credentials response and returns
// its access token.
func wantToken(t *testing.T, r tokenResponse) string {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", r.status, r.raw)
	}
	token, _ := r.body["access_token"].(string)
	tokenType, _ := r.body["token_type"].(string)
	if token == "" || !strings.EqualFold(tokenType, "Bearer") || r.body["scope"] != Scope {
		t.Fatalf("token response %s: want an access_token, token_type Bearer and scope %q", r.raw, Scope)
	}
	return token
}

func wantError(t *testing.T, r tokenResponse, status int, code string) {
	t.Helper()
	if r.status != status || r.body["error"] != code {
		t.Fatalf("got HTTP %d %s, want HTTP %d with error %q", r.status, r.raw, status, code)
	}
}

// basicAuth is the client_secret_basic Authorization header: RFC 6749 §2.3.1
// form-urlencodes client ID and secret before base64, unlike RFC 7617 Basic.
func basicAuth(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret)))
}

// signAssertion builds a private_key_jwt client assertion (RFC 7523 §3) by
// hand, so that the harness test does not depend on the code it will check.
func signAssertion(t *testing.T, key *rsa.PrivateKey, alg, kid, clientID string, aud any) string {
	t.Helper()
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	header := map[string]string{"alg": alg, "typ": "JWT", "kid": kid}
	claims := map[string]any{
		"iss": clientID,
		"sub": clientID,
		"aud": aud,
		"jti": base64.RawURLEncoding.EncodeToString(jti),
		"iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(),
	}
	signingInput := encodeSegment(t, header) + "." + encodeSegment(t, claims)
	digest := sha256.Sum256([]byte(signingInput))
	var sig []byte
	var err error
	switch alg {
	case "RS256":
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	case "PS256":
		// RFC 7518 §3.5: the salt is as long as the hash.
		sig, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	default:
		t.Fatalf("unsupported alg %q", alg)
	}
	if err != nil {
		t.Fatal(err)
	}
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func encodeSegment(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// recorder is a testing.TB that records Skipf and Fatalf instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

// A plain `go test ./...` skips the conformance tests when node or oidc-provider is missing, and
// says how to install them; with OAUTHLINK_REQUIRE_OIDC_PROVIDER set (make test) that is a failure.
func TestMissingInstallSkipsUnlessRequired(t *testing.T) {
	dir := t.TempDir()
	noNode := func(string) (string, error) { return "", exec.ErrNotFound }
	node := func(string) (string, error) { return "/usr/bin/node", nil }

	_, noNodeMissing := findInstall(dir, noNode)
	_, noPackageMissing := findInstall(dir, node)
	for _, tc := range []struct{ missing, want string }{
		{noNodeMissing, "node (Node.js 20 or later) is not on PATH: install it, then run `make node-deps`"},
		{noPackageMissing, "the npm package oidc-provider is not installed in " + dir + ": run `make node-deps`"},
	} {
		if !strings.Contains(tc.missing, tc.want) {
			t.Errorf("missing %q, want %q", tc.missing, tc.want)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "node_modules", "oidc-provider"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "node_modules", "oidc-provider", "package.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, missing := findInstall(dir, node); got != "/usr/bin/node" || missing != "" {
		t.Errorf("installed: node %q, missing %q", got, missing)
	}

	for value, require := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false, "1": true, "true": true, "yes": true} {
		r := &recorder{TB: t}
		skipOrFail(r, noPackageMissing, required(value))
		switch {
		case require && (r.failed == "" || r.skipped != ""):
			t.Errorf("%s=%q: skipped %q, failed %q; want a failure", RequireEnv, value, r.skipped, r.failed)
		case !require && (r.skipped == "" || r.failed != ""):
			t.Errorf("%s=%q: skipped %q, failed %q; want a skip", RequireEnv, value, r.skipped, r.failed)
		}
		for _, message := range []string{r.skipped, r.failed} {
			if message != "" && (!strings.Contains(message, "make node-deps") || !strings.HasSuffix(message, ".") || strings.HasSuffix(message, "..")) {
				t.Errorf("message %q does not say to run make node-deps in one sentence", message)
			}
		}
		if require && !strings.Contains(r.failed, RequireEnv+" is set (make test sets it)") {
			t.Errorf("the failure does not say why the test must run: %q", r.failed)
		}
	}
}
