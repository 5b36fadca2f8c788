# One import block per data source, either by its id:
import {
  to = oauthlink_external_data_source.graph_users
  id = "ds_01JD3T4Q8M2V6X9YBN5RFK7H2C"
}

# or by its app (jira or confluence) and name, as name:<app>/<name> (the
# oauthlink_external_data_sources data source lists them):
import {
  to = oauthlink_external_data_source.graph_users
  id = "name:jira/Graph users"
}
