package checks

import (
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/entra"
)

// EntraCloud is a Microsoft cloud as far as a link's URLs and tenant tell it apart: usgov (GCC
// High) and usgov_dod (DoD) sign in at the same host, so they are one here.
type EntraCloud struct {
	Name string // for messages: "worldwide", "US Government", "China"
	// Clouds are the entra_endpoints cloud names that sign in here, the first the most common.
	Clouds []string
	// initialDomain ends every tenant's initial domain in this cloud (contoso.onmicrosoft.us);
	// a custom domain or a tenant ID tells no cloud.
	initialDomain string
	// Exchange is Exchange Online's resource URL, the prefix of its IMAP and POP scopes.
	Exchange string
}

// EntraClouds are the clouds a link can be told to be in. Plain GCC is worldwide.
var EntraClouds = []EntraCloud{
	{Name: "worldwide", Clouds: []string{"public"}, initialDomain: ".onmicrosoft.com", Exchange: "https://outlook.office.com/"},
	{Name: "US Government", Clouds: []string{"usgov", "usgov_dod"}, initialDomain: ".onmicrosoft.us", Exchange: "https://outlook.office365.us/"},
	{Name: "China", Clouds: []string{"china"}, initialDomain: ".onmschina.cn", Exchange: "https://partner.outlook.cn/"},
}

// EntraCloudOfEndpoint returns the cloud whose sign-in host serves endpoint, or nil for a URL
// that is not Entra's.
func EntraCloudOfEndpoint(endpoint string) *EntraCloud {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "https" {
		return nil
	}
	for _, c := range entra.Clouds {
		if login, err := url.Parse(c.LoginURL); err == nil && strings.EqualFold(u.Host, login.Host) {
			return entraCloudNamed(c.Name)
		}
	}
	return nil
}

// EntraCloudOfTenant returns the cloud a tenant's initial domain belongs to, or nil when the
// tenant does not tell (a tenant ID, a custom domain, common).
func EntraCloudOfTenant(tenant string) *EntraCloud {
	for i, c := range EntraClouds {
		if strings.HasSuffix(strings.ToLower(tenant), c.initialDomain) {
			return &EntraClouds[i]
		}
	}
	return nil
}

func entraCloudNamed(name string) *EntraCloud {
	for i, c := range EntraClouds {
		if slices.Contains(c.Clouds, name) {
			return &EntraClouds[i]
		}
	}
	return nil
}

// exchangeScopes are the Exchange Online permissions that Entra, given without a resource, reads
// as Microsoft Graph's permissions of the same name.
var exchangeScopes = []string{"IMAP.AccessAsUser.All", "POP.AccessAsUser.All"}

// BareExchangeScope returns the spelling Exchange Online defines for scope, when scope is one of
// its IMAP or POP permissions without the resource prefix (in any case), and "" otherwise.
func BareExchangeScope(scope string) string {
	for _, s := range exchangeScopes {
		if strings.EqualFold(scope, s) {
			return s
		}
	}
	return ""
}
