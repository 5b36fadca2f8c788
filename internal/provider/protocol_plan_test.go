package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// diagnosticsOf is the Diagnostics field of a protocol response, nil for a nil response.
func diagnosticsOf(resp any) []*tfprotov6.Diagnostic {
	if v := reflect.ValueOf(resp); !v.IsNil() {
		return v.Elem().FieldByName("Diagnostics").Interface().([]*tfprotov6.Diagnostic)
	}
	return nil
}

// onePlan is what the CLI hears from the provider in one plan of a configuration: it validates
// the configuration twice (once to validate it, once to plan it), then acts on it once (configures
// the provider, plans a resource, reads a data source or opens an ephemeral resource). validate
// and act make those calls and return their answers.
func onePlan(t *testing.T, validate, act func() (any, error)) []*tfprotov6.Diagnostic {
	t.Helper()
	var diags []*tfprotov6.Diagnostic
	for _, call := range []func() (any, error){validate, validate, act} {
		resp, err := call()
		if err != nil {
			t.Fatal(err)
		}
		diags = append(diags, diagnosticsOf(resp)...)
	}
	return diags
}
