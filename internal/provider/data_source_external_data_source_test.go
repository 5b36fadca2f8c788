package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
)

// addAuthorizationCodeSource stores a data source as an administrator would create it in the UI.
func addAuthorizationCodeSource(ed *fakeexternaldata.Server, app, name string) fakeexternaldata.Source {
	secret := "Ab1C~ui.secret"
	return ed.Add(fakeexternaldata.Source{
		App: app, Name: name, Type: "url",
		URL: &fakeexternaldata.URL{URL: "https://graph.microsoft.com/v1.0/me", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "oauth2", OAuth2: &fakeexternaldata.OAuth2{
			GrantType: "authorization_code", ClientID: "ui-client", ClientSecret: &secret,
			AuthURL:  ptr("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"),
			TokenURL: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
			Scopes:   []string{"offline_access", "User.Read"},
		}},
	})
}

func ptr[T any](v T) *T { return &v }

func TestAccExternalDataSourceDataSource(t *testing.T) {
	env := newEDEnv(t)
	jiraSource := addAuthorizationCodeSource(env.ed, "jira", "My profile")
	confluenceSource := addAuthorizationCodeSource(env.ed, "confluence", "My profile")
	const byID, byName = "data.oauthlink_external_data_source.by_id", "data.oauthlink_external_data_source.by_name"
	providerTest(t,
		resource.TestStep{
			Config: env.ed.ProviderBlock() + fmt.Sprintf(`
data "oauthlink_external_data_source" "by_id" {
  id = %q
}
data "oauthlink_external_data_source" "by_name" {
  app  = "confluence"
  name = "My profile"
}
`, jiraSource.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("app"), knownvalue.StringExact("jira")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("auth").AtMapKey("type"), knownvalue.StringExact("oauth2")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("auth").AtMapKey("oauth2").AtMapKey("grant_type"), knownvalue.StringExact("authorization_code")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("callback_url"), knownvalue.StringExact(jiraCallbackURL)),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("authenticated"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(byName, tfjsonpath.New("id"), knownvalue.StringExact(confluenceSource.ID)),
				statecheck.ExpectKnownValue(byName, tfjsonpath.New("callback_url"), knownvalue.StringExact("https://external-data-for-confluence.codefortynine.com/signin-dynamic-oauth")),
				statecheck.ExpectKnownValue(byName, tfjsonpath.New("database"), knownvalue.Null()),
				noSecretsIn{secrets: []string{"Ab1C~ui.secret"}},
			},
		},
		resource.TestStep{
			Config: env.ed.ProviderBlock() + `
data "oauthlink_external_data_source" "by_name" {
  app  = "jira"
  name = "Nobody's"
}
`,
			ExpectError: errorMatching(`Unable to find External Data source "Nobody's" in jira`, "has no data source named"),
		},
	)
}

func TestAccExternalDataSourceDataSource_nameWithoutApp(t *testing.T) {
	env := newEDEnv(t)
	providerTest(t, resource.TestStep{
		Config: env.ed.ProviderBlock() + `
data "oauthlink_external_data_source" "by_name" {
  name = "My profile"
}
`,
		PlanOnly:    true,
		ExpectError: errorMatching("Invalid Attribute Combination", "app"),
	})
}

// TestExternalDataSourceWarnsUntilAuthenticated reads OAuth 2.0 sources over the plugin protocol
// (the CLIs' test harness does not show warnings): until an administrator consents, an
// authorization-code source warns with the callback URL to register; a client-credentials source
// the service holds no token for warns with how to authenticate it again.
func TestExternalDataSourceWarnsUntilAuthenticated(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_URL", ed.URL)
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_TOKEN", ed.APIToken)
	source := addAuthorizationCodeSource(ed, "jira", "My profile")
	lost := ed.Add(fakeexternaldata.Source{
		App: "confluence", Name: "Graph users", Type: "url",
		URL: &fakeexternaldata.URL{URL: "https://graph.microsoft.com/v1.0/users", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "oauth2", OAuth2: &fakeexternaldata.OAuth2{
			GrantType: "client_credentials", ClientID: "ui-client",
			TokenURL: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
			Scopes:   []string{"https://graph.microsoft.com/.default"},
		}},
	})
	p := newProtocolHarness(t)
	read := func(id string) []*tfprotov6.Diagnostic {
		resp, err := p.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
			TypeName: "oauthlink_external_data_source",
			Config: dynamicValue(t, p.schema.DataSourceSchemas["oauthlink_external_data_source"].ValueType(), map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, id),
			}),
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	expectOnlyWarning(t, read(source.ID), `External Data source "My profile" is not authenticated`, jiraCallbackURL)
	ed.Consent(source.ID)
	if diags := read(source.ID); len(diags) != 0 {
		t.Errorf("after consent: %+v, want no diagnostics", diags)
	}
	expectOnlyWarning(t, read(lost.ID), `External Data source "Graph users" is not authenticated`,
		`External Data for Confluence's data source "Graph users" and presses "Authenticate"`)
	expectOnlyWarning(t, read(lost.ID), `External Data source "Graph users" is not authenticated`, "auth.oauth2.client_secret_wo_version")
}

// TestAccExternalDataSource_sharePointListInTwoSteps looks a SharePoint site's id up with
// oauthlink_api_request, then builds the list's data source URL from it, in one plan.
func TestAccExternalDataSource_sharePointListInTwoSteps(t *testing.T) {
	env := newEDEnv(t)
	providerTest(t, resource.TestStep{
		Config: env.ed.ProviderBlock() + env.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", "") + fmt.Sprintf(`
locals {
  site_id = jsondecode(data.oauthlink_api_request.lookup.response_body).id
}
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Sales tasks"
  url = {
    url = "%s/v1.0/sites/${local.site_id}/lists/Tasks/items?expand=fields&$filter=fields/Title eq '{summary}'"
  }
  auth = {%s
  }
}
`, env.url, env.clientCredentials(fmt.Sprintf("client_secret = %q", env.entra.SecretValue))),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("url").AtMapKey("url"),
				knownvalue.StringExact(env.url+"/v1.0/sites/"+env.site.ID+"/lists/Tasks/items?expand=fields&$filter=fields/Title eq '{summary}'")),
			statecheck.ExpectKnownValue(edAddr, tfjsonpath.New("authenticated"), knownvalue.Bool(true)),
		},
	})
}
