package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/clitest"
	fakejira "github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/jira"
)

func TestQuietLoggingOnlyWhenNothingAsksForLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_OAUTHLINK": "off"}
	for _, tc := range []struct {
		environ []string
		want    map[string]string
	}{
		{nil, off},
		{[]string{"PATH=/bin", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/x", "OAUTHLINK_CPUPROFILE=/tmp"}, off},
		{[]string{"TF_LOG="}, off},
		{[]string{"TF_LOG=off", "TF_LOG_PROVIDER=OFF"}, off},
		{[]string{"TF_LOG=trace"}, nil},
		{[]string{"TF_LOG=JSON"}, nil},
		{[]string{"tf_log=debug"}, nil},
		{[]string{"TF_LOG=off", "TF_LOG_PROVIDER=debug"}, nil},
		{[]string{"TF_LOG_PROVIDER_OAUTHLINK=trace"}, nil},
		{[]string{"TF_LOG_SDK_FRAMEWORK=trace"}, nil},
		{[]string{"TF_LOG_SDK_PROTO=off", "TF_LOG_SDK_PROTO_DATA_DIR=/tmp/proto"}, nil},
		{[]string{"TF_LOG_PATH=/tmp/tf.log"}, nil},
		{[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, nil},
	} {
		if got := quietLogging(tc.environ); !maps.Equal(got, tc.want) {
			t.Errorf("quietLogging(%q) = %v, want %v", tc.environ, got, tc.want)
		}
	}
}

// TestAccTraceLogsReachTheCLI runs a plan with the built provider under TF_LOG=trace and expects
// the SDK's, the framework's and the provider's own trace lines in TF_LOG_PATH; and with
// OAUTHLINK_CPUPROFILE, a CPU profile of each provider process.
func TestAccTraceLogsReachTheCLI(t *testing.T) {
	cli := clitest.Acceptance(t)
	dir := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "plugins", "terraform-provider-oauthlink"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rc := clitest.Config(filepath.Join(dir, "plugins"))
	j := fakejira.Start(t)
	config := `terraform {
  required_providers {
    oauthlink = { source = "oauthlink/oauthlink" }
  }
}
` + j.ProviderBlock() + `
data "oauthlink_jira_outgoing_links" "all" {}
`
	for name, content := range map[string]string{"cli.tfrc": rc, "main.tf": config} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	logPath, profiles := filepath.Join(dir, "trace.log"), filepath.Join(dir, "profiles")
	cmd := exec.Command(cli, "plan", "-input=false", "-no-color")
	cmd.Dir = dir
	cmd.Env = clitest.Environ(filepath.Join(dir, "cli.tfrc"), "TF_LOG=trace", "TF_LOG_PATH="+logPath, envCPUProfile+"="+profiles)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// hclog writes a line's fields in no fixed order: look for the message and the module apart.
	for _, want := range []struct{ message, module string }{
		{"Received request", "sdk.proto"},                             // terraform-plugin-go
		{"Calling provider defined DataSource Read", "sdk.framework"}, // the framework
		{"HTTP request", "oauthlink"},                                 // internal/httpx
		{"HTTP response", "oauthlink"},
	} {
		found := slices.ContainsFunc(strings.Split(string(logs), "\n"), func(line string) bool {
			return strings.Contains(line, "[TRACE]") && strings.Contains(line, " "+want.message+": ") && strings.Contains(line+" ", " @module="+want.module+" ")
		})
		if !found {
			t.Errorf("the trace log has no %q of %s", want.message, want.module)
		}
	}
	written, _ := filepath.Glob(filepath.Join(profiles, "cpu-*.pprof"))
	if len(written) == 0 {
		t.Fatalf("no CPU profile in %s", profiles)
	}
	for _, p := range written {
		// A profile that was stopped and flushed is a whole gzip stream.
		if data, err := os.ReadFile(p); err != nil || len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is not a finished profile (%d bytes, %v)", p, len(data), err)
		}
	}
}
