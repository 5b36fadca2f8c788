package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// List resources for `terraform query` (Terraform ≥ 1.14), one per resource, built on the
// listing of the plural data sources: each result is the object's identity {id}, its name as the
// display name and, when asked for, the resource's state as a refresh would write it.

var (
	_ list.ListResourceWithConfigure = (*listResource[jira.OutgoingLink])(nil)
	_ list.ListResourceWithConfigure = (*listResource[jira.IncomingLink])(nil)
	_ list.ListResourceWithConfigure = (*listResource[externaldata.DataSource])(nil)
)

// listResource lists the objects of one resource type, under that resource's type name:
// resourceBase's Metadata and Configure serve it, since a list resource takes the same requests.
type listResource[T any] struct {
	resourceBase
	description string
	withApp     bool
	// list returns the objects, state converts one into the resource's state model.
	list  func(ctx context.Context, d *providerData, app, prefix string) ([]T, diag.Diagnostics)
	state func(ctx context.Context, d *providerData, o *T) (model any, id, name string, diags diag.Diagnostics)
}

type listConfig struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
}

type listConfigWithApp struct {
	App        types.String `tfsdk:"app"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (l *listResource[T]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := map[string]listschema.Attribute{
		"name_prefix": listschema.StringAttribute{Optional: true, MarkdownDescription: descNamePrefix},
	}
	if l.withApp {
		attrs["app"] = listschema.StringAttribute{
			Optional: true, MarkdownDescription: descAppFilter,
			Validators: []validator.String{stringvalidator.OneOf(externaldata.Apps...)},
		}
	}
	resp.Schema = listschema.Schema{
		MarkdownDescription: l.description + " Ordered by name, then id. Tested at the plugin-protocol level only: " +
			"no CLI the provider is tested with runs `terraform query` yet.",
		Attributes: attrs,
	}
}

func (l *listResource[T]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var app, prefix types.String
	var diags diag.Diagnostics
	if l.withApp {
		var config listConfigWithApp
		diags = req.Config.Get(ctx, &config)
		app, prefix = config.App, config.NamePrefix
	} else {
		var config listConfig
		diags = req.Config.Get(ctx, &config)
		prefix = config.NamePrefix
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	objects, diags := l.list(ctx, l.data, app.ValueString(), prefix.ValueString())
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range objects {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			model, id, name, diags := l.state(ctx, l.data, &objects[i])
			result.DisplayName = name
			result.Diagnostics.Append(diags...)
			result.Diagnostics.Append(result.Identity.Set(ctx, idIdentity{ID: types.StringValue(id)})...)
			if req.IncludeResource && !result.Diagnostics.HasError() {
				result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listJiraLinks is the list of a Jira link's list resource and plural data source: the links of
// one kind, as listLinks filters and sorts them, with summary heading the error when Jira cannot
// list them.
func listJiraLinks[L any](listLinks func(context.Context, *jira.Client, string) ([]L, error), summary string,
) func(context.Context, *providerData, string, string) ([]L, diag.Diagnostics) {
	return func(ctx context.Context, d *providerData, _, prefix string) ([]L, diag.Diagnostics) {
		client, diags := d.jiraClient()
		if diags.HasError() {
			return nil, diags
		}
		links, err := listLinks(ctx, client, prefix)
		if err != nil {
			return nil, apiErrorDiagnostics(summary, err, nil)
		}
		return links, nil
	}
}

// listExternalDataSourcesOf is the list of the External Data source list resource and of the
// oauthlink_external_data_sources data source, as listExternalDataSources filters and sorts them.
func listExternalDataSourcesOf(ctx context.Context, d *providerData, app, prefix string) ([]externaldata.DataSource, diag.Diagnostics) {
	client, diags := d.externalDataClient()
	if diags.HasError() {
		return nil, diags
	}
	sources, err := listExternalDataSources(ctx, client, app, prefix)
	if err != nil {
		return nil, apiErrorDiagnostics("Unable to list the External Data sources", err, nil)
	}
	return sources, nil
}

// NewJiraOutgoingLinkListResource lists oauthlink_jira_outgoing_link.
func NewJiraOutgoingLinkListResource() list.ListResource {
	return &listResource[jira.OutgoingLink]{
		resourceBase: resourceBase{typeName: "jira_outgoing_link"},
		description:  "Lists Jira Data Center outgoing OAuth 2.0 links for `terraform query`, to import them. Jira never returns the client secret.",
		list:         listJiraLinks(listOutgoingLinks, "Unable to list the Jira outgoing links"),
		state: func(ctx context.Context, d *providerData, link *jira.OutgoingLink) (any, string, string, diag.Diagnostics) {
			var m jiraOutgoingLinkModel
			diags := m.setFromLink(ctx, link, d.jira.BaseURL)
			return &m, link.ID, link.Name, diags
		},
	}
}

// NewJiraIncomingLinkListResource lists oauthlink_jira_incoming_link.
func NewJiraIncomingLinkListResource() list.ListResource {
	return &listResource[jira.IncomingLink]{
		resourceBase: resourceBase{typeName: "jira_incoming_link"},
		description:  "Lists Jira Data Center incoming OAuth 2.0 links for `terraform query`, to import them.",
		list:         listJiraLinks(listIncomingLinks, "Unable to list the Jira incoming links"),
		state: func(ctx context.Context, d *providerData, link *jira.IncomingLink) (any, string, string, diag.Diagnostics) {
			var m jiraIncomingLinkModel
			diags := m.setFromLink(maskSecrets(ctx, link.ClientSecret), link, d.jira.BaseURL)
			return &m, link.ID, link.Name, diags
		},
	}
}

// NewExternalDataSourceListResource lists oauthlink_external_data_source.
func NewExternalDataSourceListResource() list.ListResource {
	return &listResource[externaldata.DataSource]{
		resourceBase: resourceBase{typeName: "external_data_source"},
		description:  "Lists **External Data** data sources for `terraform query`, to import them, following every page. Secrets are never returned.",
		withApp:      true,
		list:         listExternalDataSourcesOf,
		state: func(_ context.Context, _ *providerData, ds *externaldata.DataSource) (any, string, string, diag.Diagnostics) {
			var m externalDataSourceModel
			var diags diag.Diagnostics
			if err := m.setFromWire(ds); err != nil {
				diags.AddError(fmt.Sprintf("Unable to use External Data's answer for data source %q", ds.Name), err.Error())
			}
			return &m, ds.ID, ds.Name, diags
		},
	}
}
