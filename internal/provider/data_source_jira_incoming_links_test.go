package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// addUIIncomingLink stores an incoming link as an administrator would create it in Jira's UI.
func addUIIncomingLink(j *fakejira.Server, name string) fakejira.IncomingLink {
	return j.AddIncomingLink(fakejira.IncomingLink{Name: name, Scope: "READ", Redirects: []string{"https://reports.example.com/callback"}})
}

func TestAccJiraIncomingLinksDataSource(t *testing.T) {
	j := fakejira.Start(t)
	second := addUIIncomingLink(j, "Reporting 2")
	other := addUIIncomingLink(j, "CI")
	first := addUIIncomingLink(j, "Reporting 1")
	const all, reporting, none = "data.oauthlink_jira_incoming_links.all", "data.oauthlink_jira_incoming_links.reporting", "data.oauthlink_jira_incoming_links.none"
	link := func(i int) tfjsonpath.Path { return tfjsonpath.New("links").AtSliceIndex(i) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: j.ProviderBlock() + `
data "oauthlink_jira_incoming_links" "all" {}
data "oauthlink_jira_incoming_links" "reporting" {
  name_prefix = "Reporting"
}
data "oauthlink_jira_incoming_links" "none" {
  name_prefix = "Nothing"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("links"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("id"), knownvalue.StringExact(other.ID)),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("client_id"), knownvalue.StringExact(other.ClientID)),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("scope"), knownvalue.StringExact("READ")),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("user_key"), knownvalue.StringExact(other.UserKey)),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("redirect_uris"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("https://reports.example.com/callback")})),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("token_endpoint"), knownvalue.StringExact(j.URL+"/rest/oauth2/latest/token")),
				statecheck.ExpectKnownValue(reporting, tfjsonpath.New("links"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(first.ID), "name": knownvalue.StringExact("Reporting 1")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(second.ID), "name": knownvalue.StringExact("Reporting 2")}),
				})),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("links"), knownvalue.ListSizeExact(0)),
				noSecretsIn{secrets: []string{first.ClientSecret, second.ClientSecret, other.ClientSecret}},
			},
		}},
	})
}
