# By the link's id in Jira:
terraform import oauthlink_jira_outgoing_link.exchange 1b7e8f3a-54c2-4d0e-9f61-2a8c3d4e5f60

# By its name:
terraform import oauthlink_jira_outgoing_link.exchange "name:Exchange Online"

# Jira never returns the client secret: after an import, set client_secret or
# client_secret_wo (with client_secret_wo_version) and apply once to send it.
