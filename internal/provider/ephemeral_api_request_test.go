package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// ephemeralRequestConfig is apiRequestConfig as the ephemeral resource.
func ephemeralRequestConfig(g graphFixture, clientID, urlPath, extra string) string {
	return strings.Replace(g.apiRequestConfig(clientID, urlPath, extra), `data "oauthlink_api_request"`, `ephemeral "oauthlink_api_request"`, 1)
}

// The site's id is handed to the echo provider's configuration, as an answer would be handed to
// another provider; the test reads the plan and the state to prove that the rest of the answer
// (its displayName and webUrl) and the token got into neither.
func TestAccAPIRequestEphemeral_staysOutOfPlanAndState(t *testing.T) {
	g := startGraph(t)
	answerCheck := noSecretsIn{secrets: []string{"displayName", "webUrl", g.site.WebURL}}
	ephemeralTest(t, resource.TestStep{
		// A method in any case, and no headers, work here as in the data source.
		Config: strings.Replace(ephemeralRequestConfig(g, "sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", `method = "get"`),
			`request_headers = { Accept = "application/json" }`, `request_headers = {}`, 1) + `
provider "echo" {
  data = {
    site_id     = jsondecode(ephemeral.oauthlink_api_request.lookup.response_body).id
    status_code = ephemeral.oauthlink_api_request.lookup.status_code
  }
}

resource "echo" "site" {}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{answerCheck}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("echo.site", tfjsonpath.New("data").AtMapKey("site_id"), knownvalue.StringExact(g.site.ID)),
			statecheck.ExpectKnownValue("echo.site", tfjsonpath.New("data").AtMapKey("status_code"), knownvalue.Int64Exact(200)),
			answerCheck,
		},
	})
}

func TestAccAPIRequestEphemeral_errorsAndValidation(t *testing.T) {
	g := startGraph(t)
	ephemeralTest(t,
		resource.TestStep{
			Config: ephemeralRequestConfig(g, g.entra.UnconsentedClientID, "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", ""),
			ExpectError: errorMatching("Microsoft Graph answered 403 Forbidden: accessDenied: Access denied.",
				"The token carries no application permissions", "Grant admin consent", "claims.roles"),
		},
		resource.TestStep{
			// Terraform shows an ephemeral resource's validation errors without their place:
			// the message names the attribute.
			Config:      ephemeralRequestConfig(g, "sites-reader", "/x", `method = "TRACE"`),
			ExpectError: errorMatching(`method "TRACE" is not one of GET, POST, PUT, PATCH, DELETE`),
		},
		resource.TestStep{
			Config:      ephemeralRequestConfig(g, "sites-reader", "/x", `request_body = "{}"`),
			ExpectError: errorMatching("A body needs POST, PUT or PATCH", "request_body is sent only with method POST, PUT or PATCH"),
		},
	)
}
