# The demo that `make demo` applies against the local test servers (internal/fakes);
# point login_url at https://login.microsoftonline.com to run it against Entra.
terraform {
  required_providers {
    oauthlink = {
      source = "oauthlink/oauthlink"
    }
  }
}

variable "login_url" {
  type    = string
  default = "https://login.microsoftonline.com"
}

variable "tenant_id" {
  type = string
}

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

data "oauthlink_client_credentials_token" "graph" {
  token_url     = "${var.login_url}/${var.tenant_id}/oauth2/v2.0/token"
  client_id     = var.client_id
  client_secret = var.client_secret
  scopes        = ["https://graph.microsoft.com/.default"]
}

output "token" {
  description = "What the token says about itself; the token itself is sensitive."
  value = {
    type     = data.oauthlink_client_credentials_token.graph.token_type
    audience = data.oauthlink_client_credentials_token.graph.claims.aud
    tenant   = data.oauthlink_client_credentials_token.graph.claims.tid
    roles    = data.oauthlink_client_credentials_token.graph.claims.roles
  }
}
