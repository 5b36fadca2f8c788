package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// NewClientCredentialsTokenEphemeralResource returns the oauthlink_client_credentials_token
// ephemeral resource: the same token as the data source, never written to plan or state.
func NewClientCredentialsTokenEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralDataSource{
		dataSource: &clientCredentialsTokenDataSource{dataSourceBase{typeName: "client_credentials_token"}},
		description: "Fetches an access token with the OAuth 2.0 client credentials grant, e.g. from Microsoft Entra ID, " +
			"without writing it, or the client secret, to the plan or the state.\n\n" +
			"Use it where the token feeds another provider's configuration or a write-only attribute; use the data source " +
			"when the token must outlive the run. Requires Terraform ≥ 1.10 or OpenTofu ≥ 1.11.",
	}
}
