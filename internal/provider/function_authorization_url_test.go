package provider

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// rfc7636Verifier is the code verifier of RFC 7636 Appendix B, whose S256 challenge is
// E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM.
const rfc7636Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

func TestAuthorizationRequestBuild(t *testing.T) {
	state := func(s string) *string { return &s }
	const entraAuthorize = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
	valid := authorizationRequest{endpoint: "https://idp.example.com/authorize", clientID: "c", redirectURI: "https://r.example.com/cb", scopes: []string{"openid"}}
	with := func(change func(*authorizationRequest)) authorizationRequest {
		r := valid
		change(&r)
		return r
	}
	for _, tc := range []struct {
		name    string
		req     authorizationRequest
		want    string
		wantArg int64
		wantErr string
	}{
		{
			name: "Entra authorization code with a refresh token",
			req: authorizationRequest{
				endpoint: entraAuthorize, clientID: "00000000-0000-0000-0000-000000000001",
				redirectURI: "https://jira.example.com/plugins/servlet/oauth2/client/callback/FC8GQRj7OZO_j1_b6A-Eig",
				scopes:      []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"},
				state:       state("7f3c"), extra: map[string]string{"prompt": "consent"},
			},
			want: entraAuthorize + "?client_id=00000000-0000-0000-0000-000000000001&prompt=consent" +
				"&redirect_uri=https%3A%2F%2Fjira.example.com%2Fplugins%2Fservlet%2Foauth2%2Fclient%2Fcallback%2FFC8GQRj7OZO_j1_b6A-Eig" +
				"&response_type=code&scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All%20offline_access&state=7f3c",
		},
		{
			name: "Atlassian 3LO",
			req: authorizationRequest{
				endpoint: "https://auth.atlassian.com/authorize", clientID: "abc", redirectURI: "https://reports.example.com/cb",
				scopes: []string{"read:jira-work", "read:jira-user", "offline_access"}, state: state("xyz"),
				extra: map[string]string{"audience": "api.atlassian.com", "prompt": "consent"},
			},
			want: "https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&prompt=consent" +
				"&redirect_uri=https%3A%2F%2Freports.example.com%2Fcb&response_type=code" +
				"&scope=read%3Ajira-work%20read%3Ajira-user%20offline_access&state=xyz",
		},
		{
			name: "no state, no extra parameters",
			req:  valid,
			want: "https://idp.example.com/authorize?client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid",
		},
		{
			name: "the endpoint's own query is kept and sorted in",
			req:  with(func(r *authorizationRequest) { r.endpoint = "https://idp.example.com/authorize?tenant=t1&a=b+c" }),
			want: "https://idp.example.com/authorize?a=b%20c&client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid&tenant=t1",
		},
		{
			name: "values are escaped",
			req: with(func(r *authorizationRequest) {
				r.clientID = "a&b=c"
				r.state = state("s 1/2?")
				r.extra = map[string]string{"login_hint": "ada+lovelace@example.com"}
			}),
			want: "https://idp.example.com/authorize?client_id=a%26b%3Dc&login_hint=ada%2Blovelace%40example.com" +
				"&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid&state=s%201%2F2%3F",
		},
		{
			name: "a standard parameter in the endpoint's query is replaced",
			req: with(func(r *authorizationRequest) {
				r.endpoint = "https://idp.example.com/authorize?client_id=old&response_type=token"
			}),
			want: "https://idp.example.com/authorize?client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid",
		},
		{
			// RFC 7636 Appendix B's verifier and challenge; the verifier itself is never sent.
			name: "PKCE from a code verifier",
			req: with(func(r *authorizationRequest) {
				r.extra = map[string]string{"code_verifier": rfc7636Verifier, "prompt": "consent"}
			}),
			want: "https://idp.example.com/authorize?client_id=c&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" +
				"&code_challenge_method=S256&prompt=consent&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid",
		},
		{
			name: "a challenge computed elsewhere is passed on",
			req: with(func(r *authorizationRequest) {
				r.extra = map[string]string{"code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256"}
			}),
			want: "https://idp.example.com/authorize?client_id=c&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" +
				"&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid",
		},
		{
			name: "loopback http endpoint and redirect URI",
			req: with(func(r *authorizationRequest) {
				r.endpoint = "http://127.0.0.1:8080/authorize"
				r.redirectURI = "http://localhost:3000/callback"
			}),
			want: "http://127.0.0.1:8080/authorize?client_id=c&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&response_type=code&scope=openid",
		},
		{name: "endpoint without scheme", req: with(func(r *authorizationRequest) { r.endpoint = "idp.example.com/authorize" }), wantArg: 0, wantErr: "authorization_endpoint: \"idp.example.com/authorize\" is not an absolute URL"},
		{name: "endpoint over http", req: with(func(r *authorizationRequest) { r.endpoint = "http://idp.example.com/authorize" }), wantArg: 0, wantErr: "uses http: use https"},
		{name: "endpoint with a fragment", req: with(func(r *authorizationRequest) { r.endpoint = "https://idp.example.com/authorize#x" }), wantArg: 0, wantErr: "has a fragment: remove it"},
		{name: "empty client ID", req: with(func(r *authorizationRequest) { r.clientID = "" }), wantArg: 1, wantErr: "client_id must not be empty"},
		{name: "relative redirect URI", req: with(func(r *authorizationRequest) { r.redirectURI = "/cb" }), wantArg: 2, wantErr: "redirect_uri: \"/cb\" is not an absolute URL"},
		{name: "redirect URI with a fragment", req: with(func(r *authorizationRequest) { r.redirectURI = "https://r.example.com/cb#done" }), wantArg: 2, wantErr: "has a fragment (#done)"},
		{name: "redirect URI over http", req: with(func(r *authorizationRequest) { r.redirectURI = "http://r.example.com/cb" }), wantArg: 2, wantErr: "uses http: use https"},
		{name: "no scopes", req: with(func(r *authorizationRequest) { r.scopes = nil }), wantArg: 3, wantErr: "scopes must hold at least one scope"},
		{name: "an empty scope", req: with(func(r *authorizationRequest) { r.scopes = []string{"openid", ""} }), wantArg: 3, wantErr: "scopes: a scope must not be empty"},
		{name: "scopes in one string", req: with(func(r *authorizationRequest) { r.scopes = []string{"openid offline_access"} }), wantArg: 3, wantErr: `list each scope as its own element, e.g. ["openid", "offline_access"]`},
		{name: "extra parameter without a name", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"": "x"} }), wantArg: 5, wantErr: "without a name"},
		{
			name: "extra parameters cannot replace the standard ones", wantArg: 5, wantErr: `extra_params cannot set "redirect_uri"`,
			req: with(func(r *authorizationRequest) {
				r.extra = map[string]string{"prompt": "consent", "redirect_uri": "https://evil.example.com", "state": "s"}
			}),
		},
		{name: "not even response_type", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"response_type": "token"} }), wantArg: 5, wantErr: `cannot set "response_type"`},
		{name: "a short code verifier", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"code_verifier": rfc7636Verifier[:42]} }), wantArg: 5, wantErr: "it has 42 characters"},
		{name: "a long code verifier", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"code_verifier": strings.Repeat("a", 129)} }), wantArg: 5, wantErr: "it has 129 characters"},
		{name: "an empty code verifier", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"code_verifier": ""} }), wantArg: 5, wantErr: "it has 0 characters"},
		{name: "a code verifier in standard Base64", req: with(func(r *authorizationRequest) { r.extra = map[string]string{"code_verifier": rfc7636Verifier + "+/="} }), wantArg: 5, wantErr: `it holds "+"`},
		{
			name: "a challenge beside a code verifier", wantArg: 5, wantErr: `cannot set "code_challenge_method" beside code_verifier`,
			req: with(func(r *authorizationRequest) {
				r.extra = map[string]string{"code_verifier": rfc7636Verifier, "code_challenge_method": "plain"}
			}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 { // map order must not matter
				link, arg, err := tc.req.build()
				if tc.wantErr == "" {
					if err != nil || link != tc.want {
						t.Fatalf("build() = %q, %v\nwant %q", link, err, tc.want)
					}
					if _, err := url.Parse(link); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err == nil || arg != tc.wantArg || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("build() = %q, argument %d, %v; want argument %d, an error containing %q", link, arg, err, tc.wantArg, tc.wantErr)
				}
				if strings.Contains(err.Error(), rfc7636Verifier[:20]) {
					t.Fatalf("the error quotes the code verifier: %v", err)
				}
			}
		})
	}
}

// TestAuthorizationURLFunctionNulls covers what only Run sees: null and empty state and extra
// parameters, and null elements.
func TestAuthorizationURLFunctionNulls(t *testing.T) {
	const base = "https://idp.example.com/authorize?client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid"
	scopes := types.ListValueMust(types.StringType, []attr.Value{str("openid")})
	params := func(kv map[string]attr.Value) types.Map { return types.MapValueMust(types.StringType, kv) }
	for _, tc := range []struct {
		name    string
		scopes  types.List
		state   types.String
		extra   types.Map
		want    string
		wantArg int64
		wantErr string
	}{
		{name: "null state and extra_params", scopes: scopes, state: types.StringNull(), extra: types.MapNull(types.StringType), want: base},
		{name: "empty state and extra_params", scopes: scopes, state: str(""), extra: params(nil), want: base},
		{name: "a state", scopes: scopes, state: str("s"), extra: params(nil), want: base + "&state=s"},
		{
			name: "a null extra parameter is left out", scopes: scopes, state: types.StringNull(),
			extra: params(map[string]attr.Value{"prompt": types.StringNull(), "login_hint": str("ada@example.com")}),
			want:  "https://idp.example.com/authorize?client_id=c&login_hint=ada%40example.com&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid",
		},
		{
			name: "a null standard parameter is left out like any other", scopes: scopes, state: types.StringNull(),
			extra: params(map[string]attr.Value{"state": types.StringNull()}), want: base,
		},
		{
			name: "a null scope", scopes: types.ListValueMust(types.StringType, []attr.Value{str("openid"), types.StringNull()}),
			state: types.StringNull(), extra: types.MapNull(types.StringType), wantArg: 3, wantErr: "scopes[1] is null: leave it out of the list",
		},
		{
			name: "an empty list of scopes", scopes: types.ListValueMust(types.StringType, nil),
			state: types.StringNull(), extra: types.MapNull(types.StringType), wantArg: 3, wantErr: "scopes must hold at least one scope",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, funcErr := runFunction(t, NewAuthorizationURLFunction(),
				str("https://idp.example.com/authorize"), str("c"), str("https://r.example.com/cb"), tc.scopes, tc.state, tc.extra)
			wantFuncResult(t, got, funcErr, types.StringValue(tc.want), tc.wantArg, tc.wantErr)
		})
	}
}

// TestAccFunctionAuthorizationURLSeeds builds the consent links users ask for, as a
// configuration would: the Entra one from the other two functions, and those of the function's
// docs example (an Entra app reading SharePoint, an Atlassian 3LO app, a PKCE sign-in to Jira).
func TestAccFunctionAuthorizationURLSeeds(t *testing.T) {
	example, err := os.ReadFile(filepath.Join(examplesDir, "functions", "authorization_url", "function.tf"))
	if err != nil {
		t.Fatal(err)
	}
	functionTest(t,
		resource.TestStep{
			Config: string(example) + `
locals {
  entra = provider::oauthlink::entra_endpoints("contoso.onmicrosoft.com", "public")
}
output "entra_mail_handler" {
  value = provider::oauthlink::authorization_url(
    local.entra.authorization_endpoint,
    "00000000-0000-0000-0000-000000000001",
    provider::oauthlink::jira_redirect_uri("https://jira.example.com", local.entra.authorization_endpoint),
    ["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"],
    "7f3c",
    { prompt = "consent" },
  )
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("entra_mail_handler", knownvalue.StringExact(
					"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"+
						"?client_id=00000000-0000-0000-0000-000000000001&prompt=consent"+
						"&redirect_uri=https%3A%2F%2Fjira.example.com%2Fplugins%2Fservlet%2Foauth2%2Fclient%2Fcallback%2F88wF4YiSUp5pUvxYt2sniw"+
						"&response_type=code&scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All%20offline_access&state=7f3c")),
				statecheck.ExpectKnownOutputValue("entra_consent_link", knownvalue.StringExact(
					"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"+
						"?client_id=00000000-0000-0000-0000-000000000000&prompt=consent"+
						"&redirect_uri=https%3A%2F%2Fexternal-data-for-jira.codefortynine.com%2Fsignin-dynamic-oauth"+
						"&response_type=code&scope=https%3A%2F%2Fgraph.microsoft.com%2FSites.Read.All%20offline_access")),
				statecheck.ExpectKnownOutputValue("atlassian_consent_link", knownvalue.StringExact(
					"https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=your-3lo-client-id&prompt=consent"+
						"&redirect_uri=https%3A%2F%2Freports.example.com%2Foauth%2Fcallback&response_type=code"+
						"&scope=read%3Ajira-work%20offline_access&state=opaque-state")),
				statecheck.ExpectKnownOutputValue("pkce_consent_link", knownvalue.StringExact(
					"https://jira.example.com/rest/oauth2/latest/authorize?client_id=your-incoming-link-client-id"+
						"&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"+
						"&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback&response_type=code&scope=READ&state=opaque-state")),
			},
		},
	)
}

func TestAccFunctionAuthorizationURLOptionalArguments(t *testing.T) {
	const link = "https://idp.example.com/authorize?client_id=c&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid"
	nulls := resource.TestStep{
		Config: `
output "x" {
  value = provider::oauthlink::authorization_url("https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], null, null)
}
`,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("x", knownvalue.StringExact(link))},
	}
	if usingOpenTofu() {
		// OpenTofu (1.12.6) leaves a null argument out of the CallFunction request instead of
		// sending it as null, so the framework fails before Run. Hence "" and {} for "none". When
		// this step fails, OpenTofu has fixed it: drop the workaround's notes from the docs.
		nulls.ConfigStateChecks = nil
		nulls.ExpectError = errorMatching(`Invalid value for "state" parameter`, "DynamicValue had no JSON or msgpack data set")
	}
	functionTest(t,
		nulls,
		resource.TestStep{
			Config: `
variable "force_consent" {
  type    = bool
  default = false
}
output "x" {
  value = provider::oauthlink::authorization_url("https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", {})
}
output "conditional" {
  value = provider::oauthlink::authorization_url("https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", {
    prompt     = var.force_consent ? "consent" : null
    login_hint = "ada@example.com"
  })
}
output "pkce" {
  value = provider::oauthlink::authorization_url("https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", {
    code_verifier = "` + rfc7636Verifier + `"
  })
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("x", knownvalue.StringExact(link)),
				statecheck.ExpectKnownOutputValue("conditional", knownvalue.StringExact(
					"https://idp.example.com/authorize?client_id=c&login_hint=ada%40example.com&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid")),
				statecheck.ExpectKnownOutputValue("pkce", knownvalue.StringExact(
					"https://idp.example.com/authorize?client_id=c&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"+
						"&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fr.example.com%2Fcb&response_type=code&scope=openid")),
			},
		},
	)
}

func TestAccFunctionAuthorizationURLErrors(t *testing.T) {
	functionTest(t,
		functionCallFails("authorization_url", `"http://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", {}`,
			`Invalid value for "authorization_endpoint" parameter`, "uses http: use https (http is accepted only for loopback addresses"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize#x", "c", "https://r.example.com/cb", ["openid"], "", {}`,
			`Invalid value for "authorization_endpoint" parameter`, "has a fragment: remove it"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "", "https://r.example.com/cb", ["openid"], "", {}`,
			`Invalid value for "client_id" parameter`, "client_id must not be empty"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "cb", ["openid"], "", {}`,
			`Invalid value for "redirect_uri" parameter`, "is not an absolute URL"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid offline_access"], "", {}`,
			`Invalid value for "scopes" parameter`, "holds white space: list each scope as its own element"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid", null], "", {}`,
			`Invalid value for "scopes" parameter`, "scopes[1] is null"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb#x", ["openid"], "", {}`,
			`Invalid value for "redirect_uri" parameter`, "has a fragment"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", [], "", {}`,
			"scopes must hold at least one scope"),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", { client_id = "other" }`,
			`extra_params cannot set "client_id"`),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", { response_type = "token" }`,
			`Invalid value for "extra_params" parameter`, `extra_params cannot set "response_type"`),
		functionCallFails("authorization_url", `"https://idp.example.com/authorize", "c", "https://r.example.com/cb", ["openid"], "", { code_verifier = "too-short" }`,
			`Invalid value for "extra_params" parameter`, "code_verifier must be 43 to 128 characters", "it has 9 characters"),
	)
}
