package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*jiraOutgoingLinksDataSource)(nil)

// NewJiraOutgoingLinksDataSource returns the oauthlink_jira_outgoing_links data source.
func NewJiraOutgoingLinksDataSource() datasource.DataSource {
	return &jiraOutgoingLinksDataSource{dataSourceBase{typeName: "jira_outgoing_links"}}
}

type jiraOutgoingLinksDataSource struct{ dataSourceBase }

type jiraOutgoingLinksModel struct {
	NamePrefix types.String             `tfsdk:"name_prefix"`
	Links      []jiraOutgoingLinkFields `tfsdk:"links"`
}

func (d *jiraOutgoingLinksDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var singular datasource.SchemaResponse
	(&jiraOutgoingLinkDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &singular)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Jira Data Center outgoing OAuth 2.0 links that exist, e.g. those an administrator created " +
			"in Jira's UI, to import them (`name:<name>` or their `id`) or to reuse their redirect URIs. Jira never returns the " +
			"client secret.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: descNamePrefix},
			"links": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The links, ordered by name and then id, with the attributes of the " +
					"`oauthlink_jira_outgoing_link` data source.",
				NestedObject: schema.NestedAttributeObject{Attributes: listedAttributes(singular.Schema.Attributes, map[string]string{
					"id":   "The link's id.",
					"name": "The link's name, unique in Jira.",
				})},
			},
		},
	}
}

func (d *jiraOutgoingLinksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jiraOutgoingLinksModel
	client, ok := prepare(ctx, &resp.Diagnostics, d.data.jiraClient, into(req.Config, &model))
	if !ok {
		return
	}
	links, err := listOutgoingLinks(ctx, client, model.NamePrefix.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics("Unable to list the Jira outgoing links", err, nil)...)
		return
	}
	model.Links = make([]jiraOutgoingLinkFields, len(links))
	for i := range links {
		model.Links[i].Scopes = types.SetNull(types.StringType)
		resp.Diagnostics.Append(model.Links[i].setFromLink(ctx, &links[i], client.BaseURL())...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
