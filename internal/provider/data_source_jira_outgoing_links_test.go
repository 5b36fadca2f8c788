package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// addUIOutgoingLink stores an outgoing link as an administrator would create it in Jira's UI.
func addUIOutgoingLink(j *fakejira.Server, name string) string {
	secret := "ui-secret-" + name
	return j.AddOutgoingLink(fakejira.OutgoingLink{
		Name: name, Type: "MICROSOFT", ClientID: "client-" + name, ClientSecret: &secret, Scopes: []string{"offline_access"},
		AuthorizationEndpoint: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
		TokenEndpoint:         "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
	})
}

func TestAccJiraOutgoingLinksDataSource(t *testing.T) {
	j := fakejira.Start(t)
	mailB := addUIOutgoingLink(j, "Mail b")
	other := addUIOutgoingLink(j, "Other")
	mailA := addUIOutgoingLink(j, "Mail a")
	const all, mail, none = "data.oauthlink_jira_outgoing_links.all", "data.oauthlink_jira_outgoing_links.mail", "data.oauthlink_jira_outgoing_links.none"
	link := func(i int) tfjsonpath.Path { return tfjsonpath.New("links").AtSliceIndex(i) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: j.ProviderBlock() + `
data "oauthlink_jira_outgoing_links" "all" {}
data "oauthlink_jira_outgoing_links" "mail" {
  name_prefix = "Mail "
}
data "oauthlink_jira_outgoing_links" "none" {
  name_prefix = "mail"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("links"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(all, link(0).AtMapKey("id"), knownvalue.StringExact(mailA)),
				statecheck.ExpectKnownValue(all, link(1).AtMapKey("id"), knownvalue.StringExact(mailB)),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("id"), knownvalue.StringExact(other)),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("name"), knownvalue.StringExact("Other")),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("client_id"), knownvalue.StringExact("client-Other")),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("provider_type"), knownvalue.StringExact("microsoft")),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("tenant"), knownvalue.StringExact("contoso.onmicrosoft.com")),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("offline_access")})),
				statecheck.ExpectKnownValue(all, link(2).AtMapKey("redirect_uri"), knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(j.URL)+`/plugins/servlet/oauth2/client/callback/.`))),
				statecheck.ExpectKnownValue(mail, tfjsonpath.New("links"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(mailA), "name": knownvalue.StringExact("Mail a")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(mailB), "name": knownvalue.StringExact("Mail b")}),
				})),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("links"), knownvalue.ListSizeExact(0)),
				noSecretsIn{secrets: []string{"ui-secret-"}},
			},
		}},
	})
}
