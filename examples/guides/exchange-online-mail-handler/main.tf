variable "tenant_id" {
  description = "Directory (tenant) ID of the tenant where the app is registered."
  type        = string
}

variable "client_id" {
  description = "Application (client) ID of the app registration."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value, shown once when it is created; not its Secret ID."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "client_secret_version" {
  description = "Bump when the secret is rotated, to send the new one to Jira."
  type        = number
  default     = 1
}

# Worldwide cloud, single-tenant app: the endpoints derive from the tenant.
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online (service desk)"
  provider_type = "microsoft"
  tenant        = var.tenant_id
  client_id     = var.client_id

  client_secret_wo         = var.client_secret
  client_secret_wo_version = var.client_secret_version

  scopes = [
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "offline_access",
  ]
}

# GCC High: the same app in the US Government cloud signs in elsewhere.
locals {
  gcc_high = provider::oauthlink::entra_endpoints(var.tenant_id, "usgov")
}

resource "oauthlink_jira_outgoing_link" "exchange_gcc_high" {
  name                   = "Exchange Online GCC High (service desk)"
  provider_type          = "microsoft"
  client_id              = var.client_id
  authorization_endpoint = local.gcc_high.authorization_endpoint
  token_endpoint         = local.gcc_high.token_endpoint

  client_secret_wo         = var.client_secret
  client_secret_wo_version = var.client_secret_version

  scopes = [
    "https://outlook.office365.us/IMAP.AccessAsUser.All",
    "offline_access",
  ]
}

output "redirect_uris" {
  description = "Register both in the app registration: Authentication > Web > Redirect URIs."
  value = [
    oauthlink_jira_outgoing_link.exchange.redirect_uri,
    oauthlink_jira_outgoing_link.exchange_gcc_high.redirect_uri,
  ]
}
