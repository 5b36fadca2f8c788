package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// Environment variables for provider settings; the configuration wins over them.
const (
	envJiraURL           = "OAUTHLINK_JIRA_URL"
	envJiraToken         = "OAUTHLINK_JIRA_TOKEN"
	envJiraUsername      = "OAUTHLINK_JIRA_USERNAME"
	envJiraPassword      = "OAUTHLINK_JIRA_PASSWORD"
	envExternalDataURL   = "OAUTHLINK_EXTERNAL_DATA_URL"
	envExternalDataToken = "OAUTHLINK_EXTERNAL_DATA_TOKEN"
	envCACertPEM         = "OAUTHLINK_CA_CERT_PEM"
	envRequestTimeout    = "OAUTHLINK_REQUEST_TIMEOUT"
	envMaxRetries        = "OAUTHLINK_MAX_RETRIES"
)

// The bounds of request_timeout and max_retries: a request that takes longer than an hour has
// failed, and more than 20 retries only delay the error.
const (
	maxRequestTimeout = time.Hour
	maxMaxRetries     = 20
)

type providerModel struct {
	// The blocks are objects rather than structs so that a block whose value is not known until
	// apply (jira = local.settings, computed from a resource) reads as unknown instead of failing.
	Jira           types.Object `tfsdk:"jira"`
	ExternalData   types.Object `tfsdk:"external_data"`
	CACertPEM      types.String `tfsdk:"ca_cert_pem"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
}

type jiraModel struct {
	BaseURL  types.String `tfsdk:"base_url"`
	Token    types.String `tfsdk:"token"`
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
}

type externalDataModel struct {
	BaseURL  types.String `tfsdk:"base_url"`
	APIToken types.String `tfsdk:"api_token"`
	OAuth2   types.Object `tfsdk:"oauth2"`
}

type externalDataOAuth2Model struct {
	TokenURL     types.String `tfsdk:"token_url"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	Scopes       types.List   `tfsdk:"scopes"`
}

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Connects Atlassian tools to OAuth 2.0 providers such as Microsoft Entra ID: " +
			"client-credentials tokens, Jira Data Center OAuth 2.0 links and External Data sources, declared in HCL.\n\n" +
			"Every setting can also come from an environment variable; a value in the configuration wins. " +
			"A backend (`jira`, `external_data`) needs configuring only when a resource of it is used.",
		Attributes: map[string]schema.Attribute{
			"jira": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Jira Data Center, for the `oauthlink_jira_*` resources. The account must be a " +
					"**system administrator**: Jira answers 401 to anyone else.",
				Attributes: map[string]schema.Attribute{
					"base_url": envSetting("Jira's base URL, e.g. `https://jira.example.com`.", envJiraURL, false, validators.HTTPSURL()),
					"token": envSetting("A personal access token of a system administrator (sent as a Bearer token).", envJiraToken, true,
						stringvalidator.ConflictsWith(sibling("username"))),
					"username": envSetting("Username for Basic authentication (Jira 11 disables it by default).", envJiraUsername, false,
						stringvalidator.AlsoRequires(sibling("password"))),
					"password": envSetting("Password for Basic authentication.", envJiraPassword, true,
						stringvalidator.AlsoRequires(sibling("username"))),
				},
			},
			"external_data": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "The External Data management API, for the `oauthlink_external_data_source` resource: an API token, or OAuth 2.0 client credentials.",
				Attributes: map[string]schema.Attribute{
					"base_url": envSetting("Base URL of the management API (the client adds `/api/v1`).", envExternalDataURL, false, validators.HTTPSURL()),
					"api_token": envSetting("API token, sent as a Bearer token.", envExternalDataToken, true,
						stringvalidator.ConflictsWith(sibling("oauth2"))),
					"oauth2": schema.SingleNestedAttribute{
						Optional:            true,
						MarkdownDescription: "OAuth 2.0 client credentials for the API; the provider fetches one token per run and reuses it.",
						Attributes: map[string]schema.Attribute{
							"token_url": schema.StringAttribute{
								Required: true, MarkdownDescription: "Token endpoint URL.",
								Validators: []validator.String{validators.HTTPSURL()},
							},
							"client_id": schema.StringAttribute{
								Required: true, MarkdownDescription: "Client ID.",
								Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"client_secret": schema.StringAttribute{
								Required: true, Sensitive: true, MarkdownDescription: "Client secret (the secret's value, not its ID).",
							},
							"scopes": schema.ListAttribute{
								Optional: true, ElementType: types.StringType, MarkdownDescription: "Scopes to request.",
							},
						},
					},
				},
			},
			"ca_cert_pem": envSetting("PEM certificates of extra certificate authorities to trust, in addition to the system's "+
				"(a private Jira CA, a TLS-inspecting proxy).", envCACertPEM, false),
			"request_timeout": envSetting("How long one attempt of an HTTP request may take, as a duration such as `\"30s\"`. "+
				"All attempts of a request together, with the waits between them, may take twice as long: a server that does not "+
				"answer fails the run after one minute with the default, and a first attempt that timed out still leaves room for a "+
				"retry. The error then says how long was spent on how many attempts. Raise it for a slow server. "+
				"Default `\"30s\"`, at most `\"1h\"`.", envRequestTimeout, false, validators.PositiveDuration(maxRequestTimeout)),
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a throttled (429) or transiently failing (502, 503, 504, no answer) request is " +
					"retried, with exponential backoff that honours `Retry-After`. Retries stop earlier when the next one would start " +
					"after twice `request_timeout` has passed since the first attempt. Default `4`, at most `20`. Environment: `" + envMaxRetries + "`.",
				CustomType: validators.WholeNumber(0, maxMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
		},
	}
}

// envSetting is an optional string setting that may come from the environment variable env
// instead, as its description says.
func envSetting(description, env string, sensitive bool, checks ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, Sensitive: sensitive, MarkdownDescription: description + " Environment: `" + env + "`.",
		Validators: checks,
	}
}

// sibling is the attribute called name beside the one validated, for ConflictsWith and AlsoRequires.
func sibling(name string) path.Expression { return path.MatchRelative().AtParent().AtName(name) }

// unknownSettings names the settings whose values the configuration gives only after apply,
// e.g. jira.base_url = terraform_data.x.output, or a whole block ("jira").
type unknownSettings []string

// has reports whether the setting called name, or a block that holds it, is not known yet.
func (u unknownSettings) has(name string) bool {
	for _, unknown := range u {
		if name == unknown || strings.HasPrefix(name, unknown+".") {
			return true
		}
	}
	return false
}

// maybeSet reports whether the setting called name has a value (value), or may have one once it
// is known. Such a setting is not missing; only known values can conflict.
func (u unknownSettings) maybeSet(name, value string) bool { return value != "" || u.has(name) }

// String lists the settings, e.g. "jira.base_url and jira.token".
func (u unknownSettings) String() string {
	switch len(u) {
	case 0:
		return ""
	case 1:
		return u[0]
	}
	return strings.Join(u[:len(u)-1], ", ") + " and " + u[len(u)-1]
}

// setting returns a configured string, or the environment variable env when the configuration
// leaves it out (env "" for settings without one). A value not known until apply is recorded in
// unknown, and reads as "".
func setting(v types.String, name, env string, getenv func(string) string, unknown *unknownSettings) string {
	switch {
	case v.IsUnknown():
		*unknown = append(*unknown, name)
		return ""
	case !v.IsNull():
		return v.ValueString()
	case env != "":
		return getenv(env)
	}
	return ""
}

// block reads a nested block of the provider configuration into target. It reports whether the
// block is set; an unknown block is recorded in unknown and counts as set.
func block(ctx context.Context, v types.Object, name string, target any, unknown *unknownSettings, diags *diag.Diagnostics) bool {
	switch {
	case v.IsUnknown():
		*unknown = append(*unknown, name)
		return true
	case v.IsNull():
		return false
	}
	diags.Append(v.As(ctx, target, basetypes.ObjectAsOptions{})...)
	return true
}

// jiraSettings is the Jira backend as resolved from configuration and environment. Completeness
// is checked when a Jira resource needs it, so that users of other resources need not configure it.
type jiraSettings struct {
	BaseURL, Token, Username, Password string
	// Unknown are the settings known only after apply: planning goes on without them, calls
	// to Jira wait for the apply, when the CLI configures the provider again.
	Unknown unknownSettings
}

func resolveJira(ctx context.Context, v types.Object, getenv func(string) string, diags *diag.Diagnostics) *jiraSettings {
	var m jiraModel
	s := &jiraSettings{}
	block(ctx, v, "jira", &m, &s.Unknown, diags)
	s.BaseURL = setting(m.BaseURL, "jira.base_url", envJiraURL, getenv, &s.Unknown)
	s.Token = setting(m.Token, "jira.token", envJiraToken, getenv, &s.Unknown)
	s.Username = setting(m.Username, "jira.username", envJiraUsername, getenv, &s.Unknown)
	s.Password = setting(m.Password, "jira.password", envJiraPassword, getenv, &s.Unknown)
	checkEnvURL(diags, path.Root("jira").AtName("base_url"), envJiraURL, s.BaseURL)
	if s.BaseURL == "" && s.Token == "" && s.Username == "" && s.Password == "" && len(s.Unknown) == 0 {
		return nil
	}
	return s
}

// missing names the first setting a Jira resource still needs, or returns "" (see maybeSet).
func (s *jiraSettings) missing() string {
	if s == nil {
		s = &jiraSettings{}
	}
	maybe := s.Unknown.maybeSet
	switch {
	case !maybe("jira.base_url", s.BaseURL):
		return fmt.Sprintf("jira.base_url (or %s)", envJiraURL)
	case s.Token != "" && s.Username != "":
		return fmt.Sprintf("only one of jira.token (%s) and jira.username (%s): both are set", envJiraToken, envJiraUsername)
	case !maybe("jira.token", s.Token) && !maybe("jira.username", s.Username):
		return fmt.Sprintf("jira.token (or %s), or jira.username and jira.password (or %s and %s)", envJiraToken, envJiraUsername, envJiraPassword)
	case s.Username != "" && !maybe("jira.password", s.Password):
		return fmt.Sprintf("jira.password (or %s)", envJiraPassword)
	}
	return ""
}

// externalDataSettings is the External Data backend as resolved from configuration and environment.
type externalDataSettings struct {
	BaseURL  string
	APIToken string
	OAuth2   *externalDataOAuth2 // nil unless external_data.oauth2 is set
	// Unknown are the settings known only after apply, as for jiraSettings.
	Unknown unknownSettings
}

// externalDataOAuth2 are the client credentials the provider fetches API tokens with.
type externalDataOAuth2 struct {
	TokenURL, ClientID, ClientSecret string
	Scopes                           []string
}

func resolveExternalData(ctx context.Context, v types.Object, getenv func(string) string, diags *diag.Diagnostics) *externalDataSettings {
	var m externalDataModel
	s := &externalDataSettings{}
	block(ctx, v, "external_data", &m, &s.Unknown, diags)
	s.BaseURL = setting(m.BaseURL, "external_data.base_url", envExternalDataURL, getenv, &s.Unknown)
	s.APIToken = setting(m.APIToken, "external_data.api_token", envExternalDataToken, getenv, &s.Unknown)
	var o externalDataOAuth2Model
	if block(ctx, m.OAuth2, "external_data.oauth2", &o, &s.Unknown, diags) {
		s.OAuth2 = &externalDataOAuth2{
			TokenURL:     setting(o.TokenURL, "external_data.oauth2.token_url", "", getenv, &s.Unknown),
			ClientID:     setting(o.ClientID, "external_data.oauth2.client_id", "", getenv, &s.Unknown),
			ClientSecret: setting(o.ClientSecret, "external_data.oauth2.client_secret", "", getenv, &s.Unknown),
		}
		// From here, Configure, rather than from a validator, so that a plan shows it once
		// (validators.SecretIDWarning).
		diags.Append(validators.SecretIDWarning(path.Root("external_data").AtName("oauth2").AtName("client_secret"), o.ClientSecret)...)
		switch scopes := o.Scopes; {
		case scopes.IsUnknown():
			s.Unknown = append(s.Unknown, "external_data.oauth2.scopes")
		case !scopes.IsNull():
			for _, e := range scopes.Elements() {
				scope, ok := e.(types.String)
				if !ok || scope.IsUnknown() {
					s.Unknown = append(s.Unknown, "external_data.oauth2.scopes")
					break
				}
				s.OAuth2.Scopes = append(s.OAuth2.Scopes, scope.ValueString())
			}
		}
	}
	checkEnvURL(diags, path.Root("external_data").AtName("base_url"), envExternalDataURL, s.BaseURL)
	if s.BaseURL == "" && s.APIToken == "" && s.OAuth2 == nil && len(s.Unknown) == 0 {
		return nil
	}
	return s
}

// missing names the first setting an External Data resource still needs, or returns "" (see
// maybeSet).
func (s *externalDataSettings) missing() string {
	if s == nil {
		s = &externalDataSettings{}
	}
	switch {
	case !s.Unknown.maybeSet("external_data.base_url", s.BaseURL):
		return fmt.Sprintf("external_data.base_url (or %s)", envExternalDataURL)
	case !s.Unknown.maybeSet("external_data.api_token", s.APIToken) && s.OAuth2 == nil:
		return fmt.Sprintf("external_data.api_token (or %s), or external_data.oauth2", envExternalDataToken)
	}
	return ""
}

// checkEnvURL validates a URL that may have come from the environment, where plan-time
// validation could not see it.
func checkEnvURL(diags *diag.Diagnostics, at path.Path, env, raw string) {
	if raw == "" {
		return
	}
	if err := checks.HTTPSURL(raw); err != nil {
		diags.AddAttributeError(at, "Invalid URL", validators.AttributeDetail(validators.AttributeName(at), fmt.Sprintf("%s (from the configuration or %s)", err, env)))
	}
}
