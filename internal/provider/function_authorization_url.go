package provider

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/oauth2"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// NewAuthorizationURLFunction returns the authorization_url function.
func NewAuthorizationURLFunction() function.Function { return authorizationURLFunction }

var authorizationURLFunction = &providerFunction{name: "authorization_url", run: runAuthorizationURL, definition: function.Definition{
	Summary: "An OAuth 2.0 authorization (consent) link",
	MarkdownDescription: "Builds the link an administrator opens to consent to an authorization code grant (RFC 6749 §4.1.1): " +
		"the endpoint with `response_type=code`, `client_id`, `redirect_uri`, `scope` (the scopes joined by spaces), `state` " +
		"and any `extra_params`, e.g. `prompt = \"consent\"` for Entra, or `audience = \"api.atlassian.com\"` and " +
		"`prompt = \"consent\"` for an Atlassian 3LO app. For PKCE (RFC 7636), give the code verifier as `extra_params`' " +
		"`code_verifier`: the link carries its `code_challenge` and `code_challenge_method=S256`, never the verifier, which the " +
		"client sends with the code to the token endpoint. Parameters already in the endpoint are kept; the query is sorted, so " +
		"the link is stable from plan to plan.",
	Parameters: []function.Parameter{
		function.StringParameter{Name: "authorization_endpoint", MarkdownDescription: "The provider's authorization endpoint (https)."},
		function.StringParameter{Name: "client_id", MarkdownDescription: "The client ID."},
		function.StringParameter{Name: "redirect_uri", MarkdownDescription: "The registered redirect URI (absolute, no fragment)."},
		function.ListParameter{Name: "scopes", ElementType: types.StringType, MarkdownDescription: "Scopes to request, e.g. `offline_access` for a refresh token."},
		function.StringParameter{
			Name: "state", AllowNullValue: true,
			MarkdownDescription: "An opaque value the provider hands back; `\"\"` or `null` for none (OpenTofu 1.12 cannot pass `null` to provider functions: use `\"\"`).",
		},
		function.MapParameter{
			Name: "extra_params", ElementType: types.StringType, AllowNullValue: true,
			MarkdownDescription: "More query parameters; `{}` or `null` for none. A parameter whose value is `null` is left out, " +
				"e.g. `{ prompt = var.force_consent ? \"consent\" : null }`. They cannot replace the standard ones. `code_verifier` " +
				"(43 to 128 characters of `A-Z`, `a-z`, `0-9`, `-`, `.`, `_`, `~`) is not sent: it becomes `code_challenge` and " +
				"`code_challenge_method = \"S256\"`.",
		},
	},
	Return: function.StringReturn{},
}}

// authorizationRequest is what authorization_url puts into the link.
type authorizationRequest struct {
	endpoint, clientID, redirectURI string
	scopes                          []string
	state                           *string
	extra                           map[string]string
}

// standardAuthorizationParams are set from the other arguments.
var standardAuthorizationParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state"}

// codeVerifierParam is the extra parameter that holds a PKCE code verifier: the link carries its
// S256 challenge instead (RFC 7636 §4.2), and the challenge parameters cannot be set beside it.
const codeVerifierParam = "code_verifier"

var pkceChallengeParams = []string{"code_challenge", "code_challenge_method"}

// notUnreserved finds a character that a code verifier cannot hold (RFC 7636 §4.1).
var notUnreserved = regexp.MustCompile(`[^A-Za-z0-9._~-]`)

// checkCodeVerifier checks a PKCE code verifier: 43 to 128 unreserved characters (RFC 7636 §4.1).
// The message never quotes the verifier, a secret until the client exchanges the code.
func checkCodeVerifier(verifier string) error {
	const rule = "extra_params' code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, \"-\", \".\", \"_\" and \"~\" (RFC 7636 §4.1)"
	const example = "generate one with e.g. openssl rand -base64 48 | tr '+/' '-_' | tr -d '='"
	if n := len(verifier); n < 43 || n > 128 {
		return fmt.Errorf("%s; it has %d characters: %s", rule, n, example)
	}
	if bad := notUnreserved.FindString(verifier); bad != "" {
		return fmt.Errorf("%s; it holds %q: %s", rule, bad, example)
	}
	return nil
}

// runAuthorizationURL is authorization_url's Run: it checks the arguments, then builds the link.
func runAuthorizationURL(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var r authorizationRequest
	var scopes []types.String
	var state types.String
	var extra types.Map
	resp.Error = req.Arguments.Get(ctx, &r.endpoint, &r.clientID, &r.redirectURI, &scopes, &state, &extra)
	if resp.Error != nil {
		return
	}
	for i, scope := range scopes {
		if scope.IsNull() {
			resp.Error = function.NewArgumentFuncError(3, fmt.Sprintf("scopes[%d] is null: leave it out of the list", i))
			return
		}
		r.scopes = append(r.scopes, scope.ValueString())
	}
	if state.ValueString() != "" {
		r.state = state.ValueStringPointer()
	}
	if !extra.IsNull() {
		var params map[string]types.String
		resp.Error = function.FuncErrorFromDiags(ctx, extra.ElementsAs(ctx, &params, false))
		if resp.Error != nil {
			return
		}
		r.extra = make(map[string]string, len(params))
		for name, value := range params {
			if !value.IsNull() { // a null value leaves the parameter out, for conditional parameters
				r.extra[name] = value.ValueString()
			}
		}
	}
	link, argument, err := r.build()
	if err != nil {
		resp.Error = function.NewArgumentFuncError(argument, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, link)
}

// build returns the link, or the index of the argument at fault and why.
func (r authorizationRequest) build() (string, int64, error) {
	if argument, err := r.check(); err != nil {
		return "", argument, err
	}
	return r.link(), 0, nil
}

// check returns the index of the argument at fault and why, if any is.
func (r authorizationRequest) check() (int64, error) {
	if err := checks.HTTPSURL(r.endpoint); err != nil {
		return 0, fmt.Errorf("authorization_endpoint: %w", err)
	}
	if strings.Contains(r.endpoint, "#") { // parsed above, so a # can only start a fragment
		return 0, fmt.Errorf("authorization_endpoint: %q has a fragment: remove it, an authorization endpoint must not have one (RFC 6749 §3.1)", r.endpoint)
	}
	if r.clientID == "" {
		return 1, fmt.Errorf("client_id must not be empty: use the client ID of the app registration (in Entra: its Application (client) ID)")
	}
	if err := checks.RedirectURI(r.redirectURI); err != nil {
		return 2, fmt.Errorf("redirect_uri: %w", err)
	}
	if len(r.scopes) == 0 {
		return 3, fmt.Errorf("scopes must hold at least one scope, e.g. [\"openid\", \"offline_access\"]")
	}
	for _, s := range r.scopes {
		if err := checks.Scope(s); err != nil {
			return 3, fmt.Errorf("scopes: %w", err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.extra)) {
		if name == "" {
			return 5, fmt.Errorf("extra_params has a parameter without a name: give each one a name, e.g. { prompt = \"consent\" }")
		}
		if slices.Contains(standardAuthorizationParams, name) {
			return 5, fmt.Errorf("extra_params cannot set %q: it comes from the function's other arguments", name)
		}
	}
	if verifier, pkce := r.extra[codeVerifierParam]; pkce {
		if err := checkCodeVerifier(verifier); err != nil {
			return 5, err
		}
		for _, name := range pkceChallengeParams {
			if _, ok := r.extra[name]; ok {
				return 5, fmt.Errorf("extra_params cannot set %q beside code_verifier: it comes from the verifier", name)
			}
		}
	}
	return 0, nil
}

// link builds the checked request's link with oauth2.Config.AuthCodeURL, and merges in the
// endpoint's own query parameters, to which AuthCodeURL would only append its own.
func (r authorizationRequest) link() string {
	u, _ := url.Parse(r.endpoint) // checked
	endpointQuery := u.Query()
	u.RawQuery = ""
	config := oauth2.Config{ClientID: r.clientID, RedirectURL: r.redirectURI, Scopes: r.scopes, Endpoint: oauth2.Endpoint{AuthURL: u.String()}}
	var options []oauth2.AuthCodeOption
	for name, value := range r.extra {
		if name != codeVerifierParam {
			options = append(options, oauth2.SetAuthURLParam(name, value))
		}
	}
	if verifier, pkce := r.extra[codeVerifierParam]; pkce {
		options = append(options, oauth2.S256ChallengeOption(verifier))
	}
	var state string // AuthCodeURL leaves an empty state out
	if r.state != nil {
		state = *r.state
	}
	link, _ := url.Parse(config.AuthCodeURL(state, options...)) // a parsed URL and an encoded query
	query := link.Query()
	for name, values := range endpointQuery {
		if !query.Has(name) {
			query[name] = values
		}
	}
	// Encode sorts by name; spaces become %20, as Entra's and Atlassian's documented links show.
	u.RawQuery = strings.ReplaceAll(query.Encode(), "+", "%20")
	return u.String()
}
