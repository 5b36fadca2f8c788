package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

var _ datasource.DataSourceWithConfigure = (*pluralDataSource[any, any])(nil)

// pluralDataSource is a data source that lists the objects of one kind (oauthlink_jira_outgoing_links,
// oauthlink_jira_incoming_links, oauthlink_external_data_sources): those whose name starts with
// name_prefix, and for External Data those of app, ordered by name and then id (listing.go), as
// the elements of one list attribute. T is an object as the service's client returns it, E an
// element of the list.
type pluralDataSource[T, E any] struct {
	dataSourceBase
	description string
	withApp     bool // the app filter of External Data

	// listAttribute names the list, listDescription describes it, and elements are the
	// attributes of one element.
	listAttribute, listDescription string
	elements                       func(context.Context) map[string]schema.Attribute

	// list returns the objects that pass the filters, in order, as the kind's list resource lists
	// them (listJiraLinks, listExternalDataSourcesOf).
	list func(ctx context.Context, d *providerData, app, prefix string) ([]T, diag.Diagnostics)
	// secret returns an object's secret, which the conversion must not log; nil when the objects
	// hold none.
	secret func(*T) string
	// element converts one object into an element of the list.
	element func(ctx context.Context, d *providerData, object *T) (E, diag.Diagnostics)
}

func (d *pluralDataSource[T, E]) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: descNamePrefix},
		d.listAttribute: schema.ListNestedAttribute{
			Computed: true, MarkdownDescription: d.listDescription,
			NestedObject: schema.NestedAttributeObject{Attributes: d.elements(ctx)},
		},
	}
	if d.withApp {
		attributes["app"] = schema.StringAttribute{
			Optional: true, MarkdownDescription: descAppFilter,
			Validators: []validator.String{stringvalidator.OneOf(externaldata.Apps...)},
		}
	}
	resp.Schema = schema.Schema{MarkdownDescription: d.description, Attributes: attributes}
}

// Read sets the list alone: the framework starts a data source's state from its configuration,
// which holds the filters.
func (d *pluralDataSource[T, E]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var app, prefix types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_prefix"), &prefix)...)
	if d.withApp {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("app"), &app)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	objects, diags := d.list(ctx, d.data, app.ValueString(), prefix.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.secret != nil {
		secrets := make([]string, len(objects))
		for i := range objects {
			secrets[i] = d.secret(&objects[i])
		}
		ctx = maskSecrets(ctx, secrets...)
	}
	elements := make([]E, len(objects))
	for i := range objects {
		elements[i], diags = d.element(ctx, d.data, &objects[i])
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.listAttribute), elements)...)
}

// listedAttributesOf is the elements of a plural data source whose elements have the attributes
// of its singular one, as listedAttributes converts them.
func listedAttributesOf(singular datasource.DataSource, override map[string]string) func(context.Context) map[string]schema.Attribute {
	return func(ctx context.Context) map[string]schema.Attribute {
		var resp datasource.SchemaResponse
		singular.Schema(ctx, datasource.SchemaRequest{}, &resp)
		return listedAttributes(resp.Schema.Attributes, override)
	}
}

// computedString is a string attribute that a data source returns and does not take.
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}
