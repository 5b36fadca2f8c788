// Package fakes is the index of the in-process test doubles of the remote services the provider
// talks to. They mimic the real services' observable behaviour (status codes, headers, error
// bodies, quirks) as the facts files in /work/shared/design describe it, so that unit tests
// (httptest), acceptance tests and the demo (internal/cmd/demo) exercise the provider against what
// it will really meet. One package per service:
//
//	entra         Microsoft Entra ID token endpoint, tenants, app registrations, certificates (token-endpoints.md)
//	graph         Microsoft Graph: a SharePoint site, users; accepts the entra fake's tokens
//	jira          Jira Data Center outgoing and incoming OAuth 2.0 links (jira-outgoing-oauth2-api.md, jira-incoming-oauth2-api.md)
//	externaldata  the External Data management API (external-data-api.md)
//	fakeserver    what they share: starting one on loopback, JSON answers, GUIDs
//	faultproxy    a misbehaving server, proxy or network in front of any of them
//
// Each service package names its handler Fake, built by New; where a test needs it started with
// credentials, Start(t) returns a Server (entra: StartTenant(t) returns a Tenant with its app
// registrations), which stops when the test ends.
//
// Naming: the packages are named after the service they fake, and jira, externaldata and entra
// are also the names of the provider's own client packages (internal/jira, internal/externaldata,
// internal/entra). Code outside internal/fakes therefore always imports a fake with the prefix
// "fake", whether or not the file also imports the client:
//
//	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
//	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
//	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
//	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
//
// so that jira.X is always the client and fakejira.X the fake. Inside internal/fakes the plain
// names are used: no fake imports a client package (TestFakesImportNoClientPackage), since a fake
// that computed its answers with the code it checks could not catch a bug in it.
package fakes
