# An outgoing link an administrator created in Jira's UI.
data "oauthlink_jira_outgoing_link" "mail" {
  name = "Mail handler (created in Jira)"
}

output "mail_redirect_uri" {
  value = data.oauthlink_jira_outgoing_link.mail.redirect_uri
}
