# Every data source of External Data for Jira, every page of the list.
data "oauthlink_external_data_sources" "jira" {
  app = "jira"
}

# Those of both apps whose name starts with "Customer".
data "oauthlink_external_data_sources" "customers" {
  name_prefix = "Customer"
}

output "jira_sources" {
  value = { for source in data.oauthlink_external_data_sources.jira.sources : source.name => source.id }
}

output "customer_source_urls" {
  value = [for source in data.oauthlink_external_data_sources.customers.sources : source.url.url if source.url != null]
}
