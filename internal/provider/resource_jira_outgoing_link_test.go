package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

const (
	commonAuthorize    = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
	commonSuffix       = "FC8GQRj7OZO_j1_b6A-Eig"
	contosoAuthorize   = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
	contosoToken       = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
	exchangeIMAPScope  = "https://outlook.office.com/IMAP.AccessAsUser.All"
	exchangeSecret     = "Q2w8Q~first.secret.value"
	exchangeNextSecret = "Q2w8Q~second.secret.value"
)

// exchangeLink is the outgoing link "exchange": an Exchange Online link with a plain client_secret.
var exchangeLink = resourceBlock{"oauthlink_jira_outgoing_link", "exchange", map[string]string{
	"name":          `"Exchange Online"`,
	"client_id":     `"app-client-id"`,
	"provider_type": `"microsoft"`,
	"client_secret": strconv.Quote(exchangeSecret),
	"scopes":        `["offline_access"]`,
}}

var outgoingAddr = exchangeLink.addr()

// outgoingConfig is a provider block for jira and exchangeLink with the changes.
func outgoingConfig(jira *fakejira.Server, changes ...map[string]string) string {
	return jira.ProviderBlock() + exchangeLink.with(changes...)
}

func TestAccJiraOutgoingLink_lifecycle(t *testing.T) {
	jira := fakejira.Start(t)
	imapScopes := `["` + exchangeIMAPScope + `", "offline_access"]`
	// Every attribute but the name and the client id changed.
	contoso := map[string]string{
		"description":   `"Service desk mailbox"`,
		"provider_type": `"MICROSOFT"`,
		"tenant":        `"contoso.onmicrosoft.com"`,
		"client_secret": strconv.Quote(exchangeNextSecret),
		"scopes":        `["` + exchangeIMAPScope + `", "https://outlook.office.com/POP.AccessAsUser.All", "offline_access"]`,
	}
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             goneAfterDestroy("link", &id, jira.OutgoingLink),
		Steps: []resource.TestStep{
			{
				// The redirect URI is known at plan time, from the derived endpoint.
				Config: outgoingConfig(jira, map[string]string{"scopes": imapScopes}),
				ConfigPlanChecks: preApply(
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("redirect_uri"), knownvalue.StringExact(jira.URL+"/plugins/servlet/oauth2/client/callback/"+commonSuffix)),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(commonAuthorize)),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), knownvalue.StringExact("common")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("redirect_uri_suffix"), knownvalue.StringExact(commonSuffix)),
					statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("token_endpoint"), knownvalue.StringExact("https://login.microsoftonline.com/common/oauth2/v2.0/token")),
					statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("provider_type"), knownvalue.StringExact("microsoft")),
				},
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[outgoingAddr].Primary.ID
					return jira.ExpectOutgoingSecret(id, exchangeSecret)
				},
			},
			{
				// Every attribute changes in place; the secret is sent because it changed.
				Config: outgoingConfig(jira, contoso),
				ConfigPlanChecks: preApply(
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(contosoAuthorize)),
					// MICROSOFT is the same type: the state's spelling stays.
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("provider_type"), knownvalue.StringExact("microsoft")),
				),
				Check: func(*terraform.State) error {
					link, _ := jira.OutgoingLink(id)
					if link.Description != "Service desk mailbox" || link.TokenEndpoint != contosoToken || len(link.Scopes) != 3 {
						return fmt.Errorf("Jira holds %+v", link)
					}
					return jira.ExpectOutgoingSecret(id, exchangeNextSecret)
				},
			},
			{
				// Name, client id and description change, the secret does not: the update must
				// leave the stored secret alone.
				PreConfig: func() { jira.SetOutgoingSecret(id, "changed-in-jira") },
				Config: outgoingConfig(jira, contoso, map[string]string{
					"name": `"Exchange Online (IMAP)"`, "client_id": `"second-app-client-id"`, "description": `"Service desk mailbox (IMAP)"`,
				}),
				Check: func(*terraform.State) error {
					if link, _ := jira.OutgoingLink(id); link.Name != "Exchange Online (IMAP)" || link.ClientID != "second-app-client-id" {
						return fmt.Errorf("Jira holds %+v", link)
					}
					return jira.ExpectOutgoingSecret(id, "changed-in-jira")
				},
			},
			{
				ResourceName:      outgoingAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// Jira never returns the secret.
				ImportStateVerifyIgnore: []string{"client_secret"},
			},
			{
				ResourceName:            outgoingAddr,
				ImportState:             true,
				ImportStateId:           "name:Exchange Online (IMAP)",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret"},
			},
		},
	})
}

func TestAccJiraOutgoingLink_writeOnlySecret(t *testing.T) {
	jira := fakejira.Start(t)
	link := func(version int) string {
		return outgoingConfig(jira, map[string]string{
			"provider_type":            `"google"`,
			"client_secret":            "",
			"client_secret_wo":         "var.secret",
			"client_secret_wo_version": strconv.Itoa(version),
			"scopes":                   `["https://mail.google.com/"]`,
		})
	}
	writeOnlyTest(t, writeOnlyRotationSteps(outgoingAddr, link, jira.ExpectOutgoingSecret,
		statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(googleAuthorizationEndpoint)),
		statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), knownvalue.Null()),
	)...)
}

func TestAccJiraOutgoingLink_drift(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := outgoingConfig(jira)
	var id string
	providerTest(t,
		resource.TestStep{Config: cfg, Check: recordID(outgoingAddr, &id)},
		// Someone adds a scope in Jira's UI: the plan shows it.
		changedOutside(cfg, func() {
			jira.EditOutgoingLink(id, func(l *fakejira.OutgoingLink) { l.Scopes = append(l.Scopes, "https://outlook.office.com/SMTP.Send") })
		}),
		resource.TestStep{
			// Applying restores the configuration.
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("offline_access")})),
			},
		},
		// Someone deletes the link in Jira: the plan recreates it.
		deletedOutside(outgoingAddr, cfg, func() { jira.DeleteOutgoingLink(id) }),
	)
}

func TestAccJiraOutgoingLink_serverErrorDuringReadKeepsState(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := outgoingConfig(jira)
	providerTest(t,
		resource.TestStep{Config: cfg},
		failingRead(cfg, jira.FailNext, http.StatusInternalServerError, errorMatching("Unable to read Jira outgoing link", "Jira answered 500")),
		// Jira is back: the link is still in state, so nothing is created again.
		readRecovered(outgoingAddr, cfg, jira.FailNext, func(*terraform.State) error {
			if n := jira.CountRequests(http.MethodPost, "/rest/oauth2-client/latest/config"); n != 1 {
				return fmt.Errorf("%d creates, want 1", n)
			}
			return nil
		}),
	)
}

func TestAccJiraOutgoingLink_createFailingAfterJiraSavedIt(t *testing.T) {
	jira := fakejira.Start(t)
	// Jira saves the link, then the answer is lost (a proxy answers 502).
	jira.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)
	testOneStep(t, resource.TestStep{
		Config: outgoingConfig(jira),
		Check: func(*terraform.State) error {
			if n := len(jira.OutgoingLinks()); n != 1 {
				return fmt.Errorf("Jira holds %d links, want 1", n)
			}
			return nil
		},
	})
}

func TestAccJiraOutgoingLink_jiraErrors(t *testing.T) {
	jira := fakejira.Start(t)
	jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Exchange Online", Type: "MICROSOFT", ClientID: "other", AuthorizationEndpoint: commonAuthorize,
		TokenEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/token", Scopes: []string{"offline_access"},
	})
	providerTest(t,
		resource.TestStep{
			Config:      outgoingConfig(jira),
			ExpectError: errorMatching(`Unable to create Jira outgoing link "Exchange Online"`, "Jira answered 400", "name:"),
		},
		resource.TestStep{
			Config: fmt.Sprintf(`
provider "oauthlink" {
  jira = { base_url = %q, token = "not-an-admin" }
}
`, jira.URL) + exchangeLink.with(map[string]string{"name": `"Another"`}),
			ExpectError: errorMatching("Jira answered 401", "needs a Jira system administrator"),
		},
	)
}

func TestAccJiraOutgoingLink_validation(t *testing.T) {
	jira := fakejira.Start(t)
	long := strings.Repeat("n", 256)
	for _, tc := range []struct {
		name   string
		change map[string]string // of exchangeLink's attributes
		want   *regexp.Regexp
	}{
		{"generic without endpoints", map[string]string{"provider_type": `"generic"`},
			errorMatching("Missing authorization_endpoint", "generic (custom) provider has no endpoints")},
		{"tenant with google", map[string]string{"provider_type": `"google"`, "tenant": `"common"`}, errorMatching("tenant applies to Microsoft only")},
		{"bad tenant", map[string]string{"tenant": `"contoso"`}, errorMatching("Invalid tenant", `tenant "contoso" is not a tenant ID`)},
		{"unknown provider type", map[string]string{"provider_type": `"okta"`}, errorMatching("provider_type", "value must be one of")},
		{"http endpoint", map[string]string{
			"provider_type":          `"generic"`,
			"authorization_endpoint": `"http://idp.example.com/authorize"`,
			"token_endpoint":         `"https://idp.example.com/token"`,
		}, errorMatching("uses http: use https")},
		{"no scopes", map[string]string{"scopes": "[]"}, errorMatching("scopes", "set must contain at least 1 elements")},
		{"both secrets", map[string]string{"client_secret_wo": `"s"`, "client_secret_wo_version": "1"}, errorMatching("Invalid Attribute Combination")},
		{"no secret", map[string]string{"client_secret": ""},
			errorMatching("Missing client_secret", "Creating a Jira outgoing link needs its client_secret: set client_secret, or client_secret_wo with client_secret_wo_version")},
		{"long description", map[string]string{"description": strconv.Quote(long)},
			errorMatching("Invalid length", "description is 256 characters long as Jira counts them", "at most 255 are allowed: shorten it.")},
	} {
		t.Run(tc.name, func(t *testing.T) { expectPlanError(t, outgoingConfig(jira, tc.change), tc.want) })
	}
}

func TestAccJiraOutgoingLink_jiraNotConfigured(t *testing.T) {
	testOneStep(t, resource.TestStep{
		Config:      exchangeLink.with(),
		ExpectError: errorMatching("Jira is not configured", "jira.base_url (or OAUTHLINK_JIRA_URL)"),
	})
}

func TestAccJiraOutgoingLinkDataSource(t *testing.T) {
	jira := fakejira.Start(t)
	id := jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Created in Jira", Type: "MICROSOFT", ClientID: "c", AuthorizationEndpoint: contosoAuthorize, TokenEndpoint: contosoToken,
		Scopes: []string{"offline_access", exchangeIMAPScope},
	})
	checks := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("provider_type"), knownvalue.StringExact("microsoft")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("tenant"), knownvalue.StringExact("contoso.onmicrosoft.com")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("redirect_uri"), knownvalue.StringRegexp(regexp.MustCompile(`/plugins/servlet/oauth2/client/callback/[A-Za-z0-9_-]{22}$`))),
		}
	}
	providerTest(t,
		resource.TestStep{
			Config: jira.ProviderBlock() + `
data "oauthlink_jira_outgoing_link" "by_name" {
  name = "Created in Jira"
}
data "oauthlink_jira_outgoing_link" "by_id" {
  id = "` + id + `"
}
`,
			ConfigStateChecks: append(checks("data.oauthlink_jira_outgoing_link.by_name"), checks("data.oauthlink_jira_outgoing_link.by_id")...),
		},
		resource.TestStep{
			Config: jira.ProviderBlock() + `
data "oauthlink_jira_outgoing_link" "missing" {
  name = "Nobody made this"
}
`,
			ExpectError: errorMatching(`Jira has no outgoing link with this name "Nobody made this"`),
		},
	)
}

// TestAccJiraOutgoingLink_importPlansNoChange creates a GCC High link as the mail handler guide
// writes it, with the endpoints from entra_endpoints and no tenant, its type spelled "Microsoft",
// then imports it by name with that configuration (without the secret, which Jira never
// returns): the import must plan no change, neither the tenant nor the type's case.
func TestAccJiraOutgoingLink_importPlansNoChange(t *testing.T) {
	jira := fakejira.Start(t)
	link := func(secret string) string {
		return outgoingConfig(jira, map[string]string{
			"provider_type":          `"Microsoft"`,
			"authorization_endpoint": `provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov").authorization_endpoint`,
			"token_endpoint":         `provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov").token_endpoint`,
			"scopes":                 `["https://outlook.office365.us/IMAP.AccessAsUser.All", "offline_access"]`,
			"client_secret":          secret,
		})
	}
	tenant := knownvalue.StringExact("contoso.onmicrosoft.us")
	versionedTest(t, tfversion.SkipBelow(tfversion.Version1_8_0),
		resource.TestStep{
			Config:           link(strconv.Quote(exchangeSecret)),
			ConfigPlanChecks: preApply(plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), tenant)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), tenant),
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("provider_type"), knownvalue.StringExact("Microsoft")),
			},
		},
		// The configuration without the secret, which an import cannot read back; the link
		// keeps the secret Jira holds.
		resource.TestStep{Config: link("")},
		resource.TestStep{
			// An import block planned against the last configuration (plugin-testing adds the
			// terraform block that the provider function needs only to a step's own
			// configuration): plugin-testing fails on any action besides the import.
			ResourceName:    outgoingAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   "name:Exchange Online",
		},
	)
}

// TestJiraOutgoingLinkWarnings checks the warnings of a plan about the mistakes that make a
// Microsoft link fail only when the mail handler uses it, each exactly once per plan.
func TestJiraOutgoingLinkWarnings(t *testing.T) {
	t.Setenv(envJiraURL, "https://jira.example.com")
	t.Setenv(envJiraToken, "admin-token")
	p := newProtocolHarness(t)
	const (
		guid        = "6f1c2b8e-4a1d-4c3e-9b7a-2d5e8f0a1b3c"
		usAuthorize = "https://login.microsoftonline.us/" + guid + "/oauth2/v2.0/authorize"
		usToken     = "https://login.microsoftonline.us/" + guid + "/oauth2/v2.0/token"
		noOffline   = "Scopes lack offline_access"
		bareScope   = "Exchange Online scope without its resource"
		otherCloud  = "Entra endpoints in another cloud than the tenant"
		secretID    = "Client secret looks like a secret ID"
	)
	for _, tc := range []struct {
		name       string
		attributes map[string]string
		unknown    []string // attributes known only after apply
		scopes     []string
		want       []warning
	}{
		{
			name:   "no offline_access",
			scopes: []string{exchangeIMAPScope},
			want: []warning{{noOffline, "Jira cannot renew the access token and the mail handler stops about an hour after the link " +
				"is authorised, when the first token expires. Add \"offline_access\" to scopes."}},
		},
		{
			name: "generic link without offline_access",
			attributes: map[string]string{
				"provider_type": "generic", "authorization_endpoint": "https://idp.example.com/authorize", "token_endpoint": "https://idp.example.com/token",
			},
			scopes: []string{"read"},
		},
		{
			name:   "bare Exchange Online scopes in any case",
			scopes: []string{"imap.accessasuser.all", "POP.AccessAsUser.All", "offline_access"},
			want: []warning{{bareScope, `Write "https://outlook.office.com/IMAP.AccessAsUser.All" instead of "imap.accessasuser.all", ` +
				`and "https://outlook.office.com/POP.AccessAsUser.All" instead of "POP.AccessAsUser.All".`}},
		},
		{
			name:       "bare Exchange Online scope in GCC High",
			attributes: map[string]string{"authorization_endpoint": usAuthorize, "token_endpoint": usToken},
			scopes:     []string{"IMAP.AccessAsUser.All", "offline_access"},
			want: []warning{{bareScope, `Write "https://outlook.office365.us/IMAP.AccessAsUser.All" instead of "IMAP.AccessAsUser.All" ` +
				`(Exchange Online in the US Government cloud).`}},
		},
		{
			name:       "GCC High tenant with the derived worldwide endpoints",
			attributes: map[string]string{"tenant": "contoso.onmicrosoft.us"},
			scopes:     []string{"https://outlook.office365.us/IMAP.AccessAsUser.All", "offline_access"},
			want: []warning{{otherCloud, `tenant "contoso.onmicrosoft.us" belongs to the US Government cloud, but authorization_endpoint ` +
				`and token_endpoint are on login.microsoftonline.com (the worldwide cloud): Entra knows a tenant in its own cloud ` +
				`only and answers AADSTS90002 (tenant not found). Endpoints left unset are derived for the worldwide cloud. Set ` +
				`authorization_endpoint and token_endpoint from provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov") ` +
				`or provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov_dod"), whichever cloud the tenant is in.`}},
		},
		{
			name: "worldwide tenant on China endpoints",
			attributes: map[string]string{
				"authorization_endpoint": "https://login.partner.microsoftonline.cn/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
				"token_endpoint":         "https://login.partner.microsoftonline.cn/contoso.onmicrosoft.com/oauth2/v2.0/token",
			},
			scopes: []string{"https://partner.outlook.cn/IMAP.AccessAsUser.All", "offline_access"},
			want: []warning{{otherCloud, `the tenant "contoso.onmicrosoft.com" named in the endpoints belongs to the worldwide cloud, ` +
				`but authorization_endpoint and token_endpoint are on login.partner.microsoftonline.cn (the China cloud)`}},
		},
		{
			name:       "endpoints in two clouds",
			attributes: map[string]string{"authorization_endpoint": usAuthorize},
			scopes:     []string{"https://outlook.office365.us/IMAP.AccessAsUser.All", "offline_access"},
			want: []warning{{otherCloud, `authorization_endpoint is on login.microsoftonline.us (the US Government cloud) but ` +
				`token_endpoint is on login.microsoftonline.com (the worldwide cloud): Entra knows a tenant in its own cloud only, so ` +
				`one of them answers AADSTS90002 (tenant not found). Endpoints left unset are derived for the worldwide cloud. Set ` +
				`authorization_endpoint and token_endpoint from provider::oauthlink::entra_endpoints("` + guid + `", cloud), with the ` +
				`tenant's cloud: "public", "usgov", "usgov_dod" or "china".`}},
		},
		{
			name:       "GCC High as the mail handler guide writes it",
			attributes: map[string]string{"authorization_endpoint": usAuthorize, "token_endpoint": usToken},
			scopes:     []string{"https://outlook.office365.us/IMAP.AccessAsUser.All", "offline_access"},
		},
		{
			name:       "GCC: a custom .us domain on the worldwide endpoints",
			attributes: map[string]string{"tenant": "contoso.us"},
			scopes:     []string{exchangeIMAPScope, "offline_access"},
		},
		{
			name:       "the secret's ID as client_secret",
			attributes: map[string]string{"client_secret": guid},
			scopes:     []string{exchangeIMAPScope, "offline_access"},
			want:       []warning{{secretID, "client_secret is shaped like a GUID."}},
		},
		{
			name:    "scopes known only after apply",
			unknown: []string{"scopes"},
		},
		{
			name:       "an endpoint known only after apply",
			attributes: map[string]string{"token_endpoint": usToken},
			unknown:    []string{"authorization_endpoint"},
			scopes:     []string{"https://outlook.office365.us/IMAP.AccessAsUser.All", "offline_access"},
		},
		{
			name:       "all at once",
			attributes: map[string]string{"tenant": "contoso.onmicrosoft.us"},
			scopes:     []string{"IMAP.AccessAsUser.All"},
			want: []warning{
				{noOffline, "Add \"offline_access\" to scopes."},
				{bareScope, `Write "https://outlook.office365.us/IMAP.AccessAsUser.All" instead of "IMAP.AccessAsUser.All"`},
				{otherCloud, `tenant "contoso.onmicrosoft.us" belongs to the US Government cloud`},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]tftypes.Value{
				"name":          tftypes.NewValue(tftypes.String, "Exchange Online"),
				"provider_type": tftypes.NewValue(tftypes.String, "Microsoft"),
				"client_id":     tftypes.NewValue(tftypes.String, "app-client-id"),
				"client_secret": tftypes.NewValue(tftypes.String, exchangeSecret),
			}
			for name, value := range tc.attributes {
				set[name] = tftypes.NewValue(tftypes.String, value)
			}
			scopes := make([]tftypes.Value, len(tc.scopes))
			for i, scope := range tc.scopes {
				scopes[i] = tftypes.NewValue(tftypes.String, scope)
			}
			set["scopes"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, scopes)
			for _, name := range tc.unknown {
				typ := p.schema.ResourceSchemas["oauthlink_jira_outgoing_link"].ValueType().(tftypes.Object).AttributeTypes[name]
				set[name] = tftypes.NewValue(typ, tftypes.UnknownValue)
			}

			diags := planDiagnostics(t, p, "oauthlink_jira_outgoing_link", set)
			expectOnlyWarnings(t, diags, tc.want)
			for _, d := range diags {
				if !strings.HasSuffix(d.Detail, ".") || strings.HasSuffix(d.Detail, "..") {
					t.Errorf("diagnostic %s %q does not end with one full stop: %s", d.Severity, d.Summary, d.Detail)
				}
			}
		})
	}
}

// TestAccJiraOutgoingLink_warningsOncePerPlan runs the CLI's plan on a link that earns every
// warning and counts them in its JSON output, where the CLI does not fold repeated warnings
// together as it does on the terminal.
func TestAccJiraOutgoingLink_warningsOncePerPlan(t *testing.T) {
	jira := fakejira.Start(t)
	d := newCLIDir(t, envJiraURL+"="+jira.URL, envJiraToken+"="+jira.AdminToken)
	d.write("main.tf", requireOAuthlink+exchangeLink.with(map[string]string{
		"tenant":        `"contoso.onmicrosoft.us"`,
		"client_secret": `"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"`,
		"scopes":        `["IMAP.AccessAsUser.All"]`,
	}))
	d.expectEachWarningOnce("Scopes lack offline_access", "Exchange Online scope without its resource",
		"Entra endpoints in another cloud than the tenant", "Client secret looks like a secret ID")
}

func TestUnsetTenant(t *testing.T) {
	null, unknown := types.StringNull(), types.StringUnknown()
	for _, tc := range []struct {
		name                 string
		providerType         string
		authorization, token types.String
		want                 types.String
	}{
		{"no endpoints", "microsoft", null, null, types.StringValue("common")},
		{"authorization endpoint", "microsoft", types.StringValue("https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/authorize"), null,
			types.StringValue("contoso.onmicrosoft.us")},
		{"token endpoint only", "microsoft", null, types.StringValue(contosoToken), types.StringValue("contoso.onmicrosoft.com")},
		{"endpoints that are not Entra's", "microsoft", types.StringValue("https://proxy.example.com/authorize"), null, null},
		{"an endpoint known after apply", "microsoft", unknown, null, unknown},
		{"google", "google", null, null, null},
	} {
		if got := unsetTenant(tc.providerType, tc.authorization, tc.token); !got.Equal(tc.want) {
			t.Errorf("%s: unsetTenant = %s, want %s", tc.name, got, tc.want)
		}
	}
}
