package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/apirequest"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/oauth"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ datasource.DataSourceWithConfigure      = (*apiRequestDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*apiRequestDataSource)(nil)
)

// maxResponseBody is the largest answer the data source keeps in state; a larger one fails the read.
const maxResponseBody = 1 << 20

// NewAPIRequestDataSource returns the oauthlink_api_request data source.
func NewAPIRequestDataSource() datasource.DataSource {
	return &apiRequestDataSource{dataSourceBase{typeName: "api_request"}}
}

type apiRequestDataSource struct{ dataSourceBase }

// apiRequestModel is the data source's and the ephemeral resource's: both take and return the
// same attributes (apiRequestAttributes).
type apiRequestModel struct {
	URL                 types.String `tfsdk:"url"`
	Method              types.String `tfsdk:"method"`
	RequestHeaders      types.Map    `tfsdk:"request_headers"`
	RequestBody         types.String `tfsdk:"request_body"`
	OAuth2              types.Object `tfsdk:"oauth2"`
	AcceptedStatusCodes types.List   `tfsdk:"accepted_status_codes"`
	SensitiveResponse   types.Bool   `tfsdk:"sensitive_response"`

	StatusCode            types.Int64  `tfsdk:"status_code"`
	ResponseHeaders       types.Map    `tfsdk:"response_headers"`
	ResponseBody          types.String `tfsdk:"response_body"`
	SensitiveResponseBody types.String `tfsdk:"sensitive_response_body"`
}

func (d *apiRequestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes one HTTPS request authenticated with a client credentials token that the provider fetches " +
			"(and caches with `oauthlink_client_credentials_token`'s cache), and returns the answer. It is the \"step 1\" lookup " +
			"of multi-step setups, e.g. a SharePoint site's id from Microsoft Graph before a list's URL can be written.\n\n" +
			"The token never reaches the state; the response does. Set `sensitive_response = true` to keep the body out of the " +
			"CLI's output (it is then in `sensitive_response_body`, still in the state), or use the ephemeral resource " +
			"`oauthlink_api_request`, whose response reaches neither the plan nor the state, for answers that hold secrets. " +
			"Terraform reads the data source in every plan, so the request is sent each time: use it to read, not to change " +
			"things. " + apiRequestAnswersDescription,
		Attributes: apiRequestAttributes(),
	}
}

// apiRequestAnswersDescription says which answers fail, for both the data source's and the
// ephemeral resource's page.
const apiRequestAnswersDescription = "Answers other than 2xx fail unless listed in `accepted_status_codes`; bodies above 1 MiB are " +
	"refused. A 403 from Microsoft Graph comes with what to check: the application permission and its admin consent."

// apiRequestAttributes is the schema of the data source; the ephemeral resource converts it
// (ephemeralDataSource), so that both always take and return the same attributes.
func apiRequestAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Required: true, MarkdownDescription: "The URL to call (https; http only for loopback).",
			Validators: []validator.String{validators.HTTPSURL()},
		},
		"method": schema.StringAttribute{
			Optional: true, MarkdownDescription: "`GET` (the default), `POST`, `PUT`, `PATCH` or `DELETE`, in any case: " +
				"`post` sends `POST`.",
			Validators: []validator.String{validators.AttributeCheck("Unsupported method",
				"must be GET, POST, PUT, PATCH or DELETE, in any case", checkMethod)},
		},
		"request_headers": schema.MapAttribute{
			Optional: true, Sensitive: true, ElementType: types.StringType,
			MarkdownDescription: "Headers to send, e.g. `ConsistencyLevel = \"eventual\"` for Graph's advanced queries; may be empty. " +
				"Sensitive, since an API may want a key besides the token. `Authorization` is the provider's: it carries the token.",
			Validators: []validator.Map{
				mapvalidator.KeysAre(validators.HeaderName(), validators.StringCheck(
					"Authorization is set by the provider", "must not be Authorization", checkNotAuthorization)),
				mapvalidator.ValueStringsAre(validators.HeaderValue()),
			},
		},
		"request_body": schema.StringAttribute{Optional: true, MarkdownDescription: "A body to send, with `POST`, `PUT` or `PATCH`."},
		"oauth2": schema.SingleNestedAttribute{
			Required:            true,
			MarkdownDescription: "The client credentials token to authenticate with: the inputs of `oauthlink_client_credentials_token`.",
			Attributes:          tokenRequestAttributes(),
		},
		"accepted_status_codes": schema.ListAttribute{
			Optional: true, ElementType: validators.WholeNumber(100, 599),
			MarkdownDescription: "Statuses besides 2xx that are an answer rather than a failure, e.g. `[404]` to test whether something exists.",
			Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueInt64sAre(validators.HTTPStatus())},
		},
		"sensitive_response": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Whether the body is sensitive (default `false`). Terraform decides what is sensitive per attribute, " +
				"not per value, so `true` puts the body into `sensitive_response_body`, which the CLI never shows, and leaves " +
				"`response_body` null; `false` puts it into `response_body` and leaves `sensitive_response_body` null.",
		},
		"status_code": schema.Int64Attribute{Computed: true, MarkdownDescription: "The answer's HTTP status."},
		"response_headers": schema.MapAttribute{
			Computed: true, Sensitive: true, ElementType: types.StringType,
			MarkdownDescription: "The answer's headers; repeated ones joined with `, `. Sensitive, since they may hold a session (`Set-Cookie`) " +
				"or a signed URL (`Location`); read one with `nonsensitive(…[\"etag\"])` when it is known to be safe.",
		},
		"response_body": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The answer's body, e.g. for `jsondecode`; null when `sensitive_response` is `true`.",
		},
		"sensitive_response_body": schema.StringAttribute{
			Computed: true, Sensitive: true,
			MarkdownDescription: "The answer's body when `sensitive_response` is `true` (null otherwise). Sensitive: the CLI shows " +
				"`(sensitive value)`, and whatever is computed from it, such as `jsondecode(…).value`, is sensitive too.",
		},
	}
}

func (d *apiRequestDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateAPIRequestConfig(ctx, req.Config)...)
}

func (d *apiRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if model, ok := callAPI(ctx, req.Config, d.data, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	}
}

// validateAPIRequestConfig is the ValidateConfig of the data source, and so of the ephemeral
// resource (ephemeralDataSource).
func validateAPIRequestConfig(ctx context.Context, source modelSource) diag.Diagnostics {
	var config apiRequestModel
	diags := source.Get(ctx, &config)
	if diags.HasError() {
		return diags
	}
	if !config.RequestBody.IsNull() && !config.Method.IsUnknown() && slices.Contains([]string{http.MethodGet, http.MethodDelete}, apirequest.Method(config.Method.ValueString())) {
		diags.AddAttributeError(path.Root("request_body"), "A body needs POST, PUT or PATCH",
			"request_body is sent only with method POST, PUT or PATCH; set method, or remove the body.")
	}
	if config.OAuth2.IsNull() || config.OAuth2.IsUnknown() {
		return diags
	}
	var oauth2 tokenRequestModel
	diags.Append(config.OAuth2.As(ctx, &oauth2, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	if diags.HasError() {
		return diags
	}
	at := path.Root("oauth2")
	if !oauth2.ClientSecret.IsUnknown() && !oauth2.ClientCertificate.IsUnknown() && oauth2.ClientSecret.IsNull() == oauth2.ClientCertificate.IsNull() {
		diags.AddAttributeError(at, "Exactly one credential", "Set exactly one of oauth2.client_secret and oauth2.client_certificate.")
	}
	diags.Append(oauth2.validate(ctx, at)...)
	return diags
}

// callAPI reads the configuration, obtains the token and makes the call, for the Read of the
// data source, which is also the Open of the ephemeral resource (ephemeralDataSource); ok is false
// when any of it failed. A secret that looks like a secret ID warns here, as in readToken.
func callAPI(ctx context.Context, config modelSource, data *providerData, diags *diag.Diagnostics) (model apiRequestModel, ok bool) {
	diags.Append(config.Get(ctx, &model)...)
	var oauth2 tokenRequestModel
	diags.Append(model.OAuth2.As(ctx, &oauth2, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return model, false
	}
	diags.Append(validators.SecretIDWarning(path.Root("oauth2").AtName("client_secret"), oauth2.ClientSecret)...)
	tokenReq, tokenDiags := oauth2.request(ctx)
	diags.Append(tokenDiags...)
	if diags.HasError() {
		return model, false
	}
	ctx = maskSecrets(ctx, tokenReq.ClientSecret)
	token, err := data.tokens.Token(ctx, tokenReq)
	if err != nil {
		diags.Append(tokenErrorDiagnostic("oauth2.token_url", tokenReq.TokenURL, err))
		return model, false
	}
	ctx = maskSecrets(ctx, token.AccessToken)

	var headers map[string]string
	diags.Append(model.RequestHeaders.ElementsAs(ctx, &headers, false)...)
	// request_headers is sensitive as a whole: no value of it may reach a log or an error,
	// whatever its header's name.
	ctx = httpx.WithSensitive(ctx, slices.Collect(maps.Values(headers))...)
	call := apirequest.Request{
		Method: model.Method.ValueString(), URL: model.URL.ValueString(), Header: headers,
		Body: model.RequestBody.ValueStringPointer(), TokenType: token.TokenType, AccessToken: token.AccessToken,
	}
	summary := fmt.Sprintf("Unable to %s %s", apirequest.Method(call.Method), redactQuery(call.URL))
	answer, err := apirequest.Do(ctx, data.http, call, maxResponseBody)
	if err != nil {
		diags.Append(apiRequestFailure(summary, err))
		return model, false
	}
	if answer.Truncated {
		diags.AddError(summary, fmt.Sprintf("The answer is larger than %d bytes, the most the provider reads. "+
			"Narrow the request, e.g. with $select and $top for Microsoft Graph.", maxResponseBody))
		return model, false
	}
	var accepted []int64
	diags.Append(model.AcceptedStatusCodes.ElementsAs(ctx, &accepted, false)...)
	if !answer.OK() && !slices.Contains(accepted, int64(answer.StatusCode)) {
		diags.AddError(summary, unexpectedAnswer(call.URL, token.AccessToken, answer))
		return model, false
	}

	responseHeaders := map[string]string{}
	for name, values := range answer.Header {
		responseHeaders[name] = strings.Join(values, ", ")
	}
	model.StatusCode = types.Int64Value(int64(answer.StatusCode))
	body := types.StringValue(string(answer.Body))
	model.ResponseBody, model.SensitiveResponseBody = body, types.StringNull()
	if model.SensitiveResponse.ValueBool() {
		model.ResponseBody, model.SensitiveResponseBody = types.StringNull(), body
	}
	var headerDiags diag.Diagnostics
	model.ResponseHeaders, headerDiags = types.MapValueFrom(ctx, types.StringType, responseHeaders)
	diags.Append(headerDiags...)
	return model, !diags.HasError()
}

// unexpectedAnswer is the detail of an answer with a status the configuration does not accept:
// the server's error, for Microsoft Graph its code and message, and for Graph's 403 what the app
// registration probably lacks.
func unexpectedAnswer(url, accessToken string, answer *httpx.Answer) string {
	var audiences, roles []string
	claims, isJWT := oauth.ParseClaims(accessToken)
	if isJWT {
		audiences, roles = claims.Audience, claims.Roles
	}
	server, said := "The server", httpx.Excerpt(answer.Header.Get("Content-Type"), answer.Body)
	graph := apirequest.IsGraph(url, audiences)
	if graph {
		server = "Microsoft Graph"
		if code, message, ok := apirequest.GraphError(answer.Body); ok {
			said = code + ": " + message
		}
	}
	paragraphs := []string{validators.Sentence(fmt.Sprintf("%s answered %s: %s", server, answer.Status, said))}
	if graph && answer.StatusCode == http.StatusForbidden {
		paragraphs = append(paragraphs, graphForbiddenHint(isJWT, roles))
	}
	paragraphs = append(paragraphs, "List the status in accepted_status_codes if it is an answer you expect.")
	return strings.Join(paragraphs, "\n\n")
}

// graphForbiddenHint explains Graph's 403 to an app-only token: what the token's roles claim says
// (when it is a JWT) and what to do in the app registration.
func graphForbiddenHint(isJWT bool, roles []string) string {
	granted := "Graph refuses an app-only call whose token lacks the application permission the call needs."
	switch {
	case isJWT && len(roles) == 0:
		granted = "The token carries no application permissions (its roles claim is empty): admin consent has not been granted."
	case isJWT:
		granted = fmt.Sprintf("The token's application permissions (its roles claim) are %s; the call needs another one.", strings.Join(roles, ", "))
	}
	return granted + " In the Entra admin center open the app registration, API permissions, add the permission the call needs " +
		"as an application permission (not a delegated one; Graph's reference of the call lists it under \"Application\"), " +
		"and press \"Grant admin consent\". To check, read claims.roles of an oauthlink_client_credentials_token with the " +
		"same oauth2 arguments: it lists the application permissions granted."
}

// apiRequestFailure reports a call that brought no answer: one that could not be made (on url),
// one whose answer broke off, one that failed on the way.
func apiRequestFailure(summary string, err error) diag.Diagnostic {
	var invalid *apirequest.InvalidRequestError
	var broken *httpx.ReadError
	switch {
	case errors.As(err, &invalid):
		return diag.NewAttributeErrorDiagnostic(path.Root("url"), "Invalid request", validators.AttributeDetail("url", invalid.Error()))
	case errors.As(err, &broken):
		return diag.NewErrorDiagnostic(summary, validators.Sentence("Reading the answer: "+broken.Err.Error()))
	}
	return diag.NewErrorDiagnostic(summary, checks.Sentences(err.Error(), connectionAdviceOn(err, "url", "the server")))
}

// checkMethod refuses a method the call cannot make; any case is fine, as Do sends it in upper case.
func checkMethod(attribute, method string) error {
	if !slices.Contains(apirequest.Methods, strings.ToUpper(method)) {
		return fmt.Errorf("%s %q is not one of %s: use one of them, in any case", attribute, method, strings.Join(apirequest.Methods, ", "))
	}
	return nil
}

// checkNotAuthorization refuses a request header that would replace the token.
func checkNotAuthorization(name string) error {
	if strings.EqualFold(name, "Authorization") {
		return fmt.Errorf("the provider sends the client-credentials token in the Authorization header: remove it from request_headers")
	}
	return nil
}
