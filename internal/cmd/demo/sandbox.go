package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/sandbox"
)

// runSandbox starts the demo's test servers and a build of the provider, prints what a user needs
// to point their own configuration at them, and serves until Ctrl-C (or SIGTERM).
func runSandbox() error {
	s, err := startSession("oauthlink-sandbox")
	if err != nil {
		return err
	}
	defer s.close()
	servers, cliConfig := s.servers, s.cliConfig
	config, err := os.ReadFile(cliConfig)
	if err != nil {
		return err
	}
	fmt.Println("\n== Demo credentials")
	fmt.Printf("Entra app client id      %s\n", servers.Entra.ClientID)
	fmt.Printf("Entra app client secret  %s\n", servers.Entra.SecretValue)
	fmt.Printf("Jira admin token         %s\n", sandbox.JiraToken)
	fmt.Printf("External Data API token  %s\n", sandbox.ExternalDataToken)

	// The same lines go to a file, so that another shell can source them.
	exports := shellExports(append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig}, servers.env()...))
	envFile := filepath.Join(s.dir, "env.sh")
	if err := os.WriteFile(envFile, []byte(exports), 0o600); err != nil {
		return err
	}
	fmt.Printf("\n== Environment for your shell (or: source %s)\n%s", envFile, exports)
	fmt.Printf("\n== CLI configuration %s\n%s", cliConfig, config)
	fmt.Println("\nThe OAUTHLINK_ variables configure the provider; the TF_VAR_ ones fit examples/demo.")
	fmt.Println("Skip init unless your configuration uses other providers: dev_overrides supply this one.")
	fmt.Println("\n== Serving until Ctrl-C")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Println("== Stopped")
	return nil
}

// shellExports turns NAME=value pairs into export lines, quoting each value for a POSIX shell
// (the test secret holds characters a shell would interpret).
func shellExports(env []string) string {
	var b strings.Builder
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "export %s='%s'\n", name, strings.ReplaceAll(value, "'", `'\''`))
	}
	return b.String()
}
