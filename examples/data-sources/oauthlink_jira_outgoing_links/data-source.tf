# Every outgoing link that exists in Jira, e.g. to find those created in its UI.
data "oauthlink_jira_outgoing_links" "all" {}

# Only those whose name starts with "Mail".
data "oauthlink_jira_outgoing_links" "mail" {
  name_prefix = "Mail"
}

output "outgoing_links" {
  value = { for link in data.oauthlink_jira_outgoing_links.all.links : link.name => link.id }
}

output "mail_redirect_uris" {
  value = data.oauthlink_jira_outgoing_links.mail.links[*].redirect_uri
}
