package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
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
	outgoingAddr       = "oauthlink_jira_outgoing_link.exchange"
	commonAuthorize    = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
	commonSuffix       = "FC8GQRj7OZO_j1_b6A-Eig"
	contosoAuthorize   = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
	contosoToken       = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
	exchangeIMAPScope  = "https://outlook.office.com/IMAP.AccessAsUser.All"
	exchangeSecret     = "Q2w8Q~first.secret.value"
	exchangeNextSecret = "Q2w8Q~second.secret.value"
)

// outgoingConfig is an Exchange Online link; body holds the attributes that vary.
func outgoingConfig(jira *fakejira.Server, body string) string {
	return jira.ProviderBlock() + `
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online"
  client_id     = "app-client-id"
` + body + `
}
`
}

func TestAccJiraOutgoingLink_lifecycle(t *testing.T) {
	jira := fakejira.Start(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy: func(*terraform.State) error {
			if _, ok := jira.OutgoingLink(id); ok {
				return fmt.Errorf("link %s still exists after destroy", id)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// The redirect URI is known at plan time, from the derived endpoint.
				Config: outgoingConfig(jira, `
  provider_type = "microsoft"
  client_secret = "`+exchangeSecret+`"
  scopes        = ["`+exchangeIMAPScope+`", "offline_access"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("redirect_uri"), knownvalue.StringExact(jira.URL+"/plugins/servlet/oauth2/client/callback/"+commonSuffix)),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(commonAuthorize)),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), knownvalue.StringExact("common")),
				}},
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
				Config: outgoingConfig(jira, `
  description   = "Service desk mailbox"
  provider_type = "MICROSOFT"
  tenant        = "contoso.onmicrosoft.com"
  client_secret = "`+exchangeNextSecret+`"
  scopes        = ["`+exchangeIMAPScope+`", "https://outlook.office.com/POP.AccessAsUser.All", "offline_access"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(contosoAuthorize)),
				}},
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
				Config: strings.NewReplacer(`"Exchange Online"`, `"Exchange Online (IMAP)"`, `"app-client-id"`, `"second-app-client-id"`).Replace(outgoingConfig(jira, `
  description   = "Service desk mailbox (IMAP)"
  provider_type = "MICROSOFT"
  tenant        = "contoso.onmicrosoft.com"
  client_secret = "`+exchangeNextSecret+`"
  scopes        = ["`+exchangeIMAPScope+`", "https://outlook.office.com/POP.AccessAsUser.All", "offline_access"]`)),
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
				// Jira never returns the secret; the configuration spells the type MICROSOFT, the
				// import reads Jira's answer, normalised (checked below).
				ImportStateVerifyIgnore: []string{"client_secret", "provider_type"},
				ImportStateCheck:        expectImportedProviderType("microsoft"),
			},
			{
				ResourceName:            outgoingAddr,
				ImportState:             true,
				ImportStateId:           "name:Exchange Online (IMAP)",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret", "provider_type"},
			},
		},
	})
}

func expectImportedProviderType(want string) resource.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		if got := states[0].Attributes["provider_type"]; got != want {
			return fmt.Errorf("imported provider_type %q, want %q", got, want)
		}
		return nil
	}
}

func TestAccJiraOutgoingLink_writeOnlySecret(t *testing.T) {
	jira := fakejira.Start(t)
	var id string
	step := func(version int, secret string, wantStored string) resource.TestStep {
		return resource.TestStep{
			ConfigVariables: config.Variables{"secret": config.StringVariable(secret)},
			Config: `
variable "secret" {
  type      = string
  ephemeral = true
  sensitive = true
}
` + outgoingConfig(jira, fmt.Sprintf(`
  provider_type            = "google"
  client_secret_wo         = var.secret
  client_secret_wo_version = %d
  scopes                   = ["https://mail.google.com/"]`, version)),
			ConfigStateChecks: []statecheck.StateCheck{
				noSecretsIn{secrets: []string{secret}},
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(googleAuthorizationEndpoint)),
				statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("tenant"), knownvalue.Null()),
			},
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[outgoingAddr].Primary.ID
				return jira.ExpectOutgoingSecret(id, wantStored)
			},
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			step(1, "first-wo-secret", "first-wo-secret"),
			// A new value without a new version is not sent: write-only values are never compared.
			step(1, "second-wo-secret", "first-wo-secret"),
			// Rotation: the version changes, the new secret goes to Jira.
			step(2, "second-wo-secret", "second-wo-secret"),
		},
	})
}

func TestAccJiraOutgoingLink_drift(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := outgoingConfig(jira, `
  provider_type = "microsoft"
  client_secret = "`+exchangeSecret+`"
  scopes        = ["offline_access"]`)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[outgoingAddr].Primary.ID
					return nil
				},
			},
			{
				// Someone adds a scope in Jira's UI: the plan shows it.
				PreConfig: func() {
					jira.EditOutgoingLink(id, func(l *fakejira.OutgoingLink) { l.Scopes = append(l.Scopes, "https://outlook.office.com/SMTP.Send") })
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// Applying restores the configuration.
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(outgoingAddr, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("offline_access")})),
				},
			},
			{
				// Someone deletes the link in Jira: the plan recreates it.
				PreConfig: func() { jira.DeleteOutgoingLink(id) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccJiraOutgoingLink_serverErrorDuringReadKeepsState(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := outgoingConfig(jira, `
  provider_type = "microsoft"
  client_secret = "`+exchangeSecret+`"
  scopes        = ["offline_access"]`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { jira.FailNext(100, http.StatusInternalServerError) },
				Config:      cfg,
				ExpectError: errorMatching("Unable to read Jira outgoing link", "Jira answered 500"),
			},
			{
				// Jira is back: the link is still in state, so nothing is created again.
				PreConfig: func() { jira.FailNext(0, 0) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error {
					if n := jira.CountRequests(http.MethodPost, "/rest/oauth2-client/latest/config"); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccJiraOutgoingLink_createFailingAfterJiraSavedIt(t *testing.T) {
	jira := fakejira.Start(t)
	// Jira saves the link, then the answer is lost (a proxy answers 502).
	jira.FailNextAfterHandling(1, http.MethodPost, http.StatusBadGateway)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: outgoingConfig(jira, `
  provider_type = "microsoft"
  client_secret = "`+exchangeSecret+`"
  scopes        = ["offline_access"]`),
			Check: func(*terraform.State) error {
				if n := len(jira.OutgoingLinks()); n != 1 {
					return fmt.Errorf("Jira holds %d links, want 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccJiraOutgoingLink_jiraErrors(t *testing.T) {
	jira := fakejira.Start(t)
	jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Exchange Online", Type: "MICROSOFT", ClientID: "other", AuthorizationEndpoint: commonAuthorize,
		TokenEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/token", Scopes: []string{"offline_access"},
	})
	body := `
  provider_type = "microsoft"
  client_secret = "s"
  scopes        = ["offline_access"]`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config:      outgoingConfig(jira, body),
				ExpectError: errorMatching(`Unable to create Jira outgoing link "Exchange Online"`, "Jira answered 400", "name:"),
			},
			{
				Config: fmt.Sprintf(`
provider "oauthlink" {
  jira = { base_url = %q, token = "not-an-admin" }
}
resource "oauthlink_jira_outgoing_link" "exchange" {
  name      = "Another"
  client_id = "c"
%s
}
`, jira.URL, body),
				ExpectError: errorMatching("Jira answered 401", "needs a Jira system administrator"),
			},
		},
	})
}

func TestAccJiraOutgoingLink_validation(t *testing.T) {
	jira := fakejira.Start(t)
	long := regexp.MustCompile(`.`).ReplaceAllString(fmt.Sprintf("%0256d", 0), "n")
	for _, tc := range []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"generic without endpoints", `
  provider_type = "generic"
  client_secret = "s"
  scopes        = ["read"]`, errorMatching("Missing authorization_endpoint", "generic (custom) provider has no endpoints")},
		{"tenant with google", `
  provider_type = "google"
  tenant        = "common"
  client_secret = "s"
  scopes        = ["read"]`, errorMatching("tenant applies to Microsoft only")},
		{"bad tenant", `
  provider_type = "microsoft"
  tenant        = "contoso"
  client_secret = "s"
  scopes        = ["read"]`, errorMatching("Invalid tenant", `tenant "contoso" is not a tenant ID`)},
		{"unknown provider type", `
  provider_type = "okta"
  client_secret = "s"
  scopes        = ["read"]`, errorMatching("provider_type", "value must be one of")},
		{"http endpoint", `
  provider_type          = "generic"
  authorization_endpoint = "http://idp.example.com/authorize"
  token_endpoint         = "https://idp.example.com/token"
  client_secret          = "s"
  scopes                 = ["read"]`, errorMatching("uses http: use https")},
		{"no scopes", `
  provider_type = "microsoft"
  client_secret = "s"
  scopes        = []`, errorMatching("scopes", "set must contain at least 1 elements")},
		{"both secrets", `
  provider_type            = "microsoft"
  client_secret            = "s"
  client_secret_wo         = "s"
  client_secret_wo_version = 1
  scopes                   = ["read"]`, errorMatching("Invalid Attribute Combination")},
		{"no secret", `
  provider_type = "microsoft"
  scopes        = ["read"]`, errorMatching("Missing client_secret", "Creating a Jira outgoing link needs its client_secret: set client_secret, or client_secret_wo with client_secret_wo_version")},
		{"long description", `
  provider_type = "microsoft"
  description   = "` + long + `"
  client_secret = "s"
  scopes        = ["read"]`, errorMatching("Invalid length", "description is 256 characters long as Jira counts them", "at most 255 are allowed: shorten it.")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				ProtoV6ProviderFactories: providerFactories(),
				Steps:                    []resource.TestStep{{Config: outgoingConfig(jira, tc.body), PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
}

func TestAccJiraOutgoingLink_jiraNotConfigured(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: `
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online"
  provider_type = "microsoft"
  client_id     = "c"
  client_secret = "s"
  scopes        = ["offline_access"]
}
`,
			ExpectError: errorMatching("Jira is not configured", "jira.base_url (or OAUTHLINK_JIRA_URL)"),
		}},
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
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
			{
				Config: jira.ProviderBlock() + `
data "oauthlink_jira_outgoing_link" "missing" {
  name = "Nobody made this"
}
`,
				ExpectError: errorMatching(`Jira has no outgoing link with this name "Nobody made this"`),
			},
		},
	})
}
