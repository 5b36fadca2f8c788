package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// NewJiraIncomingLinksDataSource returns the oauthlink_jira_incoming_links data source.
func NewJiraIncomingLinksDataSource() datasource.DataSource {
	return &pluralDataSource[jira.IncomingLink, jiraIncomingLinkFields]{
		dataSourceBase: dataSourceBase{typeName: "jira_incoming_links"},
		description: "Lists the Jira Data Center incoming OAuth 2.0 links (Jira as the OAuth provider of an external tool) " +
			"that exist, e.g. those an administrator created in Jira's UI, to import them (`name:<name>` or their `id`). The " +
			"client secrets are left out: read one with the `oauthlink_jira_incoming_link_secret` ephemeral resource.",
		listAttribute:   "links",
		listDescription: "The links, ordered by name and then id.",
		elements:        jiraIncomingLinkFieldsAttributes,
		list:            listJiraLinks(listIncomingLinks, "Unable to list the Jira incoming links"),
		// Jira's list holds every link's secret: the elements leave it out, and no log of their
		// conversion may show it.
		secret:  func(link *jira.IncomingLink) string { return link.ClientSecret },
		element: incomingLinkFields,
	}
}

// jiraIncomingLinkFields is what the resource oauthlink_jira_incoming_link holds but its secret
// and secret_rotation.
type jiraIncomingLinkFields struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	RedirectURIs          types.Set    `tfsdk:"redirect_uris"`
	Scope                 types.String `tfsdk:"scope"`
	ClientID              types.String `tfsdk:"client_id"`
	UserKey               types.String `tfsdk:"user_key"`
	AuthorizationEndpoint types.String `tfsdk:"authorization_endpoint"`
	TokenEndpoint         types.String `tfsdk:"token_endpoint"`
}

// jiraIncomingLinkFieldsAttributes is the schema of jiraIncomingLinkFields.
func jiraIncomingLinkFieldsAttributes(context.Context) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":   computedString("The link's id in Jira."),
		"name": computedString("The link's name, unique in Jira."),
		"redirect_uris": schema.SetAttribute{
			Computed: true, ElementType: types.StringType, MarkdownDescription: "Where Jira may send authorization codes.",
		},
		"scope":                  computedString("`READ`, `WRITE`, `ADMIN` or `SYSTEM_ADMIN`."),
		"client_id":              computedString("The client ID Jira generated."),
		"user_key":               computedString("The Jira user who created the link."),
		"authorization_endpoint": computedString("Jira's authorization endpoint, `{base_url}/rest/oauth2/latest/authorize`."),
		"token_endpoint":         computedString("Jira's token endpoint, `{base_url}/rest/oauth2/latest/token`."),
	}
}

// incomingLinkFields converts a link as the resource does, leaving its secret out.
func incomingLinkFields(ctx context.Context, d *providerData, link *jira.IncomingLink) (jiraIncomingLinkFields, diag.Diagnostics) {
	var m jiraIncomingLinkModel
	diags := m.setFromLink(ctx, link, d.jira.BaseURL)
	return jiraIncomingLinkFields{
		ID: m.ID, Name: m.Name, RedirectURIs: m.RedirectURIs, Scope: m.Scope, ClientID: m.ClientID, UserKey: m.UserKey,
		AuthorizationEndpoint: m.AuthorizationEndpoint, TokenEndpoint: m.TokenEndpoint,
	}, diags
}
