package provider

import (
	"fmt"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// ephemeralAttributes converts data source attributes into the same ephemeral resource
// attributes. The framework has one schema package per kind; where a data source and an
// ephemeral resource read the same thing, the schema is written once, for the data source. The
// two packages declare each attribute kind as the same struct, so a conversion copies every field;
// only a nested attribute's attributes, typed by package, are converted one by one. It converts
// the attribute kinds the provider uses and panics on others, which every acceptance test of such
// a pair would show at once.
func ephemeralAttributes(attrs map[string]dsschema.Attribute) map[string]eschema.Attribute {
	out := make(map[string]eschema.Attribute, len(attrs))
	for name, a := range attrs {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = eschema.StringAttribute(a)
		case dsschema.Int64Attribute:
			out[name] = eschema.Int64Attribute(a)
		case dsschema.BoolAttribute:
			out[name] = eschema.BoolAttribute(a)
		case dsschema.ListAttribute:
			out[name] = eschema.ListAttribute(a)
		case dsschema.MapAttribute:
			out[name] = eschema.MapAttribute(a)
		case dsschema.ObjectAttribute:
			out[name] = eschema.ObjectAttribute(a)
		case dsschema.SingleNestedAttribute:
			out[name] = eschema.SingleNestedAttribute{
				Attributes: ephemeralAttributes(a.Attributes), CustomType: a.CustomType, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description,
				MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators,
			}
		default:
			panic(fmt.Sprintf("ephemeralAttributes: attribute %q is a %T, which it does not convert", name, a))
		}
	}
	return out
}
