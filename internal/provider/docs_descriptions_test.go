package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSchemaDescriptions fails when an attribute of any schema the provider serves, nested ones
// included (such as each claim of oauthlink_client_credentials_token), has no description: the
// registry pages are generated from them, and an attribute without one is a row that says nothing.
// An object-typed attribute fails too, since its fields cannot carry descriptions; a nested
// attribute with the same names and values can.
func TestSchemaDescriptions(t *testing.T) {
	resp := startProtocolHarness(t).schema
	schemas := map[string]*tfprotov6.Schema{"provider": resp.Provider}
	for kind, byName := range map[string]map[string]*tfprotov6.Schema{
		"resource": resp.ResourceSchemas, "data source": resp.DataSourceSchemas,
		"ephemeral resource": resp.EphemeralResourceSchemas, "list resource": resp.ListResourceSchemas,
	} {
		for name, s := range byName {
			schemas[kind+" "+name] = s
		}
	}
	for name, s := range schemas {
		if s.Block.Description == "" && name != "provider" {
			t.Errorf("%s has no description", name)
		}
		checkDescriptions(t, name, s.Block.Attributes)
	}
}

func checkDescriptions(t *testing.T, parent string, attrs []*tfprotov6.SchemaAttribute) {
	t.Helper()
	for _, a := range attrs {
		at := parent + "." + a.Name
		if a.Description == "" {
			t.Errorf("%s has no description", at)
		}
		if _, isObject := a.Type.(tftypes.Object); isObject {
			t.Errorf("%s is an object type whose fields cannot carry descriptions: make it a nested attribute", at)
		}
		if a.NestedType != nil {
			checkDescriptions(t, at, a.NestedType.Attributes)
		}
	}
}
