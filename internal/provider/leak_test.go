package provider

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/faultproxy"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// leakWatch collects what a user can see of a run, the CLI's and the provider's trace logs
// (TF_LOG=trace), every diagnostic the provider returned, the state, and the saved plan as
// `show -json` prints it, and fails the test when any of it holds a credential, raw, URL-encoded
// or Base64-encoded.
//
// Secrets reach the configuration through ephemeral variables, as careful users pass them: a
// literal would be part of the configuration, which the CLIs copy into the plan. Values that the
// configuration keeps in state by design (an input of a data source) are watched in logs and
// diagnostics only.
type leakWatch struct {
	logDir string
	// everywhere are never in logs, diagnostics, plan or state; notLogged never in logs or
	// diagnostics.
	everywhere, notLogged []string

	mu    sync.Mutex
	diags []string
}

// watchLeaks starts watching; the logs and diagnostics are checked when the test ends. Tests
// that use it cannot run in parallel: the CLIs' log settings are environment variables.
func watchLeaks(t *testing.T, everywhere, notLogged []string) *leakWatch {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1 to run it", resource.EnvTfAcc)
	}
	w := &leakWatch{logDir: t.TempDir(), everywhere: everywhere, notLogged: notLogged}
	t.Setenv("TF_LOG", "TRACE")     // the provider's own logger, served in the test process
	t.Setenv("TF_ACC_LOG", "TRACE") // the CLI's
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(w.logDir, "%s.log"))
	t.Cleanup(func() { w.verify(t) })
	return w
}

// encodedForms lists a credential as it may be written: raw, URL-encoded (form or path) and
// Base64.
func encodedForms(secret string) []string {
	return []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
}

// jwt matches a JSON Web Token, or the start of one that an excerpt cut: an access token.
var jwt = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{16,}`)

// shownPrefix is how much of a credential counts as showing it: an excerpt cut in the middle of
// a secret shows its start.
const shownPrefix = 12

// find returns where text holds one of the secrets, the start of one, or a JWT, or "".
func find(text string, secrets []string) string {
	if loc := jwt.FindStringIndex(text); loc != nil {
		return fmt.Sprintf("a JWT at …%s…", text[max(loc[0]-80, 0):loc[1]])
	}
	for _, secret := range secrets {
		for _, form := range encodedForms(secret) {
			if i := strings.Index(text, form[:min(len(form), shownPrefix)]); i >= 0 {
				return fmt.Sprintf("%q at …%s…", form, text[max(i-80, 0):min(i+len(form)+40, len(text))])
			}
		}
	}
	return ""
}

// checks are the plan and state checks of every step.
func (w *leakWatch) checks() (plancheck.PlanCheck, statecheck.StateCheck) {
	check := noSecretsIn{secrets: w.everywhereForms()}
	return check, check
}

func (w *leakWatch) everywhereForms() []string {
	var out []string
	for _, s := range w.everywhere {
		out = append(out, encodedForms(s)...)
	}
	return out
}

func (w *leakWatch) verify(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(w.logDir, "*"))
	var logs strings.Builder
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Error(err)
		}
		logs.Write(data)
	}
	// A watch that saw nothing proves nothing.
	if !strings.Contains(logs.String(), `"HTTP request"`) && !strings.Contains(logs.String(), "HTTP request") {
		t.Errorf("the trace logs (%d files) hold no HTTP request of the provider", len(files))
	}
	watched := append(append([]string{}, w.everywhere...), w.notLogged...)
	if where := find(logs.String(), watched); where != "" {
		t.Errorf("the trace logs show a credential: %s", where)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if where := find(strings.Join(w.diags, "\n"), watched); where != "" {
		t.Errorf("a diagnostic shows a credential: %s", where)
	}
}

// factories serves the provider with every diagnostic it returns recorded.
func (w *leakWatch) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := providerFactories()
	serve := factories["oauthlink"]
	factories["oauthlink"] = func() (tfprotov6.ProviderServer, error) {
		server, err := serve()
		return &diagnosticsRecorder{ProviderServer: server, record: w.record}, err
	}
	return factories
}

func (w *leakWatch) record(diags []*tfprotov6.Diagnostic) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range diags {
		w.diags = append(w.diags, d.Summary+": "+d.Detail)
	}
}

// diagnosticsRecorder passes every call on and records the diagnostics of the answers that carry
// what a user reads.
type diagnosticsRecorder struct {
	tfprotov6.ProviderServer
	record func([]*tfprotov6.Diagnostic)
}

// recorded passes a call on to the server's method and records the diagnostics of its answer.
func recorded[Req, Resp any](r *diagnosticsRecorder, method func(context.Context, *Req) (*Resp, error), ctx context.Context, req *Req) (*Resp, error) {
	resp, err := method(ctx, req)
	r.record(diagnosticsOf(resp))
	return resp, err
}

func (r *diagnosticsRecorder) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return recorded(r, r.ProviderServer.ConfigureProvider, ctx, req)
}

func (r *diagnosticsRecorder) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return recorded(r, r.ProviderServer.ReadResource, ctx, req)
}

func (r *diagnosticsRecorder) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return recorded(r, r.ProviderServer.PlanResourceChange, ctx, req)
}

func (r *diagnosticsRecorder) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return recorded(r, r.ProviderServer.ApplyResourceChange, ctx, req)
}

func (r *diagnosticsRecorder) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return recorded(r, r.ProviderServer.ImportResourceState, ctx, req)
}

func (r *diagnosticsRecorder) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return recorded(r, r.ProviderServer.ReadDataSource, ctx, req)
}

func (r *diagnosticsRecorder) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return recorded(r, r.ProviderServer.OpenEphemeralResource, ctx, req)
}

// leakStep is a step whose plan and state are checked for the watched credentials; setup, when
// not nil, arranges the proxy's misbehaviour first.
func (w *leakWatch) step(vars config.Variables, hcl string, setup func(), expectError string) resource.TestStep {
	planCheck, stateCheck := w.checks()
	step := resource.TestStep{
		PreConfig:       setup,
		ConfigVariables: vars,
		Config:          hcl,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{planCheck},
		},
	}
	if expectError != "" {
		step.ExpectError = errorMatching(expectError)
	} else {
		step.ConfigStateChecks = []statecheck.StateCheck{stateCheck}
	}
	return step
}

// ephemeralVariables declares each name as an ephemeral, sensitive string variable.
func ephemeralVariables(names ...string) string {
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "variable %q {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}\n", name)
	}
	return b.String()
}

// Through a misbehaving Jira: echoed requests (the administrator's token, a link's secret in the
// body), a refresh that fails, a redirect to another host.
func TestAccNoCredentialLeaks_jira(t *testing.T) {
	jira := fakejira.Start(t)
	proxy := faultproxy.Start(t, jira.URL)
	const secret = "outgoing+client/secret value&1"
	w := watchLeaks(t, []string{jira.AdminToken, secret}, nil)
	vars := config.Variables{"jira_token": config.StringVariable(jira.AdminToken), "secret": config.StringVariable(secret)}
	hcl := func(version int) string {
		return ephemeralVariables("jira_token", "secret") + fmt.Sprintf(`
provider "oauthlink" {
  jira = {
    base_url = %q
    token    = var.jira_token
  }
}

resource "oauthlink_jira_outgoing_link" "exchange" {
  name                     = "Exchange Online"
  provider_type            = "microsoft"
  client_id                = "app-client-id"
  client_secret_wo         = var.secret
  client_secret_wo_version = %d
  scopes                   = ["offline_access"]
}

resource "oauthlink_jira_incoming_link" "connector" {
  name          = "Connector"
  redirect_uris = ["https://connector.example.com/callback"]
  scope         = "READ"
}
`, proxy.URL, version)
	}
	const outgoing, incoming = "/rest/oauth2-client/", "/rest/oauth2/latest/client"
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: w.factories(),
		Steps: []resource.TestStep{
			w.step(vars, hcl(1), nil, ""),
			// The update's body holds the new secret; Jira echoes it and the token back.
			w.step(vars, hcl(2), func() { proxy.On(http.MethodPut, outgoing).Echo(http.StatusBadRequest) }, "Jira answered 400"),
			w.step(vars, hcl(2), func() { proxy.On(http.MethodGet, incoming).Always().Echo(http.StatusBadRequest) }, "Jira answered 400"),
			w.step(vars, hcl(2), func() {
				proxy.Reset()
				proxy.On(http.MethodPut, outgoing).Redirect(http.StatusTemporaryRedirect, "http://127.0.0.2:9/collect")
			}, "redirecting to http://127.0.0.2:9/collect"),
			w.step(vars, hcl(2), proxy.Reset, ""),
		},
	})
}

// Through a misbehaving External Data API: the API token and every write-only secret of a
// source, echoed on create and on update.
func TestAccNoCredentialLeaks_externalData(t *testing.T) {
	env := newEDEnv(t)
	proxy := faultproxy.Start(t, env.ed.URL)
	const headerValue, password = "custom header value 1", "basic/password+2"
	w := watchLeaks(t, []string{env.ed.APIToken, headerValue, password}, nil)
	vars := config.Variables{
		"api_token": config.StringVariable(env.ed.APIToken), "header_value": config.StringVariable(headerValue),
		"password": config.StringVariable(password),
	}
	hcl := func(auth string) string {
		return ephemeralVariables("api_token", "header_value", "password") + fmt.Sprintf(`
provider "oauthlink" {
  external_data = {
    base_url  = %q
    api_token = var.api_token
  }
}

resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Inventory"
  url  = { url = "https://inventory.example.com/api/items" }
  auth = %s
}
`, proxy.URL, auth)
	}
	custom := `{
    custom_header = {
      name             = "X-Inventory-Key"
      value_wo         = var.header_value
      value_wo_version = 1
    }
  }`
	basic := `{
    basic = {
      username            = "jira"
      password_wo         = var.password
      password_wo_version = 1
    }
  }`
	const sources = "/api/v1/data-sources"
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: w.factories(),
		Steps: []resource.TestStep{
			w.step(vars, hcl(custom), func() { proxy.On(http.MethodPost, sources).Echo(http.StatusBadRequest) }, "External Data answered 400"),
			w.step(vars, hcl(custom), nil, ""),
			w.step(vars, hcl(basic), func() { proxy.On(http.MethodPut, sources).Echo(http.StatusUnprocessableEntity) }, "External Data answered 422"),
			w.step(vars, hcl(basic), proxy.Reset, ""),
		},
	})
}

// Through a misbehaving token endpoint and API: the client secret and the access token, echoed by
// the token endpoint and by the API that an oauthlink_api_request calls with a key header.
func TestAccNoCredentialLeaks_tokens(t *testing.T) {
	g := startGraph(t)
	tokenProxy := faultproxy.Start(t, g.entra.URL)
	apiProxy := faultproxy.Start(t, g.url)
	// A key under a name that says so, and a value the user marked sensitive under one that does not.
	const functionsKey, tenantReference = "functions-key-value-3", "tenant-reference-value-4"
	// The api_request's inputs (its client secret, its headers) are in its state by design.
	basic := base64.StdEncoding.EncodeToString([]byte("sites-reader:" + url.QueryEscape(g.entra.SecretValue)))
	w := watchLeaks(t, []string{}, []string{g.entra.SecretValue, functionsKey, tenantReference, basic})
	tokenURL := strings.Replace(g.entra.TokenURL(), g.entra.URL, tokenProxy.URL, 1)
	vars := config.Variables{
		"client_secret": config.StringVariable(g.entra.SecretValue), "api_client_secret": config.StringVariable(g.entra.SecretValue),
		"functions_key": config.StringVariable(functionsKey), "tenant_reference": config.StringVariable(tenantReference),
	}
	// A data source's inputs cannot be ephemeral; they come through sensitive variables, since the
	// CLIs log the configuration's text at trace level.
	hcl := ephemeralVariables("client_secret") + `
variable "api_client_secret" {
  type      = string
  sensitive = true
}

variable "functions_key" {
  type      = string
  sensitive = true
}

variable "tenant_reference" {
  type      = string
  sensitive = true
}
` + fmt.Sprintf(`
ephemeral "oauthlink_client_credentials_token" "graph" {
  token_url     = %[1]q
  client_id     = "sites-reader"
  client_secret = var.client_secret
  scopes        = ["https://graph.microsoft.com/.default"]
}

data "oauthlink_api_request" "site" {
  url             = "%[2]s/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
  request_headers = { "X-Functions-Key" = var.functions_key, "X-Tenant-Reference" = var.tenant_reference }
  oauth2 = {
    token_url     = %[1]q
    client_id     = "sites-reader"
    client_secret = var.api_client_secret
    scopes        = ["https://graph.microsoft.com/.default"]
  }
}
`, tokenURL, apiProxy.URL)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: w.factories(),
		Steps: []resource.TestStep{
			w.step(vars, hcl, func() { tokenProxy.On(http.MethodPost, "/").Always().Echo(http.StatusBadRequest) }, "token endpoint answered 400"),
			w.step(vars, hcl, func() {
				tokenProxy.Reset()
				apiProxy.On(http.MethodGet, "/v1.0/").Echo(http.StatusForbidden)
			}, "403 Forbidden"),
			w.step(vars, hcl, func() {
				apiProxy.On(http.MethodGet, "/v1.0/").Redirect(http.StatusFound, "http://127.0.0.2:9/collect")
			}, "redirecting to http://127.0.0.2:9/collect"),
			w.step(vars, hcl, func() {
				tokenProxy.On(http.MethodPost, "/").Redirect(http.StatusTemporaryRedirect, g.entra.TokenURL())
			}, "never redirected"),
		},
	})
}
