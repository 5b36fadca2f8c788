# By the link's id in Jira (Administration > Applications > Application links):
terraform import oauthlink_jira_incoming_link.reporting 10100
