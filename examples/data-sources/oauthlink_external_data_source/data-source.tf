# A data source created in the app's UI, looked up by its name.
data "oauthlink_external_data_source" "customers" {
  app  = "jira"
  name = "Customer lookup"
}

output "customers_url" {
  value = data.oauthlink_external_data_source.customers.url.url
}

# For OAuth 2.0 sources: the redirect URI to register at the provider.
output "customers_callback_url" {
  value = data.oauthlink_external_data_source.customers.callback_url
}
