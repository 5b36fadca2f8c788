variable "tenant_id" {
  type = string
}

variable "client_id" {
  type = string
}

variable "client_secret" {
  description = "The client secret's Value; ephemeral, so it is kept out of plan and state too."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# A Graph token for this run only: neither the token nor the secret is written
# to the plan or the state.
ephemeral "oauthlink_client_credentials_token" "graph" {
  token_url     = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
  client_id     = var.client_id
  client_secret = var.client_secret
  scopes        = ["https://graph.microsoft.com/.default"]
}

# Ephemeral values may feed provider configurations, other ephemeral resources
# and write-only attributes, e.g. a bearer header for another provider.
locals {
  graph_authorization = "Bearer ${ephemeral.oauthlink_client_credentials_token.graph.access_token}"
}
