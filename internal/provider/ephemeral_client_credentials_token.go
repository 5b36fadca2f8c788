package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/ephemeralvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure        = (*clientCredentialsTokenEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*clientCredentialsTokenEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig   = (*clientCredentialsTokenEphemeral)(nil)
)

// NewClientCredentialsTokenEphemeralResource returns the oauthlink_client_credentials_token
// ephemeral resource: the same token as the data source, never written to plan or state.
func NewClientCredentialsTokenEphemeralResource() ephemeral.EphemeralResource {
	return &clientCredentialsTokenEphemeral{}
}

type clientCredentialsTokenEphemeral struct {
	data *providerData
}

func (e *clientCredentialsTokenEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_credentials_token"
}

func (e *clientCredentialsTokenEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Fetches an access token with the OAuth 2.0 client credentials grant, e.g. from Microsoft Entra ID, " +
			"without writing it, or the client secret, to the plan or the state.\n\n" +
			"Use it where the token feeds another provider's configuration or a write-only attribute; use the data source " +
			"when the token must outlive the run. Requires Terraform ≥ 1.10 or OpenTofu ≥ 1.11.",
		Attributes: ephemeralAttributes(clientCredentialsTokenAttributes()),
	}
}

func (e *clientCredentialsTokenEphemeral) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return []ephemeral.ConfigValidator{
		ephemeralvalidator.ExactlyOneOf(path.MatchRoot("client_secret"), path.MatchRoot("client_certificate")),
	}
}

func (e *clientCredentialsTokenEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var config clientCredentialsTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(config.validate(ctx, path.Empty())...)
	}
}

func (e *clientCredentialsTokenEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (e *clientCredentialsTokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model clientCredentialsTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(model.obtain(ctx, e.data.tokens)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
}
