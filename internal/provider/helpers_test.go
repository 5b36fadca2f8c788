package provider

// The helpers the tests of this package share: the provider served to the CLIs, checks and
// matchers for their output, the plugin protocol spoken directly, and the Graph fixture.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
)

// providerFactories serves the provider in-process to the Terraform or OpenTofu CLI that the
// acceptance tests drive (TF_ACC_TERRAFORM_PATH picks it), with the echo provider beside it to
// carry ephemeral values into state where a test needs to look at them.
func providerFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"oauthlink": providerserver.NewProtocol6WithError(New("test")()),
		"echo":      echoprovider.NewProviderServer(),
	}
}

// countingFactories is providerFactories that also counts how many provider processes the CLI
// started: each CLI command starts its own, with a cache of its own.
func countingFactories(started *atomic.Int32) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := providerFactories()
	serve := factories["oauthlink"]
	factories["oauthlink"] = func() (tfprotov6.ProviderServer, error) {
		started.Add(1)
		return serve()
	}
	return factories
}

// noSecretsIn fails when any of the given strings, or anything shaped like a JWT, appears in
// what a check sees of the plan or the state.
type noSecretsIn struct{ secrets []string }

func (c noSecretsIn) find(doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	text := string(raw)
	for _, s := range append([]string{"eyJ"}, c.secrets...) {
		if strings.Contains(text, s) {
			return fmt.Errorf("found %q in %s", s, text)
		}
	}
	return nil
}

func (c noSecretsIn) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.find(req.State)
}

func (c noSecretsIn) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.find(req.Plan)
}

var (
	_ statecheck.StateCheck = noSecretsIn{}
	_ plancheck.PlanCheck   = noSecretsIn{}
)

// recordID is a check that keeps the id in state of the resource at addr, for the steps after it.
func recordID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		*id = s.RootModule().Resources[addr].Primary.ID
		return nil
	}
}

// goneAfterDestroy is a CheckDestroy that fails while the service still finds the object *id,
// which get looks up; what names its kind in the error.
func goneAfterDestroy[T any](what string, id *string, get func(id string) (T, bool)) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, ok := get(*id); ok {
			return fmt.Errorf("%s %s still exists after destroy", what, *id)
		}
		return nil
	}
}

// secretVariable declares the ephemeral variable the write-only steps read; null where a step
// sets no value.
const secretVariable = `
variable "secret" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

// writeOnlyRotationSteps are a write-only secret's life in three applies: configAt(version) sets
// the write-only attribute of the resource at addr to var.secret, with that version; storedIs(id,
// want) checks that the service holds want for the object id; checks are more state checks of
// each step.
func writeOnlyRotationSteps(addr string, configAt func(version int) string, storedIs func(id, want string) error, checks ...statecheck.StateCheck) []resource.TestStep {
	step := func(version int, secret, wantStored string) resource.TestStep {
		return resource.TestStep{
			ConfigVariables:   variables(secret),
			Config:            secretVariable + configAt(version),
			ConfigStateChecks: append([]statecheck.StateCheck{noSecretsIn{secrets: []string{secret}}}, checks...),
			Check: func(s *terraform.State) error {
				return storedIs(s.RootModule().Resources[addr].Primary.ID, wantStored)
			},
		}
	}
	return []resource.TestStep{
		step(1, "first-wo-secret", "first-wo-secret"),
		// A new value without a new version is not sent: write-only values are never compared.
		step(1, "second-wo-secret", "first-wo-secret"),
		// Rotation: the version changes, the new secret is sent.
		step(2, "second-wo-secret", "second-wo-secret"),
	}
}

// variables gives var.secret (secretVariable) the value secret.
func variables(secret string) config.Variables {
	return config.Variables{"secret": config.StringVariable(secret)}
}

// versionedTest runs steps on the CLIs that check lets through (tfversion.SkipBelow, say).
func versionedTest(t *testing.T, check tfversion.TerraformVersionCheck, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{check},
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    steps,
	})
}

// writeOnlyTest runs steps whose configurations use write-only attributes, which need Terraform
// 1.11 or later.
func writeOnlyTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	versionedTest(t, tfversion.SkipBelow(tfversion.Version1_11_0), steps...)
}

// expectPlanError plans cfg alone and expects the error want, on the CLIs that know write-only
// attributes (writeOnlyTest), which the resources' schemas hold.
func expectPlanError(t *testing.T, cfg string, want *regexp.Regexp) {
	t.Helper()
	writeOnlyTest(t, resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: want})
}

// hclAttributes writes the attributes of a block, one a line in name order, from layers of
// values: each layer's values replace those of the layers before it, and an empty value leaves
// the attribute out. Values are HCL expressions.
func hclAttributes(layers ...map[string]string) string {
	values := map[string]string{}
	for _, layer := range layers {
		maps.Copy(values, layer)
	}
	var lines strings.Builder
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if values[name] != "" {
			fmt.Fprintf(&lines, "  %s = %s\n", name, values[name])
		}
	}
	return lines.String()
}

// resourceBlock is a resource of the tests' configurations: its type, its name, and its
// attributes, of which each test changes those it is about.
type resourceBlock struct {
	typeName, name string
	attributes     map[string]string
}

// addr is the resource's address.
func (b resourceBlock) addr() string { return b.typeName + "." + b.name }

// with is the resource block, with the attributes of the changes in place of its own
// (hclAttributes).
func (b resourceBlock) with(changes ...map[string]string) string {
	return fmt.Sprintf("\nresource %q %q {\n%s}\n", b.typeName, b.name, hclAttributes(append([]map[string]string{b.attributes}, changes...)...))
}

// changedOutside is a plan of cfg after change, someone's change outside Terraform to the object
// in state: the plan must show it.
func changedOutside(cfg string, change func()) resource.TestStep {
	return resource.TestStep{PreConfig: change, Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true}
}

// deletedOutside is an apply of cfg after del, someone's deletion outside Terraform of the object
// in state at addr: the plan must create it again.
func deletedOutside(addr, cfg string, del func()) resource.TestStep {
	return resource.TestStep{PreConfig: del, Config: cfg, ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))}
}

// failingRead is an apply of cfg while the service answers every request with status (failNext,
// a fake's FailNext): the refresh fails with the error want.
func failingRead(cfg string, failNext func(n, status int), status int, want *regexp.Regexp) resource.TestStep {
	return resource.TestStep{PreConfig: func() { failNext(100, status) }, Config: cfg, ExpectError: want}
}

// readRecovered is an apply of cfg after a failingRead, with the service answering again: the
// failed refresh kept the state, so the object at addr is left as it is; checks are more checks.
func readRecovered(addr, cfg string, failNext func(n, status int), checks ...resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:        func() { failNext(0, 0) },
		Config:           cfg,
		ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)),
		Check:            resource.ComposeTestCheckFunc(checks...),
	}
}

// preApply are the checks of a step's plan before it is applied.
func preApply(checks ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: checks}
}

// plansNoChange is a step that expects cfg to plan no change.
func plansNoChange(cfg string) resource.TestStep {
	return resource.TestStep{Config: cfg, ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan())}
}

// errorMatching matches an error output that contains each part, in order. The CLIs wrap
// diagnostics to the terminal's width, so a space in a part matches any run of white space.
func errorMatching(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, part := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(part), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// usingOpenTofu reports whether the acceptance tests drive OpenTofu rather than Terraform.
func usingOpenTofu() bool {
	return strings.Contains(filepath.Base(os.Getenv("TF_ACC_TERRAFORM_PATH")), "tofu")
}

const tokenTypeName = "oauthlink_client_credentials_token"

// exchangeLinkConfig is the outgoing link "exchange" with a plain client_secret, for tests about
// something other than the link's own attributes.
var exchangeLinkConfig = exchangeLink.with()

// protocolHarness speaks the plugin protocol to the provider directly, as a CLI would, for tests
// that look at what terraform-plugin-testing does not expose, such as warnings.
type protocolHarness struct {
	server tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

// newProtocolHarness starts the provider server and configures it with an empty provider block.
func newProtocolHarness(t *testing.T) *protocolHarness {
	t.Helper()
	p := startProtocolHarness(t)
	resp, err := p.server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, p.schema.Provider.ValueType(), nil),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp.Diagnostics)
	}
	return p
}

// startProtocolHarness starts the provider server, not yet configured.
func startProtocolHarness(t *testing.T) *protocolHarness {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return &protocolHarness{server: server, schema: schema}
}

func (p *protocolHarness) tokenConfig(t *testing.T, tokenURL, clientID, secret string) *tfprotov6.DynamicValue {
	return p.tokenConfigWith(t, secretTokenValues(tokenURL, clientID, secret))
}

func (p *protocolHarness) tokenConfigWith(t *testing.T, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	return dynamicValue(t, p.schema.DataSourceSchemas[tokenTypeName].ValueType(), set)
}

// dynamicValue encodes an object of type typ with the given attributes set and the others null
// (objectValue).
func dynamicValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, objectValue(typ, set))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// planDiagnostics is what the CLI hears from the provider in one plan of a new resource of
// typeName with the attributes set: Terraform validates the configuration twice (once to validate
// it, once to plan it) and plans it once.
func planDiagnostics(t *testing.T, p *protocolHarness, typeName string, set map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	typ := p.schema.ResourceSchemas[typeName].ValueType()
	config := dynamicValue(t, typ, set)
	return onePlan(t, func() (any, error) {
		return p.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName: typeName, Config: config,
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
		})
	}, func() (any, error) {
		return p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: dynamicValue(t, typ, nil), ProposedNewState: config, Config: config,
		})
	})
}

// countWarnings counts the warnings called summary whose detail holds inDetail.
func countWarnings(diags []*tfprotov6.Diagnostic, summary, inDetail string) int {
	found := 0
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == summary && strings.Contains(d.Detail, inDetail) {
			found++
		}
	}
	return found
}

// warning is a warning diagnostic a test wants: its summary, and a part of its detail.
type warning struct{ summary, inDetail string }

// expectOnlyWarnings fails the test unless diags are the wanted warnings, each exactly once.
func expectOnlyWarnings(t *testing.T, diags []*tfprotov6.Diagnostic, want []warning) {
	t.Helper()
	for _, w := range want {
		if n := countWarnings(diags, w.summary, w.inDetail); n != 1 {
			t.Errorf("%d warnings %q mentioning %q, want 1", n, w.summary, w.inDetail)
		}
	}
	if len(diags) != len(want) {
		t.Errorf("%d diagnostics, want %d: %s", len(diags), len(want), describe(diags))
	}
}

// planWarnings runs the CLI's plan -json and counts its warnings by summary: the JSON output,
// unlike the terminal, does not fold repeated warnings together.
func (d *cliDir) planWarnings() map[string]int {
	d.t.Helper()
	count := map[string]int{}
	for _, line := range strings.Split(d.mustRun("plan", "-json"), "\n") {
		var message struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary string
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &message) == nil && message.Type == "diagnostic" && message.Diagnostic.Severity == "warning" {
			count[message.Diagnostic.Summary]++
		}
	}
	return count
}

// expectEachWarningOnce runs the CLI's plan -json and fails the test unless it warns each of
// summaries exactly once.
func (d *cliDir) expectEachWarningOnce(summaries ...string) {
	d.t.Helper()
	count := d.planWarnings()
	for _, summary := range summaries {
		if count[summary] != 1 {
			d.t.Errorf("the plan warned %q %d times, want once; all warnings: %v", summary, count[summary], count)
		}
	}
}

// requireOAuthlink is the terraform block of a configuration the CLI runs with the built provider.
const requireOAuthlink = `terraform {
  required_providers {
    oauthlink = { source = "oauthlink/oauthlink" }
  }
}
`

func expectOnlyWarning(t *testing.T, diags []*tfprotov6.Diagnostic, summary, inDetail string) {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		diags[0].Summary != summary || !strings.Contains(diags[0].Detail, inDetail) {
		t.Fatalf("diagnostics %+v, want one warning %q mentioning %q", diags, summary, inDetail)
	}
}

// graphFixture is an Entra tenant whose app may read SharePoint sites, and a Graph that knows one.
type graphFixture struct {
	entra *fakeentra.Tenant
	url   string
	site  fakegraph.Site
}

func startGraph(t *testing.T) graphFixture {
	t.Helper()
	entra := fakeentra.StartTenant(t)
	entra.AddApp(entra.TenantID, fakeentra.App{
		ClientID: "sites-reader", Secrets: []fakeentra.Secret{{ID: fakeserver.NewGUID(), Value: entra.SecretValue}},
		Roles: map[string][]string{"https://graph.microsoft.com": {"Sites.Read.All"}},
	})
	graph := fakegraph.New(entra.Fake)
	site := graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	return graphFixture{entra: entra, url: fakeserver.Start(t, graph), site: site}
}

// apiRequestConfig looks a path up in the fake Graph as clientID; extra holds more arguments.
func (g graphFixture) apiRequestConfig(clientID, urlPath, extra string) string {
	return fmt.Sprintf(`
data "oauthlink_api_request" "lookup" {
  url = "%s%s"
  request_headers = { Accept = "application/json" }
  oauth2 = {
    token_url     = %q
    client_id     = %q
    client_secret = %q
    scopes        = ["https://graph.microsoft.com/.default"]
  }
  %s
}
`, g.url, urlPath, g.entra.TokenURL(), clientID, g.entra.SecretValue, extra)
}

func TestNoSecretsInFindsTokensAndSecrets(t *testing.T) {
	check := noSecretsIn{secrets: []string{"hunter2"}}
	for doc, wantErr := range map[string]bool{
		`{"access_token":"eyJhbGciOiJSUzI1NiJ9.e30.sig"}`: true,
		`{"client_secret":"hunter2"}`:                     true,
		`{"token_type":"Bearer"}`:                         false,
	} {
		var v any
		_ = json.Unmarshal([]byte(doc), &v)
		if err := check.find(v); (err != nil) != wantErr {
			t.Errorf("find(%s) = %v, want error %v", doc, err, wantErr)
		}
	}
}
