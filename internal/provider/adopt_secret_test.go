package provider

import (
	"fmt"

	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// Adopting without the secret: an object made by hand, imported with a configuration that leaves
// its secret out, is managed in every other field and keeps the secret the server holds; a secret
// configured later is sent once.

const handMadeSecret = "Q2w8Q~made.by.hand.in.the.ui"

// secretVariable declares the ephemeral variable the write-only steps read.
const secretVariable = `
variable "secret" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

func TestAccAdoptWithoutSecret_outgoingLink(t *testing.T) {
	jira := fakejira.Start(t)
	secret := handMadeSecret
	id := jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Exchange Online", Type: "MICROSOFT", ClientID: "app-client-id", ClientSecret: &secret,
		Scopes:                []string{"offline_access", exchangeIMAPScope},
		AuthorizationEndpoint: commonAuthorize,
		TokenEndpoint:         "https://login.microsoftonline.com/common/oauth2/v2.0/token",
	})
	link := func(description, secretAttributes string) string {
		return secretVariable + jira.ProviderBlock() + fmt.Sprintf(`
import {
  to = oauthlink_jira_outgoing_link.exchange
  id = %q
}

resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online"
  description   = %s
  provider_type = "microsoft"
  client_id     = "app-client-id"
  scopes        = ["offline_access", %q]
%s
}
`, id, description, exchangeIMAPScope, secretAttributes)
	}
	secretIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error { return jira.ExpectOutgoingSecret(id, want) }
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				// The import plans no change although the configuration holds no secret.
				Config: link("null", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionNoop),
				}},
				Check: secretIs(handMadeSecret),
			},
			{
				// Another field changes; the PUT carries no secret and Jira keeps its own.
				Config: link(`"Mail handler"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(outgoingAddr, plancheck.ResourceActionUpdate),
				}},
				Check: secretIs(handMadeSecret),
			},
			{
				// A write-only secret configured later is sent once...
				Config:          link(`"Mail handler"`, "  client_secret_wo = var.secret\n  client_secret_wo_version = 1"),
				ConfigVariables: config.Variables{"secret": config.StringVariable(exchangeNextSecret)},
				Check:           secretIs(exchangeNextSecret),
			},
			{
				// ...and not again while its version stays.
				Config:          link(`"Mail handler"`, "  client_secret_wo = var.secret\n  client_secret_wo_version = 1"),
				ConfigVariables: config.Variables{"secret": config.StringVariable("not-sent")},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: secretIs(exchangeNextSecret),
			},
		},
	})
}

func TestAccAdoptWithoutSecret_externalDataBasic(t *testing.T) {
	externalData := fakeexternaldata.Start(t)
	password := "made-by-hand-password"
	source := externalData.Add(fakeexternaldata.Source{
		App: "jira", Name: "CRM", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "basic", Basic: &fakeexternaldata.Basic{Username: "svc-jira", Password: &password}},
	})
	const addr = "oauthlink_external_data_source.crm"
	crm := func(url, secretAttributes string) string {
		return secretVariable + externalData.ProviderBlock() + fmt.Sprintf(`
import {
  to = %s
  id = %q
}

resource "oauthlink_external_data_source" "crm" {
  app  = "jira"
  name = "CRM"
  url  = { url = %q }
  auth = {
    basic = {
      username = "svc-jira"
%s
    }
  }
}
`, addr, source.ID, url, secretAttributes)
	}
	passwordIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got, _ := externalData.Secret(source.ID, "auth.basic.password"); got != want {
				return fmt.Errorf("the service holds password %q, want %q", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: crm("https://crm.example.com/api/customers", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
				Check: passwordIs(password),
			},
			{
				// The update omits the password; the service keeps it.
				Config: crm("https://crm.example.com/api/v2/customers", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: passwordIs(password),
			},
			{
				Config:          crm("https://crm.example.com/api/v2/customers", "      password_wo = var.secret\n      password_wo_version = 1"),
				ConfigVariables: config.Variables{"secret": config.StringVariable("rotated-password")},
				Check:           passwordIs("rotated-password"),
			},
			{
				Config:          crm("https://crm.example.com/api/v2/customers", "      password_wo = var.secret\n      password_wo_version = 1"),
				ConfigVariables: config.Variables{"secret": config.StringVariable("not-sent")},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: passwordIs("rotated-password"),
			},
		},
	})
}

// A create without a secret the service requires fails at plan time, naming the attribute.
func TestAccAdoptWithoutSecret_createNeedsSecret(t *testing.T) {
	jira := fakejira.Start(t)
	externalData := fakeexternaldata.Start(t)
	for name, tc := range map[string]struct {
		config string
		want   []string
	}{
		"outgoing link": {outgoingConfig(jira, `
  provider_type = "microsoft"
  scopes        = ["offline_access"]`), []string{"Missing client_secret", "set client_secret, or client_secret_wo with client_secret_wo_version"}},
		"custom header": {externalData.ProviderBlock() + `
resource "oauthlink_external_data_source" "x" {
  app  = "jira"
  name = "x"
  url  = { url = "https://example.com/" }
  auth = { custom_header = { name = "X-Key" } }
}`, []string{"Missing auth.custom_header.value", "set auth.custom_header.value, or auth.custom_header.value_wo"}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				ProtoV6ProviderFactories: providerFactories(),
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: errorMatching(tc.want...)}},
			})
		})
	}
}
