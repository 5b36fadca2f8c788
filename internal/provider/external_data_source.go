package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

// The resource and the data source oauthlink_external_data_source share the *Fields structs; the
// resource's models add the secrets, which the API never returns, and test_on_apply.

type externalDataSourceFields struct {
	ID            types.String `tfsdk:"id"`
	App           types.String `tfsdk:"app"`
	Name          types.String `tfsdk:"name"`
	URL           *edURLModel  `tfsdk:"url"`
	Version       types.Int64  `tfsdk:"version"`
	CallbackURL   types.String `tfsdk:"callback_url"`
	Authenticated types.Bool   `tfsdk:"authenticated"`
}

type edURLModel struct {
	URL          types.String `tfsdk:"url"`
	Method       types.String `tfsdk:"method"`
	ContentType  types.String `tfsdk:"content_type"`
	Body         types.String `tfsdk:"body"`
	ResponseType types.String `tfsdk:"response_type"`
	Headers      types.Map    `tfsdk:"headers"`
}

type edDatabaseFields struct {
	Driver     types.String `tfsdk:"driver"`
	Host       types.String `tfsdk:"host"`
	Port       types.Int64  `tfsdk:"port"`
	Database   types.String `tfsdk:"database"`
	Username   types.String `tfsdk:"username"`
	Query      types.String `tfsdk:"query"`
	SSLMode    types.String `tfsdk:"ssl_mode"`
	ServerCA   types.String `tfsdk:"server_ca"`
	ClientCert types.String `tfsdk:"client_cert"`
}

type edBasicFields struct {
	Username types.String `tfsdk:"username"`
}

type edCustomHeaderFields struct {
	Name types.String `tfsdk:"name"`
}

type edOAuth2Fields struct {
	GrantType types.String `tfsdk:"grant_type"`
	ClientID  types.String `tfsdk:"client_id"`
	AuthURL   types.String `tfsdk:"auth_url"`
	TokenURL  types.String `tfsdk:"token_url"`
	RevokeURL types.String `tfsdk:"revoke_url"`
	Scopes    types.List   `tfsdk:"scopes"`
}

// setFromWire refreshes the shared fields from the API's answer; nested blocks the answer does
// not have become null.
func (m *externalDataSourceFields) setFromWire(ds *externaldata.DataSource) {
	m.ID = types.StringValue(ds.ID)
	m.App = types.StringValue(ds.App)
	m.Name = types.StringValue(ds.Name)
	m.Version = types.Int64Value(ds.Version)
	m.URL = nil
	if ds.URL != nil {
		m.URL = &edURLModel{
			URL:          types.StringValue(ds.URL.URL),
			Method:       types.StringValue(strings.ToUpper(ds.URL.Method)),
			ContentType:  types.StringPointerValue(ds.URL.ContentType),
			Body:         types.StringPointerValue(ds.URL.Body),
			ResponseType: types.StringValue(ds.URL.ResponseType),
			Headers:      types.MapNull(types.StringType),
		}
		if len(ds.URL.Headers) > 0 {
			m.URL.Headers, _ = types.MapValueFrom(context.Background(), types.StringType, ds.URL.Headers)
		}
	}
	m.CallbackURL = types.StringNull()
	m.Authenticated = types.BoolNull()
	if oauth2 := ds.OAuth2(); oauth2 != nil {
		m.CallbackURL = stringOrNull(oauth2.CallbackURL)
		m.Authenticated = types.BoolValue(oauth2.Authenticated)
	}
}

func (m *edURLModel) toWire(ctx context.Context) (*externaldata.URL, diag.Diagnostics) {
	if m == nil {
		return nil, nil
	}
	u := &externaldata.URL{
		URL:          m.URL.ValueString(),
		Method:       m.Method.ValueString(),
		ContentType:  m.ContentType.ValueStringPointer(),
		Body:         m.Body.ValueStringPointer(),
		ResponseType: m.ResponseType.ValueString(),
	}
	var diags diag.Diagnostics
	if !m.Headers.IsNull() {
		diags = m.Headers.ElementsAs(ctx, &u.Headers, false)
	}
	return u, diags
}

func databaseFieldsFromWire(db *externaldata.Database) edDatabaseFields {
	return edDatabaseFields{
		Driver:     types.StringValue(db.Driver),
		Host:       types.StringValue(db.Host),
		Port:       types.Int64Value(db.Port),
		Database:   types.StringPointerValue(db.Database),
		Username:   types.StringPointerValue(db.Username),
		Query:      types.StringValue(db.Query),
		SSLMode:    types.StringPointerValue(db.SSLMode),
		ServerCA:   types.StringPointerValue(db.ServerCA),
		ClientCert: types.StringPointerValue(db.ClientCert),
	}
}

func (f edDatabaseFields) toWire() *externaldata.Database {
	return &externaldata.Database{
		Driver:     f.Driver.ValueString(),
		Host:       f.Host.ValueString(),
		Port:       f.Port.ValueInt64(),
		Database:   f.Database.ValueStringPointer(),
		Username:   f.Username.ValueStringPointer(),
		Query:      f.Query.ValueString(),
		SSLMode:    f.SSLMode.ValueStringPointer(),
		ServerCA:   f.ServerCA.ValueStringPointer(),
		ClientCert: f.ClientCert.ValueStringPointer(),
	}
}

func oauth2FieldsFromWire(o *externaldata.OAuth2) edOAuth2Fields {
	f := edOAuth2Fields{
		GrantType: types.StringValue(o.GrantType),
		ClientID:  types.StringValue(o.ClientID),
		AuthURL:   types.StringPointerValue(o.AuthURL),
		TokenURL:  types.StringValue(o.TokenURL),
		RevokeURL: types.StringPointerValue(o.RevokeURL),
		Scopes:    types.ListNull(types.StringType),
	}
	if len(o.Scopes) > 0 {
		f.Scopes, _ = types.ListValueFrom(context.Background(), types.StringType, o.Scopes)
	}
	return f
}

func (f edOAuth2Fields) toWire(ctx context.Context) (*externaldata.OAuth2, diag.Diagnostics) {
	o := &externaldata.OAuth2{
		GrantType: f.GrantType.ValueString(),
		ClientID:  f.ClientID.ValueString(),
		AuthURL:   f.AuthURL.ValueStringPointer(),
		TokenURL:  f.TokenURL.ValueString(),
		RevokeURL: f.RevokeURL.ValueStringPointer(),
		Scopes:    []string{},
	}
	var diags diag.Diagnostics
	if !f.Scopes.IsNull() {
		diags = f.Scopes.ElementsAs(ctx, &o.Scopes, false)
	}
	return o, diags
}

// notAuthenticatedWarning tells an administrator what to do about an authorization-code source
// the service holds no token for: register the callback URL, then consent in a browser.
func notAuthenticatedWarning(ds *externaldata.DataSource) diag.Diagnostics {
	var diags diag.Diagnostics
	oauth2 := ds.OAuth2()
	if oauth2 == nil || oauth2.GrantType != externaldata.GrantAuthorizationCode || oauth2.Authenticated {
		return diags
	}
	app := "External Data for Jira"
	if ds.App == externaldata.AppConfluence {
		app = "External Data for Confluence"
	}
	diags.AddWarning(fmt.Sprintf("External Data source %q is not authenticated", ds.Name),
		fmt.Sprintf("This data source uses the OAuth 2.0 authorization code grant, and the service holds no token for it yet "+
			"(or its refresh token was revoked, or its client secret changed), so Jira fields and Confluence panels that use it get no data.\n\n"+
			"1. Register this callback (redirect) URL at the OAuth provider, e.g. in the Entra app registration under "+
			"Authentication > Web > Redirect URIs:\n   %s\n"+
			"2. An administrator opens %s's data source %q, presses \"Authenticate\" and consents in the browser.\n\n"+
			"Include offline_access in the scopes so that the service gets a refresh token and stays authenticated.",
			oauth2.CallbackURL, app, ds.Name))
	return diags
}

// Descriptions shared by the resource and the data source.
const (
	externalDataContractNote = "~> **The management API.** The vendor of External Data publishes no management API: its UI talks to " +
		"a private backend. This provider speaks a contract that mirrors the product's data-source form field for field " +
		"(`{external_data.base_url}/api/v1/data-sources`, described in `internal/externaldata/README.md` in the provider's source repository); a deployment must offer that " +
		"API, and adapting to a different vendor API changes one package of the provider, not this schema."
	descEDApp    = "`jira` (External Data for Jira fields) or `confluence` (External Data for Confluence)."
	descEDName   = "The data source's name, unique in its app (1–255 characters); fields and panels select it by name."
	descEDURL    = "A REST URL the data source calls."
	descEDURLURL = "The URL, absolute and https (http only for loopback addresses); may hold `{variables}` such as " +
		"`{issueKey}`. The product connects only to ports 80, 443, 8080, 8008, 8000, 8077, 8443, 8444, 9080, 5867, 37469, 37470 " +
		"and 3128: another port gets a warning."
	descEDOAuth2 = "OAuth 2.0: the service fetches tokens from `token_url` (client credentials), or an administrator consents " +
		"once in a browser (authorization code; register `callback_url` at the provider first)."
	descEDVersion     = "The data source's version, bumped by every change (also in the app's UI)."
	descEDCallbackURL = "For OAuth 2.0: the callback (redirect) URL to register at the OAuth provider, set by the service " +
		"per app. Null for other authentication."
	descEDAuthenticated = "For OAuth 2.0: whether the service holds a working token. An authorization-code source becomes " +
		"authenticated only after an administrator consents in a browser, and drops back when its refresh token is revoked " +
		"or its client secret changes; a refresh that finds it not authenticated warns. Null for other authentication."
)

// noSecretHeaders warns about a url.headers entry that looks like a credential: the product stores
// plain headers in clear and shows them in its UI, while auth.custom_header keeps its value secret.
func noSecretHeaders() validator.Map { return noSecretHeadersValidator{} }

type noSecretHeadersValidator struct{}

func (noSecretHeadersValidator) Description(context.Context) string {
	return "warns when a header looks like a credential, which belongs in auth.custom_header"
}

func (v noSecretHeadersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (noSecretHeadersValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for name := range req.ConfigValue.Elements() {
		if httpx.IsSensitiveHeader(name) {
			resp.Diagnostics.AddAttributeWarning(req.Path.AtMapKey(name), "Secret in a plain header",
				fmt.Sprintf("The header %q looks like a credential. The product stores url.headers in clear and shows them in its "+
					"UI (\"don't store secrets here\"); move it to auth.custom_header (or auth.bearer for Authorization: Bearer), "+
					"whose value is encrypted and never displayed again.", name))
		}
	}
}
