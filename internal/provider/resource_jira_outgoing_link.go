package provider

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*jiraOutgoingLinkResource)(nil)
	_ resource.ResourceWithValidateConfig = (*jiraOutgoingLinkResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*jiraOutgoingLinkResource)(nil)
	_ resource.ResourceWithImportState    = (*jiraOutgoingLinkResource)(nil)
)

// NewJiraOutgoingLinkResource returns the oauthlink_jira_outgoing_link resource.
func NewJiraOutgoingLinkResource() resource.Resource {
	return &jiraOutgoingLinkResource{resourceBase{typeName: "jira_outgoing_link"}}
}

type jiraOutgoingLinkResource struct{ resourceBase }

type jiraOutgoingLinkModel struct {
	jiraOutgoingLinkFields
	ClientSecret          types.String `tfsdk:"client_secret"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
}

func (r *jiraOutgoingLinkResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	known := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Jira Data Center **outgoing** OAuth 2.0 link: Jira as the OAuth client of Microsoft Entra ID, Google " +
			"or another provider, e.g. for a mail handler that reads Exchange Online over IMAP or POP (*Administration > Applications > " +
			"Application links*, Jira 8.22+).\n\n" +
			"Jira never returns the client secret, so a secret changed in Jira's UI cannot show as drift: rotate it here, with " +
			"`client_secret` or with `client_secret_wo` and a new `client_secret_wo_version`. After the link is created, an " +
			"administrator still has to authorise it once in Jira (the mail handler's \"Authorize\" button)." +
			adoptionDescription("oauthlink_jira_outgoing_links", "name:<name>", "`name_prefix`"),
		Attributes: mergeAttributes(map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The link's id in Jira.", PlanModifiers: known},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: descOutgoingName,
				Validators: []validator.String{validators.Name(jiraMaxLength, checks.JiraCharacters)},
			},
			"description": schema.StringAttribute{
				Optional: true, MarkdownDescription: descOutgoingDescription,
				Validators: []validator.String{validators.Length(1, jiraMaxLength, checks.JiraCharacters)},
			},
			"provider_type": schema.StringAttribute{
				Required: true, MarkdownDescription: descOutgoingProviderType,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(jira.ProviderTypes...)},
			},
			"client_id": schema.StringAttribute{
				Required: true, MarkdownDescription: descOutgoingClientID,
				Validators: []validator.String{
					validators.Length(1, jiraMaxLength, checks.JiraCharacters), validators.NotBlank(),
					validators.NoControlCharacters("a client ID is one line of text; remove it"),
				},
			},
			"tenant": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: descOutgoingTenant,
				Validators: []validator.String{entraTenant()},
			},
			"authorization_endpoint": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: descOutgoingAuthorizationEndpoint,
				Validators: []validator.String{validators.HTTPSURL()},
			},
			"token_endpoint": schema.StringAttribute{
				Optional: true, Computed: true, MarkdownDescription: descOutgoingTokenEndpoint,
				Validators: []validator.String{validators.HTTPSURL()},
			},
			"scopes": schema.SetAttribute{
				Required: true, ElementType: types.StringType, MarkdownDescription: descOutgoingScopes,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.Scope())},
			},
			"redirect_uri":        schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingRedirectURI},
			"redirect_uri_suffix": schema.StringAttribute{Computed: true, MarkdownDescription: descOutgoingRedirectURISuffix},
		}, secretAttributes("client_secret", "The client secret (for Entra: the secret's **Value**, not its Secret ID; "+
			"a GUID-shaped value gets a warning).", true)),
	}
}

func (r *jiraOutgoingLinkResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// Only the attributes validateOutgoingProvider reads: converting the whole model costs a
	// reflection pass over every field, and every plan validates each resource.
	var config jiraOutgoingLinkFields
	getAttributes(ctx, req.Config, &resp.Diagnostics, map[string]any{
		"provider_type": &config.ProviderType, "tenant": &config.Tenant,
		"authorization_endpoint": &config.AuthorizationEndpoint, "token_endpoint": &config.TokenEndpoint,
	})
	if resp.Diagnostics.HasError() || config.ProviderType.IsUnknown() || config.ProviderType.IsNull() {
		return
	}
	resp.Diagnostics.Append(validateOutgoingProvider(config)...)
}

// validateOutgoingProvider checks the attributes whose meaning depends on provider_type.
func validateOutgoingProvider(config jiraOutgoingLinkFields) diag.Diagnostics {
	var diags diag.Diagnostics
	providerType := strings.ToLower(config.ProviderType.ValueString())
	if providerType != jira.ProviderMicrosoft && !config.Tenant.IsNull() {
		diags.AddAttributeError(path.Root("tenant"), "tenant applies to Microsoft only",
			fmt.Sprintf("tenant selects Entra endpoints; with provider_type %q remove it and set authorization_endpoint and token_endpoint if needed.", config.ProviderType.ValueString()))
	}
	if providerType == jira.ProviderGeneric {
		for _, endpoint := range []struct {
			name  string
			value types.String
		}{{"authorization_endpoint", config.AuthorizationEndpoint}, {"token_endpoint", config.TokenEndpoint}} {
			if endpoint.value.IsNull() {
				diags.AddAttributeError(path.Root(endpoint.name), "Missing "+endpoint.name,
					"A generic (custom) provider has no endpoints to derive: set authorization_endpoint and token_endpoint to the provider's URLs.")
			}
		}
	}
	return diags
}

// ModifyPlan works out at plan time what Jira would otherwise decide at apply time: the tenant
// default, the endpoints derived from the provider type, and the redirect URI, so that the plan
// can hand the redirect URI to the app registration. It also requires the client secret on
// create: an imported link without it in the configuration keeps the one Jira holds.
func (r *jiraOutgoingLinkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	baseURL, baseURLKnown, diags := r.data.plannedJiraBaseURL()
	resp.Diagnostics.Append(diags...)
	// Only the attributes ModifyPlan reads, not the whole model, and of them only those it changed
	// are written back: every plan of every link pays for both, and most plans change nothing.
	var plan, config jiraOutgoingLinkModel
	derived := []struct {
		name  string
		value *types.String
	}{
		{"provider_type", &plan.ProviderType}, {"tenant", &plan.Tenant}, {"authorization_endpoint", &plan.AuthorizationEndpoint},
		{"token_endpoint", &plan.TokenEndpoint}, {"redirect_uri_suffix", &plan.RedirectURISuffix}, {"redirect_uri", &plan.RedirectURI},
	}
	planned := make([]types.String, len(derived))
	for i, d := range derived {
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(d.name), d.value)...)
		planned[i] = *d.value
	}
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("scopes"), &plan.Scopes)...)
	// Of the configuration, what tells configured from derived values, and the secret.
	getAttributes(ctx, req.Config, &resp.Diagnostics, map[string]any{
		"tenant": &config.Tenant, "authorization_endpoint": &config.AuthorizationEndpoint, "token_endpoint": &config.TokenEndpoint,
		"client_secret": &config.ClientSecret, "client_secret_wo": &config.ClientSecretWO, "client_secret_wo_version": &config.ClientSecretWOVersion,
	})
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() && missingSecret(config.clientSecret()) {
		addMissingSecretError(&resp.Diagnostics, path.Root("client_secret"), "client_secret", "a Jira outgoing link")
		return
	}

	if !req.State.Raw.IsNull() {
		// The one attribute needed, not the whole model: every plan pays for this conversion.
		var stateType types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("provider_type"), &stateType)...)
		// Jira matches the type in any case: a spelling that differs from the state's only in
		// case (after an import, Jira's) is no change.
		if strings.EqualFold(stateType.ValueString(), plan.ProviderType.ValueString()) {
			plan.ProviderType = stateType
		}
	}
	if !plan.ProviderType.IsUnknown() {
		providerType := strings.ToLower(plan.ProviderType.ValueString())
		if config.Tenant.IsNull() {
			plan.Tenant = unsetTenant(providerType, config.AuthorizationEndpoint, config.TokenEndpoint)
		}
		if !plan.Tenant.IsUnknown() {
			if authorization, token, ok := derivedEndpoints(providerType, plan.Tenant.ValueString()); ok {
				if config.AuthorizationEndpoint.IsNull() {
					plan.AuthorizationEndpoint = types.StringValue(authorization)
				}
				if config.TokenEndpoint.IsNull() {
					plan.TokenEndpoint = types.StringValue(token)
				}
			}
		}
	}
	plan.RedirectURISuffix = types.StringUnknown()
	plan.RedirectURI = types.StringUnknown()
	if !plan.AuthorizationEndpoint.IsUnknown() && !plan.AuthorizationEndpoint.IsNull() {
		plan.RedirectURISuffix = types.StringValue(jira.RedirectURISuffix(plan.AuthorizationEndpoint.ValueString()))
		if baseURLKnown { // else Jira's base URL is known only after apply, and the redirect URI with it
			plan.RedirectURI = types.StringValue(jira.RedirectURI(baseURL, plan.AuthorizationEndpoint.ValueString()))
		}
	}
	// Warnings come from here alone, not from ValidateConfig or validators as well: Terraform
	// validates a configuration twice in a plan, and they would show twice.
	resp.Diagnostics.Append(outgoingLinkWarnings(ctx, plan.jiraOutgoingLinkFields, config.jiraOutgoingLinkFields)...)
	resp.Diagnostics.Append(config.clientSecret().idWarning(path.Root("client_secret"))...)
	for i, d := range derived {
		if !d.value.Equal(planned[i]) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(d.name), *d.value)...)
		}
	}
}

// getAttributes reads the top-level attributes named into their targets, which costs less than
// reading the whole model when only a few are needed.
func getAttributes(ctx context.Context, from interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, diags *diag.Diagnostics, targets map[string]any) {
	for name, target := range targets {
		diags.Append(from.GetAttribute(ctx, path.Root(name), target)...)
	}
}

// toLink converts the planned attributes into Jira's model, without the secret.
func (m *jiraOutgoingLinkModel) toLink(ctx context.Context) (jira.OutgoingLink, diag.Diagnostics) {
	link := jira.OutgoingLink{
		ID:                    m.ID.ValueString(),
		Name:                  m.Name.ValueString(),
		Description:           m.Description.ValueString(),
		Type:                  strings.ToLower(m.ProviderType.ValueString()),
		ClientID:              m.ClientID.ValueString(),
		AuthorizationEndpoint: m.AuthorizationEndpoint.ValueString(),
		TokenEndpoint:         m.TokenEndpoint.ValueString(),
		RedirectURISuffix:     m.RedirectURISuffix.ValueString(),
	}
	diags := m.Scopes.ElementsAs(ctx, &link.Scopes, false)
	return link, diags
}

// clientSecret is where the model holds the client secret.
func (m *jiraOutgoingLinkModel) clientSecret() *secretFields {
	return &secretFields{&m.ClientSecret, &m.ClientSecretWO, &m.ClientSecretWOVersion}
}

func (r *jiraOutgoingLinkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, config jiraOutgoingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.Plan, &plan), into(req.Config, &config))
	link, diags := plan.toLink(ctx)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	secret := sendSecret(plan.clientSecret(), config.clientSecret(), nil, true)
	link.ClientSecret = secret.pointer()
	ctx = maskSecrets(ctx, secret.value)

	defer r.data.listings.outgoingLinks.forget() // lookups by name list afresh (listing.go)
	created, err := client.CreateOutgoingLink(ctx, link)
	if err != nil {
		err = explainCreateError(err, created != nil, "oauthlink_jira_outgoing_link", "link", func(string) string { return "name:" + link.Name })
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("create", outgoingLinkObject, link.Name), err, fieldPaths(jiraOutgoingFieldPaths))...)
		if created == nil {
			return
		}
		// The apply was interrupted after Jira made it: recorded, it is not orphaned.
	}
	plan.ID = types.StringValue(created.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *jiraOutgoingLinkResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state jiraOutgoingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.State, &state))
	if !ok {
		return
	}
	link := refresh(ctx, resp, outgoingLinkObject, state.ID.ValueString(), client.GetOutgoingLink)
	if link == nil {
		return
	}
	read := state
	resp.Diagnostics.Append(state.setFromLink(ctx, link, client.BaseURL())...)
	// The framework hands Read the state it was given: writing it back unchanged would cost a
	// conversion of the whole model on most refreshes.
	if !reflect.DeepEqual(read, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *jiraOutgoingLinkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state, config jiraOutgoingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.Plan, &plan), into(req.State, &state), into(req.Config, &config))
	link, diags := plan.toLink(ctx)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	// Jira keeps the stored secret when the update carries none: send it only when it changed.
	secret := sendSecret(plan.clientSecret(), config.clientSecret(), state.clientSecret(), false)
	link.ClientSecret = secret.pointer()
	ctx = maskSecrets(ctx, secret.value)
	defer r.data.listings.outgoingLinks.forget() // lookups by name list afresh (listing.go)
	if err := client.UpdateOutgoingLink(ctx, link); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("update", outgoingLinkObject, link.Name), err, fieldPaths(jiraOutgoingFieldPaths))...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *jiraOutgoingLinkResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jiraOutgoingLinkModel
	if client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.State, &state)); ok {
		defer r.data.listings.outgoingLinks.forget() // lookups by name list afresh (listing.go)
		remove(ctx, &resp.Diagnostics, outgoingLinkObject, state.Name.ValueString(), state.ID.ValueString(), client.DeleteOutgoingLink)
	}
}

// entraTenant validates a tenant with entra.CheckTenant.
func entraTenant() validator.String {
	return validators.StringCheck("Invalid tenant", "must be an Entra tenant ID, domain, common, organizations or consumers", entra.CheckTenant)
}

// unsetTenant is the planned tenant of a link whose configuration names none: for Microsoft, the
// tenant in the configured endpoints (so that an import, which reads it from there, plans no
// change), null when they name none, and common when no endpoint is configured.
func unsetTenant(providerType string, endpoints ...types.String) types.String {
	if providerType != jira.ProviderMicrosoft {
		return types.StringNull()
	}
	configured := false
	for _, endpoint := range endpoints {
		if endpoint.IsUnknown() {
			return types.StringUnknown()
		}
		if tenant, ok := entra.TenantOf(endpoint.ValueString()); ok {
			return types.StringValue(tenant)
		}
		configured = configured || !endpoint.IsNull()
	}
	if configured {
		return types.StringNull()
	}
	return types.StringValue(defaultTenant)
}

// outgoingLinkWarnings warns of the setups Jira accepts but that fail when the link is used,
// each known from the mistakes administrators make: no refresh token, Exchange Online scopes
// read as Graph's, and endpoints of another cloud than the tenant's. It skips what is unknown.
func outgoingLinkWarnings(ctx context.Context, plan, config jiraOutgoingLinkFields) diag.Diagnostics {
	var diags diag.Diagnostics
	var scopes []types.String
	diags.Append(plan.Scopes.ElementsAs(ctx, &scopes, true)...)
	known := make([]string, 0, len(scopes))
	for _, scope := range scopes {
		if !scope.IsUnknown() {
			known = append(known, scope.ValueString())
		}
	}
	microsoft := strings.EqualFold(plan.ProviderType.ValueString(), jira.ProviderMicrosoft)
	if microsoft && !plan.Scopes.IsUnknown() && len(known) == len(scopes) &&
		!slices.ContainsFunc(known, func(s string) bool { return strings.EqualFold(s, "offline_access") }) {
		diags.AddAttributeWarning(path.Root("scopes"), "Scopes lack offline_access",
			"Without offline_access Entra issues no refresh token, so Jira cannot renew the access token and the mail handler "+
				"stops about an hour after the link is authorised, when the first token expires. Add \"offline_access\" to scopes.")
	}
	cloud := linkCloud(plan)
	var fixes []string
	for _, scope := range known {
		if bare := checks.BareExchangeScope(scope); bare != "" {
			fixes = append(fixes, fmt.Sprintf("%q instead of %q", cloud.Exchange+bare, scope))
		}
	}
	if len(fixes) > 0 {
		note := ""
		if cloud != &checks.EntraClouds[0] {
			note = fmt.Sprintf(" (Exchange Online in the %s cloud)", cloud.Name)
		}
		diags.AddAttributeWarning(path.Root("scopes"), "Exchange Online scope without its resource",
			"Entra reads IMAP.AccessAsUser.All and POP.AccessAsUser.All without a resource as Microsoft Graph's permissions "+
				"and issues a token for Graph, which Exchange Online refuses for IMAP and POP. Write "+strings.Join(fixes, ", and ")+note+".")
	}
	if microsoft {
		diags.Append(cloudMismatchWarning(plan, config)...)
	}
	return diags
}

// linkCloud is the cloud a link's tenant domain or endpoints tell, the worldwide one when they
// tell none.
func linkCloud(plan jiraOutgoingLinkFields) *checks.EntraCloud {
	if c := checks.EntraCloudOfTenant(plan.Tenant.ValueString()); c != nil {
		return c
	}
	if c := checks.EntraCloudOfEndpoint(plan.AuthorizationEndpoint.ValueString()); c != nil {
		return c
	}
	return &checks.EntraClouds[0]
}

// linkEndpoint is one of a link's endpoints, with the cloud whose sign-in host serves it (nil
// when it is not Entra's).
type linkEndpoint struct {
	name    string
	url     string
	derived bool // not configured, derived from the tenant
	cloud   *checks.EntraCloud
}

// cloudMismatchWarning warns when the endpoints sign in at another cloud's host than the one the
// tenant's domain belongs to, or, when the domain tells none, at two clouds' hosts: Entra knows a
// tenant in its own cloud only.
func cloudMismatchWarning(plan, config jiraOutgoingLinkFields) diag.Diagnostics {
	var diags diag.Diagnostics
	endpoints := []linkEndpoint{
		{name: "authorization_endpoint", url: plan.AuthorizationEndpoint.ValueString(), derived: config.AuthorizationEndpoint.IsNull()},
		{name: "token_endpoint", url: plan.TokenEndpoint.ValueString(), derived: config.TokenEndpoint.IsNull()},
	}
	for i := range endpoints {
		endpoints[i].cloud = checks.EntraCloudOfEndpoint(endpoints[i].url)
	}
	tenant := plan.Tenant.ValueString()
	tenantCloud := checks.EntraCloudOfTenant(tenant)
	want := tenantCloud
	if want == nil {
		want = endpoints[0].cloud
	}
	var wrong []linkEndpoint
	derived := false
	for _, e := range endpoints {
		if e.cloud != nil && want != nil && e.cloud != want {
			wrong = append(wrong, e)
			derived = derived || e.derived
		}
	}
	if len(wrong) == 0 {
		return diags
	}
	var detail string
	if tenantCloud != nil {
		tenantIs := fmt.Sprintf("tenant %q", tenant)
		if config.Tenant.IsNull() {
			tenantIs = fmt.Sprintf("the tenant %q named in the endpoints", tenant)
		}
		detail = fmt.Sprintf("%s belongs to the %s cloud, but %s: Entra knows a tenant in its own cloud only and answers "+
			"AADSTS90002 (tenant not found). ", tenantIs, tenantCloud.Name, whereEndpoints(wrong, " and "))
	} else {
		detail = fmt.Sprintf("%s: Entra knows a tenant in its own cloud only, so one of them answers AADSTS90002 "+
			"(tenant not found). ", whereEndpoints(endpoints, " but "))
	}
	if derived {
		detail += "Endpoints left unset are derived for the worldwide cloud. "
	}
	if tenant == "" {
		tenant = "<tenant>"
	}
	diags.AddAttributeWarning(path.Root(wrong[0].name), "Entra endpoints in another cloud than the tenant",
		detail+entraEndpointsFix(tenant, tenantCloud))
	return diags
}

// whereEndpoints says which sign-in host serves each endpoint, naming endpoints on one host
// together, the hosts joined by join.
func whereEndpoints(endpoints []linkEndpoint, join string) string {
	var hosts []string
	names := map[string][]string{}
	cloud := map[string]string{}
	for _, e := range endpoints {
		u, _ := url.Parse(e.url)
		if _, seen := names[u.Host]; !seen {
			hosts = append(hosts, u.Host)
		}
		names[u.Host] = append(names[u.Host], e.name)
		cloud[u.Host] = e.cloud.Name
	}
	parts := make([]string, len(hosts))
	for i, host := range hosts {
		verb := "is"
		if len(names[host]) > 1 {
			verb = "are"
		}
		parts[i] = fmt.Sprintf("%s %s on %s (the %s cloud)", strings.Join(names[host], " and "), verb, host, cloud[host])
	}
	return strings.Join(parts, join)
}

// entraEndpointsFix says how to set both endpoints for the tenant's cloud c (nil: not known).
func entraEndpointsFix(tenant string, c *checks.EntraCloud) string {
	if c == nil {
		return fmt.Sprintf("Set authorization_endpoint and token_endpoint from provider::oauthlink::entra_endpoints(%q, cloud), "+
			"with the tenant's cloud: \"public\", \"usgov\", \"usgov_dod\" or \"china\".", tenant)
	}
	calls := make([]string, len(c.Clouds))
	for i, cloud := range c.Clouds {
		calls[i] = fmt.Sprintf("provider::oauthlink::entra_endpoints(%q, %q)", tenant, cloud)
	}
	fix := "Set authorization_endpoint and token_endpoint from " + strings.Join(calls, " or ")
	if len(calls) > 1 {
		fix += ", whichever cloud the tenant is in"
	}
	return fix + "."
}
