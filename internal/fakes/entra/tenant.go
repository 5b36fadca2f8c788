package entra

import (
	"crypto/x509"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
)

// Tenant is a started Entra fake with one tenant set up as an administrator would have it:
// an app registration with a client secret, an expired secret and a certificate, granted Graph's
// User.Read.All; and a second app whose admin consent is missing.
type Tenant struct {
	*Fake
	// URL is the fake's base URL, "http://127.0.0.1:port" (Entra's login host stands here).
	URL      string
	TenantID string
	Domain   string

	ClientID           string
	SecretValue        string // the secret's Value, which authenticates
	SecretID           string // the secret's ID, which people paste by mistake
	ExpiredSecretValue string
	CertificatePEM     string
	PrivateKeyPEM      string

	// UnconsentedClientID is an app with SecretValue as its secret and no permission granted.
	UnconsentedClientID string

	app App // the registration of ClientID, kept for GrantRoles
}

// StartTenant starts a Tenant on loopback; it stops when the test ends.
func StartTenant(t testing.TB) *Tenant {
	t.Helper()
	f, err := NewTenant()
	if err != nil {
		t.Fatal(err)
	}
	f.URL = fakeserver.Start(t, f.Fake)
	return f
}

// NewTenant sets up a Tenant without serving it; the caller serves f.Fake and sets f.URL.
func NewTenant() (*Tenant, error) {
	cert, certPEM, keyPEM, err := NewCertificate("oauthlink test app")
	if err != nil {
		return nil, err
	}
	f := &Tenant{
		Fake:                New(),
		TenantID:            fakeserver.NewGUID(),
		Domain:              "contoso.onmicrosoft.com",
		ClientID:            fakeserver.NewGUID(),
		SecretValue:         "Xy8Q~s3cr%t+value/with:odd=chars",
		SecretID:            fakeserver.NewGUID(),
		ExpiredSecretValue:  "Ab1C~expired.secret.value",
		CertificatePEM:      certPEM,
		PrivateKeyPEM:       keyPEM,
		UnconsentedClientID: fakeserver.NewGUID(),
	}
	f.AddTenant(f.TenantID, f.Domain)
	f.app = App{
		ClientID: f.ClientID,
		Secrets: []Secret{
			{ID: f.SecretID, Value: f.SecretValue},
			{ID: fakeserver.NewGUID(), Value: f.ExpiredSecretValue, Expired: true},
		},
		Certificates: []*x509.Certificate{cert},
		Roles:        map[string][]string{GraphResource: {"User.Read.All"}},
	}
	f.AddApp(f.TenantID, f.app)
	f.AddApp(f.TenantID, App{
		ClientID: f.UnconsentedClientID,
		Secrets:  []Secret{{ID: fakeserver.NewGUID(), Value: f.SecretValue}},
	})
	return f, nil
}

// TokenURL is the tenant's v2 token endpoint.
func (f *Tenant) TokenURL() string {
	return f.URL + "/" + f.TenantID + "/oauth2/v2.0/token"
}

// AppToken fetches an app-only access token for resource (GraphResource, an application ID URI)
// with the client credentials of clientID and SecretValue, failing the test when the tenant issues
// none.
func (f *Tenant) AppToken(t testing.TB, clientID, resource string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID},
		"client_secret": {f.SecretValue}, "scope": {resource + "/.default"}}
	req, err := http.NewRequest(http.MethodPost, f.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := fakeserver.Do(t, req)
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &token); err != nil || token.AccessToken == "" {
		t.Fatalf("the Entra fake issued %s no token for %s: status %d, %s", clientID, resource, resp.StatusCode, body)
	}
	return token.AccessToken
}

// GrantRoles grants ClientID's app more application permissions on a resource, as an
// administrator's consent would; tokens issued afterwards carry them.
func (f *Tenant) GrantRoles(resource string, roles ...string) {
	granted := maps.Clone(f.app.Roles)
	granted[resource] = append(slices.Clone(granted[resource]), roles...)
	f.app.Roles = granted
	f.AddApp(f.TenantID, f.app)
}
