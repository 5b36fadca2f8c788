package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// StringCheck makes a string attribute validator of a check function, so that each rule is
// written once and serves both plan-time validation and values from elsewhere (the environment,
// a function argument). Null and unknown values are left to other validators. The message names
// the attribute (AttributeDetail), so check need not.
func StringCheck(summary, description string, check func(string) error) validator.String {
	return stringCheck{valueCheck[string]{summary, description, func(_, value string) error { return check(value) }}}
}

// CheckWarning is StringCheck for advice, which suits rules of the remote service that may differ
// between its deployments: a warning, not an error, when value is known and fails check. It is no
// validator, so that it shows once per plan (see SecretIDWarning).
func CheckWarning(at path.Path, value types.String, summary string, check func(string) error) diag.Diagnostics {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	err := check(value.ValueString())
	if err == nil {
		return nil
	}
	return diag.Diagnostics{diag.NewAttributeWarningDiagnostic(at, summary, AttributeDetail(AttributeName(at), err.Error()))}
}

// AttributeCheck is StringCheck for a check that names the attribute in its own sentence, e.g.
// "name is empty: …": it gets the attribute's name as AttributeName writes it, e.g.
// url.headers["Accept"].
func AttributeCheck(summary, description string, check func(attribute, value string) error) validator.String {
	return stringCheck{valueCheck[string]{summary, description, check}}
}

// Int64Check makes an Int64 attribute (or list element) validator of a check function that gets
// the attribute's name, as AttributeCheck does. Null and unknown values are left alone.
func Int64Check(summary, description string, check func(attribute string, value int64) error) validator.Int64 {
	return int64Check{valueCheck[int64]{summary, description, check}}
}

// valueCheck is what the validators of a check function share, whatever the attribute's type:
// stringCheck and int64Check only give it their kind's value.
type valueCheck[T any] struct {
	summary, description string
	check                func(attribute string, value T) error
}

func (v valueCheck[T]) Description(context.Context) string { return v.description }

func (v valueCheck[T]) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

// validate checks the configured value, unless it is null or unknown: those are left to other
// validators.
func (v valueCheck[T]) validate(at path.Path, nullOrUnknown bool, value T, diags *diag.Diagnostics) {
	if nullOrUnknown {
		return
	}
	attribute := AttributeName(at)
	if err := v.check(attribute, value); err != nil {
		diags.AddAttributeError(at, v.summary, AttributeDetail(attribute, err.Error()))
	}
}

type stringCheck struct{ valueCheck[string] }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	nullOrUnknown := req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown()
	v.validate(req.Path, nullOrUnknown, req.ConfigValue.ValueString(), &resp.Diagnostics)
}

type int64Check struct{ valueCheck[int64] }

func (v int64Check) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	nullOrUnknown := req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown()
	v.validate(req.Path, nullOrUnknown, req.ConfigValue.ValueInt64(), &resp.Diagnostics)
}

// AttributeName writes an attribute's path as a configuration spells it: request_headers["Accept"],
// accepted_status_codes[0], auth.custom_header.name. An element of a set is named by its set.
func AttributeName(p path.Path) string {
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case path.PathStepElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		case path.PathStepElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		}
	}
	return b.String()
}

// AttributeDetail is the text of a diagnostic about the value of an attribute, named as
// AttributeName writes it: message as a sentence (checks.Sentence) that begins with the
// attribute's name, "token_url: …", unless it already does ("name is empty: …"). Terraform drops
// the location of the diagnostics of ephemeral resources and of the provider configuration, so the
// text itself must say which attribute to fix; every validator and configuration check writes
// its message through this function.
func AttributeDetail(attribute, message string) string {
	message = strings.TrimSpace(message)
	if attribute != "" && !beginsWith(message, attribute) {
		message = attribute + ": " + message
	}
	return Sentence(message)
}

// beginsWith reports whether message begins with the word (or path) name.
func beginsWith(message, name string) bool {
	rest, ok := strings.CutPrefix(message, name)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == ':')
}

// Sentence is checks.Sentence, for diagnostics.
func Sentence(message string) string { return checks.Sentence(message) }
