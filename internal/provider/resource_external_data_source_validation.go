package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

// The checks of an oauthlink_external_data_source configuration that span attributes, and the
// secrets a create needs.

var _ resource.ResourceWithModifyPlan = (*externalDataSourceResource)(nil)

// edSecretAt is where the sensitive attribute of each of the six secrets sits (secrets numbers
// them); its write-only twin is beside it.
var edSecretAt = [edSecretCount]path.Path{
	edDatabasePassword:   path.Root("database").AtName("password"),
	edDatabaseClientKey:  path.Root("database").AtName("client_key"),
	edBasicPassword:      path.Root("auth").AtName("basic").AtName("password"),
	edBearerToken:        path.Root("auth").AtName("bearer").AtName("token"),
	edHeaderValue:        path.Root("auth").AtName("custom_header").AtName("value"),
	edOAuth2ClientSecret: path.Root("auth").AtName("oauth2").AtName("client_secret"),
}

// ModifyPlan requires the secrets the service needs (the bearer token, the custom header's
// value) where the data source is created or replaced, or the block is new. Every other time a
// secret left out of the configuration is the one the service already holds, e.g. after an
// import, and is kept. It also gives the configuration's warnings (externalDataSourceWarnings).
func (r *externalDataSourceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config externalDataSourceModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		return // a whole block is unknown yet: check it once it is known
	}
	resp.Diagnostics.Append(externalDataSourceWarnings(config)...)
	configured := config.secrets()
	missing := slices.DeleteFunc([]int{edBearerToken, edHeaderValue}, func(secret int) bool { return !missingSecret(configured[secret]) })
	if len(missing) == 0 {
		// Every secret a create needs is configured: the prior state, whose conversion costs a
		// reflection pass over the whole model in every plan, cannot change the outcome.
		return
	}
	var prior *externalDataSourceModel
	if !req.State.Raw.IsNull() && !slices.ContainsFunc(resp.RequiresReplace, func(p path.Path) bool { return p.Equal(path.Root("app")) }) {
		prior = &externalDataSourceModel{}
		if diags := req.State.Get(ctx, prior); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
	}
	stored := prior.secrets()
	for _, required := range missing {
		if prior == nil || stored[required] == nil {
			addMissingSecretError(&resp.Diagnostics, edSecretAt[required], validators.AttributeName(edSecretAt[required]),
				"this authentication of an External Data source")
		}
	}
}

// externalDataSourceWarnings warns of what the service accepts but that fails or leaks when the
// data source is used: a secret that looks like an Entra secret ID, a port the product does not
// connect to, a credential in a plain header, an authorization code grant without a refresh
// token. They come from ModifyPlan alone, not from validators or ValidateConfig: Terraform
// validates a configuration twice in a plan, and they would show twice. Unknown values are
// skipped, and checked in the plan that knows them.
func externalDataSourceWarnings(config externalDataSourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for i, secret := range config.secrets() {
		if secret != nil {
			diags.Append(secret.idWarning(edSecretAt[i])...)
		}
	}
	portWarning := func(at path.Path, value types.String) {
		diags.Append(validators.CheckWarning(at, value, "Port not in the product's list", externaldata.CheckPort)...)
	}
	if u := config.URL; u != nil {
		portWarning(path.Root("url").AtName("url"), u.URL)
		diags.Append(secretHeaderWarnings(path.Root("url").AtName("headers"), u.Headers)...)
	}
	if config.Auth != nil && config.Auth.OAuth2 != nil {
		o, at := config.Auth.OAuth2, path.Root("auth").AtName("oauth2")
		portWarning(at.AtName("auth_url"), o.AuthURL)
		portWarning(at.AtName("token_url"), o.TokenURL)
		portWarning(at.AtName("revoke_url"), o.RevokeURL)
		diags.Append(noOfflineAccessWarning(o.edOAuth2Fields, at)...)
	}
	return diags
}

// secretHeaderWarnings warns about a url.headers entry that looks like a credential: the product
// stores plain headers in clear and shows them in its UI, while auth.custom_header keeps its
// value secret.
func secretHeaderWarnings(at path.Path, headers types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	if headers.IsNull() || headers.IsUnknown() {
		return diags
	}
	for _, name := range slices.Sorted(maps.Keys(headers.Elements())) {
		if httpx.IsSensitiveHeader(name) {
			diags.AddAttributeWarning(at.AtMapKey(name), "Secret in a plain header",
				fmt.Sprintf("The header %q looks like a credential. The product stores url.headers in clear and shows them in its "+
					"UI (\"don't store secrets here\"); move it to auth.custom_header (or auth.bearer for Authorization: Bearer), "+
					"whose value is encrypted and never displayed again.", name))
		}
	}
	return diags
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
	if db := config.Database; db != nil && !db.Driver.IsUnknown() && !strings.EqualFold(db.Driver.ValueString(), "mysql") {
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
// credentials: an authorization endpoint, and scopes (best with offline_access, which
// noOfflineAccessWarning checks).
func validateAuthorizationCode(o edOAuth2Fields, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !strings.EqualFold(o.GrantType.ValueString(), externaldata.GrantAuthorizationCode) {
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
	}
	return diags
}

// noOfflineAccessWarning warns when the scopes of an authorization code grant lack
// offline_access, so that the service gets no refresh token.
func noOfflineAccessWarning(o edOAuth2Fields, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if !strings.EqualFold(o.GrantType.ValueString(), externaldata.GrantAuthorizationCode) || o.Scopes.IsNull() || o.Scopes.IsUnknown() {
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
