package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The diagnostics every resource and data source shares: secrets kept out of logs and messages,
// one summary for a failed operation, the answer of Jira or External Data with each field error
// on the attribute it names, and what to do when a create fails.

// maskSecrets hides secret values from every log line written with the returned context, and
// from the answers (and so the errors) of every request made with it.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	secrets = slices.DeleteFunc(slices.Clone(secrets), func(s string) bool { return s == "" })
	if len(secrets) == 0 {
		return ctx
	}
	return httpx.WithSecrets(tflog.MaskLogStrings(ctx, secrets...), secrets...)
}

// redactQuery drops a URL's query, where a misconfigured credential could sit, from messages.
func redactQuery(raw string) string {
	base, _, _ := strings.Cut(raw, "?")
	return base
}

// The remote objects, as summaries name them.
const (
	outgoingLinkObject = "Jira outgoing link"
	incomingLinkObject = "Jira incoming link"
	edSourceObject     = "External Data source"
)

// unableTo is the summary of a failed operation on a remote object, e.g. `Unable to create Jira
// outgoing link "Exchange"`: the object is named by its name, or by its id where the name may not
// be known yet (the refresh after an import).
func unableTo(action, object, name string) string {
	return fmt.Sprintf("Unable to %s %s %q", action, object, name)
}

// attributeOf places a field error of Jira or External Data on an attribute: ok is false when
// the field names none.
type attributeOf func(field string) (at path.Path, ok bool)

// fieldPaths places the field errors of a service whose field names differ from the attributes'
// (Jira's JSON names).
func fieldPaths(paths map[string]path.Path) attributeOf {
	return func(field string) (path.Path, bool) {
		at, ok := paths[field]
		return at, ok
	}
}

// schemaPaths places the field errors of a service whose field paths are the attribute paths
// (External Data's, e.g. auth.oauth2.token_url), where s has that attribute.
func schemaPaths(ctx context.Context, s schema.Schema) attributeOf {
	return func(field string) (path.Path, bool) {
		at := path.Empty()
		for _, name := range strings.Split(field, ".") {
			at = at.AtName(name)
		}
		_, diags := s.AttributeAtPath(ctx, at)
		return at, !diags.HasError()
	}
}

// apiErrorDiagnostics reports a failed call to Jira or External Data: each field error the service
// answered goes on the attribute it concerns, when place (which may be nil) knows one, so that the
// CLI points at the line to fix; and the whole answer goes into one error, e.g. "Unable to create
// Jira outgoing link \"Exchange\": Jira answered 400: name: a configuration with this name already
// exists."
func apiErrorDiagnostics(summary string, err error, place attributeOf) diag.Diagnostics {
	var diags diag.Diagnostics
	if service, fieldErrors := fieldErrorsOf(err); place != nil {
		for _, name := range slices.Sorted(maps.Keys(fieldErrors)) {
			if at, ok := place(name); ok {
				diags.AddAttributeError(at, summary, fmt.Sprintf("%s: %s", service, strings.Join(fieldErrors[name], "; ")))
			}
		}
	}
	diags.AddError(summary, checks.Sentences(err.Error(), connectionAdvice(err)))
	return diags
}

// baseURLSettings name the setting that holds the URL of each management API, by the service's
// name in httpx.CallError.
var baseURLSettings = map[string]string{
	"Jira":          "jira.base_url (or " + envJiraURL + ")",
	"External Data": "external_data.base_url (or " + envExternalDataURL + ")",
}

// connectionFailure is why a call got no answer, as far as the user can fix it.
type connectionFailure int

const (
	otherFailure connectionFailure = iota
	refused                        // nothing listens at the address
	unknownHost                    // the name lookup found no such host
	untrusted                      // the server's certificate is not trusted
)

// classifyConnectionFailure tells why err got no answer.
func classifyConnectionFailure(err error) connectionFailure {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return refused
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return unknownHost
	case httpx.IsTLSVerification(err):
		return untrusted
	}
	return otherFailure
}

// connectionAdvice says, for a call to Jira or External Data that got no answer because of its
// URL or the certificate behind it, which setting holds the URL and what to check; "" otherwise.
func connectionAdvice(err error) string {
	var callErr *httpx.CallError
	if !errors.As(err, &callErr) {
		return ""
	}
	setting, ok := baseURLSettings[callErr.Service]
	if !ok {
		return ""
	}
	return connectionAdviceOn(err, setting, callErr.Service)
}

// connectionAdviceOn says, for a call that got no answer because of the URL in setting or the
// certificate behind it, what to check about the server (service names it); "" for any other
// failure.
func connectionAdviceOn(err error, setting, service string) string {
	switch classifyConnectionFailure(err) {
	case refused:
		return fmt.Sprintf("Nothing accepted the connection at the host and port of %s: check the URL's host and port, "+
			"that %s is running, and that no firewall or proxy stands between it and the machine that runs Terraform", setting, service)
	case unknownHost:
		return fmt.Sprintf("The host name in %s was not found: check the URL for typos, and that the machine that runs "+
			"Terraform resolves the name (an internal name may need the VPN or the company's DNS)", setting)
	case untrusted:
		return fmt.Sprintf("The machine that runs Terraform does not trust the certificate of the server at %s: if it is "+
			"issued by a private CA or replaced by a TLS-inspecting proxy, put that CA's PEM certificate in the provider's "+
			"ca_cert_pem (or %s); if it is issued for another name, use the host name the certificate names in the URL", setting, envCACertPEM)
	}
	return ""
}

// fieldErrorsOf returns the field errors of a Jira or External Data answer, and the service's name.
func fieldErrorsOf(err error) (service string, fieldErrors map[string][]string) {
	var jiraErr *jira.APIError
	var edErr *externaldata.APIError
	switch {
	case errors.As(err, &jiraErr):
		return "Jira", jiraErr.FieldErrors
	case errors.As(err, &edErr):
		return "External Data", edErr.Fields
	}
	return "", nil
}

// explainCreateError adds to a create's failure what the user can do about it. When the name is
// held by an object this apply did not make (the service refused the name, or a lost create found
// someone else's object under it), it says how to bring that object under Terraform: importID is
// the import id of the object with the given id ("" when its id is unknown). When recorded, the
// object was made before the apply was interrupted and the resource saves it in state.
func explainCreateError(err error, recorded bool, resourceType, noun string, importID func(id string) string) error {
	if recorded {
		return checks.Explain(err, fmt.Sprintf("The %s was made before the apply was interrupted and is recorded in state; Terraform marks it "+
			"tainted, so the next apply replaces it", noun))
	}
	var taken *httpx.NameTakenError
	if !errors.As(err, &taken) {
		return err
	}
	id := importID(taken.ID)
	return checks.Explain(err, fmt.Sprintf("To manage the existing %s with Terraform, import it: terraform import %s.<name> %q, "+
		"or with an import block: import { to = %s.<name>  id = %q }", noun, resourceType, id, resourceType, id), "Otherwise choose another name")
}

// importByID is the import id of a resource imported by its id, which may be unknown.
func importByID(id string) string {
	if id == "" {
		return "<its id>"
	}
	return id
}
