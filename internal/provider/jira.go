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
		names := make([]string, 0, len(apiErr.FieldErrors))
		for name := range apiErr.FieldErrors {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if at, ok := fields[name]; ok {
				diags.AddAttributeError(at, summary, fmt.Sprintf("Jira: %s", strings.Join(apiErr.FieldErrors[name], "; ")))
			}
		}
	}
	diags.AddError(summary, err.Error())
	return diags
}
