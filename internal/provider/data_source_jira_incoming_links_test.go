package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

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
	lists := pluralDataSourceLists("oauthlink_jira_incoming_links", "links")
	all, reporting, none := lists("all"), lists("reporting"), lists("none")
	testPluralDataSources(t, j.ProviderBlock()+`
data "oauthlink_jira_incoming_links" "all" {}
data "oauthlink_jira_incoming_links" "reporting" {
  name_prefix = "Reporting"
}
data "oauthlink_jira_incoming_links" "none" {
  name_prefix = "Nothing"
}
`, []string{first.ClientSecret, second.ClientSecret, other.ClientSecret},
		all.size(3),
		all.at(0, "id", knownvalue.StringExact(other.ID)),
		all.at(0, "client_id", knownvalue.StringExact(other.ClientID)),
		all.at(0, "scope", knownvalue.StringExact("READ")),
		all.at(0, "user_key", knownvalue.StringExact(other.UserKey)),
		all.at(0, "redirect_uris", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("https://reports.example.com/callback")})),
		all.at(0, "token_endpoint", knownvalue.StringExact(j.URL+"/rest/oauth2/latest/token")),
		reporting.exactly(idAndName(first.ID, "Reporting 1"), idAndName(second.ID, "Reporting 2")),
		none.size(0),
	)
}
