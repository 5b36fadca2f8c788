// Command bench times whole Terraform or OpenTofu runs of the oauthlink provider against the
// fakes of internal/fakes, each answering after an injected latency, and writes one markdown table
// (`make bench`; DEVELOPERS.md, Benchmarks). For each N it applies, plans without change, applies a
// change of one instance and destroys N of: outgoing links, incoming links, External Data sources
// with client-credentials auth, oauthlink_api_request data sources and client-credentials token
// data sources (the data sources sharing one credential); and, as baselines, N terraform_data
// resources and N resources of a provider that makes no network call (internal/cmd/bench/noop).
// It reports the median wall time of -runs runs, its ratios to the baselines and to the ideal
// N × latency / parallelism, the CPU time and peak RSS of the provider processes, how many the CLI
// started, and the requests each fake served.
//
// It runs from the repository's root, with terraform on PATH or the CLI that -cli names.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

type options struct {
	ns        []int
	kinds     []kind
	runs      int
	latency   time.Duration
	cli       string
	out       string
	sdkLogOff string
	profile   string
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err == nil {
		err = runBench(opts)
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var kindNames []string
	for _, k := range kinds {
		kindNames = append(kindNames, k.name)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	n := fs.String("n", "50,200", "comma-separated instance counts, e.g. 50,200,1000")
	only := fs.String("kinds", strings.Join(kindNames, ","), "comma-separated kinds to run; the ratios need the baselines terraform_data and noop")
	runs := fs.Int("runs", 3, "runs of each step; the table shows medians")
	latency := fs.Duration("latency", 20*time.Millisecond, "delay of every request to a fake")
	cli := fs.String("cli", "terraform", "the CLI: a name on PATH or a path, e.g. .bin/tofu")
	out := fs.String("out", "bench-results.md", "the file the table is written to")
	sdkLogOff := fs.String("sdk-log-off", "baseline", "where TF_LOG_SDK, TF_LOG_SDK_PROTO and TF_LOG_SDK_FRAMEWORK are set to off: "+
		"baseline (the no-network plugin, as the targets measure it), all, or none")
	profile := fs.String("cpuprofile", "", "a directory where each oauthlink provider process writes a CPU profile ("+cpuProfileVariable+
		"), in <kind>-<N>/<step>/cpu-<pid>.pprof")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	opts := options{runs: *runs, latency: *latency, out: *out, sdkLogOff: *sdkLogOff}
	if *profile != "" {
		var err error
		if opts.profile, err = filepath.Abs(*profile); err != nil {
			return options{}, err
		}
	}
	for _, field := range strings.Split(*n, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || v < 1 {
			return options{}, fmt.Errorf("-n %q: give positive instance counts separated by commas, e.g. -n 50,200", *n)
		}
		opts.ns = append(opts.ns, v)
	}
	for _, name := range strings.Split(*only, ",") {
		i := slices.IndexFunc(kinds, func(k kind) bool { return k.name == strings.TrimSpace(name) })
		if i < 0 {
			return options{}, fmt.Errorf("-kinds: no kind %q: choose from %s", name, strings.Join(kindNames, ", "))
		}
		opts.kinds = append(opts.kinds, kinds[i])
	}
	if opts.runs < 1 {
		return options{}, fmt.Errorf("-runs %d: give 1 or more", opts.runs)
	}
	if !slices.Contains([]string{"none", "baseline", "all"}, opts.sdkLogOff) {
		return options{}, fmt.Errorf("-sdk-log-off %q: choose none, baseline or all", opts.sdkLogOff)
	}
	path, err := exec.LookPath(*cli)
	if err != nil {
		return options{}, fmt.Errorf("-cli %s: %w; put terraform on PATH, or run make tofu and pass -cli .bin/tofu", *cli, err)
	}
	if opts.cli, err = filepath.Abs(path); err != nil {
		return options{}, err
	}
	return opts, nil
}

func runBench(opts options) error {
	if _, err := os.Stat("main.go"); err != nil {
		return fmt.Errorf("run the benchmark from the repository's root (make bench): %w", err)
	}
	dir, err := os.MkdirTemp("", "oauthlink-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Println("== Building the providers")
	realDir, cliConfig, err := build(dir)
	if err != nil {
		return err
	}
	servers, err := startServers(opts.latency)
	if err != nil {
		return err
	}
	defer servers.Close()
	b := &bench{cli: opts.cli, cliConfig: cliConfig, realDir: realDir, servers: servers, sdkLogOff: opts.sdkLogOff,
		profileDir: opts.profile}

	// One result per N, kind and step, in table order; the runs interleave the kinds so that a
	// busy moment of the machine does not fall on one kind alone.
	var results []result
	workDirs := map[string]string{}
	for _, n := range opts.ns {
		for _, k := range opts.kinds {
			work := filepath.Join(dir, "work", fmt.Sprintf("%s-%d", k.name, n))
			if err := os.MkdirAll(work, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(k.config(n, servers)), 0o600); err != nil {
				return err
			}
			workDirs[fmt.Sprint(n, k.name)] = work
			for _, st := range steps {
				results = append(results, result{n: n, kind: k, step: st.name})
			}
		}
	}
	start := time.Now()
	for run := 1; run <= opts.runs; run++ {
		i := 0
		for _, n := range opts.ns {
			for _, k := range opts.kinds {
				fmt.Printf("== run %d/%d, N = %d, %s:", run, opts.runs, n, k.label)
				for _, st := range steps {
					s, err := b.run(k, workDirs[fmt.Sprint(n, k.name)], st)
					if err != nil {
						fmt.Println()
						return err
					}
					results[i].samples = append(results[i].samples, s)
					i++
					fmt.Printf(" %s %.2fs", st.name, s.wall.Seconds())
				}
				fmt.Printf(" (%s so far)\n", time.Since(start).Round(time.Second))
			}
		}
	}

	report := preamble(opts) + markdown(results, opts.latency)
	fmt.Println()
	fmt.Print(report)
	if err := os.WriteFile(opts.out, []byte(report), 0o644); err != nil {
		return err
	}
	fmt.Printf("\n== Written to %s (%s in all)\n", opts.out, time.Since(start).Round(time.Second))
	if opts.profile != "" {
		fmt.Printf("== CPU profiles in %s, e.g. go tool pprof -top %s\n", opts.profile,
			filepath.Join(opts.profile, fmt.Sprintf("outgoing-%d", opts.ns[0]), "plan", "cpu-*.pprof"))
	}
	return nil
}

// preamble says what was measured where, for the table that follows.
func preamble(opts options) string {
	version, _ := exec.Command(opts.cli, "version").Output()
	commit, _ := exec.Command("git", "describe", "--always", "--dirty").Output()
	logOff := map[string]string{
		"none":     "nowhere",
		"baseline": "for the no-network plugin baseline",
		"all":      "for every provider",
	}[opts.sdkLogOff]
	return fmt.Sprintf(`# oauthlink benchmark

- %s, commit %s, %s/%s, %d cores, %s
- every request to a fake answered after %v; median of %d run(s); ideal = N × %v / %d (the CLIs' default parallelism)
- TF_LOG_SDK, TF_LOG_SDK_PROTO and TF_LOG_SDK_FRAMEWORK off %s
- provider CPU: user + system time of the provider processes the CLI started, summed; peak RSS: the largest of one provider process; CLI + provider CPU: the CLI and every process it waited for
- requests: what each fake served, by method (entra: token requests, including those the External Data service makes to "Authenticate" a client-credentials source)

`, strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0], strings.TrimSpace(string(commit)),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02 15:04 MST"),
		opts.latency, opts.runs, opts.latency, parallelism, logOff)
}
