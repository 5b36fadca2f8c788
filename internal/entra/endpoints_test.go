package entra

import (
	"strings"
	"testing"
)

func TestEndpointsFor(t *testing.T) {
	for _, tc := range []struct {
		tenant, cloud string
		want          Endpoints
	}{
		{"contoso.onmicrosoft.com", "public", Endpoints{
			AuthorizationEndpoint: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
			TokenEndpoint:         "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
			GraphURL:              "https://graph.microsoft.com",
			GraphScope:            "https://graph.microsoft.com/.default",
		}},
		{"6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c", "usgov", Endpoints{
			AuthorizationEndpoint: "https://login.microsoftonline.us/6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c/oauth2/v2.0/authorize",
			TokenEndpoint:         "https://login.microsoftonline.us/6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c/oauth2/v2.0/token",
			GraphURL:              "https://graph.microsoft.us",
			GraphScope:            "https://graph.microsoft.us/.default",
		}},
		{"organizations", "usgov_dod", Endpoints{
			AuthorizationEndpoint: "https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize",
			TokenEndpoint:         "https://login.microsoftonline.us/organizations/oauth2/v2.0/token",
			GraphURL:              "https://dod-graph.microsoft.us",
			GraphScope:            "https://dod-graph.microsoft.us/.default",
		}},
		{"common", "china", Endpoints{
			AuthorizationEndpoint: "https://login.partner.microsoftonline.cn/common/oauth2/v2.0/authorize",
			TokenEndpoint:         "https://login.partner.microsoftonline.cn/common/oauth2/v2.0/token",
			GraphURL:              "https://microsoftgraph.chinacloudapi.cn",
			GraphScope:            "https://microsoftgraph.chinacloudapi.cn/.default",
		}},
	} {
		got, err := EndpointsFor(tc.tenant, tc.cloud)
		if err != nil || got != tc.want {
			t.Errorf("EndpointsFor(%q, %q) = %+v, %v", tc.tenant, tc.cloud, got, err)
		}
	}
}

func TestEndpointsForRejectsBadInput(t *testing.T) {
	for _, tc := range []struct{ tenant, cloud, want string }{
		{"contoso", "public", "is not a tenant ID"},
		{"", "public", "is not a tenant ID"},
		{"a/b.com", "public", "is not a tenant ID"},
		{"common", "gcc-high", `cloud "gcc-high" is not one of public, usgov, usgov_dod, china`},
	} {
		if _, err := EndpointsFor(tc.tenant, tc.cloud); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("EndpointsFor(%q, %q) = %v, want %q", tc.tenant, tc.cloud, err, tc.want)
		}
	}
}

func TestTenantOf(t *testing.T) {
	for endpoint, want := range map[string]string{
		"https://login.microsoftonline.com/common/oauth2/v2.0/authorize":                              "common",
		"https://login.microsoftonline.us/6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c/oauth2/v2.0/token":     "6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c",
		"https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn/oauth2/v2.0/authorize": "contoso.partner.onmschina.cn",
		"https://login.microsoftonline.com/common/oauth2/authorize":                                   "",
		"https://accounts.google.com/o/oauth2/v2/auth":                                                "",
	} {
		got, ok := TenantOf(endpoint)
		if got != want || ok != (want != "") {
			t.Errorf("TenantOf(%q) = %q, %v; want %q", endpoint, got, ok, want)
		}
	}
}
