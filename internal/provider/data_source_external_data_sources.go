package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

// NewExternalDataSourcesDataSource is the oauthlink_external_data_sources data source.
func NewExternalDataSourcesDataSource() datasource.DataSource {
	return &pluralDataSource[externaldata.DataSource, externalDataSourceDataModel]{
		dataSourceBase: dataSourceBase{typeName: "external_data_sources"},
		description: "Lists the **External Data** data sources that exist, of one app or of both, e.g. those an " +
			"administrator created in the app's UI, to import them (`name:<app>/<name>` or their `id`). Every page of the " +
			"service's list is read. Secrets are never returned.\n\n" + externalDataContractNote,
		withApp:       true,
		listAttribute: "sources",
		listDescription: "The data sources, ordered by name and then id, with the attributes of the " +
			"`oauthlink_external_data_source` data source.",
		elements: listedAttributesOf(&externalDataSourceDataSource{}, map[string]string{
			"id":   "The data source's id.",
			"name": "The data source's name, unique per app.",
		}),
		list: listExternalDataSourcesOf,
		element: func(_ context.Context, _ *providerData, ds *externaldata.DataSource) (m externalDataSourceDataModel, _ diag.Diagnostics) {
			m.setFromWire(ds)
			return m, nil
		},
	}
}
