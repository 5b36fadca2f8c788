// Command demo builds the provider and runs examples/demo with the Terraform or OpenTofu CLI
// against the local test servers of internal/fakes (Entra ID, Microsoft Graph, Jira Data Center,
// External Data), so that anyone can watch the provider work without a tenant or a Jira: it plans,
// applies, plans again (which must show no changes) and destroys. `make demo` runs it.
//
// With -sandbox it starts the same servers alone and prints how to point a configuration at them,
// until Ctrl-C (`make sandbox`).
//
// The CLI is $OAUTHLINK_DEMO_CLI, else a terraform on PATH, else .bin/tofu (make tofu).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	sandbox := flag.Bool("sandbox", false, "start the test servers and print how to use them, until Ctrl-C")
	flag.Parse()
	run := runDemo
	if *sandbox {
		run = runSandbox
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func runDemo() error {
	cli, err := findCLI()
	if err != nil {
		return err
	}
	example, err := os.ReadFile(filepath.Join("examples", "demo", "main.tf"))
	if err != nil {
		return fmt.Errorf("run the demo from the repository's root: %w", err)
	}
	s, err := startSession("oauthlink-demo")
	if err != nil {
		return err
	}
	defer s.close()
	servers := s.servers

	workDir := filepath.Join(s.dir, "work")
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(workDir, "main.tf"), example, 0o600); err != nil {
		return err
	}
	// No init: dev_overrides supply the only provider, and the CLIs advise skipping init then.
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+s.cliConfig, "TF_IN_AUTOMATION=1")
	env = append(env, servers.env()...)
	// step runs the CLI under a heading; the common flags go first, since a plan file must be last.
	step := func(heading string, args ...string) error {
		fmt.Printf("\n== %s: %s %s\n", heading, filepath.Base(cli), strings.Join(args, " "))
		args = append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)
		cmd := exec.Command(cli, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = workDir, env, os.Stdout, os.Stderr
		return cmd.Run()
	}

	if err := step("1/4 Plan what the demo creates", "plan", "-out=demo.tfplan"); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	// Once apply has started the servers may hold objects, so destroy runs whatever happens next.
	err = step("2/4 Apply that plan", "apply", "demo.tfplan")
	if err != nil {
		err = fmt.Errorf("apply: %w", err)
	} else {
		err = step("3/4 Plan again, which must report no changes", "plan", "-detailed-exitcode")
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.ExitCode() == 2: // -detailed-exitcode: 2 means changes
			err = errors.New("the plan after apply shows changes (above): what the provider reads back differs from what it applied")
		case err != nil:
			err = fmt.Errorf("second plan: %w", err)
		}
	}
	if destroyErr := step("4/4 Destroy", "destroy", "-auto-approve"); destroyErr != nil {
		err = errors.Join(err, fmt.Errorf("destroy: %w", destroyErr))
	}
	if err != nil {
		return err
	}
	fmt.Printf("\n== Done: the test tenant answered %d token request(s); Jira served %d request(s); External Data served %d request(s)\n",
		servers.Entra.TokenRequests(), len(servers.Jira.Requests()), len(servers.ExternalData.Requests()))
	return nil
}

// session is a temporary directory with a fresh build of the provider in it, and the test servers.
type session struct {
	dir       string
	cliConfig string // a CLI configuration whose dev_overrides select the build
	servers   testServers
}

// startSession builds the provider into a new temporary directory named after prefix and starts
// the test servers, printing a heading for each and the servers' URLs.
func startSession(prefix string) (*session, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	fmt.Println("== Building the provider")
	cliConfig, err := installProvider(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	servers, err := startServers()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	fmt.Println("\n== Local test servers")
	servers.printURLs(os.Stdout)
	return &session{dir: dir, cliConfig: cliConfig, servers: servers}, nil
}

// close stops the servers and removes the directory.
func (s *session) close() {
	s.servers.Close()
	os.RemoveAll(s.dir)
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
