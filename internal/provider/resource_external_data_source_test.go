package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
)

const (
	edAddr          = "oauthlink_external_data_source.users"
	jiraCallbackURL = "https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth"
)

// edEnv is an External Data deployment beside an Entra tenant whose app may read SharePoint
// sites from a Graph fake, all on loopback.
type edEnv struct {
	graphFixture
	ed *fakeexternaldata.Server
}

func newEDEnv(t *testing.T) *edEnv {
	t.Helper()
	env := &edEnv{graphFixture: startGraph(t), ed: fakeexternaldata.Start(t)}
	// The fakes listen on random loopback ports, which the product's port list would refuse.
	env.ed.AllowAnyPort()
	env.entra.GrantRoles("https://graph.microsoft.com", "Sites.Read.All")
	return env
}

// sitesURL is the Graph fake's URL of a site by path, with a {variable} for the path.
func (env *edEnv) sitesURL() string {
	return env.url + "/v1.0/sites/contoso.sharepoint.com:/sites/{site}"
}

// config is a provider block for the deployment and the resource "users" with the given body.
func (env *edEnv) config(body string) string { return edConfig(env.ed, body) }

// edConfig is a provider block for the External Data deployment ed and the resource "users" of the
// Jira app with the given body.
func edConfig(ed *fakeexternaldata.Server, body string) string {
	return ed.ProviderBlock() + `
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
` + body + `
}
`
}

// secretStoredAt makes a check that the External Data service holds want at field of the source
// id (an argument of writeOnlyRotationSteps and adoption).
func secretStoredAt(ed *fakeexternaldata.Server, field string) func(id, want string) error {
	return func(id, want string) error {
		if got, _ := ed.Secret(id, field); got != want {
			return fmt.Errorf("the service holds %s %q, want %q", field, got, want)
		}
		return nil
	}
}

// clientCredentials is an oauth2 block for the tenant's app.
func (env *edEnv) clientCredentials(secretAttr string) string {
	return fmt.Sprintf(`
    oauth2 = {
      client_id = %q
      token_url = %q
      scopes    = ["https://graph.microsoft.com/.default"]
      %s
    }`, env.entra.ClientID, env.entra.TokenURL(), secretAttr)
}

func TestAccExternalDataSource_clientCredentialsLifecycle(t *testing.T) {
	env := newEDEnv(t)
	secret := fmt.Sprintf("client_secret = %q", env.entra.SecretValue)
	body := func(name string) string {
		return fmt.Sprintf(`
  name = %q
  url = {
    url     = %q
    headers = { ConsistencyLevel = "eventual" }
  }
  auth = {%s
  }
  test_on_apply = {
    variables = { site = "Sales" }
  }`, name, env.sitesURL(), env.clientCredentials(secret))
	}
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             goneAfterDestroy("data source", &id, env.ed.Get),
		Steps: []resource.TestStep{
			{
				Config: env.config(body("SharePoint sites")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("method"), knownvalue.StringExact("GET")),
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("response_type"), knownvalue.StringExact("json")),
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("auth").AtMapKey("oauth2").AtMapKey("grant_type"), knownvalue.StringExact("client_credentials")),
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(jiraCallbackURL)),
					// "Authenticate" was pressed: the service fetched a token from Entra itself.
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("version"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[edAddr].Primary.ID
					if got, _ := env.ed.Secret(id, "auth.oauth2.client_secret"); got != env.entra.SecretValue {
						return fmt.Errorf("stored client secret differs from the configured one")
					}
					// test_on_apply ran "Save and test", which read the site from Graph.
					if n := env.ed.CountRequests(http.MethodPost, "/api/v1/data-sources/"+id+"/test"); n != 1 {
						return fmt.Errorf("%d tests run, want 1", n)
					}
					return nil
				},
			},
			{
				// Saved again in the UI without a change: the version moved, the plan stays empty.
				PreConfig:        func() { env.ed.Touch(id) },
				Config:           env.config(body("SharePoint sites")),
				ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
			},
			{
				// A rename is an update in place; the unchanged secret is not sent again.
				Config: env.config(body("SharePoint sites (Sales)")),
				ConfigPlanChecks: preApply(
					plancheck.ExpectResourceAction(edAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(edAddr, tfjsonpath.New("version")),
				),
				Check: func(*terraform.State) error {
					puts := requestsTo(env.ed, http.MethodPut, "/api/v1/data-sources/"+id)
					if len(puts) != 1 || !bytes.Contains(puts[0].Body, []byte(`"token_url"`)) || bytes.Contains(puts[0].Body, []byte("client_secret")) {
						return fmt.Errorf("want one PUT without client_secret, got %d: %s", len(puts), firstBody(puts))
					}
					if puts[0].IfMatch == "" {
						return fmt.Errorf("the PUT carried no If-Match")
					}
					return nil
				},
			},
			{
				ResourceName:            edAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"auth.oauth2.client_secret", "test_on_apply"},
			},
		},
	})
}

// requestsTo lists the requests the External Data fake saw with this method and path.
func requestsTo(ed *fakeexternaldata.Server, method, path string) []fakeexternaldata.Request {
	var out []fakeexternaldata.Request
	for _, r := range ed.Requests() {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func firstBody(reqs []fakeexternaldata.Request) string {
	if len(reqs) == 0 {
		return "(none)"
	}
	return string(reqs[0].Body)
}

// warningRecorder is the provider server that keeps the warnings of every refresh and apply,
// which terraform-plugin-testing does not expose.
type warningRecorder struct {
	tfprotov6.ProviderServer
	mu       sync.Mutex
	warnings []*tfprotov6.Diagnostic
}

// factories serves the provider through the recorder.
func (w *warningRecorder) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := providerFactories()
	serve := factories["oauthlink"]
	factories["oauthlink"] = func() (tfprotov6.ProviderServer, error) {
		server, err := serve()
		w.mu.Lock()
		defer w.mu.Unlock()
		w.ProviderServer = server
		return w, err
	}
	return factories
}

func (w *warningRecorder) keep(diags []*tfprotov6.Diagnostic) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			w.warnings = append(w.warnings, d)
		}
	}
}

// take returns the warnings recorded since the last take.
func (w *warningRecorder) take() []*tfprotov6.Diagnostic {
	w.mu.Lock()
	defer w.mu.Unlock()
	warnings := w.warnings
	w.warnings = nil
	return warnings
}

func (w *warningRecorder) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := w.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		w.keep(resp.Diagnostics)
	}
	return resp, err
}

func (w *warningRecorder) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := w.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		w.keep(resp.Diagnostics)
	}
	return resp, err
}

// TestAccExternalDataSource_clientCredentialsLostAuthentication: a client-credentials source
// whose token the service lost (its secret expired at Entra, say) is not stored silently: the
// next refresh warns and says what to do, and sending the secret again authenticates it.
func TestAccExternalDataSource_clientCredentialsLostAuthentication(t *testing.T) {
	env := newEDEnv(t)
	cfg := func(version int) string {
		return env.config(fmt.Sprintf(`
  name = "SharePoint sites"
  url  = { url = %q }
  auth = {%s
  }`, env.sitesURL(), env.clientCredentials(fmt.Sprintf("client_secret_wo = %q\n      client_secret_wo_version = %d", env.entra.SecretValue, version))))
	}
	var recorder warningRecorder
	noWarnings := func(*terraform.State) error {
		if warnings := recorder.take(); len(warnings) > 0 {
			return fmt.Errorf("warnings %+v, want none", warnings[0])
		}
		return nil
	}
	var id string
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: recorder.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg(1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(noWarnings, recordID(edAddr, &id)),
			},
			{
				// The service lost its token: the refresh shows it, with a warning that says what to do.
				PreConfig: func() {
					recorder.take()
					env.ed.LoseToken(id)
				},
				Config:           cfg(1),
				ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					warnings := recorder.take()
					if len(warnings) == 0 {
						return fmt.Errorf("the refresh did not warn")
					}
					w := warnings[0]
					for _, want := range []string{"client credentials", `"Authenticate"`, "External Data for Jira", "client_secret_wo_version"} {
						if w.Summary != `External Data source "SharePoint sites" is not authenticated` || !strings.Contains(w.Detail, want) {
							return fmt.Errorf("warning %q: %q, want it to mention %q", w.Summary, w.Detail, want)
						}
					}
					return nil
				},
			},
			{
				// A new secret version sends the secret again, and the provider presses "Authenticate".
				Config: cfg(2),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
				},
				PreConfig: func() { recorder.take() },
				Check: func(*terraform.State) error {
					if n := env.ed.CountRequests(http.MethodPost, "/api/v1/data-sources/"+id+"/authenticate"); n != 2 {
						return fmt.Errorf("%d authenticate calls, want 2", n)
					}
					return nil
				},
			},
			{
				PreConfig:        func() { recorder.take() },
				Config:           cfg(2),
				ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
				Check:            noWarnings,
			},
		},
	})
}

// TestAccExternalDataSource_enumerationsInAnyCase: values written as the product's form shows
// them, or in any other case, plan and apply; the service is sent its own spelling, the state
// keeps the configured one, and the next plan is empty.
func TestAccExternalDataSource_enumerationsInAnyCase(t *testing.T) {
	env := newEDEnv(t)
	cfg := env.ed.ProviderBlock() + fmt.Sprintf(`
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Sites by query"
  url = {
    url           = %q
    method        = "post"
    content_type  = "application/json"
    body          = "{\"site\": \"{site}\"}"
    response_type = "XML"
  }
  auth = {%s
  }
}

resource "oauthlink_external_data_source" "assets" {
  app  = "confluence"
  name = "Assets"
  database = {
    driver   = "MySQL"
    host     = "db.example.com"
    port     = 3306
    query    = "SELECT tag FROM assets"
    ssl_mode = "VERIFY_IDENTITY"
  }
}
`, env.sitesURL(), env.clientCredentials(fmt.Sprintf("grant_type = \"Client_Credentials\"\n      client_secret = %q", env.entra.SecretValue)))
	const assets = "oauthlink_external_data_source.assets"
	providerTest(t,
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("method"), knownvalue.StringExact("post")),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("response_type"), knownvalue.StringExact("XML")),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("auth").AtMapKey("oauth2").AtMapKey("grant_type"), knownvalue.StringExact("Client_Credentials")),
				// Sent as client_credentials, the source was authenticated after the create.
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(assets, tfjsonpath.New("database").AtMapKey("driver"), knownvalue.StringExact("MySQL")),
				statecheck.ExpectKnownValue(assets, tfjsonpath.New("database").AtMapKey("ssl_mode"), knownvalue.StringExact("VERIFY_IDENTITY")),
			},
			Check: func(*terraform.State) error {
				for _, source := range env.ed.List() {
					switch {
					case source.URL != nil && (source.URL.Method != "POST" || source.URL.ResponseType != "xml" || source.Auth.OAuth2.GrantType != "client_credentials"):
						return fmt.Errorf("stored %s, %s, %s; want the API's spelling", source.URL.Method, source.URL.ResponseType, source.Auth.OAuth2.GrantType)
					case source.Database != nil && (source.Database.Driver != "mysql" || *source.Database.SSLMode != "verify_identity"):
						return fmt.Errorf("stored %s, %s; want the API's spelling", source.Database.Driver, *source.Database.SSLMode)
					}
				}
				return nil
			},
		},
		resource.TestStep{
			// Refreshed from the service's spelling, and saved again in the UI: still nothing to do.
			PreConfig: func() {
				for _, source := range env.ed.List() {
					env.ed.Touch(source.ID)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
		},
	)
}

// TestAccExternalDataSource_enumerationsInAnyCaseAfterImport: after an import the state holds the
// service's spelling, and the first apply records the configured one in an update that changes
// nothing on the service; the plan after it is empty.
func TestAccExternalDataSource_enumerationsInAnyCaseAfterImport(t *testing.T) {
	env := newEDEnv(t)
	made := env.ed.Add(fakeexternaldata.Source{
		App: "jira", Name: "Items", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://inventory.example.com/api/items", Method: "POST", ResponseType: "xml"},
		Auth: &fakeexternaldata.Auth{Type: "none"},
	})
	cfg := env.config(`
  name = "Items"
  url = {
    url           = "https://inventory.example.com/api/items"
    method        = "Post"
    response_type = "XML"
  }`)
	providerTest(t,
		resource.TestStep{
			Config:             cfg,
			ResourceName:       edAddr,
			ImportState:        true,
			ImportStateId:      made.ID,
			ImportStatePersist: true,
		},
		resource.TestStep{
			Config:           cfg,
			ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(edAddr, plancheck.ResourceActionUpdate)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("method"), knownvalue.StringExact("Post")),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("response_type"), knownvalue.StringExact("XML")),
			},
			Check: func(*terraform.State) error {
				if got, _ := env.ed.Get(made.ID); got.Version != made.Version {
					return fmt.Errorf("version %d after the update, want %d: the service saw a change", got.Version, made.Version)
				}
				return nil
			},
		},
	)
}

// TestAccExternalDataSource_emptyHeaders: headers = {} is no headers, and stays as written.
func TestAccExternalDataSource_emptyHeaders(t *testing.T) {
	env := newEDEnv(t)
	cfg := env.config(`
  name = "Inventory"
  url  = {
    url     = "https://inventory.example.com/api/items"
    headers = {}
  }`)
	providerTest(t,
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("headers"), knownvalue.MapExact(map[string]knownvalue.Check{})),
			},
		},
		plansNoChange(cfg),
	)
}

func TestAccExternalDataSource_writeOnlySecretRotation(t *testing.T) {
	env := newEDEnv(t)
	source := func(version int) string {
		return env.ed.ProviderBlock() + anySource.with(map[string]string{
			"name": `"Inventory"`,
			"url":  `{ url = "https://inventory.example.com/api/items?q={query}" }`,
			"auth": basicAuth("jira", "password_wo = var.secret", "password_wo_version = "+strconv.Itoa(version)),
		})
	}
	writeOnlyTest(t, writeOnlyRotationSteps(edAddr, source, secretStoredAt(env.ed, "auth.basic.password"))...)
}

func TestAccExternalDataSource_everyAuthType(t *testing.T) {
	env := newEDEnv(t)
	var id string
	// step applies auth and checks that the service stores wantStored at field, or no
	// authentication without auth, and the more checks.
	step := func(auth, field, wantStored string, more ...resource.TestCheckFunc) resource.TestStep {
		return resource.TestStep{
			Config: env.ed.ProviderBlock() + anySource.with(map[string]string{
				"name": `"Every auth"`, "url": `{ url = "https://api.example.com/items" }`, "auth": auth,
			}),
			Check: resource.ComposeTestCheckFunc(append([]resource.TestCheckFunc{recordID(edAddr, &id), func(*terraform.State) error {
				stored, _ := env.ed.Get(id)
				if field == "" {
					if stored.Auth != nil && stored.Auth.Type != "none" {
						return fmt.Errorf("auth type %q, want none", stored.Auth.Type)
					}
					return nil
				}
				return secretStoredAt(env.ed, field)(id, wantStored)
			}}, more...)...),
		}
	}
	bearer := `{ bearer = { token = "bearer-token" } }`
	providerTest(t,
		step(bearer, "auth.bearer.token", "bearer-token"),
		step(`{ custom_header = { name = "X-API-Key", value = "api-key-value" } }`, "auth.custom_header.value", "api-key-value"),
		step(basicAuth("jira", `password = "basic-password"`), "auth.basic.password", "basic-password"),
		// Switching type drops the old block's secret on the service.
		step(bearer, "auth.bearer.token", "bearer-token", func(*terraform.State) error {
			if _, ok := env.ed.Secret(id, "auth.basic.password"); ok {
				return fmt.Errorf("the basic password is still stored after switching to bearer")
			}
			return nil
		}),
		step("", "", ""),
	)
}

func TestAccExternalDataSource_database(t *testing.T) {
	env := newEDEnv(t)
	providerTest(t,
		resource.TestStep{
			Config: env.config(`
  name = "Assets"
  database = {
    driver   = "postgresql"
    host     = "db.example.com"
    port     = 5432
    database = "assets"
    username = "jira_reader"
    password = "db-password"
    query    = "SELECT id, name FROM assets WHERE owner = {reporter}"
  }
  test_on_apply = {
    variables = { reporter = "ada" }
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("callback_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("database").AtMapKey("port"), knownvalue.Int64Exact(5432)),
			},
			Check: func(s *terraform.State) error {
				return secretStoredAt(env.ed, "database.password")(s.RootModule().Resources[edAddr].Primary.ID, "db-password")
			},
		},
		resource.TestStep{
			// MySQL with TLS; the password is removed, so it is cleared on the service.
			Config: env.config(`
  name = "Assets"
  database = {
    driver      = "mysql"
    host        = "db.example.com"
    port        = 3306
    username    = "jira_reader"
    query       = "SELECT id, name FROM assets"
    ssl_mode    = "verify_identity"
    server_ca   = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----"
    client_cert = "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----"
    client_key  = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----"
  }`),
			ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(edAddr, plancheck.ResourceActionUpdate)),
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources[edAddr].Primary.ID
				if _, ok := env.ed.Secret(id, "database.password"); ok {
					return fmt.Errorf("the removed password is still stored")
				}
				if got, _ := env.ed.Secret(id, "database.client_key"); !strings.Contains(got, "KEY") {
					return fmt.Errorf("stored client key %q", got)
				}
				return nil
			},
		},
	)
}

func TestAccExternalDataSource_authorizationCodeNeedsConsent(t *testing.T) {
	env := newEDEnv(t)
	cfg := env.config(fmt.Sprintf(`
  name = "My profile"
  url  = { url = "https://graph.microsoft.com/v1.0/me" }
  auth = {
    oauth2 = {
      grant_type    = "authorization_code"
      client_id     = %q
      client_secret = %q
      auth_url      = %q
      token_url     = %q
      scopes        = ["offline_access", "https://graph.microsoft.com/User.Read"]
    }
  }`, env.entra.ClientID, env.entra.SecretValue, env.entra.URL+"/"+env.entra.TenantID+"/oauth2/v2.0/authorize", env.entra.TokenURL()))
	var id string
	providerTest(t,
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(jiraCallbackURL)),
			},
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[edAddr].Primary.ID
				// The provider never presses "Authenticate" for authorization code: it needs a browser.
				if n := env.ed.CountRequests(http.MethodPost, "/api/v1/data-sources/"+id+"/authenticate"); n != 0 {
					return fmt.Errorf("%d authenticate calls for an authorization-code source", n)
				}
				return nil
			},
		},
		resource.TestStep{
			// An administrator consents: the refresh shows it, and nothing needs applying.
			PreConfig:    func() { env.ed.Consent(id) },
			RefreshState: true,
			Check:        resource.TestCheckResourceAttr(edAddr, "authenticated", "true"),
		},
		plansNoChange(cfg),
	)
}

func TestAccExternalDataSource_testOnApplyFailure(t *testing.T) {
	env := newEDEnv(t)
	body := func(secret string) string {
		return fmt.Sprintf(`
  name = "SharePoint sites"
  url  = { url = %q }
  auth = {%s
  }
  test_on_apply = {
    variables = { site = "Sales" }
  }`, env.sitesURL(), env.clientCredentials(fmt.Sprintf("client_secret = %q", secret)))
	}
	var id string
	providerTest(t,
		resource.TestStep{
			// The expired secret: the service's token request fails, and so does the test.
			Config:      env.config(body(env.entra.ExpiredSecretValue)),
			ExpectError: errorMatching(`"Save and test" failed for External Data source "SharePoint sites"`, "AADSTS7000222"),
		},
		resource.TestStep{
			// The data source was saved (tainted): fixing the secret replaces it and passes.
			Config:           env.config(body(env.entra.SecretValue)),
			ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(edAddr, plancheck.ResourceActionReplace)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
			},
			Check: recordID(edAddr, &id),
		},
		resource.TestStep{
			// The site is gone from Graph: the test of an update fails with Graph's answer, and
			// the update itself is kept in state.
			PreConfig: func() {
				env.ed.SetTestResult(func(fakeexternaldata.Source, map[string]string) *fakeexternaldata.TestResult {
					return &fakeexternaldata.TestResult{OK: false, Status: 404, Message: "Requested site could not be found"}
				})
			},
			Config:      env.config(strings.Replace(body(env.entra.SecretValue), `"SharePoint sites"`, `"SharePoint sites (renamed)"`, 1)),
			ExpectError: errorMatching("the source answered 404", "Requested site could not be found"),
		},
		resource.TestStep{
			PreConfig:        func() { env.ed.SetTestResult(nil) },
			Config:           env.config(strings.Replace(body(env.entra.SecretValue), `"SharePoint sites"`, `"SharePoint sites (renamed)"`, 1)),
			ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
			Check: func(*terraform.State) error {
				if stored, _ := env.ed.Get(id); stored.Name != "SharePoint sites (renamed)" {
					return fmt.Errorf("stored name %q", stored.Name)
				}
				return nil
			},
		},
	)
}

func TestAccExternalDataSource_conflictingEditIsNotOverwritten(t *testing.T) {
	env := newEDEnv(t)
	cfg := func(header string) string {
		return env.config(fmt.Sprintf(`
  name = "Inventory"
  url = {
    url     = "https://inventory.example.com/api/items"
    headers = { Accept-Language = %q }
  }`, header))
	}
	var id string
	providerTest(t,
		resource.TestStep{
			Config: cfg("en"),
			Check:  recordID(edAddr, &id),
		},
		resource.TestStep{
			// Someone saves the data source in the UI after Terraform's refresh, before its PUT.
			PreConfig: func() {
				env.ed.BeforeNext(http.MethodPut, "/api/v1/data-sources/", func() {
					env.ed.Edit(id, func(ds *fakeexternaldata.Source) { ds.URL.URL = "https://inventory.example.com/api/v2/items" })
				})
			},
			Config:      cfg("de"),
			ExpectError: errorMatching("External Data answered 412", "changed outside Terraform since the last refresh", "run plan again"),
		},
		resource.TestStep{
			// Their change survived; the next plan shows it and the apply restores the configuration.
			PreConfig: func() {
				if stored, _ := env.ed.Get(id); !strings.Contains(stored.URL.URL, "/v2/") {
					t.Errorf("the UI's change was overwritten: %s", stored.URL.URL)
				}
			},
			Config: cfg("de"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("url"), knownvalue.StringExact("https://inventory.example.com/api/items")),
			},
		},
	)
}

func TestAccExternalDataSource_drift(t *testing.T) {
	env := newEDEnv(t)
	cfg := env.config(`
  name = "Inventory"
  url  = { url = "https://inventory.example.com/api/items" }
  auth = { bearer = { token = "bearer-token" } }`)
	var id string
	providerTest(t,
		resource.TestStep{Config: cfg, Check: recordID(edAddr, &id)},
		// Someone switches it to POST in the UI: the plan shows it.
		changedOutside(cfg, func() { env.ed.Edit(id, func(ds *fakeexternaldata.Source) { ds.URL.Method = "POST" }) }),
		resource.TestStep{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("method"), knownvalue.StringExact("GET")),
			},
		},
		// The service fails: an error, and the data source stays in state.
		failingRead(cfg, env.ed.FailNext, http.StatusInternalServerError, errorMatching("Unable to read External Data source", "External Data answered 500")),
		readRecovered(edAddr, cfg, env.ed.FailNext),
		// Someone deletes it: the plan creates it again.
		deletedOutside(edAddr, cfg, func() { env.ed.Delete(id) }),
	)
}

func TestAccExternalDataSource_createFailingAfterTheServiceSavedIt(t *testing.T) {
	env := newEDEnv(t)
	env.ed.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)
	testOneStep(t, resource.TestStep{
		Config: env.config(`
  name = "Inventory"
  url  = { url = "https://inventory.example.com/api/items" }
  auth = { bearer = { token = "bearer-token" } }`),
		Check: func(*terraform.State) error {
			if n := len(env.ed.List()); n != 1 {
				return fmt.Errorf("the service holds %d data sources, want 1", n)
			}
			return nil
		},
	})
}

func TestAccExternalDataSource_serviceErrors(t *testing.T) {
	env := newEDEnv(t)
	env.ed.Add(fakeexternaldata.Source{
		App: "jira", Name: "Taken", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://example.com/", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "none"},
	})
	strict := fakeexternaldata.Start(t) // keeps the product's port list
	providerTest(t,
		resource.TestStep{
			Config:      env.ed.ProviderBlock() + anySource.with(map[string]string{"name": `"Taken"`}),
			ExpectError: errorMatching(`Unable to create External Data source "Taken"`, "409", `already exists in jira`, "import"),
		},
		resource.TestStep{
			Config:      strict.ProviderBlock() + anySource.with(map[string]string{"name": `"Odd port"`, "url": `{ url = "https://example.com:9443/items" }`}),
			ExpectError: errorMatching("External Data answered 400", "url.url"),
		},
		resource.TestStep{
			Config: fmt.Sprintf(`
provider "oauthlink" {
  external_data = { base_url = %q, api_token = "wrong" }
}
`, env.ed.URL) + anySource.with(),
			ExpectError: errorMatching("External Data answered 401", "external_data.api_token"),
		},
	)
}

// basicAuth is an auth attribute of basic authentication as username, with the password
// attributes given (HCL, such as `password = "p"`).
func basicAuth(username string, password ...string) string {
	return fmt.Sprintf("{ basic = { %s } }", strings.Join(append([]string{"username = " + strconv.Quote(username)}, password...), ", "))
}

// anySource is a URL source of the Jira app, for tests about something other than its attributes.
var anySource = resourceBlock{"oauthlink_external_data_source", "users", map[string]string{
	"app":  `"jira"`,
	"name": `"x"`,
	"url":  `{ url = "https://example.com/" }`,
}}

func TestAccExternalDataSource_validation(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	for _, tc := range []struct {
		name   string
		change map[string]string // of anySource's attributes
		want   *regexp.Regexp
	}{
		{"neither url nor database", map[string]string{"url": ""}, errorMatching("Exactly one of these attributes must be configured", "url", "database")},
		{"both url and database", map[string]string{"database": `{ driver = "mysql", host = "h", port = 3306, query = "SELECT 1" }`},
			errorMatching("Invalid Attribute Combination")},
		{"long name", map[string]string{"name": strconv.Quote(strings.Repeat("n", 256))},
			errorMatching("Invalid name", "name is 256 characters long; at most 255 are allowed: shorten it.")},
		{"relative url", map[string]string{"url": `{ url = "/api/items" }`}, errorMatching("Invalid URL", "not an absolute URL")},
		{"http url", map[string]string{"url": `{ url = "http://api.example.com/items" }`}, errorMatching("Invalid URL", "uses http: use https")},
		{"method", map[string]string{"url": `{ url = "https://example.com/", method = "PUT" }`}, errorMatching("method", "value must be one of")},
		{"body with GET", map[string]string{"url": `{ url = "https://example.com/", body = "{}" }`}, errorMatching("url.body needs method POST")},
		{"response type", map[string]string{"url": `{ url = "https://example.com/", response_type = "csv" }`},
			errorMatching("response_type", "value must be one of")},
		{"bad header name", map[string]string{"url": `{ url = "https://example.com/", headers = { "Bad Header" = "v" } }`},
			errorMatching("not a valid header name")},
		{"empty auth", map[string]string{"auth": "{}"},
			errorMatching("Missing Attribute", "auth needs exactly one of `basic`, `bearer`, `custom_header`, `oauth2`")},
		{"two auth types", map[string]string{"auth": `{
    bearer        = { token = "t" }
    custom_header = { name = "X-Key", value = "v" }
  }`}, errorMatching("Invalid Attribute Combination")},
		{"bearer without token", map[string]string{"auth": `{ bearer = {} }`},
			errorMatching("Missing auth.bearer.token", "set auth.bearer.token, or auth.bearer.token_wo with auth.bearer.token_wo_version")},
		{"token_url missing", map[string]string{"auth": `{ oauth2 = { client_id = "c", client_secret = "s" } }`},
			errorMatching(`attribute "token_url" is required`)},
		{"auth_url missing for authorization code, in any case", map[string]string{"auth": `{
    oauth2 = {
      grant_type = "Authorization_Code"
      client_id  = "c"
      token_url  = "https://login.example.com/token"
      scopes     = ["offline_access"]
    }
  }`}, errorMatching("Missing auth_url")},
		{"scopes missing for authorization code", map[string]string{"auth": `{
    oauth2 = {
      grant_type = "authorization_code"
      client_id  = "c"
      auth_url   = "https://login.example.com/authorize"
      token_url  = "https://login.example.com/token"
    }
  }`}, errorMatching("Missing scopes")},
		{"grant type", map[string]string{"auth": `{ oauth2 = { grant_type = "password", client_id = "c", token_url = "https://login.example.com/token" } }`},
			errorMatching("grant_type", "value must be one of")},
		{"database port", map[string]string{"url": "", "database": `{ driver = "postgresql", host = "h", port = 70000, query = "SELECT 1" }`},
			errorMatching("port", "value must be between 1 and 65535")},
		{"database driver", map[string]string{"url": "", "database": `{ driver = "sqlite", host = "h", port = 1, query = "SELECT 1" }`},
			errorMatching("driver", "value must be one of")},
		{"ssl_mode for postgresql", map[string]string{"url": "", "database": `{ driver = "postgresql", host = "h", port = 5432, query = "SELECT 1", ssl_mode = "required" }`},
			errorMatching("database.ssl_mode is for MySQL only")},
		{"missing test variable", map[string]string{
			"url":           `{ url = "https://example.com/issues/{issueKey}" }`,
			"test_on_apply": `{ variables = { other = "1" } }`,
		}, errorMatching("Missing test values", "{issueKey}")},
		{"both secrets", map[string]string{"auth": basicAuth("u", `password = "p"`, `password_wo = "p"`, "password_wo_version = 1")},
			errorMatching("Invalid Attribute Combination")},
		{"app", map[string]string{"app": `"bitbucket"`}, errorMatching("app", "value must be one of")},
	} {
		t.Run(tc.name, func(t *testing.T) { expectPlanError(t, ed.ProviderBlock()+anySource.with(tc.change), tc.want) })
	}
}

func TestAccExternalDataSource_notConfigured(t *testing.T) {
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_URL", "")
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_TOKEN", "")
	testOneStep(t, resource.TestStep{
		Config:      anySource.with(),
		ExpectError: errorMatching("External Data is not configured", "external_data.base_url", "OAUTHLINK_EXTERNAL_DATA_URL"),
	})
}

// TestAccExternalDataSource_apiTokenFromOAuth2 authenticates to the management API with OAuth 2.0
// client credentials instead of an API token, and counts the tokens fetched.
func TestAccExternalDataSource_apiTokenFromOAuth2(t *testing.T) {
	env := newEDEnv(t)
	const audience = "api://external-data"
	env.entra.AddResource(audience)
	env.ed.TrustEntra(env.entra.Fake, audience)
	before := env.entra.TokenRequests()
	cfg := fmt.Sprintf(`
provider "oauthlink" {
  external_data = {
    base_url = %q
    oauth2 = {
      token_url     = %q
      client_id     = %q
      client_secret = %q
      scopes        = ["%s/.default"]
    }
  }
}
resource "oauthlink_external_data_source" "users" {
  count = 5
  app   = "jira"
  name  = "Source ${count.index}"
  url   = { url = "https://example.com/${count.index}" }
}
`, env.ed.URL, env.entra.TokenURL(), env.entra.ClientID, env.entra.SecretValue, audience)
	var started atomic.Int32
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: countingFactories(&started),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				if n := len(env.ed.List()); n != 5 {
					return fmt.Errorf("%d data sources, want 5", n)
				}
				// Each provider process fetches one token for all its requests.
				tokens, processes := env.entra.TokenRequests()-before, int(started.Load())
				t.Logf("%d token requests for %d provider processes and %d API requests", tokens, processes, len(env.ed.Requests()))
				if tokens == 0 || tokens > processes {
					return fmt.Errorf("%d token requests for %d provider processes, want at most one per process", tokens, processes)
				}
				return nil
			},
		}},
	})
}

// TestExternalDataSourceWarnings plans data sources that the service accepts but that fail or
// leak when used, over the plugin protocol as the CLI does in one plan (validate twice, plan
// once): each mistake warns exactly once, on the attribute to fix, and unknown values not at all.
func TestExternalDataSourceWarnings(t *testing.T) {
	const (
		typeName = "oauthlink_external_data_source"
		guid     = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
		secretID = "Client secret looks like a secret ID"
		port     = "Port not in the product's list"
	)
	p := newProtocolHarness(t)
	attrs := p.schema.ResourceSchemas[typeName].ValueType().(tftypes.Object).AttributeTypes
	nested := func(typ tftypes.Type, name string) tftypes.Type { return typ.(tftypes.Object).AttributeTypes[name] }
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	scopes := func(scopes ...string) tftypes.Value {
		values := make([]tftypes.Value, len(scopes))
		for i, s := range scopes {
			values[i] = str(s)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, values)
	}
	source := func(url, auth map[string]tftypes.Value, database map[string]tftypes.Value) map[string]tftypes.Value {
		set := map[string]tftypes.Value{"app": str("jira"), "name": str("Users")}
		if url != nil {
			set["url"] = objectValue(attrs["url"], url)
		}
		if database != nil {
			set["database"] = objectValue(attrs["database"], database)
		}
		if auth != nil {
			set["auth"] = objectValue(attrs["auth"], auth)
		}
		return set
	}
	oauth2 := func(set map[string]tftypes.Value) map[string]tftypes.Value {
		return map[string]tftypes.Value{"oauth2": objectValue(nested(attrs["auth"], "oauth2"), set)}
	}
	for _, tc := range []struct {
		name string
		set  map[string]tftypes.Value
		want []warning
	}{
		{
			name: "every mistake at once",
			set: source(map[string]tftypes.Value{
				"url": str("https://graph.example.com:9443/v1.0/users"),
				"headers": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
					map[string]tftypes.Value{"X-Api-Key": str("k3y"), "Accept": str("application/json")}),
			}, oauth2(map[string]tftypes.Value{
				"grant_type": str("Authorization_Code"), "client_id": str("app"),
				"client_secret_wo": str(guid), "client_secret_wo_version": tftypes.NewValue(tftypes.Number, 1),
				"auth_url":  str("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"),
				"token_url": str("https://idp.example.com:8888/token"), "scopes": scopes("User.Read"),
			}), nil),
			want: []warning{
				{secretID, "auth.oauth2.client_secret_wo is shaped like a GUID."},
				{port, "url.url: "}, {port, "auth.oauth2.token_url: "},
				{"Secret in a plain header", `The header "X-Api-Key" looks like a credential.`},
				{"No offline_access scope", `Add "offline_access" to scopes.`},
			},
		},
		{
			name: "a database password",
			set: source(nil, nil, map[string]tftypes.Value{
				"driver": str("postgresql"), "host": str("db.example.com"), "port": tftypes.NewValue(tftypes.Number, 5432),
				"query": str("SELECT name FROM users"), "password": str(guid),
			}),
			want: []warning{{secretID, "database.password is shaped like a GUID."}},
		},
		{
			name: "values known only after apply",
			set: source(map[string]tftypes.Value{
				"url":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"headers": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, tftypes.UnknownValue),
			}, oauth2(map[string]tftypes.Value{
				"grant_type": str("authorization_code"), "client_id": str("app"),
				"client_secret": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"auth_url":      str("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"),
				"token_url":     str("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
				"scopes":        tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, tftypes.UnknownValue),
			}), nil),
		},
		{
			name: "nothing to warn about",
			set: source(map[string]tftypes.Value{"url": str("https://graph.example.com:8443/v1.0/users")}, oauth2(map[string]tftypes.Value{
				"client_id": str("app"), "client_secret": str("Xy8Q~s3cr3t.value"),
				"token_url": str("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
				"scopes":    scopes("https://graph.microsoft.com/.default"),
			}), nil),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := planDiagnostics(t, p, typeName, tc.set)
			expectOnlyWarnings(t, diags, tc.want)
			for _, d := range diags {
				if strings.Contains(d.Detail, guid) || strings.Contains(d.Detail, "k3y") {
					t.Errorf("the diagnostic shows a secret: %s", d.Detail)
				}
			}
		})
	}
}

// TestAccExternalDataSource_warningsOncePerPlan runs the CLI's plan on a data source that earns
// every warning of TestExternalDataSourceWarnings and counts each once in the JSON output.
func TestAccExternalDataSource_warningsOncePerPlan(t *testing.T) {
	d := newCLIDir(t)
	d.write("main.tf", requireOAuthlink+`
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Users"
  url = {
    url     = "https://graph.example.com:9443/v1.0/users"
    headers = { "X-Api-Key" = "k3y" }
  }
  auth = {
    oauth2 = {
      grant_type    = "authorization_code"
      client_id     = "app"
      client_secret = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
      auth_url      = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
      token_url     = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
      scopes        = ["User.Read"]
    }
  }
}
`)
	d.expectEachWarningOnce("Client secret looks like a secret ID", "Port not in the product's list", "Secret in a plain header", "No offline_access scope")
}
