package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ resource.ResourceWithConfigure        = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithConfigValidators = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithImportState      = (*externalDataSourceResource)(nil)
)

// NewExternalDataSourceResource is the oauthlink_external_data_source resource.
func NewExternalDataSourceResource() resource.Resource { return &externalDataSourceResource{} }

type externalDataSourceResource struct {
	data *providerData
}

type externalDataSourceModel struct {
	externalDataSourceFields
	Database    *edDatabaseModel    `tfsdk:"database"`
	Auth        *edAuthModel        `tfsdk:"auth"`
	TestOnApply *edTestOnApplyModel `tfsdk:"test_on_apply"`
}

type edDatabaseModel struct {
	edDatabaseFields
	Password           types.String `tfsdk:"password"`
	PasswordWO         types.String `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64  `tfsdk:"password_wo_version"`
	ClientKey          types.String `tfsdk:"client_key"`
	ClientKeyWO        types.String `tfsdk:"client_key_wo"`
	ClientKeyWOVersion types.Int64  `tfsdk:"client_key_wo_version"`
}

type edAuthModel struct {
	Basic        *edBasicModel        `tfsdk:"basic"`
	Bearer       *edBearerModel       `tfsdk:"bearer"`
	CustomHeader *edCustomHeaderModel `tfsdk:"custom_header"`
	OAuth2       *edOAuth2Model       `tfsdk:"oauth2"`
}

type edBasicModel struct {
	edBasicFields
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

type edBearerModel struct {
	Token          types.String `tfsdk:"token"`
	TokenWO        types.String `tfsdk:"token_wo"`
	TokenWOVersion types.Int64  `tfsdk:"token_wo_version"`
}

type edCustomHeaderModel struct {
	edCustomHeaderFields
	Value          types.String `tfsdk:"value"`
	ValueWO        types.String `tfsdk:"value_wo"`
	ValueWOVersion types.Int64  `tfsdk:"value_wo_version"`
}

type edOAuth2Model struct {
	edOAuth2Fields
	ClientSecret          types.String `tfsdk:"client_secret"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
}

type edTestOnApplyModel struct {
	Variables types.Map `tfsdk:"variables"`
}

func (r *externalDataSourceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_external_data_source"
}

func (r *externalDataSourceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = externalDataSourceResourceSchema()
}

func externalDataSourceResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An **External Data** data source: a REST URL or a database, with its authentication, that External Data " +
			"for Jira fields and External Data for Confluence panels read.\n\n" + externalDataContractNote + "\n\n" +
			"The API never returns secrets (passwords, tokens, header values, client secrets, client keys), so a secret changed in the " +
			"app's UI cannot show as drift: rotate it here, with the sensitive attribute or with its write-only `_wo` twin and a new " +
			"`_wo_version`. Every other field is refreshed, and a change made in the UI shows in the next plan. An update is sent only " +
			"if the data source is unchanged since the last refresh (`If-Match`), so a change made in the UI in between is never overwritten.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The data source's id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app": schema.StringAttribute{
				Required: true, MarkdownDescription: descEDApp + " Changing it creates a new data source.",
				Validators:    []validator.String{stringvalidator.OneOf(externaldata.Apps...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: descEDName,
				Validators: []validator.String{validators.Name(255, checks.Characters)},
			},
			"url": schema.SingleNestedAttribute{
				Optional: true, MarkdownDescription: descEDURL + " Exactly one of `url` and `database`.",
				Attributes: map[string]schema.Attribute{
					"url": schema.StringAttribute{
						Required: true, MarkdownDescription: descEDURLURL,
						Validators: []validator.String{
							validators.URL(externaldata.CheckURL),
							validators.StringWarning("Port not in the product's list", "should use a port the product connects to", externaldata.CheckPort),
						},
					},
					"method": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString("GET"),
						MarkdownDescription: "`GET` (default) or `POST`.",
						Validators:          []validator.String{stringvalidator.OneOf(externaldata.Methods...)},
					},
					"content_type": schema.StringAttribute{
						Optional: true, MarkdownDescription: "The content type of `body`, e.g. `application/json`. `POST` only.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"body": schema.StringAttribute{
						Optional: true, MarkdownDescription: "The request body; may hold `{variables}`. `POST` only.",
					},
					"response_type": schema.StringAttribute{
						Optional: true, Computed: true, Default: stringdefault.StaticString("json"),
						MarkdownDescription: "`json` (default) or `xml`.",
						Validators:          []validator.String{stringvalidator.OneOf(externaldata.ResponseTypes...)},
					},
					"headers": schema.MapAttribute{
						Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Extra request headers, e.g. `{ ConsistencyLevel = \"eventual\" }`. The product stores them in " +
							"clear and shows them in its UI: put a secret header in `auth.custom_header` instead.",
						Validators: []validator.Map{
							mapvalidator.SizeAtLeast(1), mapvalidator.KeysAre(validators.HeaderName()),
							mapvalidator.ValueStringsAre(validators.HeaderValue()), noSecretHeaders(),
						},
					},
				},
			},
			"database": schema.SingleNestedAttribute{
				Optional: true, MarkdownDescription: "A database the data source queries. Exactly one of `url` and `database`.",
				Attributes: mergeAttributes(
					map[string]schema.Attribute{
						"driver": schema.StringAttribute{
							Required: true, MarkdownDescription: "One of `" + strings.Join(externaldata.Drivers, "`, `") + "`.",
							Validators: []validator.String{stringvalidator.OneOf(externaldata.Drivers...)},
						},
						"host": schema.StringAttribute{
							Required: true, MarkdownDescription: "The database server's host name or address.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1), validators.NotBlank()},
						},
						"port": schema.Int64Attribute{
							Required: true, MarkdownDescription: "The database server's port, 1–65535.",
							CustomType: validators.WholeNumber(1, 65535),
							Validators: []validator.Int64{int64validator.Between(1, 65535)},
						},
						"database": schema.StringAttribute{Optional: true, MarkdownDescription: "The database (or schema) name."},
						"username": schema.StringAttribute{Optional: true, MarkdownDescription: "The user to connect as."},
						"query": schema.StringAttribute{
							Required: true, MarkdownDescription: "The SQL query; it must return a list, and may hold `{variables}`.",
							Validators: []validator.String{validators.NotBlank()},
						},
						"ssl_mode": schema.StringAttribute{
							Optional: true, MarkdownDescription: "MySQL only: one of `" + strings.Join(externaldata.SSLModes, "`, `") + "`.",
							Validators: []validator.String{stringvalidator.OneOf(externaldata.SSLModes...)},
						},
						"server_ca":   schema.StringAttribute{Optional: true, MarkdownDescription: "MySQL only: the server's CA certificate (PEM)."},
						"client_cert": schema.StringAttribute{Optional: true, MarkdownDescription: "MySQL only: the client certificate (PEM)."},
					},
					secretAttributes("password", "The database password.", false),
					secretAttributes("client_key", "MySQL only: the client certificate's private key (PEM).", false),
				),
			},
			"auth": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "How the data source authenticates to its URL or database: exactly one of `basic`, `bearer`, " +
					"`custom_header` and `oauth2`. Leave it out for none.",
				Validators: []validator.Object{validators.ExactlyOneAttribute("basic", "bearer", "custom_header", "oauth2")},
				Attributes: map[string]schema.Attribute{
					"basic": schema.SingleNestedAttribute{
						Optional: true, MarkdownDescription: "HTTP Basic authentication.",
						Attributes: mergeAttributes(
							map[string]schema.Attribute{
								"username": schema.StringAttribute{Required: true, MarkdownDescription: "The user name."},
							},
							secretAttributes("password", "The password.", false),
						),
					},
					"bearer": schema.SingleNestedAttribute{
						Optional: true, MarkdownDescription: "A fixed bearer token, sent as `Authorization: Bearer …`.",
						Validators: []validator.Object{requiredSecret("token")},
						Attributes: withValidators(secretAttributes("token", "The token.", true), validators.HeaderValue()),
					},
					"custom_header": schema.SingleNestedAttribute{
						Optional: true, MarkdownDescription: "One header whose value is a secret, such as an API key.",
						Validators: []validator.Object{requiredSecret("value")},
						Attributes: mergeAttributes(
							map[string]schema.Attribute{
								"name": schema.StringAttribute{
									Required: true, MarkdownDescription: "The header's name, e.g. `X-API-Key`.",
									Validators: []validator.String{validators.HeaderName()},
								},
							},
							withValidators(secretAttributes("value", "The header's value.", true), validators.HeaderValue()),
						),
					},
					"oauth2": schema.SingleNestedAttribute{
						Optional: true, MarkdownDescription: descEDOAuth2,
						Attributes: mergeAttributes(
							map[string]schema.Attribute{
								"grant_type": schema.StringAttribute{
									Optional: true, Computed: true, Default: stringdefault.StaticString(externaldata.GrantClientCredentials),
									MarkdownDescription: "`client_credentials` (default: the service fetches tokens itself) or `authorization_code` " +
										"(an administrator consents in a browser once; see `callback_url`).",
									Validators: []validator.String{stringvalidator.OneOf(externaldata.GrantTypes...)},
								},
								"client_id": schema.StringAttribute{
									Required: true, MarkdownDescription: "The client ID (for Entra: the Application (client) ID).",
									Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
								},
								"auth_url": schema.StringAttribute{
									Optional: true, MarkdownDescription: "The authorization endpoint. Required for `authorization_code`.",
									Validators: edEndpointValidators(),
								},
								"token_url": schema.StringAttribute{
									Required: true, MarkdownDescription: "The token endpoint, e.g. `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`.",
									Validators: edEndpointValidators(),
								},
								"revoke_url": schema.StringAttribute{
									Optional: true, MarkdownDescription: "The revocation endpoint, if the provider has one (Entra has none).",
									Validators: edEndpointValidators(),
								},
								"scopes": schema.ListAttribute{
									Optional: true, ElementType: types.StringType,
									MarkdownDescription: "Scopes to request. Required for `authorization_code`, where `offline_access` gets the " +
										"service a refresh token. For Entra client credentials: `[\"https://graph.microsoft.com/.default\"]`.",
									Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(validators.Scope())},
								},
							},
							secretAttributes("client_secret", "The client secret (for Entra: the secret's **Value**, not its Secret ID; "+
								"a GUID-shaped value gets a warning).", false),
						),
					},
				},
			},
			"test_on_apply": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Run \"Save and test\" after every create and update, and fail the apply with the service's message " +
					"when the test fails. A failed test on create leaves the new data source tainted, so the next apply replaces it.",
				Attributes: map[string]schema.Attribute{
					"variables": schema.MapAttribute{
						Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Sample values for the `{variables}` in the URL, body, headers or query, e.g. `{ issueKey = \"ABC-1\" }`.",
					},
				},
			},
			"version": schema.Int64Attribute{
				Computed: true, MarkdownDescription: descEDVersion,
			},
			"callback_url": schema.StringAttribute{
				Computed: true, MarkdownDescription: descEDCallbackURL,
			},
			"authenticated": schema.BoolAttribute{
				Computed: true, MarkdownDescription: descEDAuthenticated,
			},
		},
	}
}

func edEndpointValidators() []validator.String {
	return []validator.String{
		validators.HTTPSURL(),
		validators.StringWarning("Port not in the product's list", "should use a port the product connects to", externaldata.CheckPort),
	}
}

func (r *externalDataSourceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("url"), path.MatchRoot("database")),
	}
}

// ValidateConfig checks the rules that span attributes.
func (r *externalDataSourceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config externalDataSourceModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		return // a whole block is unknown yet: check it once it is known
	}
	if u := config.URL; u != nil && !u.Method.IsUnknown() && !strings.EqualFold(u.Method.ValueString(), "POST") {
		for _, name := range []string{"body", "content_type"} {
			value := map[string]types.String{"body": u.Body, "content_type": u.ContentType}[name]
			if !value.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root("url").AtName(name), "url."+name+" needs method POST",
					"The product sends a request body only with POST: set url.method = \"POST\", or remove url."+name+".")
			}
		}
	}
	if db := config.Database; db != nil && !db.Driver.IsUnknown() && db.Driver.ValueString() != "mysql" {
		for name, value := range map[string]types.String{
			"ssl_mode": db.SSLMode, "server_ca": db.ServerCA, "client_cert": db.ClientCert, "client_key": db.ClientKey, "client_key_wo": db.ClientKeyWO,
		} {
			if !value.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root("database").AtName(name), "database."+name+" is for MySQL only",
					fmt.Sprintf("The product offers TLS settings for the mysql driver only; remove database.%s for driver %q.", name, db.Driver.ValueString()))
			}
		}
	}
	if config.Auth != nil && config.Auth.OAuth2 != nil {
		resp.Diagnostics.Append(validateAuthorizationCode(config.Auth.OAuth2.edOAuth2Fields, path.Root("auth").AtName("oauth2"))...)
	}
	resp.Diagnostics.Append(checkTestVariables(ctx, config)...)
}

// validateAuthorizationCode checks what the authorization code grant needs beyond client
// credentials: an authorization endpoint, and scopes, best with offline_access.
func validateAuthorizationCode(o edOAuth2Fields, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if o.GrantType.ValueString() != externaldata.GrantAuthorizationCode {
		return diags
	}
	if o.AuthURL.IsNull() {
		diags.AddAttributeError(at.AtName("auth_url"), "Missing auth_url",
			"The authorization code grant sends the administrator to the provider's authorization endpoint: set auth_url, "+
				"e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize for Entra.")
	}
	if o.Scopes.IsNull() {
		diags.AddAttributeError(at.AtName("scopes"), "Missing scopes",
			"The authorization code grant needs scopes, e.g. [\"offline_access\", \"https://graph.microsoft.com/User.Read\"].")
		return diags
	}
	if o.Scopes.IsUnknown() {
		return diags
	}
	for _, scope := range o.Scopes.Elements() {
		if s, ok := scope.(types.String); ok && (s.IsUnknown() || s.ValueString() == "offline_access") {
			return diags
		}
	}
	diags.AddAttributeWarning(at.AtName("scopes"), "No offline_access scope",
		"Without offline_access the provider issues no refresh token, and the data source stops working when its first access token "+
			"expires (about an hour for Entra) until an administrator authenticates again. Add \"offline_access\" to scopes.")
	return diags
}

// checkTestVariables makes sure that test_on_apply gives a value for every {variable} the data
// source uses, which the service's test would otherwise reject after the apply.
func checkTestVariables(ctx context.Context, config externalDataSourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if config.TestOnApply == nil || config.TestOnApply.Variables.IsUnknown() {
		return diags
	}
	var texts []types.String
	if u := config.URL; u != nil {
		texts = append(texts, u.URL, u.Body)
		if !u.Headers.IsUnknown() {
			for _, v := range u.Headers.Elements() {
				if s, ok := v.(types.String); ok {
					texts = append(texts, s)
				}
			}
		}
	}
	if config.Database != nil {
		texts = append(texts, config.Database.Query)
	}
	given := map[string]types.String{}
	diags.Append(config.TestOnApply.Variables.ElementsAs(ctx, &given, false)...)
	var missing []string
	for _, text := range texts {
		if text.IsUnknown() {
			continue
		}
		for _, name := range externaldata.Variables(text.ValueString()) {
			if _, ok := given[name]; !ok && !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeError(path.Root("test_on_apply").AtName("variables"), "Missing test values",
			fmt.Sprintf("The data source uses {%s}, so \"Save and test\" needs a sample value for each: add them to test_on_apply.variables, "+
				"e.g. variables = { %s = \"…\" }.", strings.Join(missing, "}, {"), missing[0]))
	}
	return diags
}

func (r *externalDataSourceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// The six secrets of a data source, as secrets numbers them.
const (
	edDatabasePassword = iota
	edDatabaseClientKey
	edBasicPassword
	edBearerToken
	edHeaderValue
	edOAuth2ClientSecret
	edSecretCount
)

// secrets finds the six secrets in a model: nil for those whose block it lacks, and all of them
// when the model itself is nil (the prior state of a create).
func (m *externalDataSourceModel) secrets() (s [edSecretCount]*secretFields) {
	if m == nil {
		return s
	}
	if db := m.Database; db != nil {
		s[edDatabasePassword] = &secretFields{&db.Password, &db.PasswordWO, &db.PasswordWOVersion}
		s[edDatabaseClientKey] = &secretFields{&db.ClientKey, &db.ClientKeyWO, &db.ClientKeyWOVersion}
	}
	if a := m.Auth; a != nil {
		if b := a.Basic; b != nil {
			s[edBasicPassword] = &secretFields{&b.Password, &b.PasswordWO, &b.PasswordWOVersion}
		}
		if b := a.Bearer; b != nil {
			s[edBearerToken] = &secretFields{&b.Token, &b.TokenWO, &b.TokenWOVersion}
		}
		if h := a.CustomHeader; h != nil {
			s[edHeaderValue] = &secretFields{&h.Value, &h.ValueWO, &h.ValueWOVersion}
		}
		if o := a.OAuth2; o != nil {
			s[edOAuth2ClientSecret] = &secretFields{&o.ClientSecret, &o.ClientSecretWO, &o.ClientSecretWOVersion}
		}
	}
	return s
}

// toWire converts the plan into the API's model. prior is the state before an update, nil on
// create. It also returns the secret values being sent, for masking in logs.
func (m *externalDataSourceModel) toWire(ctx context.Context, config, prior *externalDataSourceModel) (externaldata.DataSource, []string, diag.Diagnostics) {
	planned, configured, stored := m.secrets(), config.secrets(), prior.secrets()
	var sent []string
	send := func(secret int) externaldata.WriteOnly {
		change := sendSecret(planned[secret], configured[secret], stored[secret], prior == nil)
		if change.set {
			sent = append(sent, change.value)
		}
		return change.writeOnly()
	}

	ds := externaldata.DataSource{ID: m.ID.ValueString(), App: m.App.ValueString(), Name: m.Name.ValueString()}
	var diags diag.Diagnostics
	if m.URL != nil {
		ds.Type = externaldata.TypeURL
		ds.URL, diags = m.URL.toWire(ctx)
	}
	if db := m.Database; db != nil {
		ds.Type = externaldata.TypeDatabase
		ds.Database = db.toWire()
		ds.Database.Password = send(edDatabasePassword)
		ds.Database.ClientKey = send(edDatabaseClientKey)
	}

	ds.Auth = &externaldata.Auth{Type: externaldata.AuthNone}
	switch a := m.Auth; {
	case a == nil:
	case a.Basic != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthBasic, Basic: &externaldata.Basic{
			Username: a.Basic.Username.ValueString(), Password: send(edBasicPassword),
		}}
	case a.Bearer != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthBearer, Bearer: &externaldata.Bearer{Token: send(edBearerToken)}}
	case a.CustomHeader != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthCustomHeader, CustomHeader: &externaldata.CustomHeader{
			Name: a.CustomHeader.Name.ValueString(), Value: send(edHeaderValue),
		}}
	case a.OAuth2 != nil:
		oauth2, d := a.OAuth2.toWire(ctx)
		diags.Append(d...)
		oauth2.ClientSecret = send(edOAuth2ClientSecret)
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthOAuth2, OAuth2: oauth2}
	}
	return ds, sent, diags
}

// setFromWire refreshes the state from the API's answer. Secrets, which the API never returns,
// and test_on_apply stay as they were for blocks that are still there. An answer without a block
// its types require is an error, and the model stays as it was.
func (m *externalDataSourceModel) setFromWire(ds *externaldata.DataSource) error {
	if err := ds.Check(); err != nil {
		return err
	}
	prior := m.secrets()
	m.externalDataSourceFields.setFromWire(ds)
	m.Database = nil
	if ds.Database != nil {
		m.Database = &edDatabaseModel{edDatabaseFields: databaseFieldsFromWire(ds.Database)}
	}
	m.Auth = authFromWire(ds.Auth)
	for i, secret := range m.secrets() {
		secret.keep(prior[i])
	}
	return nil
}

// authFromWire is the auth block of an answer, without its secrets.
func authFromWire(auth *externaldata.Auth) *edAuthModel {
	if auth == nil || auth.Type == externaldata.AuthNone {
		return nil
	}
	m := &edAuthModel{}
	switch auth.Type {
	case externaldata.AuthBasic:
		m.Basic = &edBasicModel{edBasicFields: edBasicFields{Username: types.StringValue(auth.Basic.Username)}}
	case externaldata.AuthBearer:
		m.Bearer = &edBearerModel{}
	case externaldata.AuthCustomHeader:
		m.CustomHeader = &edCustomHeaderModel{edCustomHeaderFields: edCustomHeaderFields{Name: types.StringValue(auth.CustomHeader.Name)}}
	case externaldata.AuthOAuth2:
		m.OAuth2 = &edOAuth2Model{edOAuth2Fields: oauth2FieldsFromWire(auth.OAuth2)}
	}
	return m
}

// etagKey is where the private state keeps the ETag of the last refresh, which an update sends
// as If-Match so that a change made in the app's UI since then is never overwritten.
const etagKey = "etag"

// privateStateWriter and privateStateReader are the private state of the framework's responses
// and requests, whose type is internal to the framework.
type (
	privateStateWriter interface {
		SetKey(context.Context, string, []byte) diag.Diagnostics
	}
	privateStateReader interface {
		GetKey(context.Context, string) ([]byte, diag.Diagnostics)
	}
)

func saveETag(ctx context.Context, private privateStateWriter, etag string) diag.Diagnostics {
	value, _ := json.Marshal(etag)
	return private.SetKey(ctx, etagKey, value)
}

func loadETag(ctx context.Context, private privateStateReader) (string, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, etagKey)
	var etag string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &etag)
	}
	return etag, diags
}

// fieldErrorPaths places the API's field errors on the resource's attributes.
func fieldErrorPaths(ctx context.Context) attributeOf {
	return schemaPaths(ctx, externalDataSourceResourceSchema())
}

func (r *externalDataSourceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.Plan, &plan), into(req.Config, &config))
	if !ok {
		return
	}
	ds, secrets, diags := plan.toWire(ctx, &config, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, secrets...)

	created, err := client.Create(ctx, ds)
	if err != nil {
		err = explainCreateError(err, created != nil, "oauthlink_external_data_source", "data source", importByID)
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("create", edSourceObject, ds.Name), err, fieldErrorPaths(ctx))...)
		if created != nil {
			// The apply was interrupted after the service made it: recorded, it is not orphaned.
			resp.Diagnostics.Append(saveSource(ctx, created, &plan, &resp.State, resp.Private)...)
		}
		return
	}
	r.afterWrite(ctx, client, created, &plan, &resp.State, resp.Private, &resp.Diagnostics)
}

func (r *externalDataSourceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.Plan, &plan), into(req.State, &state), into(req.Config, &config))
	etag, diags := loadETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	ds, secrets, diags := plan.toWire(ctx, &config, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, secrets...)
	summary := unableTo("update", edSourceObject, ds.Name)
	if etag == "" {
		// No refresh recorded an ETag (state written by an older provider): take the current one.
		current, err := client.Get(ctx, ds.ID)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostics(summary, err, nil)...)
			return
		}
		etag = current.ETag
	}
	ds.ETag = etag

	updated, err := client.Update(ctx, ds)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(summary, err, fieldErrorPaths(ctx))...)
		return
	}
	r.afterWrite(ctx, client, updated, &plan, &resp.State, resp.Private, &resp.Diagnostics)
}

// stateSetter is what the states of Create and Update responses have in common.
type stateSetter interface {
	Set(context.Context, any) diag.Diagnostics
}

// afterWrite finishes a create or update: for client credentials it presses "Authenticate" (the
// service fetches a token itself), saves the state, and runs "Save and test" when asked to. The
// state is saved before the test, so a failed test loses nothing.
func (r *externalDataSourceResource) afterWrite(ctx context.Context, client *externaldata.Client, ds *externaldata.DataSource,
	model *externalDataSourceModel, state stateSetter, private privateStateWriter, diags *diag.Diagnostics,
) {
	if oauth2 := ds.OAuth2(); oauth2 != nil && oauth2.GrantType == externaldata.GrantClientCredentials {
		r.authenticate(ctx, client, ds, diags)
		if refreshed, err := client.Get(ctx, ds.ID); err == nil {
			ds = refreshed
		} else {
			diags.AddWarning(unableTo("refresh", edSourceObject, ds.Name), err.Error())
		}
	}
	diags.Append(saveSource(ctx, ds, model, state, private)...)
	if diags.HasError() {
		return
	}
	diags.Append(notAuthenticatedWarning(ds)...)

	if model.TestOnApply == nil {
		return
	}
	variables := map[string]string{}
	diags.Append(model.TestOnApply.Variables.ElementsAs(ctx, &variables, false)...)
	result, err := client.Test(ctx, ds.ID, variables)
	summary := fmt.Sprintf("\"Save and test\" failed for External Data source %q", ds.Name)
	switch {
	case err != nil:
		diags.Append(apiErrorDiagnostics(summary, err, nil)...)
	case !result.OK:
		detail := "The service's test of the data source failed"
		if result.Status != 0 {
			detail += fmt.Sprintf(" (the source answered %d)", result.Status)
		}
		diags.AddAttributeError(path.Root("test_on_apply"), summary, detail+": "+result.Message+
			"\n\nThe data source was saved as configured; fix the configuration (or the remote side) and apply again.")
	default:
		tflog.Info(ctx, "External Data source test passed", map[string]any{"id": ds.ID, "status": result.Status})
	}
}

// saveSource saves the data source the service answered, and its ETag, as the state.
func saveSource(ctx context.Context, ds *externaldata.DataSource, model *externalDataSourceModel, state stateSetter, private privateStateWriter) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := model.setFromWire(ds); err != nil {
		diags.Append(apiErrorDiagnostics(fmt.Sprintf("Unable to use External Data's answer for data source %q", ds.Name), err, nil)...)
		return diags
	}
	diags.Append(state.Set(ctx, model)...)
	diags.Append(saveETag(ctx, private, ds.ETag)...)
	return diags
}

// authenticate presses "Authenticate" for a client-credentials source. A failure warns rather
// than fails: the data source is saved, and the warning carries the token endpoint's answer.
func (r *externalDataSourceResource) authenticate(ctx context.Context, client *externaldata.Client, ds *externaldata.DataSource, diags *diag.Diagnostics) {
	summary := fmt.Sprintf("External Data source %q could not authenticate", ds.Name)
	result, err := client.Authenticate(ctx, ds.ID)
	switch {
	case err != nil:
		diags.AddWarning(summary, err.Error())
	case !result.Authenticated:
		diags.AddWarning(summary, "The service could not get a token from "+ds.OAuth2().TokenURL+" with the client credentials: "+
			result.Error+"\n\nCheck client_id, the client secret (for Entra: the secret's Value, and that it has not expired), "+
			"the token URL's tenant, and that scopes end in /.default. Fields using this data source get no data until it authenticates.")
	}
}

func (r *externalDataSourceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.State, &state))
	if !ok {
		return
	}
	ds, err := client.Get(ctx, state.ID.ValueString())
	if externaldata.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // deleted outside Terraform: the plan creates it again
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("read", edSourceObject, state.ID.ValueString()), err, nil)...)
		return
	}
	resp.Diagnostics.Append(saveSource(ctx, ds, &state, &resp.State, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(notAuthenticatedWarning(ds)...)
}

func (r *externalDataSourceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.State, &state))
	if !ok {
		return
	}
	if err := client.Delete(ctx, state.ID.ValueString()); err != nil && !externaldata.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("delete", edSourceObject, state.Name.ValueString()), err, nil)...)
	}
}

// ImportState takes the data source's id; the refresh that follows reads the rest. Secrets cannot
// be read back: the first apply after an import sends the configured ones.
func (r *externalDataSourceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
