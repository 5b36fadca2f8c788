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

# Authorization code with PKCE (RFC 7636), e.g. for a script signing in to Jira
# Data Center: the link carries the verifier's S256 challenge; the script sends
# the verifier itself with the code to the token endpoint. This is RFC 7636's
# example verifier: generate a fresh one for each sign-in.
output "pkce_consent_link" {
  value = provider::oauthlink::authorization_url(
    "https://jira.example.com/rest/oauth2/latest/authorize",
    "your-incoming-link-client-id",
    "http://localhost:8080/callback",
    ["READ"],
    "opaque-state",
    { code_verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" },
  )
}
