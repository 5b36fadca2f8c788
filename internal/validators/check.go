package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// StringCheck makes a string attribute validator of a check function, so that each rule is
// written once and serves both plan-time validation and values from elsewhere (the environment,
// a function argument). Null and unknown values are left to other validators.
func StringCheck(summary, description string, check func(string) error) validator.String {
	return stringCheck{summary: summary, description: description, check: check}
}

// StringWarning is StringCheck for advice: a failed check warns and does not stop the plan. It
// suits rules of the remote service that may differ between its deployments.
func StringWarning(summary, description string, check func(string) error) validator.String {
	return stringCheck{summary: summary, description: description, check: check, warn: true}
}

type stringCheck struct {
	summary, description string
	check                func(string) error
	warn                 bool
}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	err := v.check(req.ConfigValue.ValueString())
	switch {
	case err == nil:
	case v.warn:
		resp.Diagnostics.AddAttributeWarning(req.Path, v.summary, err.Error())
	default:
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, err.Error())
	}
}
