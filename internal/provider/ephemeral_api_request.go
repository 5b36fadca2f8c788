package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// NewAPIRequestEphemeralResource returns the oauthlink_api_request ephemeral resource: the same
// call as the data source, whose answer is never written to plan or state.
func NewAPIRequestEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralDataSource{
		dataSource: &apiRequestDataSource{dataSourceBase{typeName: "api_request"}},
		description: "Makes one HTTPS request authenticated with a client credentials token that the provider fetches, " +
			"as the data source `oauthlink_api_request` does, with the same arguments and results, but writes neither the " +
			"token nor the answer to the plan or the state.\n\n" +
			"Use it for answers that hold secrets, e.g. a key that feeds another provider's configuration or a write-only " +
			"attribute; use the data source when the answer must outlive the run, e.g. an id that a resource keeps. " +
			"Terraform opens ephemeral resources in every plan and every apply, so the request is sent each time: use it " +
			"to read, not to change things. Requires Terraform ≥ 1.10 or OpenTofu ≥ 1.11.\n\n" + apiRequestAnswersDescription,
	}
}
