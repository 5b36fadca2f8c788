variable "tenant_id" {
  description = "Directory (tenant) ID of the tenant where the apps are registered."
  type        = string
}

variable "client_id" {
  description = "Application (client) ID of the app that reads app registrations: granted Application.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  description = "The reading app's client secret Value."
  type        = string
  sensitive   = true
}

variable "app_id" {
  description = "Application (client) ID of the app whose secrets to watch, e.g. the mail handler's app."
  type        = string
}

variable "warn_days" {
  description = "How many days before a secret's end date every plan starts to warn."
  type        = number
  default     = 30
}

# The app registration's secrets as Graph lists them: key ID, description, end date
# and hint (the first three characters), never the secret itself.
data "oauthlink_api_request" "app" {
  url = "https://graph.microsoft.com/v1.0/applications(appId='${var.app_id}')?$select=displayName,passwordCredentials"
  oauth2 = {
    token_url     = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
    client_id     = var.client_id
    client_secret = var.client_secret
    scopes        = ["https://graph.microsoft.com/.default"]
  }
  # A missing permission warns in the check below instead of stopping every plan.
  accepted_status_codes = [403]
}

locals {
  app      = data.oauthlink_api_request.app.status_code == 200 ? jsondecode(data.oauthlink_api_request.app.response_body) : null
  secrets  = local.app == null ? [] : local.app.passwordCredentials
  deadline = timeadd(plantimestamp(), "${var.warn_days * 24}h")
  # Expired secrets stay listed until they are deleted in Entra.
  expiring = [for s in local.secrets : s if timecmp(s.endDateTime, local.deadline) < 0]
}

# A failed check is a warning: every plan shows it, and nothing stops.
check "client_secret_expiry" {
  assert {
    condition     = local.app != null
    error_message = "Graph did not let app ${var.client_id} read app registrations: grant it the Microsoft Graph application permission Application.Read.All and admin consent in Entra."
  }

  assert {
    condition     = length(local.expiring) == 0
    error_message = "Client secrets of ${try(local.app.displayName, var.app_id)} expire within ${var.warn_days} days: ${join(", ", [for s in local.expiring : "${coalesce(s.displayName, "(no description)")} (ID ${s.keyId}) on ${s.endDateTime}"])}. Create a new secret in Entra, hand it to the link or data source with a new client_secret_wo_version, then delete the old secret."
  }
}

output "expiring_client_secrets" {
  description = "The watched app's secrets that end within warn_days of this plan."
  value       = [for s in local.expiring : { key_id = s.keyId, display_name = s.displayName, end_date_time = s.endDateTime }]
}
