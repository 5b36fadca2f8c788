// Package jira speaks Jira Data Center's REST API for OAuth 2.0 integrations: outgoing links
// (/rest/oauth2-client/latest/config, Jira as OAuth client) and incoming links
// (/rest/oauth2/latest/client, Jira as OAuth provider). The wire format lives here only; the
// requests go through httpx.CallJSON, and every answer is checked before it is used.
package jira
