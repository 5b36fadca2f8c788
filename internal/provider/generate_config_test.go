package provider

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/clitest"
	fakeexternaldata "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/externaldata"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

// `plan -generate-config-out` needs the CLI to start the provider itself: terraform-plugin-testing
// serves it in-process and plans with the generated file in the same command, while a user
// imports, reviews the file and plans again. These tests do what the user does, with a build of
// the provider selected by dev_overrides (as internal/cmd/demo does, which is a main package).

var (
	providerBuildOnce sync.Once
	providerBuildDir  string
	providerBuildErr  error
)

// builtProvider builds the provider once per test binary and returns the directory that holds it.
func builtProvider(t *testing.T) string {
	t.Helper()
	providerBuildOnce.Do(func() {
		providerBuildDir, providerBuildErr = os.MkdirTemp("", "oauthlink-provider-build")
		if providerBuildErr != nil {
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(providerBuildDir, "terraform-provider-oauthlink"), "../..")
		if out, err := build.CombinedOutput(); err != nil {
			providerBuildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if providerBuildErr != nil {
		t.Fatal(providerBuildErr)
	}
	return providerBuildDir
}

// cliDir is a working directory for the CLI the acceptance tests use (TF_ACC_TERRAFORM_PATH, or
// terraform on PATH), whose CLI configuration selects the built provider.
type cliDir struct {
	t   *testing.T
	dir string
	cli string
	env []string
}

// newCLIDir skips the test unless TF_ACC is set (clitest.Acceptance).
func newCLIDir(t *testing.T, env ...string) *cliDir {
	t.Helper()
	cli := clitest.Acceptance(t)
	plugins := builtProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(rc, []byte(clitest.Config(plugins)), 0o600); err != nil {
		t.Fatal(err)
	}
	env = clitest.Environ(rc, env...)
	return &cliDir{t: t, dir: dir, cli: cli, env: env}
}

// write writes a file of the working directory.
func (d *cliDir) write(name, content string) {
	d.t.Helper()
	if err := os.WriteFile(filepath.Join(d.dir, name), []byte(content), 0o600); err != nil {
		d.t.Fatal(err)
	}
}

// read reads a file of the working directory.
func (d *cliDir) read(name string) string {
	d.t.Helper()
	data, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		d.t.Fatal(err)
	}
	return string(data)
}

// run runs the CLI and returns its output and exit code; it fails the test when the CLI could not
// start.
func (d *cliDir) run(args ...string) (string, int) {
	d.t.Helper()
	cmd := exec.Command(d.cli, args...)
	cmd.Dir, cmd.Env = d.dir, d.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	case err != nil:
		d.t.Fatalf("%s %v: %v", d.cli, args, err)
	}
	return out.String(), 0
}

// mustRun runs the CLI and fails the test unless it exits 0.
func (d *cliDir) mustRun(args ...string) string {
	d.t.Helper()
	out, code := d.run(args...)
	if code != 0 {
		d.t.Fatalf("%s %s exited %d:\n%s", filepath.Base(d.cli), strings.Join(args, " "), code, out)
	}
	return out
}

// TestAccGenerateConfig imports an outgoing link, an incoming link and an External Data source,
// each made by hand with a secret, through import blocks and `plan -generate-config-out`, applies
// the generated configuration unedited and expects the next plan to have no changes, with every
// secret still the one set by hand.
func TestAccGenerateConfig(t *testing.T) {
	jira := fakejira.Start(t)
	externalData := fakeexternaldata.Start(t)
	outgoingSecret, basicPassword, headerValue := handMadeSecret, "made-by-hand-password", "made-by-hand-api-key"
	outgoing := jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Exchange Online", Type: "MICROSOFT", ClientID: "app-client-id", ClientSecret: &outgoingSecret,
		Scopes:                []string{"offline_access", exchangeIMAPScope},
		AuthorizationEndpoint: contosoAuthorize, TokenEndpoint: contosoToken,
	})
	google := jira.AddOutgoingLink(fakejira.OutgoingLink{
		Name: "Gmail", Type: "GOOGLE", ClientID: "google-client-id", ClientSecret: &outgoingSecret,
		Scopes:                []string{"https://mail.google.com/"},
		AuthorizationEndpoint: googleAuthorizationEndpoint, TokenEndpoint: googleTokenEndpoint,
	})
	incoming := jira.AddIncomingLink(fakejira.IncomingLink{
		Name: "Reporting script", Redirects: []string{"https://reports.example.com/callback"}, Scope: "READ",
	})
	basic := externalData.Add(fakeexternaldata.Source{
		App: "jira", Name: "CRM", Type: "url",
		URL:  &fakeexternaldata.URL{URL: "https://crm.example.com/api/customers?q={query}", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "basic", Basic: &fakeexternaldata.Basic{Username: "svc-jira", Password: &basicPassword}},
	})
	header := externalData.Add(fakeexternaldata.Source{
		App: "confluence", Name: "Inventory", Type: "url",
		URL: &fakeexternaldata.URL{URL: "https://inventory.example.com/items", Method: "GET", ResponseType: "json"},
		Auth: &fakeexternaldata.Auth{Type: "custom_header", CustomHeader: &fakeexternaldata.CustomHeader{
			Name: "X-API-Key", Value: &headerValue,
		}},
	})

	d := newCLIDir(t,
		envJiraURL+"="+jira.URL, envJiraToken+"="+jira.AdminToken,
		envExternalDataURL+"="+externalData.URL, envExternalDataToken+"="+externalData.APIToken,
	)
	d.write("main.tf", fmt.Sprintf(requireOAuthlink+`
provider "oauthlink" {}

import {
  to = oauthlink_jira_outgoing_link.exchange
  id = %q
}

import {
  to = oauthlink_jira_outgoing_link.gmail
  id = %q
}

import {
  to = oauthlink_jira_incoming_link.reporting
  id = %q
}

import {
  to = oauthlink_external_data_source.crm
  id = %q
}

import {
  to = oauthlink_external_data_source.inventory
  id = %q
}
`, outgoing, google, incoming.ID, basic.ID, header.ID))

	out := d.mustRun("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	generated := d.read("generated.tf")
	t.Logf("generated.tf:\n%s", generated)
	if !strings.Contains(out, "5 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the plan with the generated configuration is not 5 imports and nothing else:\n%s", out)
	}
	// No review edits: the generated file is applied as written.
	d.mustRun("apply", "-input=false", "-no-color", "-auto-approve")
	if out, code := d.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}

	if err := jira.ExpectOutgoingSecret(outgoing, handMadeSecret); err != nil {
		t.Error(err)
	}
	for id, want := range map[string][2]string{basic.ID: {"auth.basic.password", basicPassword}, header.ID: {"auth.custom_header.value", headerValue}} {
		if got, _ := externalData.Secret(id, want[0]); got != want[1] {
			t.Errorf("source %s: %s is %q, want %q", id, want[0], got, want[1])
		}
	}
	if got, _ := jira.IncomingLink(incoming.ID); got.ClientSecret != incoming.ClientSecret {
		t.Error("the incoming link's client secret changed")
	}
}
