# By the data source's id:
terraform import oauthlink_external_data_source.graph_users ds_01JD3T4Q8M2V6X9YBN5RFK7H2C

# Or by its app (jira or confluence) and name, as name:<app>/<name> (the
# oauthlink_external_data_sources data source lists them):
terraform import oauthlink_external_data_source.graph_users "name:jira/Graph users"
