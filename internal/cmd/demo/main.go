// Command demo builds the provider and applies examples/demo with the Terraform or OpenTofu CLI
// against the local test servers of internal/fakes (Entra ID, Jira Data Center, External Data), then destroys
// it, so that anyone can watch the provider work without a tenant or a Jira. `make demo` runs it.
//
// The CLI is $OAUTHLINK_DEMO_CLI, else a terraform on PATH, else .bin/tofu (make tofu).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	fakeentra "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/entra"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/fakeserver"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run() error {
	cli, err := findCLI()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "oauthlink-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Println("== Building the provider")
	pluginDir := filepath.Join(tmp, "bin")
	if err := command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-oauthlink"), ".").Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}

	entra, err := fakeentra.NewTenant()
	if err != nil {
		return err
	}
	var stopEntra func()
	entra.URL, stopEntra = fakeserver.Serve(entra.Fake)
	defer stopEntra()
	fmt.Printf("== Test Entra ID tenant %s at %s\n", entra.TenantID, entra.URL)

	const jiraToken = "demo-admin-token"
	jira := fakejira.New(jiraToken)
	jiraURL, stopJira := fakeserver.Serve(jira)
	defer stopJira()
	fmt.Printf("== Test Jira Data Center at %s\n", jiraURL)

	const externalDataToken = "demo-api-token"
	externalData := fakeexternaldata.New(externalDataToken)
	externalData.AllowAnyPort() // the test tenant's token endpoint listens on a random port
	externalDataURL, stopExternalData := fakeserver.Serve(externalData)
	defer stopExternalData()
	fmt.Printf("== Test External Data management API at %s\n", externalDataURL)

	// dev_overrides point the CLI at the binary just built, for either registry's address.
	cliConfig := filepath.Join(tmp, "cli.tfrc")
	overrides := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/oauthlink/oauthlink" = %q
    "registry.opentofu.org/oauthlink/oauthlink" = %q
  }
  direct {}
}
`, pluginDir, pluginDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return err
	}
	workDir := filepath.Join(tmp, "work")
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return err
	}
	example, err := os.ReadFile(filepath.Join("examples", "demo", "main.tf"))
	if err != nil {
		return fmt.Errorf("run the demo from the repository's root: %w", err)
	}
	if err := os.WriteFile(filepath.Join(workDir, "main.tf"), example, 0o600); err != nil {
		return err
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_VAR_login_url="+entra.URL,
		"TF_VAR_tenant_id="+entra.TenantID,
		"TF_VAR_client_id="+entra.ClientID,
		"TF_VAR_client_secret="+entra.SecretValue,
		"OAUTHLINK_JIRA_URL="+jiraURL,
		"OAUTHLINK_JIRA_TOKEN="+jiraToken,
		"OAUTHLINK_EXTERNAL_DATA_URL="+externalDataURL,
		"OAUTHLINK_EXTERNAL_DATA_TOKEN="+externalDataToken,
	)
	for _, args := range [][]string{
		{"apply", "-auto-approve", "-input=false"},
		{"output", "jira"},
		{"output", "external_data"},
		{"output", "token"},
		{"destroy", "-auto-approve", "-input=false"},
	} {
		fmt.Printf("== %s %s\n", filepath.Base(cli), strings.Join(args, " "))
		cmd := command(cli, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = workDir, env
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", filepath.Base(cli), args[0], err)
		}
	}
	fmt.Printf("== The test tenant answered %d token request(s); Jira served %d request(s); External Data served %d request(s)\n",
		entra.TokenRequests(), len(jira.Requests()), len(externalData.Requests()))
	return nil
}

func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd
}

func findCLI() (string, error) {
	if cli := os.Getenv("OAUTHLINK_DEMO_CLI"); cli != "" {
		return cli, nil
	}
	if cli, err := exec.LookPath("terraform"); err == nil {
		return cli, nil
	}
	tofu, err := filepath.Abs(filepath.Join(".bin", "tofu"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(tofu); err != nil {
		return "", fmt.Errorf("no terraform on PATH and no %s: run make tofu, or set OAUTHLINK_DEMO_CLI", tofu)
	}
	return tofu, nil
}
