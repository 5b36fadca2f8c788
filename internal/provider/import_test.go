package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// The import ids (id, name:<name>, name:<app>/<name>) and the identity {id} of the three
// resources, on objects created in the fakes as an administrator would create them in the UIs.

const (
	uiOutgoingConfig = `
resource "oauthlink_jira_outgoing_link" "mail" {
  name          = "Mail"
  provider_type = "microsoft"
  tenant        = "contoso.onmicrosoft.com"
  client_id     = "client-Mail"
  client_secret = "a-new-secret"
  scopes        = ["offline_access"]
}
`
	uiIncomingConfig = `
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting"
  redirect_uris = ["https://reports.example.com/callback"]
  scope         = "READ"
}
`
	uiSourceConfig = `
resource "oauthlink_external_data_source" "customers" {
  app  = "confluence"
  name = "Customer lookup"
  url  = { url = "https://crm.example.com/api/customers?q={query}" }
}
`
)

func addUICustomerSource(ed *fakeexternaldata.Server, app string) fakeexternaldata.Source {
	return ed.Add(fakeexternaldata.Source{
		App: app, Name: "Customer lookup", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "none"},
	})
}

// importedID checks that an import found the object with the given id.
func importedID(want string) resource.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		if len(states) != 1 || states[0].ID != want {
			return fmt.Errorf("imported %v, want the object %s", states, want)
		}
		return nil
	}
}

func TestAccJiraLinks_importByName(t *testing.T) {
	j := fakejira.Start(t)
	outgoing := addUIOutgoingLink(j, "Mail")
	incoming := addUIIncomingLink(j, "Reporting")
	// Jira refuses a second link of a name, but its database may hold one (an old version, a
	// restored backup): the import must not pick one of them.
	twins := []string{addUIIncomingLink(j, "Twin").ID, addUIIncomingLink(j, "Twin").ID}
	slices.Sort(twins)
	providerTest(t,
		resource.TestStep{
			Config: j.ProviderBlock() + uiOutgoingConfig, ResourceName: "oauthlink_jira_outgoing_link.mail",
			ImportState: true, ImportStateId: "name:Mail", ImportStateCheck: importedID(outgoing),
		},
		resource.TestStep{
			Config: j.ProviderBlock() + uiIncomingConfig, ResourceName: "oauthlink_jira_incoming_link.reporting",
			ImportState: true, ImportStateId: "name:Reporting", ImportStateCheck: importedID(incoming.ID),
		},
		resource.TestStep{
			Config: j.ProviderBlock() + uiIncomingConfig, ResourceName: "oauthlink_jira_incoming_link.reporting",
			ImportState: true, ImportStateId: incoming.ID, ImportStateCheck: importedID(incoming.ID),
		},
		resource.TestStep{
			Config: j.ProviderBlock() + uiOutgoingConfig, ResourceName: "oauthlink_jira_outgoing_link.mail",
			ImportState: true, ImportStateId: "name:mail",
			ExpectError: errorMatching(`Unable to import Jira outgoing link named "mail"`, "Jira has no outgoing link with this name", "oauthlink_jira_outgoing_links"),
		},
		resource.TestStep{
			Config: j.ProviderBlock() + uiIncomingConfig, ResourceName: "oauthlink_jira_incoming_link.reporting",
			ImportState: true, ImportStateId: "name:Reporting ",
			ExpectError: errorMatching(`Unable to import Jira incoming link named "Reporting "`, "Jira has no incoming link with this name"),
		},
		resource.TestStep{
			Config: j.ProviderBlock() + uiIncomingConfig, ResourceName: "oauthlink_jira_incoming_link.reporting",
			ImportState: true, ImportStateId: "name:Twin",
			ExpectError: errorMatching(`2 incoming links are named "Twin", with the ids `+twins[0]+", "+twins[1], "Import one of them by its id"),
		},
	)
}

func TestAccExternalDataSource_importByName(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	ed.AllowAnyPort()
	addUICustomerSource(ed, "jira")
	confluence := addUICustomerSource(ed, "confluence")
	const addr = "oauthlink_external_data_source.customers"
	step := func(id string) resource.TestStep {
		return resource.TestStep{Config: ed.ProviderBlock() + uiSourceConfig, ResourceName: addr, ImportState: true, ImportStateId: id}
	}
	byName, byID := step("name:confluence/Customer lookup"), step(confluence.ID)
	byName.ImportStateCheck, byID.ImportStateCheck = importedID(confluence.ID), importedID(confluence.ID)
	missing, badApp, noApp := step("name:confluence/customer lookup"), step("name:bamboo/Customer lookup"), step("name:Customer lookup")
	missing.ExpectError = errorMatching(`Unable to import External Data source "customer lookup" of confluence`, `confluence has no data source named "customer lookup"`)
	badApp.ExpectError = errorMatching("Invalid import id name:bamboo/Customer lookup", "name:<app>/<name>, where <app> is jira or confluence")
	noApp.ExpectError = errorMatching("Invalid import id name:Customer lookup", "name:<app>/<name>")
	providerTest(t, byName, byID, missing, badApp, noApp)
}

// TestAccResourceIdentity_importBlock adopts objects made in the UIs with import blocks that give
// their identity. Terraform supports identity in import blocks from 1.12, OpenTofu from 1.12.
func TestAccResourceIdentity_importBlock(t *testing.T) {
	j := fakejira.Start(t)
	ed := fakeexternaldata.Start(t)
	ed.AllowAnyPort()
	outgoing := addUIOutgoingLink(j, "Mail")
	incoming := addUIIncomingLink(j, "Reporting")
	source := addUICustomerSource(ed, "confluence")
	providers := fmt.Sprintf(`
provider "oauthlink" {
  jira          = { base_url = %q, token = %q }
  external_data = { base_url = %q, api_token = %q }
}
`, j.URL, j.AdminToken, ed.URL, ed.APIToken)
	imports := fmt.Sprintf(`
import {
  to       = oauthlink_jira_outgoing_link.mail
  identity = { id = %q }
}
import {
  to       = oauthlink_jira_incoming_link.reporting
  identity = { id = %q }
}
import {
  to       = oauthlink_external_data_source.customers
  identity = { id = %q }
}
`, outgoing, incoming.ID, source.ID)
	config := providers + uiOutgoingConfig + uiIncomingConfig + uiSourceConfig
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: config + imports,
				// Jira never returns the outgoing link's secret: the apply after the import sends it.
				Check: func(*terraform.State) error { return j.ExpectOutgoingSecret(outgoing, "a-new-secret") },
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("oauthlink_jira_outgoing_link.mail", tfjsonpath.New("id"), knownvalue.StringExact(outgoing)),
					statecheck.ExpectKnownValue("oauthlink_jira_incoming_link.reporting", tfjsonpath.New("client_id"), knownvalue.StringExact(incoming.ClientID)),
					statecheck.ExpectKnownValue("oauthlink_external_data_source.customers", tfjsonpath.New("id"), knownvalue.StringExact(source.ID)),
					statecheck.ExpectIdentity("oauthlink_jira_incoming_link.reporting", map[string]knownvalue.Check{"id": knownvalue.StringExact(incoming.ID)}),
					statecheck.ExpectIdentity("oauthlink_external_data_source.customers", map[string]knownvalue.Check{"id": knownvalue.StringExact(source.ID)}),
				},
			},
			// plugin-testing's own import by identity, taken from the state just written.
			{Config: config, ResourceName: "oauthlink_jira_incoming_link.reporting", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: config, ResourceName: "oauthlink_external_data_source.customers", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
