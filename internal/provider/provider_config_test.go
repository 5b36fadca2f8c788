package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes"
)

func TestAccProvider_invalidSettings(t *testing.T) {
	entra := fakes.StartEntraTenant(t)
	dataSource := fmt.Sprintf(`
data "oauthlink_client_credentials_token" "graph" {
  token_url     = %q
  client_id     = %q
  client_secret = %q
  scopes        = [%q]
}
`, entra.TokenURL(), entra.ClientID, entra.SecretValue, graphScope)

	for _, tc := range []struct {
		name, provider string
		want           *regexp.Regexp
	}{
		{"request_timeout", `request_timeout = "thirty seconds"`, errorMatching(`"thirty seconds" is not a duration`)},
		{"negative timeout", `request_timeout = "-1s"`, errorMatching("must be longer than zero")},
		{"max_retries", `max_retries = -1`, errorMatching("max_retries", "between 0 and 20")},
		{"jira over http", `jira = { base_url = "http://jira.example.com", token = "t" }`, errorMatching("uses http: use https")},
		{"jira token and username", `jira = { base_url = "https://jira.example.com", token = "t", username = "u", password = "p" }`, errorMatching(`"jira.username" cannot be specified when "jira.token" is specified`)},
		{"jira username alone", `jira = { base_url = "https://jira.example.com", username = "u" }`, errorMatching(`"jira.password" must be specified when "jira.username" is specified`)},
		{"external data token and oauth2", `external_data = {
    base_url  = "https://ed.example.com"
    api_token = "t"
    oauth2    = { token_url = "https://login.example.com/token", client_id = "c", client_secret = "s" }
  }`, errorMatching(`"external_data.oauth2" cannot be specified when "external_data.api_token"`)},
		{"ca_cert_pem", `ca_cert_pem = "not a PEM"`, errorMatching("ca_cert_pem holds no PEM-encoded certificate")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{{
					Config:      "provider \"oauthlink\" {\n  " + tc.provider + "\n}\n" + dataSource,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// Settings from the environment are checked when the provider is configured, since plan-time
// validation sees only the configuration.
func TestAccProvider_invalidEnvironment(t *testing.T) {
	entra := fakes.StartEntraTenant(t)
	t.Setenv(envJiraURL, "http://jira.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:      secretTokenConfig(entra.TokenURL(), entra.ClientID, entra.SecretValue),
			ExpectError: errorMatching("uses http: use https", "from the configuration or OAUTHLINK_JIRA_URL"),
		}},
	})
}

func TestResolveSettings(t *testing.T) {
	env := map[string]string{
		envJiraURL:           "https://jira.example.com",
		envJiraToken:         "pat",
		envExternalDataURL:   "https://ed.example.com",
		envExternalDataToken: "api",
		envRequestTimeout:    "2m",
		envMaxRetries:        "7",
	}
	s, diags := providerModel{}.resolve(func(k string) string { return env[k] })
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s.requestTimeout != 2*time.Minute || s.maxRetries != 7 {
		t.Errorf("timeout %s, retries %d from the environment", s.requestTimeout, s.maxRetries)
	}
	if *s.jira != (jiraSettings{BaseURL: "https://jira.example.com", Token: "pat"}) || s.jira.missing() != "" {
		t.Errorf("jira %+v, missing %q", s.jira, s.jira.missing())
	}
	if s.externalData.BaseURL != "https://ed.example.com" || s.externalData.missing() != "" {
		t.Errorf("external data %+v", s.externalData)
	}

	// The configuration wins over the environment.
	configured := providerModel{
		Jira:       &jiraModel{BaseURL: types.StringValue("https://other.example.com"), Token: types.StringNull(), Username: types.StringNull(), Password: types.StringNull()},
		MaxRetries: types.Int64Value(0),
	}
	s, _ = configured.resolve(func(k string) string { return env[k] })
	if s.jira.BaseURL != "https://other.example.com" || s.jira.Token != "pat" || s.maxRetries != 0 {
		t.Errorf("configuration did not win: %+v, retries %d", s.jira, s.maxRetries)
	}

	// Nothing anywhere: defaults, and no backend.
	s, _ = providerModel{}.resolve(func(string) string { return "" })
	if s.requestTimeout != 30*time.Second || s.maxRetries != 4 || s.jira != nil || s.externalData != nil {
		t.Errorf("defaults: %+v", s)
	}
}

func TestMissingBackendSettingsAreNamed(t *testing.T) {
	for _, tc := range []struct {
		name string
		jira *jiraSettings
		want string
	}{
		{"not configured", nil, "jira.base_url (or OAUTHLINK_JIRA_URL)"},
		{"no credentials", &jiraSettings{BaseURL: "https://j"}, "jira.token (or OAUTHLINK_JIRA_TOKEN)"},
		{"no password", &jiraSettings{BaseURL: "https://j", Username: "u"}, "jira.password (or OAUTHLINK_JIRA_PASSWORD)"},
		{"both", &jiraSettings{BaseURL: "https://j", Token: "t", Username: "u", Password: "p"}, "only one of"},
	} {
		if got := tc.jira.missing(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: missing() = %q, want %q", tc.name, got, tc.want)
		}
	}
	var ed *externalDataSettings
	if got := ed.missing(); !strings.Contains(got, "OAUTHLINK_EXTERNAL_DATA_URL") {
		t.Errorf("external data missing() = %q", got)
	}
	if got := (&externalDataSettings{BaseURL: "https://e"}).missing(); !strings.Contains(got, "OAUTHLINK_EXTERNAL_DATA_TOKEN") {
		t.Errorf("external data missing() = %q", got)
	}
}
