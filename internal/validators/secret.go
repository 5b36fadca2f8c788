package validators

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/checks"
)

// SecretIDWarning warns, without failing, when the client secret at is shaped like an Entra
// secret ID (checks.LooksLikeSecretID); a null or unknown value, or any other, gets nothing. The
// diagnostic never shows the value.
//
// It is not a validator, and neither is any other warning of the provider: Terraform validates a
// configuration twice in one plan, so a validator's warning shows twice. Resources call it from
// ModifyPlan, data sources from Read, ephemeral resources from Open and the provider from
// Configure, each once per plan, and when the value is known.
func SecretIDWarning(at path.Path, value types.String) diag.Diagnostics {
	return CheckWarning(at, value, "Client secret looks like a secret ID", func(secret string) error {
		if !checks.LooksLikeSecretID(secret) {
			return nil
		}
		return errors.New(AttributeName(at) + " is shaped like a GUID. Microsoft Entra ID shows two things for each client secret: " +
			"its Secret ID (a GUID) and its Value. The token endpoint needs the Value, which is shown only once, " +
			"when the secret is created; sending the ID fails with AADSTS7000215 (invalid client secret). " +
			"If this is an ID, create a new secret in the app registration under Certificates & secrets and use its Value")
	})
}
