// Package provider is the Terraform glue: schemas, plans and state for every resource, data
// source, ephemeral resource and function. Wire formats live in the client packages.
//
// Each kind has its file, named after it (resource_jira_outgoing_link.go), beside its test; the
// External Data resource has several (resource_external_data_source*.go: the operations, the
// schema, the checks that span attributes, the ETag), and its models live in
// external_data_source.go with their conversion. What the kinds share: base.go (Metadata and
// Configure), operations.go (reading the models and getting the client, refresh, delete),
// diagnostics.go (masking, summaries, field errors on their attributes), write_only_secret.go
// (x or x_wo with x_wo_version, sent only when it changed) and provider_config.go (settings).
package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ provider.Provider                       = (*oauthlinkProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*oauthlinkProvider)(nil)
	_ provider.ProviderWithListResources      = (*oauthlinkProvider)(nil)
	_ provider.ProviderWithFunctions          = (*oauthlinkProvider)(nil)
)

// New returns a constructor for the provider; version is the release, or "dev".
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &oauthlinkProvider{version: version} }
}

type oauthlinkProvider struct {
	version string
}

// providerData is what Configure hands to every resource, data source and ephemeral resource.
type providerData struct {
	http         *http.Client
	tokens       *oauth.Client
	jira         *jiraSettings
	externalData *externalDataSettings
	listings     listings // shared by lookups by name (listing.go)
}

func (p *oauthlinkProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "oauthlink"
	resp.Version = p.version
}

func (p *oauthlinkProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := config.resolve(ctx, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := httpx.New(httpx.Options{
		CACertPEM:  settings.caCertPEM,
		Timeout:    settings.requestTimeout,
		MaxRetries: settings.maxRetries,
		UserAgent:  "terraform-provider-oauthlink/" + p.version,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("ca_cert_pem"), "Invalid ca_cert_pem", validators.AttributeDetail("ca_cert_pem", err.Error()))
		return
	}
	data := &providerData{
		http:         client,
		tokens:       oauth.NewClient(client),
		jira:         settings.jira,
		externalData: settings.externalData,
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *oauthlinkProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewJiraOutgoingLinkResource,
		NewJiraIncomingLinkResource,
		NewExternalDataSourceResource,
	}
}

func (p *oauthlinkProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClientCredentialsTokenDataSource,
		NewJiraOutgoingLinkDataSource,
		NewJiraOutgoingLinksDataSource,
		NewJiraIncomingLinksDataSource,
		NewAPIRequestDataSource,
		NewExternalDataSourceDataSource,
		NewExternalDataSourcesDataSource,
	}
}

// ListResources are the list resources of `terraform query`, one per resource (list_resources.go).
func (p *oauthlinkProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewJiraOutgoingLinkListResource,
		NewJiraIncomingLinkListResource,
		NewExternalDataSourceListResource,
	}
}

func (p *oauthlinkProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewClientCredentialsTokenEphemeralResource,
		NewJiraIncomingLinkSecretEphemeralResource,
		NewAPIRequestEphemeralResource,
	}
}

func (p *oauthlinkProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewJiraRedirectURIFunction,
		NewEntraEndpointsFunction,
		NewAuthorizationURLFunction,
	}
}

func (p *oauthlinkProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

// settings are the provider configuration merged with the environment and checked.
type settings struct {
	caCertPEM      string
	requestTimeout time.Duration
	maxRetries     int
	jira           *jiraSettings
	externalData   *externalDataSettings
}

// resolve merges the configuration with the environment (configuration wins) and validates the
// result, which plan-time validation could not see whole. A setting whose value is not known
// until apply keeps its default (request_timeout, max_retries, ca_cert_pem) or is recorded as
// unknown (the backends' settings), so that planning goes on without it.
func (m providerModel) resolve(ctx context.Context, getenv func(string) string) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := settings{
		caCertPEM:      stringOr(m.CACertPEM, getenv(envCACertPEM)),
		requestTimeout: httpx.DefaultTimeout,
		maxRetries:     httpx.DefaultMaxRetries,
	}
	if raw := stringOr(m.RequestTimeout, getenv(envRequestTimeout)); raw != "" {
		d, err := checks.ParsePositiveDuration(raw, maxRequestTimeout)
		if err != nil {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				validators.AttributeDetail("request_timeout", fmt.Sprintf("%v (from the configuration or %s)", err, envRequestTimeout)))
		}
		s.requestTimeout = d
	}
	switch {
	case m.MaxRetries.IsUnknown():
	case !m.MaxRetries.IsNull():
		s.maxRetries = int(m.MaxRetries.ValueInt64())
	case getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(getenv(envMaxRetries))
		if err != nil || n < 0 || n > maxMaxRetries {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
				validators.AttributeDetail("max_retries", fmt.Sprintf("%s is %q: write a whole number from 0 to %d", envMaxRetries, getenv(envMaxRetries), maxMaxRetries)))
		}
		s.maxRetries = n
	}
	s.jira = resolveJira(ctx, m.Jira, getenv, &diags)
	s.externalData = resolveExternalData(ctx, m.ExternalData, getenv, &diags)
	return s, diags
}

// stringOr returns the configured value, or the fallback when the attribute is not set.
func stringOr(v types.String, fallback string) string {
	if v.IsNull() || v.IsUnknown() {
		return fallback
	}
	return v.ValueString()
}

// checkConfigured is an error when the provider was not configured, or when missing names a
// setting of the service's block (usedBy says what needs it) that is still unset.
func (d *providerData) checkConfigured(service, usedBy, block string, missing func() string) diag.Diagnostics {
	var diags diag.Diagnostics
	if d == nil {
		diags.AddError("Provider not configured", "The provider was not configured before use. This is a bug in the provider: please report it.")
		return diags
	}
	if setting := missing(); setting != "" {
		diags.AddError(service+" is not configured", usedBy+". Set "+setting+
			" in the provider configuration (provider \"oauthlink\" { "+block+" = { … } }) or in the environment.")
	}
	return diags
}

// notKnownYet is the error for a call to service that cannot wait for the apply (a data source
// or an ephemeral resource read during plan, an import, the refresh of existing resources)
// while some of its settings are known only after apply.
func notKnownYet(service string, unknown unknownSettings) diag.Diagnostics {
	var diags diag.Diagnostics
	verb := "is"
	if len(unknown) > 1 {
		verb = "are"
	}
	diags.AddError(fmt.Sprintf("%s %s not known yet", unknown, verb),
		fmt.Sprintf("%s %s not known until apply (the configuration takes it from something that does not exist yet, such as "+
			"another resource's attribute), but the provider must call %s now, during plan: a data source or ephemeral resource that "+
			"reads %s, an import, or the refresh of existing resources needs it. Apply what it depends on first "+
			"(terraform apply -target=<that resource>), or give it a value known at plan time.", unknown, verb, service, service))
	return diags
}

// checkJiraConfigured is checkConfigured for the jira settings, which both a call to Jira and a
// plan without one need.
func (d *providerData) checkJiraConfigured() diag.Diagnostics {
	return d.checkConfigured("Jira", "The oauthlink_jira_* resources manage Jira Data Center through its REST API", "jira",
		func() string { return d.jira.missing() })
}

// jiraClient returns a client for the configured Jira, or an error that names the setting still
// missing or not known yet.
func (d *providerData) jiraClient() (*jira.Client, diag.Diagnostics) {
	diags := d.checkJiraConfigured()
	if diags.HasError() {
		return nil, diags
	}
	if len(d.jira.Unknown) > 0 {
		return nil, notKnownYet("Jira", d.jira.Unknown)
	}
	return jira.NewClient(d.http, d.jira.BaseURL, jira.Credentials{Token: d.jira.Token, Username: d.jira.Username, Password: d.jira.Password}), nil
}

// plannedJiraBaseURL returns Jira's base URL for planning, without a call to Jira: known is false
// when the URL is known only after apply, and then what derives from it stays unknown in the
// plan. It is an error when a setting is missing, so that a plan fails rather than its apply.
func (d *providerData) plannedJiraBaseURL() (baseURL string, known bool, diags diag.Diagnostics) {
	diags = d.checkJiraConfigured()
	if diags.HasError() {
		return "", false, diags
	}
	if d.jira.Unknown.has("jira.base_url") {
		return "", false, diags
	}
	return jira.NewClient(d.http, d.jira.BaseURL, jira.Credentials{}).BaseURL(), true, diags
}

// externalDataClient returns a client for the configured External Data API, or an error that
// names the setting still missing or not known yet. With OAuth 2.0 client credentials, the token
// comes from the provider's token cache: one per run, shared by every request.
func (d *providerData) externalDataClient() (*externaldata.Client, diag.Diagnostics) {
	diags := d.checkConfigured("External Data",
		"The oauthlink_external_data_source resource and data source manage External Data through its management API", "external_data",
		func() string { return d.externalData.missing() })
	if diags.HasError() {
		return nil, diags
	}
	if len(d.externalData.Unknown) > 0 {
		return nil, notKnownYet("External Data", d.externalData.Unknown)
	}
	token := externaldata.StaticToken(d.externalData.APIToken)
	if creds := d.externalData.OAuth2; creds != nil {
		token = managementToken(d.tokens, oauth.Request{
			TokenURL: creds.TokenURL, ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, Scopes: creds.Scopes,
		})
	}
	return externaldata.NewClient(d.http, d.externalData.BaseURL, token), nil
}

// managementToken fetches the provider's own token for the External Data API (external_data.oauth2)
// from the provider's cache; when nothing answers at the token endpoint, the error says what to
// check about external_data.oauth2.token_url.
func managementToken(tokens *oauth.Client, req oauth.Request) externaldata.TokenFunc {
	return func(ctx context.Context) (string, error) {
		t, err := tokens.Token(maskSecrets(ctx, req.ClientSecret), req)
		if err != nil {
			if advice := connectionAdviceOn(err, "external_data.oauth2.token_url", "the token endpoint"); advice != "" {
				return "", checks.Explain(err, advice)
			}
			return "", err
		}
		return t.AccessToken, nil
	}
}

// configuredData unpacks the provider data handed to a resource's Configure. It is nil while
// Terraform validates, before the provider is configured.
func configuredData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider: please report it.", raw))
	}
	return data
}
