package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// hex32 is the shape of the client ids Jira generates.
var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

// reportingLink is the incoming link "reporting".
var reportingLink = resourceBlock{"oauthlink_jira_incoming_link", "reporting", map[string]string{
	"name":          `"Reporting"`,
	"redirect_uris": `["https://reports.example.com/cb"]`,
	"scope":         `"READ"`,
}}

var incomingAddr = reportingLink.addr()

// incomingConfig is a provider block for jira and reportingLink with the changes.
func incomingConfig(jira *fakejira.Server, changes ...map[string]string) string {
	return jira.ProviderBlock() + reportingLink.with(changes...)
}

// stateHoldsJirasSecret checks that the state holds the client secret that Jira holds for the
// incoming link in state.
func stateHoldsJirasSecret(jira *fakejira.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inState := s.RootModule().Resources[incomingAddr].Primary
		if link, _ := jira.IncomingLink(inState.ID); inState.Attributes["client_secret"] != link.ClientSecret {
			return fmt.Errorf("state holds another secret than Jira")
		}
		return nil
	}
}

func TestAccJiraIncomingLink_lifecycle(t *testing.T) {
	jira := fakejira.Start(t)
	sameSecret := statecheck.CompareValue(compare.ValuesSame())
	newSecret := statecheck.CompareValue(compare.ValuesDiffer())
	sameClientID := statecheck.CompareValue(compare.ValuesSame())
	// Name, redirects and scope changed.
	connector := map[string]string{
		"name":          `"Reporting connector"`,
		"redirect_uris": `["https://reports.example.com/oauth/callback"]`,
		"scope":         `"WRITE"`,
	}
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             goneAfterDestroy("incoming link", &id, jira.IncomingLink),
		Steps: []resource.TestStep{
			{
				Config:           incomingConfig(jira, map[string]string{"redirect_uris": `["https://reports.example.com/cb", "http://localhost:8080/cb"]`}),
				ConfigPlanChecks: preApply(plancheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("token_endpoint"), knownvalue.StringExact(jira.URL+"/rest/oauth2/latest/token"))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("client_id"), knownvalue.StringRegexp(hex32)),
					statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("user_key"), knownvalue.StringExact("JIRAUSER10000")),
					statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("authorization_endpoint"), knownvalue.StringExact(jira.URL+"/rest/oauth2/latest/authorize")),
					sameSecret.AddStateValue(incomingAddr, tfjsonpath.New("client_secret")),
					newSecret.AddStateValue(incomingAddr, tfjsonpath.New("client_secret")),
					sameClientID.AddStateValue(incomingAddr, tfjsonpath.New("client_id")),
				},
				Check: recordID(incomingAddr, &id),
			},
			{
				// Name, redirects and scope change in place; the secret stays.
				Config:           incomingConfig(jira, connector),
				ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(incomingAddr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameSecret.AddStateValue(incomingAddr, tfjsonpath.New("client_secret")),
					sameClientID.AddStateValue(incomingAddr, tfjsonpath.New("client_id")),
				},
				Check: func(*terraform.State) error {
					link, _ := jira.IncomingLink(id)
					if link.Name != "Reporting connector" || link.Scope != "WRITE" || len(link.Redirects) != 1 {
						return fmt.Errorf("Jira holds %+v", link)
					}
					return nil
				},
			},
			{
				// Rotation: a new secret, the same client id.
				Config:           incomingConfig(jira, connector, map[string]string{"secret_rotation": `"2026-11"`}),
				ConfigPlanChecks: preApply(plancheck.ExpectUnknownValue(incomingAddr, tfjsonpath.New("client_secret"))),
				ConfigStateChecks: []statecheck.StateCheck{
					newSecret.AddStateValue(incomingAddr, tfjsonpath.New("client_secret")),
					sameClientID.AddStateValue(incomingAddr, tfjsonpath.New("client_id")),
				},
				Check: stateHoldsJirasSecret(jira),
			},
			{
				ResourceName:            incomingAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret_rotation"}, // a Terraform-side trigger, not in Jira
			},
		},
	})
}

func TestAccJiraIncomingLink_drift(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := incomingConfig(jira)
	var id string
	providerTest(t,
		resource.TestStep{Config: cfg, Check: recordID(incomingAddr, &id)},
		changedOutside(cfg, func() { jira.EditIncomingLink(id, func(l *fakejira.IncomingLink) { l.Scope = "ADMIN" }) }),
		resource.TestStep{
			// The secret was reset in Jira's UI: the refresh picks up the new one, no diff.
			PreConfig: func() {
				jira.EditIncomingLink(id, func(l *fakejira.IncomingLink) { l.Scope = "READ"; l.ClientSecret = "reset-in-ui" })
			},
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("client_secret"), knownvalue.StringExact("reset-in-ui")),
			},
		},
		deletedOutside(incomingAddr, cfg, func() { jira.DeleteIncomingLink(id) }),
		failingRead(cfg, jira.FailNext, http.StatusServiceUnavailable, errorMatching("Unable to read Jira incoming link", "Jira answered 503")),
		readRecovered(incomingAddr, cfg, jira.FailNext),
	)
}

func TestAccJiraIncomingLink_validation(t *testing.T) {
	jira := fakejira.Start(t)
	for _, tc := range []struct {
		name   string
		change map[string]string // of reportingLink's attributes
		want   string
	}{
		{"fragment", map[string]string{"redirect_uris": `["https://r.example.com/cb#frag"]`}, "has a fragment"},
		{"http remote", map[string]string{"redirect_uris": `["http://r.example.com/cb"]`}, "uses http: use https"},
		{"relative", map[string]string{"redirect_uris": `["/cb"]`}, "not an absolute URL"},
		{"scope", map[string]string{"scope": `"OWNER"`}, "value must be one of"},
		{"no redirects", map[string]string{"redirect_uris": "[]"}, "set must contain at least 1 elements"},
		{"empty name", map[string]string{"name": `""`}, "name is empty: give it a name people recognise"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			providerTest(t, resource.TestStep{Config: incomingConfig(jira, tc.change), PlanOnly: true, ExpectError: errorMatching(tc.want)})
		})
	}
}

func TestAccJiraIncomingLink_duplicateName(t *testing.T) {
	jira := fakejira.Start(t)
	testOneStep(t, resource.TestStep{
		Config: incomingConfig(jira) + resourceBlock{reportingLink.typeName, "twin", reportingLink.attributes}.with(
			map[string]string{"depends_on": "[" + incomingAddr + "]"}),
		ExpectError: errorMatching(`Unable to create Jira incoming link "Reporting"`, "Jira answered 400", "name must be unique"),
	})
}

func TestAccJiraIncomingLinkSecretEphemeral(t *testing.T) {
	jira := fakejira.Start(t)
	cfg := incomingConfig(jira, map[string]string{"name": `"CI"`, "redirect_uris": `["http://127.0.0.1:8400/cb"]`, "scope": `"WRITE"`})
	ephemeralTest(t,
		resource.TestStep{Config: cfg},
		resource.TestStep{
			// The secret goes to a provider configuration, as a connector's provider would take it;
			// only its length is echoed into state.
			Config: cfg + `
ephemeral "oauthlink_jira_incoming_link_secret" "ci" {
  id = oauthlink_jira_incoming_link.reporting.id
}

provider "echo" {
  data = {
    client_id     = ephemeral.oauthlink_jira_incoming_link_secret.ci.client_id
    secret_length = length(ephemeral.oauthlink_jira_incoming_link_secret.ci.client_secret)
  }
}

resource "echo" "ci" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.ci", tfjsonpath.New("data").AtMapKey("secret_length"), knownvalue.Int64Exact(64)),
				statecheck.CompareValuePairs(incomingAddr, tfjsonpath.New("client_id"), "echo.ci", tfjsonpath.New("data").AtMapKey("client_id"), compare.ValuesSame()),
			},
		},
	)
}

// With store_client_secret = false the secret Jira generates never reaches the state, through a
// create, a rotation or an import; the ephemeral resource still hands it on; switching back to
// true brings the current secret into state without a rotation.
func TestAccJiraIncomingLink_secretKeptOutOfState(t *testing.T) {
	jira := fakejira.Start(t)
	withStore := func(store, rotation string) string {
		return incomingConfig(jira, map[string]string{"store_client_secret": store, "secret_rotation": strconv.Quote(rotation)})
	}
	var id string
	jiraSecret := func() string {
		link, _ := jira.IncomingLink(id)
		return link.ClientSecret
	}
	secretSeen := statecheck.CompareValue(compare.ValuesDiffer())
	noSecret := statecheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("client_secret"), knownvalue.Null())
	secretsNotInState := func(s *terraform.State) error {
		for _, r := range s.RootModule().Resources {
			for name, v := range r.Primary.Attributes {
				if v == jiraSecret() {
					return fmt.Errorf("the state holds Jira's client secret in %s", name)
				}
			}
		}
		return nil
	}
	providerTest(t,
		resource.TestStep{
			Config:            withStore("false", "2026-11"),
			ConfigPlanChecks:  preApply(plancheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("client_secret"), knownvalue.Null())),
			ConfigStateChecks: []statecheck.StateCheck{noSecret},
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[incomingAddr].Primary.ID
				if jiraSecret() == "" {
					return fmt.Errorf("Jira generated no secret")
				}
				return secretsNotInState(s)
			},
		},
		resource.TestStep{
			// A rotation resets the secret in Jira, and still keeps it out of state.
			Config:            withStore("false", "2026-12"),
			ConfigPlanChecks:  preApply(plancheck.ExpectKnownValue(incomingAddr, tfjsonpath.New("client_secret"), knownvalue.Null())),
			ConfigStateChecks: []statecheck.StateCheck{noSecret},
			Check:             secretsNotInState,
		},
		resource.TestStep{
			ResourceName: incomingAddr, ImportState: true, ImportStateVerify: true,
			// An import cannot know the configuration's choice: it reads the secret as the default does.
			ImportStateVerifyIgnore: []string{"secret_rotation", "store_client_secret", "client_secret"},
		},
		resource.TestStep{
			// Storing it again brings Jira's current secret into state, without a rotation.
			Config:            withStore("true", "2026-12"),
			ConfigPlanChecks:  preApply(plancheck.ExpectUnknownValue(incomingAddr, tfjsonpath.New("client_secret"))),
			ConfigStateChecks: []statecheck.StateCheck{secretSeen.AddStateValue(incomingAddr, tfjsonpath.New("client_secret"))},
			Check:             stateHoldsJirasSecret(jira),
		},
		resource.TestStep{
			// And false again forgets it.
			Config:            withStore("false", "2026-12"),
			ConfigStateChecks: []statecheck.StateCheck{noSecret},
			Check:             secretsNotInState,
		},
	)
}
