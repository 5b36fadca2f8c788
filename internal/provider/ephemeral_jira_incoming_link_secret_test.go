package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// An id Jira does not know fails the open with what is missing, rather than with Jira's bare 404.
func TestAccJiraIncomingLinkSecretEphemeral_unknownID(t *testing.T) {
	j := fakejira.Start(t)
	ephemeralTest(t, resource.TestStep{
		Config: j.ProviderBlock() + `
ephemeral "oauthlink_jira_incoming_link_secret" "missing" {
  id = "4242"
}
`,
		ExpectError: errorMatching("Unable to read the secret of Jira incoming link 4242", "Jira has no incoming link with this id."),
	})
}
