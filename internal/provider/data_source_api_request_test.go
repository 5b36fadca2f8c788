package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/apirequest"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
)

func TestAccAPIRequestDataSource_sharePointSiteLookup(t *testing.T) {
	g := startGraph(t)
	testOneStep(t, resource.TestStep{
		// Step 1 of a two-step setup: the site id, which a list's URL then needs.
		Config: g.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", "") + `
output "list_items_url" {
  value = "https://graph.microsoft.com/v1.0/sites/${jsondecode(data.oauthlink_api_request.lookup.response_body).id}/lists/Orders/items"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("status_code"), knownvalue.Int64Exact(200)),
			statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("response_headers").AtMapKey("Content-Type"), knownvalue.StringExact("application/json; charset=utf-8")),
			statecheck.ExpectKnownOutputValue("list_items_url", knownvalue.StringExact("https://graph.microsoft.com/v1.0/sites/"+g.site.ID+"/lists/Orders/items")),
			noSecretsIn{}, // the token stays out of state
		},
	})
}

func TestAccAPIRequestDataSource_answers(t *testing.T) {
	g := startGraph(t)
	providerTest(t,
		resource.TestStep{
			// Admin consent missing: Graph refuses, and the read fails with its answer and
			// what to do in the app registration.
			Config: g.apiRequestConfig(g.entra.UnconsentedClientID, "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", ""),
			ExpectError: errorMatching("Unable to GET", "Microsoft Graph answered 403 Forbidden: accessDenied: Access denied.",
				"The token carries no application permissions (its roles claim is empty): admin consent has not been granted.",
				"as an application permission (not a delegated one", `press "Grant admin consent"`,
				"read claims.roles of an oauthlink_client_credentials_token with the same oauth2 arguments",
				"List the status in accepted_status_codes if it is an answer you expect."),
		},
		resource.TestStep{
			// Consent granted, but to another permission than the call needs.
			Config: g.apiRequestConfig("sites-reader", "/v1.0/users", ""),
			ExpectError: errorMatching("Microsoft Graph answered 403 Forbidden: Authorization_RequestDenied: Insufficient privileges to complete the operation.",
				"The token's application permissions (its roles claim) are Sites.Read.All; the call needs another one.",
				"as an application permission (not a delegated one", "claims.roles"),
		},
		resource.TestStep{
			// A 404 the configuration expects is an answer.
			Config: g.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Nope", "accepted_status_codes = [404]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("status_code"), knownvalue.Int64Exact(404)),
				statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("response_body"), knownvalue.StringRegexp(regexp.MustCompile(`itemNotFound`))),
			},
		},
		resource.TestStep{
			Config: g.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Nope", ""),
			ExpectError: errorMatching("Microsoft Graph answered 404 Not Found: itemNotFound: Requested site could not be found.",
				"List the status in accepted_status_codes"),
		},
	)
}

func TestAccAPIRequestDataSource_refusesHugeBodies(t *testing.T) {
	g := startGraph(t)
	g.answerWith(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", maxResponseBody+1)))
	})
	testOneStep(t, resource.TestStep{
		Config:      g.apiRequestConfig("sites-reader", "/big", ""),
		ExpectError: errorMatching("The answer is larger than 1048576 bytes", "Narrow the request"),
	})
}

func TestAccAPIRequestDataSource_sendsMethodHeadersAndBody(t *testing.T) {
	g := startGraph(t)
	var got *http.Request
	var gotBody string
	g.answerWith(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got, gotBody = r.Clone(r.Context()), string(body)
		w.WriteHeader(http.StatusCreated)
	})
	testOneStep(t, resource.TestStep{
		Config: g.apiRequestConfig("sites-reader", "/v1.0/things", `method = "POST"
  request_body = jsonencode({ name = "x" })`),
		Check: func(*terraform.State) error {
			switch {
			case got == nil:
				return fmt.Errorf("no request arrived")
			case got.Method != http.MethodPost || gotBody != `{"name":"x"}` || got.Header.Get("Accept") != "application/json":
				return fmt.Errorf("got %s %q with Accept %q", got.Method, gotBody, got.Header.Get("Accept"))
			case !strings.HasPrefix(got.Header.Get("Authorization"), "Bearer eyJ"):
				return fmt.Errorf("no bearer token sent")
			}
			return nil
		},
	})
}

// answerWith sends the fixture's API requests to handler instead of the fake Graph; the token
// still comes from the fake Entra.
func (g *graphFixture) answerWith(t *testing.T, handler http.HandlerFunc) {
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	g.url = server.URL
}

func TestAccAPIRequestDataSource_validation(t *testing.T) {
	g := startGraph(t)
	for _, tc := range []struct{ name, cfg, want string }{
		{"body with GET", g.apiRequestConfig("c", "/x", `request_body = "{}"`), "A body needs POST, PUT or PATCH"},
		{"method", g.apiRequestConfig("c", "/x", `method = "TRACE"`), `method "TRACE" is not one of GET, POST, PUT, PATCH, DELETE: use one of them, in any case.`},
		{"body with get", g.apiRequestConfig("c", "/x", `method = "get"
  request_body = "{}"`), "A body needs POST, PUT or PATCH"},
		{"remote http", strings.Replace(g.apiRequestConfig("c", "/x", ""), g.url, "http://graph.example.com", 1), "uses http: use https"},
		{"reserved parameter", strings.Replace(g.apiRequestConfig("c", "/x", ""), `scopes        = ["https://graph.microsoft.com/.default"]`,
			`endpoint_params = { scope = "x" }`, 1), `endpoint_params cannot set "scope"`},
		{"authorization header", strings.Replace(g.apiRequestConfig("c", "/x", ""), `Accept = "application/json"`, `authorization = "Bearer mine"`, 1),
			"Authorization is set by the provider"},
		{"header name", strings.Replace(g.apiRequestConfig("c", "/x", ""), `Accept = "application/json"`, `"Bad Header" = "v"`, 1),
			"not a valid header name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testOneStep(t, resource.TestStep{Config: tc.cfg, PlanOnly: true, ExpectError: errorMatching(tc.want)})
		})
	}
}

// A method in any case is sent in upper case and kept as written (the data source plans no
// difference), and request_headers may be empty.
func TestAccAPIRequestDataSource_methodInAnyCaseAndNoHeaders(t *testing.T) {
	g := startGraph(t)
	var got []string
	g.answerWith(t, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method)
		w.WriteHeader(http.StatusCreated)
	})
	cfg := strings.Replace(g.apiRequestConfig("sites-reader", "/v1.0/things", `method = "post"
  request_body = "{}"`), `request_headers = { Accept = "application/json" }`, `request_headers = {}`, 1)
	providerTest(t, resource.TestStep{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("method"), knownvalue.StringExact("post")),
			statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("request_headers"), knownvalue.MapSizeExact(0)),
			statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("status_code"), knownvalue.Int64Exact(201)),
		},
		Check: func(*terraform.State) error {
			if len(got) == 0 || slices.ContainsFunc(got, func(m string) bool { return m != http.MethodPost }) {
				return fmt.Errorf("want only POST requests, got %v", got)
			}
			return nil
		},
	}, resource.TestStep{
		Config:   cfg,
		PlanOnly: true, // the next plan is empty: "post" is no difference
	})
}

// With sensitive_response the body is in sensitive_response_body, which the CLI treats as
// sensitive (an output of it must say so); without, it stays in response_body.
func TestAccAPIRequestDataSource_sensitiveResponse(t *testing.T) {
	g := startGraph(t)
	sales := "/v1.0/sites/contoso.sharepoint.com:/sites/Sales"
	output := func(sensitive bool, expression string) string {
		return fmt.Sprintf(`
output "site_id" {
  sensitive = %v
  value     = jsondecode(%s).id
}
`, sensitive, expression)
	}
	const (
		body          = "data.oauthlink_api_request.lookup.response_body"
		sensitiveBody = "data.oauthlink_api_request.lookup.sensitive_response_body"
	)
	// The body is in response_body, which needs no marking, unchanged by default and with
	// sensitive_response = false (in extra).
	inResponseBody := func(extra string) resource.TestStep {
		return resource.TestStep{
			Config: g.apiRequestConfig("sites-reader", sales, extra) + output(false, body),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("sensitive_response_body"), knownvalue.Null()),
				statecheck.ExpectKnownOutputValue("site_id", knownvalue.StringExact(g.site.ID)),
			},
		}
	}
	providerTest(t,
		inResponseBody(""),
		inResponseBody("sensitive_response = false"),
		resource.TestStep{
			// The CLI refuses to show what comes from the sensitive body.
			Config:      g.apiRequestConfig("sites-reader", sales, "sensitive_response = true") + output(false, sensitiveBody),
			ExpectError: errorMatching("Output refers to sensitive values"),
		},
		resource.TestStep{
			Config: g.apiRequestConfig("sites-reader", sales, "sensitive_response = true") + output(true, sensitiveBody),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("response_body"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("sensitive_response_body"), knownvalue.StringRegexp(regexp.MustCompile(`"displayName":"Sales"`))),
				statecheck.ExpectKnownOutputValue("site_id", knownvalue.StringExact(g.site.ID)),
			},
		},
	)
}

// An answer from a server other than Graph gets no Graph hint; Graph called with an opaque token
// gets the hint without what the token says.
func TestUnexpectedAnswer(t *testing.T) {
	forbidden := &httpx.Answer{StatusCode: http.StatusForbidden, Status: "403 Forbidden",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error":{"code":"accessDenied","message":"Access denied"}}`)}
	got := unexpectedAnswer("https://api.example.com/things", "opaque-token", forbidden)
	if want := `The server answered 403 Forbidden: {"error":{"code":"accessDenied","message":"Access denied"}}.

List the status in accepted_status_codes if it is an answer you expect.`; got != want {
		t.Errorf("another server:\n%s\nwant\n%s", got, want)
	}
	got = unexpectedAnswer("https://graph.microsoft.us/v1.0/users", "opaque-token", forbidden)
	if want := "Microsoft Graph answered 403 Forbidden: accessDenied: Access denied.\n\n" +
		"Graph refuses an app-only call whose token lacks the application permission the call needs. In the Entra admin center"; !strings.HasPrefix(got, want) {
		t.Errorf("Graph with an opaque token:\n%s\nwant it to begin with\n%s", got, want)
	}
}

// Failures without an answer end with exactly one full stop, and a request that could not be made
// names url, since Terraform drops the location of an ephemeral resource's diagnostics.
func TestAPIRequestFailure(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&apirequest.InvalidRequestError{Err: errors.New(`parse "https://[x": missing ']' in host`)}, `url: parse "https://[x": missing ']' in host.`},
		{&httpx.ReadError{Err: errors.New("unexpected EOF")}, "Reading the answer: unexpected EOF."},
		{errors.New(`Get "https://api.example.com": EOF.`), `Get "https://api.example.com": EOF.`},
	} {
		if got := apiRequestFailure("Unable to GET https://api.example.com", tc.err).Detail(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// A call of oauthlink_api_request that reaches no server says that url holds the address, as the
// management APIs name their base_url.
func TestAPIRequestFailureNamesURLWhenNothingAnswers(t *testing.T) {
	client, err := httpx.New(httpx.Options{MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ url, want string }{
		{"http://" + closedPort(t), "connection refused. Nothing accepted the connection at the host and port of url: check the URL's host and port, that the server is running"},
		{"https://api.invalid", "no such host. The host name in url was not found"},
		{quietTLSServer(t).URL, "does not trust the certificate of the server at url: .* ca_cert_pem"},
	} {
		_, err := apirequest.Do(context.Background(), client, apirequest.Request{Method: "GET", URL: tc.url, TokenType: "Bearer", AccessToken: "t"}, 1024)
		detail := apiRequestFailure("Unable to GET "+tc.url, err).Detail()
		if !regexp.MustCompile(tc.want).MatchString(detail) || strings.Contains(detail, "..") {
			t.Errorf("%s: %q, want %q", tc.url, detail, tc.want)
		}
	}
}
