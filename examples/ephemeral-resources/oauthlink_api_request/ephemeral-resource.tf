variable "tenant_id" {
  type = string
}

variable "client_id" {
  description = "An app registration granted Sites.Read.All (application) with admin consent."
  type        = string
}

variable "client_secret" {
  description = "The client secret's Value; ephemeral, so it is kept out of plan and state too."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# One Graph call for this run only: neither the token nor the answer is written
# to the plan or the state. Terraform sends it in every plan and apply, so use
# it to read, not to change things.
ephemeral "oauthlink_api_request" "sales_site" {
  url             = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
  request_headers = { Accept = "application/json" }
  oauth2 = {
    token_url     = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
    client_id     = var.client_id
    client_secret = var.client_secret
    scopes        = ["https://graph.microsoft.com/.default"]
  }
}

# Ephemeral values may feed provider configurations, other ephemeral resources
# and write-only attributes, e.g. another provider's settings.
locals {
  sales_site = jsondecode(ephemeral.oauthlink_api_request.sales_site.response_body)
  sales_site_settings = {
    site_id  = local.sales_site.id
    site_url = local.sales_site.webUrl
  }
}
