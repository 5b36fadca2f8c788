package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// Adopting without the secret: an object made by hand, imported with a configuration that leaves
// its secret out, is managed in every other field and keeps the secret the server holds; a secret
// configured later is sent once.

const handMadeSecret = "Q2w8Q~made.by.hand.in.the.ui"

// adoption is an object made by hand in a service's UI, with a secret, and the configurations
// that import it.
type adoption struct {
	addr string
	id   string
	// handMade is the secret the object was made with.
	handMade string
	// config is a provider block and the resource at addr, without a secret and with every field
	// as the object has it; changed changes one field other than the secret, and writeOnly sets
	// the write-only secret to var.secret with version 1.
	config func(changed, writeOnly bool) string
	// secretIs checks that the service holds want as the secret of the object id.
	secretIs func(id, want string) error
}

func (a adoption) run(t *testing.T) {
	config := func(changed, writeOnly bool) string {
		return secretVariable + a.config(changed, writeOnly) + fmt.Sprintf(`
import {
  to = %s
  id = %q
}
`, a.addr, a.id)
	}
	secretIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error { return a.secretIs(a.id, want) }
	}
	const later = "configured-later"
	writeOnlyTest(t,
		resource.TestStep{
			// The import plans no change although the configuration holds no secret.
			Config:           config(false, false),
			ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(a.addr, plancheck.ResourceActionNoop)),
			Check:            secretIs(a.handMade),
		},
		resource.TestStep{
			// Another field changes; the update carries no secret and the service keeps its own.
			Config:           config(true, false),
			ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(a.addr, plancheck.ResourceActionUpdate)),
			Check:            secretIs(a.handMade),
		},
		resource.TestStep{
			// A write-only secret configured later is sent once...
			Config:          config(true, true),
			ConfigVariables: variables(later),
			Check:           secretIs(later),
		},
		resource.TestStep{
			// ...and not again while its version stays.
			Config:           config(true, true),
			ConfigVariables:  variables("not-sent"),
			ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
			Check:            secretIs(later),
		},
	)
}

func TestAccAdoptWithoutSecret_outgoingLink(t *testing.T) {
	jira := fakejira.Start(t)
	secret := handMadeSecret
	id := jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Exchange Online", Type: "MICROSOFT", ClientID: "app-client-id", ClientSecret: &secret,
		Scopes:                []string{"offline_access", exchangeIMAPScope},
		AuthorizationEndpoint: commonAuthorize,
		TokenEndpoint:         "https://login.microsoftonline.com/common/oauth2/v2.0/token",
	})
	adoption{
		addr: outgoingAddr, id: id, handMade: handMadeSecret,
		config: func(changed, writeOnly bool) string {
			change := map[string]string{"client_secret": "", "scopes": `["offline_access", "` + exchangeIMAPScope + `"]`}
			if changed {
				change["description"] = `"Mail handler"`
			}
			if writeOnly {
				change["client_secret_wo"], change["client_secret_wo_version"] = "var.secret", "1"
			}
			return outgoingConfig(jira, change)
		},
		secretIs: jira.ExpectOutgoingSecret,
	}.run(t)
}

func TestAccAdoptWithoutSecret_externalDataBasic(t *testing.T) {
	externalData := fakeexternaldata.Start(t)
	password := "made-by-hand-password"
	source := externalData.Add(fakeexternaldata.Source{
		App: "jira", Name: "CRM", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "basic", Basic: &fakeexternaldata.Basic{Username: "svc-jira", Password: &password}},
	})
	adoption{
		addr: edAddr, id: source.ID, handMade: password,
		config: func(changed, writeOnly bool) string {
			change := map[string]string{
				"name": `"CRM"`,
				"url":  `{ url = "https://crm.example.com/api/customers" }`,
				"auth": basicAuth("svc-jira"),
			}
			if changed {
				change["url"] = `{ url = "https://crm.example.com/api/v2/customers" }`
			}
			if writeOnly {
				change["auth"] = basicAuth("svc-jira", "password_wo = var.secret", "password_wo_version = 1")
			}
			return externalData.ProviderBlock() + anySource.with(change)
		},
		secretIs: secretStoredAt(externalData, "auth.basic.password"),
	}.run(t)
}

// A create without a secret the service requires fails at plan time, naming the attribute.
func TestAccAdoptWithoutSecret_createNeedsSecret(t *testing.T) {
	jira := fakejira.Start(t)
	externalData := fakeexternaldata.Start(t)
	for name, tc := range map[string]struct {
		config string
		want   []string
	}{
		"outgoing link": {outgoingConfig(jira, map[string]string{"client_secret": ""}),
			[]string{"Missing client_secret", "set client_secret, or client_secret_wo with client_secret_wo_version"}},
		"custom header": {externalData.ProviderBlock() + anySource.with(map[string]string{"auth": `{ custom_header = { name = "X-Key" } }`}),
			[]string{"Missing auth.custom_header.value", "set auth.custom_header.value, or auth.custom_header.value_wo"}},
	} {
		t.Run(name, func(t *testing.T) { expectPlanError(t, tc.config, errorMatching(tc.want...)) })
	}
}
