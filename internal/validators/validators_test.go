package validators

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCheckHTTPSURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://login.microsoftonline.com/t/oauth2/v2.0/token": "",
		"http://127.0.0.1:8080/token":                           "",
		"http://localhost/token":                                "",
		"http://[::1]:9000/token":                               "",
		"http://login.example.com/token":                        "uses http: use https",
		"ftp://example.com/token":                               `has scheme "ftp"`,
		"/token":                                                "not an absolute URL",
		"https://user:pw@example.com/":                          "carries credentials",
		"https://exa mple.com/%zz":                              "not a valid URL",
	} {
		err := CheckHTTPSURL(raw)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckHTTPSURL(%q) = %v, want %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("the error shows the URL's password: %v", err)
		}
	}
}

func TestLooksLikeSecretID(t *testing.T) {
	for secret, want := range map[string]bool{
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d": true,
		"0A9B8C7D-6E5F-4A3B-8C2D-1E0F9A8B7C6D": true,
		"Xy8Q~s3cr3t.value_from-the~portal.1":  false,
		"0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6":  false,
	} {
		if got := LooksLikeSecretID(secret); got != want {
			t.Errorf("LooksLikeSecretID(%q) = %v", secret, got)
		}
	}
}

func TestParsePositiveDuration(t *testing.T) {
	if d, err := ParsePositiveDuration("1m30s"); err != nil || d != 90*time.Second {
		t.Errorf("1m30s: %s %v", d, err)
	}
	for _, bad := range []string{"30", "0s", "-5s", "soon"} {
		if _, err := ParsePositiveDuration(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCheckScope(t *testing.T) {
	if err := CheckScope("https://graph.microsoft.com/.default"); err != nil {
		t.Error(err)
	}
	if err := CheckScope(""); err == nil {
		t.Error("empty scope accepted")
	}
	err := CheckScope("Mail.Read offline_access")
	if err == nil || !strings.Contains(err.Error(), `["Mail.Read", "offline_access"]`) {
		t.Errorf("two scopes in one: %v", err)
	}
}

func TestCheckRedirectURI(t *testing.T) {
	for raw, want := range map[string]string{
		"https://app.example.com/callback":                    "",
		"http://localhost:8080/callback":                      "",
		"http://app.example.com/callback":                     "uses http",
		"https://app.example.com/cb#section":                  "has a fragment",
		"https://app.example.com/" + strings.Repeat("a", 430): "at most 450",
		"app.example.com/callback":                            "not an absolute URL",
	} {
		err := CheckRedirectURI(raw)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckRedirectURI(%q) = %v, want %q", raw, err, want)
		}
	}
}

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
