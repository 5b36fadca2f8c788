package entra

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"maps"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

const (
	testDomain   = "contoso.onmicrosoft.com"
	testResource = "api://external-data"
	graphScope   = "https://graph.microsoft.com/.default"
)

// entraFixture is a fake with one tenant holding two apps: "app" has a
// secret, an expired secret, a certificate and Graph roles; "bare" has a
// secret and no roles at all (admin consent missing).
type entraFixture struct {
	entra     *Fake
	srv       *httptest.Server
	tenantID  string
	app       App
	bare      App
	certKey   *rsa.PrivateKey
	otherKey  *rsa.PrivateKey // not registered anywhere
	otherCert *x509.Certificate
}

func newEntraFixture(t *testing.T) *entraFixture {
	t.Helper()
	f := &entraFixture{entra: New(), tenantID: fakeserver.NewGUID()}
	cert, _, keyPEM := NewTestCertificate(t, "oauthlink")
	f.certKey = parseKeyPEM(t, keyPEM)
	var otherKeyPEM string
	f.otherCert, _, otherKeyPEM = NewTestCertificate(t, "stranger")
	f.otherKey = parseKeyPEM(t, otherKeyPEM)
	f.app = App{
		ClientID: fakeserver.NewGUID(),
		Secrets: []Secret{
			{ID: fakeserver.NewGUID(), Value: "valid~secret.value"},
			{ID: fakeserver.NewGUID(), Value: "old~secret", Expired: true},
		},
		Certificates: []*x509.Certificate{cert},
		Roles:        map[string][]string{"https://graph.microsoft.com": {"User.Read.All", "Group.Read.All"}},
	}
	f.bare = App{ClientID: fakeserver.NewGUID(), Secrets: []Secret{{ID: fakeserver.NewGUID(), Value: "a%b+c/d:e f"}}}
	f.entra.AddTenant(f.tenantID, testDomain)
	f.entra.AddApp(testDomain, f.app)
	f.entra.AddApp(f.tenantID, f.bare)
	f.srv = httptest.NewServer(f.entra)
	t.Cleanup(f.srv.Close)
	return f
}

func parseKeyPEM(t *testing.T, keyPEM string) *rsa.PrivateKey {
	t.Helper()
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("key PEM: want a PRIVATE KEY block, got %q", keyPEM)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("parse PKCS#8: %v", err)
	}
	return key.(*rsa.PrivateKey)
}

func (f *entraFixture) tokenURL(tenant string) string {
	return f.srv.URL + "/" + tenant + "/oauth2/v2.0/token"
}

// secretForm is a valid client_secret_post request of the main app.
func (f *entraFixture) secretForm() url.Values {
	return url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {f.app.ClientID},
		"client_secret": {f.app.Secrets[0].Value},
		"scope":         {graphScope},
	}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

// call posts form to the token endpoint of tenant; edit may change the
// request before it is sent.
func (f *entraFixture) call(t *testing.T, tenant string, form url.Values, edit func(*http.Request)) result {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.tokenURL(tenant), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if edit != nil {
		edit(req)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) result {
	t.Helper()
	resp, body := fakeserver.Do(t, req)
	return result{status: resp.StatusCode, header: resp.Header, body: body}
}

// basicAuth builds client_secret_basic by hand: each part form-urlencoded,
// then base64 of "id:secret" (RFC 6749 §2.3.1).
func basicAuth(id, secret string) func(*http.Request) {
	return func(r *http.Request) {
		raw := url.QueryEscape(id) + ":" + url.QueryEscape(secret)
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(raw)))
	}
}

func without(form url.Values, names ...string) url.Values {
	out := maps.Clone(form)
	for _, n := range names {
		delete(out, n)
	}
	return out
}

func with(form url.Values, name string, values ...string) url.Values {
	out := maps.Clone(form)
	out[name] = values
	return out
}

var (
	guidRE      = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	timestampRE = `\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z`
)

func checkSTSHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for name, want := range map[string]string{
		"Content-Type":  "application/json; charset=utf-8",
		"Cache-Control": "no-store, no-cache",
		"Pragma":        "no-cache",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// checkAADError checks the whole shape of an Entra error response.
func checkAADError(t *testing.T, r result, status int, oauthErr string, code int) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d (body %s)", r.status, status, r.body)
	}
	checkSTSHeaders(t, r.header)
	m := r.json(t)
	wantKeys := []string{"correlation_id", "error", "error_codes", "error_description", "error_uri", "timestamp", "trace_id"}
	if keys := slices.Sorted(maps.Keys(m)); !slices.Equal(keys, wantKeys) {
		t.Errorf("keys = %v, want %v", keys, wantKeys)
	}
	if m["error"] != oauthErr {
		t.Errorf("error = %v, want %s", m["error"], oauthErr)
	}
	if codes, _ := m["error_codes"].([]any); len(codes) != 1 || codes[0] != float64(code) {
		t.Errorf("error_codes = %v, want [%d]", m["error_codes"], code)
	}
	if want := fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", code); m["error_uri"] != want {
		t.Errorf("error_uri = %v, want %s", m["error_uri"], want)
	}
	ts, _ := m["timestamp"].(string)
	trace, _ := m["trace_id"].(string)
	corr, _ := m["correlation_id"].(string)
	descRE := regexp.MustCompile(fmt.Sprintf(`^AADSTS%d: .+\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s$`,
		code, regexp.QuoteMeta(trace), regexp.QuoteMeta(corr), regexp.QuoteMeta(ts)))
	if !descRE.MatchString(m["error_description"].(string)) {
		t.Errorf("error_description = %q, want %s", m["error_description"], descRE)
	}
	if !regexp.MustCompile("^" + timestampRE + "$").MatchString(ts) {
		t.Errorf("timestamp = %q", ts)
	}
	for _, id := range []string{trace, corr} {
		if !regexp.MustCompile("^" + guidRE + "$").MatchString(id) {
			t.Errorf("id %q is not a GUID", id)
		}
	}
}

func TestEntraErrors(t *testing.T) {
	f := newEntraFixture(t)
	ok := f.secretForm()
	tests := []struct {
		name     string
		tenant   string // testDomain when empty
		form     url.Values
		edit     func(*http.Request)
		status   int
		oauthErr string
		code     int
		message  string // substring of error_description
	}{
		{name: "unknown tenant", tenant: "fabrikam.onmicrosoft.com", form: ok,
			status: 400, oauthErr: "invalid_request", code: 90002, message: "Tenant 'fabrikam.onmicrosoft.com' not found."},
		{name: "GET", edit: func(r *http.Request) { r.Method = http.MethodGet },
			status: 400, oauthErr: "invalid_request", code: 900561, message: "Received a GET request."},
		{name: "missing grant_type", form: without(ok, "grant_type"),
			status: 400, oauthErr: "invalid_request", code: 900144, message: "following parameter: 'grant_type'."},
		{name: "JSON body", form: ok, edit: func(r *http.Request) { r.Header.Set("Content-Type", "application/json") },
			status: 400, oauthErr: "invalid_request", code: 900144, message: "'grant_type'"},
		{name: "unsupported grant", form: with(ok, "grant_type", "password"),
			status: 400, oauthErr: "unsupported_grant_type", code: 70003, message: "'password'"},
		{name: "duplicated parameter", form: with(ok, "scope", graphScope, graphScope),
			status: 400, oauthErr: "invalid_request", code: 9000411, message: "'scope' is duplicated"},
		{name: "missing client_id", form: without(ok, "client_id"),
			status: 400, oauthErr: "invalid_request", code: 900144, message: "'client_id'"},
		{name: "missing scope", form: without(ok, "scope"),
			status: 400, oauthErr: "invalid_scope", code: 70011,
			message: "AADSTS70011: The provided request must include a 'scope' input parameter."},
		{name: "scope without .default", form: with(ok, "scope", "https://graph.microsoft.com/User.Read"),
			status: 400, oauthErr: "invalid_scope", code: 1002012,
			message: "AADSTS1002012: The provided value for scope https://graph.microsoft.com/User.Read is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."},
		{name: "two resources", form: with(ok, "scope", graphScope+" "+testResource+"/.default"),
			status: 400, oauthErr: "invalid_scope", code: 70011, message: "is not valid"},
		{name: "unknown app", form: with(ok, "client_id", "11111111-2222-3333-4444-555555555555"),
			status: 400, oauthErr: "unauthorized_client", code: 700016,
			message: "Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory 'contoso.onmicrosoft.com'."},
		{name: "no credential", form: without(ok, "client_secret"),
			status: 400, oauthErr: "invalid_request", code: 7000218,
			message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."},
		{name: "wrong secret", form: with(ok, "client_secret", "nope"),
			status: 401, oauthErr: "invalid_client", code: 7000215,
			message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + f.app.ClientID + "'."},
		{name: "secret ID instead of value", form: with(ok, "client_secret", f.app.Secrets[0].ID),
			status: 401, oauthErr: "invalid_client", code: 7000215, message: "not the client secret ID"},
		{name: "expired secret", form: with(ok, "client_secret", f.app.Secrets[1].Value),
			status: 401, oauthErr: "invalid_client", code: 7000222,
			message: "The provided client secret keys for app '" + f.app.ClientID + "' are expired."},
		{name: "unknown resource", form: with(ok, "scope", testResource+"/.default"),
			status: 400, oauthErr: "invalid_resource", code: 500011, message: "The resource principal named api://external-data was not found"},
		{name: "basic and post", form: ok, edit: basicAuth(f.app.ClientID, f.app.Secrets[0].Value),
			status: 400, oauthErr: "invalid_request", code: 9002313, message: "Only one client authentication method"},
		{name: "secret and assertion", form: with(ok, "client_assertion_type", jwtBearerAssertionType),
			status: 400, oauthErr: "invalid_request", code: 9002313, message: "Only one client authentication method"},
		{name: "basic with other body client_id", form: without(with(ok, "client_id", f.bare.ClientID), "client_secret"),
			edit:   basicAuth(f.app.ClientID, f.app.Secrets[0].Value),
			status: 400, oauthErr: "invalid_request", code: 9002313, message: "does not match"},
		{name: "basic not form-urlencoded", form: without(ok, "client_id", "client_secret"),
			edit: func(r *http.Request) { r.SetBasicAuth(f.bare.ClientID, f.bare.Secrets[0].Value) },
			// The raw "%b+" does not unescape.
			status: 400, oauthErr: "invalid_request", code: 9002313, message: "not form-urlencoded"},
		{name: "basic id not form-urlencoded", form: without(ok, "client_id", "client_secret"),
			edit:   func(r *http.Request) { r.SetBasicAuth("app%zz", "secret") },
			status: 400, oauthErr: "invalid_request", code: 9002313, message: "client id is not form-urlencoded"},
		{name: "basic with raw plus", form: without(ok, "client_id", "client_secret"),
			edit: func(r *http.Request) { r.SetBasicAuth(f.app.ClientID, "valid+secret") },
			// "+" decodes to a space, so the secret no longer matches.
			status: 401, oauthErr: "invalid_client", code: 7000215},
		{name: "assertion without type", form: with(without(ok, "client_secret"), "client_assertion", "a.b.c"),
			status: 400, oauthErr: "invalid_request", code: 900144, message: "'client_assertion_type'"},
		{name: "assertion type without assertion", form: with(without(ok, "client_secret"), "client_assertion_type", jwtBearerAssertionType),
			status: 400, oauthErr: "invalid_request", code: 900144, message: "'client_assertion'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := tt.tenant
			if tenant == "" {
				tenant = testDomain
			}
			r := f.call(t, tenant, tt.form, tt.edit)
			checkAADError(t, r, tt.status, tt.oauthErr, tt.code)
			if desc := r.json(t)["error_description"].(string); !strings.Contains(desc, tt.message) {
				t.Errorf("error_description = %q, want it to contain %q", desc, tt.message)
			}
		})
	}
}

func TestEntraErrorEchoesClientRequestID(t *testing.T) {
	f := newEntraFixture(t)
	id := fakeserver.NewGUID()
	r := f.call(t, testDomain, without(f.secretForm(), "scope"), func(r *http.Request) {
		r.Header.Set("client-request-id", id)
	})
	checkAADError(t, r, 400, "invalid_scope", 70011)
	if got := r.json(t)["correlation_id"]; got != id {
		t.Errorf("correlation_id = %v, want %s", got, id)
	}
	if got := r.header.Get("client-request-id"); got != id {
		t.Errorf("client-request-id header = %q, want %s", got, id)
	}
}

// decodeToken verifies the access token with the fake's public key and
// returns its header and claims.
func decodeToken(t *testing.T, e *Fake, token string) (header, claims map[string]any) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWS", token)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(e.PublicKey(), crypto.SHA256, digest[:], sig); err != nil {
		t.Fatalf("token signature: %v", err)
	}
	for i, dst := range []*map[string]any{&header, &claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatal(err)
		}
	}
	return header, claims
}

// checkToken checks a success response and returns the token's claims.
func checkToken(t *testing.T, e *Fake, r result, expiresIn int) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", r.status, r.body)
	}
	checkSTSHeaders(t, r.header)
	m := r.json(t)
	if keys := slices.Sorted(maps.Keys(m)); !slices.Equal(keys, []string{"access_token", "expires_in", "ext_expires_in", "token_type"}) {
		t.Errorf("body keys = %v", keys)
	}
	if m["token_type"] != "Bearer" || m["expires_in"] != float64(expiresIn) || m["ext_expires_in"] != float64(expiresIn) {
		t.Errorf("body = %v", m)
	}
	header, claims := decodeToken(t, e, m["access_token"].(string))
	if header["typ"] != "JWT" || header["alg"] != "RS256" || header["kid"] == "" || len(header) != 3 {
		t.Errorf("token header = %v", header)
	}
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	if claims["nbf"] != iat || exp-iat != float64(expiresIn) {
		t.Errorf("iat %v nbf %v exp %v, want exp = iat + %d", iat, claims["nbf"], exp, expiresIn)
	}
	if now := float64(time.Now().Unix()); iat > now || iat < now-60 {
		t.Errorf("iat = %v, now %v", iat, now)
	}
	return claims
}

func TestEntraIssuesToken(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.AddResource(testResource)
	tests := []struct {
		name     string
		tenant   string
		form     url.Values
		edit     func(*http.Request)
		appID    string
		resource string
		roles    []string // nil: the claim must be absent
	}{
		{name: "post, by domain, roles granted", tenant: testDomain, form: f.secretForm(),
			appID: f.app.ClientID, resource: "https://graph.microsoft.com", roles: []string{"User.Read.All", "Group.Read.All"}},
		{name: "post, by GUID", tenant: f.tenantID, form: f.secretForm(),
			appID: f.app.ClientID, resource: "https://graph.microsoft.com", roles: []string{"User.Read.All", "Group.Read.All"}},
		{name: "no roles for the resource", tenant: testDomain, form: with(f.secretForm(), "scope", testResource+"/.default"),
			appID: f.app.ClientID, resource: testResource},
		{name: "basic with %+/: in the secret, no consent", tenant: f.tenantID,
			form:  url.Values{"grant_type": {"client_credentials"}, "scope": {graphScope}},
			edit:  basicAuth(f.bare.ClientID, f.bare.Secrets[0].Value),
			appID: f.bare.ClientID, resource: "https://graph.microsoft.com"},
		{name: "basic with matching body client_id", tenant: f.tenantID,
			form:  url.Values{"grant_type": {"client_credentials"}, "scope": {graphScope}, "client_id": {f.bare.ClientID}},
			edit:  basicAuth(f.bare.ClientID, f.bare.Secrets[0].Value),
			appID: f.bare.ClientID, resource: "https://graph.microsoft.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := checkToken(t, f.entra, f.call(t, tt.tenant, tt.form, tt.edit), 3599)
			iss := "https://sts.windows.net/" + f.tenantID + "/"
			want := map[string]any{
				"aud": tt.resource, "iss": iss, "idp": iss, "tid": f.tenantID,
				"appid": tt.appID, "appidacr": "1", "idtyp": "app", "ver": "1.0",
			}
			for k, v := range want {
				if claims[k] != v {
					t.Errorf("claim %s = %v, want %v", k, claims[k], v)
				}
			}
			if oid, _ := claims["oid"].(string); !regexp.MustCompile("^"+guidRE+"$").MatchString(oid) || claims["sub"] != oid {
				t.Errorf("oid = %v, sub = %v, want the same GUID", claims["oid"], claims["sub"])
			}
			roles, present := claims["roles"]
			switch {
			case tt.roles == nil && present:
				t.Errorf("roles = %v, want no roles claim", roles)
			case tt.roles != nil && fmt.Sprint(roles) != fmt.Sprint(tt.roles):
				t.Errorf("roles = %v, want %v", roles, tt.roles)
			}
		})
	}
}

func TestEntraSetExpiresIn(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.SetExpiresIn(120)
	checkToken(t, f.entra, f.call(t, testDomain, f.secretForm(), nil), 120)
}

// signAssertion builds a client assertion by hand.
func signAssertion(t *testing.T, key *rsa.PrivateKey, header, claims map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	digest := sha256.Sum256([]byte(input))
	var sig []byte
	if header["alg"] == "PS256" {
		sig, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	} else {
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	}
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + enc.EncodeToString(sig)
}

func x5t(c *x509.Certificate) string {
	sum := sha1.Sum(c.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func x5tS256(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func (f *entraFixture) assertionClaims(aud string) map[string]any {
	now := time.Now().Unix()
	return map[string]any{
		"aud": aud, "iss": f.app.ClientID, "sub": f.app.ClientID, "jti": fakeserver.NewGUID(),
		"nbf": now, "iat": now, "exp": now + 600,
	}
}

func (f *entraFixture) assertionForm(assertion string) url.Values {
	return url.Values{
		"grant_type":            {"client_credentials"},
		"client_id":             {f.app.ClientID},
		"client_assertion_type": {jwtBearerAssertionType},
		"client_assertion":      {assertion},
		"scope":                 {graphScope},
	}
}

func TestEntraClientAssertion(t *testing.T) {
	f := newEntraFixture(t)
	cert := f.app.Certificates[0]
	aud := f.tokenURL(testDomain)
	rs256 := map[string]any{"alg": "RS256", "typ": "JWT", "x5t": x5t(cert)}
	ps256 := map[string]any{"alg": "PS256", "typ": "JWT", "x5t#S256": x5tS256(cert)}
	claimsWith := func(name string, v any) map[string]any {
		c := f.assertionClaims(aud)
		if v == nil {
			delete(c, name)
		} else {
			c[name] = v
		}
		return c
	}
	now := time.Now().Unix()
	tests := []struct {
		name   string
		key    *rsa.PrivateKey
		header map[string]any
		claims map[string]any
		ok     bool
		reason string // substring of error_description when !ok
	}{
		{name: "RS256 x5t", key: f.certKey, header: rs256, claims: f.assertionClaims(aud), ok: true},
		{name: "PS256 x5t#S256", key: f.certKey, header: ps256, claims: f.assertionClaims(aud), ok: true},
		{name: "iat only", key: f.certKey, header: rs256, claims: claimsWith("nbf", nil), ok: true},
		{name: "RS256 named by x5t#S256", key: f.certKey, header: map[string]any{"alg": "RS256", "x5t#S256": x5tS256(cert)}, claims: f.assertionClaims(aud), reason: "The key was not found"},
		{name: "PS256 named by x5t", key: f.certKey, header: map[string]any{"alg": "PS256", "x5t": x5t(cert)}, claims: f.assertionClaims(aud), reason: "The key was not found"},
		{name: "unknown certificate", key: f.otherKey, header: map[string]any{"alg": "RS256", "x5t": x5t(f.otherCert)}, claims: f.assertionClaims(aud), reason: "The key was not found"},
		{name: "signed by another key", key: f.otherKey, header: rs256, claims: f.assertionClaims(aud), reason: "failed signature validation"},
		{name: "wrong aud", key: f.certKey, header: rs256, claims: claimsWith("aud", "https://login.microsoftonline.com/"+f.tenantID+"/oauth2/v2.0/token"), reason: "audience claim"},
		{name: "aud by GUID, request by domain", key: f.certKey, header: rs256, claims: claimsWith("aud", f.tokenURL(f.tenantID)), reason: "audience claim"},
		{name: "iss is another app", key: f.certKey, header: rs256, claims: claimsWith("iss", f.bare.ClientID), reason: "iss and sub"},
		{name: "sub missing", key: f.certKey, header: rs256, claims: claimsWith("sub", nil), reason: "iss and sub"},
		{name: "jti missing", key: f.certKey, header: rs256, claims: claimsWith("jti", nil), reason: "jti claim"},
		{name: "expired", key: f.certKey, header: rs256, claims: claimsWith("exp", now-1), reason: "expired at"},
		{name: "exp missing", key: f.certKey, header: rs256, claims: claimsWith("exp", nil), reason: "exp is missing"},
		{name: "valid for an hour", key: f.certKey, header: rs256, claims: claimsWith("exp", now+3600), reason: "more than 10m0s"},
		{name: "not yet valid", key: f.certKey, header: rs256, claims: func() map[string]any {
			c := f.assertionClaims(aud)
			c["nbf"], c["iat"], c["exp"] = now+3600, now+3600, now+3900
			return c
		}(), reason: "not valid before"},
		{name: "alg none", key: f.certKey, header: map[string]any{"alg": "none", "x5t": x5t(cert)}, claims: f.assertionClaims(aud), reason: "algorithm 'none'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertion := signAssertion(t, tt.key, tt.header, tt.claims)
			r := f.call(t, testDomain, f.assertionForm(assertion), nil)
			if !tt.ok {
				checkAADError(t, r, 401, "invalid_client", 700027)
				if desc := r.json(t)["error_description"].(string); !strings.Contains(desc, tt.reason) {
					t.Errorf("error_description = %q, want it to contain %q", desc, tt.reason)
				}
				return
			}
			claims := checkToken(t, f.entra, r, 3599)
			if claims["appidacr"] != "2" || claims["appid"] != f.app.ClientID {
				t.Errorf("appidacr = %v, appid = %v", claims["appidacr"], claims["appid"])
			}
		})
	}
}

func TestEntraClientAssertionReplay(t *testing.T) {
	f := newEntraFixture(t)
	header := map[string]any{"alg": "RS256", "typ": "JWT", "x5t": x5t(f.app.Certificates[0])}
	assertion := signAssertion(t, f.certKey, header, f.assertionClaims(f.tokenURL(testDomain)))
	checkToken(t, f.entra, f.call(t, testDomain, f.assertionForm(assertion), nil), 3599)
	r := f.call(t, testDomain, f.assertionForm(assertion), nil)
	checkAADError(t, r, 401, "invalid_client", 700027)
	if desc := r.json(t)["error_description"].(string); !strings.Contains(desc, "already been used") {
		t.Errorf("error_description = %q", desc)
	}
}

func TestEntraClientAssertionOverTLS(t *testing.T) {
	f := newEntraFixture(t)
	srv := httptest.NewTLSServer(f.entra)
	defer srv.Close()
	tokenURL := srv.URL + "/" + f.tenantID + "/oauth2/v2.0/token"
	header := map[string]any{"alg": "PS256", "x5t#S256": x5tS256(f.app.Certificates[0])}
	assertion := signAssertion(t, f.certKey, header, f.assertionClaims(tokenURL))
	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(f.assertionForm(assertion).Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status = %d, body %s", resp.StatusCode, body)
	}
}

func TestEntraInjectedFailures(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.FailNext(1, InjectedResponse{Status: 429, RetryAfter: "1", ContentType: "text/plain", Body: "Too Many Requests"})
	f.entra.FailNext(1, InjectedResponse{Status: 503, ContentType: "text/html", Body: "<html><body>Service Unavailable</body></html>"})

	r := f.call(t, testDomain, f.secretForm(), nil)
	if r.status != 429 || r.header.Get("Retry-After") != "1" || r.header.Get("Content-Type") != "text/plain" || string(r.body) != "Too Many Requests" {
		t.Errorf("first: status %d, Retry-After %q, Content-Type %q, body %q",
			r.status, r.header.Get("Retry-After"), r.header.Get("Content-Type"), r.body)
	}
	r = f.call(t, testDomain, f.secretForm(), nil)
	if r.status != 503 || r.header.Get("Retry-After") != "" || !strings.Contains(string(r.body), "<html>") {
		t.Errorf("second: status %d, Retry-After %q, body %q", r.status, r.header.Get("Retry-After"), r.body)
	}
	checkToken(t, f.entra, f.call(t, testDomain, f.secretForm(), nil), 3599)

	if n := f.entra.TokenRequests(); n != 3 {
		t.Errorf("TokenRequests = %d, want 3", n)
	}
	var statuses []int
	for _, req := range f.entra.Requests() {
		statuses = append(statuses, req.Status)
	}
	if !slices.Equal(statuses, []int{429, 503, 200}) {
		t.Errorf("recorded statuses = %v", statuses)
	}
}

func TestEntraRecordsRequests(t *testing.T) {
	f := newEntraFixture(t)
	header := map[string]any{"alg": "RS256", "x5t": x5t(f.app.Certificates[0])}
	assertion := signAssertion(t, f.certKey, header, f.assertionClaims(f.tokenURL(testDomain)))
	basicForm := url.Values{"grant_type": {"client_credentials"}, "scope": {graphScope}}
	f.call(t, testDomain, f.secretForm(), nil)
	f.call(t, f.tenantID, basicForm, basicAuth(f.bare.ClientID, f.bare.Secrets[0].Value))
	f.call(t, testDomain, f.assertionForm(assertion), nil)
	f.call(t, testDomain, without(f.secretForm(), "client_secret"), nil)

	want := []Request{
		{Tenant: testDomain, ClientID: f.app.ClientID, AuthMethod: "post", Status: 200,
			Form: without(f.secretForm(), "client_secret")},
		{Tenant: f.tenantID, ClientID: f.bare.ClientID, AuthMethod: "basic", Status: 200, Form: basicForm},
		{Tenant: testDomain, ClientID: f.app.ClientID, AuthMethod: "private_key_jwt", Status: 200,
			Form: without(f.assertionForm(assertion), "client_assertion")},
		{Tenant: testDomain, ClientID: f.app.ClientID, AuthMethod: "none", Status: 400,
			Form: without(f.secretForm(), "client_secret")},
	}
	got := f.entra.Requests()
	if len(got) != len(want) {
		t.Fatalf("got %d requests, want %d", len(got), len(want))
	}
	for i := range want {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("request %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestEntraConcurrentRequests(t *testing.T) {
	f := newEntraFixture(t)
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			form := f.secretForm()
			if i%2 == 1 {
				form = with(form, "client_secret", "wrong")
			}
			f.call(t, testDomain, form, nil)
		})
	}
	wg.Wait()
	if got := f.entra.TokenRequests(); got != n {
		t.Errorf("TokenRequests = %d, want %d", got, n)
	}
	counts := map[int]int{}
	for _, r := range f.entra.Requests() {
		counts[r.Status]++
	}
	if counts[200] != n/2 || counts[401] != n/2 {
		t.Errorf("statuses = %v, want %d of 200 and of 401", counts, n/2)
	}
}

func TestEntraLatency(t *testing.T) {
	f := newEntraFixture(t)
	f.entra.SetLatency(100 * time.Millisecond)
	start := time.Now()
	checkToken(t, f.entra, f.call(t, testDomain, f.secretForm(), nil), 3599)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered after %s, want at least 100ms", d)
	}

	// A client that gives up during the latency is counted and recorded
	// with status 0.
	f.entra.SetLatency(time.Minute)
	client := &http.Client{Timeout: 50 * time.Millisecond}
	req, err := http.NewRequest(http.MethodPost, f.tokenURL(testDomain), strings.NewReader(f.secretForm().Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("request did not time out")
	}
	f.srv.Close() // waits for the handler to return
	reqs := f.entra.Requests()
	if f.entra.TokenRequests() != 2 || len(reqs) != 2 || reqs[1].Status != 0 {
		t.Errorf("TokenRequests = %d, requests = %+v", f.entra.TokenRequests(), reqs)
	}
}

func TestEntraDiscovery(t *testing.T) {
	f := newEntraFixture(t)
	get := func(path string) result {
		req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		return do(t, req)
	}

	conf := get("/" + testDomain + "/v2.0/.well-known/openid-configuration").json(t)
	base := f.srv.URL + "/" + f.tenantID
	for k, want := range map[string]string{
		"issuer":                 base + "/v2.0",
		"token_endpoint":         base + "/oauth2/v2.0/token",
		"authorization_endpoint": base + "/oauth2/v2.0/authorize",
		"jwks_uri":               base + "/discovery/v2.0/keys",
	} {
		if conf[k] != want {
			t.Errorf("%s = %v, want %s", k, conf[k], want)
		}
	}

	var set struct {
		Keys []struct{ Kty, Use, Kid, N, E string }
	}
	if err := json.Unmarshal(get("/"+f.tenantID+"/discovery/v2.0/keys").body, &set); err != nil {
		t.Fatal(err)
	}
	pub := f.entra.PublicKey()
	n, _ := base64.RawURLEncoding.DecodeString(set.Keys[0].N)
	e, _ := base64.RawURLEncoding.DecodeString(set.Keys[0].E)
	if len(set.Keys) != 1 || set.Keys[0].Kty != "RSA" || new(big.Int).SetBytes(n).Cmp(pub.N) != 0 ||
		new(big.Int).SetBytes(e).Int64() != int64(pub.E) {
		t.Errorf("JWKS = %+v does not hold the public key", set)
	}
	header, _ := decodeToken(t, f.entra, checkTokenBody(t, f.call(t, testDomain, f.secretForm(), nil)))
	if header["kid"] != set.Keys[0].Kid {
		t.Errorf("token kid %v, JWKS kid %s", header["kid"], set.Keys[0].Kid)
	}

	checkAADError(t, get("/fabrikam.com/v2.0/.well-known/openid-configuration"), 400, "invalid_tenant", 90002)
}

func checkTokenBody(t *testing.T, r result) string {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", r.status, r.body)
	}
	return r.json(t)["access_token"].(string)
}

func TestTenantAppTokenIsForTheResource(t *testing.T) {
	tenant := StartTenant(t)
	tenant.AddResource("api://external-data")
	for _, resource := range []string{GraphResource, "api://external-data"} {
		payload, err := tenant.Verify(tenant.AppToken(t, tenant.ClientID, resource))
		var claims struct {
			Aud   string `json:"aud"`
			AppID string `json:"appid"`
		}
		if err == nil {
			err = json.Unmarshal(payload, &claims)
		}
		if err != nil || claims.Aud != resource || claims.AppID != tenant.ClientID {
			t.Errorf("AppToken(%s) carries %+v (%v), want that audience and the app's client id", resource, claims, err)
		}
	}
}
