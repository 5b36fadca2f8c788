# Adopt links and data sources made by hand in the admin screens, without knowing any secret.

# 1. List what exists. name_prefix narrows the lists to what this configuration adopts.
data "oauthlink_jira_outgoing_links" "legacy" {
  name_prefix = "Legacy "
}

data "oauthlink_external_data_sources" "legacy" {
  app         = "jira"
  name_prefix = "Legacy "
}

output "outgoing_links" {
  value = { for link in data.oauthlink_jira_outgoing_links.legacy.links : link.name => link.id }
}

output "external_data_sources" {
  value = { for source in data.oauthlink_external_data_sources.legacy.sources : source.name => source.id }
}

# 2. Import every listed outgoing link (for_each in import blocks: Terraform ≥ 1.7, OpenTofu ≥ 1.7).
#    The list is in a stable order (by name); over a tuple, each.key is the index.
locals {
  outgoing_links = [for link in data.oauthlink_jira_outgoing_links.legacy.links : link] # a tuple, as OpenTofu needs
}

import {
  for_each = local.outgoing_links
  to       = oauthlink_jira_outgoing_link.legacy[each.key]
  id       = each.value.id
}

# No client secret: Jira keeps the one set in its UI. To rotate it later, add client_secret_wo
# and client_secret_wo_version; the secret is then sent once.
resource "oauthlink_jira_outgoing_link" "legacy" {
  count = length(local.outgoing_links)

  name                   = local.outgoing_links[count.index].name
  description            = local.outgoing_links[count.index].description
  provider_type          = lower(local.outgoing_links[count.index].provider_type)
  client_id              = local.outgoing_links[count.index].client_id
  tenant                 = local.outgoing_links[count.index].tenant
  authorization_endpoint = local.outgoing_links[count.index].authorization_endpoint
  token_endpoint         = local.outgoing_links[count.index].token_endpoint
  scopes                 = local.outgoing_links[count.index].scopes
}

# 3. One data source, imported with the configuration that
#    `terraform plan -generate-config-out=generated.tf` wrote for it, reviewed: the null
#    attributes removed (they change nothing), the password left out, so the service keeps its own.
import {
  to = oauthlink_external_data_source.legacy_crm
  id = one([for source in data.oauthlink_external_data_sources.legacy.sources : source.id if source.name == "Legacy CRM"])
}

resource "oauthlink_external_data_source" "legacy_crm" {
  app  = "jira"
  name = "Legacy CRM"
  auth = {
    basic = {
      username = "svc-jira"
    }
  }
  url = {
    method        = "GET"
    response_type = "json"
    url           = "https://crm.example.com/api/customers?q={query}"
  }
}
