package checks

import "testing"

func TestEntraCloudOf(t *testing.T) {
	for _, tc := range []struct {
		name  string
		of    func(string) *EntraCloud
		cloud map[string]string // the cloud's name by argument; "" for none
	}{
		{"EntraCloudOfEndpoint", EntraCloudOfEndpoint, map[string]string{
			"https://login.microsoftonline.com/common/oauth2/v2.0/authorize":            "worldwide",
			"https://LOGIN.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token": "US Government",
			"https://login.partner.microsoftonline.cn/common/oauth2/v2.0/token":         "China",
			"https://accounts.google.com/o/oauth2/v2/auth":                              "",
			"http://login.microsoftonline.com/common/oauth2/v2.0/token":                 "",
			"https://login.microsoftonline.com.example.com/common/oauth2/v2.0/token":    "",
			"": "",
		}},
		{"EntraCloudOfTenant", EntraCloudOfTenant, map[string]string{
			"contoso.onmicrosoft.com":              "worldwide",
			"Contoso.OnMicrosoft.US":               "US Government",
			"contoso.partner.onmschina.cn":         "China",
			"contoso.us":                           "", // a custom domain: GCC tenants use the worldwide cloud
			"6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c": "",
			"common":                               "",
			"":                                     "",
		}},
	} {
		for arg, want := range tc.cloud {
			if got := tc.of(arg); got == nil && want != "" || got != nil && got.Name != want {
				t.Errorf("%s(%q) = %v, want %q", tc.name, arg, got, want)
			}
		}
	}
}

func TestBareExchangeScope(t *testing.T) {
	expectResults(t, "BareExchangeScope", BareExchangeScope, map[string]string{
		"IMAP.AccessAsUser.All":                            "IMAP.AccessAsUser.All",
		"pop.accessasuser.all":                             "POP.AccessAsUser.All",
		"https://outlook.office.com/IMAP.AccessAsUser.All": "",
		"SMTP.Send":      "",
		"offline_access": "",
	})
}
