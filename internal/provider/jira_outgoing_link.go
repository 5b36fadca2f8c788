package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The resource and the data source oauthlink_jira_outgoing_link share these attributes; the
// resource adds the client secret, which Jira never returns.
type jiraOutgoingLinkFields struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	Description           types.String `tfsdk:"description"`
	ProviderType          types.String `tfsdk:"provider_type"`
	ClientID              types.String `tfsdk:"client_id"`
	Tenant                types.String `tfsdk:"tenant"`
	AuthorizationEndpoint types.String `tfsdk:"authorization_endpoint"`
	TokenEndpoint         types.String `tfsdk:"token_endpoint"`
	Scopes                types.Set    `tfsdk:"scopes"`
	RedirectURI           types.String `tfsdk:"redirect_uri"`
	RedirectURISuffix     types.String `tfsdk:"redirect_uri_suffix"`
}

// Google's OAuth 2.0 endpoints, for provider_type "google".
const (
	googleAuthorizationEndpoint = "https://accounts.google.com/o/oauth2/v2/auth"
	googleTokenEndpoint         = "https://oauth2.googleapis.com/token"
)

// defaultTenant is Entra's multi-tenant audience, which Jira's own form suggests.
const defaultTenant = "common"

// jiraOutgoingFieldPaths maps Jira's field names to the attributes they come from.
var jiraOutgoingFieldPaths = map[string]path.Path{
	jira.FieldName:                  path.Root("name"),
	jira.FieldDescription:           path.Root("description"),
	jira.FieldType:                  path.Root("provider_type"),
	jira.FieldClientID:              path.Root("client_id"),
	jira.FieldClientSecret:          path.Root("client_secret"),
	jira.FieldAuthorizationEndpoint: path.Root("authorization_endpoint"),
	jira.FieldTokenEndpoint:         path.Root("token_endpoint"),
	jira.FieldScopes:                path.Root("scopes"),
	jira.FieldRedirectURISuffix:     path.Root("authorization_endpoint"),
}

// jiraMaxLength is Jira's limit of names, descriptions and client IDs, in characters as Java's
// String.length() counts them (checks.JiraCharacters).
const jiraMaxLength = 255

// Descriptions shared by the resource and the data source.
const (
	descOutgoingName         = "The link's name, unique in Jira (at most 255 characters, counted as Jira counts them: most emoji count 2)."
	descOutgoingDescription  = "A description (at most 255 characters, counted as for `name`)."
	descOutgoingProviderType = "`microsoft`, `google` or `generic` (the admin page's \"Custom\"), matched case-insensitively: " +
		"Jira answers `MICROSOFT`, which never shows as a difference, and a spelling that differs from the state's in case " +
		"only (after an import, Jira's) plans no change."
	descOutgoingClientID = "The client ID that the OAuth provider gave Jira (for Entra: the Application (client) ID)."
	descOutgoingTenant   = "For `microsoft` only: the Entra tenant whose endpoints are derived when they are not set: a tenant ID, " +
		"a domain such as `contoso.onmicrosoft.com`, or `common` (multi-tenant apps that accept personal accounts), " +
		"`organizations` or `consumers`. A single-tenant app registration needs its tenant here. The derived endpoints are " +
		"those of the worldwide cloud; for GCC High, DoD or China set the endpoints with `provider::oauthlink::entra_endpoints` " +
		"and leave `tenant` out. When not set, it is the tenant named in `authorization_endpoint` (else `token_endpoint`) " +
		"when an endpoint is set, and `common` when none is. A plan warns when the tenant's domain (such as " +
		"`contoso.onmicrosoft.us`) belongs to another cloud than the endpoints."
	descOutgoingAuthorizationEndpoint = "The provider's authorization endpoint (https). Derived for `microsoft` (from `tenant`) and " +
		"`google` when not set; required for `generic`."
	descOutgoingTokenEndpoint = "The provider's token endpoint (https). Derived for `microsoft` (from `tenant`) and `google` when " +
		"not set; required for `generic`."
	descOutgoingScopes = "Scopes Jira requests, e.g. `https://outlook.office.com/IMAP.AccessAsUser.All` and `offline_access` for " +
		"a mail handler. Jira keeps them sorted and without duplicates: a set. A plan warns about a `microsoft` link without " +
		"`offline_access` (Jira then gets no refresh token and the mail handler stops after about an hour) and about " +
		"`IMAP.AccessAsUser.All` or `POP.AccessAsUser.All` without the Exchange Online prefix (`https://outlook.office.com/`, " +
		"`https://outlook.office365.us/` in GCC High), which Entra would read as Microsoft Graph's permissions."
	descOutgoingRedirectURI = "The redirect URI to register at the OAuth provider (for Entra: the app registration's Authentication, " +
		"Web, Redirect URIs). Known at plan time, so that it can feed the app registration in the same plan."
	descOutgoingRedirectURISuffix = "The last segment of `redirect_uri`: the unpadded base64url MD5 digest of `authorization_endpoint`, " +
		"which Jira requires."
)

// derivedEndpoints returns the endpoints a provider type implies, if it implies any.
func derivedEndpoints(providerType, tenant string) (authorization, token string, ok bool) {
	switch strings.ToLower(providerType) {
	case jira.ProviderMicrosoft:
		endpoints, err := entra.EndpointsFor(tenant, "public")
		if err != nil {
			return "", "", false
		}
		return endpoints.AuthorizationEndpoint, endpoints.TokenEndpoint, true
	case jira.ProviderGoogle:
		return googleAuthorizationEndpoint, googleTokenEndpoint, true
	}
	return "", "", false
}

// setFromLink refreshes the fields from what Jira answered. A provider type that differs only in
// case keeps the configured spelling; the tenant, which Jira does not store, is read from the
// endpoint only when nothing is known of it yet (after an import).
func (m *jiraOutgoingLinkFields) setFromLink(ctx context.Context, link *jira.OutgoingLink, baseURL string) diag.Diagnostics {
	m.ID = types.StringValue(link.ID)
	m.Name = types.StringValue(link.Name)
	m.Description = stringOrNull(link.Description)
	if !strings.EqualFold(m.ProviderType.ValueString(), link.Type) {
		m.ProviderType = types.StringValue(link.Type)
	}
	m.ClientID = types.StringValue(link.ClientID)
	switch {
	case link.Type != jira.ProviderMicrosoft:
		m.Tenant = types.StringNull()
	case m.Tenant.IsNull() || m.Tenant.IsUnknown():
		if tenant, ok := entra.TenantOf(link.AuthorizationEndpoint); ok {
			m.Tenant = types.StringValue(tenant)
		}
	}
	m.AuthorizationEndpoint = types.StringValue(link.AuthorizationEndpoint)
	m.TokenEndpoint = types.StringValue(link.TokenEndpoint)
	scopes, diags := types.SetValueFrom(ctx, types.StringType, link.Scopes)
	m.Scopes = scopes
	m.RedirectURISuffix = types.StringValue(link.RedirectURISuffix)
	m.RedirectURI = types.StringValue(jira.RedirectURIWithSuffix(baseURL, link.RedirectURISuffix))
	return diags
}

// stringOrNull maps an empty string in an answer (Jira's, External Data's, a token endpoint's) to
// null, as an unset optional attribute is.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
