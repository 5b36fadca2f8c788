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
