package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

var _ datasource.DataSourceWithConfigure = (*jiraIncomingLinksDataSource)(nil)

// NewJiraIncomingLinksDataSource returns the oauthlink_jira_incoming_links data source.
func NewJiraIncomingLinksDataSource() datasource.DataSource {
	return &jiraIncomingLinksDataSource{dataSourceBase{typeName: "jira_incoming_links"}}
}

type jiraIncomingLinksDataSource struct{ dataSourceBase }

type jiraIncomingLinksModel struct {
	NamePrefix types.String             `tfsdk:"name_prefix"`
	Links      []jiraIncomingLinkFields `tfsdk:"links"`
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

// incomingLinkFields converts a link as the resource does, leaving its secret out.
func incomingLinkFields(ctx context.Context, link *jira.IncomingLink, baseURL string) (jiraIncomingLinkFields, diag.Diagnostics) {
	var m jiraIncomingLinkModel
	diags := m.setFromLink(ctx, link, baseURL)
	return jiraIncomingLinkFields{
		ID: m.ID, Name: m.Name, RedirectURIs: m.RedirectURIs, Scope: m.Scope, ClientID: m.ClientID, UserKey: m.UserKey,
		AuthorizationEndpoint: m.AuthorizationEndpoint, TokenEndpoint: m.TokenEndpoint,
	}, diags
}

func (d *jiraIncomingLinksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Jira Data Center incoming OAuth 2.0 links (Jira as the OAuth provider of an external tool) " +
			"that exist, e.g. those an administrator created in Jira's UI, to import them (`name:<name>` or their `id`). The " +
			"client secrets are left out: read one with the `oauthlink_jira_incoming_link_secret` ephemeral resource.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: descNamePrefix},
			"links": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The links, ordered by name and then id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   computed("The link's id in Jira."),
					"name": computed("The link's name, unique in Jira."),
					"redirect_uris": schema.SetAttribute{
						Computed: true, ElementType: types.StringType, MarkdownDescription: "Where Jira may send authorization codes.",
					},
					"scope":                  computed("`READ`, `WRITE`, `ADMIN` or `SYSTEM_ADMIN`."),
					"client_id":              computed("The client ID Jira generated."),
					"user_key":               computed("The Jira user who created the link."),
					"authorization_endpoint": computed("Jira's authorization endpoint, `{base_url}/rest/oauth2/latest/authorize`."),
					"token_endpoint":         computed("Jira's token endpoint, `{base_url}/rest/oauth2/latest/token`."),
				}},
			},
		},
	}
}

func (d *jiraIncomingLinksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jiraIncomingLinksModel
	client, ok := prepare(ctx, &resp.Diagnostics, d.data.jiraClient, into(req.Config, &model))
	if !ok {
		return
	}
	links, err := listIncomingLinks(ctx, client, model.NamePrefix.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics("Unable to list the Jira incoming links", err, nil)...)
		return
	}
	secrets := make([]string, len(links))
	for i := range links {
		secrets[i] = links[i].ClientSecret
	}
	ctx = maskSecrets(ctx, secrets...)
	model.Links = make([]jiraIncomingLinkFields, len(links))
	for i := range links {
		var diags diag.Diagnostics
		model.Links[i], diags = incomingLinkFields(ctx, &links[i], client.BaseURL())
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
