package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/ephemeralvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
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
		Attributes: map[string]schema.Attribute{
			"token_url": schema.StringAttribute{
				Required: true, MarkdownDescription: descTokenURL,
				Validators: []validator.String{validators.HTTPSURL()},
			},
			"client_id": schema.StringAttribute{
				Required: true, MarkdownDescription: descClientID,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret": schema.StringAttribute{
				Optional: true, Sensitive: true, MarkdownDescription: descClientSecret,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), validators.SecretValueNotID()},
			},
			"client_certificate": schema.SingleNestedAttribute{
				Optional: true, MarkdownDescription: descClientCertificate,
				Attributes: map[string]schema.Attribute{
					"certificate_pem": schema.StringAttribute{Required: true, MarkdownDescription: descCertificatePEM},
					"private_key_pem": schema.StringAttribute{Required: true, Sensitive: true, MarkdownDescription: descPrivateKeyPEM},
					"signing_algorithm": schema.StringAttribute{
						Optional: true, MarkdownDescription: descSigningAlgorithm,
						Validators: []validator.String{stringvalidator.OneOf(oauth.Algorithms...)},
					},
				},
			},
			"scopes": schema.ListAttribute{
				Optional: true, ElementType: types.StringType, MarkdownDescription: descScopes,
				Validators: []validator.List{listvalidator.ValueStringsAre(validators.Scope())},
			},
			"client_auth": schema.StringAttribute{
				Optional: true, MarkdownDescription: descClientAuth,
				Validators: []validator.String{
					stringvalidator.OneOf(oauth.ClientAuths...),
					stringvalidator.ConflictsWith(path.MatchRoot("client_certificate")),
				},
			},
			"endpoint_params": schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: descEndpointParams},

			"access_token": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: descAccessToken},
			"token_type":   schema.StringAttribute{Computed: true, MarkdownDescription: descTokenType},
			"expires_at":   schema.StringAttribute{Computed: true, MarkdownDescription: descExpiresAt},
			"scope":        schema.StringAttribute{Computed: true, MarkdownDescription: descScope},
			"claims": schema.ObjectAttribute{
				Computed: true, AttributeTypes: claimsAttrTypes, MarkdownDescription: descClaims + " " + descClaimsAttrs,
			},
		},
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
		resp.Diagnostics.Append(config.validate(ctx)...)
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
