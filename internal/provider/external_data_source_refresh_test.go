package provider

import (
	"reflect"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

// TestSetFromWireLeavesTheOldBlocksAlone checks what the refresh relies on to skip writing an
// unchanged state (saveSource): setFromWire replaces a model's blocks and never changes the ones
// it held, so a shallow copy taken before it still equals the model as it was.
func TestSetFromWireLeavesTheOldBlocksAlone(t *testing.T) {
	scope := "api://crm/.default"
	answers := []*externaldata.DataSource{
		{ID: "ds-1", App: "jira", Name: "CRM", Type: "url", Version: 1,
			URL: &externaldata.URL{URL: "https://crm.example.com/api?q={query}", Method: "GET", ResponseType: "json", Headers: map[string]string{"Accept": "application/json"}},
			Auth: &externaldata.Auth{Type: "oauth2", OAuth2: &externaldata.OAuth2{GrantType: "client_credentials", ClientID: "app",
				TokenURL: "https://login.example.com/token", Scopes: []string{scope}, Authenticated: true}}},
		{ID: "ds-1", App: "jira", Name: "CRM", Type: "database", Version: 2,
			Database: &externaldata.Database{Driver: "postgresql", Host: "db.example.com", Port: 5432, Query: "select 1"},
			Auth:     &externaldata.Auth{Type: "none"}},
		{ID: "ds-1", App: "jira", Name: "CRM", Type: "url", Version: 3,
			URL:  &externaldata.URL{URL: "https://crm.example.com/v2?q={query}", Method: "POST", ResponseType: "json"},
			Auth: &externaldata.Auth{Type: "basic", Basic: &externaldata.Basic{Username: "jira"}}},
		{ID: "ds-1", App: "jira", Name: "CRM", Type: "database", Version: 4,
			Database: &externaldata.Database{Driver: "mysql", Host: "db2.example.com", Port: 3306, Query: "select 2"},
			Auth:     &externaldata.Auth{Type: "none"}},
	}
	for i, first := range answers {
		for j, second := range answers {
			if i != j {
				checkRefreshLeavesHeldBlocks(t, first, second)
			}
		}
	}
}

// checkRefreshLeavesHeldBlocks refreshes a model read from first with second, and expects a copy
// taken before to equal a model read from first alone.
func checkRefreshLeavesHeldBlocks(t *testing.T, first, second *externaldata.DataSource) {
	t.Helper()
	var model, twin externalDataSourceModel
	if err := model.setFromWire(first); err != nil {
		t.Fatal(err)
	}
	if err := twin.setFromWire(first); err != nil {
		t.Fatal(err)
	}
	held := model
	if err := model.setFromWire(second); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(held, twin) {
		t.Errorf("version %d: refreshing from version %d changed the blocks the model held:\n%+v\nwant\n%+v", first.Version, second.Version, held, twin)
	}
	if reflect.DeepEqual(held, model) {
		t.Errorf("version %d: the model refreshed from version %d equals the old one: the test proves nothing", first.Version, second.Version)
	}
}
