package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var (
	_ datasource.DataSourceWithConfigure        = (*clientCredentialsTokenDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*clientCredentialsTokenDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*clientCredentialsTokenDataSource)(nil)
)

// NewClientCredentialsTokenDataSource returns the oauthlink_client_credentials_token data source.
func NewClientCredentialsTokenDataSource() datasource.DataSource {
	return &clientCredentialsTokenDataSource{dataSourceBase{typeName: "client_credentials_token"}}
}

type clientCredentialsTokenDataSource struct{ dataSourceBase }

func (d *clientCredentialsTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Fetches an access token with the OAuth 2.0 client credentials grant, e.g. from Microsoft Entra ID, " +
			"and shows which permissions it carries.\n\n" +
			"The token and the client secret are stored in the state (marked sensitive). To keep them out of plan and " +
			"state, use the `oauthlink_client_credentials_token` **ephemeral resource** instead (Terraform ≥ 1.10, OpenTofu ≥ 1.11).\n\n" +
			"Every run reads a fresh token, so `access_token` and `expires_at` change from plan to plan, and so does " +
			"anything built from them. Tokens are cached for the run: any number of data sources with the same inputs " +
			"cost one token request.",
		Attributes: clientCredentialsTokenAttributes(),
	}
}

func (d *clientCredentialsTokenDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("client_secret"), path.MatchRoot("client_certificate")),
	}
}

func (d *clientCredentialsTokenDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateTokenConfig(ctx, req.Config)...)
}

func (d *clientCredentialsTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if model, ok := readToken(ctx, req.Config, d.data.tokens, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}
