package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ resource.ResourceWithConfigure   = (*jiraIncomingLinkResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*jiraIncomingLinkResource)(nil)
	_ resource.ResourceWithImportState = (*jiraIncomingLinkResource)(nil)
)

// NewJiraIncomingLinkResource returns the oauthlink_jira_incoming_link resource.
func NewJiraIncomingLinkResource() resource.Resource {
	return &jiraIncomingLinkResource{resourceBase{typeName: "jira_incoming_link"}}
}

type jiraIncomingLinkResource struct{ resourceBase }

type jiraIncomingLinkModel struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	RedirectURIs          types.Set    `tfsdk:"redirect_uris"`
	Scope                 types.String `tfsdk:"scope"`
	SecretRotation        types.String `tfsdk:"secret_rotation"`
	StoreClientSecret     types.Bool   `tfsdk:"store_client_secret"`
	ClientID              types.String `tfsdk:"client_id"`
	ClientSecret          types.String `tfsdk:"client_secret"`
	UserKey               types.String `tfsdk:"user_key"`
	AuthorizationEndpoint types.String `tfsdk:"authorization_endpoint"`
	TokenEndpoint         types.String `tfsdk:"token_endpoint"`
}

var jiraIncomingFieldPaths = map[string]path.Path{
	jira.FieldName:      path.Root("name"),
	jira.FieldRedirects: path.Root("redirect_uris"),
	jira.FieldScope:     path.Root("scope"),
}

func (r *jiraIncomingLinkResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	known := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Jira Data Center **incoming** OAuth 2.0 link: Jira as the OAuth provider of an external tool (a " +
			"reporting connector, a script, CI) that calls Jira's REST API with the authorization code grant (+ PKCE). Jira " +
			"generates the client ID and secret.\n\n" +
			"By default the client secret is stored in state (sensitive), where `oauthlink_jira_incoming_link.<name>.client_secret` " +
			"hands it to whatever configures the connector. With `store_client_secret = false` it never reaches plan or state: " +
			"read it when needed with the `oauthlink_jira_incoming_link_secret` ephemeral resource (Terraform ≥ 1.10, " +
			"OpenTofu ≥ 1.11), e.g. into a write-only attribute. Change `secret_rotation` to have Jira issue a new secret." + adoptionDescription("oauthlink_jira_incoming_links", "name:<name>", "`name_prefix`"),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The link's id in Jira.", PlanModifiers: known},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: "The link's name, unique in Jira (at most 255 characters, counted as Jira counts them: most emoji count 2).",
				Validators: []validator.String{validators.Name(jiraMaxLength, checks.JiraCharacters)},
			},
			"redirect_uris": schema.SetAttribute{
				Required: true, ElementType: types.StringType,
				MarkdownDescription: "Where Jira may send authorization codes: absolute URLs without a fragment, at most 450 " +
					"characters, https (http only for localhost).",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.RedirectURI())},
			},
			"scope": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "What tokens may do: `READ`, `WRITE`, `ADMIN` or `SYSTEM_ADMIN`; each includes the ones " +
					"before it, and a token never exceeds its user's permissions.",
				Validators: []validator.String{stringvalidator.OneOf(jira.IncomingScopes...)},
			},
			"secret_rotation": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Any value, e.g. a date; changing it makes Jira issue a new client secret (the old one stops " +
					"working at once).",
			},
			"store_client_secret": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether `client_secret` keeps the secret Jira generated in state (default `true`). With " +
					"`false` the secret stays out of plan and state, and `client_secret` is null: whoever reads the state " +
					"cannot take it, but every consumer must read it through the `oauthlink_jira_incoming_link_secret` " +
					"ephemeral resource, and after a rotation nothing in state shows the new one. The secret still travels " +
					"through the provider's memory, never its logs.",
			},
			"client_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The client ID Jira generated.", PlanModifiers: known},
			"client_secret": schema.StringAttribute{
				Computed: true, Sensitive: true, PlanModifiers: known,
				MarkdownDescription: "The client secret Jira generated; null when `store_client_secret` is `false`.",
			},
			"user_key": schema.StringAttribute{Computed: true, MarkdownDescription: "The Jira user who created the link.", PlanModifiers: known},
			"authorization_endpoint": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Jira's authorization endpoint, `{base_url}/rest/oauth2/latest/authorize`.",
			},
			"token_endpoint": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Jira's token endpoint, `{base_url}/rest/oauth2/latest/token`.",
			},
		},
	}
}

// ModifyPlan fills in Jira's OAuth endpoints at plan time and marks the secret unknown when a
// rotation is planned.
func (r *jiraIncomingLinkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	baseURL, baseURLKnown, diags := r.data.plannedJiraBaseURL()
	resp.Diagnostics.Append(diags...)
	var plan jiraIncomingLinkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.AuthorizationEndpoint, plan.TokenEndpoint = types.StringUnknown(), types.StringUnknown()
	if baseURLKnown { // else Jira's base URL is known only after apply, and the endpoints with it
		plan.AuthorizationEndpoint = types.StringValue(jira.AuthorizationEndpoint(baseURL))
		plan.TokenEndpoint = types.StringValue(jira.TokenEndpoint(baseURL))
	}
	if !req.State.Raw.IsNull() {
		var state jiraIncomingLinkModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !plan.SecretRotation.Equal(state.SecretRotation) || state.ClientSecret.IsNull() {
			plan.ClientSecret = types.StringUnknown()
		}
	}
	if !plan.storesSecret() {
		plan.ClientSecret = types.StringNull()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// storesSecret reports whether the state keeps the client secret: store_client_secret is true, or
// null as it is while an import reads the link for the first time.
func (m *jiraIncomingLinkModel) storesSecret() bool {
	return m.StoreClientSecret.ValueBool() || m.StoreClientSecret.IsNull()
}

func (m *jiraIncomingLinkModel) toLink(ctx context.Context) (jira.IncomingLink, diag.Diagnostics) {
	link := jira.IncomingLink{ID: m.ID.ValueString(), Name: m.Name.ValueString(), Scope: m.Scope.ValueString()}
	diags := m.RedirectURIs.ElementsAs(ctx, &link.Redirects, false)
	return link, diags
}

// setFromLink refreshes everything Jira returns.
func (m *jiraIncomingLinkModel) setFromLink(ctx context.Context, link *jira.IncomingLink, baseURL string) diag.Diagnostics {
	m.ID = types.StringValue(link.ID)
	m.Name = types.StringValue(link.Name)
	m.Scope = types.StringValue(link.Scope)
	m.ClientID = types.StringValue(link.ClientID)
	m.ClientSecret = types.StringNull()
	if m.storesSecret() {
		m.ClientSecret = types.StringValue(link.ClientSecret)
	}
	if m.StoreClientSecret.IsNull() {
		m.StoreClientSecret = types.BoolValue(true)
	}
	m.UserKey = types.StringValue(link.UserKey)
	m.AuthorizationEndpoint = types.StringValue(jira.AuthorizationEndpoint(baseURL))
	m.TokenEndpoint = types.StringValue(jira.TokenEndpoint(baseURL))
	redirects, diags := types.SetValueFrom(ctx, types.StringType, link.Redirects)
	m.RedirectURIs = redirects
	return diags
}

// save records the link Jira answered as the state, its secret kept out of the logs.
func (m *jiraIncomingLinkModel) save(ctx context.Context, link *jira.IncomingLink, baseURL string, state stateSetter) diag.Diagnostics {
	ctx = maskSecrets(ctx, link.ClientSecret)
	diags := m.setFromLink(ctx, link, baseURL)
	diags.Append(state.Set(ctx, m)...)
	return diags
}

func (r *jiraIncomingLinkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan jiraIncomingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.Plan, &plan))
	link, diags := plan.toLink(ctx)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	defer r.data.listings.incomingLinks.forget() // lookups by name list afresh (listing.go)
	created, err := client.CreateIncomingLink(ctx, link)
	if err != nil {
		err = explainCreateError(err, created != nil, "oauthlink_jira_incoming_link", "link", func(string) string { return importByName(link.Name) })
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("create", incomingLinkObject, link.Name), err, fieldPaths(jiraIncomingFieldPaths))...)
		if created == nil {
			return
		}
		// The apply was interrupted after Jira made it: recorded, it is not orphaned.
	}
	resp.Diagnostics.Append(plan.save(ctx, created, client.BaseURL(), &resp.State)...)
}

func (r *jiraIncomingLinkResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state jiraIncomingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.State, &state))
	if !ok {
		return
	}
	link := refresh(ctx, resp, incomingLinkObject, state.ID.ValueString(), client.GetIncomingLink)
	if link == nil {
		return
	}
	resp.Diagnostics.Append(state.save(ctx, link, client.BaseURL(), &resp.State)...)
}

func (r *jiraIncomingLinkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state jiraIncomingLinkModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.Plan, &plan), into(req.State, &state))
	link, diags := plan.toLink(ctx)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	link.ID = state.ID.ValueString()
	// Jira's update is partial (a blank value keeps the old one); every value is sent, so the
	// result is exactly the plan.
	defer r.data.listings.incomingLinks.forget() // lookups by name list afresh (listing.go)
	if err := client.UpdateIncomingLink(ctx, link); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("update", incomingLinkObject, link.Name), err, fieldPaths(jiraIncomingFieldPaths))...)
		return
	}
	clientSecret := state.ClientSecret
	switch {
	case !plan.SecretRotation.Equal(state.SecretRotation):
		reset, err := client.ResetIncomingSecret(ctx, state.ClientID.ValueString())
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("reset the client secret of", incomingLinkObject, link.Name), err, nil)...)
			return
		}
		ctx = maskSecrets(ctx, reset.ClientSecret)
		clientSecret = types.StringValue(reset.ClientSecret)
	case plan.storesSecret() && clientSecret.IsNull():
		// store_client_secret was false until now: the state learns the secret Jira holds.
		current, err := client.GetIncomingLink(ctx, link.ID)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("read the client secret of", incomingLinkObject, link.Name), err, nil)...)
			return
		}
		ctx = maskSecrets(ctx, current.ClientSecret)
		clientSecret = types.StringValue(current.ClientSecret)
	}
	if !plan.storesSecret() {
		clientSecret = types.StringNull()
	}
	plan.ID, plan.ClientID, plan.UserKey, plan.ClientSecret = state.ID, state.ClientID, state.UserKey, clientSecret
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *jiraIncomingLinkResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jiraIncomingLinkModel
	if client, ok := prepare(ctx, &resp.Diagnostics, r.data.jiraClient, into(req.State, &state)); ok {
		defer r.data.listings.incomingLinks.forget() // lookups by name list afresh (listing.go)
		remove(ctx, &resp.Diagnostics, incomingLinkObject, state.Name.ValueString(), state.ID.ValueString(), client.DeleteIncomingLink)
	}
}
