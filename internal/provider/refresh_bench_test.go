package provider

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The hot paths of one refresh, below the CLI: the schemas (built on every GetProviderSchema,
// that is every provider start), the conversion between the wire and the state, and a whole
// ReadResource with the SDK's logging as it defaults and as main.go turns it off.

// BenchmarkSchema builds the schema of each resource and data source.
func BenchmarkSchema(b *testing.B) {
	ctx := context.Background()
	p := New("bench")()
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oauthlink"}, &meta)
		b.Run(meta.TypeName, func(b *testing.B) {
			for b.Loop() {
				r.Schema(ctx, resource.SchemaRequest{}, &resource.SchemaResponse{})
			}
		})
	}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "oauthlink"}, &meta)
		b.Run("data."+meta.TypeName, func(b *testing.B) {
			for b.Loop() {
				d.Schema(ctx, datasource.SchemaRequest{}, &datasource.SchemaResponse{})
			}
		})
	}
}

// BenchmarkGetProviderSchema is the provider's start-up as the CLI sees it: a new server asked
// for every schema.
func BenchmarkGetProviderSchema(b *testing.B) {
	for b.Loop() {
		server, err := providerserver.NewProtocol6WithError(New("bench")())()
		if err != nil {
			b.Fatal(err)
		}
		if resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{}); err != nil || len(resp.Diagnostics) > 0 {
			b.Fatal(err, resp.Diagnostics)
		}
	}
}

// BenchmarkStateConversion turns an answer into the model, the model into the state and back,
// as a refresh does, for an outgoing link and an External Data source.
func BenchmarkStateConversion(b *testing.B) {
	ctx := context.Background()
	emptyState := func(r resource.Resource) tfsdk.State {
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		return tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)}
	}
	b.Run("jira_outgoing_link", func(b *testing.B) {
		state := emptyState(NewJiraOutgoingLinkResource())
		link := &jira.OutgoingLink{ID: "10001", Name: "Exchange", Type: "microsoft", ClientID: "client-Exchange",
			AuthorizationEndpoint: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
			TokenEndpoint:         "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
			Scopes:                []string{"offline_access", "https://outlook.office.com/IMAP.AccessAsUser.All"}, RedirectURISuffix: "abc123"}
		for b.Loop() {
			var m, back jiraOutgoingLinkModel
			diags := m.setFromLink(ctx, link, "https://jira.example.com")
			diags.Append(state.Set(ctx, &m)...)
			diags.Append(state.Get(ctx, &back)...)
			if diags.HasError() {
				b.Fatal(diags)
			}
		}
	})
	b.Run("external_data_source", func(b *testing.B) {
		state := emptyState(NewExternalDataSourceResource())
		ds := &externaldata.DataSource{ID: "ds-0001", App: "jira", Name: "Customer lookup", Type: "url", Version: 7,
			URL:  &externaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
			Auth: &externaldata.Auth{Type: "none"}}
		for b.Loop() {
			var m, back externalDataSourceModel
			if err := m.setFromWire(ds); err != nil {
				b.Fatal(err)
			}
			diags := state.Set(ctx, &m)
			diags.Append(state.Get(ctx, &back)...)
			if diags.HasError() {
				b.Fatal(diags)
			}
		}
	})
}

// BenchmarkReadResource refreshes one outgoing link through the framework, against the Jira fake
// on loopback, and validates and plans it without change, with loggers made per request as
// terraform-plugin-go makes them: at the SDK's default levels (trace, written to nowhere) and with
// main.go's levels when no TF_LOG is set.
func BenchmarkReadResource(b *testing.B) {
	j := fakejira.Start(b)
	id := addUIOutgoingLink(j, "Exchange")
	b.Setenv("OAUTHLINK_JIRA_URL", j.URL)
	b.Setenv("OAUTHLINK_JIRA_TOKEN", j.AdminToken)
	// The sink of the SDK's loggers: JSON at trace, as the CLI receives it, to /dev/null.
	b.Setenv("TF_LOG", "JSON")
	b.Setenv("TF_LOG_PATH", os.DevNull)
	loggers := func() context.Context {
		ctx := tfsdklog.ContextWithTestLogging(context.Background(), "bench")
		ctx = tfsdklog.NewRootSDKLogger(ctx, tfsdklog.WithLevelFromEnv("TF_LOG_SDK"))
		ctx = tfsdklog.NewSubsystem(ctx, "proto", tfsdklog.WithLevelFromEnv("TF_LOG_SDK_PROTO"))
		return tfsdklog.NewRootProviderLogger(ctx, tfsdklog.WithLevelFromEnv("TF_LOG_PROVIDER", "OAUTHLINK"))
	}
	server, err := providerserver.NewProtocol6WithError(New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	schema, err := server.GetProviderSchema(loggers(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	if resp, err := server.ConfigureProvider(loggers(), &tfprotov6.ConfigureProviderRequest{Config: nullObject(b, schema.Provider.ValueType())}); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatal(err, resp.Diagnostics)
	}
	imported, err := server.ImportResourceState(loggers(), &tfprotov6.ImportResourceStateRequest{TypeName: "oauthlink_jira_outgoing_link", ID: id})
	if err != nil || len(imported.Diagnostics) > 0 {
		b.Fatal(err, imported.Diagnostics)
	}
	read := func(b *testing.B) *tfprotov6.DynamicValue {
		resp, err := server.ReadResource(loggers(), &tfprotov6.ReadResourceRequest{TypeName: "oauthlink_jira_outgoing_link", CurrentState: imported.ImportedResources[0].State})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatal(err, resp.Diagnostics)
		}
		return resp.NewState
	}
	imported.ImportedResources[0].State = read(b)
	state := imported.ImportedResources[0].State
	// A no-change plan of the link as its state is: the configuration is the state without the
	// attributes only the provider sets.
	config := configOf(b, state, schema.ResourceSchemas["oauthlink_jira_outgoing_link"], "id", "redirect_uri", "redirect_uri_suffix")
	plan := func(b *testing.B) {
		validated, err := server.ValidateResourceConfig(loggers(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "oauthlink_jira_outgoing_link", Config: config})
		if err != nil || len(validated.Diagnostics) > 0 {
			b.Fatal(err, validated.Diagnostics)
		}
		planned, err := server.PlanResourceChange(loggers(), &tfprotov6.PlanResourceChangeRequest{TypeName: "oauthlink_jira_outgoing_link",
			Config: config, PriorState: state, ProposedNewState: state})
		if err != nil || len(planned.Diagnostics) > 0 {
			b.Fatal(err, planned.Diagnostics)
		}
	}
	for _, levels := range []struct {
		name string
		off  []string
	}{
		{"sdk-default-levels", nil},
		// The variables main.go sets to off when no TF_LOG variable asks for logs.
		{"logging-off", []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_OAUTHLINK"}},
	} {
		b.Run(levels.name, func(b *testing.B) {
			for _, name := range levels.off {
				b.Setenv(name, "off")
			}
			b.Run("read", func(b *testing.B) {
				for b.Loop() {
					read(b)
				}
			})
			b.Run("validate-and-plan", func(b *testing.B) {
				for b.Loop() {
					plan(b)
				}
			})
		})
	}
}

// configOf is state with the attributes named null, as a configuration that leaves them to the
// provider.
func configOf(b *testing.B, state *tfprotov6.DynamicValue, schema *tfprotov6.Schema, providerSet ...string) *tfprotov6.DynamicValue {
	typ := schema.ValueType()
	value, err := state.Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	var attributes map[string]tftypes.Value
	if err := value.As(&attributes); err != nil {
		b.Fatal(err)
	}
	for _, name := range providerSet {
		attributes[name] = tftypes.NewValue(attributes[name].Type(), nil)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attributes))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// nullObject is a configuration of type typ with every attribute null.
func nullObject(b *testing.B, typ tftypes.Type) *tfprotov6.DynamicValue {
	object := typ.(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	dv, err := tfprotov6.NewDynamicValue(object, tftypes.NewValue(object, values))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}
