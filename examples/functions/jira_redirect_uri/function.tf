# The redirect URI to register in the Entra app registration for a Jira outgoing
# link, before the link exists.
output "jira_redirect_uri" {
  value = provider::oauthlink::jira_redirect_uri(
    "https://jira.example.com",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
  )
}
