package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	oauthlink "github.com/oauthlink/terraform-provider-oauthlink/internal/provider"
)

// TestSameSchemaKeepsTheShapeWithoutChecks checks that each mirror has its resource's schema,
// attribute for attribute and type for type, with no validator or plan modifier left at any depth.
func TestSameSchemaKeepsTheShapeWithoutChecks(t *testing.T) {
	ctx := context.Background()
	for _, of := range []resource.Resource{oauthlink.NewJiraOutgoingLinkResource(), oauthlink.NewExternalDataSourceResource()} {
		var original, mirrored resource.SchemaResponse
		of.Schema(ctx, resource.SchemaRequest{}, &original)
		sameSchema{of}.Schema(ctx, resource.SchemaRequest{}, &mirrored)
		if !original.Schema.Type().Equal(mirrored.Schema.Type()) {
			t.Errorf("%T: the mirror's type differs:\n%s\n%s", of, original.Schema.Type(), mirrored.Schema.Type())
		}
		checks := 0
		countChecks(original.Schema.Attributes, &checks)
		if checks == 0 {
			t.Errorf("%T: no validator or plan modifier to remove: the test proves nothing", of)
		}
		checks = 0
		if countChecks(mirrored.Schema.Attributes, &checks); checks != 0 {
			t.Errorf("%T: %d validators or plan modifiers left", of, checks)
		}
	}
}

func countChecks(attributes map[string]schema.Attribute, n *int) {
	for _, attribute := range attributes {
		a := reflect.ValueOf(attribute)
		for _, holder := range []reflect.Value{a, a.FieldByName("NestedObject")} {
			if !holder.IsValid() {
				continue
			}
			for _, checks := range []string{"Validators", "PlanModifiers"} {
				if f := holder.FieldByName(checks); f.IsValid() {
					*n += f.Len()
				}
			}
			if nested := holder.FieldByName("Attributes"); nested.IsValid() {
				countChecks(nested.Interface().(map[string]schema.Attribute), n)
			}
		}
	}
}
