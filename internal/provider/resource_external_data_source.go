package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/validators"
)

var (
	_ resource.ResourceWithConfigure        = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithConfigValidators = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*externalDataSourceResource)(nil)
	_ resource.ResourceWithImportState      = (*externalDataSourceResource)(nil)
)

// NewExternalDataSourceResource is the oauthlink_external_data_source resource.
func NewExternalDataSourceResource() resource.Resource {
	return &externalDataSourceResource{resourceBase{typeName: "external_data_source"}}
}

// externalDataSourceResource is the resource's operations. Its schema is in
// resource_external_data_source_schema.go, the checks that span attributes in
// resource_external_data_source_validation.go, the ETag kept between refresh and update in
// resource_external_data_source_etag.go, and its models with their conversion from and to the
// API's in external_data_source.go.
type externalDataSourceResource struct{ resourceBase }

func (r *externalDataSourceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = externalDataSourceResourceSchema()
}

// edFieldErrorPaths places the API's field errors on the resource's attributes.
func edFieldErrorPaths(ctx context.Context) attributeOf {
	return schemaPaths(ctx, externalDataSourceResourceSchema())
}

func (r *externalDataSourceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, config externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.Plan, &plan), into(req.Config, &config))
	if !ok {
		return
	}
	ds, secrets, diags := plan.toWire(ctx, &config, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, secrets...)

	defer r.data.listings.externalDataSources.forget() // lookups by name list afresh (listing.go)
	created, err := client.Create(ctx, ds)
	if err != nil {
		err = explainCreateError(err, created != nil, "oauthlink_external_data_source", "data source",
			func(string) string { return importByAppAndName(ds.App, ds.Name) })
		resp.Diagnostics.Append(apiErrorDiagnostics(unableTo("create", edSourceObject, ds.Name), err, edFieldErrorPaths(ctx))...)
		if created != nil {
			// The apply was interrupted after the service made it: recorded, it is not orphaned.
			resp.Diagnostics.Append(saveSource(ctx, created, &plan, &resp.State, resp.Private, nil)...)
		}
		return
	}
	r.afterWrite(ctx, client, created, &plan, &resp.State, resp.Private, &resp.Diagnostics)
}

func (r *externalDataSourceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state, config externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.Plan, &plan), into(req.State, &state), into(req.Config, &config))
	etag, diags := loadETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	ds, secrets, diags := plan.toWire(ctx, &config, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, secrets...)
	summary := unableTo("update", edSourceObject, ds.Name)
	if etag == "" {
		// No refresh recorded an ETag (state written by an older provider): take the current one.
		current, err := client.Get(ctx, ds.ID)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostics(summary, err, nil)...)
			return
		}
		etag = current.ETag
	}
	ds.ETag = etag

	defer r.data.listings.externalDataSources.forget() // lookups by name list afresh (listing.go)
	updated, err := client.Update(ctx, ds)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostics(summary, err, edFieldErrorPaths(ctx))...)
		return
	}
	r.afterWrite(ctx, client, updated, &plan, &resp.State, resp.Private, &resp.Diagnostics)
}

// stateSetter is what the states of Create and Update responses have in common.
type stateSetter interface {
	Set(context.Context, any) diag.Diagnostics
}

// afterWrite finishes a create or update: for client credentials it presses "Authenticate" (the
// service fetches a token itself), saves the state, and runs "Save and test" when asked to. The
// state is saved before the test, so a failed test loses nothing.
func (r *externalDataSourceResource) afterWrite(ctx context.Context, client *externaldata.Client, ds *externaldata.DataSource,
	model *externalDataSourceModel, state stateSetter, private privateStateWriter, diags *diag.Diagnostics,
) {
	warned := false
	if oauth2 := ds.OAuth2(); oauth2 != nil && oauth2.GrantType == externaldata.GrantClientCredentials {
		warned = r.authenticate(ctx, client, ds, diags)
		if refreshed, err := client.Get(ctx, ds.ID); err == nil {
			ds = refreshed
		} else {
			diags.AddWarning(unableTo("refresh", edSourceObject, ds.Name), validators.Sentence(err.Error()))
		}
	}
	diags.Append(saveSource(ctx, ds, model, state, private, nil)...)
	if diags.HasError() {
		return
	}
	if !warned {
		// One warning per apply: a failed "Authenticate" already said why the source is not authenticated.
		diags.Append(notAuthenticatedWarning(ds)...)
	}

	if model.TestOnApply == nil {
		return
	}
	variables := map[string]string{}
	diags.Append(model.TestOnApply.Variables.ElementsAs(ctx, &variables, false)...)
	result, err := client.Test(ctx, ds.ID, variables)
	summary := fmt.Sprintf("\"Save and test\" failed for External Data source %q", ds.Name)
	switch {
	case err != nil:
		diags.Append(apiErrorDiagnostics(summary, err, nil)...)
	case !result.OK:
		detail := "The service's test of the data source failed"
		if result.Status != 0 {
			detail += fmt.Sprintf(" (the source answered %d)", result.Status)
		}
		diags.AddAttributeError(path.Root("test_on_apply"), summary, withReason(detail, result.Message)+
			"\n\nThe data source was saved as configured; fix the configuration (or the remote side) and apply again.")
	default:
		tflog.Info(ctx, "External Data source test passed", map[string]any{"id": ds.ID, "status": result.Status})
	}
}

// saveSource saves the data source the service answered, and its ETag, as the state. A refresh
// passes the model the state already holds as stateHolds: the state is then written only when the
// answer changed it, which saves a conversion of the whole model on most refreshes.
func saveSource(ctx context.Context, ds *externaldata.DataSource, model *externalDataSourceModel, state stateSetter, private privateStateWriter,
	stateHolds *externalDataSourceModel,
) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := model.setFromWire(ds); err != nil {
		diags.Append(apiErrorDiagnostics(fmt.Sprintf("Unable to use External Data's answer for data source %q", ds.Name), err, nil)...)
		return diags
	}
	// setFromWire replaces the model's blocks rather than changing them, so a shallow copy taken
	// before it still holds what the state held.
	if stateHolds == nil || !reflect.DeepEqual(*stateHolds, *model) {
		diags.Append(state.Set(ctx, model)...)
	}
	diags.Append(saveETag(ctx, private, ds.ETag)...)
	return diags
}

// withReason is a sentence of what failed and the service's reason, when it gave one.
func withReason(failed, reason string) string {
	if reason = strings.TrimSpace(reason); reason != "" {
		failed += ": " + reason
	}
	return validators.Sentence(failed)
}

// authenticate presses "Authenticate" for a client-credentials source, and reports whether it
// warned. A failure warns rather than fails: the data source is saved, and the warning carries the
// token endpoint's answer.
func (r *externalDataSourceResource) authenticate(ctx context.Context, client *externaldata.Client, ds *externaldata.DataSource, diags *diag.Diagnostics) bool {
	summary := fmt.Sprintf("External Data source %q could not authenticate", ds.Name)
	result, err := client.Authenticate(ctx, ds.ID)
	switch {
	case err != nil:
		diags.AddWarning(summary, validators.Sentence(err.Error()))
	case !result.Authenticated:
		diags.AddWarning(summary, withReason("The service could not get a token from "+redactQuery(ds.OAuth2().TokenURL)+
			" with the client credentials", result.Error)+"\n\nCheck client_id, the client secret (for Entra: the secret's Value, and that it has not expired), "+
			"the token URL's tenant, and that scopes end in /.default. Fields using this data source get no data until it authenticates.")
	default:
		return false
	}
	return true
}

func (r *externalDataSourceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state externalDataSourceModel
	client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.State, &state))
	if !ok {
		return
	}
	ds := refresh(ctx, resp, edSourceObject, state.ID.ValueString(), client.Get)
	if ds == nil {
		return
	}
	read := state
	resp.Diagnostics.Append(saveSource(ctx, ds, &state, &resp.State, resp.Private, &read)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(notAuthenticatedWarning(ds)...)
}

func (r *externalDataSourceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state externalDataSourceModel
	if client, ok := prepare(ctx, &resp.Diagnostics, r.data.externalDataClient, into(req.State, &state)); ok {
		defer r.data.listings.externalDataSources.forget() // lookups by name list afresh (listing.go)
		remove(ctx, &resp.Diagnostics, edSourceObject, state.Name.ValueString(), state.ID.ValueString(), client.Delete)
	}
}
