// Package jira speaks Jira Data Center's REST API for OAuth 2.0 integrations: outgoing links
// (/rest/oauth2-client/latest/config, Jira as OAuth client) and incoming links
// (/rest/oauth2/latest/client, Jira as OAuth provider). The wire format lives here only.
package jira
