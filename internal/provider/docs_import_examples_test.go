package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// importExample is what the import examples of one resource page (import-by-string-id.tf,
// import-by-identity.tf, import.sh) need to run: the object they name, made in a fake as an
// administrator makes it in the UI.
type importExample struct {
	resource string
	// exampleID is the id the examples show; the fakes choose their own, which replaces it.
	exampleID string
	// name is the import id by name (name:…) the examples show.
	name string
	// start starts the fake, creates the object, and returns the provider block, the resource's
	// configuration (without its secrets: an adopted object keeps the server's) and its id.
	start func(t *testing.T) (providerBlock, config, id string)
}

// madeInJira is the start of an import example whose object add makes in a fake Jira, returning
// its id; config is the resource's configuration.
func madeInJira(config string, add func(*fakejira.Server) string) func(*testing.T) (string, string, string) {
	return func(t *testing.T) (string, string, string) {
		j := fakejira.Start(t)
		return j.ProviderBlock(), config, add(j)
	}
}

var importExamples = []importExample{
	{
		resource: "oauthlink_jira_outgoing_link", exampleID: "1b7e8f3a-54c2-4d0e-9f61-2a8c3d4e5f60", name: "name:Exchange Online",
		start: madeInJira(`
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online"
  provider_type = "microsoft"
  tenant        = "contoso.onmicrosoft.com"
  client_id     = "client-Exchange Online"
  scopes        = ["offline_access"]
}
`, func(j *fakejira.Server) string { return addUIOutgoingLink(j, "Exchange Online") }),
	},
	{
		resource: "oauthlink_jira_incoming_link", exampleID: "10100", name: "name:Reporting connector",
		start: madeInJira(`
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting connector"
  redirect_uris = ["https://reports.example.com/callback"]
  scope         = "READ"
}
`, func(j *fakejira.Server) string { return addUIIncomingLink(j, "Reporting connector").ID }),
	},
	{
		resource: "oauthlink_external_data_source", exampleID: "ds_01JD3T4Q8M2V6X9YBN5RFK7H2C", name: "name:jira/Graph users",
		start: func(t *testing.T) (string, string, string) {
			ed := fakeexternaldata.Start(t)
			source := ed.Add(fakeexternaldata.Source{
				App: "jira", Name: "Graph users", Type: "url",
				URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
				Auth: &fakeexternaldata.Auth{Type: "none"},
			})
			return ed.ProviderBlock(), `
resource "oauthlink_external_data_source" "graph_users" {
  app  = "jira"
  name = "Graph users"
  url  = { url = "https://crm.example.com/api/customers?q={query}" }
}
`, source.ID
		},
	},
}

// importBlock is one top-level import block of a formatted file.
var importBlock = regexp.MustCompile(`(?ms)^import \{\n.*?^\}\n`)

// TestAccDocsImportExamples applies each import block of the resource pages' import-by-*.tf
// examples on its own (a page may show alternatives for one resource), with the resource's
// configuration, against a fake holding the object the block names, and checks that the object
// with the fake's id was adopted. Identity in import blocks needs Terraform or OpenTofu ≥ 1.12.
// It also checks that import.sh shows the same id and name, so that the page's forms agree.
func TestAccDocsImportExamples(t *testing.T) {
	for _, ex := range importExamples {
		dir := filepath.Join(examplesDir, "resources", ex.resource)
		cli, err := os.ReadFile(filepath.Join(dir, "import.sh"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{ex.exampleID, ex.name} {
			if !strings.Contains(string(cli), want) {
				t.Errorf("%s/import.sh does not show the import id %q of the import blocks", dir, want)
			}
		}
		for file, shows := range map[string][]string{
			"import-by-string-id.tf": {`id = "` + ex.exampleID + `"`, `id = "` + ex.name + `"`},
			"import-by-identity.tf":  {`identity = { id = "` + ex.exampleID + `" }`},
		} {
			raw, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			blocks := importBlock.FindAllString(string(raw), -1)
			if len(blocks) != len(shows) {
				t.Fatalf("%s/%s: found %d import blocks, want %d (%q)", dir, file, len(blocks), len(shows), shows)
			}
			for i, block := range blocks {
				if !strings.Contains(block, shows[i]) {
					t.Fatalf("%s/%s: import block %d does not have %s:\n%s", dir, file, i+1, shows[i], block)
				}
				t.Run(ex.resource+"/"+file+"/"+strings.Fields(shows[i])[0]+"="+strings.Split(shows[i], `"`)[1], func(t *testing.T) {
					var versions []tfversion.TerraformVersionCheck
					if strings.HasPrefix(shows[i], "identity") {
						versions = append(versions, tfversion.SkipBelow(tfversion.Version1_12_0))
					}
					providerBlock, config, id := ex.start(t)
					addr := importTarget.FindStringSubmatch(block)[1]
					resource.Test(t, resource.TestCase{
						TerraformVersionChecks:   versions,
						ProtoV6ProviderFactories: providerFactories(),
						Steps: []resource.TestStep{{
							Config: providerBlock + config + strings.ReplaceAll(block, ex.exampleID, id),
							ConfigStateChecks: []statecheck.StateCheck{
								statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							},
						}},
					})
				})
			}
		}
	}
}

var importTarget = regexp.MustCompile(`(?m)^\s*to\s*=\s*(\S+)$`)
