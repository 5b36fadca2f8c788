variable "tenant_id" {
  type = string
}

variable "client_id" {
  description = "An app registration with the delegated permission User.Read and a Web redirect URI (see below)."
  type        = string
}

variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "client_secret_version" {
  type    = number
  default = 1
}

locals {
  entra = provider::oauthlink::entra_endpoints(var.tenant_id, "public")
}

# Each user's own profile, read with the token an administrator obtains once by
# consenting in a browser ("Authenticate" in the data source's page).
resource "oauthlink_external_data_source" "my_profile" {
  app  = "confluence"
  name = "My Entra profile"

  url = {
    url = "https://graph.microsoft.com/v1.0/me?$select=displayName,jobTitle,department"
  }

  auth = {
    oauth2 = {
      grant_type               = "authorization_code"
      client_id                = var.client_id
      client_secret_wo         = var.client_secret
      client_secret_wo_version = var.client_secret_version
      auth_url                 = local.entra.authorization_endpoint
      token_url                = local.entra.token_endpoint
      # offline_access gets the service a refresh token, so that it stays
      # authenticated after the first access token expires.
      scopes = ["offline_access", "https://graph.microsoft.com/User.Read"]
    }
  }
}

# Register this URL in the app registration: Authentication > Web > Redirect URIs.
output "redirect_uri_to_register" {
  value = oauthlink_external_data_source.my_profile.callback_url
}

# Every plan warns until an administrator has pressed "Authenticate" and consented.
check "my_profile_authenticated" {
  assert {
    condition     = oauthlink_external_data_source.my_profile.authenticated
    error_message = "Open the data source in External Data for Confluence, press Authenticate and consent; until then the panels stay empty."
  }
}
