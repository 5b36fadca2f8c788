package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

// The checks of an oauthlink_external_data_source configuration that span attributes, and the
// secrets a create needs.

var _ resource.ResourceWithModifyPlan = (*externalDataSourceResource)(nil)

// ModifyPlan requires the secrets the service needs (the bearer token, the custom header's
// value) where the data source is created or replaced, or the block is new. Every other time a
// secret left out of the configuration is the one the service already holds, e.g. after an
// import, and is kept.
func (r *externalDataSourceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var config externalDataSourceModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		return // a whole block is unknown yet: check it once it is known
	}
	var prior *externalDataSourceModel
	if !req.State.Raw.IsNull() && !slices.ContainsFunc(resp.RequiresReplace, func(p path.Path) bool { return p.Equal(path.Root("app")) }) {
		prior = &externalDataSourceModel{}
		if diags := req.State.Get(ctx, prior); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
	}
	configured, stored := config.secrets(), prior.secrets()
	for _, required := range []struct {
		secret int
		at     path.Path
		name   string
	}{
		{edBearerToken, path.Root("auth").AtName("bearer").AtName("token"), "auth.bearer.token"},
		{edHeaderValue, path.Root("auth").AtName("custom_header").AtName("value"), "auth.custom_header.value"},
	} {
		if missingSecret(configured[required.secret]) && (prior == nil || stored[required.secret] == nil) {
			addMissingSecretError(&resp.Diagnostics, required.at, required.name, "this authentication of an External Data source")
		}
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
// credentials: an authorization endpoint, and scopes, best with offline_access.
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
