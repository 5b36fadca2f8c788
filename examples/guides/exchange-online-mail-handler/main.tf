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

variable "cloud" {
  description = "The Microsoft 365 cloud of the tenant: worldwide, gcc, gcc_high or dod."
  type        = string
  default     = "worldwide"

  validation {
    condition     = contains(["worldwide", "gcc", "gcc_high", "dod"], var.cloud)
    error_message = "cloud must be one of worldwide, gcc, gcc_high or dod."
  }
}

locals {
  # Where each cloud signs in (a cloud name of entra_endpoints), and the Exchange Online
  # resource that prefixes the IMAP and POP scopes. GCC uses the worldwide ones.
  clouds = {
    worldwide = { entra = "public", exchange = "https://outlook.office.com" }
    gcc       = { entra = "public", exchange = "https://outlook.office.com" }
    gcc_high  = { entra = "usgov", exchange = "https://outlook.office365.us" }
    dod       = { entra = "usgov_dod", exchange = "https://outlook.office365.us" }
  }
  entra    = provider::oauthlink::entra_endpoints(var.tenant_id, local.clouds[var.cloud].entra)
  exchange = local.clouds[var.cloud].exchange
}

resource "oauthlink_jira_outgoing_link" "exchange" {
  name                   = "Exchange Online (service desk)"
  provider_type          = "microsoft"
  client_id              = var.client_id
  authorization_endpoint = local.entra.authorization_endpoint
  token_endpoint         = local.entra.token_endpoint

  client_secret_wo         = var.client_secret
  client_secret_wo_version = var.client_secret_version

  # IMAP and POP side by side: the mail server in Jira uses one of them. offline_access
  # gets Jira a refresh token; without it the handler stops when the first token expires.
  scopes = [
    "${local.exchange}/IMAP.AccessAsUser.All",
    "${local.exchange}/POP.AccessAsUser.All",
    "offline_access",
  ]
}

output "redirect_uri" {
  description = "Register it in the app registration: Authentication > Web > Redirect URIs."
  value       = oauthlink_jira_outgoing_link.exchange.redirect_uri
}
