package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

const entraCommonAuthorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"

// The suffixes below were computed apart from the code under test:
// printf %s "$endpoint" | openssl md5 -binary | base64 | tr '+/' '-_' | tr -d '='
func TestJiraRedirectURIFunction(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL, endpoint, want string
		wantArg                       int64
		wantErr                       string
	}{
		{
			name: "design example", baseURL: "https://jira.example.com", endpoint: entraCommonAuthorize,
			want: "https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig",
		},
		{
			name: "trailing slashes dropped", baseURL: "https://jira.example.com//", endpoint: entraCommonAuthorize,
			want: "https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig",
		},
		{
			name: "context path kept", baseURL: "https://example.com/jira/", endpoint: entraCommonAuthorize,
			want: "https://example.com/jira/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig",
		},
		{
			name: "the suffix hashes the exact endpoint", baseURL: "https://jira.example.com", endpoint: entraCommonAuthorize + "/",
			want: "https://jira.example.com/plugins/servlet/oauth2/client/callback/" + "ob21IL4z3lhpiFRk-0ci-Q",
		},
		{
			name: "loopback http", baseURL: "http://127.0.0.1:8080", endpoint: "http://localhost:9000/authorize",
			want: "http://127.0.0.1:8080/plugins/servlet/oauth2/client/callback/" + "7295gPvif6rcgX31kDBa-g",
		},
		{name: "base URL without scheme", baseURL: "jira.example.com", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "is not an absolute URL"},
		{name: "empty base URL", baseURL: "", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "is not an absolute URL"},
		{name: "base URL over http", baseURL: "http://jira.example.com", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "uses http: use https"},
		{name: "base URL with a query", baseURL: "https://jira.example.com/?os_authType=basic", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "has a query or fragment"},
		{name: "base URL with a fragment", baseURL: "https://jira.example.com/#top", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "has a query or fragment"},
		{name: "base URL with credentials", baseURL: "https://admin:pw@jira.example.com", endpoint: entraCommonAuthorize, wantArg: 0, wantErr: "carries credentials"},
		{name: "relative endpoint", baseURL: "https://jira.example.com", endpoint: "/oauth2/v2.0/authorize", wantArg: 1, wantErr: "is not an absolute URL"},
		{name: "endpoint over http", baseURL: "https://jira.example.com", endpoint: "http://idp.example.com/authorize", wantArg: 1, wantErr: "uses http: use https"},
		{name: "endpoint with another scheme", baseURL: "https://jira.example.com", endpoint: "ftp://idp.example.com/authorize", wantArg: 1, wantErr: `has scheme "ftp"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, funcErr := runFunction(t, NewJiraRedirectURIFunction(), str(tc.baseURL), str(tc.endpoint))
			wantFuncResult(t, got, funcErr, types.StringValue(tc.want), tc.wantArg, tc.wantErr)
		})
	}
}

func TestAccFunctionJiraRedirectURIDesignExample(t *testing.T) {
	functionTest(t,
		resource.TestStep{
			Config: `
output "design_example" {
  value = provider::oauthlink::jira_redirect_uri("https://jira.example.com", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
}
output "context_path" {
  value = provider::oauthlink::jira_redirect_uri("https://example.com/jira", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
}
output "trailing_slash" {
  value = provider::oauthlink::jira_redirect_uri("https://jira.example.com/", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("design_example", knownvalue.StringExact("https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig")),
				statecheck.ExpectKnownOutputValue("context_path", knownvalue.StringExact("https://example.com/jira/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig")),
				statecheck.ExpectKnownOutputValue("trailing_slash", knownvalue.StringExact("https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig")),
			},
		},
		functionCallFails("jira_redirect_uri", `"https://jira.example.com", "http://idp.example.com/authorize"`,
			"authorization_endpoint:", "uses http: use https"),
		functionCallFails("jira_redirect_uri", `"https://jira.example.com/secure/Dashboard.jspa?selectPageId=1", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"`,
			`Invalid value for "jira_base_url" parameter`, "has a query or fragment: use Jira's base URL"),
		functionCallFails("jira_redirect_uri", `"https://jira.example.com", "login.microsoftonline.com/common/oauth2/v2.0/authorize"`,
			`Invalid value for "authorization_endpoint" parameter`, "is not an absolute URL"),
	)
}
