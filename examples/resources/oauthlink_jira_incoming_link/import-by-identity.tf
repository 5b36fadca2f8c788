import {
  to       = oauthlink_jira_incoming_link.reporting
  identity = { id = "10100" }
}
