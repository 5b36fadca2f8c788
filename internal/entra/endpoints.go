// Package entra knows Microsoft Entra ID's endpoints in each national cloud, so that
// configurations name a tenant and a cloud instead of copying URLs.
package entra

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Cloud is a Microsoft national cloud.
type Cloud struct {
	Name     string
	LoginURL string // where users sign in and apps get tokens
	GraphURL string // Microsoft Graph
}

// Clouds in the order the docs list them. Plain GCC uses the worldwide (public) endpoints; GCC
// High and DoD tenants sign in at login.microsoftonline.us.
var Clouds = []Cloud{
	{Name: "public", LoginURL: "https://login.microsoftonline.com", GraphURL: "https://graph.microsoft.com"},
	{Name: "usgov", LoginURL: "https://login.microsoftonline.us", GraphURL: "https://graph.microsoft.us"},
	{Name: "usgov_dod", LoginURL: "https://login.microsoftonline.us", GraphURL: "https://dod-graph.microsoft.us"},
	{Name: "china", LoginURL: "https://login.partner.microsoftonline.cn", GraphURL: "https://microsoftgraph.chinacloudapi.cn"},
}

// CloudNames lists the accepted cloud names.
func CloudNames() []string {
	names := make([]string, len(Clouds))
	for i, c := range Clouds {
		names[i] = c.Name
	}
	return names
}

// Endpoints are what an app registration in one tenant and cloud uses.
type Endpoints struct {
	AuthorizationEndpoint string
	TokenEndpoint         string
	GraphURL              string
	GraphScope            string // the Graph resource's /.default scope, for client credentials
}

// EndpointsFor returns the v2.0 endpoints of tenant in the named cloud.
func EndpointsFor(tenant, cloud string) (Endpoints, error) {
	if err := CheckTenant(tenant); err != nil {
		return Endpoints{}, err
	}
	i := slices.IndexFunc(Clouds, func(c Cloud) bool { return c.Name == cloud })
	if i < 0 {
		return Endpoints{}, fmt.Errorf("cloud %q is not one of %s", cloud, strings.Join(CloudNames(), ", "))
	}
	c := Clouds[i]
	base := c.LoginURL + "/" + tenant + "/oauth2/v2.0/"
	return Endpoints{
		AuthorizationEndpoint: base + "authorize",
		TokenEndpoint:         base + "token",
		GraphURL:              c.GraphURL,
		GraphScope:            c.GraphURL + "/.default",
	}, nil
}

var (
	tenantGUID   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	tenantDomain = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)
)

// Audiences are the tenant names Entra accepts besides a tenant's GUID or domain.
var Audiences = []string{"common", "organizations", "consumers"}

// CheckTenant returns an error unless tenant is a tenant GUID, a domain such as
// contoso.onmicrosoft.com, or one of common, organizations and consumers.
func CheckTenant(tenant string) error {
	if tenantGUID.MatchString(tenant) || tenantDomain.MatchString(tenant) || slices.Contains(Audiences, tenant) {
		return nil
	}
	return fmt.Errorf("tenant %q is not a tenant ID (a GUID), a domain such as contoso.onmicrosoft.com, or one of %s",
		tenant, strings.Join(Audiences, ", "))
}

// TenantOf returns the tenant named in an Entra v2.0 endpoint of any cloud, e.g. "common" for
// https://login.microsoftonline.com/common/oauth2/v2.0/authorize.
func TenantOf(endpoint string) (string, bool) {
	for _, c := range Clouds {
		rest, ok := strings.CutPrefix(endpoint, c.LoginURL+"/")
		if !ok {
			continue
		}
		tenant, path, ok := strings.Cut(rest, "/")
		if ok && strings.HasPrefix(path, "oauth2/v2.0/") && CheckTenant(tenant) == nil {
			return tenant, true
		}
	}
	return "", false
}
