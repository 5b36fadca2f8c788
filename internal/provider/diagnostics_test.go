package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// attributeErrors lists the attribute errors of diags as "path: detail".
func attributeErrors(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags.Errors() {
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			out = append(out, withPath.Path().String()+": "+d.Detail())
		}
	}
	return out
}

func TestAPIErrorDiagnosticsPlaceFieldErrors(t *testing.T) {
	summary := unableTo("create", outgoingLinkObject, "Exchange")
	if summary != `Unable to create Jira outgoing link "Exchange"` {
		t.Errorf("summary %q", summary)
	}
	jiraErr := fmt.Errorf("wrapped: %w", &jira.APIError{StatusCode: 400, FieldErrors: map[string][]string{
		jira.FieldName: {"a configuration with this name already exists"}, jira.FieldRedirectURISuffix: {"bad"}, "unknown": {"x"},
	}})
	diags := apiErrorDiagnostics(summary, jiraErr, fieldPaths(jiraOutgoingFieldPaths))
	want := []string{"name: Jira: a configuration with this name already exists", "authorization_endpoint: Jira: bad"} // by field name
	if got := attributeErrors(diags); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("attribute errors %q, want %q", got, want)
	}
	last := diags.Errors()[len(diags.Errors())-1]
	if last.Summary() != summary || !strings.HasPrefix(last.Detail(), "wrapped: Jira answered 400 Bad Request: ") || !strings.HasSuffix(last.Detail(), ".") {
		t.Errorf("the error: %s: %s", last.Summary(), last.Detail())
	}
	if got := attributeErrors(apiErrorDiagnostics(summary, jiraErr, nil)); len(got) != 0 {
		t.Errorf("without placement: %q", got)
	}

	edErr := &externaldata.APIError{StatusCode: 422, Fields: map[string][]string{
		"auth.oauth2.token_url": {"must be https"}, "auth.nonsense": {"x"}, "name": {"taken"},
	}}
	got := attributeErrors(apiErrorDiagnostics("s", edErr, edFieldErrorPaths(context.Background())))
	want = []string{"auth.oauth2.token_url: External Data: must be https", "name: External Data: taken"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("External Data: %q, want %q", got, want)
	}

	if diags := apiErrorDiagnostics("s", errors.New("connection refused"), fieldPaths(jiraOutgoingFieldPaths)); len(diags) != 1 || diags[0].Detail() != "connection refused." {
		t.Errorf("a plain error: %v", diags)
	}

	// Jira's own messages end with a full stop, and the advice after them is another sentence.
	notAdmin := &jira.APIError{StatusCode: 401, Messages: []string{"Client must be authenticated as a system administrator to access this resource."}}
	if detail := apiErrorDiagnostics("s", notAdmin, nil)[0].Detail(); strings.Contains(detail, "..") ||
		!strings.Contains(detail, "to access this resource. The OAuth 2.0 admin API needs a Jira system administrator") {
		t.Errorf("401: %q", detail)
	}
}

func TestExplainCreateError(t *testing.T) {
	taken := &httpx.NameTakenError{ID: "42", Err: errors.New("Jira answered 409")}
	err := explainCreateError(taken, false, "oauthlink_jira_incoming_link", "link", importByID)
	if !errors.Is(err, taken) || !strings.Contains(err.Error(), `terraform import oauthlink_jira_incoming_link.<name> "42"`) {
		t.Errorf("a taken name: %v", err)
	}
	if err := explainCreateError(&httpx.NameTakenError{Err: errors.New("409")}, false, "r", "link", importByID); !strings.Contains(err.Error(), `"<its id>"`) {
		t.Errorf("an unknown holder: %v", err)
	}
	if err := explainCreateError(errors.New("timeout"), true, "r", "data source", importByID); !strings.Contains(err.Error(), "The data source was made before the apply was interrupted") {
		t.Errorf("recorded: %v", err)
	}
	// A service's message that ends a sentence of its own gets no second full stop.
	ended := &httpx.NameTakenError{ID: "7", Err: errors.New("External Data answered 409 Conflict: the name is taken.")}
	if err := explainCreateError(ended, false, "r", "data source", importByID); strings.Contains(err.Error(), "..") ||
		!strings.Contains(err.Error(), `holds this name. To manage the existing data source`) || !strings.HasSuffix(err.Error(), "Otherwise choose another name.") {
		t.Errorf("joined: %v", err)
	}
	if err := explainCreateError(errors.New("the server needs an administrator."), true, "r", "link", importByID); strings.Contains(err.Error(), "..") {
		t.Errorf("recorded, joined: %v", err)
	}
	if err := explainCreateError(errors.New("400"), false, "r", "link", importByID); err.Error() != "400" {
		t.Errorf("another failure: %v", err)
	}
}

func TestRedactQuery(t *testing.T) {
	if got := redactQuery("https://graph.microsoft.com/v1.0/sites?key=s3cret"); got != "https://graph.microsoft.com/v1.0/sites" {
		t.Errorf("got %q", got)
	}
}

// closedPort returns the address of a port on 127.0.0.1 that nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// quietTLSServer is an https server whose handshake errors are not logged.
func quietTLSServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestConnectionFailuresNameTheSettingAndWhatToCheck(t *testing.T) {
	client, err := httpx.New(httpx.Options{MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, service, url string
		kind               connectionFailure
		want               []string
	}{
		{"refused", "Jira", "http://" + closedPort(t), refused,
			[]string{"connection refused. Nothing accepted the connection at the host and port of jira.base_url (or OAUTHLINK_JIRA_URL)", "that Jira is running"}},
		{"unknown host", "External Data", "https://ed.invalid", unknownHost,
			[]string{"no such host. The host name in external_data.base_url (or OAUTHLINK_EXTERNAL_DATA_URL) was not found"}},
		{"untrusted certificate", "Jira", quietTLSServer(t).URL, untrusted,
			[]string{"certificate signed by unknown authority", "does not trust the certificate of the server at jira.base_url (or OAUTHLINK_JIRA_URL)",
				"ca_cert_pem (or OAUTHLINK_CA_CERT_PEM)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := httpx.CallJSON(context.Background(), client, httpx.JSONCall{Service: tc.service, Method: "GET", URL: tc.url + "/rest", Path: "/rest"}, nil)
			if got := classifyConnectionFailure(err); got != tc.kind {
				t.Errorf("%v: classified as %d, want %d", err, got, tc.kind)
			}
			diags := apiErrorDiagnostics("Unable to read", err, nil)
			detail := diags[0].Detail()
			if !errorMatching(tc.want...).MatchString(detail) || !strings.HasSuffix(detail, ".") || strings.Contains(detail, "..") {
				t.Errorf("detail %q, want %q", detail, tc.want)
			}
		})
	}
	// Failures that are not about the URL, and calls that are not to a management API, get no advice.
	for _, err := range []error{
		&httpx.CallError{Service: "Jira", Method: "GET", Path: "/rest", Err: errors.New("no response within 30s")},
		&httpx.CallError{Service: "Graph", Method: "GET", Path: "/rest", Err: syscall.ECONNREFUSED},
		&jira.APIError{StatusCode: 500},
	} {
		if advice := connectionAdvice(err); advice != "" {
			t.Errorf("%v: advice %q", err, advice)
		}
	}
}

// The CLIs show what each failure to reach a management API says, with its setting.
func TestAccManagementAPIUnreachable(t *testing.T) {
	jiraAt := func(baseURL string) string {
		return fmt.Sprintf(`
provider "oauthlink" {
  max_retries = 0
  jira        = { base_url = %q, token = "t" }
}

data "oauthlink_jira_outgoing_links" "all" {}
`, baseURL)
	}
	for _, tc := range []struct {
		name, config string
		want         *regexp.Regexp
	}{
		{"refused", jiraAt("http://" + closedPort(t)),
			errorMatching("Unable to list the Jira outgoing links", "connection refused. Nothing accepted the connection at the host and port of jira.base_url (or OAUTHLINK_JIRA_URL)")},
		{"unknown host", `
provider "oauthlink" {
  external_data = { base_url = "https://ed.invalid", api_token = "t" }
}

data "oauthlink_external_data_sources" "all" {}
`, errorMatching("Unable to list the External Data sources", "The host name in external_data.base_url (or OAUTHLINK_EXTERNAL_DATA_URL) was not found")},
		{"untrusted certificate", jiraAt(quietTLSServer(t).URL),
			errorMatching("certificate signed by unknown authority", "jira.base_url (or OAUTHLINK_JIRA_URL)", "ca_cert_pem (or OAUTHLINK_CA_CERT_PEM)")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			providerTest(t, resource.TestStep{Config: tc.config, ExpectError: tc.want})
		})
	}
}
