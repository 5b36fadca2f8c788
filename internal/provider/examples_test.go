package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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
	entra.GrantRoles("https://graph.microsoft.com", "Sites.Read.All")
	graph := fakegraph.New(entra.Fake)
	graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	graphURL := fakeserver.Start(t, graph)
	graph.AddUser("Ada Lovelace", "ada@contoso.com")
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
	values := config.Variables{
		"login_url":               config.StringVariable(entra.URL),
		"tenant_id":               config.StringVariable(entra.TenantID),
		"client_id":               config.StringVariable(entra.ClientID),
		"client_secret":           config.StringVariable(entra.SecretValue),
		"certificate_pem":         config.StringVariable(entra.CertificatePEM),
		"private_key_pem":         config.StringVariable(entra.PrivateKeyPEM),
		"jira_token":              config.StringVariable("a-personal-access-token"),
		"client_secret_version":   config.IntegerVariable(1),
		"external_data_api_token": config.StringVariable("an-api-token"),
		"code_verifier":           config.StringVariable("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), // RFC 7636 Appendix B
	}

	for _, file := range files {
		t.Run(strings.TrimPrefix(file, examplesDir+"/"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			hcl := strings.ReplaceAll(string(raw), "https://login.microsoftonline.com", entra.URL)
			hcl = graphCall.ReplaceAllString(hcl, "${1}"+graphURL+"/v1.0/")
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{{
					Config:          hcl,
					ConfigVariables: declaredIn(hcl, values),
				}},
			})
		})
	}
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
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run the CLI")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
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
