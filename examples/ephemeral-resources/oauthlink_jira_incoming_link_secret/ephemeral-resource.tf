resource "oauthlink_jira_incoming_link" "ci" {
  name          = "CI pipeline"
  redirect_uris = ["http://127.0.0.1:8400/callback"]
  scope         = "WRITE"

  # Nobody who reads the state can take the secret: consumers read it below.
  store_client_secret = false
}

# The current secret, for this run only: never written to plan or state.
ephemeral "oauthlink_jira_incoming_link_secret" "ci" {
  id = oauthlink_jira_incoming_link.ci.id
}

# Ephemeral values may feed provider configurations and write-only attributes,
# e.g. the connector's own provider.
locals {
  ci_credentials = {
    client_id     = ephemeral.oauthlink_jira_incoming_link_secret.ci.client_id
    client_secret = ephemeral.oauthlink_jira_incoming_link_secret.ci.client_secret
  }
}
