variable "tenant_id" {
  description = "Directory (tenant) ID of the tenant where the app is registered."
  type        = string
}

variable "client_id" {
  description = "Application (client) ID of the app registration."
  type        = string
}

variable "client_secret" {
  description = "The current client secret's Value."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "rotation_month" {
  description = "The month the current client secret was created in Entra, as YYYY-MM. Change it together with client_secret."
  type        = string
  default     = "2026-11"

  validation {
    condition     = can(regex("^[0-9]{4}-(0[1-9]|1[0-2])$", var.rotation_month))
    error_message = "rotation_month must be a month written YYYY-MM, e.g. \"2026-11\"."
  }
}

locals {
  # "2026-11" becomes 202611: a version that changes when, and only when, rotation_month does.
  client_secret_version = parseint(replace(var.rotation_month, "-", ""), 10)
  token_url             = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
}

# Entra secrets are created by a person (or another configuration): the version follows the
# month written beside the secret, so plans stay empty until both change together.
resource "oauthlink_jira_outgoing_link" "mail" {
  name          = "Exchange Online (rotated)"
  provider_type = "microsoft"
  tenant        = var.tenant_id
  client_id     = var.client_id

  client_secret_wo         = var.client_secret
  client_secret_wo_version = local.client_secret_version

  scopes = ["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"]
}

resource "oauthlink_external_data_source" "directory" {
  app  = "jira"
  name = "Directory (rotated)"

  url = {
    url = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')&$select=displayName,mail"
  }

  auth = {
    oauth2 = {
      grant_type               = "client_credentials"
      client_id                = var.client_id
      client_secret_wo         = var.client_secret
      client_secret_wo_version = local.client_secret_version
      token_url                = local.token_url
      scopes                   = ["https://graph.microsoft.com/.default"]
    }
  }
}

# Jira generates an incoming link's secret itself, so it can rotate on a calendar with no
# one's input: the first plan of each month resets the secret, later plans that month are
# empty. plantimestamp() is fixed for one plan and known while planning; timestamp() is not
# known until apply, so every plan would show a change.
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting connector (rotated monthly)"
  redirect_uris = ["https://reports.example.com/oauth/callback"]
  scope         = "READ"

  secret_rotation = formatdate("YYYY-MM", plantimestamp())
}

# The old secret stops working at once: hand the new one to the connector in the same run.
output "reporting_client_secret" {
  value     = oauthlink_jira_incoming_link.reporting.client_secret
  sensitive = true
}
