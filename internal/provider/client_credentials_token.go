package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// tokenRequestModel is how a configuration describes a client credentials token: the inputs of
// oauthlink_client_credentials_token, and the oauth2 block of oauthlink_api_request.
type tokenRequestModel struct {
	TokenURL          types.String `tfsdk:"token_url"`
	ClientID          types.String `tfsdk:"client_id"`
	ClientSecret      types.String `tfsdk:"client_secret"`
	ClientCertificate types.Object `tfsdk:"client_certificate"`
	Scopes            types.List   `tfsdk:"scopes"`
	ClientAuth        types.String `tfsdk:"client_auth"`
	EndpointParams    types.Map    `tfsdk:"endpoint_params"`
}

// The data source and the ephemeral resource oauthlink_client_credentials_token share this model
// and everything below.
type clientCredentialsTokenModel struct {
	tokenRequestModel

	AccessToken types.String `tfsdk:"access_token"`
	TokenType   types.String `tfsdk:"token_type"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	Scope       types.String `tfsdk:"scope"`
	Claims      types.Object `tfsdk:"claims"`
}

type clientCertificateModel struct {
	CertificatePEM   types.String `tfsdk:"certificate_pem"`
	PrivateKeyPEM    types.String `tfsdk:"private_key_pem"`
	SigningAlgorithm types.String `tfsdk:"signing_algorithm"`
}

// claimsAttribute is the schema of claims, one described attribute per claim; claimsAttrTypes is
// derived from it so that the values built in claimsObject always match the schema.
var claimsAttribute = dsschema.SingleNestedAttribute{
	Computed: true, MarkdownDescription: descClaims,
	Attributes: map[string]dsschema.Attribute{
		"aud": dsschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The audience " +
			"(`aud`): the API the token is meant for, e.g. `https://graph.microsoft.com` or that API's application ID. " +
			"Always a list, also when the token holds a single string."},
		"iss": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The issuer (`iss`). For Entra it names the " +
			"tenant and the cloud that issued the token, e.g. `https://sts.windows.net/{tenant-id}/`."},
		"tid": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the Entra tenant that issued the " +
			"token (`tid`); null for servers other than Entra."},
		"appid": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The client ID the token was issued to, " +
			"as Entra v1.0 tokens carry it (`appid`)."},
		"azp": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The client ID the token was issued to, " +
			"as Entra v2.0 tokens and OpenID Connect servers carry it (`azp`, authorized party)."},
		"roles": dsschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The " +
			"application permissions that admin consent granted (`roles`), e.g. `User.Read.All`. Null when the token has " +
			"no roles claim, which for an Entra app-only token means that consent is missing."},
		"scp": dsschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The delegated " +
			"permissions (`scp`, split on spaces). Null when the token has no scp claim, as client credentials tokens " +
			"from Entra do."},
		"exp": dsschema.Int64Attribute{Computed: true, MarkdownDescription: "When the token expires (`exp`), in " +
			"seconds since the Unix epoch; `expires_at` gives the same time in RFC 3339 when the server said."},
	},
}

var claimsAttrTypes = claimsAttribute.GetType().(types.ObjectType).AttrTypes

// Descriptions shared by both schemas, written for the registry page.
const (
	descTokenURL = "The token endpoint, e.g. `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token` " +
		"(the `entra_endpoints` function builds it for every Microsoft cloud). Must be https; http is accepted only for loopback addresses."
	descClientID     = "The client ID (for Entra: the app registration's Application (client) ID)."
	descClientSecret = "The client secret. For Entra this is the secret's **Value**, shown once when the secret is created, " +
		"not its Secret ID: a GUID-shaped value gets a warning. Exactly one of `client_secret` and `client_certificate`."
	descClientCertificate = "A certificate credential instead of a secret: the provider signs a fresh `private_key_jwt` " +
		"client assertion (RFC 7523) for every token request, as Entra's certificate credentials require."
	descCertificatePEM   = "The PEM certificate registered at the server (for Entra: uploaded under Certificates & secrets)."
	descPrivateKeyPEM    = "The certificate's unencrypted RSA private key, PEM (PKCS#8 or PKCS#1)."
	descSigningAlgorithm = "`RS256` (default; the header names the certificate by `x5t`, its SHA-1 thumbprint) or " +
		"`PS256` (`x5t#S256`, its SHA-256 thumbprint, as current Entra documents describe)."
	descScopes = "Scopes to request. Entra client credentials take exactly one resource's `/.default` scope, " +
		"e.g. `https://graph.microsoft.com/.default`."
	descClientAuth = "How a client secret is sent: `basic` (HTTP Basic, RFC 6749 §2.3.1), `post` (form fields), or " +
		"`auto` (the default: Basic first, then the body if the server rejects the client; throttling and server errors never cost a second request)."
	descEndpointParams = "Extra form fields for the token request, such as `audience` (Auth0, Okta) or `resource` (RFC 8707). " +
		"They cannot replace the standard fields."
	descAccessToken = "The access token."
	descTokenType   = "The token type, usually `Bearer`."
	descExpiresAt   = "When the token expires (RFC 3339, UTC); null when the server did not say."
	descScope       = "The scope the server granted, when it said so."
	descClaims      = "The token's non-secret claims, when it is a JWT (null for opaque tokens). `roles` lists the " +
		"application permissions that admin consent granted: an Entra app-only token without roles gets a warning. " +
		"The claims are read, not verified: they describe the token and authorise nothing."
)

// request turns the configuration into a token request.
func (m *tokenRequestModel) request(ctx context.Context) (oauth.Request, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := oauth.Request{
		TokenURL:     m.TokenURL.ValueString(),
		ClientID:     m.ClientID.ValueString(),
		ClientSecret: m.ClientSecret.ValueString(),
		ClientAuth:   oauth.ClientAuth(m.ClientAuth.ValueString()),
	}
	diags.Append(m.Scopes.ElementsAs(ctx, &req.Scopes, false)...)
	diags.Append(m.EndpointParams.ElementsAs(ctx, &req.EndpointParams, false)...)
	cert, certDiags := m.certificate(ctx, path.Empty())
	diags.Append(certDiags...)
	req.Certificate = cert
	return req, diags
}

// certificate parses client_certificate when it is set and known.
func (m *tokenRequestModel) certificate(ctx context.Context, at path.Path) (*oauth.Certificate, diag.Diagnostics) {
	if m.ClientCertificate.IsNull() || m.ClientCertificate.IsUnknown() {
		return nil, nil
	}
	var cm clientCertificateModel
	diags := m.ClientCertificate.As(ctx, &cm, basetypes.ObjectAsOptions{})
	if diags.HasError() || cm.CertificatePEM.IsUnknown() || cm.PrivateKeyPEM.IsUnknown() || cm.SigningAlgorithm.IsUnknown() {
		return nil, diags
	}
	cert, err := oauth.ParseCertificate(cm.CertificatePEM.ValueString(), cm.PrivateKeyPEM.ValueString(), cm.SigningAlgorithm.ValueString())
	if err != nil {
		at = at.AtName("client_certificate")
		diags.AddAttributeError(at, "Invalid client_certificate", validators.AttributeDetail(validators.AttributeName(at), err.Error()))
	}
	return cert, diags
}

// validate runs the checks that need more than one attribute; at is where the attributes sit.
func (m *tokenRequestModel) validate(ctx context.Context, at path.Path) diag.Diagnostics {
	_, diags := m.certificate(ctx, at)
	if !m.EndpointParams.IsNull() && !m.EndpointParams.IsUnknown() {
		for name := range m.EndpointParams.Elements() {
			if oauth.IsReservedParam(name) {
				params := validators.AttributeName(at.AtName("endpoint_params"))
				diags.AddAttributeError(at.AtName("endpoint_params").AtMapKey(name), "Reserved token request field", validators.AttributeDetail(params,
					fmt.Sprintf("%s cannot set %q: the provider sets it from token_url, client_id, the credential and scopes", params, name)))
			}
		}
	}
	return diags
}

// validateTokenConfig is the ValidateConfig of the data source and the ephemeral resource.
func validateTokenConfig(ctx context.Context, config modelSource) diag.Diagnostics {
	var model clientCredentialsTokenModel
	diags := config.Get(ctx, &model)
	if !diags.HasError() {
		diags.Append(model.validate(ctx, path.Empty())...)
	}
	return diags
}

// readToken reads the configuration and obtains its token, for the Read of the data source and
// the Open of the ephemeral resource; ok is false when either failed. A secret that looks like a
// secret ID warns here, once per plan, rather than in validation, which runs twice; the warning
// also explains the token endpoint's error that such a secret brings.
func readToken(ctx context.Context, config modelSource, tokens *oauth.Client, diags *diag.Diagnostics) (model clientCredentialsTokenModel, ok bool) {
	diags.Append(config.Get(ctx, &model)...)
	if diags.HasError() {
		return model, false
	}
	diags.Append(validators.SecretIDWarning(path.Root("client_secret"), model.ClientSecret)...)
	diags.Append(model.obtain(ctx, tokens)...)
	return model, !diags.HasError()
}

// obtain fetches the token (or takes it from the provider's cache) and fills in the results.
func (m *clientCredentialsTokenModel) obtain(ctx context.Context, tokens *oauth.Client) diag.Diagnostics {
	req, diags := m.request(ctx)
	if diags.HasError() {
		return diags
	}
	ctx = maskSecrets(ctx, req.ClientSecret)
	token, err := tokens.Token(ctx, req)
	if err != nil {
		diags.Append(tokenErrorDiagnostic("token_url", req.TokenURL, err))
		return diags
	}
	ctx = maskSecrets(ctx, token.AccessToken)
	tflog.Debug(ctx, "Obtained a client credentials token", map[string]any{"token_url": req.TokenURL, "expires_at": token.ExpiresAt})

	m.AccessToken = types.StringValue(token.AccessToken)
	m.TokenType = types.StringValue(token.TokenType)
	m.ExpiresAt = types.StringNull()
	if !token.ExpiresAt.IsZero() {
		m.ExpiresAt = types.StringValue(token.ExpiresAt.UTC().Format(time.RFC3339))
	}
	m.Scope = stringOrNull(token.Scope)

	claims, isJWT := oauth.ParseClaims(token.AccessToken)
	if !isJWT {
		m.Claims = types.ObjectNull(claimsAttrTypes)
		return diags
	}
	if claims.MissingConsent() {
		diags.AddWarning("The token carries no application permissions",
			fmt.Sprintf("Entra issued an app-only token for client %q without a roles claim: admin consent has probably not been "+
				"granted. In the Entra admin center open the app registration, API permissions, add the application permissions "+
				"the integration needs and press \"Grant admin consent\". Calls with this token will be refused (403).", req.ClientID))
	}
	obj, objDiags := claimsObject(claims)
	diags.Append(objDiags...)
	m.Claims = obj
	return diags
}

func claimsObject(c *oauth.Claims) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	list := func(values []string) types.List {
		if values == nil {
			return types.ListNull(types.StringType)
		}
		l, d := types.ListValueFrom(context.Background(), types.StringType, values)
		diags.Append(d...)
		return l
	}
	exp := types.Int64Null()
	if c.ExpiresAt != 0 {
		exp = types.Int64Value(c.ExpiresAt)
	}
	obj, d := types.ObjectValue(claimsAttrTypes, map[string]attr.Value{
		"aud": list(c.Audience), "iss": stringOrNull(c.Issuer), "tid": stringOrNull(c.TenantID), "appid": stringOrNull(c.AppID),
		"azp": stringOrNull(c.AZP), "roles": list(c.Roles), "scp": list(c.Scopes), "exp": exp,
	})
	diags.Append(d...)
	return obj, diags
}

// tokenErrorDiagnostic says what the token endpoint answered, why it probably did, and what to do;
// when nothing answered, what to check about the URL in setting (the token_url attribute).
func tokenErrorDiagnostic(setting, tokenURL string, err error) diag.Diagnostic {
	detail := err.Error()
	var tokenErr *oauth.TokenError
	if advice := connectionAdviceOn(err, setting, "the token endpoint"); advice != "" {
		detail = checks.Sentences(detail, advice)
	} else if errors.As(err, &tokenErr) {
		if more := tokenErr.Detail(); more != "" {
			detail += "\n\n" + more
		}
	}
	return diag.NewErrorDiagnostic("Unable to obtain a token from "+redactQuery(tokenURL), detail)
}

// clientCredentialsTokenAttributes is the schema of the data source; the ephemeral resource
// converts it (ephemeralAttributes), so that both always take and return the same attributes.
func clientCredentialsTokenAttributes() map[string]dsschema.Attribute {
	attrs := tokenRequestAttributes()
	for name, a := range map[string]dsschema.Attribute{
		"access_token": dsschema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: descAccessToken},
		"token_type":   dsschema.StringAttribute{Computed: true, MarkdownDescription: descTokenType},
		"expires_at":   dsschema.StringAttribute{Computed: true, MarkdownDescription: descExpiresAt},
		"scope":        dsschema.StringAttribute{Computed: true, MarkdownDescription: descScope},
		"claims":       claimsAttribute,
	} {
		attrs[name] = a
	}
	return attrs
}

// tokenRequestAttributes describe a client credentials token request (tokenRequestModel).
func tokenRequestAttributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"token_url": dsschema.StringAttribute{
			Required: true, MarkdownDescription: descTokenURL,
			Validators: []validator.String{validators.HTTPSURL()},
		},
		"client_id": dsschema.StringAttribute{
			Required: true, MarkdownDescription: descClientID,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"client_secret": dsschema.StringAttribute{
			Optional: true, Sensitive: true, MarkdownDescription: descClientSecret,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"client_certificate": dsschema.SingleNestedAttribute{
			Optional: true, MarkdownDescription: descClientCertificate,
			Attributes: map[string]dsschema.Attribute{
				"certificate_pem": dsschema.StringAttribute{Required: true, MarkdownDescription: descCertificatePEM},
				"private_key_pem": dsschema.StringAttribute{Required: true, Sensitive: true, MarkdownDescription: descPrivateKeyPEM},
				"signing_algorithm": dsschema.StringAttribute{
					Optional: true, MarkdownDescription: descSigningAlgorithm,
					Validators: []validator.String{stringvalidator.OneOf(oauth.Algorithms...)},
				},
			},
		},
		"scopes": dsschema.ListAttribute{
			Optional: true, ElementType: types.StringType, MarkdownDescription: descScopes,
			Validators: []validator.List{listvalidator.ValueStringsAre(validators.Scope())},
		},
		"client_auth": dsschema.StringAttribute{
			Optional: true, MarkdownDescription: descClientAuth,
			Validators: []validator.String{
				stringvalidator.OneOf(oauth.ClientAuths...),
				stringvalidator.ConflictsWith(sibling("client_certificate")),
			},
		},
		"endpoint_params": dsschema.MapAttribute{
			Optional: true, ElementType: types.StringType, MarkdownDescription: descEndpointParams,
			Validators: []validator.Map{mapvalidator.ValueStringsAre(validators.NoControlCharacters(
				"a token request field is one line of text; remove it"))},
		},
	}
}
