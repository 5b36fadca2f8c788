package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// The schema of the oauthlink_external_data_source resource, built from one part per block: the
// source (url or database), its authentication (auth, with one part per kind) and test_on_apply.

func externalDataSourceResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An **External Data** data source: a REST URL or a database, with its authentication, that External Data " +
			"for Jira fields and External Data for Confluence panels read.\n\n" + externalDataContractNote + "\n\n" +
			"The API never returns secrets (passwords, tokens, header values, client secrets, client keys), so a secret changed in the " +
			"app's UI cannot show as drift: rotate it here, with the sensitive attribute or with its write-only `_wo` twin and a new " +
			"`_wo_version`. Every other field is refreshed, and a change made in the UI shows in the next plan. An update is sent only " +
			"if the data source is unchanged since the last refresh (`If-Match`), so a change made in the UI in between is never overwritten." +
			adoptionDescription("oauthlink_external_data_sources", "name:<app>/<name>", "`app` and `name_prefix`"),
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
			"url":           edURLAttribute(),
			"database":      edDatabaseAttribute(),
			"auth":          edAuthAttribute(),
			"test_on_apply": edTestOnApplyAttribute(),
			"version":       schema.Int64Attribute{Computed: true, MarkdownDescription: descEDVersion},
			"callback_url":  schema.StringAttribute{Computed: true, MarkdownDescription: descEDCallbackURL},
			"authenticated": schema.BoolAttribute{Computed: true, MarkdownDescription: descEDAuthenticated},
		},
	}
}

// ConfigValidators: a data source reads a URL or a database.
func (r *externalDataSourceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("url"), path.MatchRoot("database")),
	}
}

func edURLAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, MarkdownDescription: descEDURL + " Exactly one of `url` and `database`.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required: true, MarkdownDescription: descEDURLURL,
				Validators: []validator.String{validators.URL(externaldata.CheckURL)},
			},
			"method": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("GET"),
				MarkdownDescription: "`GET` (default) or `POST`." + descEDAnyCase,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(externaldata.Methods...)},
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
				MarkdownDescription: "`json` (default) or `xml`." + descEDAnyCase,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(externaldata.ResponseTypes...)},
			},
			"headers": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Extra request headers, e.g. `{ ConsistencyLevel = \"eventual\" }`; `{}` is none, like " +
					"leaving it out. The product stores them in clear and shows them in its UI: put a secret header in " +
					"`auth.custom_header` instead.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(validators.HeaderName()),
					mapvalidator.ValueStringsAre(validators.HeaderValue()),
				},
			},
		},
	}
}

func edDatabaseAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, MarkdownDescription: "A database the data source queries. Exactly one of `url` and `database`.",
		Attributes: mergeAttributes(
			map[string]schema.Attribute{
				"driver": schema.StringAttribute{
					Required: true, MarkdownDescription: "One of `" + strings.Join(externaldata.Drivers, "`, `") + "`." + descEDAnyCase,
					Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(externaldata.Drivers...)},
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
					Optional: true, MarkdownDescription: "MySQL only: one of `" + strings.Join(externaldata.SSLModes, "`, `") + "`." + descEDAnyCase,
					Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(externaldata.SSLModes...)},
				},
				"server_ca":   schema.StringAttribute{Optional: true, MarkdownDescription: "MySQL only: the server's CA certificate (PEM)."},
				"client_cert": schema.StringAttribute{Optional: true, MarkdownDescription: "MySQL only: the client certificate (PEM)."},
			},
			secretAttributes("password", "The database password.", false),
			secretAttributes("client_key", "MySQL only: the client certificate's private key (PEM).", false),
		),
	}
}

func edAuthAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
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
				Attributes: withValidators(secretAttributes("token", "The token.", true), validators.HeaderValue()),
			},
			"custom_header": edCustomHeaderAttribute(),
			"oauth2":        edOAuth2Attribute(),
		},
	}
}

func edCustomHeaderAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, MarkdownDescription: "One header whose value is a secret, such as an API key.",
		Attributes: mergeAttributes(
			map[string]schema.Attribute{
				"name": schema.StringAttribute{
					Required: true, MarkdownDescription: "The header's name, e.g. `X-API-Key`.",
					Validators: []validator.String{validators.HeaderName()},
				},
			},
			withValidators(secretAttributes("value", "The header's value.", true), validators.HeaderValue()),
		),
	}
}

func edOAuth2Attribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, MarkdownDescription: descEDOAuth2,
		Attributes: mergeAttributes(
			map[string]schema.Attribute{
				"grant_type": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(externaldata.GrantClientCredentials),
					MarkdownDescription: "`client_credentials` (default: the service fetches tokens itself) or `authorization_code` " +
						"(an administrator consents in a browser once; see `callback_url`)." + descEDAnyCase,
					Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(externaldata.GrantTypes...)},
				},
				"client_id": schema.StringAttribute{
					Required: true, MarkdownDescription: "The client ID (for Entra: the Application (client) ID).",
					Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"auth_url": edEndpointAttribute(false, "The authorization endpoint. Required for `authorization_code`."),
				"token_url": edEndpointAttribute(true,
					"The token endpoint, e.g. `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`."),
				"revoke_url": edEndpointAttribute(false, "The revocation endpoint, for an OAuth provider that has one. Omit it "+
					"when the provider has none (Entra has none): where the product's form says to leave the field empty, leave "+
					"the attribute out, since `revoke_url = \"\"` is not a URL and is refused."),
				"scopes": schema.ListAttribute{
					Optional: true, ElementType: types.StringType,
					MarkdownDescription: "Scopes to request. Required for `authorization_code`. The service sends them, space " +
						"separated and exactly as written, in the token request's `scope`, so write them as the OAuth provider " +
						"expects. For Entra, client credentials take one full URI ending in `/.default`, " +
						"`[\"https://graph.microsoft.com/.default\"]`, never permission names: the permissions themselves (e.g. " +
						"`User.Read.All`) are the app registration's **application** permissions with admin consent. The " +
						"authorization code grant takes **delegated** permissions: a short name (`User.Read.All`) is a Microsoft " +
						"Graph permission, the same as its full URI `https://graph.microsoft.com/User.Read.All`; any other API needs " +
						"the full URI (e.g. `https://outlook.office.com/IMAP.AccessAsUser.All`). Add `offline_access` (always short) " +
						"so that the service gets a refresh token; an authorization-code plan without it warns.",
					Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(validators.Scope())},
				},
			},
			secretAttributes("client_secret", "The client secret (for Entra: the secret's **Value**, not its Secret ID; "+
				"a GUID-shaped value gets a warning).", false),
		),
	}
}

// edEndpointAttribute is an OAuth 2.0 endpoint the service calls: https (and, with a warning
// from ModifyPlan, on a port it connects to).
func edEndpointAttribute(required bool, description string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: required, Optional: !required, MarkdownDescription: description,
		Validators: []validator.String{validators.HTTPSURL()},
	}
}

func edTestOnApplyAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Run \"Save and test\" after every create and update, and fail the apply with the service's message " +
			"when the test fails. A failed test on create leaves the new data source tainted, so the next apply replaces it. " +
			"`test_on_apply = {}` (no `variables`) runs the test without sample values, which suits a data source without " +
			"`{variables}`; one that has them needs a value for each in `variables`, checked at plan time. Leave `test_on_apply` " +
			"out to skip the test. Plans never run it, nor do applies that leave this resource unchanged.",
		Attributes: map[string]schema.Attribute{
			"variables": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Sample values for the `{variables}` in the URL, body, headers or query, e.g. " +
					"`{ issueKey = \"ABC-1\" }`, as the product's \"Test connection\" asks for them.",
			},
		},
	}
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
	descEDCallbackURL = "For OAuth 2.0: the callback (redirect) URL to register at the OAuth provider (in Entra: the app " +
		"registration's Authentication > Web > Redirect URIs) before an administrator authenticates an `authorization_code` " +
		"source. The service sets it per app, the same for every data source of that app: " +
		"`https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth` for `jira` and " +
		"`https://external-data-for-confluence.codefortynine.com/signin-dynamic-oauth` for `confluence`. Client " +
		"credentials do not use it. Null for other authentication."
	descEDAuthenticated = "For OAuth 2.0: whether the service holds a working token, as of the last refresh; read only, " +
		"so it never plans a change. A `client_credentials` source is authenticated by the provider, which presses " +
		"\"Authenticate\" after every create and update (a failure warns with the token endpoint's answer). An " +
		"`authorization_code` source is authenticated only after an administrator presses \"Authenticate\" in the app and " +
		"consents in a browser. Either drops back to `false` when the service loses its token: the client secret changed, " +
		"expired or was deleted, or (authorization code) the refresh token was revoked. A refresh that finds a source not " +
		"authenticated warns and says what to do: for client credentials, press \"Authenticate\" in the app or send the " +
		"secret again (a new `client_secret`, or a new `client_secret_wo_version`); for authorization code, register " +
		"`callback_url` and consent again. Null for other authentication."
	descEDAnyCase = " Any case is accepted, e.g. as the product's form writes it: the service is sent its own spelling, " +
		"and the state keeps the configured one, so a refresh never shows case as a difference. (After an import the state " +
		"holds the service's spelling, and the first apply records the configured one in an update that changes nothing " +
		"on the service.)"
)
