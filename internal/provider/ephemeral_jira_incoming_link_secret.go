package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*jiraIncomingLinkSecretEphemeral)(nil)

// NewJiraIncomingLinkSecretEphemeralResource returns the oauthlink_jira_incoming_link_secret
// ephemeral resource.
func NewJiraIncomingLinkSecretEphemeralResource() ephemeral.EphemeralResource {
	return &jiraIncomingLinkSecretEphemeral{ephemeralBase{typeName: "jira_incoming_link_secret"}}
}

type jiraIncomingLinkSecretEphemeral struct{ ephemeralBase }

type jiraIncomingLinkSecretModel struct {
	ID           types.String `tfsdk:"id"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
}

func (e *jiraIncomingLinkSecretEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the current client ID and secret of a Jira incoming OAuth 2.0 link without writing them to plan " +
			"or state, e.g. to hand the secret to a connector's provider configuration or to a write-only attribute. " +
			"Requires Terraform ≥ 1.10 or OpenTofu ≥ 1.11.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Required: true, MarkdownDescription: "The incoming link's id (`oauthlink_jira_incoming_link.<name>.id`).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id":     schema.StringAttribute{Computed: true, MarkdownDescription: "The client ID."},
			"client_secret": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The current client secret."},
		},
	}
}

func (e *jiraIncomingLinkSecretEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model jiraIncomingLinkSecretModel
	client, ok := prepare(ctx, &resp.Diagnostics, e.data.jiraClient, into(req.Config, &model))
	if !ok {
		return
	}
	link, err := client.GetIncomingLink(ctx, model.ID.ValueString())
	if err != nil {
		summary := fmt.Sprintf("Unable to read the secret of Jira incoming link %s", model.ID.ValueString())
		resp.Diagnostics.Append(readFailure(summary, err, "Jira has no incoming link with this id.")...)
		return
	}
	ctx = maskSecrets(ctx, link.ClientSecret)
	model.ClientID = types.StringValue(link.ClientID)
	model.ClientSecret = types.StringValue(link.ClientSecret)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
}
