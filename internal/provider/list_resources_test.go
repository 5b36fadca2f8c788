package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// No CLI the provider is tested with runs `terraform query` (Terraform 1.14): the list resources
// are tested by speaking the plugin protocol to the provider, as the CLI would.

type listed struct {
	name, id string
	resource map[string]tftypes.Value
}

// list calls ListResource for typeName with the given configuration attributes.
func (p *protocolHarness) list(t *testing.T, typeName string, config map[string]tftypes.Value, includeResource bool, limit int64) []listed {
	t.Helper()
	ctx := context.Background()
	schema, ok := p.schema.ListResourceSchemas[typeName]
	if !ok {
		t.Fatalf("no list resource %s", typeName)
	}
	server := p.server.(tfprotov6.ListResourceServer)
	stream, err := server.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: dynamicValue(t, schema.ValueType(), config), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	identityType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	var out []listed
	for result := range stream.Results {
		if len(result.Diagnostics) > 0 {
			t.Fatalf("%s: %s: %s", typeName, result.Diagnostics[0].Summary, result.Diagnostics[0].Detail)
		}
		identity, err := result.Identity.IdentityData.Unmarshal(identityType)
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		_ = identity.As(&attrs)
		item := listed{name: result.DisplayName}
		_ = attrs["id"].As(&item.id)
		if result.Resource != nil {
			v, err := result.Resource.Unmarshal(p.schema.ResourceSchemas[typeName].ValueType())
			if err != nil {
				t.Fatal(err)
			}
			_ = v.As(&item.resource)
		}
		out = append(out, item)
	}
	return out
}

func listedString(v tftypes.Value) string {
	var s string
	_ = v.As(&s)
	return s
}

func TestListResources(t *testing.T) {
	j := fakejira.Start(t)
	ed := fakeexternaldata.Start(t)
	ed.AllowAnyPort()
	t.Setenv(envJiraURL, j.URL)
	t.Setenv(envJiraToken, j.AdminToken)
	t.Setenv(envExternalDataURL, ed.URL)
	t.Setenv(envExternalDataToken, ed.APIToken)
	mailB, other, mailA := addUIOutgoingLink(j, "Mail b"), addUIOutgoingLink(j, "Other"), addUIOutgoingLink(j, "Mail a")
	reporting := addUIIncomingLink(j, "Reporting")
	jiraSource, confluenceSource := addUICustomerSource(ed, "jira"), addUICustomerSource(ed, "confluence")
	p := newProtocolHarness(t)
	prefix := func(s string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"name_prefix": tftypes.NewValue(tftypes.String, s)}
	}

	got := p.list(t, "oauthlink_jira_outgoing_link", nil, true, 0)
	if len(got) != 3 || got[0].id != mailA || got[1].id != mailB || got[2].id != other || got[0].name != "Mail a" {
		t.Fatalf("outgoing links %+v, want Mail a, Mail b, Other", got)
	}
	if r := got[2].resource; listedString(r["client_id"]) != "client-Other" || listedString(r["tenant"]) != "contoso.onmicrosoft.com" ||
		!strings.HasPrefix(listedString(r["redirect_uri"]), j.URL) || !r["client_secret"].IsNull() {
		t.Errorf("outgoing link resource %v", r)
	}
	if got := p.list(t, "oauthlink_jira_outgoing_link", prefix("Mail"), false, 1); len(got) != 1 || got[0].id != mailA || got[0].resource != nil {
		t.Errorf("outgoing links with prefix Mail, limit 1, no resource: %+v", got)
	}
	if got := p.list(t, "oauthlink_jira_outgoing_link", prefix("mail"), true, 0); len(got) != 0 {
		t.Errorf("outgoing links with prefix mail: %+v, want none", got)
	}

	got = p.list(t, "oauthlink_jira_incoming_link", nil, true, 0)
	if len(got) != 1 || got[0].id != reporting.ID || got[0].name != "Reporting" || listedString(got[0].resource["client_id"]) != reporting.ClientID {
		t.Errorf("incoming links %+v", got)
	}

	got = p.list(t, "oauthlink_external_data_source", map[string]tftypes.Value{"app": tftypes.NewValue(tftypes.String, "confluence")}, true, 0)
	if len(got) != 1 || got[0].id != confluenceSource.ID || listedString(got[0].resource["app"]) != "confluence" {
		t.Errorf("confluence sources %+v", got)
	}
	if got := p.list(t, "oauthlink_external_data_source", prefix("Customer"), false, 0); len(got) != 2 ||
		(got[0].id != jiraSource.ID && got[1].id != jiraSource.ID) {
		t.Errorf("sources with prefix Customer: %+v", got)
	}
}
