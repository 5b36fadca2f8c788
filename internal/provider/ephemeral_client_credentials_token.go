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
	return &clientCredentialsTokenEphemeral{ephemeralBase{typeName: "client_credentials_token"}}
}

type clientCredentialsTokenEphemeral struct{ ephemeralBase }

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
	resp.Diagnostics.Append(validateTokenConfig(ctx, req.Config)...)
}

func (e *clientCredentialsTokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if model, ok := readToken(ctx, req.Config, e.data.tokens, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
	}
}
