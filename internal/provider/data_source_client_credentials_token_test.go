package provider

import (
	"crypto/rsa"
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oidcprovidertest"
)

const graphScope = "https://graph.microsoft.com/.default"

// secretToken is oauthlink_client_credentials_token.graph, a data source (kind "data") or an
// ephemeral resource (kind "ephemeral"), that asks tokenURL for a Graph token with a client secret.
func secretToken(kind, tokenURL, clientID, secret string) string {
	return fmt.Sprintf(`
%s "oauthlink_client_credentials_token" "graph" {
  token_url     = %q
  client_id     = %q
  client_secret = %q
  scopes        = [%q]
}
`, kind, tokenURL, clientID, secret, graphScope)
}

// secretTokenConfig is secretToken's data source, with the provider retrying at most maxRetries
// times.
func secretTokenConfig(maxRetries int, tokenURL, clientID, secret string) string {
	return fmt.Sprintf("provider \"oauthlink\" {\n  max_retries = %d\n}\n", maxRetries) + secretToken("data", tokenURL, clientID, secret)
}

// entraTokenConfig is the data source oauthlink_client_credentials_token.graph asking the tenant
// for a token as its app; args holds the credential, the scopes and any other arguments.
func entraTokenConfig(entra *fakeentra.Tenant, args string) string {
	return fmt.Sprintf(`
data "oauthlink_client_credentials_token" "graph" {
  token_url = %q
  client_id = %q
  %s
}
`, entra.TokenURL(), entra.ClientID, args)
}

func TestAccClientCredentialsTokenDataSource_clientSecret(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	const addr = "data.oauthlink_client_credentials_token.graph"
	testOneStep(t, resource.TestStep{
		Config: secretTokenConfig(0, entra.TokenURL(), entra.ClientID, entra.SecretValue),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_token"), knownvalue.StringRegexp(regexp.MustCompile(`^eyJ`))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_type"), knownvalue.StringExact("Bearer")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringRegexp(rfc3339)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("roles"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("User.Read.All")})),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("aud"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://graph.microsoft.com")})),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("tid"), knownvalue.StringExact(entra.TenantID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("appid"), knownvalue.StringExact(entra.ClientID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("iss"), knownvalue.StringExact("https://sts.windows.net/"+entra.TenantID+"/")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("scp"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("claims").AtMapKey("exp"), knownvalue.NotNull()),
		},
		Check: func(*terraform.State) error {
			// client_auth defaults to auto, which tries Basic first; Entra accepts it.
			return expectAuthMethods(entra, "basic")
		},
	})
}

var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

func TestAccClientCredentialsTokenDataSource_clientCertificate(t *testing.T) {
	for _, alg := range []string{"RS256", "PS256"} {
		t.Run(alg, func(t *testing.T) {
			entra := fakeentra.StartTenant(t)
			testOneStep(t, resource.TestStep{
				Config: entraTokenConfig(entra, fmt.Sprintf(`client_certificate = {
    certificate_pem   = %q
    private_key_pem   = %q
    signing_algorithm = %q
  }
  scopes = [%q]`, entra.CertificatePEM, entra.PrivateKeyPEM, alg, graphScope)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.graph", tfjsonpath.New("claims").AtMapKey("roles"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("User.Read.All")})),
				},
				Check: func(*terraform.State) error { return expectAuthMethods(entra, "private_key_jwt") },
			})
		})
	}
}

func TestAccClientCredentialsTokenDataSource_clientAuthPost(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	testOneStep(t, resource.TestStep{
		Config: entraTokenConfig(entra, fmt.Sprintf(`client_secret   = %q
  client_auth     = "post"
  scopes          = [%q]
  endpoint_params = { resource_hint = "ignored by Entra" }`, entra.SecretValue, graphScope)),
		Check: func(*terraform.State) error {
			if err := expectAuthMethods(entra, "post"); err != nil {
				return err
			}
			if got := entra.Requests()[0].Form.Get("resource_hint"); got != "ignored by Entra" {
				return fmt.Errorf("endpoint_params not sent: resource_hint=%q", got)
			}
			return nil
		},
	})
}

// expectAuthMethods checks that every token request the fake saw authenticated the client the
// same way.
func expectAuthMethods(entra *fakeentra.Tenant, want string) error {
	requests := entra.Requests()
	if len(requests) == 0 {
		return fmt.Errorf("no token request reached the fake")
	}
	for _, r := range requests {
		if r.AuthMethod != want {
			return fmt.Errorf("a token request authenticated by %q, want %q", r.AuthMethod, want)
		}
	}
	return nil
}

func TestAccClientCredentialsTokenDataSource_entraErrors(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	for _, tc := range []struct {
		name                       string
		tokenURL, clientID, secret string
		want                       *regexp.Regexp
	}{
		{"secret ID instead of value", entra.TokenURL(), entra.ClientID, entra.SecretID,
			errorMatching("AADSTS7000215: Invalid client secret provided", "secret's ID (a GUID)")},
		{"expired secret", entra.TokenURL(), entra.ClientID, entra.ExpiredSecretValue,
			errorMatching("AADSTS7000222", "has expired", "client_secret_wo_version")},
		{"unknown client", entra.TokenURL(), fakeserver.NewGUID(), entra.SecretValue,
			errorMatching("AADSTS700016", "single-tenant app needs /{tenant-id}/")},
		{"wrong tenant or cloud", entra.URL + "/" + fakeserver.NewGUID() + "/oauth2/v2.0/token", entra.ClientID, entra.SecretValue,
			errorMatching("AADSTS90002", "wrong national cloud")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testOneStep(t, resource.TestStep{
				Config:      secretTokenConfig(0, tc.tokenURL, tc.clientID, tc.secret),
				ExpectError: tc.want,
			})
		})
	}
}

func TestAccClientCredentialsTokenDataSource_scopeErrors(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	for _, tc := range []struct {
		scopes string
		want   *regexp.Regexp
	}{
		{`["https://graph.microsoft.com/User.Read.All"]`, errorMatching("AADSTS1002012", "resource's /.default scope")},
		{`[]`, errorMatching("AADSTS70011", "scope is missing")},
	} {
		t.Run(tc.scopes, func(t *testing.T) {
			testOneStep(t, resource.TestStep{
				Config:      entraTokenConfig(entra, fmt.Sprintf("client_secret = %q\n  scopes = %s", entra.SecretValue, tc.scopes)),
				ExpectError: tc.want,
			})
		})
	}
}

func TestAccClientCredentialsTokenDataSource_certificateNotRegistered(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	_, certPEM, keyPEM := fakeentra.NewTestCertificate(t, "never uploaded")
	testOneStep(t, resource.TestStep{
		Config: entraTokenConfig(entra, fmt.Sprintf("client_certificate = { certificate_pem = %q, private_key_pem = %q }\n  scopes = [%q]",
			certPEM, keyPEM, graphScope)),
		ExpectError: errorMatching("AADSTS700027", "upload this certificate"),
	})
}

func TestAccClientCredentialsTokenDataSource_nonJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		injected fakeentra.InjectedResponse
		want     *regexp.Regexp
	}{
		{"plain-text throttling", fakeentra.InjectedResponse{Status: 429, RetryAfter: "60", ContentType: "text/plain", Body: "Too Many Requests"},
			errorMatching("429 Too Many Requests", `"Too Many Requests"`, "asked to wait 60 seconds")},
		{"proxy HTML page", fakeentra.InjectedResponse{Status: 502, ContentType: "text/html", Body: "<html><body><h1>Bad gateway</h1><p>upstream unreachable</p></body></html>"},
			errorMatching("502 Bad Gateway", `"Bad gateway upstream unreachable"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entra := fakeentra.StartTenant(t)
			entra.FailNext(100, tc.injected)
			testOneStep(t, resource.TestStep{
				Config:      secretTokenConfig(0, entra.TokenURL(), entra.ClientID, entra.SecretValue),
				ExpectError: tc.want,
			})
		})
	}
}

func TestAccClientCredentialsTokenDataSource_retriesThrottling(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	entra.FailNext(2, fakeentra.InjectedResponse{Status: 429, RetryAfter: "1", ContentType: "text/plain", Body: "Too Many Requests"})
	testOneStep(t, resource.TestStep{
		Config: secretTokenConfig(2, entra.TokenURL(), entra.ClientID, entra.SecretValue),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.graph", tfjsonpath.New("token_type"), knownvalue.StringExact("Bearer")),
		},
	})
}

// TestAccClientCredentialsTokenDataSource_cache reads fifty identical data sources: each
// provider process the CLI starts asks for the token once.
func TestAccClientCredentialsTokenDataSource_cache(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	var started atomic.Int32
	checkOnePerProcess := func(*terraform.State) error {
		if n, p := entra.TokenRequests(), int(started.Load()); n == 0 || n > p {
			return fmt.Errorf("%d token requests from %d provider processes reading 50 data sources: want at most one per process", n, p)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: countingFactories(&started),
		Steps: []resource.TestStep{{
			Config: entraTokenConfig(entra, fmt.Sprintf("count = 50\n  client_secret = %q\n  scopes = [%q]", entra.SecretValue, graphScope)),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.oauthlink_client_credentials_token.graph.49", "token_type", "Bearer"),
				checkOnePerProcess,
			),
		}},
	})
	if err := checkOnePerProcess(nil); err != nil {
		t.Fatal(err)
	}
}

func TestAccClientCredentialsTokenDataSource_validation(t *testing.T) {
	_, certPEM, keyPEM := fakeentra.NewTestCertificate(t, "one")
	_, _, otherKeyPEM := fakeentra.NewTestCertificate(t, "two")
	for _, tc := range []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"http to a remote host", `token_url = "http://login.example.com/token"
  client_id = "c"
  client_secret = "s"`, errorMatching("uses http: use https (http is accepted only for loopback")},
		{"relative URL", `token_url = "/token"
  client_id = "c"
  client_secret = "s"`, errorMatching("not an absolute URL")},
		{"no credential", `token_url = "https://login.example.com/token"
  client_id = "c"`, errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured: [client_secret,client_certificate]")},
		{"both credentials", fmt.Sprintf(`token_url = "https://login.example.com/token"
  client_id = "c"
  client_secret = "s"
  client_certificate = { certificate_pem = %q, private_key_pem = %q }`, certPEM, keyPEM), errorMatching("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [client_secret,client_certificate]")},
		{"empty client_id", `token_url = "https://login.example.com/token"
  client_id = ""
  client_secret = "s"`, errorMatching("client_id", "string length must be at least 1")},
		{"unknown client_auth", `token_url = "https://login.example.com/token"
  client_id = "c"
  client_secret = "s"
  client_auth = "header"`, errorMatching("client_auth", "value must be one of")},
		{"client_auth with a certificate", fmt.Sprintf(`token_url = "https://login.example.com/token"
  client_id = "c"
  client_auth = "basic"
  client_certificate = { certificate_pem = %q, private_key_pem = %q }`, certPEM, keyPEM), errorMatching(`"client_certificate" cannot be specified when "client_auth"`)},
		{"reserved endpoint param", `token_url = "https://login.example.com/token"
  client_id = "c"
  client_secret = "s"
  endpoint_params = { grant_type = "password" }`, errorMatching(`endpoint_params cannot set "grant_type"`)},
		{"two scopes in one", `token_url = "https://login.example.com/token"
  client_id = "c"
  client_secret = "s"
  scopes = ["Mail.Read offline_access"]`, errorMatching("Invalid scope", `list each scope as its own element, e.g. ["Mail.Read", "offline_access"]`)},
		{"key of another certificate", fmt.Sprintf(`token_url = "https://login.example.com/token"
  client_id = "c"
  client_certificate = { certificate_pem = %q, private_key_pem = %q }`, certPEM, otherKeyPEM), errorMatching("private_key_pem does not belong to certificate_pem")},
		{"unsupported algorithm", fmt.Sprintf(`token_url = "https://login.example.com/token"
  client_id = "c"
  client_certificate = { certificate_pem = %q, private_key_pem = %q, signing_algorithm = "ES256" }`, certPEM, keyPEM), errorMatching("signing_algorithm", "value must be one of")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testOneStep(t, resource.TestStep{
				Config:      "data \"oauthlink_client_credentials_token\" \"t\" {\n  " + tc.body + "\n}\n",
				PlanOnly:    true,
				ExpectError: tc.want,
			})
		})
	}
}

// TestAccClientCredentialsTokenDataSource_oidcProvider fetches tokens from oidc-provider, an
// independent implementation, through the CLI: a Basic secret that needs form-encoding, and a
// certificate credential with a resource indicator that yields a JWT.
func TestAccClientCredentialsTokenDataSource_oidcProvider(t *testing.T) {
	cert, certPEM, keyPEM := fakeentra.NewTestCertificate(t, "conformance")
	const secret = "s3cr%t+with/odd:chars="
	server := oidcprovidertest.Start(t,
		oidcprovidertest.Client{ID: "basic-client", Secret: secret, AuthMethod: "client_secret_basic"},
		oidcprovidertest.Client{ID: "jwt-client", AuthMethod: "private_key_jwt", SigningAlg: "RS256", PublicKey: cert.PublicKey.(*rsa.PublicKey)},
	)
	testOneStep(t, resource.TestStep{
		Config: fmt.Sprintf(`
data "oauthlink_client_credentials_token" "secret" {
  token_url     = %[1]q
  client_id     = "basic-client"
  client_secret = %[2]q
  client_auth   = "basic"
  scopes        = ["api:read"]
}

data "oauthlink_client_credentials_token" "certificate" {
  token_url          = %[1]q
  client_id          = "jwt-client"
  client_certificate = { certificate_pem = %[3]q, private_key_pem = %[4]q }
  scopes             = ["api:read", "api:write"]
  endpoint_params    = { resource = %[5]q }
}
`, server.TokenURL, secret, certPEM, keyPEM, oidcprovidertest.Resource),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.secret", tfjsonpath.New("claims"), knownvalue.Null()),
			statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.secret", tfjsonpath.New("scope"), knownvalue.StringExact("api:read")),
			statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.certificate", tfjsonpath.New("claims").AtMapKey("aud"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(oidcprovidertest.Resource)})),
			statecheck.ExpectKnownValue("data.oauthlink_client_credentials_token.certificate", tfjsonpath.New("claims").AtMapKey("iss"), knownvalue.StringExact(server.Issuer)),
		},
	})
}
