package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// NewJiraOutgoingLinksDataSource returns the oauthlink_jira_outgoing_links data source.
func NewJiraOutgoingLinksDataSource() datasource.DataSource {
	return &pluralDataSource[jira.OutgoingLink, jiraOutgoingLinkFields]{
		dataSourceBase: dataSourceBase{typeName: "jira_outgoing_links"},
		description: "Lists the Jira Data Center outgoing OAuth 2.0 links that exist, e.g. those an administrator created " +
			"in Jira's UI, to import them (`name:<name>` or their `id`) or to reuse their redirect URIs. Jira never returns the " +
			"client secret.",
		listAttribute: "links",
		listDescription: "The links, ordered by name and then id, with the attributes of the " +
			"`oauthlink_jira_outgoing_link` data source.",
		elements: listedAttributesOf(&jiraOutgoingLinkDataSource{}, map[string]string{
			"id":   "The link's id.",
			"name": "The link's name, unique in Jira.",
		}),
		list: listJiraLinks(listOutgoingLinks, "Unable to list the Jira outgoing links"),
		element: func(ctx context.Context, d *providerData, link *jira.OutgoingLink) (jiraOutgoingLinkFields, diag.Diagnostics) {
			var fields jiraOutgoingLinkFields
			diags := fields.setFromLink(ctx, link, d.jira.BaseURL)
			return fields, diags
		},
	}
}
