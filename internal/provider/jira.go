package provider

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// jiraErrorDiagnostics reports a failed Jira call: each field error Jira named goes on the
// attribute it concerns (fields maps Jira's JSON field names to attribute paths), and the whole
// answer goes into one error, e.g. "Unable to create Jira outgoing link \"Exchange\": Jira answered
// 400: name: a configuration with this name already exists."
func jiraErrorDiagnostics(summary string, err error, fields map[string]path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	var apiErr *jira.APIError
	if errors.As(err, &apiErr) {
		diags.Append(fieldErrorDiagnostics(summary, "Jira", apiErr.FieldErrors, func(field string) (path.Path, bool) {
			at, ok := fields[field]
			return at, ok
		})...)
	}
	diags.AddError(summary, sentence(err.Error()))
	return diags
}

// fieldErrorDiagnostics puts each field error a service answered on the attribute it concerns,
// when attributeOf knows one, so that the CLI points at the line to fix.
func fieldErrorDiagnostics(summary, service string, fieldErrors map[string][]string, attributeOf func(field string) (path.Path, bool)) diag.Diagnostics {
	var diags diag.Diagnostics
	names := make([]string, 0, len(fieldErrors))
	for name := range fieldErrors {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if at, ok := attributeOf(name); ok {
			diags.AddAttributeError(at, summary, fmt.Sprintf("%s: %s", service, strings.Join(fieldErrors[name], "; ")))
		}
	}
	return diags
}
