package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckScope returns an error unless scope is one non-empty scope token without white space
// (RFC 6749 §3.3): scopes are joined with spaces on the wire, so "a b" would silently become two.
func CheckScope(scope string) error {
	switch {
	case scope == "":
		return fmt.Errorf("a scope must not be empty")
	case strings.ContainsAny(scope, " \t\r\n"):
		return fmt.Errorf("%q holds white space: list each scope as its own element, e.g. [\"%s\"]", scope, strings.Join(strings.Fields(scope), `", "`))
	}
	return nil
}

// Scope validates a string (a list element) with CheckScope.
func Scope() validator.String { return scope{} }

type scope struct{}

func (scope) Description(context.Context) string {
	return "must be a single scope without white space"
}

func (v scope) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scope) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckScope(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid scope", err.Error())
	}
}
