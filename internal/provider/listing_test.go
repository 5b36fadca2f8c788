package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/faultproxy"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// countingList lists "a", "b" and counts its calls; it waits for release when one is given.
type countingList struct {
	calls   atomic.Int32
	release chan struct{}
	err     error
}

func (c *countingList) list(ctx context.Context) ([]string, error) {
	c.calls.Add(1)
	if c.release != nil {
		select {
		case <-c.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return []string{"a", "b"}, c.err
}

func TestSharedListingListsOnceForConcurrentLookups(t *testing.T) {
	var l sharedListing[string]
	c := &countingList{release: make(chan struct{})}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if got, err := l.get(context.Background(), c.list); err != nil || len(got) != 2 {
				t.Errorf("get = %v, %v", got, err)
			}
		})
	}
	close(c.release)
	wg.Wait()
	if _, err := l.get(context.Background(), c.list); err != nil {
		t.Fatal(err)
	}
	if n := c.calls.Load(); n != 1 {
		t.Errorf("21 lookups listed %d times, want once", n)
	}
	l.forget()
	if _, _ = l.get(context.Background(), c.list); c.calls.Load() != 2 {
		t.Errorf("a lookup after a write did not list afresh")
	}
}

func TestSharedListingKeepsNoListingAWriteOverlapped(t *testing.T) {
	var l sharedListing[string]
	c := &countingList{release: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = l.get(context.Background(), c.list)
	}()
	for c.calls.Load() == 0 {
		// the listing has not started yet
	}
	l.forget() // a write while the listing is under way: it may not hold what was written
	close(c.release)
	<-done
	if _, _ = l.get(context.Background(), c.list); c.calls.Load() != 2 {
		t.Errorf("a listing that a write overlapped was kept")
	}
}

func TestSharedListingKeepsNoFailure(t *testing.T) {
	var l sharedListing[string]
	c := &countingList{err: errors.New("503")}
	for range 2 {
		if _, err := l.get(context.Background(), c.list); err == nil {
			t.Fatal("the failure was not returned")
		}
	}
	if n := c.calls.Load(); n != 2 {
		t.Errorf("a failed listing was kept: %d calls, want 2", n)
	}
}

func TestSharedListingOutlivesTheListersContext(t *testing.T) {
	var l sharedListing[string]
	c := &countingList{release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _, _ = l.get(ctx, c.list) }()
	for c.calls.Load() == 0 {
		// the first lookup has not started listing yet
	}
	result := make(chan error)
	go func() {
		_, err := l.get(context.Background(), c.list)
		result <- err
	}()
	cancel() // the CLI stopped the first lookup; the second one is still wanted
	close(c.release)
	if err := <-result; err != nil {
		t.Fatalf("the second lookup failed with the first one's end: %v", err)
	}
}

// TestLookupsByNameShareOneListing: K lookups by name in one provider configuration, concurrent
// as the CLI makes them, cost one listing of the M objects, not K.
func TestLookupsByNameShareOneListing(t *testing.T) {
	const k, m = 8, 150 // 150 data sources are two pages
	j := fakejira.Start(t)
	ed := fakeexternaldata.Start(t)
	for i := range m {
		addUIOutgoingLink(j, "Link "+strconv.Itoa(i))
		ed.Add(fakeexternaldata.Source{
			App: "jira", Name: "Source " + strconv.Itoa(i), Type: "url",
			URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api", Method: "GET", ResponseType: "json"},
			Auth: &fakeexternaldata.Auth{Type: "none"},
		})
	}
	t.Setenv("OAUTHLINK_JIRA_URL", j.URL)
	t.Setenv("OAUTHLINK_JIRA_TOKEN", j.AdminToken)
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_URL", ed.URL)
	t.Setenv("OAUTHLINK_EXTERNAL_DATA_TOKEN", ed.APIToken)
	p := newProtocolHarness(t)
	ctx := context.Background()
	dataSource := p.schema.DataSourceSchemas["oauthlink_external_data_source"].ValueType()
	var wg sync.WaitGroup
	for i := range k {
		wg.Go(func() {
			name := "Source " + strconv.Itoa(i*(m/k))
			resp, err := p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
				TypeName: "oauthlink_external_data_source",
				Config: dynamicValue(t, dataSource, map[string]tftypes.Value{
					"app": tftypes.NewValue(tftypes.String, "jira"), "name": tftypes.NewValue(tftypes.String, name),
				}),
			})
			if err != nil || len(resp.Diagnostics) > 0 {
				t.Errorf("read %s: %v %+v", name, err, resp.Diagnostics)
			}
		})
		wg.Go(func() {
			name := "Link " + strconv.Itoa(i*(m/k))
			resp, err := p.server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{
				TypeName: "oauthlink_jira_outgoing_link", ID: importByName(name),
			})
			if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
				t.Errorf("import %s: %v %+v", name, err, resp.Diagnostics)
			}
		})
	}
	wg.Wait()
	edLists := 0
	for _, r := range ed.Requests() {
		if r.Method == http.MethodGet && r.Path == "/api/v1/data-sources" {
			edLists++
		}
	}
	if edLists != 2 {
		t.Errorf("%d lookups among %d data sources listed %d pages, want the 2 pages once", k, m, edLists)
	}
	if n := j.CountRequests(http.MethodGet, "/rest/oauth2-client/latest/config"); n != 1 {
		t.Errorf("%d imports among %d outgoing links listed them %d times, want once", k, m, n)
	}
}

// TestAccExternalDataSource_lookupsByNameAroundALostCreate: in the apply, a lookup by name lists
// the data sources before the create; the create's answer is lost, and the create's own lookup
// must list afresh to find and adopt what it created rather than create it again; a lookup
// after the create finds it.
func TestAccExternalDataSource_lookupsByNameAroundALostCreate(t *testing.T) {
	ed := fakeexternaldata.Start(t)
	addUICustomerSource(ed, "jira")
	proxy := faultproxy.Start(t, ed.URL)
	proxy.On(http.MethodPost, "/api/v1/data-sources").AfterCommit(http.StatusOK, nil, "")
	config := ed.ProviderBlockAt(proxy.URL) + `
resource "terraform_data" "first" {}

data "oauthlink_external_data_source" "before" {
  app        = "jira"
  name       = "Customer lookup"
  depends_on = [terraform_data.first]
}

resource "oauthlink_external_data_source" "users" {
  app        = "jira"
  name       = "Inventory"
  url        = { url = "https://inventory.example.com/items" }
  depends_on = [data.oauthlink_external_data_source.before]
}

data "oauthlink_external_data_source" "after" {
  app        = "jira"
  name       = "Inventory"
  depends_on = [oauthlink_external_data_source.users]
}
`
	providerTest(t, resource.TestStep{
		Config: config,
		Check: resource.ComposeTestCheckFunc(
			resource.TestCheckResourceAttrPair("data.oauthlink_external_data_source.after", "id", edAddr, "id"),
			func(*terraform.State) error {
				if n := proxy.Committed(http.MethodPost, "/api/v1/data-sources"); n != 1 {
					return fmt.Errorf("%d creates reached the service, want 1", n)
				}
				if n := len(ed.List()); n != 2 {
					return fmt.Errorf("the service holds %d data sources, want 2", n)
				}
				return nil
			},
		),
	})
}
