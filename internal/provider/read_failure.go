package provider

import "github.com/hashicorp/terraform-plugin-framework/diag"

// readFailure is the error of a data source or an ephemeral resource that reads one object the
// configuration names: missing, the detail, says that the service has no such object; any other
// failure is explained as apiErrorDiagnostics does.
func readFailure(summary string, err error, missing string) diag.Diagnostics {
	if isNotFound(err) {
		return diag.Diagnostics{diag.NewErrorDiagnostic(summary, missing)}
	}
	return apiErrorDiagnostics(summary, err, nil)
}
