package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/clitest"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/sandbox"
)

// testServers are the local test servers that the demo applies against and the sandbox serves.
type testServers struct{ *sandbox.Servers }

// startServers starts them on 127.0.0.1; Close stops them.
func startServers() (testServers, error) {
	s, err := sandbox.Start(nil)
	return testServers{s}, err
}

// printURLs says where each server listens.
func (s testServers) printURLs(w io.Writer) {
	fmt.Fprintf(w, "Entra ID login host      %s (tenant %s)\n", s.Entra.URL, s.Entra.TenantID)
	fmt.Fprintf(w, "  token endpoint         %s\n", s.Entra.TokenURL())
	fmt.Fprintf(w, "Microsoft Graph          %s/v1.0/ (users, sites/contoso.sharepoint.com:/sites/Sales)\n", s.GraphURL)
	fmt.Fprintf(w, "Jira Data Center         %s\n", s.JiraURL)
	fmt.Fprintf(w, "External Data            %s (management API under /api/v1)\n", s.ExternalDataURL)
}

// env is what points a configuration at the servers: the provider's environment variables
// (OAUTHLINK_…), then the variables of examples/demo (TF_VAR_…), as NAME=value.
func (s testServers) env() []string {
	return append(s.ProviderEnv(),
		"TF_VAR_login_url="+s.Entra.URL,
		"TF_VAR_tenant_id="+s.Entra.TenantID,
		"TF_VAR_client_id="+s.Entra.ClientID,
		"TF_VAR_client_secret="+s.Entra.SecretValue,
	)
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
	return path, os.WriteFile(path, []byte(clitest.Config(pluginDir)), 0o600)
}
