variable "tenant_id" {
  type = string
}

variable "client_id" {
  description = "An app registration granted Sites.Read.All and User.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

locals {
  graph_oauth2 = {
    token_url     = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
    client_id     = var.client_id
    client_secret = var.client_secret
    scopes        = ["https://graph.microsoft.com/.default"]
  }
}

# Step 1 of a two-step setup: the SharePoint site's id, which the list's Graph
# URL (step 2, e.g. an External Data source) needs.
data "oauthlink_api_request" "sales_site" {
  url    = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
  oauth2 = local.graph_oauth2
}

locals {
  sales_site_id = jsondecode(data.oauthlink_api_request.sales_site.response_body).id
}

output "orders_list_url" {
  value = "https://graph.microsoft.com/v1.0/sites/${local.sales_site_id}/lists/Orders/items?expand=fields"
}

# An answer that plans should not show: with sensitive_response the body is in
# sensitive_response_body, which the CLI never prints (the state still holds it;
# the ephemeral oauthlink_api_request keeps an answer out of the state too).
data "oauthlink_api_request" "users" {
  url                = "https://graph.microsoft.com/v1.0/users?$select=displayName,mail"
  sensitive_response = true
  oauth2             = local.graph_oauth2
}

output "user_count" {
  value = nonsensitive(length(jsondecode(data.oauthlink_api_request.users.sensitive_response_body).value))
}
