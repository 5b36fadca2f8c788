package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// Bad input that the provider used to accept (or to report as a bug of its own) is refused at
// plan time, naming the attribute and how to fix it, without showing secrets. These tests speak
// the plugin protocol's validation calls, which is what the CLIs send first; the acceptance test
// below runs a few of the same cases through the CLIs.

// huge is a number far beyond 64 bits, which Terraform's numbers can hold.
const huge = "99999999999999999999999"

// The configurations the cases change: each is valid as it is.
var (
	baseOutgoing = map[string]any{
		"name": "Exchange Online", "provider_type": "microsoft", "client_id": "c", "client_secret": "s", "scopes": []any{"offline_access"},
	}
	baseIncoming = map[string]any{"name": "Reporting", "redirect_uris": []any{"https://r.example.com/cb"}, "scope": "READ"}
	baseSource   = map[string]any{"app": "jira", "name": "Users", "url": map[string]any{"url": "https://graph.example.com/v1.0/users"}}
	baseToken    = map[string]any{"token_url": "https://login.example.com/token", "client_id": "c", "client_secret": "s"}
	baseRequest  = map[string]any{"url": "https://graph.example.com/v1.0/sites/root", "oauth2": baseToken}
	baseProvider = map[string]any{}
)

// badInput is a configuration of one kind of block and what its validation must say.
type badInput struct {
	name   string
	kind   string // "provider", "resource", "data", "ephemeral"
	typ    string // resource, data source or ephemeral resource type
	config map[string]any
	// want are the parts of one error's detail, in order; none means the configuration is valid.
	want []string
	// secret must not appear in any diagnostic.
	secret string
}

func with(base map[string]any, set map[string]any) map[string]any {
	out := maps.Clone(base)
	for k, v := range set {
		if inner, ok := v.(map[string]any); ok {
			if old, ok := out[k].(map[string]any); ok {
				out[k] = with(old, inner)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func emoji(n int) string { return strings.Repeat("😀", n) }

func longURL(n int) string {
	return "https://example.com/" + strings.Repeat("a", n-len("https://example.com/"))
}

func badInputs() []badInput {
	outgoing := func(name string, set map[string]any, want ...string) badInput {
		return badInput{name: "outgoing link " + name, kind: "resource", typ: "oauthlink_jira_outgoing_link", config: with(baseOutgoing, set), want: want}
	}
	incoming := func(name string, set map[string]any, want ...string) badInput {
		return badInput{name: "incoming link " + name, kind: "resource", typ: "oauthlink_jira_incoming_link", config: with(baseIncoming, set), want: want}
	}
	source := func(name string, set map[string]any, want ...string) badInput {
		return badInput{name: "external data source " + name, kind: "resource", typ: "oauthlink_external_data_source", config: with(baseSource, set), want: want}
	}
	request := func(name string, set map[string]any, want ...string) badInput {
		return badInput{name: "api request " + name, kind: "data", typ: "oauthlink_api_request", config: with(baseRequest, set), want: want}
	}
	provider := func(name string, set map[string]any, want ...string) badInput {
		return badInput{name: "provider " + name, kind: "provider", config: with(baseProvider, set), want: want}
	}
	secret := func(b badInput, s string) badInput { b.secret = s; return b }
	const nameLimit = "characters long as Jira counts them (UTF-16 code units, in which an emoji usually counts 2); at most 255 are allowed: shorten it."
	return []badInput{
		// The configurations the cases start from are valid, and so are names as long as Jira
		// allows, counted as Jira counts them: 100 emoji are 200 UTF-16 code units (400 bytes).
		outgoing("as it is", nil),
		incoming("as it is", nil),
		source("as it is", nil),
		request("as it is", nil),
		outgoing("named with 100 emoji", map[string]any{"name": emoji(100), "description": emoji(127)}),
		incoming("named with 100 emoji", map[string]any{"name": emoji(100)}),
		source("named with 255 emoji", map[string]any{"name": emoji(255)}),

		// Blank names, and names with control characters.
		outgoing("blank name", map[string]any{"name": "   "}, "name is only white space: give it a name people recognise"),
		outgoing("empty name", map[string]any{"name": ""}, "name is empty: give it a name"),
		outgoing("name with a line feed", map[string]any{"name": "Exchange\nOnline"},
			`name "Exchange\nOnline" holds a line feed (U+000A) at character 9: a name is one line of printable text; remove it.`),
		outgoing("name with a tab", map[string]any{"name": "Exchange\tOnline"}, "holds a tab (U+0009) at character 9"),
		outgoing("client_id with a line feed", map[string]any{"client_id": "app\n"}, "client_id holds a line feed (U+000A) at character 4: a client ID is one line of text; remove it."),
		incoming("blank name", map[string]any{"name": " \t "}, "name is only white space"),
		incoming("name with a carriage return", map[string]any{"name": "Reporting\r"}, "holds a carriage return (U+000D) at character 10"),
		incoming("name with NUL", map[string]any{"name": "Report\x00ing"}, "holds a NUL character (U+0000) at character 7"),
		source("name with a line feed", map[string]any{"name": "Graph\nusers"}, `name "Graph\nusers" holds a line feed (U+000A) at character 6`),
		source("name with DEL", map[string]any{"name": "Graph\x7fusers"}, "holds a control character (U+007F) at character 6"),

		// Lengths counted as Jira counts them.
		outgoing("name of 128 emoji", map[string]any{"name": emoji(128)}, "name is 256 "+nameLimit),
		outgoing("description of 128 emoji", map[string]any{"description": emoji(128)}, "description is 256 "+nameLimit),
		incoming("name of 128 emoji", map[string]any{"name": emoji(128)}, "name is 256 "+nameLimit),

		// URLs of 100 000 characters.
		outgoing("endpoint of 100000 characters", map[string]any{"provider_type": "generic", "authorization_endpoint": longURL(100000), "token_endpoint": "https://idp.example.com/token"},
			"authorization_endpoint: the URL is 100000 characters long; the provider accepts at most 2048 (its own bound, as the services set none", "shorten it."),
		incoming("redirect URI of 100000 characters", map[string]any{"redirect_uris": []any{longURL(100000)}}, "redirect_uris: the redirect URI is 100000", "Jira accepts at most 450: shorten it."),
		source("url of 100000 characters", map[string]any{"url": map[string]any{"url": longURL(100000)}}, "url.url: the URL is 100000 characters long"),
		source("token_url of 100000 characters", map[string]any{"auth": map[string]any{"oauth2": map[string]any{"client_id": "c", "token_url": longURL(100000)}}},
			"auth.oauth2.token_url: the URL is 100000 characters long"),
		request("url of 100000 characters", map[string]any{"url": longURL(100000)}, "url: the URL is 100000 characters long"),
		request("token_url of 2049 characters", map[string]any{"oauth2": map[string]any{"token_url": longURL(2049)}}, "oauth2.token_url: the URL is 2049 characters long; the provider accepts at most 2048"),
		{name: "token token_url of 100000 characters", kind: "data", typ: tokenTypeName, config: with(baseToken, map[string]any{"token_url": longURL(100000)}),
			want: []string{"token_url: the URL is 100000 characters long"}},
		provider("jira.base_url of 100000 characters", map[string]any{"jira": map[string]any{"base_url": longURL(100000), "token": "t"}},
			"jira.base_url: the URL is 100000 characters long"),

		// Control characters in header names and values, and in token request fields.
		secret(request("header value with CR LF", map[string]any{"request_headers": map[string]any{"X-Api-Key": "k3y\r\nX-Evil: 1"}},
			`request_headers["X-Api-Key"] holds a carriage return (U+000D) at character 4: a header value is one line of text`, "remove it."), "k3y"),
		request("header name with CR LF", map[string]any{"request_headers": map[string]any{"X-Key\r\nX-Evil": "v"}}, "is not a valid header name"),
		source("url.headers value with LF", map[string]any{"url": map[string]any{"headers": map[string]any{"Accept": "application/json\nX-Evil: 1"}}},
			`url.headers["Accept"] holds a line feed (U+000A) at character 17`),
		source("custom_header.name with CR LF", map[string]any{"auth": map[string]any{"custom_header": map[string]any{"name": "X-Key\r\nX-Evil", "value": "v"}}},
			"is not a valid header name"),
		secret(source("custom_header.value with LF", map[string]any{"auth": map[string]any{"custom_header": map[string]any{"name": "X-Key", "value": "s3cr3t\nX-Evil: 1"}}},
			"auth.custom_header.value holds a line feed (U+000A) at character 7"), "s3cr3t"),
		secret(source("bearer.token with CR", map[string]any{"auth": map[string]any{"bearer": map[string]any{"token": "t0k3n\r"}}},
			"auth.bearer.token holds a carriage return"), "t0k3n"),
		request("endpoint_params value with LF", map[string]any{"oauth2": map[string]any{"endpoint_params": map[string]any{"audience": "api://x\nscope=y"}}},
			`oauth2.endpoint_params["audience"] holds a line feed (U+000A) at character 8: a token request field is one line of text; remove it.`),
		{name: "token endpoint_params value with CR", kind: "data", typ: tokenTypeName, config: with(baseToken, map[string]any{"endpoint_params": map[string]any{"resource": "r\r"}}),
			want: []string{`endpoint_params["resource"] holds a carriage return (U+000D) at character 2`}},
		{name: "ephemeral token endpoint_params value with LF", kind: "ephemeral", typ: tokenTypeName, config: with(baseToken, map[string]any{"endpoint_params": map[string]any{"audience": "\n"}}),
			want: []string{`endpoint_params["audience"] holds a line feed (U+000A) at character 1`}},

		// Where Terraform shows no location (ephemeral resources, the provider configuration), the
		// text names the attribute.
		{name: "ephemeral token token_url over http", kind: "ephemeral", typ: tokenTypeName, config: with(baseToken, map[string]any{"token_url": "http://login.example.com/token"}),
			want: []string{`token_url: "http://login.example.com/token" uses http: use https`}},
		{name: "ephemeral token scope with a space", kind: "ephemeral", typ: tokenTypeName, config: with(baseToken, map[string]any{"scopes": []any{"Mail.Read offline_access"}}),
			want: []string{`scopes[0]: "Mail.Read offline_access" holds white space: list each scope as its own element`}},
		{name: "ephemeral token client_certificate not PEM", kind: "ephemeral", typ: tokenTypeName,
			config: with(baseToken, map[string]any{"client_secret": nil, "client_certificate": map[string]any{"certificate_pem": "x", "private_key_pem": "y"}}),
			want:   []string{"client_certificate: "}},
		{name: "ephemeral token reserved endpoint_params", kind: "ephemeral", typ: tokenTypeName, config: with(baseToken, map[string]any{"endpoint_params": map[string]any{"grant_type": "password"}}),
			want: []string{`endpoint_params cannot set "grant_type"`}},
		provider("external_data.base_url empty", map[string]any{"external_data": map[string]any{"base_url": "", "api_token": "t"}},
			`external_data.base_url: "" is not an absolute URL`),
		provider("external_data.oauth2.token_url over http", map[string]any{"external_data": map[string]any{"base_url": "https://ed.example.com",
			"oauth2": map[string]any{"token_url": "http://login.example.com/token", "client_id": "c", "client_secret": "s"}}},
			`external_data.oauth2.token_url: "http://login.example.com/token" uses http`),
		request("request_headers name with a space", map[string]any{"request_headers": map[string]any{"X Key": "v"}}, `request_headers["X Key"]: "X Key" is not a valid header name`),

		// Status codes that are not HTTP statuses.
		request("accepted status 700", map[string]any{"accepted_status_codes": []any{404, 700}},
			"accepted_status_codes[1] is 700, which is not an HTTP status: list status codes from 100 to 599, e.g. 404."),
		request("accepted status 99", map[string]any{"accepted_status_codes": []any{99}}, "accepted_status_codes[0] is 99, which is not an HTTP status"),

		// Numbers beyond 64 bits, or with a fraction, in every Int64 attribute; durations too long.
		provider("max_retries beyond 64 bits", map[string]any{"max_retries": huge},
			"max_retries is "+huge+", which is too large: write a whole number from 0 to 20."),
		provider("max_retries with a fraction", map[string]any{"max_retries": 2.5}, "max_retries is 2.5, which is not a whole number: write a whole number from 0 to 20."),
		provider("request_timeout beyond a Duration", map[string]any{"request_timeout": "100000000000h"},
			`request_timeout: "100000000000h" is longer than 1h, the most the provider allows: write a shorter duration, e.g. "30s" or "5m".`),
		provider("request_timeout of two hours", map[string]any{"request_timeout": "2h"}, `request_timeout: "2h" is longer than 1h`),
		outgoing("client_secret_wo_version beyond 64 bits", map[string]any{"client_secret": nil, "client_secret_wo": "s", "client_secret_wo_version": huge},
			"client_secret_wo_version is "+huge+", which is too large: write a whole number of at most 18 digits"),
		source("database.port beyond 64 bits", map[string]any{"url": nil, "database": map[string]any{"driver": "mysql", "host": "db", "port": huge, "query": "SELECT 1"}},
			"database.port is "+huge+", which is too large: write a whole number from 1 to 65535."),
		source("database.password_wo_version beyond 64 bits", map[string]any{"url": nil, "database": map[string]any{
			"driver": "mysql", "host": "db", "port": 3306, "query": "SELECT 1", "password_wo": "p", "password_wo_version": "-" + huge,
		}}, "database.password_wo_version is -"+huge+", which is too large"),
		source("auth.basic.password_wo_version with a fraction", map[string]any{"auth": map[string]any{"basic": map[string]any{
			"username": "u", "password_wo": "p", "password_wo_version": 1.5,
		}}}, "auth.basic.password_wo_version is 1.5, which is not a whole number"),
		source("auth.oauth2.client_secret_wo_version beyond 64 bits", map[string]any{"auth": map[string]any{"oauth2": map[string]any{
			"client_id": "c", "token_url": "https://login.example.com/token", "client_secret_wo": "s", "client_secret_wo_version": huge,
		}}}, "auth.oauth2.client_secret_wo_version is "+huge),
		request("accepted status beyond 64 bits", map[string]any{"accepted_status_codes": []any{404, huge}},
			"accepted_status_codes[1] is "+huge+", which is too large: write a whole number from 100 to 599."),
	}
}

func TestBadInputIsRefusedAtPlan(t *testing.T) {
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range badInputs() {
		t.Run(tc.name, func(t *testing.T) {
			diags := validate(t, server, schemas, tc)
			var errors []*tfprotov6.Diagnostic
			for _, d := range diags {
				if tc.secret != "" && strings.Contains(d.Summary+d.Detail, tc.secret) {
					t.Errorf("a diagnostic shows the secret: %s: %s", d.Summary, d.Detail)
				}
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					errors = append(errors, d)
				}
			}
			if len(tc.want) == 0 {
				for _, d := range errors {
					t.Errorf("error for a valid configuration: %s: %s", d.Summary, d.Detail)
				}
				return
			}
			want := errorMatching(tc.want...)
			for _, d := range errors {
				if !want.MatchString(d.Detail) {
					continue
				}
				if d.Attribute == nil || len(d.Attribute.Steps()) == 0 {
					t.Errorf("the error is not on an attribute: %s", d.Detail)
				}
				if strings.Contains(d.Detail, "always an error in the provider") || !strings.HasSuffix(d.Detail, ".") || strings.HasSuffix(d.Detail, "..") {
					t.Errorf("the message is not in the house style: %q", d.Detail)
				}
				return
			}
			var got []string
			for _, d := range errors {
				got = append(got, d.Summary+": "+d.Detail)
			}
			t.Errorf("no error matches %q; got %q", tc.want, got)
		})
	}
}

// validate sends the configuration through the validation call of its kind.
func validate(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, tc badInput) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	config := func(s *tfprotov6.Schema) *tfprotov6.DynamicValue {
		if s == nil {
			t.Fatalf("no schema for %s %s", tc.kind, tc.typ)
		}
		typ := s.ValueType()
		dv, err := tfprotov6.NewDynamicValue(typ, configValue(t, typ, tc.config))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	var resp any
	var err error
	switch tc.kind {
	case "provider":
		resp, err = server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config(schemas.Provider)})
	case "resource":
		resp, err = server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName: tc.typ, Config: config(schemas.ResourceSchemas[tc.typ]),
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
		})
	case "data":
		resp, err = server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: tc.typ, Config: config(schemas.DataSourceSchemas[tc.typ])})
	case "ephemeral":
		resp, err = server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
			TypeName: tc.typ, Config: config(schemas.EphemeralResourceSchemas[tc.typ]),
		})
	default:
		t.Fatalf("unknown kind %q", tc.kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	return diagnosticsOf(resp)
}

// configValue builds a value of typ as a configuration would give it: nil is null, a map an
// object (attributes left out are null) or a map, a slice a list or set, a string a string or a
// number in decimal (for numbers beyond float64), an int or float64 a number.
func configValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		given := v.(map[string]any)
		values := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			values[name] = configValue(t, at, given[name])
		}
		for name := range given {
			if _, ok := typ.AttributeTypes[name]; !ok {
				t.Fatalf("no attribute %q in %s", name, typ)
			}
		}
		return tftypes.NewValue(typ, values)
	case tftypes.Map:
		values := map[string]tftypes.Value{}
		for k, e := range v.(map[string]any) {
			values[k] = configValue(t, typ.ElementType, e)
		}
		return tftypes.NewValue(typ, values)
	case tftypes.List:
		var values []tftypes.Value
		for _, e := range v.([]any) {
			values = append(values, configValue(t, typ.ElementType, e))
		}
		return tftypes.NewValue(typ, values)
	case tftypes.Set:
		var values []tftypes.Value
		for _, e := range v.([]any) {
			values = append(values, configValue(t, typ.ElementType, e))
		}
		return tftypes.NewValue(typ, values)
	}
	if typ.Is(tftypes.Number) {
		switch n := v.(type) {
		case int:
			return tftypes.NewValue(typ, big.NewFloat(float64(n)))
		case float64:
			return tftypes.NewValue(typ, big.NewFloat(n))
		case string:
			f, _, err := big.ParseFloat(n, 10, 512, big.ToNearestEven)
			if err != nil {
				t.Fatal(err)
			}
			return tftypes.NewValue(typ, f)
		}
	}
	return tftypes.NewValue(typ, v)
}

// TestAccBadInput runs cases of TestBadInputIsRefusedAtPlan through the CLIs, which encode the
// configuration themselves (numbers beyond 64 bits included).
func TestAccBadInput(t *testing.T) {
	jira := fakejira.Start(t)
	outgoing := func(attributes string) string {
		return jira.ProviderBlock() + `
resource "oauthlink_jira_outgoing_link" "exchange" {
  provider_type = "microsoft"
  scopes        = ["offline_access"]
` + attributes + `
}
`
	}
	request := func(attributes string) string {
		return `
data "oauthlink_api_request" "site" {
  url    = "https://graph.example.com/v1.0/sites/root"
  oauth2 = { token_url = "https://login.example.com/token", client_id = "c", client_secret = "s" }
` + attributes + `
}
`
	}
	for _, tc := range []struct {
		name, config string
		want         *regexp.Regexp // nil: the plan succeeds
	}{
		{"name of 100 emoji", outgoing(fmt.Sprintf(`
  name          = %q
  client_id     = "c"
  client_secret = "s"`, emoji(100))), nil},
		{"name with a line feed", outgoing(`
  name          = "Exchange\nOnline"
  client_id     = "c"
  client_secret = "s"`), errorMatching("Invalid name", `name "Exchange\nOnline" holds a line feed (U+000A) at character 9`)},
		{"client_secret_wo_version beyond 64 bits", outgoing(`
  name                     = "Exchange Online"
  client_id                = "c"
  client_secret_wo         = "s"
  client_secret_wo_version = ` + huge), errorMatching("Invalid number", "client_secret_wo_version is "+huge+", which is too large")},
		{"max_retries beyond 64 bits", `
provider "oauthlink" {
  max_retries = ` + huge + `
}
` + request(""), errorMatching("max_retries is " + huge + ", which is too large: write a whole number from 0 to 20.")},
		{"header value with CR LF", request(`  request_headers = { "X-Api-Key" = "k3y\r\nX-Evil: 1" }`),
			errorMatching(`request_headers["X-Api-Key"] holds a carriage return (U+000D) at character 4`)},
		{"accepted status 700", request(`  accepted_status_codes = [700]`), errorMatching("accepted_status_codes[0] is 700, which is not an HTTP status")},
		{"url of 100000 characters", strings.Replace(request(""), "https://graph.example.com/v1.0/sites/root", longURL(100000), 1),
			errorMatching("url: the URL is 100000 characters long; the provider accepts at most 2048")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeOnlyTest(t, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: tc.want, ExpectNonEmptyPlan: tc.want == nil})
		})
	}
}
