package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
)

// The ephemeral token is handed to the echo provider's configuration, as a token would be handed
// to another provider; only its non-secret parts are echoed into state, and the test reads the
// plan and the state to prove that neither the token nor the secret got there.
func TestAccClientCredentialsTokenEphemeral_staysOutOfPlanAndState(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	secretsCheck := noSecretsIn{secrets: []string{entra.SecretValue}}
	ephemeralTest(t, resource.TestStep{
		// The secret comes in through an ephemeral variable, as it would in real use: a literal
		// would be part of the configuration, which OpenTofu copies into the plan.
		ConfigVariables: config.Variables{"client_secret": config.StringVariable(entra.SecretValue)},
		Config: fmt.Sprintf(`
variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "oauthlink_client_credentials_token" "graph" {
  token_url     = %q
  client_id     = %q
  client_secret = var.client_secret
  scopes        = [%q]
}

provider "echo" {
  data = {
    token_type  = ephemeral.oauthlink_client_credentials_token.graph.token_type
    roles       = ephemeral.oauthlink_client_credentials_token.graph.claims.roles
    token_bytes = length(ephemeral.oauthlink_client_credentials_token.graph.access_token)
  }
}

resource "echo" "token" {}
`, entra.TokenURL(), entra.ClientID, graphScope),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secretsCheck}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("token_type"), knownvalue.StringExact("Bearer")),
			statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("roles"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("User.Read.All")})),
			statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("token_bytes"), knownvalue.NotNull()),
			secretsCheck,
		},
	})
}

func TestAccClientCredentialsTokenEphemeral_errorsAndValidation(t *testing.T) {
	entra := fakeentra.StartTenant(t)
	steps := []resource.TestStep{{
		Config:      secretToken("ephemeral", entra.TokenURL(), entra.ClientID, entra.SecretID),
		ExpectError: errorMatching("AADSTS7000215", "secret's ID"),
	}}
	// Terraform shows no location for an ephemeral resource's diagnostics: the text names the
	// attribute.
	for _, tc := range []struct {
		body string
		want *regexp.Regexp
	}{
		{`token_url = "http://login.example.com/token"
  client_id = "c"
  client_secret = "s"`, errorMatching(`token_url: "http://login.example.com/token" uses http: use https`)},
		{`token_url = "https://login.example.com/token"
  client_id = "c"
  client_secret = "s"
  scopes = ["User.Read.All", "Mail.Read offline_access"]`, errorMatching(`scopes[1]: "Mail.Read offline_access" holds white space`)},
		{`token_url = "https://login.example.com/token"
  client_id = "c"
  client_certificate = { certificate_pem = "not a certificate", private_key_pem = "not a key" }`, errorMatching("client_certificate: ")},
		{`token_url = "https://login.example.com/token"
  client_id = "c"`, errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured: [client_secret,client_certificate]")},
	} {
		steps = append(steps, resource.TestStep{
			Config:      "ephemeral \"oauthlink_client_credentials_token\" \"graph\" {\n  " + tc.body + "\n}\n",
			ExpectError: tc.want,
		})
	}
	ephemeralTest(t, steps...)
}
