variable "tenant_id" {
  type = string
}

variable "client_id" {
  description = "An app registration granted User.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value (not its Secret ID)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "client_secret_version" {
  description = "Bump when the secret is rotated, to send the new one."
  type        = number
  default     = 1
}

# A Jira field that looks users up in Microsoft Graph by the name typed into it.
resource "oauthlink_external_data_source" "graph_users" {
  app  = "jira"
  name = "Graph users"

  url = {
    url     = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')&$select=displayName,mail"
    headers = { ConsistencyLevel = "eventual" }
  }

  auth = {
    oauth2 = {
      client_id = var.client_id
      token_url = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
      scopes    = ["https://graph.microsoft.com/.default"]

      # Write-only: sent to the service, never stored in plan or state.
      client_secret_wo         = var.client_secret
      client_secret_wo_version = var.client_secret_version
    }
  }

  # "Save and test" after every apply; a failure fails the apply with the service's message.
  test_on_apply = {
    variables = { name = "Ada" }
  }
}

variable "database_password" {
  description = "The password of the database user confluence_reader."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# A Confluence panel fed by a database.
resource "oauthlink_external_data_source" "assets" {
  app  = "confluence"
  name = "Assets by owner"

  database = {
    driver   = "postgresql"
    host     = "db.example.com"
    port     = 5432
    database = "assets"
    username = "confluence_reader"
    query    = "SELECT tag, model FROM assets WHERE owner = {owner}"

    # Write-only: sent on create and whenever the version changes; never in plan or state.
    password_wo         = var.database_password
    password_wo_version = 1
  }

  # The query has a {variable}, so the test needs a sample value for it. A source
  # without {variables} is tested with test_on_apply = {}.
  test_on_apply = {
    variables = { owner = "ada" }
  }
}

# A Confluence panel that reads the signed-in administrator's Graph profile with
# the authorization code grant: delegated scopes, and offline_access for a refresh token.
resource "oauthlink_external_data_source" "my_profile" {
  app  = "confluence"
  name = "My Graph profile"

  url = {
    url = "https://graph.microsoft.com/v1.0/me"
  }

  auth = {
    oauth2 = {
      grant_type = "authorization_code"
      client_id  = var.client_id
      auth_url   = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/authorize"
      token_url  = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
      # Entra has no revocation endpoint: revoke_url is left out (not "").
      scopes = ["offline_access", "User.Read"]

      client_secret_wo         = var.client_secret
      client_secret_wo_version = var.client_secret_version
    }
  }
}

# Register this at the app registration (Authentication > Web > Redirect URIs), then
# press "Authenticate" on the data source in Confluence and consent. Until then every
# refresh warns that the source is not authenticated.
output "confluence_callback_url" {
  value = oauthlink_external_data_source.my_profile.callback_url
}
