variable "tenant_id" {
  description = "Directory (tenant) ID of the tenant where the app is registered."
  type        = string
}

variable "client_id" {
  description = "Application (client) ID of an app granted User.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value, shown once when it is created; not its Secret ID."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "client_secret_version" {
  description = "Bump when the secret is rotated, to send the new one."
  type        = number
  default     = 1
}

locals {
  # Worldwide cloud. For a national cloud, take token_endpoint and graph_scope
  # from provider::oauthlink::entra_endpoints(var.tenant_id, "usgov").
  token_url   = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
  graph_scope = "https://graph.microsoft.com/.default"
}

# Before anything is saved: does the app get a token, and did admin consent grant
# User.Read.All? The token is ephemeral: it never reaches plan or state.
ephemeral "oauthlink_client_credentials_token" "graph" {
  token_url     = local.token_url
  client_id     = var.client_id
  client_secret = var.client_secret
  scopes        = [local.graph_scope]
}

resource "oauthlink_external_data_source" "graph_users" {
  app  = "jira"
  name = "Graph users"

  url = {
    url     = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')&$select=displayName,mail"
    headers = { ConsistencyLevel = "eventual" }
  }

  auth = {
    oauth2 = {
      grant_type               = "client_credentials"
      client_id                = var.client_id
      client_secret_wo         = var.client_secret
      client_secret_wo_version = var.client_secret_version
      token_url                = local.token_url
      scopes                   = [local.graph_scope]
    }
  }

  test_on_apply = {
    variables = { name = "Ada" }
  }

  lifecycle {
    # Without admin consent the token has no roles claim at all: roles is null, not [].
    precondition {
      condition     = contains(coalesce(ephemeral.oauthlink_client_credentials_token.graph.claims.roles, []), "User.Read.All")
      error_message = "The app's token has no User.Read.All role: grant the application permission and admin consent in Entra."
    }
  }
}

output "graph_users_authenticated" {
  value = oauthlink_external_data_source.graph_users.authenticated
}
