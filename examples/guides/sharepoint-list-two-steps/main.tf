variable "tenant_id" {
  type = string
}

variable "client_id" {
  description = "An app registration granted Sites.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

locals {
  token_url = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
}

# Step 1: the site's id. Graph addresses a list as /sites/{site-id}/lists/{list},
# and the id is "hostname,site-collection-id,web-id", which nobody knows by heart.
data "oauthlink_api_request" "sales_site" {
  url = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
  oauth2 = {
    token_url     = local.token_url
    client_id     = var.client_id
    client_secret = var.client_secret
    scopes        = ["https://graph.microsoft.com/.default"]
  }
}

# Step 2: the list's items, filtered by what the Jira field holds.
resource "oauthlink_external_data_source" "sales_orders" {
  app  = "jira"
  name = "Sales orders"

  url = {
    url     = "https://graph.microsoft.com/v1.0/sites/${jsondecode(data.oauthlink_api_request.sales_site.response_body).id}/lists/Orders/items?expand=fields&$filter=fields/Customer eq '{customer}'"
    headers = { Prefer = "HonorNonIndexedQueriesWarningMayFailRandomly" }
  }

  auth = {
    oauth2 = {
      client_id     = var.client_id
      client_secret = var.client_secret
      token_url     = local.token_url
      scopes        = ["https://graph.microsoft.com/.default"]
    }
  }
}
