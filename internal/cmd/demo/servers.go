package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakegraph "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/graph"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// The admin credentials of the test Jira and External Data; the Entra tenant makes up its own.
const (
	jiraToken         = "demo-admin-token"
	externalDataToken = "demo-api-token"
)

// testServers are the local test servers that the demo applies against and the sandbox serves.
type testServers struct {
	Entra           *fakeentra.Tenant // Entra ID's login host, with one tenant and its app registration
	GraphURL        string
	Jira            *fakejira.Fake
	JiraURL         string
	ExternalData    *fakeexternaldata.Fake
	ExternalDataURL string
	stops           []func()
}

// startServers starts them on 127.0.0.1; close stops them.
func startServers() (*testServers, error) {
	entra, err := fakeentra.NewTenant()
	if err != nil {
		return nil, err
	}
	// The app may read SharePoint sites too, so that the SharePoint guide works in the sandbox.
	entra.GrantRoles(fakeentra.GraphResource, "Sites.Read.All")
	graph := fakegraph.New(entra.Fake)
	graph.AddSite("contoso.sharepoint.com", "sites/Sales", "Sales")
	graph.AddUser("Ada Lovelace", "ada@contoso.com")

	s := &testServers{
		Entra:        entra,
		Jira:         fakejira.New(jiraToken),
		ExternalData: fakeexternaldata.New(externalDataToken),
	}
	// The test tenant listens on http and on a random port, which the real products refuse.
	s.Jira.AllowHTTPEndpoints = true
	s.ExternalData.AllowAnyPort()

	entra.URL = s.serve(entra.Fake)
	s.GraphURL = s.serve(graph)
	s.JiraURL = s.serve(s.Jira)
	s.ExternalDataURL = s.serve(s.ExternalData)
	return s, nil
}

func (s *testServers) serve(h http.Handler) string {
	url, stop := fakeserver.Serve(h)
	s.stops = append(s.stops, stop)
	return url
}

func (s *testServers) close() {
	for _, stop := range s.stops {
		stop()
	}
}

// printURLs says where each server listens.
func (s *testServers) printURLs(w io.Writer) {
	fmt.Fprintf(w, "Entra ID login host      %s (tenant %s)\n", s.Entra.URL, s.Entra.TenantID)
	fmt.Fprintf(w, "  token endpoint         %s\n", s.Entra.TokenURL())
	fmt.Fprintf(w, "Microsoft Graph          %s/v1.0/ (users, sites/contoso.sharepoint.com:/sites/Sales)\n", s.GraphURL)
	fmt.Fprintf(w, "Jira Data Center         %s\n", s.JiraURL)
	fmt.Fprintf(w, "External Data            %s (management API under /api/v1)\n", s.ExternalDataURL)
}

// env is what points a configuration at the servers: the provider's environment variables
// (OAUTHLINK_…), then the variables of examples/demo (TF_VAR_…), as NAME=value.
func (s *testServers) env() []string {
	return []string{
		"OAUTHLINK_JIRA_URL=" + s.JiraURL,
		"OAUTHLINK_JIRA_TOKEN=" + jiraToken,
		"OAUTHLINK_EXTERNAL_DATA_URL=" + s.ExternalDataURL,
		"OAUTHLINK_EXTERNAL_DATA_TOKEN=" + externalDataToken,
		"TF_VAR_login_url=" + s.Entra.URL,
		"TF_VAR_tenant_id=" + s.Entra.TenantID,
		"TF_VAR_client_id=" + s.Entra.ClientID,
		"TF_VAR_client_secret=" + s.Entra.SecretValue,
	}
}

// installProvider builds the provider into dir/bin and writes dir/cli.tfrc, a CLI configuration
// whose dev_overrides make Terraform and OpenTofu use that build; it returns the file's path. It
// must run from the repository's root.
func installProvider(dir string) (cliConfig string, err error) {
	pluginDir := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-oauthlink"), ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	return writeCLIConfig(dir, pluginDir)
}

// writeCLIConfig writes dir/cli.tfrc with dev_overrides for pluginDir under either registry's
// address (a configuration's source "oauthlink/oauthlink" means one or the other per CLI).
func writeCLIConfig(dir, pluginDir string) (string, error) {
	path := filepath.Join(dir, "cli.tfrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/oauthlink/oauthlink" = %q
    "registry.opentofu.org/oauthlink/oauthlink" = %q
  }
  direct {}
}
`, pluginDir, pluginDir)
	return path, os.WriteFile(path, []byte(config), 0o600)
}
