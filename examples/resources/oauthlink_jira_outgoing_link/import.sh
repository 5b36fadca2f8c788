# By the link's id in Jira:
terraform import oauthlink_jira_outgoing_link.exchange 1b7e8f3a-54c2-4d0e-9f61-2a8c3d4e5f60

# By its name:
terraform import oauthlink_jira_outgoing_link.exchange "name:Exchange Online"
