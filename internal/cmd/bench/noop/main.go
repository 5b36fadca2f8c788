// Command noop is the benchmark's no-network baseline (internal/cmd/bench): a provider built with
// terraform-plugin-framework, as the oauthlink provider is, whose resources call nothing.
// noop_thing holds one attribute: its cost is what the plugin protocol and the framework cost at
// the least. noop_jira_outgoing_link and noop_external_data_source have the schemas of the
// oauthlink resources of those names, without their validators and plan modifiers, and none of
// their code: their cost is what the protocol and the framework cost for those schemas, so that
// the oauthlink resources' cost above it is their own.
package main

import (
	"context"
	"log"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	oauthlink "github.com/oauthlink/terraform-provider-oauthlink/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/oauthlink/noop"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
}

func (noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return thing{} },
		func() resource.Resource { return sameSchema{oauthlink.NewJiraOutgoingLinkResource()} },
		func() resource.Resource { return sameSchema{oauthlink.NewExternalDataSourceResource()} },
	}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// thing is noop_thing: its state is its configuration.
type thing struct{}

type thingModel struct {
	Value types.String `tfsdk:"value"`
}

func (thing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Holds value in state and calls nothing.",
		Attributes: map[string]schema.Attribute{
			"value": schema.StringAttribute{Required: true, Description: "Any string."},
		},
	}
}

// Create, Read and Update decode and encode the state as every real resource does, so that the
// baseline pays for the framework's conversions too.
func (thing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (thing) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// sameSchema is noop_<name> for the oauthlink resource of that name: its schema, and a state that
// is its plan with the values known only after apply set to null. Read keeps the state, as the
// framework hands it over.
type sameSchema struct{ of resource.Resource }

func (r sameSchema) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.of.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oauthlink"}, resp)
	resp.TypeName = req.ProviderTypeName + strings.TrimPrefix(resp.TypeName, "oauthlink")
}

func (r sameSchema) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.of.Schema(ctx, req, resp)
	resp.Schema.Attributes = withoutChecks(resp.Schema.Attributes)
}

// withoutChecks is attributes without their validators and plan modifiers, which are the
// oauthlink resource's code; types, defaults and nesting stay. Every attribute type of the schema
// package holds them in fields of those names, and a nested one its attributes in Attributes or
// NestedObject.Attributes.
func withoutChecks(attributes map[string]schema.Attribute) map[string]schema.Attribute {
	bare := make(map[string]schema.Attribute, len(attributes))
	for name, attribute := range attributes {
		a := reflect.New(reflect.TypeOf(attribute)).Elem()
		a.Set(reflect.ValueOf(attribute))
		for _, holder := range []reflect.Value{a, a.FieldByName("NestedObject")} {
			if !holder.IsValid() {
				continue
			}
			for _, checks := range []string{"Validators", "PlanModifiers"} {
				if f := holder.FieldByName(checks); f.IsValid() {
					f.SetZero()
				}
			}
			if nested := holder.FieldByName("Attributes"); nested.IsValid() {
				nested.Set(reflect.ValueOf(withoutChecks(nested.Interface().(map[string]schema.Attribute))))
			}
		}
		bare[name] = a.Interface().(schema.Attribute)
	}
	return bare
}

func (sameSchema) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = knownOrNull(req.Plan.Raw, &resp.Diagnostics)
}

func (sameSchema) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (sameSchema) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = knownOrNull(req.Plan.Raw, &resp.Diagnostics)
}

func (sameSchema) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// knownOrNull is plan with every unknown value null: a state may hold no unknown value.
func knownOrNull(plan tftypes.Value, diags *diag.Diagnostics) tftypes.Value {
	state, err := tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Unable to build the state", err.Error())
	}
	return state
}
