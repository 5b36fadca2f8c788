// Package clitest sets up the Terraform or OpenTofu CLI that acceptance tests run themselves, with
// a build of the provider, for the tests that need what terraform-plugin-testing does not do.
package clitest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Path is the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, or terraform on PATH.
func Path() (string, error) {
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); cli != "" {
		return cli, nil
	}
	cli, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no terraform on PATH and no TF_ACC_TERRAFORM_PATH")
	}
	return cli, nil
}

// Acceptance is the CLI for a test that runs it itself. As terraform-plugin-testing does, it skips
// the test unless TF_ACC is set, and fails it when TF_ACC is set but no CLI is found.
func Acceptance(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run the CLI")
	}
	cli, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	return cli
}

// Config is a CLI configuration that takes the provider from pluginDir, under both CLIs' registry
// addresses, and every other provider from its registry.
func Config(pluginDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/oauthlink/oauthlink" = %q
    "registry.opentofu.org/oauthlink/oauthlink" = %q
  }
  direct {}
}
`, pluginDir, pluginDir)
}

// Environ is this process's environment without its TF_ and OAUTHLINK_ variables, which would
// change what the CLI or the provider does, with the CLI configuration file configFile, no
// prompts or version checks, and then extra.
func Environ(configFile string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "OAUTHLINK_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+configFile, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return append(env, extra...)
}
