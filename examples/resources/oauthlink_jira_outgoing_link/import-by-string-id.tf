# One import block per link, either by the link's id in Jira:
import {
  to = oauthlink_jira_outgoing_link.exchange
  id = "1b7e8f3a-54c2-4d0e-9f61-2a8c3d4e5f60"
}

# or by its name (the oauthlink_jira_outgoing_links data source lists them):
import {
  to = oauthlink_jira_outgoing_link.exchange
  id = "name:Exchange Online"
}
