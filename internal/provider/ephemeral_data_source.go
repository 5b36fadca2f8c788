package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure        = (*ephemeralDataSource)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*ephemeralDataSource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig   = (*ephemeralDataSource)(nil)
)

// ephemeralDataSource is the ephemeral resource of a data source that reads what the state had
// better not keep, a token or an API's answer: under the data source's type name, with its
// arguments, results, validation and read, whose results Terraform never writes to plan or state.
// Only the description is its own.
type ephemeralDataSource struct {
	dataSource interface {
		datasource.DataSourceWithConfigure
		datasource.DataSourceWithValidateConfig
	}
	description string
}

func (e *ephemeralDataSource) Metadata(ctx context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	var metadata datasource.MetadataResponse
	e.dataSource.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: req.ProviderTypeName}, &metadata)
	resp.TypeName = metadata.TypeName
}

func (e *ephemeralDataSource) Configure(ctx context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	var configured datasource.ConfigureResponse
	e.dataSource.Configure(ctx, datasource.ConfigureRequest{ProviderData: req.ProviderData}, &configured)
	resp.Diagnostics.Append(configured.Diagnostics...)
}

func (e *ephemeralDataSource) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	var dataSource datasource.SchemaResponse
	e.dataSource.Schema(ctx, datasource.SchemaRequest{}, &dataSource)
	resp.Schema = schema.Schema{MarkdownDescription: e.description, Attributes: ephemeralAttributes(dataSource.Schema.Attributes)}
}

// ConfigValidators are the data source's: the config validators of
// terraform-plugin-framework-validators check data sources and ephemeral resources alike. Any
// other kind would panic here, in the first test that validates the ephemeral resource.
func (e *ephemeralDataSource) ConfigValidators(ctx context.Context) []ephemeral.ConfigValidator {
	withValidators, ok := e.dataSource.(datasource.DataSourceWithConfigValidators)
	if !ok {
		return nil
	}
	var validators []ephemeral.ConfigValidator
	for _, v := range withValidators.ConfigValidators(ctx) {
		validators = append(validators, v.(ephemeral.ConfigValidator))
	}
	return validators
}

func (e *ephemeralDataSource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var validated datasource.ValidateConfigResponse
	e.dataSource.ValidateConfig(ctx, datasource.ValidateConfigRequest{Config: req.Config}, &validated)
	resp.Diagnostics.Append(validated.Diagnostics...)
}

// Open reads as the data source does, into the result instead of a state: both start from the
// configuration, and have the same attributes.
func (e *ephemeralDataSource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	read := datasource.ReadResponse{State: tfsdk.State{Schema: resp.Result.Schema, Raw: resp.Result.Raw}}
	e.dataSource.Read(ctx, datasource.ReadRequest{Config: req.Config}, &read)
	resp.Diagnostics.Append(read.Diagnostics...)
	resp.Result.Raw = read.State.Raw
}
