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

# Jira (configured by OAUTHLINK_JIRA_URL and OAUTHLINK_JIRA_TOKEN) reads a mailbox as
# this Entra app; register the redirect URI in the app registration.
resource "oauthlink_jira_outgoing_link" "exchange" {
  name          = "Exchange Online (demo)"
  provider_type = "microsoft"
  tenant        = var.tenant_id
  client_id     = var.client_id
  client_secret = var.client_secret
  scopes        = ["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"]
}

# A reporting tool calls Jira with OAuth 2.0; Jira generates its credentials.
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting (demo)"
  redirect_uris = ["http://localhost:8080/callback"]
  scope         = "READ"
}

output "jira" {
  value = {
    exchange_redirect_uri = oauthlink_jira_outgoing_link.exchange.redirect_uri
    reporting_client_id   = oauthlink_jira_incoming_link.reporting.client_id
    reporting_consent_link = provider::oauthlink::authorization_url(
      oauthlink_jira_incoming_link.reporting.authorization_endpoint,
      oauthlink_jira_incoming_link.reporting.client_id,
      "http://localhost:8080/callback",
      ["READ"],
      "demo",
      {},
    )
  }
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

# External Data (configured by OAUTHLINK_EXTERNAL_DATA_URL and _TOKEN) looks users up
# in Microsoft Graph for a Jira field; the service fetches its own tokens.
resource "oauthlink_external_data_source" "graph_users" {
  app  = "jira"
  name = "Graph users (demo)"
  url = {
    url     = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'{name}')"
    headers = { ConsistencyLevel = "eventual" }
  }
  auth = {
    oauth2 = {
      client_id     = var.client_id
      client_secret = var.client_secret
      token_url     = "${var.login_url}/${var.tenant_id}/oauth2/v2.0/token"
      scopes        = ["https://graph.microsoft.com/.default"]
    }
  }
}

output "external_data" {
  value = {
    id            = oauthlink_external_data_source.graph_users.id
    version       = oauthlink_external_data_source.graph_users.version
    authenticated = oauthlink_external_data_source.graph_users.authenticated
  }
}
