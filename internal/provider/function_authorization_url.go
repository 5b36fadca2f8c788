package provider

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var _ function.Function = authorizationURLFunction{}

// NewAuthorizationURLFunction returns the authorization_url function.
func NewAuthorizationURLFunction() function.Function { return authorizationURLFunction{} }

type authorizationURLFunction struct{}

func (authorizationURLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "authorization_url"
}

func (authorizationURLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "An OAuth 2.0 authorization (consent) link",
		MarkdownDescription: "Builds the link an administrator opens to consent to an authorization code grant (RFC 6749 §4.1.1): " +
			"the endpoint with `response_type=code`, `client_id`, `redirect_uri`, `scope` (the scopes joined by spaces), `state` " +
			"and any `extra_params`, e.g. `prompt = \"consent\"` for Entra, or `audience = \"api.atlassian.com\"` and " +
			"`prompt = \"consent\"` for an Atlassian 3LO app. Parameters already in the endpoint are kept; the query is sorted, so " +
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
					"e.g. `{ prompt = var.force_consent ? \"consent\" : null }`. They cannot replace the standard ones.",
			},
		},
		Return: function.StringReturn{},
	}
}

// authorizationRequest is what authorization_url puts into the link.
type authorizationRequest struct {
	endpoint, clientID, redirectURI string
	scopes                          []string
	state                           *string
	extra                           map[string]string
}

// standardAuthorizationParams are set from the other arguments.
var standardAuthorizationParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state"}

func (authorizationURLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
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
	if err := validators.CheckHTTPSURL(r.endpoint); err != nil {
		return "", 0, fmt.Errorf("authorization_endpoint: %w", err)
	}
	if strings.Contains(r.endpoint, "#") { // parsed above, so a # can only start a fragment
		return "", 0, fmt.Errorf("authorization_endpoint: %q has a fragment: remove it, an authorization endpoint must not have one (RFC 6749 §3.1)", r.endpoint)
	}
	if r.clientID == "" {
		return "", 1, fmt.Errorf("client_id must not be empty: use the client ID of the app registration (in Entra: its Application (client) ID)")
	}
	if err := validators.CheckRedirectURI(r.redirectURI); err != nil {
		return "", 2, fmt.Errorf("redirect_uri: %w", err)
	}
	if len(r.scopes) == 0 {
		return "", 3, fmt.Errorf("scopes must hold at least one scope, e.g. [\"openid\", \"offline_access\"]")
	}
	for _, s := range r.scopes {
		if err := validators.CheckScope(s); err != nil {
			return "", 3, fmt.Errorf("scopes: %w", err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.extra)) {
		if name == "" {
			return "", 5, fmt.Errorf("extra_params has a parameter without a name: give each one a name, e.g. { prompt = \"consent\" }")
		}
		if slices.Contains(standardAuthorizationParams, name) {
			return "", 5, fmt.Errorf("extra_params cannot set %q: it comes from the function's other arguments", name)
		}
	}

	u, _ := url.Parse(r.endpoint) // checked above
	query := u.Query()
	query.Set("response_type", "code")
	query.Set("client_id", r.clientID)
	query.Set("redirect_uri", r.redirectURI)
	query.Set("scope", strings.Join(r.scopes, " "))
	if r.state != nil {
		query.Set("state", *r.state)
	}
	for name, value := range r.extra {
		query.Set(name, value)
	}
	// Encode sorts by name; spaces become %20, as Entra's and Atlassian's documented links show.
	u.RawQuery = strings.ReplaceAll(query.Encode(), "+", "%20")
	return u.String(), 0, nil
}
