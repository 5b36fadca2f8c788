package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A step is one timed CLI command; the four run in this order on each configuration.
type step struct {
	name string
	slug string // its log's and profiles' name
	args []string
}

var steps = []step{
	{"apply", "apply", []string{"apply", "-auto-approve"}},
	{"plan (no change)", "plan", []string{"plan", "-detailed-exitcode"}},
	{"apply (1 changed)", "apply-1-changed", []string{"apply", "-auto-approve", "-var=variant=b"}},
	{"destroy", "destroy", []string{"destroy", "-auto-approve", "-var=variant=b"}},
}

// cpuProfileVariable names the directory where each oauthlink provider process writes a CPU
// profile, cpu-<pid>.pprof (main.go).
const cpuProfileVariable = "OAUTHLINK_CPUPROFILE"

// sample is what one run of a step measured.
type sample struct {
	wall time.Duration
	// providerCPU is the user and system CPU time of the provider processes the CLI started,
	// summed; treeCPU that of the CLI and every process it waited for, providers included.
	providerCPU, treeCPU time.Duration
	peakRSSKiB           int64 // the largest peak RSS of one provider process
	processes            int   // provider processes started
	requests             map[string]map[string]int
	tokens               int
	changes              bool // the no-change plan proposed changes
}

// bench is a built provider, its stand-ins and the CLI configuration that selects them.
type bench struct {
	cli       string
	cliConfig string
	realDir   string // the real provider binaries
	servers   *servers
	sdkLogOff string // none, baseline or all
	// profileDir holds the providers' CPU profiles, in <kind>-<N>/<step>/, when not "".
	profileDir string
}

// build builds the oauthlink provider and the no-network one into dir/real, the rusage stand-in
// under both names into dir/plugins, and writes dir/cli.tfrc, whose dev_overrides point both
// providers at dir/plugins under either registry's address. It runs from the repository's root.
func build(dir string) (realDir, cliConfig string, err error) {
	realDir, pluginDir := filepath.Join(dir, "real"), filepath.Join(dir, "plugins")
	for _, b := range []struct{ out, pkg string }{
		{filepath.Join(realDir, "terraform-provider-oauthlink"), "."},
		{filepath.Join(realDir, "terraform-provider-noop"), "./internal/cmd/bench/noop"},
		{filepath.Join(pluginDir, "terraform-provider-oauthlink"), "./internal/cmd/bench/rusage"},
		{filepath.Join(pluginDir, "terraform-provider-noop"), "./internal/cmd/bench/rusage"},
	} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("go build %s: %w", b.pkg, err)
		}
	}
	var overrides strings.Builder
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		for _, name := range []string{"oauthlink", "noop"} {
			fmt.Fprintf(&overrides, "    %q = %q\n", host+"/oauthlink/"+name, pluginDir)
		}
	}
	cliConfig = filepath.Join(dir, "cli.tfrc")
	config := "provider_installation {\n  dev_overrides {\n" + overrides.String() + "  }\n  direct {}\n}\n"
	return realDir, cliConfig, os.WriteFile(cliConfig, []byte(config), 0o600)
}

// sdkLogVariables turn the plugin SDK's and framework's logging off.
var sdkLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// env is the CLI's environment for k: the bench's own without TF_CLI_CONFIG_FILE (the machines
// here point it at a file that does not exist), then the generated CLI configuration, the fakes'
// settings, the stand-in's, and profileDir for the CPU profiles unless it is "".
func (b *bench) env(k kind, rusageFile, profileDir string) []string {
	var env []string
	logOff := b.sdkLogOff == "all" || b.sdkLogOff == "baseline" && k.noNetworkBaseline()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "TF_CLI_CONFIG_FILE" || logOff && slices.Contains(sdkLogVariables, name) {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+b.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"OAUTHLINK_BENCH_REAL_DIR="+b.realDir, "OAUTHLINK_BENCH_RUSAGE_FILE="+rusageFile)
	if logOff {
		for _, name := range sdkLogVariables {
			env = append(env, name+"=off")
		}
	}
	if profileDir != "" {
		env = append(env, cpuProfileVariable+"="+profileDir)
	}
	return append(env, b.servers.ProviderEnv()...)
}

// run runs one step in workDir and measures it. The CLI's output goes to workDir/<step>.log,
// whose end an error quotes.
func (b *bench) run(k kind, workDir string, st step) (sample, error) {
	rusageFile := filepath.Join(workDir, "rusage")
	logFile := filepath.Join(workDir, st.slug+".log")
	profileDir := ""
	if b.profileDir != "" {
		profileDir = filepath.Join(b.profileDir, filepath.Base(workDir), st.slug)
	}
	if err := os.Remove(rusageFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return sample{}, err
	}
	out, err := os.Create(logFile)
	if err != nil {
		return sample{}, err
	}
	defer out.Close()
	// The common flags go first: a CLI takes a plan file last.
	args := append([]string{st.args[0], "-input=false", "-no-color"}, st.args[1:]...)
	cmd := exec.Command(b.cli, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = workDir, b.env(k, rusageFile, profileDir), out, out

	requestsBefore, tokensBefore := b.servers.counts()
	start := time.Now()
	err = cmd.Run()
	s := sample{wall: time.Since(start)}
	requestsAfter, tokensAfter := b.servers.counts()

	var exit *exec.ExitError
	if st.args[0] == "plan" && errors.As(err, &exit) && exit.ExitCode() == 2 { // -detailed-exitcode
		s.changes, err = true, nil
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s %s in %s: %w\n%s", filepath.Base(b.cli), strings.Join(args, " "), workDir, err, tail(logFile, 30))
	}
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.treeCPU = time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	}
	s.requests, s.tokens = diffCounts(requestsBefore, requestsAfter), tokensAfter-tokensBefore
	s.providerCPU, s.peakRSSKiB, s.processes, err = readRusage(rusageFile)
	return s, err
}

// diffCounts is after - before, by backend and method, without zeros.
func diffCounts(before, after map[string]map[string]int) map[string]map[string]int {
	diff := map[string]map[string]int{}
	for backend, methods := range after {
		for method, n := range methods {
			if d := n - before[backend][method]; d != 0 {
				if diff[backend] == nil {
					diff[backend] = map[string]int{}
				}
				diff[backend][method] = d
			}
		}
	}
	return diff
}

// readRusage sums the lines the stand-in appended, "<user µs> <system µs> <peak RSS KiB>": one
// per provider process. No file means no provider process (terraform_data).
func readRusage(path string) (cpu time.Duration, peakRSSKiB int64, processes int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, 0, nil
	} else if err != nil {
		return 0, 0, 0, err
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		var v [3]int64
		fields := strings.Fields(lines.Text())
		if len(fields) != len(v) {
			return 0, 0, 0, fmt.Errorf("%s: line %q is not \"<user µs> <system µs> <peak RSS KiB>\"", path, lines.Text())
		}
		for i, field := range fields {
			if v[i], err = strconv.ParseInt(field, 10, 64); err != nil {
				return 0, 0, 0, fmt.Errorf("%s: %w", path, err)
			}
		}
		cpu += time.Duration(v[0]+v[1]) * time.Microsecond
		peakRSSKiB = max(peakRSSKiB, v[2])
		processes++
	}
	return cpu, peakRSSKiB, processes, lines.Err()
}

// tail returns the last n lines of a file, to show why a command failed.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
