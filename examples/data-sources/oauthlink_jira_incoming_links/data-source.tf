# Every incoming link (Jira as the OAuth provider) whose name starts with "Reporting".
# Client secrets are not listed.
data "oauthlink_jira_incoming_links" "reporting" {
  name_prefix = "Reporting"
}

output "reporting_client_ids" {
  value = { for link in data.oauthlink_jira_incoming_links.reporting.links : link.name => link.client_id }
}
