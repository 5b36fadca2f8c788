package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/entra"
)

var entraEndpointsAttrTypes = map[string]attr.Type{
	"authorization_endpoint": types.StringType,
	"token_endpoint":         types.StringType,
	"graph_url":              types.StringType,
	"graph_scope":            types.StringType,
}

// NewEntraEndpointsFunction returns the entra_endpoints function.
func NewEntraEndpointsFunction() function.Function { return entraEndpointsFunction }

var entraEndpointsFunction = &providerFunction{name: "entra_endpoints", run: runEntraEndpoints, definition: function.Definition{
	Summary: "Microsoft Entra ID endpoints of a tenant in a national cloud",
	MarkdownDescription: "Returns the OAuth 2.0 v2.0 `authorization_endpoint` and `token_endpoint` of an Entra tenant, with the " +
		"cloud's Microsoft Graph `graph_url` and its client-credentials `graph_scope` (`…/.default`). Clouds: `public` " +
		"(worldwide, also GCC), `usgov` (GCC High), `usgov_dod` (DoD) and `china`. National-cloud tenants exist only in " +
		"their cloud: the wrong one fails with AADSTS90002 (tenant not found).",
	Parameters: []function.Parameter{
		function.StringParameter{Name: "tenant", MarkdownDescription: "A tenant ID (GUID), a domain such as `contoso.onmicrosoft.com`, or `common`, `organizations`, `consumers`."},
		function.StringParameter{Name: "cloud", MarkdownDescription: "`public`, `usgov`, `usgov_dod` or `china`."},
	},
	Return: function.ObjectReturn{AttributeTypes: entraEndpointsAttrTypes},
}}

// runEntraEndpoints is entra_endpoints' Run: it checks the tenant, then looks up the cloud's endpoints.
func runEntraEndpoints(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var tenant, cloud string
	resp.Error = req.Arguments.Get(ctx, &tenant, &cloud)
	if resp.Error != nil {
		return
	}
	if err := entra.CheckTenant(tenant); err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	endpoints, err := entra.EndpointsFor(tenant, cloud)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, err.Error())
		return
	}
	result, diags := types.ObjectValue(entraEndpointsAttrTypes, map[string]attr.Value{
		"authorization_endpoint": types.StringValue(endpoints.AuthorizationEndpoint),
		"token_endpoint":         types.StringValue(endpoints.TokenEndpoint),
		"graph_url":              types.StringValue(endpoints.GraphURL),
		"graph_scope":            types.StringValue(endpoints.GraphScope),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error == nil {
		resp.Error = resp.Result.Set(ctx, result)
	}
}
