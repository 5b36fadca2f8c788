package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// edAnswer is a data source as the API answers it; auth replaces its auth block.
func edAnswer(auth string) string {
	return `{"id":"ds_1","app":"jira","name":"Inventory","type":"url",` +
		`"url":{"url":"https://inventory.example.com/items","method":"get","response_type":"json","headers":null},"auth":` + auth + `,"version":2}`
}

// priorEDModel is the state of a data source with every block and secret set, as a refresh finds
// it before it reads the answer.
func priorEDModel() externalDataSourceModel {
	secret := types.StringValue("s3cret")
	return externalDataSourceModel{
		externalDataSourceFields: externalDataSourceFields{ID: types.StringValue("ds_1"), Name: types.StringValue("Inventory")},
		Database:                 &edDatabaseModel{Password: secret},
		Auth: &edAuthModel{
			Basic:        &edBasicModel{Password: secret},
			Bearer:       &edBearerModel{Token: secret},
			CustomHeader: &edCustomHeaderModel{Value: secret},
			OAuth2:       &edOAuth2Model{ClientSecret: secret},
		},
	}
}

// TestExternalDataSourceFromAnAnswerWithoutItsBlock: an auth type whose block is missing from the
// answer is an error that says what came, and leaves the model (the prior state) as it was: it
// crashed the provider ("Plugin did not respond") before.
func TestExternalDataSourceFromAnAnswerWithoutItsBlock(t *testing.T) {
	for _, answer := range []string{
		edAnswer(`{"type":"basic"}`), edAnswer(`{"type":"custom_header"}`), edAnswer(`{"type":"oauth2"}`),
		edAnswer(`{"type":"bearer","bearer":null}`), `{"id":"ds_1","type":"url"}`, `{"id":"ds_1","type":"database"}`, `{}`,
	} {
		var ds externaldata.DataSource
		if err := json.Unmarshal([]byte(answer), &ds); err != nil {
			t.Fatal(err)
		}
		m := priorEDModel()
		err := m.setFromWire(&ds)
		if err == nil || !strings.Contains(err.Error(), "External Data answered with a data source") {
			t.Errorf("answer %s: %v, want an error saying what External Data answered", answer, err)
		}
		if prior := priorEDModel(); m.Name != prior.Name || m.Auth == nil || m.Auth.Basic == nil || m.Database == nil {
			t.Errorf("answer %s: the model was changed to %+v", answer, m)
		}
	}
}

// FuzzExternalDataSourceFromWire: no answer, however odd, makes the conversion of a data source
// into the resource's or the data source's model panic.
func FuzzExternalDataSourceFromWire(f *testing.F) {
	for _, seed := range []string{
		"{}", "null", `{"id":"ds_1"}`, edAnswer("null"), edAnswer(`{"type":"none"}`), edAnswer(`{"type":"basic"}`),
		edAnswer(`{"type":"basic","basic":{}}`), edAnswer(`{"type":"bearer","bearer":{}}`), edAnswer(`{"type":"custom_header","custom_header":{}}`),
		edAnswer(`{"type":"oauth2","oauth2":{"scopes":null,"callback_url":null,"authenticated":null}}`),
		edAnswer(`{"type":"oauth2","oauth2":{"scopes":["a",""],"auth_url":"x"}}`), edAnswer(`{"type":"newer"}`),
		`{"id":"ds_1","type":"database","database":{"port":-1,"ssl_mode":null}}`, `{"id":"ds_1","type":"database","url":{}}`,
		`{"id":"ds_1","type":"url","url":{"headers":{"":""}}}`, `{"id":"ds_1","type":"file"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		var ds *externaldata.DataSource
		if json.Unmarshal([]byte(answer), &ds) != nil {
			return
		}
		prior, empty := priorEDModel(), externalDataSourceModel{}
		_ = prior.setFromWire(ds)
		_ = empty.setFromWire(ds)
		if ds != nil {
			var data externalDataSourceDataModel
			data.setFromWire(ds)
		}
	})
}

// FuzzJiraLinkFromWire: no Jira answer makes the conversion of a link into the outgoing or the
// incoming resource's model panic.
func FuzzJiraLinkFromWire(f *testing.F) {
	for _, seed := range []string{
		"{}", `{"id":"L1","type":"MICROSOFT","scopes":null,"authorizationEndpoint":"https://login.microsoftonline.com/x/oauth2/v2.0/authorize"}`,
		`{"id":"L1","type":"microsoft","authorizationEndpoint":"::"}`, `{"id":"L1","type":"GENERIC","scopes":["",""],"description":""}`,
		`{"id":"9","redirects":null,"clientSecret":null,"scope":""}`, `{"id":"9","redirects":["a","a"]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		ctx := context.Background()
		var out jira.OutgoingLink
		if json.Unmarshal([]byte(answer), &out) == nil {
			for _, m := range []jiraOutgoingLinkFields{{}, {ProviderType: types.StringValue("Microsoft"), Tenant: types.StringUnknown()}} {
				_ = m.setFromLink(ctx, &out, "https://jira.example.com/")
			}
		}
		var in jira.IncomingLink
		if json.Unmarshal([]byte(answer), &in) == nil {
			var m jiraIncomingLinkModel
			_ = m.setFromLink(ctx, &in, "https://jira.example.com")
		}
	})
}
