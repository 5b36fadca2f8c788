package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ExactlyOneAttribute requires a set object to set exactly one of the named attributes (an
// unknown one counts as set). A null object passes: whether it is needed is another rule. The
// framework's ExactlyOneOf and AtLeastOneOf count the object itself among the choices, so they
// accept an empty object and refuse a null one.
func ExactlyOneAttribute(names ...string) validator.Object { return exactlyOneAttribute{names: names} }

type exactlyOneAttribute struct{ names []string }

func (v exactlyOneAttribute) Description(context.Context) string {
	return "exactly one of " + v.list() + " must be set"
}

func (v exactlyOneAttribute) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v exactlyOneAttribute) list() string { return "`" + strings.Join(v.names, "`, `") + "`" }

func (v exactlyOneAttribute) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attributes := req.ConfigValue.Attributes()
	var set []string
	for _, name := range v.names {
		if value, ok := attributes[name]; ok && !value.IsNull() {
			set = append(set, name)
		}
	}
	attribute := AttributeName(req.Path)
	switch len(set) {
	case 1:
	case 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Missing Attribute",
			AttributeDetail(attribute, fmt.Sprintf("%s needs exactly one of %s; none is set", attribute, v.list())))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Combination",
			AttributeDetail(attribute, fmt.Sprintf("%s needs exactly one of %s, but %s are set: keep one", attribute, v.list(), "`"+strings.Join(set, "` and `")+"`")))
	}
}
