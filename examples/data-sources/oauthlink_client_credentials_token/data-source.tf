variable "tenant_id" {
  description = "Directory (tenant) ID of the Entra tenant."
  type        = string
}

variable "client_id" {
  description = "Application (client) ID of the app registration."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value (not its Secret ID)."
  type        = string
  sensitive   = true
}

# An app-only token for Microsoft Graph, and the permissions admin consent granted.
data "oauthlink_client_credentials_token" "graph" {
  token_url     = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
  client_id     = var.client_id
  client_secret = var.client_secret
  scopes        = ["https://graph.microsoft.com/.default"]
}

output "graph_permissions" {
  value = data.oauthlink_client_credentials_token.graph.claims.roles
}

# Every plan warns when the integration lacks a permission it needs, so CI shows
# a revoked admin consent before anything breaks.
check "graph_consent" {
  assert {
    condition     = contains(coalesce(data.oauthlink_client_credentials_token.graph.claims.roles, []), "User.Read.All")
    error_message = "Admin consent for Microsoft Graph User.Read.All is missing."
  }
}

variable "certificate_pem" {
  description = "Certificate uploaded to the app registration (Certificates & secrets)."
  type        = string
}

variable "private_key_pem" {
  type      = string
  sensitive = true
}

# The same with a certificate credential: each request carries a freshly signed
# private_key_jwt assertion.
data "oauthlink_client_credentials_token" "graph_with_certificate" {
  token_url = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
  client_id = var.client_id
  client_certificate = {
    certificate_pem   = var.certificate_pem
    private_key_pem   = var.private_key_pem
    signing_algorithm = "PS256"
  }
  scopes = ["https://graph.microsoft.com/.default"]
}
