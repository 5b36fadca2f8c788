package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

type providerModel struct {
	Jira           *jiraModel         `tfsdk:"jira"`
	ExternalData   *externalDataModel `tfsdk:"external_data"`
	CACertPEM      types.String       `tfsdk:"ca_cert_pem"`
	RequestTimeout types.String       `tfsdk:"request_timeout"`
	MaxRetries     types.Int64        `tfsdk:"max_retries"`
}

type jiraModel struct {
	BaseURL  types.String `tfsdk:"base_url"`
	Token    types.String `tfsdk:"token"`
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
}

type externalDataModel struct {
	BaseURL  types.String             `tfsdk:"base_url"`
	APIToken types.String             `tfsdk:"api_token"`
	OAuth2   *externalDataOAuth2Model `tfsdk:"oauth2"`
}

type externalDataOAuth2Model struct {
	TokenURL     types.String   `tfsdk:"token_url"`
	ClientID     types.String   `tfsdk:"client_id"`
	ClientSecret types.String   `tfsdk:"client_secret"`
	Scopes       []types.String `tfsdk:"scopes"`
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
					"base_url": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Jira's base URL, e.g. `https://jira.example.com`. Environment: `" + envJiraURL + "`.",
						Validators:          []validator.String{validators.HTTPSURL()},
					},
					"token": schema.StringAttribute{
						Optional:  true,
						Sensitive: true,
						MarkdownDescription: "A personal access token of a system administrator (sent as a Bearer token). " +
							"Environment: `" + envJiraToken + "`.",
						Validators: []validator.String{
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("username")),
						},
					},
					"username": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Username for Basic authentication (Jira 11 disables it by default). Environment: `" + envJiraUsername + "`.",
						Validators: []validator.String{
							stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("password")),
						},
					},
					"password": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "Password for Basic authentication. Environment: `" + envJiraPassword + "`.",
						Validators: []validator.String{
							stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("username")),
						},
					},
				},
			},
			"external_data": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "The External Data management API, for the `oauthlink_external_data_source` resource: an API token, or OAuth 2.0 client credentials.",
				Attributes: map[string]schema.Attribute{
					"base_url": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Base URL of the management API (the client adds `/api/v1`). Environment: `" + envExternalDataURL + "`.",
						Validators:          []validator.String{validators.HTTPSURL()},
					},
					"api_token": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "API token, sent as a Bearer token. Environment: `" + envExternalDataToken + "`.",
						Validators: []validator.String{
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("oauth2")),
						},
					},
					"oauth2": schema.SingleNestedAttribute{
						Optional:            true,
						MarkdownDescription: "OAuth 2.0 client credentials for the API; the provider fetches one token per run and reuses it.",
						Attributes: map[string]schema.Attribute{
							"token_url": schema.StringAttribute{
								Required:            true,
								MarkdownDescription: "Token endpoint URL.",
								Validators:          []validator.String{validators.HTTPSURL()},
							},
							"client_id": schema.StringAttribute{
								Required:            true,
								MarkdownDescription: "Client ID.",
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"client_secret": schema.StringAttribute{
								Required:            true,
								Sensitive:           true,
								MarkdownDescription: "Client secret (the secret's value, not its ID).",
								Validators:          []validator.String{validators.SecretValueNotID()},
							},
							"scopes": schema.ListAttribute{
								Optional:            true,
								ElementType:         types.StringType,
								MarkdownDescription: "Scopes to request.",
							},
						},
					},
				},
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "PEM certificates of extra certificate authorities to trust, in addition to the system's " +
					"(a private Jira CA, a TLS-inspecting proxy). Environment: `" + envCACertPEM + "`.",
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long one HTTP request may take, as a duration such as `\"30s\"`; each retry gets " +
					"as long again. Default `\"30s\"`. Environment: `" + envRequestTimeout + "`.",
				Validators: []validator.String{validators.PositiveDuration()},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a throttled (429) or transiently failing (502, 503, 504) request is " +
					"retried, with exponential backoff that honours `Retry-After`. Default `4`. Environment: `" + envMaxRetries + "`.",
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
		},
	}
}

// jiraSettings is the Jira backend as resolved from configuration and environment. Completeness
// is checked when a Jira resource needs it, so that users of other resources need not configure it.
type jiraSettings struct {
	BaseURL, Token, Username, Password string
}

func (m *jiraModel) resolve(getenv func(string) string, diags *diag.Diagnostics) *jiraSettings {
	if m == nil {
		m = &jiraModel{}
	}
	s := &jiraSettings{
		BaseURL:  stringOr(m.BaseURL, getenv(envJiraURL)),
		Token:    stringOr(m.Token, getenv(envJiraToken)),
		Username: stringOr(m.Username, getenv(envJiraUsername)),
		Password: stringOr(m.Password, getenv(envJiraPassword)),
	}
	checkEnvURL(diags, path.Root("jira").AtName("base_url"), envJiraURL, s.BaseURL)
	if *s == (jiraSettings{}) {
		return nil
	}
	return s
}

// missing names the first setting a Jira resource still needs, or returns "".
func (s *jiraSettings) missing() string {
	switch {
	case s == nil || s.BaseURL == "":
		return fmt.Sprintf("jira.base_url (or %s)", envJiraURL)
	case s.Token != "" && s.Username != "":
		return fmt.Sprintf("only one of jira.token (%s) and jira.username (%s): both are set", envJiraToken, envJiraUsername)
	case s.Token == "" && s.Username == "":
		return fmt.Sprintf("jira.token (or %s), or jira.username and jira.password (or %s and %s)", envJiraToken, envJiraUsername, envJiraPassword)
	case s.Username != "" && s.Password == "":
		return fmt.Sprintf("jira.password (or %s)", envJiraPassword)
	}
	return ""
}

// externalDataSettings is the External Data backend as resolved from configuration and environment.
type externalDataSettings struct {
	BaseURL  string
	APIToken string
	OAuth2   *externalDataOAuth2Model
}

func (m *externalDataModel) resolve(getenv func(string) string, diags *diag.Diagnostics) *externalDataSettings {
	if m == nil {
		m = &externalDataModel{}
	}
	s := &externalDataSettings{
		BaseURL:  stringOr(m.BaseURL, getenv(envExternalDataURL)),
		APIToken: stringOr(m.APIToken, getenv(envExternalDataToken)),
		OAuth2:   m.OAuth2,
	}
	checkEnvURL(diags, path.Root("external_data").AtName("base_url"), envExternalDataURL, s.BaseURL)
	if s.BaseURL == "" && s.APIToken == "" && s.OAuth2 == nil {
		return nil
	}
	return s
}

// missing names the first setting an External Data resource still needs, or returns "".
func (s *externalDataSettings) missing() string {
	switch {
	case s == nil || s.BaseURL == "":
		return fmt.Sprintf("external_data.base_url (or %s)", envExternalDataURL)
	case s.APIToken == "" && s.OAuth2 == nil:
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
	if err := validators.CheckHTTPSURL(raw); err != nil {
		diags.AddAttributeError(at, "Invalid URL", fmt.Sprintf("%s (from the configuration or %s)", err, env))
	}
}
