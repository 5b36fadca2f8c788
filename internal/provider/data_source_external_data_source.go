package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ datasource.DataSourceWithConfigure        = (*externalDataSourceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*externalDataSourceDataSource)(nil)
)

// NewExternalDataSourceDataSource is the oauthlink_external_data_source data source.
func NewExternalDataSourceDataSource() datasource.DataSource {
	return &externalDataSourceDataSource{dataSourceBase{typeName: "external_data_source"}}
}

type externalDataSourceDataSource struct{ dataSourceBase }

type externalDataSourceDataModel struct {
	externalDataSourceFields
	Database *edDatabaseFields `tfsdk:"database"`
	Auth     *edAuthFields     `tfsdk:"auth"`
}

type edAuthFields struct {
	Type         types.String          `tfsdk:"type"`
	Basic        *edBasicFields        `tfsdk:"basic"`
	CustomHeader *edCustomHeaderFields `tfsdk:"custom_header"`
	OAuth2       *edOAuth2Fields       `tfsdk:"oauth2"`
}

func (d *externalDataSourceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an **External Data** data source, by `id` or by `app` and `name`: its URL or database, how it " +
			"authenticates (secrets are never returned), and for OAuth 2.0 the callback URL and whether it is authenticated.\n\n" +
			externalDataContractNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: "The data source's id. Either `id`, or `app` and `name`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"app": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: descEDApp,
				Validators: []validator.String{stringvalidator.OneOf(externaldata.Apps...)},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: descEDName,
				Validators: []validator.String{validators.Length(1, 255, checks.Characters)},
			},
			"url": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: descEDURL + " Null for a database.",
				Attributes: map[string]schema.Attribute{
					"url":           computedString("The URL, with its `{variables}`."),
					"method":        computedString("`GET` or `POST`."),
					"content_type":  computedString("The content type of `body`."),
					"body":          computedString("The request body."),
					"response_type": computedString("`json` or `xml`."),
					"headers": schema.MapAttribute{
						Computed: true, ElementType: types.StringType, MarkdownDescription: "Extra request headers.",
					},
				},
			},
			"database": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "The database the data source queries. Null for a URL. The password and client key are never returned.",
				Attributes: map[string]schema.Attribute{
					"driver":      computedString("The driver."),
					"host":        computedString("The database server."),
					"port":        schema.Int64Attribute{Computed: true, MarkdownDescription: "The port."},
					"database":    computedString("The database (or schema) name."),
					"username":    computedString("The user it connects as."),
					"query":       computedString("The SQL query."),
					"ssl_mode":    computedString("MySQL's ssl-mode."),
					"server_ca":   computedString("The server's CA certificate (PEM)."),
					"client_cert": computedString("The client certificate (PEM)."),
				},
			},
			"auth": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "How the data source authenticates. Secrets are never returned.",
				Attributes: map[string]schema.Attribute{
					"type": computedString("`none`, `basic`, `bearer`, `custom_header` or `oauth2`."),
					"basic": schema.SingleNestedAttribute{
						Computed: true, MarkdownDescription: "For `basic`.",
						Attributes: map[string]schema.Attribute{"username": computedString("The user name.")},
					},
					"custom_header": schema.SingleNestedAttribute{
						Computed: true, MarkdownDescription: "For `custom_header`.",
						Attributes: map[string]schema.Attribute{"name": computedString("The header's name.")},
					},
					"oauth2": schema.SingleNestedAttribute{
						Computed: true, MarkdownDescription: "For `oauth2`.",
						Attributes: map[string]schema.Attribute{
							"grant_type": computedString("`client_credentials` or `authorization_code`."),
							"client_id":  computedString("The client ID."),
							"auth_url":   computedString("The authorization endpoint."),
							"token_url":  computedString("The token endpoint."),
							"revoke_url": computedString("The revocation endpoint."),
							"scopes": schema.ListAttribute{
								Computed: true, ElementType: types.StringType, MarkdownDescription: "The scopes requested.",
							},
						},
					},
				},
			},
			"version":       schema.Int64Attribute{Computed: true, MarkdownDescription: descEDVersion},
			"callback_url":  computedString(descEDCallbackURL),
			"authenticated": schema.BoolAttribute{Computed: true, MarkdownDescription: descEDAuthenticated},
		},
	}
}

func (d *externalDataSourceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("app"), path.MatchRoot("name")),
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("app")),
	}
}

func (d *externalDataSourceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config externalDataSourceDataModel
	client, ok := prepare(ctx, &resp.Diagnostics, d.data.externalDataClient, into(req.Config, &config))
	if !ok {
		return
	}
	id := config.ID.ValueString()
	if config.ID.IsNull() {
		app, name := config.App.ValueString(), config.Name.ValueString()
		ids, err := d.data.externalDataSourceIDsNamed(ctx, client, app, name)
		summary := fmt.Sprintf("Unable to find External Data source %q in %s", name, app)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostics(summary, err, nil)...)
			return
		}
		if len(ids) == 0 {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("%s has no data source named %q. Names are case-sensitive, and unique per app only: check app too.", app, name))
			return
		}
		id = ids[0]
	}
	ds, err := client.Get(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("read", edSourceObject, id), err, nil)...)
		return
	}
	var m externalDataSourceDataModel
	m.setFromWire(ds)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(notAuthenticatedWarning(ds)...)
}

func (m *externalDataSourceDataModel) setFromWire(ds *externaldata.DataSource) {
	m.externalDataSourceFields.setFromWire(ds)
	m.Database = nil
	if ds.Database != nil {
		db := databaseFieldsFromWire(ds.Database)
		m.Database = &db
	}
	m.Auth = &edAuthFields{Type: types.StringValue(externaldata.AuthNone)}
	if ds.Auth == nil {
		return
	}
	m.Auth.Type = types.StringValue(ds.Auth.Type)
	switch {
	case ds.Auth.Basic != nil:
		m.Auth.Basic = &edBasicFields{Username: types.StringValue(ds.Auth.Basic.Username)}
	case ds.Auth.CustomHeader != nil:
		m.Auth.CustomHeader = &edCustomHeaderFields{Name: types.StringValue(ds.Auth.CustomHeader.Name)}
	case ds.Auth.OAuth2 != nil:
		oauth2 := oauth2FieldsFromWire(ds.Auth.OAuth2)
		m.Auth.OAuth2 = &oauth2
	}
}
