# Endpoints of a GCC High tenant: US Government tenants sign in at
# login.microsoftonline.us and call graph.microsoft.us.
locals {
  gcc_high = provider::oauthlink::entra_endpoints("contoso.onmicrosoft.us", "usgov")
}

output "gcc_high_token_endpoint" {
  value = local.gcc_high.token_endpoint
}

output "gcc_high_graph_scope" {
  value = local.gcc_high.graph_scope
}
