# One import block per link, either by the link's id in Jira:
import {
  to = oauthlink_jira_incoming_link.reporting
  id = "10100"
}

# or by its name (the oauthlink_jira_incoming_links data source lists them):
import {
  to = oauthlink_jira_incoming_link.reporting
  id = "name:Reporting connector"
}
