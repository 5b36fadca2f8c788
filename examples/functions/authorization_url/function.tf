# Entra authorization code with a refresh token (offline_access), e.g. for an
# External Data source that reads SharePoint as the consenting user.
output "entra_consent_link" {
  value = provider::oauthlink::authorization_url(
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
    "00000000-0000-0000-0000-000000000000",
    "https://external-data-for-jira.codefortynine.com/signin-dynamic-oauth",
    ["https://graph.microsoft.com/Sites.Read.All", "offline_access"],
    "",
    { prompt = "consent" },
  )
}

# An Atlassian Cloud OAuth 2.0 (3LO) app.
output "atlassian_consent_link" {
  value = provider::oauthlink::authorization_url(
    "https://auth.atlassian.com/authorize",
    "your-3lo-client-id",
    "https://reports.example.com/oauth/callback",
    ["read:jira-work", "offline_access"],
    "opaque-state",
    { audience = "api.atlassian.com", prompt = "consent" },
  )
}
