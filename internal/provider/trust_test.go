package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/faultproxy"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The tests in this file put a misbehaving proxy between the provider and each service, and
// check that no answer crashes the provider, empties state, or hands it someone else's object.

// trustCase is one resource: its service, its configuration, where its objects live, and what
// the service stores.
type trustCase struct {
	name     string
	addr     string
	backend  string                      // the service's URL, for a proxy to stand in front of
	config   func(baseURL string) string // a provider that reaches the service at baseURL, and the resource
	itemPath func(id string) string      // the path of one object
	listPath string                      // where creates are POSTed
	stored   func() []string             // the ids the service stores
	// someoneElses adds an object of the same name that a person made with other settings, and
	// returns a function that tells whether it is still as they made it.
	someoneElses func() (id string, unchanged func() bool)
	// importID is the id the import hint gives for the object with the given id.
	importID func(id string) string
	// unusable are answers without a usable object, beyond {} and null.
	unusable []string
}

// idsOf makes a trust case's stored of a fake's list of objects and the id of one.
func idsOf[T any](list func() []T, id func(T) string) func() []string {
	return func() []string {
		var ids []string
		for _, o := range list() {
			ids = append(ids, id(o))
		}
		return ids
	}
}

func trustCases(t *testing.T) []trustCase {
	j := fakejira.Start(t)
	ed := fakeexternaldata.Start(t)
	return []trustCase{
		{
			name: "outgoing link", addr: outgoingAddr, backend: j.URL,
			config: func(baseURL string) string {
				return j.ProviderBlockAt(baseURL) + exchangeLinkConfig
			},
			itemPath: func(id string) string { return "/rest/oauth2-client/latest/config/" + id },
			listPath: "/rest/oauth2-client/latest/config",
			stored:   idsOf(j.OutgoingLinks, func(l fakejira.OutgoingLink) string { return l.ID }),
			someoneElses: func() (string, func() bool) {
				person := fakejira.OutgoingLink{
					Name: "Exchange Online", Type: "MICROSOFT", ClientID: "a-persons-client-id", AuthorizationEndpoint: commonAuthorize,
					TokenEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/token", Scopes: []string{"offline_access"},
					RedirectURISuffix: commonSuffix,
				}
				id := j.AddOutgoingLink(person)
				return id, func() bool { l, ok := j.OutgoingLink(id); return ok && l.ClientID == person.ClientID }
			},
			importID: func(string) string { return "name:Exchange Online" },
		},
		{
			name: "incoming link", addr: "oauthlink_jira_incoming_link.reporting", backend: j.URL,
			config: func(baseURL string) string {
				return j.ProviderBlockAt(baseURL) + `
resource "oauthlink_jira_incoming_link" "reporting" {
  name          = "Reporting"
  redirect_uris = ["https://reports.example.com/callback"]
  scope         = "READ"
}
`
			},
			itemPath: func(id string) string { return "/rest/oauth2/latest/client/" + id },
			listPath: "/rest/oauth2/latest/client",
			stored:   idsOf(j.IncomingLinks, func(l fakejira.IncomingLink) string { return l.ID }),
			someoneElses: func() (string, func() bool) {
				l := j.AddIncomingLink(fakejira.IncomingLink{Name: "Reporting", Redirects: []string{"https://reports.example.com/callback"}, Scope: "ADMIN"})
				return l.ID, func() bool { now, ok := j.IncomingLink(l.ID); return ok && now.Scope == "ADMIN" }
			},
			importID: func(string) string { return "name:Reporting" },
		},
		{
			name: "External Data source", addr: edAddr, backend: ed.URL,
			config: func(baseURL string) string {
				return ed.ProviderBlockAt(baseURL) + `
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = "Inventory"
  url  = { url = "https://inventory.example.com/items" }
  auth = { basic = { username = "svc", password = "p4ssw0rd" } }
}
`
			},
			itemPath: func(id string) string { return "/api/v1/data-sources/" + id },
			listPath: "/api/v1/data-sources",
			stored:   idsOf(ed.List, func(ds fakeexternaldata.Source) string { return ds.ID }),
			someoneElses: func() (string, func() bool) {
				ds := ed.Add(fakeexternaldata.Source{
					App: "jira", Name: "Inventory", Type: "url",
					URL:  &fakeexternaldata.URL{URL: "https://inventory.example.com/other", Method: "GET", ResponseType: "json"},
					Auth: &fakeexternaldata.Auth{Type: "none"},
				})
				return ds.ID, func() bool { now, ok := ed.Get(ds.ID); return ok && now.Version == ds.Version }
			},
			importID: func(string) string { return "name:jira/Inventory" },
			unusable: []string{
				`{"id":"%s","app":"jira","name":"Inventory","type":"url","url":{"url":"https://inventory.example.com/items"},"auth":{"type":"basic"}}`,
				`{"id":"%s","app":"jira","name":"Inventory","type":"url","auth":{"type":"none"}}`,
			},
		},
	}
}

// oneStored returns a check that the service stores exactly one object, the one in state.
func (tc trustCase) oneStored() resource.TestCheckFunc {
	return func(s *terraform.State) error {
		stored := tc.stored()
		if len(stored) != 1 {
			return fmt.Errorf("the service stores %v, want exactly one object", stored)
		}
		if id := s.RootModule().Resources[tc.addr].Primary.ID; id != stored[0] {
			return fmt.Errorf("state holds id %q, the service %q", id, stored[0])
		}
		return nil
	}
}

// TestAccTrust_readWithoutTheObjectKeepsState: a refresh answered 200 with {}, null or an object
// without the block its type requires fails and keeps the last known state; it wrote empty ids
// (or crashed the provider) before.
func TestAccTrust_readWithoutTheObjectKeepsState(t *testing.T) {
	for _, tc := range trustCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			cfg := tc.config(proxy.URL)
			steps := []resource.TestStep{{Config: cfg, Check: tc.oneStored()}}
			for _, body := range append([]string{"{}", "null"}, tc.unusable...) {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						id := tc.stored()[0]
						if strings.Contains(body, "%s") {
							body = fmt.Sprintf(body, id)
						}
						proxy.On(http.MethodGet, tc.itemPath(id)).Always().Respond(http.StatusOK, nil, body)
					},
					Config:      cfg,
					ExpectError: errorMatching("Unable to read", "answered with", "instead of", "Nothing was taken from this answer"),
				})
				steps = append(steps, resource.TestStep{
					// The service answers properly again: the state is as it was, so nothing changes.
					PreConfig: proxy.Reset,
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tc.addr, plancheck.ResourceActionNoop),
					}},
					Check: tc.oneStored(),
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
		})
	}
}

// resourceType is the type of a resource address.
func resourceType(addr string) string { return strings.SplitN(addr, ".", 2)[0] }

// TestAccTrust_createWithoutTheObjectAdopts: a create the service committed but answered with an
// empty body, {} or null is looked up and adopted: it was recorded with an empty id before.
func TestAccTrust_createWithoutTheObjectAdopts(t *testing.T) {
	for i, tc := range trustCases(t) {
		body := []string{"", "{}", "null"}[i%3]
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			proxy.On(http.MethodPost, tc.listPath).AfterCommit(http.StatusOK, nil, body)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{{
					Config: tc.config(proxy.URL),
					Check: resource.ComposeTestCheckFunc(tc.oneStored(), func(*terraform.State) error {
						if n := proxy.Committed(http.MethodPost, tc.listPath); n != 1 {
							return fmt.Errorf("%d creates reached the service, want 1", n)
						}
						return nil
					}),
				}},
			})
		})
	}
}

// TestAccTrust_createLeavesSomeoneElsesObjectAlone: a person made an object of the same name with
// other settings. A create whose answer is lost (503) must not adopt and overwrite it, as it did
// before; the error names it and shows how to import it, as the plain name conflict does.
func TestAccTrust_createLeavesSomeoneElsesObjectAlone(t *testing.T) {
	for _, tc := range trustCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			id, unchanged := tc.someoneElses()
			hint := fmt.Sprintf(`To manage the existing %s with Terraform, import it: terraform import %s.<name> %q`,
				map[bool]string{true: "data source", false: "link"}[tc.addr == edAddr], resourceType(tc.addr), tc.importID(id))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { proxy.On(http.MethodPost, tc.listPath).Respond(http.StatusServiceUnavailable, nil, "") },
						Config:      tc.config(proxy.URL),
						ExpectError: errorMatching("Unable to create", fmt.Sprintf("the object with id %q holds this name and differs from what was sent in", id), hint),
					},
					{
						Config:      tc.config(proxy.URL),
						ExpectError: errorMatching("Unable to create", fmt.Sprintf("the object with id %q holds this name.", id), hint, "Otherwise choose another name."),
					},
				},
			})
			if !unchanged() {
				t.Errorf("the object %s a person made was changed", id)
			}
			if stored := tc.stored(); len(stored) != 1 {
				t.Errorf("the service stores %v, want the person's object only", stored)
			}
		})
	}
}

// TestAccExternalDataSource_lostUpdateAnswerIsNotAConflict: the service applies an update, but its
// answer is lost and the retry, with the old If-Match, gets 412. That is the provider's own write,
// not someone's change in the app's UI: the apply succeeds.
func TestAccExternalDataSource_lostUpdateAnswerIsNotAConflict(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	cfg := func(name string) string {
		return ed.ProviderBlock() + fmt.Sprintf(`
resource "oauthlink_external_data_source" "users" {
  app  = "jira"
  name = %q
  url  = { url = "https://inventory.example.com/items" }
}
`, name)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: cfg("Inventory")},
			{
				PreConfig: func() { ed.FailNextAfterHandling(1, http.MethodPut, http.StatusBadGateway) },
				Config:    cfg("Inventory (renamed)"),
				Check: func(*terraform.State) error {
					if stored := ed.List(); len(stored) != 1 || stored[0].Name != "Inventory (renamed)" {
						return fmt.Errorf("the service stores %+v, want the renamed source", stored)
					}
					if n := ed.CountRequests(http.MethodPut, "/api/v1/data-sources"); n != 2 {
						return fmt.Errorf("%d PUTs, want the lost one and its retry", n)
					}
					return nil
				},
			},
			{
				Config:           cfg("Inventory (renamed)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestInterruptedCreateIsRecorded interrupts an apply (SIGINT, SIGTERM) after the service committed
// a create but before it answered: the provider still looks the object up, and returns it with
// the error, so that Terraform records it (tainted) instead of orphaning it. The plugin protocol
// is spoken directly, because the CLIs' test harness cannot interrupt an apply.
func TestInterruptedCreateIsRecorded(t *testing.T) {
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
	for _, tc := range []struct {
		name, typeName, backend, postPath string
		env                               map[string]string
		planned                           func(typ tftypes.Object) map[string]tftypes.Value
		stored                            func() []string
	}{
		{
			name: "outgoing link", typeName: "oauthlink_jira_outgoing_link", backend: j.URL, postPath: "/rest/oauth2-client/latest/config",
			env: map[string]string{envJiraToken: j.AdminToken},
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"name": str("Exchange Online"), "client_id": str("app-client-id"), "provider_type": str("microsoft"),
					"client_secret": str(exchangeSecret), "tenant": str("common"), "scopes": list(typ.AttributeTypes["scopes"], "offline_access"),
					"authorization_endpoint": str(commonAuthorize), "token_endpoint": str("https://login.microsoftonline.com/common/oauth2/v2.0/token"),
					"redirect_uri_suffix": str(jira.RedirectURISuffix(commonAuthorize)),
				}
			},
			stored: idsOf(j.OutgoingLinks, func(l fakejira.OutgoingLink) string { return l.ID }),
		},
		{
			name: "incoming link", typeName: "oauthlink_jira_incoming_link", backend: j.URL, postPath: "/rest/oauth2/latest/client",
			env: map[string]string{envJiraToken: j.AdminToken},
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"name": str("Reporting"), "scope": str("READ"),
					"redirect_uris": list(typ.AttributeTypes["redirect_uris"], "https://reports.example.com/callback"),
				}
			},
			stored: idsOf(j.IncomingLinks, func(l fakejira.IncomingLink) string { return l.ID }),
		},
		{
			name: "External Data source", typeName: "oauthlink_external_data_source", backend: ed.URL, postPath: "/api/v1/data-sources",
			env: map[string]string{envExternalDataToken: ed.APIToken},
			planned: func(typ tftypes.Object) map[string]tftypes.Value {
				return map[string]tftypes.Value{
					"app": str("jira"), "name": str("Inventory"),
					"url": objectValue(typ.AttributeTypes["url"], map[string]tftypes.Value{
						"url": str("https://inventory.example.com/items"), "method": str("GET"), "response_type": str("json"),
					}),
				}
			},
			stored: idsOf(ed.List, func(ds fakeexternaldata.Source) string { return ds.ID }),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			t.Setenv(envJiraURL, proxy.URL)
			t.Setenv(envExternalDataURL, proxy.URL)
			for name, value := range tc.env {
				t.Setenv(name, value)
			}
			p := newProtocolHarness(t)
			typ := p.schema.ResourceSchemas[tc.typeName].ValueType().(tftypes.Object)
			planned, err := tfprotov6.NewDynamicValue(typ, objectValue(typ, tc.planned(typ)))
			if err != nil {
				t.Fatal(err)
			}
			prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil)) // a create
			if err != nil {
				t.Fatal(err)
			}

			// The service commits the create; its answer is held until the apply is interrupted.
			proxy.On(http.MethodPost, tc.postPath).Hold(make(chan struct{}))
			ctx, interrupt := context.WithCancel(context.Background())
			defer interrupt()
			go func() {
				for deadline := time.Now().Add(10 * time.Second); proxy.Committed(http.MethodPost, tc.postPath) == 0 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				interrupt()
			}()
			resp, err := p.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
				TypeName: tc.typeName, PriorState: &prior, PlannedState: &planned, Config: &planned,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError ||
				!strings.Contains(resp.Diagnostics[0].Detail, "was made before the apply was interrupted and is recorded in state") {
				t.Errorf("diagnostics %s, want one error saying the object is recorded", describe(resp.Diagnostics))
			}
			stored := tc.stored()
			if len(stored) != 1 {
				t.Fatalf("the service stores %v, want the one object created", stored)
			}
			state, err := resp.NewState.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			var attrs map[string]tftypes.Value
			var id string
			if err := state.As(&attrs); err != nil || attrs["id"].As(&id) != nil || id != stored[0] {
				t.Errorf("new state %v, want the object %s recorded", state, stored[0])
			}
		})
	}
}

// objectValue is an object of type typ (an object type) with the given attributes set and the
// others null.
func objectValue(typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	object := typ.(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	return tftypes.NewValue(object, values)
}

func describe(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		parts = append(parts, fmt.Sprintf("%s: %s: %s", d.Severity, d.Summary, d.Detail))
	}
	return strings.Join(parts, "\n")
}
