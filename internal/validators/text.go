package validators

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// Length validates the length of a string attribute with checks.Length.
func Length(min, max int, counting checks.Counting) validator.String {
	return AttributeCheck("Invalid length", fmt.Sprintf("must be %d to %d characters long%s", min, max, counting.How),
		func(attribute, value string) error { return checks.Length(attribute, value, min, max, counting) })
}

// NoControlCharacters refuses line breaks, tabs and other control characters with
// checks.NoControlCharacters: the message names the attribute and the character, never the value,
// and ends with fix, e.g. "remove it".
func NoControlCharacters(fix string) validator.String {
	return AttributeCheck("Control character in value", "must not hold control characters such as line breaks",
		func(attribute, value string) error { return checks.NoControlCharacters(attribute, value, fix) })
}

// Name validates a name with checks.Name.
func Name(max int, counting checks.Counting) validator.String {
	return AttributeCheck("Invalid name", fmt.Sprintf("must be 1 to %d characters%s, not blank, without line breaks or other control characters", max, counting.How),
		func(attribute, value string) error { return checks.Name(attribute, value, max, counting) })
}

// Scope validates a string (a list element) with checks.Scope.
func Scope() validator.String {
	return StringCheck("Invalid scope", "must be a single scope without white space", checks.Scope)
}
