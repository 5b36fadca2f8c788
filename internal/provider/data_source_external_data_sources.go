package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

var _ datasource.DataSourceWithConfigure = (*externalDataSourcesDataSource)(nil)

// NewExternalDataSourcesDataSource is the oauthlink_external_data_sources data source.
func NewExternalDataSourcesDataSource() datasource.DataSource {
	return &externalDataSourcesDataSource{dataSourceBase{typeName: "external_data_sources"}}
}

type externalDataSourcesDataSource struct{ dataSourceBase }

type externalDataSourcesModel struct {
	App        types.String                  `tfsdk:"app"`
	NamePrefix types.String                  `tfsdk:"name_prefix"`
	Sources    []externalDataSourceDataModel `tfsdk:"sources"`
}

func (d *externalDataSourcesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var singular datasource.SchemaResponse
	(&externalDataSourceDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &singular)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the **External Data** data sources that exist, of one app or of both, e.g. those an " +
			"administrator created in the app's UI, to import them (`name:<app>/<name>` or their `id`). Every page of the " +
			"service's list is read. Secrets are never returned.\n\n" + externalDataContractNote,
		Attributes: map[string]schema.Attribute{
			"app": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only the data sources of this app: `jira` or `confluence`. Both when not set.",
				Validators: []validator.String{stringvalidator.OneOf(externaldata.Apps...)},
			},
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: descNamePrefix},
			"sources": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The data sources, ordered by name and then id, with the attributes of the " +
					"`oauthlink_external_data_source` data source.",
				NestedObject: schema.NestedAttributeObject{Attributes: listedAttributes(singular.Schema.Attributes, map[string]string{
					"id":   "The data source's id.",
					"name": "The data source's name, unique per app.",
				})},
			},
		},
	}
}

func (d *externalDataSourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model externalDataSourcesModel
	client, ok := prepare(ctx, &resp.Diagnostics, d.data.externalDataClient, into(req.Config, &model))
	if !ok {
		return
	}
	sources, err := listExternalDataSources(ctx, client, model.App.ValueString(), model.NamePrefix.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics("Unable to list the External Data sources", err, nil)...)
		return
	}
	model.Sources = make([]externalDataSourceDataModel, len(sources))
	for i := range sources {
		model.Sources[i].setFromWire(&sources[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
