package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
)

func TestAccExternalDataSourcesDataSource(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	ed.AllowAnyPort()
	profileB := addAuthorizationCodeSource(ed, "jira", "Profile b")
	addAuthorizationCodeSource(ed, "confluence", "Profile a")
	profileA := addAuthorizationCodeSource(ed, "jira", "Profile a")
	// More than a page of the service's list (100), so that the listing must follow the cursor.
	for i := range 101 {
		ed.Add(fakeexternaldata.Source{
			App: "jira", Name: fmt.Sprintf("Filler %03d", i), Type: "url",
			URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers", Method: "GET", ResponseType: "json"},
			Auth: &fakeexternaldata.Auth{Type: "none"},
		})
	}
	lists := pluralDataSourceLists("oauthlink_external_data_sources", "sources")
	all, profiles, inJira, none := lists("all"), lists("profiles"), lists("in_jira"), lists("none")
	testPluralDataSources(t, ed.ProviderBlock()+`
data "oauthlink_external_data_sources" "all" {}
data "oauthlink_external_data_sources" "profiles" {
  name_prefix = "Profile"
}
data "oauthlink_external_data_sources" "in_jira" {
  app         = "jira"
  name_prefix = "Profile"
}
data "oauthlink_external_data_sources" "none" {
  app         = "confluence"
  name_prefix = "Filler"
}
`, []string{"Ab1C~ui.secret"},
		all.size(104),
		all.at(100, "name", knownvalue.StringExact("Filler 100")),
		profiles.size(3),
		profiles.at(0, "name", knownvalue.StringExact("Profile a")),
		profiles.at(2, "id", knownvalue.StringExact(profileB.ID)),
		inJira.exactly(
			map[string]knownvalue.Check{"id": knownvalue.StringExact(profileA.ID), "app": knownvalue.StringExact("jira")},
			idAndName(profileB.ID, "Profile b"),
		),
		inJira.at(0, "auth.oauth2.client_id", knownvalue.StringExact("ui-client")),
		inJira.at(0, "callback_url", knownvalue.StringExact(jiraCallbackURL)),
		none.size(0),
	)
}
