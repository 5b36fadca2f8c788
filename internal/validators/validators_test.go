package validators

import (
	"context"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

func TestExactlyOneAttribute(t *testing.T) {
	attrTypes := map[string]attr.Type{"a": types.StringType, "b": types.StringType}
	object := func(a, b types.String) types.Object {
		return types.ObjectValueMust(attrTypes, map[string]attr.Value{"a": a, "b": b})
	}
	set, null, unknown := types.StringValue("x"), types.StringNull(), types.StringUnknown()
	for _, tc := range []struct {
		name  string
		value types.Object
		want  string
	}{
		{"one set", object(set, null), ""},
		{"one unknown", object(null, unknown), ""},
		{"null object", types.ObjectNull(attrTypes), ""},
		{"unknown object", types.ObjectUnknown(attrTypes), ""},
		{"none set", object(null, null), "none is set"},
		{"both set", object(set, unknown), "`a` and `b` are set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := validator.ObjectRequest{Path: path.Root("auth"), ConfigValue: tc.value}
			var resp validator.ObjectResponse
			ExactlyOneAttribute("a", "b").ValidateObject(context.Background(), req, &resp)
			got := ""
			if resp.Diagnostics.HasError() {
				got = resp.Diagnostics.Errors()[0].Detail()
			}
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("diagnostic %q, want one containing %q", got, tc.want)
			}
		})
	}
}

func TestHeaderValueNeverShowsTheValue(t *testing.T) {
	for value, want := range map[string]string{
		"plain value":         "",
		"with\ttab":           "",
		"s3cr3t\r\nX-Evil: 1": `request_headers["X-Api-Key"] holds a carriage return (U+000D) at character 7`,
		"s3cr3t\n":            "holds a line feed (U+000A) at character 7",
		"s3cr3t\x00":          "holds a NUL character (U+0000)",
	} {
		got := validateString(t, HeaderValue(), path.Root("request_headers").AtMapKey("X-Api-Key"), value)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: %q, want %q", value, got, want)
		}
		if strings.Contains(got, "s3cr3t") {
			t.Errorf("the message shows the value: %s", got)
		}
	}
}

// validateString runs v on value at p and returns the error's detail, or "".
func validateString(t *testing.T, v validator.String, p path.Path, value string) string {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue(value)}, &resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	detail := resp.Diagnostics.Errors()[0].Detail()
	if !strings.HasSuffix(detail, ".") || strings.HasSuffix(detail, "..") {
		t.Errorf("%q does not end with a single full stop", detail)
	}
	return detail
}

func TestURLLength(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", 100000)
	got := validateString(t, HTTPSURL(), path.Root("auth").AtName("oauth2").AtName("token_url"), long)
	if !strings.HasPrefix(got, "auth.oauth2.token_url: the URL is 100020 characters long; the provider accepts at most 2048") || strings.Contains(got, "aaaa") {
		t.Errorf("got %q", got)
	}
	if got := validateString(t, HTTPSURL(), path.Root("url"), long[:checks.MaxURLLength]); got != "" {
		t.Errorf("a URL of %d characters: %s", checks.MaxURLLength, got)
	}
}

func TestWholeNumber(t *testing.T) {
	ctx := context.Background()
	typ := WholeNumber(1, 65535)
	number := func(s string) tftypes.Value {
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return tftypes.NewValue(tftypes.Number, f)
	}
	// A number that fits is a plain types.Int64, whatever the range: validators check that.
	for s, want := range map[string]types.Int64{"443": types.Int64Value(443), "70000": types.Int64Value(70000), "-9223372036854775808": types.Int64Value(math.MinInt64)} {
		v, err := typ.ValueFromTerraform(ctx, number(s))
		if err != nil || v != want {
			t.Errorf("%s: %#v %v", s, v, err)
		}
		if diags := typ.(xattrValidate).Validate(ctx, number(s), path.Root("port")); diags.HasError() {
			t.Errorf("%s: %v", s, diags)
		}
	}
	for s, want := range map[string]string{
		"99999999999999999999999": "database.port is 99999999999999999999999, which is too large: write a whole number from 1 to 65535.",
		"9223372036854775808":     "database.port is 9223372036854775808, which is too large",
		"1.5":                     "database.port is 1.5, which is not a whole number: write a whole number from 1 to 65535.",
		"1e400":                   "database.port is 1e+400, which is too large",
	} {
		if _, err := typ.ValueFromTerraform(ctx, number(s)); err != nil {
			t.Errorf("%s: the value is an error before validation can explain it: %v", s, err)
		}
		diags := typ.(xattrValidate).Validate(ctx, number(s), path.Root("database").AtName("port"))
		if len(diags) != 1 || !strings.HasPrefix(diags[0].Detail(), want) || !strings.HasSuffix(diags[0].Detail(), "from 1 to 65535.") {
			t.Errorf("%s: %v, want %q", s, diags, want)
		}
	}
	// In a list, the element is named by its index, and the list's own validation reaches it.
	listType := types.ListType{ElemType: WholeNumber(100, 599)}
	list := tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{number("404"), number("99999999999999999999999")})
	if _, err := listType.ValueFromTerraform(ctx, list); err != nil {
		t.Fatal(err)
	}
	diags := listType.Validate(ctx, list, path.Root("accepted_status_codes"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Detail(), "accepted_status_codes[1] is 99999999999999999999999, which is too large") {
		t.Errorf("list: %v", diags)
	}
	if !typ.Equal(types.Int64Type) || !typ.Equal(WholeNumber(1, 65535)) || typ.Equal(WholeNumber(0, 20)) || typ.Equal(types.StringType) {
		t.Error("Equal")
	}
}

// xattrValidate is the framework's (deprecated, still used) type validation interface.
type xattrValidate interface {
	Validate(context.Context, tftypes.Value, path.Path) diag.Diagnostics
}

func TestHTTPStatus(t *testing.T) {
	for status, want := range map[int64]string{404: "", 100: "", 599: "", 99: "accepted_status_codes[0] is 99, which is not an HTTP status", 700: "is 700, which is not an HTTP status: list status codes from 100 to 599, e.g. 404."} {
		var resp validator.Int64Response
		HTTPStatus().ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("accepted_status_codes").AtListIndex(0), ConfigValue: types.Int64Value(status)}, &resp)
		got := ""
		if resp.Diagnostics.HasError() {
			got = resp.Diagnostics.Errors()[0].Detail()
		}
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%d: %q, want %q", status, got, want)
		}
	}
}

func TestAttributeNameAndSentence(t *testing.T) {
	for p, want := range map[string]path.Path{
		"auth.custom_header.name":       path.Root("auth").AtName("custom_header").AtName("name"),
		`url.headers["Accept"]`:         path.Root("url").AtName("headers").AtMapKey("Accept"),
		"accepted_status_codes[2]":      path.Root("accepted_status_codes").AtListIndex(2),
		"redirect_uris":                 path.Root("redirect_uris").AtSetValue(types.StringValue("https://r.example.com/cb")),
		`endpoint_params["audience"]`:   path.Root("endpoint_params").AtMapKey("audience"),
		"oauth2.endpoint_params[\"a\"]": path.Root("oauth2").AtName("endpoint_params").AtMapKey("a"),
	} {
		if got := AttributeName(want); got != p {
			t.Errorf("AttributeName(%s) = %q, want %q", want, got, p)
		}
	}
	for in, want := range map[string]string{"shorten it": "shorten it.", "done.": "done.", "e.g. 404..": "e.g. 404.", " x ": "x.", "why?": "why?", "stop!": "stop!"} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q", in, got)
		}
	}
}

func TestAttributeDetailNamesTheAttributeOnce(t *testing.T) {
	for _, tc := range []struct{ attribute, message, want string }{
		{"token_url", `"http://idp.example.com/t" uses http: use https.`, `token_url: "http://idp.example.com/t" uses http: use https.`},
		{"name", "name is empty: give it a name", "name is empty: give it a name."},
		{"name", `name "a\nb" holds a line feed`, `name "a\nb" holds a line feed.`},
		{"max_retries", "max_retries: 21 is too many..", "max_retries: 21 is too many."},
		{"url", "url.url is not set", "url: url.url is not set."},
		{"names", "name is empty", "names: name is empty."},
		{"", "no attribute", "no attribute."},
	} {
		if got := AttributeDetail(tc.attribute, tc.message); got != tc.want {
			t.Errorf("AttributeDetail(%q, %q) = %q, want %q", tc.attribute, tc.message, got, tc.want)
		}
	}
}

// Checks that do not name the attribute themselves get its name from the validator, so that the
// message says which attribute it is about where Terraform shows no location.
func TestEveryStringCheckNamesTheAttribute(t *testing.T) {
	for _, tc := range []struct {
		v     validator.String
		at    path.Path
		value string
		want  string
	}{
		{HTTPSURL(), path.Root("external_data").AtName("base_url"), "", `external_data.base_url: "" is not an absolute URL`},
		{HTTPSURL(), path.Root("token_url"), "http://idp.example.com/token", `token_url: "http://idp.example.com/token" uses http: use https`},
		{Scope(), path.Root("scopes").AtListIndex(1), "Mail.Read offline_access", `scopes[1]: "Mail.Read offline_access" holds white space`},
		{HeaderName(), path.Root("request_headers"), "X Key", `request_headers: "X Key" is not a valid header name`},
		{NotBlank(), path.Root("url").AtName("body"), " ", "url.body: the value is empty or only white space"},
		{PositiveDuration(time.Hour), path.Root("request_timeout"), "soon", `request_timeout: "soon" is not a duration`},
		{RedirectURI(), path.Root("redirect_uris").AtSetValue(types.StringValue("x")), "x", `redirect_uris: "x" is not an absolute URL`},
	} {
		if got := validateString(t, tc.v, tc.at, tc.value); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%q at %s: %q, want it to begin with %q", tc.value, tc.at, got, tc.want)
		}
	}
}

func TestSecretIDWarningNamesTheAttribute(t *testing.T) {
	diags := SecretIDWarning(path.Root("oauth2").AtName("client_secret"), types.StringValue("0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"))
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		!strings.HasPrefix(diags[0].Detail(), "oauth2.client_secret is shaped like a GUID.") || strings.Contains(diags[0].Detail(), "0a9b8c7d") {
		t.Errorf("got %v", diags)
	}
	for _, value := range []types.String{types.StringValue("Abc8Q~secret-value"), types.StringNull(), types.StringUnknown()} {
		if diags := SecretIDWarning(path.Root("client_secret"), value); len(diags) > 0 {
			t.Errorf("%s: got %v, want nothing", value, diags)
		}
	}
}

func TestCheckWarningNamesTheAttribute(t *testing.T) {
	check := func(s string) error {
		if s == "bad" {
			return errors.New("the port is not in the list")
		}
		return nil
	}
	at := path.Root("url").AtName("url")
	diags := CheckWarning(at, types.StringValue("bad"), "Port not in the list", check)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || diags[0].Detail() != "url.url: the port is not in the list." {
		t.Errorf("got %v", diags)
	}
	for _, value := range []types.String{types.StringValue("good"), types.StringNull(), types.StringUnknown()} {
		if diags := CheckWarning(at, value, "Port not in the list", check); len(diags) > 0 {
			t.Errorf("%s: got %v, want nothing", value, diags)
		}
	}
}
