package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionTest applies a configuration of outputs and checks them; provider functions need
// Terraform ≥ 1.8 (OpenTofu ≥ 1.7).
func functionTest(t *testing.T, steps ...resource.TestStep) {
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    steps,
	})
}

func TestAccFunctionJiraRedirectURI(t *testing.T) {
	functionTest(t,
		resource.TestStep{
			Config: `
output "uri" {
  value = provider::oauthlink::jira_redirect_uri("https://jira.example.com/", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("uri", knownvalue.StringExact("https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig")),
			},
		},
		resource.TestStep{
			Config:      `output "uri" { value = provider::oauthlink::jira_redirect_uri("jira.example.com", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize") }`,
			ExpectError: errorMatching("jira_base_url:", "not an absolute URL"),
		},
		resource.TestStep{
			Config:      `output "uri" { value = provider::oauthlink::jira_redirect_uri("https://jira.example.com", "http://idp.example.com/authorize") }`,
			ExpectError: errorMatching("authorization_endpoint:", "uses http: use https"),
		},
	)
}

func TestAccFunctionEntraEndpoints(t *testing.T) {
	functionTest(t,
		resource.TestStep{
			Config: `
output "gcc_high" {
  value = provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov")
}
output "dod_graph" {
  value = provider::oauthlink::entra_endpoints("organizations", "usgov_dod").graph_scope
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("gcc_high", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"authorization_endpoint": knownvalue.StringExact("https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/authorize"),
					"token_endpoint":         knownvalue.StringExact("https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token"),
					"graph_url":              knownvalue.StringExact("https://graph.microsoft.us"),
					"graph_scope":            knownvalue.StringExact("https://graph.microsoft.us/.default"),
				})),
				statecheck.ExpectKnownOutputValue("dod_graph", knownvalue.StringExact("https://dod-graph.microsoft.us/.default")),
			},
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::oauthlink::entra_endpoints("common", "gcc-high") }`,
			ExpectError: errorMatching(`cloud "gcc-high" is not one of public, usgov, usgov_dod, china`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::oauthlink::entra_endpoints("contoso", "public") }`,
			ExpectError: errorMatching(`tenant "contoso" is not a tenant ID`),
		},
	)
}

func TestAccFunctionAuthorizationURL(t *testing.T) {
	functionTest(t,
		resource.TestStep{
			Config: `
output "entra" {
  value = provider::oauthlink::authorization_url(
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
    "app-id",
    "https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth",
    ["https://graph.microsoft.com/Sites.Read.All", "offline_access"],
    "",
    { prompt = "consent" },
  )
}
output "atlassian_3lo" {
  value = provider::oauthlink::authorization_url(
    "https://auth.atlassian.com/authorize",
    "abc",
    "https://reports.example.com/cb",
    ["read:jira-work", "offline_access"],
    "xyz",
    { audience = "api.atlassian.com", prompt = "consent" },
  )
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("entra", knownvalue.StringExact(
					"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=app-id&prompt=consent"+
						"&redirect_uri=https%3A%2F%2Fexternal-data-for-jira.codefortynine.com%2Fsignin-dynamic-oauth&response_type=code"+
						"&scope=https%3A%2F%2Fgraph.microsoft.com%2FSites.Read.All%20offline_access")),
				statecheck.ExpectKnownOutputValue("atlassian_3lo", knownvalue.StringExact(
					"https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&prompt=consent"+
						"&redirect_uri=https%3A%2F%2Freports.example.com%2Fcb&response_type=code&scope=read%3Ajira-work%20offline_access&state=xyz")),
			},
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::oauthlink::authorization_url("https://a.example.com/authorize", "c", "https://r.example.com/cb", ["s"], "", { client_id = "other" }) }`,
			ExpectError: errorMatching(`extra_params cannot set "client_id"`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::oauthlink::authorization_url("https://a.example.com/authorize", "c", "https://r.example.com/cb#x", ["s"], "", {}) }`,
			ExpectError: errorMatching("redirect_uri:", "has a fragment"),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::oauthlink::authorization_url("https://a.example.com/authorize", "c", "https://r.example.com/cb", [], "", {}) }`,
			ExpectError: errorMatching("scopes must hold at least one scope"),
		},
	)
}

func TestAuthorizationURLKeepsTheEndpointsQuery(t *testing.T) {
	state := "s 1"
	link, _, err := authorizationRequest{
		endpoint: "https://idp.example.com/authorize?tenant=t1", clientID: "c", redirectURI: "https://r.example.com/cb",
		scopes: []string{"openid"}, state: &state,
	}.build()
	want := "https://idp.example.com/authorize?client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid&state=s%201&tenant=t1"
	if err != nil || link != want {
		t.Fatalf("build() = %q, %v\nwant %q", link, err, want)
	}
}
