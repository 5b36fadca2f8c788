package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// Import and resource identity of the three resources. Each is imported by its id, by
// name:<name> (name:<app>/<name> for External Data), or, with an import block's identity
// (Terraform ≥ 1.12, OpenTofu ≥ 1.12), by the identity {id}.

var (
	_ resource.ResourceWithIdentity = (*jiraOutgoingLinkResource)(nil)
	_ resource.ResourceWithIdentity = (*jiraIncomingLinkResource)(nil)
	_ resource.ResourceWithIdentity = (*externalDataSourceResource)(nil)
)

// adoptionDescription is the paragraph of a resource's page on bringing existing objects under
// Terraform: the plural data source that lists them, the import ids, the identity and the list
// resource, with the CLI versions each needs and how each is tested here.
func adoptionDescription(pluralDataSource, byName, filters string) string {
	return "\n\n**Adopting what exists.** The `" + pluralDataSource + "` data source lists the objects made by hand. Import one by " +
		"its id or by `" + byName + "` (a name that matches none or several is an error that says which); the configuration may " +
		"leave its secrets out, and the secret already set on the server is kept. `plan -generate-config-out` writes a " +
		"configuration that plans with no changes (see the guide *Adopt an existing setup*). Import blocks may also give the " +
		"resource identity `{ id = \"…\" }` (Terraform ≥ 1.12, OpenTofu ≥ 1.12; tested here under OpenTofu 1.12). A list resource " +
		"of the same name serves `terraform query` (Terraform ≥ 1.14, filters " + filters + "); no CLI on the project's test machines runs `terraform query`, so it is tested at the plugin-protocol level only."
}

// namePrefix starts an import id that names the object instead of giving its id.
const namePrefix = "name:"

// idIdentity is the identity of every resource of the provider: the remote object's id.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

func idIdentitySchema(object string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "The " + object + "'s id."},
	}}
}

func (r *jiraOutgoingLinkResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("link")
}

func (r *jiraIncomingLinkResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("link")
}

func (r *externalDataSourceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("data source")
}

// saveIdentity sets the identity from the id in the first of states that is not null, when the
// CLI handles identities; Create, Read and Update defer it. Read passes its request's state too:
// the framework wants an identity even for an object found gone, whose state is removed.
func saveIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	if identity == nil {
		return
	}
	i := slices.IndexFunc(states, func(s *tfsdk.State) bool { return s != nil && !s.Raw.IsNull() })
	if i < 0 {
		return
	}
	state := states[i]
	var id types.String
	if diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...); diags.HasError() || id.IsNull() || id.IsUnknown() {
		return
	}
	diags.Append(identity.Set(ctx, idIdentity{ID: id})...)
}

// importByIDOrName imports by identity, by id, or by the name after "name:", which find turns
// into the id.
func importByIDOrName(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	find func(ctx context.Context, name string) (string, diag.Diagnostics),
) {
	name, byName := strings.CutPrefix(req.ID, namePrefix)
	if !byName {
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	} else {
		id, diags := find(ctx, name)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
	saveIdentity(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
}

// oneNamed returns the id of the one object named name, or an error that says there is none, or
// which ids share the name.
func oneNamed(summary, none, noun, name string, ids []string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		diags.AddError(summary, none)
	default:
		diags.AddError(summary, fmt.Sprintf("%d %ss are named %q, with the ids %s. Import one of them by its id instead.",
			len(ids), noun, name, strings.Join(ids, ", ")))
	}
	return "", diags
}

func (r *jiraOutgoingLinkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrName(ctx, req, resp, func(ctx context.Context, name string) (string, diag.Diagnostics) {
		return jiraLinkIDByName(ctx, r.data, "outgoing link", name, &r.data.listings.outgoingLinks, (*jira.Client).ListOutgoingLinks,
			func(l jira.OutgoingLink) (string, string) { return l.ID, l.Name })
	})
}

func (r *jiraIncomingLinkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrName(ctx, req, resp, func(ctx context.Context, name string) (string, diag.Diagnostics) {
		return jiraLinkIDByName(ctx, r.data, "incoming link", name, &r.data.listings.incomingLinks, (*jira.Client).ListIncomingLinks,
			func(l jira.IncomingLink) (string, string) { return l.ID, l.Name })
	})
}

// jiraLinkIDByName finds the one Jira link of a kind (noun: "outgoing link", "incoming link")
// with exactly the given name in the kind's shared listing, which list makes.
func jiraLinkIDByName[L any](ctx context.Context, data *providerData, noun, name string,
	shared *sharedListing[L], list func(*jira.Client, context.Context) ([]L, error), idAndName func(L) (string, string),
) (string, diag.Diagnostics) {
	summary := fmt.Sprintf("Unable to import Jira %s named %q", noun, name)
	client, diags := data.jiraClient()
	if diags.HasError() {
		return "", diags
	}
	links, err := shared.get(ctx, func(ctx context.Context) ([]L, error) { return list(client, ctx) })
	if err != nil {
		return "", apiErrorDiagnostics(summary, err, nil)
	}
	ids := idsNamed(links, func(l L) bool { _, linkName := idAndName(l); return linkName == name },
		func(l L) string { id, _ := idAndName(l); return id })
	plural := "oauthlink_jira_" + strings.ReplaceAll(noun, " link", "_links")
	return oneNamed(summary, fmt.Sprintf("Jira has no %s with this name. Names are case-sensitive: the %s data source "+
		"lists them. Import by id also works.", noun, plural), noun, name, ids)
}

// ImportState takes the data source's id or name:<app>/<name>; the refresh that follows reads the
// rest. Secrets cannot be read back.
func (r *externalDataSourceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByIDOrName(ctx, req, resp, func(ctx context.Context, appAndName string) (string, diag.Diagnostics) {
		var diags diag.Diagnostics
		app, name, ok := strings.Cut(appAndName, "/")
		if !ok || !slices.Contains(externaldata.Apps, app) || name == "" {
			diags.AddError("Invalid import id "+req.ID, fmt.Sprintf("An External Data source is imported by its id or by "+
				"name:<app>/<name>, where <app> is %s: e.g. name:jira/Customer lookup.", strings.Join(externaldata.Apps, " or ")))
			return "", diags
		}
		summary := fmt.Sprintf("Unable to import External Data source %q of %s", name, app)
		client, diags := r.data.externalDataClient()
		if diags.HasError() {
			return "", diags
		}
		ids, err := r.data.externalDataSourceIDsNamed(ctx, client, app, name)
		if err != nil {
			return "", apiErrorDiagnostics(summary, err, nil)
		}
		return oneNamed(summary, fmt.Sprintf("%s has no data source named %q. Names are case-sensitive, and unique per app only: "+
			"the oauthlink_external_data_sources data source lists them. Import by id also works.", app, name), "data source", name, ids)
	})
}

// importByName is the import id of a Jira link imported by its name.
func importByName(name string) string { return namePrefix + name }

// importByAppAndName is the import id of an External Data source imported by app and name.
func importByAppAndName(app, name string) string { return namePrefix + app + "/" + name }
