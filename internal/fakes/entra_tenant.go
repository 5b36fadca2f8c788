package fakes

import (
	"crypto/x509"
	"maps"
	"net/http/httptest"
	"slices"
	"testing"
)

// EntraTenant is a started Entra fake with one tenant set up as an administrator would have it:
// an app registration with a client secret, an expired secret and a certificate, granted Graph's
// User.Read.All; and a second app whose admin consent is missing.
type EntraTenant struct {
	*Entra
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

	app EntraApp // the registration of ClientID, kept for GrantRoles
}

// StartEntraTenant starts an EntraTenant on loopback; it stops when the test ends.
func StartEntraTenant(t testing.TB) *EntraTenant {
	t.Helper()
	f, err := NewEntraTenant()
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(f.Entra)
	t.Cleanup(server.Close)
	f.URL = server.URL
	return f
}

// NewEntraTenant sets up an EntraTenant without serving it; the caller serves f.Entra and sets
// f.URL.
func NewEntraTenant() (*EntraTenant, error) {
	cert, certPEM, keyPEM, err := NewCertificate("oauthlink test app")
	if err != nil {
		return nil, err
	}
	f := &EntraTenant{
		Entra:               NewEntra(),
		TenantID:            NewGUID(),
		Domain:              "contoso.onmicrosoft.com",
		ClientID:            NewGUID(),
		SecretValue:         "Xy8Q~s3cr%t+value/with:odd=chars",
		SecretID:            NewGUID(),
		ExpiredSecretValue:  "Ab1C~expired.secret.value",
		CertificatePEM:      certPEM,
		PrivateKeyPEM:       keyPEM,
		UnconsentedClientID: NewGUID(),
	}
	f.AddTenant(f.TenantID, f.Domain)
	f.app = EntraApp{
		ClientID: f.ClientID,
		Secrets: []EntraSecret{
			{ID: f.SecretID, Value: f.SecretValue},
			{ID: NewGUID(), Value: f.ExpiredSecretValue, Expired: true},
		},
		Certificates: []*x509.Certificate{cert},
		Roles:        map[string][]string{graphResource: {"User.Read.All"}},
	}
	f.AddApp(f.TenantID, f.app)
	f.AddApp(f.TenantID, EntraApp{
		ClientID: f.UnconsentedClientID,
		Secrets:  []EntraSecret{{ID: NewGUID(), Value: f.SecretValue}},
	})
	return f, nil
}

// TokenURL is the tenant's v2 token endpoint.
func (f *EntraTenant) TokenURL() string {
	return f.URL + "/" + f.TenantID + "/oauth2/v2.0/token"
}

// GrantRoles grants ClientID's app more application permissions on a resource, as an
// administrator's consent would; tokens issued afterwards carry them.
func (f *EntraTenant) GrantRoles(resource string, roles ...string) {
	granted := maps.Clone(f.app.Roles)
	granted[resource] = append(slices.Clone(granted[resource]), roles...)
	f.app.Roles = granted
	f.AddApp(f.TenantID, f.app)
}
