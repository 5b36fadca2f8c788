package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// SecretValueNotID warns, without failing, when a client secret looks like an Entra secret ID
// (checks.LooksLikeSecretID). The diagnostic never shows the value.
func SecretValueNotID() validator.String { return secretValueNotID{} }

type secretValueNotID struct{}

func (secretValueNotID) Description(context.Context) string {
	return "warns when the value looks like an Entra client secret ID (a GUID) rather than the secret's value"
}

func (v secretValueNotID) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (secretValueNotID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !checks.LooksLikeSecretID(req.ConfigValue.ValueString()) {
		return
	}
	attribute := AttributeName(req.Path)
	resp.Diagnostics.AddAttributeWarning(req.Path, "Client secret looks like a secret ID", AttributeDetail(attribute,
		attribute+" is shaped like a GUID. Microsoft Entra ID shows two things for each client secret: "+
			"its Secret ID (a GUID) and its Value. The token endpoint needs the Value, which is shown only once, "+
			"when the secret is created; sending the ID fails with AADSTS7000215 (invalid client secret). "+
			"If this is an ID, create a new secret in the app registration under Certificates & secrets and use its Value"))
}
