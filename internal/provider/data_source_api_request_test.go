package provider

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAPIRequestDataSource_sharePointSiteLookup(t *testing.T) {
	g := startGraph(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
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
		}},
	})
}

func TestAccAPIRequestDataSource_answers(t *testing.T) {
	g := startGraph(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				// Admin consent missing: Graph refuses, and the read fails with its answer.
				Config:      g.apiRequestConfig(g.entra.UnconsentedClientID, "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", ""),
				ExpectError: errorMatching("Unable to GET", "The server answered 403 Forbidden", "accessDenied", "accepted_status_codes"),
			},
			{
				// A 404 the configuration expects is an answer.
				Config: g.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Nope", "accepted_status_codes = [404]"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("status_code"), knownvalue.Int64Exact(404)),
					statecheck.ExpectKnownValue("data.oauthlink_api_request.lookup", tfjsonpath.New("response_body"), knownvalue.StringRegexp(regexp.MustCompile(`itemNotFound`))),
				},
			},
			{
				Config:      g.apiRequestConfig("sites-reader", "/v1.0/sites/contoso.sharepoint.com:/sites/Nope", ""),
				ExpectError: errorMatching("The server answered 404 Not Found", "Requested site could not be found"),
			},
		},
	})
}

func TestAccAPIRequestDataSource_refusesHugeBodies(t *testing.T) {
	g := startGraph(t)
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", maxResponseBody+1)))
	}))
	t.Cleanup(huge.Close)
	g.url = huge.URL
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:      g.apiRequestConfig("sites-reader", "/big", ""),
			ExpectError: errorMatching("The answer is larger than 1048576 bytes", "Narrow the request"),
		}},
	})
}

func TestAccAPIRequestDataSource_sendsMethodHeadersAndBody(t *testing.T) {
	g := startGraph(t)
	var got *http.Request
	var gotBody string
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got, gotBody = r.Clone(r.Context()), string(body)
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(echo.Close)
	g.url = echo.URL
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
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
		}},
	})
}

func TestAccAPIRequestDataSource_validation(t *testing.T) {
	g := startGraph(t)
	for _, tc := range []struct{ name, cfg, want string }{
		{"body with GET", g.apiRequestConfig("c", "/x", `request_body = "{}"`), "A body needs POST, PUT or PATCH"},
		{"method", g.apiRequestConfig("c", "/x", `method = "TRACE"`), "value must be one of"},
		{"remote http", strings.Replace(g.apiRequestConfig("c", "/x", ""), g.url, "http://graph.example.com", 1), "uses http: use https"},
		{"reserved parameter", strings.Replace(g.apiRequestConfig("c", "/x", ""), `scopes        = ["https://graph.microsoft.com/.default"]`,
			`endpoint_params = { scope = "x" }`, 1), `endpoint_params cannot set "scope"`},
		{"authorization header", strings.Replace(g.apiRequestConfig("c", "/x", ""), `Accept = "application/json"`, `authorization = "Bearer mine"`, 1),
			"Authorization is set by the provider"},
		{"header name", strings.Replace(g.apiRequestConfig("c", "/x", ""), `Accept = "application/json"`, `"Bad Header" = "v"`, 1),
			"not a valid header name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}
