package provider

import (
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// resourceCase is one of the provider's resources with the fake service behind it, for the tests
// that run the same session on each resource with a proxy in between (trust_test.go,
// interrupt_test.go): its service, its configuration, where its objects live, and what the
// service stores.
type resourceCase struct {
	name    string
	block   resourceBlock
	backend string // the service's URL, for a proxy to stand in front of
	// env holds the provider's credentials for the service, as environment variables.
	env map[string]string
	// providerAt is a provider block that reaches the service at baseURL.
	providerAt func(baseURL string) string
	listPath   string                   // where creates are POSTed, and below which each object lives
	stored     func() map[string]string // the name of each object the service stores, by id
	// planned is the planned new state of a create, as the plugin protocol carries it.
	planned func(typ tftypes.Object) map[string]tftypes.Value
	// someoneElses adds an object of the same name that a person made with other settings, and
	// returns a function that tells whether it is still as they made it.
	someoneElses func() (id string, unchanged func() bool)
	// importID is the id the import hint gives for someoneElses' object.
	importID string
	// unusable are answers without a usable object, beyond {} and null.
	unusable []string
}

// addr is the address of the resource.
func (rc resourceCase) addr() string { return rc.block.addr() }

// config is a provider block that reaches the service at baseURL, and the resource with the
// changes.
func (rc resourceCase) config(baseURL string, changes ...map[string]string) string {
	return rc.providerAt(baseURL) + rc.block.with(changes...)
}

// itemPath is the path of the object id.
func (rc resourceCase) itemPath(id string) string { return rc.listPath + "/" + id }

// storedIDs are the ids of the objects the service stores, in order.
func (rc resourceCase) storedIDs() []string { return slices.Sorted(maps.Keys(rc.stored())) }

// namesByID makes a resourceCase.stored of a fake's list of objects and the id and name of one.
func namesByID[T any](list func() []T, idName func(T) (id, name string)) func() map[string]string {
	return func() map[string]string {
		stored := map[string]string{}
		for _, o := range list() {
			id, name := idName(o)
			stored[id] = name
		}
		return stored
	}
}

// inventorySource is the External Data source of the resource cases.
var inventorySource = resourceBlock{"oauthlink_external_data_source", "users", map[string]string{
	"app":  `"jira"`,
	"name": `"Inventory"`,
	"url":  `{ url = "https://inventory.example.com/items" }`,
	"auth": basicAuth("svc", `password = "p4ssw0rd"`),
}}

// resourceCases are the outgoing link, the incoming link and the External Data source, each with
// its fake service.
func resourceCases(t *testing.T) []resourceCase {
	j := fakejira.Start(t)
	ed := fakeexternaldata.Start(t)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	list := func(typ tftypes.Type, values ...string) tftypes.Value {
		var elems []tftypes.Value
		for _, v := range values {
			elems = append(elems, str(v))
		}
		return tftypes.NewValue(typ, elems)
	}
	return []resourceCase{
		{
			name: "outgoing link", block: exchangeLink, backend: j.URL, providerAt: j.ProviderBlockAt,
			env:      map[string]string{envJiraToken: j.AdminToken},
			listPath: "/rest/oauth2-client/latest/config",
			stored:   namesByID(j.OutgoingLinks, func(l fakejira.OutgoingLink) (string, string) { return l.ID, l.Name }),
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"name": str("Exchange Online"), "client_id": str("app-client-id"), "provider_type": str("microsoft"),
					"client_secret": str(exchangeSecret), "tenant": str("common"), "scopes": list(typ.AttributeTypes["scopes"], "offline_access"),
					"authorization_endpoint": str(commonAuthorize), "token_endpoint": str("https://login.microsoftonline.com/common/oauth2/v2.0/token"),
					"redirect_uri_suffix": str(jira.RedirectURISuffix(commonAuthorize)),
				}
			},
			someoneElses: func() (string, func() bool) {
				person := fakejira.OutgoingLink{
					Name: "Exchange Online", Type: "MICROSOFT", ClientID: "a-persons-client-id", AuthorizationEndpoint: commonAuthorize,
					TokenEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/token", Scopes: []string{"offline_access"},
					RedirectURISuffix: commonSuffix,
				}
				id := j.AddOutgoingLink(person)
				return id, func() bool { l, ok := j.OutgoingLink(id); return ok && l.ClientID == person.ClientID }
			},
			importID: "name:Exchange Online",
		},
		{
			name: "incoming link", block: reportingLink, backend: j.URL, providerAt: j.ProviderBlockAt,
			env:      map[string]string{envJiraToken: j.AdminToken},
			listPath: "/rest/oauth2/latest/client",
			stored:   namesByID(j.IncomingLinks, func(l fakejira.IncomingLink) (string, string) { return l.ID, l.Name }),
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"name": str("Reporting"), "scope": str("READ"),
					"redirect_uris": list(typ.AttributeTypes["redirect_uris"], "https://reports.example.com/cb"),
				}
			},
			someoneElses: func() (string, func() bool) {
				l := j.AddIncomingLink(fakejira.IncomingLink{Name: "Reporting", Redirects: []string{"https://reports.example.com/cb"}, Scope: "ADMIN"})
				return l.ID, func() bool { now, ok := j.IncomingLink(l.ID); return ok && now.Scope == "ADMIN" }
			},
			importID: "name:Reporting",
		},
		{
			name: "External Data source", block: inventorySource, backend: ed.URL, providerAt: ed.ProviderBlockAt,
			env:      map[string]string{envExternalDataToken: ed.APIToken},
			listPath: "/api/v1/data-sources",
			stored:   namesByID(ed.List, func(ds fakeexternaldata.Source) (string, string) { return ds.ID, ds.Name }),
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"app": str("jira"), "name": str("Inventory"),
					"url": objectValue(typ.AttributeTypes["url"], map[string]tftypes.Value{
						"url": str("https://inventory.example.com/items"), "method": str("GET"), "response_type": str("json"),
					}),
				}
			},
			someoneElses: func() (string, func() bool) {
				ds := ed.Add(fakeexternaldata.Source{
					App: "jira", Name: "Inventory", Type: "url",
					URL:  &fakeexternaldata.URL{URL: "https://inventory.example.com/other", Method: "GET", ResponseType: "json"},
					Auth: &fakeexternaldata.Auth{Type: "none"},
				})
				return ds.ID, func() bool { now, ok := ed.Get(ds.ID); return ok && now.Version == ds.Version }
			},
			importID: "name:jira/Inventory",
			unusable: []string{
				`{"id":"%s","app":"jira","name":"Inventory","type":"url","url":{"url":"https://inventory.example.com/items"},"auth":{"type":"basic"}}`,
				`{"id":"%s","app":"jira","name":"Inventory","type":"url","auth":{"type":"none"}}`,
			},
		},
	}
}
