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
)

// The tests in this file put a misbehaving proxy between the provider and each service, and
// check that no answer crashes the provider, empties state, or hands it someone else's object.

// oneStored returns a check that the service stores exactly one object, the one in state.
func (tc resourceCase) oneStored() resource.TestCheckFunc {
	return func(s *terraform.State) error {
		stored := tc.storedIDs()
		if len(stored) != 1 {
			return fmt.Errorf("the service stores %v, want exactly one object", stored)
		}
		if id := s.RootModule().Resources[tc.addr()].Primary.ID; id != stored[0] {
			return fmt.Errorf("state holds id %q, the service %q", id, stored[0])
		}
		return nil
	}
}

// TestAccTrust_readWithoutTheObjectKeepsState: a refresh answered 200 with {}, null or an object
// without the block its type requires fails and keeps the last known state; it wrote empty ids
// (or crashed the provider) before.
func TestAccTrust_readWithoutTheObjectKeepsState(t *testing.T) {
	for _, tc := range resourceCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			cfg := tc.config(proxy.URL)
			steps := []resource.TestStep{{Config: cfg, Check: tc.oneStored()}}
			for _, body := range append([]string{"{}", "null"}, tc.unusable...) {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						id := tc.storedIDs()[0]
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
					PreConfig:        proxy.Reset,
					Config:           cfg,
					ConfigPlanChecks: preApply(plancheck.ExpectResourceAction(tc.addr(), plancheck.ResourceActionNoop)),
					Check:            tc.oneStored(),
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
		})
	}
}

// TestAccTrust_createWithoutTheObjectAdopts: a create the service committed but answered with an
// empty body, {} or null is looked up and adopted: it was recorded with an empty id before.
func TestAccTrust_createWithoutTheObjectAdopts(t *testing.T) {
	for i, tc := range resourceCases(t) {
		body := []string{"", "{}", "null"}[i%3]
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			proxy.On(http.MethodPost, tc.listPath).AfterCommit(http.StatusOK, nil, body)
			testOneStep(t, resource.TestStep{
				Config: tc.config(proxy.URL),
				Check: resource.ComposeTestCheckFunc(tc.oneStored(), func(*terraform.State) error {
					if n := proxy.Committed(http.MethodPost, tc.listPath); n != 1 {
						return fmt.Errorf("%d creates reached the service, want 1", n)
					}
					return nil
				}),
			})
		})
	}
}

// TestAccTrust_createLeavesSomeoneElsesObjectAlone: a person made an object of the same name with
// other settings. A create whose answer is lost (503) must not adopt and overwrite it, as it did
// before; the error names it and shows how to import it, as the plain name conflict does.
func TestAccTrust_createLeavesSomeoneElsesObjectAlone(t *testing.T) {
	for _, tc := range resourceCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			id, unchanged := tc.someoneElses()
			hint := fmt.Sprintf(`To manage the existing %s with Terraform, import it: terraform import %s.<name> %q`,
				map[bool]string{true: "data source", false: "link"}[tc.addr() == edAddr], tc.block.typeName, tc.importID)
			providerTest(t,
				resource.TestStep{
					PreConfig:   func() { proxy.On(http.MethodPost, tc.listPath).Respond(http.StatusServiceUnavailable, nil, "") },
					Config:      tc.config(proxy.URL),
					ExpectError: errorMatching("Unable to create", fmt.Sprintf("the object with id %q holds this name and differs from what was sent in", id), hint),
				},
				resource.TestStep{
					Config:      tc.config(proxy.URL),
					ExpectError: errorMatching("Unable to create", fmt.Sprintf("the object with id %q holds this name.", id), hint, "Otherwise choose another name."),
				},
			)
			if !unchanged() {
				t.Errorf("the object %s a person made was changed", id)
			}
			if stored := tc.storedIDs(); len(stored) != 1 {
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
		return edConfig(ed, fmt.Sprintf(`
  name = %q
  url  = { url = "https://inventory.example.com/items" }`, name))
	}
	providerTest(t,
		resource.TestStep{Config: cfg("Inventory")},
		resource.TestStep{
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
		resource.TestStep{
			Config:           cfg("Inventory (renamed)"),
			ConfigPlanChecks: preApply(plancheck.ExpectEmptyPlan()),
		},
	)
}

// TestInterruptedCreateIsRecorded interrupts an apply (SIGINT, SIGTERM) after the service committed
// a create but before it answered: the provider still looks the object up, and returns it with
// the error, so that Terraform records it (tainted) instead of orphaning it. The plugin protocol
// is spoken directly, because the CLIs' test harness cannot interrupt an apply.
func TestInterruptedCreateIsRecorded(t *testing.T) {
	for _, tc := range resourceCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			proxy := faultproxy.Start(t, tc.backend)
			t.Setenv(envJiraURL, proxy.URL)
			t.Setenv(envExternalDataURL, proxy.URL)
			for name, value := range tc.env {
				t.Setenv(name, value)
			}
			p := newProtocolHarness(t)
			typeName := tc.block.typeName
			typ := p.schema.ResourceSchemas[typeName].ValueType().(tftypes.Object)
			planned, err := tfprotov6.NewDynamicValue(typ, objectValue(typ, tc.planned(typ)))
			if err != nil {
				t.Fatal(err)
			}
			prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil)) // a create
			if err != nil {
				t.Fatal(err)
			}

			// The service commits the create; its answer is held until the apply is interrupted.
			proxy.On(http.MethodPost, tc.listPath).Hold(make(chan struct{}))
			ctx, interrupt := context.WithCancel(context.Background())
			defer interrupt()
			go func() {
				for deadline := time.Now().Add(10 * time.Second); proxy.Committed(http.MethodPost, tc.listPath) == 0 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				interrupt()
			}()
			resp, err := p.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
				TypeName: typeName, PriorState: &prior, PlannedState: &planned, Config: &planned,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError ||
				!strings.Contains(resp.Diagnostics[0].Detail, "was made before the apply was interrupted and is recorded in state") {
				t.Errorf("diagnostics %s, want one error saying the object is recorded", describe(resp.Diagnostics))
			}
			stored := tc.storedIDs()
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
