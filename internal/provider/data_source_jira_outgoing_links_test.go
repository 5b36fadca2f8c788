package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

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
	lists := pluralDataSourceLists("oauthlink_jira_outgoing_links", "links")
	all, mail, none := lists("all"), lists("mail"), lists("none")
	testPluralDataSources(t, j.ProviderBlock()+`
data "oauthlink_jira_outgoing_links" "all" {}
data "oauthlink_jira_outgoing_links" "mail" {
  name_prefix = "Mail "
}
data "oauthlink_jira_outgoing_links" "none" {
  name_prefix = "mail"
}
`, []string{"ui-secret-"},
		all.size(3),
		all.at(0, "id", knownvalue.StringExact(mailA)),
		all.at(1, "id", knownvalue.StringExact(mailB)),
		all.at(2, "id", knownvalue.StringExact(other)),
		all.at(2, "name", knownvalue.StringExact("Other")),
		all.at(2, "client_id", knownvalue.StringExact("client-Other")),
		all.at(2, "provider_type", knownvalue.StringExact("microsoft")),
		all.at(2, "tenant", knownvalue.StringExact("contoso.onmicrosoft.com")),
		all.at(2, "scopes", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("offline_access")})),
		all.at(2, "redirect_uri", knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(j.URL)+`/plugins/servlet/oauth2/client/callback/.`))),
		mail.exactly(idAndName(mailA, "Mail a"), idAndName(mailB, "Mail b")),
		none.size(0),
	)
}
