package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestEntraEndpointsFunction(t *testing.T) {
	endpoints := func(login, tenant, graph string) attr.Value {
		return types.ObjectValueMust(entraEndpointsAttrTypes, map[string]attr.Value{
			"authorization_endpoint": str(login + "/" + tenant + "/oauth2/v2.0/authorize"),
			"token_endpoint":         str(login + "/" + tenant + "/oauth2/v2.0/token"),
			"graph_url":              str(graph),
			"graph_scope":            str(graph + "/.default"),
		})
	}
	const guid = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	for _, tc := range []struct {
		name, tenant, cloud string
		want                attr.Value
		wantArg             int64
		wantErr             string
	}{
		{name: "public, GUID", tenant: guid, cloud: "public", want: endpoints("https://login.microsoftonline.com", guid, "https://graph.microsoft.com")},
		{name: "public, common", tenant: "common", cloud: "public", want: endpoints("https://login.microsoftonline.com", "common", "https://graph.microsoft.com")},
		{name: "GCC High", tenant: "contoso.onmicrosoft.us", cloud: "usgov", want: endpoints("https://login.microsoftonline.us", "contoso.onmicrosoft.us", "https://graph.microsoft.us")},
		{name: "DoD", tenant: "organizations", cloud: "usgov_dod", want: endpoints("https://login.microsoftonline.us", "organizations", "https://dod-graph.microsoft.us")},
		{name: "China", tenant: "contoso.partner.onmschina.cn", cloud: "china", want: endpoints("https://login.partner.microsoftonline.cn", "contoso.partner.onmschina.cn", "https://microsoftgraph.chinacloudapi.cn")},
		{name: "tenant without a domain", tenant: "contoso", cloud: "public", wantArg: 0, wantErr: `tenant "contoso" is not a tenant ID (a GUID), a domain such as contoso.onmicrosoft.com, or one of common, organizations, consumers`},
		{name: "empty tenant", tenant: "", cloud: "public", wantArg: 0, wantErr: `tenant "" is not a tenant ID`},
		{name: "tenant as a URL", tenant: "https://login.microsoftonline.com/contoso.onmicrosoft.com", cloud: "public", wantArg: 0, wantErr: "is not a tenant ID"},
		{name: "bad tenant and cloud: the tenant is reported", tenant: "a b", cloud: "moon", wantArg: 0, wantErr: "is not a tenant ID"},
		{name: "GCC High by its marketing name", tenant: "common", cloud: "gcc-high", wantArg: 1, wantErr: `cloud "gcc-high" is not one of public, usgov, usgov_dod, china`},
		{name: "cloud names are lower case", tenant: "common", cloud: "Public", wantArg: 1, wantErr: "is not one of public, usgov, usgov_dod, china"},
		{name: "empty cloud", tenant: "common", cloud: "", wantArg: 1, wantErr: `cloud "" is not one of`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, funcErr := runFunction(t, NewEntraEndpointsFunction(), str(tc.tenant), str(tc.cloud))
			wantFuncResult(t, got, funcErr, tc.want, tc.wantArg, tc.wantErr)
		})
	}
}

func TestAccFunctionEntraEndpointsEachCloud(t *testing.T) {
	// knownEndpoints is TestEntraEndpointsFunction's endpoints as a check of an output.
	knownEndpoints := func(login, tenant, graph string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"authorization_endpoint": knownvalue.StringExact(login + "/" + tenant + "/oauth2/v2.0/authorize"),
			"token_endpoint":         knownvalue.StringExact(login + "/" + tenant + "/oauth2/v2.0/token"),
			"graph_url":              knownvalue.StringExact(graph),
			"graph_scope":            knownvalue.StringExact(graph + "/.default"),
		})
	}
	functionTest(t,
		resource.TestStep{
			Config: `
locals {
  tenants = {
    public    = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    usgov     = "contoso.onmicrosoft.us"
    usgov_dod = "contoso.onmicrosoft.us"
    china     = "contoso.partner.onmschina.cn"
  }
}
output "endpoints" {
  value = { for cloud, tenant in local.tenants : cloud => provider::oauthlink::entra_endpoints(tenant, cloud) }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("endpoints", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"public":    knownEndpoints("https://login.microsoftonline.com", "72f988bf-86f1-41af-91ab-2d7cd011db47", "https://graph.microsoft.com"),
					"usgov":     knownEndpoints("https://login.microsoftonline.us", "contoso.onmicrosoft.us", "https://graph.microsoft.us"),
					"usgov_dod": knownEndpoints("https://login.microsoftonline.us", "contoso.onmicrosoft.us", "https://dod-graph.microsoft.us"),
					"china":     knownEndpoints("https://login.partner.microsoftonline.cn", "contoso.partner.onmschina.cn", "https://microsoftgraph.chinacloudapi.cn"),
				})),
			},
		},
		functionCallFails("entra_endpoints", `"common", "gcc-high"`, `cloud "gcc-high" is not one of public, usgov, usgov_dod, china`),
		functionCallFails("entra_endpoints", `"contoso", "public"`, `tenant "contoso" is not a tenant ID`),
		functionCallFails("entra_endpoints", `"common", ""`, `Invalid value for "cloud" parameter`, `cloud "" is not one of public, usgov, usgov_dod, china`),
		functionCallFails("entra_endpoints", `"", "public"`, `Invalid value for "tenant" parameter`, `tenant "" is not a tenant ID (a GUID), a domain such as contoso.onmicrosoft.com, or one of common, organizations, consumers`),
	)
}
