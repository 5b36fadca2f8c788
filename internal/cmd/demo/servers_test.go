package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/sandbox"
)

// TestServersAnswerWithTheDemoCredentials checks that what the sandbox prints works: the app's
// secret gets a Graph token from the tenant, Graph accepts it, and Jira and External Data accept
// their admin tokens.
func TestServersAnswerWithTheDemoCredentials(t *testing.T) {
	s, err := startServers()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	graphToken := s.Entra.AppToken(t, s.Entra.ClientID, fakeentra.GraphResource)
	for _, get := range []struct{ url, token string }{
		{s.GraphURL + "/v1.0/users", graphToken},
		{s.GraphURL + "/v1.0/sites/contoso.sharepoint.com:/sites/Sales", graphToken},
		{s.JiraURL + "/rest/oauth2-client/latest/config", sandbox.JiraToken},
		{s.ExternalDataURL + "/api/v1/data-sources", sandbox.ExternalDataToken},
	} {
		req, _ := http.NewRequest(http.MethodGet, get.url, nil)
		req.Header.Set("Authorization", "Bearer "+get.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", get.url, resp.StatusCode)
		}
	}
}

// TestCLIConfigIsValid has OpenTofu (make tofu) load the CLI configuration the demo and the
// sandbox write: a CLI that cannot use it says so on every command.
func TestCLIConfigIsValid(t *testing.T) {
	tofu, _ := filepath.Abs("../../../.bin/tofu")
	if _, err := os.Stat(tofu); err != nil {
		t.Skip("no .bin/tofu: run make tofu")
	}
	dir := t.TempDir()
	config, err := writeCLIConfig(dir, filepath.Join(dir, "bin"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tofu, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+config)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "problems with the CLI configuration") {
		t.Fatalf("tofu version with %s: %v\n%s", config, err, out)
	}
}
