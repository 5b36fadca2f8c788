package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

var (
	_ datasource.DataSourceWithConfigure        = (*jiraOutgoingLinkDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*jiraOutgoingLinkDataSource)(nil)
)

// NewJiraOutgoingLinkDataSource returns the oauthlink_jira_outgoing_link data source.
func NewJiraOutgoingLinkDataSource() datasource.DataSource {
	return &jiraOutgoingLinkDataSource{dataSourceBase{typeName: "jira_outgoing_link"}}
}

type jiraOutgoingLinkDataSource struct{ dataSourceBase }

func (d *jiraOutgoingLinkDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Jira Data Center outgoing OAuth 2.0 link by `id` or `name`, e.g. one an administrator created " +
			"in Jira's UI, to reuse its redirect URI or endpoints. Jira never returns the client secret.",
		Attributes: map[string]schema.Attribute{
			"id":                     schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The link's id. Exactly one of `id` and `name`."},
			"name":                   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: descOutgoingName + " Exactly one of `id` and `name`."},
			"description":            schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingDescription},
			"provider_type":          schema.StringAttribute{Computed: true, MarkdownDescription: "`microsoft`, `google` or `generic`."},
			"client_id":              schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingClientID},
			"tenant":                 schema.StringAttribute{Computed: true, MarkdownDescription: "For Microsoft links, the tenant named in the authorization endpoint."},
			"authorization_endpoint": schema.StringAttribute{Computed: true, MarkdownDescription: "The provider's authorization endpoint."},
			"token_endpoint":         schema.StringAttribute{Computed: true, MarkdownDescription: "The provider's token endpoint."},
			"scopes":                 schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The scopes Jira requests."},
			"redirect_uri":           schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingRedirectURI},
			"redirect_uri_suffix":    schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingRedirectURISuffix},
		},
	}
}

func (d *jiraOutgoingLinkDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *jiraOutgoingLinkDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jiraOutgoingLinkFields
	client, ok := prepare(ctx, &resp.Diagnostics, d.data.jiraClient, into(req.Config, &model))
	if !ok {
		return
	}
	var link *jira.OutgoingLink
	var err error
	what := "id " + model.ID.ValueString()
	if model.Name.IsNull() {
		link, err = client.GetOutgoingLink(ctx, model.ID.ValueString())
	} else {
		what = fmt.Sprintf("name %q", model.Name.ValueString())
		link, err = client.GetOutgoingLinkByName(ctx, model.Name.ValueString())
	}
	if err != nil {
		resp.Diagnostics.Append(readFailure("Unable to read the Jira outgoing link with "+what, err, "Jira has no outgoing link with this "+what+".")...)
		return
	}
	resp.Diagnostics.Append(model.setFromLink(ctx, link, client.BaseURL())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
