package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testPluralDataSources applies config, a provider block and data sources of one plural kind, and
// checks the state: checks, and that it holds none of secrets.
func testPluralDataSources(t *testing.T, config string, secrets []string, checks ...statecheck.StateCheck) {
	t.Helper()
	testOneStep(t, resource.TestStep{Config: config, ConfigStateChecks: append(checks, noSecretsIn{secrets: secrets})})
}

// listedIn is the list of one plural data source in a test's configuration, for its checks.
type listedIn struct {
	address string // "data.oauthlink_jira_outgoing_links.all"
	list    string // "links"
}

// pluralDataSourceLists returns the list of each data source of the plural kind typeName, by
// its name in the configuration.
func pluralDataSourceLists(typeName, list string) func(name string) listedIn {
	return func(name string) listedIn { return listedIn{address: "data." + typeName + "." + name, list: list} }
}

// size expects n elements.
func (l listedIn) size(n int) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(l.address, tfjsonpath.New(l.list), knownvalue.ListSizeExact(n))
}

// at expects the attribute of element i to be want; a nested attribute is named by its path,
// joined by dots ("auth.oauth2.client_id").
func (l listedIn) at(i int, attribute string, want knownvalue.Check) statecheck.StateCheck {
	at := tfjsonpath.New(l.list).AtSliceIndex(i)
	for _, name := range strings.Split(attribute, ".") {
		at = at.AtMapKey(name)
	}
	return statecheck.ExpectKnownValue(l.address, at, want)
}

// exactly expects these elements in this order, each with at least the attributes given.
func (l listedIn) exactly(elements ...map[string]knownvalue.Check) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(elements))
	for i, attributes := range elements {
		checks[i] = knownvalue.ObjectPartial(attributes)
	}
	return statecheck.ExpectKnownValue(l.address, tfjsonpath.New(l.list), knownvalue.ListExact(checks))
}

// idAndName are the attributes of an element that name an object.
func idAndName(id, name string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "name": knownvalue.StringExact(name)}
}
