package jira

import (
	"context"
	"net/http"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx/httpxtest"
)

const benchOutgoingLink = `{"id":"10001","name":"Exchange","description":"Mail handler","type":"MICROSOFT","clientId":"client-Exchange",` +
	`"authorizationEndpoint":"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",` +
	`"tokenEndpoint":"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",` +
	`"scopes":["offline_access","https://outlook.office.com/IMAP.AccessAsUser.All"],"redirectUriSuffix":"abc123"}`

// BenchmarkGetOutgoingLink is the request of one refresh of an outgoing link.
func BenchmarkGetOutgoingLink(b *testing.B) {
	c := NewClient(&http.Client{Transport: httpxtest.Always(http.StatusOK, benchOutgoingLink)}, "https://jira.example.com", Credentials{Token: "personal-access-token"})
	for b.Loop() {
		if _, err := c.GetOutgoingLink(context.Background(), "10001"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListOutgoingLinks lists 100 outgoing links, as an import or a lookup by name does.
func BenchmarkListOutgoingLinks(b *testing.B) {
	links := "[" + httpxtest.Numbered(100, benchOutgoingLink, `"id":"10001"`, `"id":"1%04d"`) + "]"
	c := NewClient(&http.Client{Transport: httpxtest.Always(http.StatusOK, links)}, "https://jira.example.com", Credentials{Token: "personal-access-token"})
	for b.Loop() {
		if _, err := c.ListOutgoingLinks(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
