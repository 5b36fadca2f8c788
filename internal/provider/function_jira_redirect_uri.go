package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// NewJiraRedirectURIFunction returns the jira_redirect_uri function.
func NewJiraRedirectURIFunction() function.Function { return jiraRedirectURIFunction }

var jiraRedirectURIFunction = &providerFunction{name: "jira_redirect_uri", run: runJiraRedirectURI, definition: function.Definition{
	Summary: "The redirect URI of a Jira Data Center outgoing OAuth 2.0 link",
	MarkdownDescription: "Returns the redirect URI that Jira uses for an outgoing link with the given authorization endpoint: " +
		"`{jira_base_url}/plugins/servlet/oauth2/client/callback/{suffix}`, where the suffix is the unpadded base64url MD5 " +
		"digest of the exact endpoint string. Register it at the OAuth provider (for Entra: the app registration's " +
		"Authentication, Web, Redirect URIs) before or without creating the link; `oauthlink_jira_outgoing_link` reports " +
		"the same value as `redirect_uri`.",
	Parameters: []function.Parameter{
		function.StringParameter{Name: "jira_base_url", MarkdownDescription: "Jira's base URL, e.g. `https://jira.example.com`."},
		function.StringParameter{Name: "authorization_endpoint", MarkdownDescription: "The OAuth provider's authorization endpoint, exactly as the link will hold it."},
	},
	Return: function.StringReturn{},
}}

// runJiraRedirectURI is jira_redirect_uri's Run: it checks both URLs, then derives the redirect URI.
func runJiraRedirectURI(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var baseURL, endpoint string
	resp.Error = req.Arguments.Get(ctx, &baseURL, &endpoint)
	if resp.Error != nil {
		return
	}
	if err := checks.HTTPSURL(baseURL); err != nil {
		resp.Error = function.NewArgumentFuncError(0, "jira_base_url: "+err.Error())
		return
	}
	if strings.ContainsAny(baseURL, "?#") { // parsed above, so these can only start a query or a fragment
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("jira_base_url: %q has a query or fragment: use Jira's base URL "+
			"(Administration > System > General configuration > Base URL), e.g. https://jira.example.com or https://example.com/jira", baseURL))
		return
	}
	if err := checks.HTTPSURL(endpoint); err != nil {
		resp.Error = function.NewArgumentFuncError(1, "authorization_endpoint: "+err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, jira.RedirectURI(baseURL, endpoint))
}
