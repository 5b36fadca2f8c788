variable "client_id" {
  description = "Application (client) ID of the Entra app registration."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value (not its Secret ID)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# Jira reads a service desk mailbox in Exchange Online over IMAP, as a
# single-tenant Entra app. The secret is write-only: it never reaches the state.
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online"
  description   = "Service desk mailbox"
  provider_type = "microsoft"
  tenant        = "contoso.onmicrosoft.com"
  client_id     = var.client_id

  client_secret_wo         = var.client_secret
  client_secret_wo_version = 1 # bump to send a rotated secret

  scopes = [
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "offline_access",
  ]
}

# GCC High: the tenant signs in at the US Government cloud, so the endpoints
# come from entra_endpoints; tenant is then left out and read from them.
locals {
  gcc_high = provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov")
}

resource "oauthlink_jira_outgoing_link" "exchange_gcc_high" {
  name                   = "Exchange Online (GCC High)"
  provider_type          = "microsoft"
  client_id              = var.client_id
  authorization_endpoint = local.gcc_high.authorization_endpoint
  token_endpoint         = local.gcc_high.token_endpoint

  client_secret_wo         = var.client_secret
  client_secret_wo_version = 1

  scopes = [
    "https://outlook.office365.us/IMAP.AccessAsUser.All",
    "offline_access",
  ]
}

output "redirect_uri" {
  description = "Register under the app registration's Authentication > Web > Redirect URIs."
  value       = oauthlink_jira_outgoing_link.exchange.redirect_uri
}

# A provider without derived endpoints.
resource "oauthlink_jira_outgoing_link" "custom" {
  name                   = "Corporate IdP"
  provider_type          = "generic"
  client_id              = "jira-mail"
  client_secret_wo       = var.client_secret
  authorization_endpoint = "https://idp.example.com/oauth2/authorize"
  token_endpoint         = "https://idp.example.com/oauth2/token"
  scopes                 = ["mail.read", "offline_access"]

  client_secret_wo_version = 1
}
