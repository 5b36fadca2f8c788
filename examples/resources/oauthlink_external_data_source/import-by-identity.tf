import {
  to       = oauthlink_external_data_source.graph_users
  identity = { id = "ds_01JD3T4Q8M2V6X9YBN5RFK7H2C" }
}
