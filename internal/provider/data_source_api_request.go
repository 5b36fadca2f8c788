package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/apirequest"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/httpx"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ datasource.DataSourceWithConfigure      = (*apiRequestDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*apiRequestDataSource)(nil)
)

// maxResponseBody is the largest answer the data source keeps in state; a larger one fails the read.
const maxResponseBody = 1 << 20

var apiRequestMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// NewAPIRequestDataSource returns the oauthlink_api_request data source.
func NewAPIRequestDataSource() datasource.DataSource {
	return &apiRequestDataSource{dataSourceBase{typeName: "api_request"}}
}

type apiRequestDataSource struct{ dataSourceBase }

type apiRequestModel struct {
	URL                 types.String `tfsdk:"url"`
	Method              types.String `tfsdk:"method"`
	RequestHeaders      types.Map    `tfsdk:"request_headers"`
	RequestBody         types.String `tfsdk:"request_body"`
	OAuth2              types.Object `tfsdk:"oauth2"`
	AcceptedStatusCodes types.List   `tfsdk:"accepted_status_codes"`

	StatusCode      types.Int64  `tfsdk:"status_code"`
	ResponseHeaders types.Map    `tfsdk:"response_headers"`
	ResponseBody    types.String `tfsdk:"response_body"`
}

func (d *apiRequestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes one HTTPS request authenticated with a client credentials token that the provider fetches " +
			"(and caches with `oauthlink_client_credentials_token`'s cache), and returns the answer. It is the \"step 1\" lookup " +
			"of multi-step setups, e.g. a SharePoint site's id from Microsoft Graph before a list's URL can be written.\n\n" +
			"The token never reaches the state; the response does, so do not request secrets with it. Answers other than 2xx " +
			"fail the read unless listed in `accepted_status_codes`; bodies above 1 MiB are refused.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required: true, MarkdownDescription: "The URL to call (https; http only for loopback).",
				Validators: []validator.String{validators.HTTPSURL()},
			},
			"method": schema.StringAttribute{
				Optional: true, MarkdownDescription: "`GET` (the default), `POST`, `PUT`, `PATCH` or `DELETE`.",
				Validators: []validator.String{stringvalidator.OneOf(apiRequestMethods...)},
			},
			"request_headers": schema.MapAttribute{
				Optional: true, Sensitive: true, ElementType: types.StringType,
				MarkdownDescription: "Headers to send, e.g. `ConsistencyLevel = \"eventual\"` for Graph's advanced queries. " +
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
			"status_code": schema.Int64Attribute{Computed: true, MarkdownDescription: "The answer's HTTP status."},
			"response_headers": schema.MapAttribute{
				Computed: true, Sensitive: true, ElementType: types.StringType,
				MarkdownDescription: "The answer's headers; repeated ones joined with `, `. Sensitive, since they may hold a session (`Set-Cookie`) " +
					"or a signed URL (`Location`); read one with `nonsensitive(…[\"etag\"])` when it is known to be safe.",
			},
			"response_body": schema.StringAttribute{Computed: true, MarkdownDescription: "The answer's body, e.g. for `jsondecode`."},
		},
	}
}

func (d *apiRequestDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var config apiRequestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !config.RequestBody.IsNull() && !config.Method.IsUnknown() && slices.Contains([]string{"", http.MethodGet, http.MethodDelete}, config.Method.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("request_body"), "A body needs POST, PUT or PATCH",
			"request_body is sent only with method POST, PUT or PATCH; set method, or remove the body.")
	}
	if config.OAuth2.IsNull() || config.OAuth2.IsUnknown() {
		return
	}
	var oauth2 tokenRequestModel
	resp.Diagnostics.Append(config.OAuth2.As(ctx, &oauth2, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	if resp.Diagnostics.HasError() {
		return
	}
	at := path.Root("oauth2")
	if !oauth2.ClientSecret.IsUnknown() && !oauth2.ClientCertificate.IsUnknown() && oauth2.ClientSecret.IsNull() == oauth2.ClientCertificate.IsNull() {
		resp.Diagnostics.AddAttributeError(at, "Exactly one credential", "Set exactly one of oauth2.client_secret and oauth2.client_certificate.")
	}
	resp.Diagnostics.Append(oauth2.validate(ctx, at)...)
}

func (d *apiRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model apiRequestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	var oauth2 tokenRequestModel
	resp.Diagnostics.Append(model.OAuth2.As(ctx, &oauth2, basetypes.ObjectAsOptions{})...)
	if resp.Diagnostics.HasError() {
		return
	}
	tokenReq, diags := oauth2.request(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, tokenReq.ClientSecret)
	token, err := d.data.tokens.Token(ctx, tokenReq)
	if err != nil {
		resp.Diagnostics.Append(tokenErrorDiagnostic(tokenReq.TokenURL, err))
		return
	}
	ctx = maskSecrets(ctx, token.AccessToken)

	var headers map[string]string
	resp.Diagnostics.Append(model.RequestHeaders.ElementsAs(ctx, &headers, false)...)
	// request_headers is sensitive as a whole: no value of it may reach a log or an error,
	// whatever its header's name.
	ctx = httpx.WithSensitive(ctx, slices.Collect(maps.Values(headers))...)
	call := apirequest.Request{
		Method: cmp.Or(model.Method.ValueString(), http.MethodGet), URL: model.URL.ValueString(), Header: headers,
		Body: model.RequestBody.ValueStringPointer(), TokenType: token.TokenType, AccessToken: token.AccessToken,
	}
	summary := fmt.Sprintf("Unable to %s %s", call.Method, redactQuery(call.URL))
	answer, err := apirequest.Do(ctx, d.data.http, call, maxResponseBody)
	if err != nil {
		resp.Diagnostics.Append(apiRequestFailure(summary, err))
		return
	}
	if answer.Truncated {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The answer is larger than %d bytes, too large to keep in state. "+
			"Narrow the request, e.g. with $select and $top for Microsoft Graph.", maxResponseBody))
		return
	}
	var accepted []int64
	resp.Diagnostics.Append(model.AcceptedStatusCodes.ElementsAs(ctx, &accepted, false)...)
	if !answer.OK() && !slices.Contains(accepted, int64(answer.StatusCode)) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The server answered %s: %s\n\nList the status in accepted_status_codes if it is an answer you expect.",
			answer.Status, httpx.Excerpt(answer.Header.Get("Content-Type"), answer.Body)))
		return
	}

	responseHeaders := map[string]string{}
	for name, values := range answer.Header {
		responseHeaders[name] = strings.Join(values, ", ")
	}
	model.StatusCode = types.Int64Value(int64(answer.StatusCode))
	model.ResponseBody = types.StringValue(string(answer.Body))
	model.ResponseHeaders, diags = types.MapValueFrom(ctx, types.StringType, responseHeaders)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// apiRequestFailure reports a call that brought no answer: one that could not be made (on url),
// one whose answer broke off, one that failed on the way.
func apiRequestFailure(summary string, err error) diag.Diagnostic {
	var invalid *apirequest.InvalidRequestError
	var broken *httpx.ReadError
	switch {
	case errors.As(err, &invalid):
		return diag.NewAttributeErrorDiagnostic(path.Root("url"), "Invalid request", invalid.Error())
	case errors.As(err, &broken):
		return diag.NewErrorDiagnostic(summary, "Reading the answer: "+broken.Err.Error())
	}
	return diag.NewErrorDiagnostic(summary, err.Error())
}

// checkNotAuthorization refuses a request header that would replace the token.
func checkNotAuthorization(name string) error {
	if strings.EqualFold(name, "Authorization") {
		return fmt.Errorf("the provider sends the client-credentials token in the Authorization header: remove it from request_headers")
	}
	return nil
}
