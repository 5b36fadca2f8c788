package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/clitest"
	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// examplesDir holds the examples that the registry docs show and `make demo` applies.
const examplesDir = "../../examples"

// TestAccExamples applies every example against the fakes, as a user would apply it against
// Entra, Graph and Jira: only the login host, and the Graph URLs called, are swapped for the
// fakes' addresses. Write-only secrets need Terraform ≥ 1.11.
func TestAccExamples(t *testing.T) {
	files, err := filepath.Glob(examplesDir + "/*/*/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(examplesDir + "/*/*.tf")
	files = slices.DeleteFunc(append(files, more...), isImportByExample)
	if len(files) < 4 {
		t.Fatalf("found only %d examples: %v", len(files), files)
	}
	fakes := startExampleFakes(t)
	for _, file := range files {
		t.Run(strings.TrimPrefix(file, examplesDir+"/"), func(t *testing.T) {
			fakes.apply(t, file, resource.TestStep{})
		})
	}
}

// TestAccExampleFailurePaths applies each guide in the case its precondition, check or variable
// validation exists for (an app without admin consent, a secret about to expire, a source nobody
// authenticated, a value out of range) and asserts the guide's own message: a precondition's or
// validation's as the error, a check block's as the failed check in the plan, since Terraform
// reports a failed check only as a warning, which the testing framework does not expose.
func TestAccExampleFailurePaths(t *testing.T) {
	fakes := startExampleFakes(t)
	unconsented := config.Variables{"client_id": config.StringVariable(fakes.entra.UnconsentedClientID)}
	for _, tc := range []struct {
		guide, name string
		vars        config.Variables // set over the fakes' defaults
		// Exactly one of: the error, or a check block and its failure.
		wantError        *regexp.Regexp
		check            string
		wantCheckProblem *regexp.Regexp
	}{
		{guide: "graph-users-client-credentials", name: "without admin consent", vars: unconsented,
			wantError: errorMatching("The app's token has no User.Read.All role: grant the application permission and admin consent in Entra.")},
		{guide: "client-secret-expiry", name: "without Application.Read.All", vars: unconsented, check: "client_secret_expiry",
			wantCheckProblem: errorMatching("Graph did not let app "+fakes.entra.UnconsentedClientID+" read app registrations: grant it",
				"Application.Read.All and admin consent in Entra.")},
		{guide: "client-secret-expiry", name: "a secret ends in 10 days", check: "client_secret_expiry",
			wantCheckProblem: errorMatching("Client secrets of oauthlink examples expire within 30 days: Jira mail handler (ID "+
				fakes.entra.SecretID+") on "+fakes.expiringSecretEnd, "Create a new secret in Entra")},
		{guide: "entra-authorization-code", name: "nobody pressed Authenticate", check: "my_profile_authenticated",
			wantCheckProblem: errorMatching("press Authenticate and consent")},
		{guide: "rotate-secrets", name: "a month that does not exist", vars: config.Variables{"rotation_month": config.StringVariable("2026-13")},
			wantError: errorMatching(`rotation_month must be a month written YYYY-MM, e.g. "2026-11".`)},
		{guide: "exchange-online-mail-handler", name: "an unknown cloud", vars: config.Variables{"cloud": config.StringVariable("usgov")},
			wantError: errorMatching("cloud must be one of worldwide, gcc, gcc_high or dod.")},
	} {
		t.Run(tc.guide+"/"+tc.name, func(t *testing.T) {
			step := resource.TestStep{ConfigVariables: tc.vars, ExpectError: tc.wantError}
			if tc.check != "" { // in the plan after apply, where every value a check reads is known
				step.ConfigPlanChecks.PostApplyPostRefresh = []plancheck.PlanCheck{checkFails{name: tc.check, problem: tc.wantCheckProblem}}
			}
			fakes.apply(t, filepath.Join(examplesDir, "guides", tc.guide, "main.tf"), step)
		})
	}
}

// TestAccRotateSecretsGuide applies the guide "Rotate secrets" and then a new rotation_month:
// the Entra secret is sent again to the outgoing link and the External Data source, and the
// incoming link, rotated by the calendar, stays as it is within the month. Each apply is
// followed by a plan that must be empty.
func TestAccRotateSecretsGuide(t *testing.T) {
	fakes := startExampleFakes(t)
	rotated := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("oauthlink_jira_outgoing_link.mail", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("oauthlink_external_data_source.directory", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("oauthlink_jira_incoming_link.reporting", plancheck.ResourceActionNoop),
	}
	fakes.apply(t, filepath.Join(examplesDir, "guides", "rotate-secrets", "main.tf"),
		resource.TestStep{},
		resource.TestStep{
			ConfigVariables:  config.Variables{"rotation_month": config.StringVariable("2026-12")},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: rotated},
		})
}

// TestAccExchangeGuideClouds applies the guide "Exchange Online mail handler" in every cloud it
// names: the link signs in where the tenant lives and asks for that cloud's Exchange scopes.
func TestAccExchangeGuideClouds(t *testing.T) {
	fakes := startExampleFakes(t)
	for cloud, want := range map[string]struct{ login, exchange string }{
		"gcc":      {"https://login.microsoftonline.com/", "https://outlook.office.com/"},
		"gcc_high": {"https://login.microsoftonline.us/", "https://outlook.office365.us/"},
		"dod":      {"https://login.microsoftonline.us/", "https://outlook.office365.us/"},
	} {
		t.Run(cloud, func(t *testing.T) {
			link := "oauthlink_jira_outgoing_link.exchange"
			fakes.apply(t, filepath.Join(examplesDir, "guides", "exchange-online-mail-handler", "main.tf"), resource.TestStep{
				ConfigVariables: config.Variables{"cloud": config.StringVariable(cloud)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(link, tfjsonpath.New("token_endpoint"),
						knownvalue.StringExact(want.login+fakes.entra.TenantID+"/oauth2/v2.0/token")),
					statecheck.ExpectKnownValue(link, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(want.exchange + "IMAP.AccessAsUser.All"),
						knownvalue.StringExact(want.exchange + "POP.AccessAsUser.All"),
						knownvalue.StringExact("offline_access"),
					})),
				},
			})
		})
	}
}

// checkFails asserts that a check block failed in the plan with a message matching problem.
type checkFails struct {
	name    string
	problem *regexp.Regexp
}

func (c checkFails) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, result := range req.Plan.Checks {
		if result.Address.Kind != "check" || result.Address.Name != c.name {
			continue
		}
		var messages []string
		for _, instance := range result.Instances {
			for _, problem := range instance.Problems {
				if c.problem.MatchString(problem.Message) {
					return
				}
				messages = append(messages, problem.Message)
			}
		}
		resp.Error = fmt.Errorf("check %q is %s with problems %q; want a failure matching %s", c.name, result.Status, messages, c.problem)
		return
	}
	resp.Error = fmt.Errorf("the plan has no check %q", c.name)
}

// exampleFakes are the fakes the examples run against, set up as an administrator would have
// them, with the values of the variables the examples declare.
type exampleFakes struct {
	entra    *fakeentra.Tenant
	graphURL string
	values   config.Variables
	// expiringSecretEnd is the end date (RFC 3339) of the watched app's secret that expires in
	// 10 days, which the guide "Warn before a client secret expires" reports.
	expiringSecretEnd string
}

// startExampleFakes starts the fakes and points the provider's environment at them.
func startExampleFakes(t *testing.T) *exampleFakes {
	t.Helper()
	// The examples name the provider by its registry address, oauthlink/oauthlink.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "oauthlink")

	entra := fakeentra.StartTenant(t)
	// The Jira examples name no provider block: the environment configures Jira, as in CI.
	jira := fakejira.Start(t)
	jira.AllowHTTPEndpoints = true // the login host below becomes the fake's http address
	jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Mail handler (created in Jira)", Type: "MICROSOFT", ClientID: "c", Scopes: []string{"offline_access"},
		AuthorizationEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
		TokenEndpoint:         "https://login.microsoftonline.com/common/oauth2/v2.0/token",
	})
	entra.GrantRoles("https://graph.microsoft.com", "Sites.Read.All", "Application.Read.All")
	graph := fakegraph.New(entra.Fake)
	graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	graphURL := fakeserver.Start(t, graph)
	graph.AddUser("Ada Lovelace", "ada@contoso.com")
	// The app's secrets as Graph lists them: the one in use ends in 10 days, a spare in a year.
	now := time.Now().UTC().Truncate(time.Second)
	expiringSecretEnd := now.AddDate(0, 0, 10)
	graph.AddApplication(entra.ClientID, "oauthlink examples",
		fakegraph.PasswordCredential{KeyID: entra.SecretID, DisplayName: "Jira mail handler", Hint: entra.SecretValue[:3],
			StartDateTime: now.AddDate(0, -6, 0), EndDateTime: expiringSecretEnd},
		fakegraph.PasswordCredential{KeyID: fakeserver.NewGUID(), DisplayName: "spare", Hint: "Zq4",
			StartDateTime: now, EndDateTime: now.AddDate(1, 0, 0)})
	t.Setenv(envJiraURL, jira.URL)
	t.Setenv(envJiraToken, jira.AdminToken)
	// So do the External Data ones; its fake must accept the other fakes' random ports.
	externalData := fakeexternaldata.Start(t)
	externalData.AllowAnyPort()
	externalData.Add(fakeexternaldata.Source{
		App: "jira", Name: "Customer lookup", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "none"},
	})
	// Objects "made by hand", with secrets nobody knows, that the guide "Adopt an existing setup"
	// lists, imports and manages without them.
	legacySecret, legacyPassword := "made-by-hand-secret", "made-by-hand-password"
	jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Legacy mail handler", Type: "MICROSOFT", ClientID: "legacy-client-id", ClientSecret: &legacySecret,
		Scopes:                []string{"offline_access", "https://outlook.office.com/IMAP.AccessAsUser.All"},
		AuthorizationEndpoint: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
		TokenEndpoint:         "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
	})
	externalData.Add(fakeexternaldata.Source{
		App: "jira", Name: "Legacy CRM", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "basic", Basic: &fakeexternaldata.Basic{Username: "svc-jira", Password: &legacyPassword}},
	})
	t.Setenv(envExternalDataURL, externalData.URL)
	t.Setenv(envExternalDataToken, externalData.APIToken)
	return &exampleFakes{
		entra:             entra,
		graphURL:          graphURL,
		expiringSecretEnd: expiringSecretEnd.Format(time.RFC3339),
		values: config.Variables{
			"login_url":               config.StringVariable(entra.URL),
			"tenant_id":               config.StringVariable(entra.TenantID),
			"client_id":               config.StringVariable(entra.ClientID),
			"client_secret":           config.StringVariable(entra.SecretValue),
			"app_id":                  config.StringVariable(entra.ClientID),
			"certificate_pem":         config.StringVariable(entra.CertificatePEM),
			"private_key_pem":         config.StringVariable(entra.PrivateKeyPEM),
			"jira_token":              config.StringVariable("a-personal-access-token"),
			"client_secret_version":   config.IntegerVariable(1),
			"external_data_api_token": config.StringVariable("an-api-token"),
			"database_password":       config.StringVariable("a-database-password"),
			"code_verifier":           config.StringVariable("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), // RFC 7636 Appendix B
		},
	}
}

// apply applies the example in file in steps, each with the fakes' values of the variables the
// example declares, overridden by the step's own ConfigVariables.
func (f *exampleFakes) apply(t *testing.T, file string, steps ...resource.TestStep) {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	hcl := strings.ReplaceAll(string(raw), "https://login.microsoftonline.com", f.entra.URL)
	hcl = graphCall.ReplaceAllString(hcl, "${1}"+f.graphURL+"/v1.0/")
	for i := range steps {
		values := maps.Clone(f.values)
		maps.Copy(values, steps[i].ConfigVariables)
		steps[i].Config, steps[i].ConfigVariables = hcl, declaredIn(hcl, values)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    steps,
	})
}

// isImportByExample reports whether file is an import block for a resource page
// (tfplugindocs' import-by-*.tf): it imports objects that only the docs' own import test creates,
// so applying it alone here would fail.
func isImportByExample(file string) bool {
	ok, _ := filepath.Match("import-by-*.tf", filepath.Base(file))
	return ok
}

// graphCall is a Graph URL that is called (url = "…"), not a scope or an audience.
var graphCall = regexp.MustCompile(`(\burl\s*=\s*")https://graph\.microsoft\.com/v1\.0/`)

var variableBlock = regexp.MustCompile(`(?m)^variable "([^"]+)"`)

// declaredIn keeps the values of the variables that a configuration declares.
func declaredIn(hcl string, values config.Variables) config.Variables {
	declared := config.Variables{}
	for _, m := range variableBlock.FindAllStringSubmatch(hcl, -1) {
		if v, ok := values[m[1]]; ok {
			declared[m[1]] = v
		}
	}
	return declared
}

// TestAccExamplesAreFormatted runs the CLI's fmt check over the examples.
func TestAccExamplesAreFormatted(t *testing.T) {
	cli := clitest.Acceptance(t)
	out, err := exec.Command(cli, "fmt", "-check", "-diff", "-recursive", examplesDir).CombinedOutput()
	if err != nil {
		t.Fatalf("%s fmt -check: %v\n%s\nRun: terraform fmt -recursive examples", filepath.Base(cli), err, out)
	}
}

func TestIsImportByExample(t *testing.T) {
	for file, want := range map[string]bool{
		"../../examples/resources/oauthlink_jira_outgoing_link/import-by-string-id.tf": true,
		"../../examples/resources/oauthlink_jira_outgoing_link/resource.tf":            false,
		"../../examples/guides/adopt-existing-setup/import.tf":                         false,
	} {
		if got := isImportByExample(file); got != want {
			t.Errorf("isImportByExample(%q) = %v, want %v", file, got, want)
		}
	}
}
