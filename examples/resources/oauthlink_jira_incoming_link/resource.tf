# A reporting connector calls Jira's REST API with OAuth 2.0 authorization code
# grants; Jira generates its client ID and secret.
resource "oauthlink_jira_incoming_link" "reporting" {
  name = "Reporting connector"
  redirect_uris = [
    "https://reports.example.com/oauth/callback",
    "http://localhost:8080/callback",
  ]
  scope = "READ"

  # Change to have Jira issue a new client secret.
  secret_rotation = "2026-11"
}

output "reporting_oauth" {
  value = {
    client_id              = oauthlink_jira_incoming_link.reporting.client_id
    authorization_endpoint = oauthlink_jira_incoming_link.reporting.authorization_endpoint
    token_endpoint         = oauthlink_jira_incoming_link.reporting.token_endpoint
  }
}

# The connector's first sign-in, with the authorization code grant and PKCE: an
# administrator opens this link, and the connector sends the code to
# token_endpoint with the verifier itself as code_verifier.
variable "code_verifier" {
  description = "A fresh PKCE code verifier, 43 to 128 characters of A-Z a-z 0-9 - . _ ~, e.g. from: openssl rand -base64 48 | tr '+/' '-_' | tr -d '='"
  type        = string
  sensitive   = true
}

output "reporting_consent_link" {
  # The link holds only the verifier's SHA-256 challenge, not the verifier.
  value = nonsensitive(provider::oauthlink::authorization_url(
    oauthlink_jira_incoming_link.reporting.authorization_endpoint,
    oauthlink_jira_incoming_link.reporting.client_id,
    "http://localhost:8080/callback",
    [oauthlink_jira_incoming_link.reporting.scope],
    "",
    { code_verifier = var.code_verifier },
  ))
}
