package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

func TestAccProvider_invalidSettings(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	dataSource := secretToken("data", entra.TokenURL(), entra.ClientID, entra.SecretValue)

	for _, tc := range []struct {
		name, provider string
		want           *regexp.Regexp
	}{
		{"request_timeout", `request_timeout = "thirty seconds"`, errorMatching(`request_timeout: "thirty seconds" is not a duration`)},
		{"negative timeout", `request_timeout = "-1s"`, errorMatching("must be longer than zero")},
		{"max_retries", `max_retries = -1`, errorMatching("max_retries", "between 0 and 20")},
		{"jira over http", `jira = { base_url = "http://jira.example.com", token = "t" }`, errorMatching(`jira.base_url: "http://jira.example.com" uses http: use https`)},
		{"external data without a URL", `external_data = { base_url = "", api_token = "t" }`, errorMatching(`external_data.base_url: "" is not an absolute URL`)},
		{"external data oauth2 token_url", `external_data = {
    base_url = "https://ed.example.com"
    oauth2   = { token_url = "ftp://login.example.com/token", client_id = "c", client_secret = "s" }
  }`, errorMatching(`external_data.oauth2.token_url: "ftp://login.example.com/token" has scheme "ftp": use https`)},
		{"jira token and username", `jira = { base_url = "https://jira.example.com", token = "t", username = "u", password = "p" }`, errorMatching(`"jira.username" cannot be specified when "jira.token" is specified`)},
		{"jira username alone", `jira = { base_url = "https://jira.example.com", username = "u" }`, errorMatching(`"jira.password" must be specified when "jira.username" is specified`)},
		{"external data token and oauth2", `external_data = {
    base_url  = "https://ed.example.com"
    api_token = "t"
    oauth2    = { token_url = "https://login.example.com/token", client_id = "c", client_secret = "s" }
  }`, errorMatching(`"external_data.oauth2" cannot be specified when "external_data.api_token"`)},
		{"ca_cert_pem", `ca_cert_pem = "not a PEM"`, errorMatching("ca_cert_pem holds no PEM-encoded certificate", `"-----BEGIN CERTIFICATE-----" blocks.`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testOneStep(t, resource.TestStep{
				Config:      "provider \"oauthlink\" {\n  " + tc.provider + "\n}\n" + dataSource,
				ExpectError: tc.want,
			})
		})
	}
}

// Settings from the environment are checked when the provider is configured, since plan-time
// validation sees only the configuration.
func TestAccProvider_invalidEnvironment(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	t.Setenv(envJiraURL, "http://jira.example.com")
	testOneStep(t, resource.TestStep{
		Config:      secretTokenConfig(0, entra.TokenURL(), entra.ClientID, entra.SecretValue),
		ExpectError: errorMatching(`jira.base_url: "http://jira.example.com" uses http: use https`, "from the configuration or OAUTHLINK_JIRA_URL"),
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
	ctx := context.Background()
	s, diags := providerModel{}.resolve(ctx, func(k string) string { return env[k] })
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s.requestTimeout != 2*time.Minute || s.maxRetries != 7 {
		t.Errorf("timeout %s, retries %d from the environment", s.requestTimeout, s.maxRetries)
	}
	if !reflect.DeepEqual(*s.jira, jiraSettings{BaseURL: "https://jira.example.com", Token: "pat"}) || s.jira.missing() != "" {
		t.Errorf("jira %+v, missing %q", s.jira, s.jira.missing())
	}
	if s.externalData.BaseURL != "https://ed.example.com" || s.externalData.missing() != "" {
		t.Errorf("external data %+v", s.externalData)
	}

	// The configuration wins over the environment.
	configured := providerModel{
		Jira:       jiraBlock(t, map[string]attr.Value{"base_url": types.StringValue("https://other.example.com")}),
		MaxRetries: types.Int64Value(0),
	}
	s, _ = configured.resolve(ctx, func(k string) string { return env[k] })
	if s.jira.BaseURL != "https://other.example.com" || s.jira.Token != "pat" || s.maxRetries != 0 {
		t.Errorf("configuration did not win: %+v, retries %d", s.jira, s.maxRetries)
	}

	// Invalid values from the environment name the setting in the text: Terraform shows no
	// location for the provider configuration's diagnostics.
	bad := map[string]string{envRequestTimeout: "soon", envMaxRetries: "many", envExternalDataURL: "ed.example.com"}
	_, diags = providerModel{}.resolve(ctx, func(k string) string { return bad[k] })
	var details []string
	for _, d := range diags.Errors() {
		details = append(details, d.Detail())
	}
	for _, want := range []string{
		`request_timeout: "soon" is not a duration: write a number with a unit, e.g. "30s", "2m" or "1m30s" (from the configuration or OAUTHLINK_REQUEST_TIMEOUT).`,
		`max_retries: OAUTHLINK_MAX_RETRIES is "many": write a whole number from 0 to 20.`,
		`external_data.base_url: "ed.example.com" is not an absolute URL: write it with its scheme and host, e.g. https://login.example.com/path (from the configuration or OAUTHLINK_EXTERNAL_DATA_URL).`,
	} {
		if !slices.Contains(details, want) {
			t.Errorf("no error %q in %q", want, details)
		}
	}

	// Nothing anywhere: defaults, and no backend.
	s, _ = providerModel{}.resolve(ctx, func(string) string { return "" })
	if s.requestTimeout != 30*time.Second || s.maxRetries != 4 || s.jira != nil || s.externalData != nil {
		t.Errorf("defaults: %+v", s)
	}
}

// TestProviderSecretIDWarnsOncePerPlan configures external_data.oauth2 with a secret's ID, over the
// plugin protocol as the CLI does in one plan: it validates the provider configuration twice,
// then configures the provider once. The warning shows once, and names the setting in its text,
// since Terraform shows no location for the provider configuration's diagnostics.
func TestProviderSecretIDWarnsOncePerPlan(t *testing.T) {
	ctx := context.Background()
	p := startProtocolHarness(t)
	typ := p.schema.Provider.ValueType()
	externalData := typ.(tftypes.Object).AttributeTypes["external_data"]
	config := dynamicValue(t, typ, map[string]tftypes.Value{
		"external_data": objectValue(externalData, map[string]tftypes.Value{
			"base_url": tftypes.NewValue(tftypes.String, "https://ed.example.com"),
			"oauth2": objectValue(externalData.(tftypes.Object).AttributeTypes["oauth2"], map[string]tftypes.Value{
				"token_url":     tftypes.NewValue(tftypes.String, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
				"client_id":     tftypes.NewValue(tftypes.String, "app"),
				"client_secret": tftypes.NewValue(tftypes.String, "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"),
			}),
		}),
	})
	diags := onePlan(t, func() (any, error) {
		return p.server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config})
	}, func() (any, error) {
		return p.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
	})
	expectOnlyWarning(t, diags, "Client secret looks like a secret ID", "external_data.oauth2.client_secret is shaped like a GUID.")
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

// providerBlock is the value of a nested block of the provider configuration (jira,
// external_data) with the given attributes set and the others null.
func providerBlock(t *testing.T, name string, set map[string]attr.Value) types.Object {
	t.Helper()
	ctx := context.Background()
	typ := providerSchema().Attributes[name].GetType().(types.ObjectType)
	values := map[string]attr.Value{}
	for n, at := range typ.AttrTypes {
		v, ok := set[n]
		if !ok {
			var err error
			if v, err = at.ValueFromTerraform(ctx, tftypes.NewValue(at.TerraformType(ctx), nil)); err != nil {
				t.Fatal(err)
			}
		}
		values[n] = v
	}
	obj, diags := types.ObjectValue(typ.AttrTypes, values)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return obj
}

func jiraBlock(t *testing.T, set map[string]attr.Value) types.Object {
	return providerBlock(t, "jira", set)
}

// Settings known only after apply (jira.base_url = terraform_data.x.output) let the plan go on;
// only a call to the backend during plan is an error, and it names them.
func TestResolveSettingsNotKnownYet(t *testing.T) {
	ctx := context.Background()
	env := map[string]string{envJiraURL: "https://from-env.example.com", envExternalDataURL: "https://ed-from-env.example.com"}
	getenv := func(k string) string { return env[k] }
	oauth2Type := providerSchema().Attributes["external_data"].GetType().(types.ObjectType).AttrTypes["oauth2"].(types.ObjectType)
	for _, tc := range []struct {
		name         string
		model        providerModel
		unknown      string // what the call's error names
		jira         bool   // whether the call is to Jira (else External Data)
		baseURLKnown bool
	}{
		{
			name: "jira.base_url",
			model: providerModel{Jira: jiraBlock(t, map[string]attr.Value{
				"base_url": types.StringUnknown(), "token": types.StringValue("pat"),
			})},
			unknown: "jira.base_url", jira: true,
		},
		{
			name: "jira.token",
			model: providerModel{Jira: jiraBlock(t, map[string]attr.Value{
				"base_url": types.StringValue("https://jira.example.com/"), "token": types.StringUnknown(),
			})},
			unknown: "jira.token", jira: true, baseURLKnown: true,
		},
		{
			name:    "the whole jira block",
			model:   providerModel{Jira: types.ObjectUnknown(providerSchema().Attributes["jira"].GetType().(types.ObjectType).AttrTypes)},
			unknown: "jira", jira: true,
		},
		{
			name: "external_data.base_url and the oauth2 block",
			model: providerModel{ExternalData: providerBlock(t, "external_data", map[string]attr.Value{
				"base_url": types.StringUnknown(), "oauth2": types.ObjectUnknown(oauth2Type.AttrTypes),
			})},
			unknown: "external_data.base_url and external_data.oauth2",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := tc.model.resolve(ctx, getenv)
			if diags.HasError() {
				t.Fatal(diags)
			}
			data := &providerData{jira: s.jira, externalData: s.externalData}
			var callDiags []string
			if tc.jira {
				baseURL, known, diags := data.plannedJiraBaseURL()
				if diags.HasError() || known != tc.baseURLKnown || (known && baseURL != "https://jira.example.com") {
					t.Errorf("planned base URL %q, known %v, %v", baseURL, known, diags)
				}
				_, d := data.jiraClient()
				for _, e := range d.Errors() {
					callDiags = append(callDiags, e.Summary()+": "+e.Detail())
				}
			} else {
				if got := s.externalData.missing(); got != "" {
					t.Errorf("missing() = %q for settings not known yet", got)
				}
				_, d := data.externalDataClient()
				for _, e := range d.Errors() {
					callDiags = append(callDiags, e.Summary()+": "+e.Detail())
				}
			}
			if len(callDiags) != 1 || !strings.HasPrefix(callDiags[0], tc.unknown+" ") ||
				!strings.Contains(callDiags[0], "not known until apply") || !strings.Contains(callDiags[0], "-target") ||
				!strings.HasSuffix(callDiags[0], "known at plan time.") {
				t.Errorf("a call during plan: %q, want one error naming %s", callDiags, tc.unknown)
			}
			if strings.Contains(strings.Join(callDiags, ""), "from-env") {
				t.Errorf("an unknown setting fell back to the environment: %q", callDiags)
			}
		})
	}
}

// knownAfterApply is a provider block whose block.base_url comes from a terraform_data output,
// which is known only after apply, with the other settings literal.
func knownAfterApply(block, url, credential string) string {
	return fmt.Sprintf(`
resource "terraform_data" "base_url" {
  input = %q
}

provider "oauthlink" {
  %s = {
    base_url = terraform_data.base_url.output
    %s
  }
}
`, url, block, credential)
}

// TestAccProvider_jiraKnownAfterApply plans links while Jira's base URL is not known yet: what
// derives from it stays unknown until apply, which configures the provider again with the value.
// A call to Jira during plan (a data source, a refresh) fails and names the setting.
func TestAccProvider_jiraKnownAfterApply(t *testing.T) {
	jira := fakejira.Start(t)
	provider := knownAfterApply("jira", jira.URL, fmt.Sprintf("token = %q", jira.AdminToken))
	links := exchangeLinkConfig + `
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting"
  redirect_uris = ["https://r.example.com/cb"]
  scope         = "READ"
}
`
	notKnown := errorMatching("jira.base_url is not known yet", "not known until apply", "must call Jira now, during plan",
		"terraform apply -target=<that resource>", "known at plan time.")
	providerTest(t,
		resource.TestStep{
			Config: provider + links,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(outgoingAddr, tfjsonpath.New("redirect_uri")),
				plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("redirect_uri_suffix"), knownvalue.StringExact(commonSuffix)),
				plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(commonAuthorize)),
				plancheck.ExpectUnknownValue(incomingAddr, tfjsonpath.New("authorization_endpoint")),
				plancheck.ExpectUnknownValue(incomingAddr, tfjsonpath.New("token_endpoint")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("redirect_uri"),
					knownvalue.StringExact(jira.URL+"/plugins/servlet/oauth2/client/callback/"+commonSuffix)),
				statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("token_endpoint"), knownvalue.StringExact(jira.URL+"/rest/oauth2/latest/token")),
			},
		},
		resource.TestStep{
			// A new base URL, not known until apply: refreshing the links needs a call to Jira.
			Config:      strings.Replace(provider, fmt.Sprintf("%q", jira.URL), fmt.Sprintf("%q", jira.URL+"/"), 1) + links,
			ExpectError: notKnown,
		},
		resource.TestStep{
			// Back to the known value: nothing to change.
			Config: provider + links,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
	)
	// A data source reads Jira during plan.
	testOneStep(t, resource.TestStep{
		Config: provider + `
data "oauthlink_jira_outgoing_link" "exchange" {
  name = "Exchange Online"
}
`,
		ExpectError: notKnown,
	})
}

// TestAccProvider_externalDataKnownAfterApply is TestAccProvider_jiraKnownAfterApply for
// External Data.
func TestAccProvider_externalDataKnownAfterApply(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	provider := knownAfterApply("external_data", ed.URL, fmt.Sprintf("api_token = %q", ed.APIToken))
	const addr = "oauthlink_external_data_source.users"
	source := `
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Users"
  url  = { url = "https://graph.example.com/v1.0/users" }
}
`
	providerTest(t,
		resource.TestStep{
			Config: provider + source,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				if n := len(ed.List()); n != 1 {
					return fmt.Errorf("%d data sources in the service, want 1", n)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: provider + source + `
data "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Users"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	)
	testOneStep(t, resource.TestStep{
		Config: provider + `
data "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Users"
}
`,
		ExpectError: errorMatching("external_data.base_url is not known yet", "not known until apply", "must call External Data now"),
	})
}
