// Command terraform-provider-oauthlink serves the oauthlink provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…": goreleaser sets the release's
// version (.goreleaser.yml), make install dev-<git describe>. The provider reports it to the CLI
// and sends it in its User-Agent, terraform-provider-oauthlink/<version>.
var version = "dev"

// envCPUProfile names a directory where each provider process writes a CPU profile of its whole
// life, cpu-<pid>.pprof (see DEVELOPERS.md, Profiling).
const envCPUProfile = "OAUTHLINK_CPUPROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()
	if err := run(debug); err != nil {
		log.Fatal(err)
	}
}

func run(debug bool) error {
	// A provider started with -debug logs to its own terminal, which TF_LOG in the CLI's
	// environment does not reach: there it keeps the SDK's defaults.
	if !debug {
		for name, value := range quietLogging(os.Environ()) {
			if err := os.Setenv(name, value); err != nil {
				return err
			}
		}
	}
	if dir := os.Getenv(envCPUProfile); dir != "" {
		stop, err := startCPUProfile(dir)
		if err != nil {
			return err
		}
		// Serve returns when the CLI ends the provider, so the profile is complete and flushed.
		defer stop()
	}
	return providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/oauthlink/oauthlink",
		Debug:   debug,
	})
}

// sdkLogLevels are the variables that set the levels of terraform-plugin-go's and the framework's
// loggers (the SDK's root logger, its protocol and framework subsystems) and of the provider's own
// root logger (TF_LOG_PROVIDER_ and the type of the provider's address). Each defaults to trace.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_OAUTHLINK"}

// quietLogging returns the variables to set so that the provider logs nothing, when nothing in
// environ asks for logs; nil otherwise.
//
// The CLI starts a provider with its own environment, and keeps a provider's log lines only when
// TF_LOG or TF_LOG_PROVIDER asks for them; yet the SDK's loggers default to trace, so without this
// every request would be logged as JSON, sent to the CLI and thrown away there, at a third of the
// provider's CPU. Any TF_LOG variable set to anything but off (TF_LOG_PATH, TF_LOG_CORE,
// TF_LOG_SDK_PROTO_DATA_DIR… included), or TF_ACC_LOG_PATH, counts as asking, and leaves every
// level as the SDK sets it: logs stay complete whenever anyone may want them.
func quietLogging(environ []string) map[string]string {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		name = strings.ToUpper(name)
		asks := name == "TF_LOG" || strings.HasPrefix(name, "TF_LOG_") || name == "TF_ACC_LOG_PATH"
		if asks && value != "" && !strings.EqualFold(value, "off") {
			return nil
		}
	}
	quiet := make(map[string]string, len(sdkLogLevels))
	for _, name := range sdkLogLevels {
		quiet[name] = "off"
	}
	return quiet
}

// startCPUProfile starts writing a CPU profile to dir/cpu-<pid>.pprof; stop ends and flushes it.
func startCPUProfile(dir string) (stop func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot create the profile directory: %w", envCPUProfile, err)
	}
	f, err := os.Create(filepath.Join(dir, "cpu-"+strconv.Itoa(os.Getpid())+".pprof"))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot create the profile: %w", envCPUProfile, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%s: cannot start the CPU profile: %w", envCPUProfile, err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			log.Printf("[ERROR] %s: writing the CPU profile: %s", envCPUProfile, err)
		}
	}, nil
}
