# By the link's id in Jira (Administration > Applications > Application links):
terraform import oauthlink_jira_incoming_link.reporting 10100

# By its name (the oauthlink_jira_incoming_links data source lists them):
terraform import oauthlink_jira_incoming_link.reporting "name:Reporting connector"
