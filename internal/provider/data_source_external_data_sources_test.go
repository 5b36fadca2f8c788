package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
	const all, profiles, inJira, none = "data.oauthlink_external_data_sources.all", "data.oauthlink_external_data_sources.profiles",
		"data.oauthlink_external_data_sources.in_jira", "data.oauthlink_external_data_sources.none"
	source := func(i int) tfjsonpath.Path { return tfjsonpath.New("sources").AtSliceIndex(i) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: ed.ProviderBlock() + `
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
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("sources"), knownvalue.ListSizeExact(104)),
				statecheck.ExpectKnownValue(all, source(100).AtMapKey("name"), knownvalue.StringExact("Filler 100")),
				statecheck.ExpectKnownValue(profiles, tfjsonpath.New("sources"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(profiles, source(0).AtMapKey("name"), knownvalue.StringExact("Profile a")),
				statecheck.ExpectKnownValue(profiles, source(2).AtMapKey("id"), knownvalue.StringExact(profileB.ID)),
				statecheck.ExpectKnownValue(inJira, tfjsonpath.New("sources"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(profileA.ID), "app": knownvalue.StringExact("jira")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(profileB.ID), "name": knownvalue.StringExact("Profile b")}),
				})),
				statecheck.ExpectKnownValue(inJira, source(0).AtMapKey("auth").AtMapKey("oauth2").AtMapKey("client_id"), knownvalue.StringExact("ui-client")),
				statecheck.ExpectKnownValue(inJira, source(0).AtMapKey("callback_url"), knownvalue.StringExact(jiraCallbackURL)),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("sources"), knownvalue.ListSizeExact(0)),
				noSecretsIn{secrets: []string{"Ab1C~ui.secret"}},
			},
		}},
	})
}
