package validators

import (
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
func Scope() validator.String {
	return StringCheck("Invalid scope", "must be a single scope without white space", CheckScope)
}
