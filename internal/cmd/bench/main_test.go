package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/sandbox"
)

func TestParseFlags(t *testing.T) {
	opts, err := parseFlags([]string{"-n", "50, 1000", "-kinds", "noop,outgoing", "-cli", "go"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.ns, []int{50, 1000}) || len(opts.kinds) != 2 || opts.kinds[1].name != "outgoing" ||
		opts.runs != 3 || opts.sdkLogOff != "baseline" || !strings.HasSuffix(opts.cli, "/go") {
		t.Errorf("parsed %+v", opts)
	}
	for args, want := range map[string]string{
		"-n 50,x":            `-n "50,x": give positive instance counts`,
		"-kinds links":       `-kinds: no kind "links": choose from terraform_data, noop, noop_outgoing, outgoing,`,
		"-sdk-log-off some":  `-sdk-log-off "some": choose none, baseline or all`,
		"-runs 0":            "-runs 0: give 1 or more",
		"-cli no-such-cli-x": "-cli no-such-cli-x: ",
	} {
		if _, err := parseFlags(strings.Fields(args)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", args, err, want)
		}
	}
}

// TestEnv checks that the CLI gets the generated CLI configuration instead of the machine's, and
// the SDK's logging off exactly where -sdk-log-off says.
func TestEnv(t *testing.T) {
	t.Setenv("TF_CLI_CONFIG_FILE", "/nonexistent")
	t.Setenv("TF_LOG_SDK", "trace")
	s := &servers{Servers: &sandbox.Servers{}}
	byName := func(name string) kind {
		return kinds[slices.IndexFunc(kinds, func(k kind) bool { return k.name == name })]
	}
	noop, links, sameSchema := byName("noop"), byName("outgoing"), byName("noop_outgoing")
	for _, c := range []struct {
		mode   string
		k      kind
		logOff bool
	}{
		{"baseline", noop, true}, {"baseline", sameSchema, true}, {"baseline", links, false}, {"all", links, true}, {"none", noop, false},
	} {
		b := &bench{cliConfig: "/tmp/cli.tfrc", sdkLogOff: c.mode, servers: s}
		env := b.env(c.k, "/tmp/rusage", "")
		if slices.Contains(env, "TF_CLI_CONFIG_FILE=/nonexistent") || !slices.Contains(env, "TF_CLI_CONFIG_FILE=/tmp/cli.tfrc") ||
			!slices.Contains(env, "OAUTHLINK_BENCH_RUSAGE_FILE=/tmp/rusage") {
			t.Errorf("%s, %s: %v", c.mode, c.k.name, env)
		}
		off := slices.Contains(env, "TF_LOG_SDK=off") && slices.Contains(env, "TF_LOG_SDK_PROTO=off") &&
			slices.Contains(env, "TF_LOG_SDK_FRAMEWORK=off") && !slices.Contains(env, "TF_LOG_SDK=trace")
		if off != c.logOff || !off && !slices.Contains(env, "TF_LOG_SDK=trace") {
			t.Errorf("%s, %s: SDK logging off %v, want %v", c.mode, c.k.name, off, c.logOff)
		}
		if slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, cpuProfileVariable+"=") }) {
			t.Errorf("%s, %s: a CPU profile without -cpuprofile", c.mode, c.k.name)
		}
	}
	b := &bench{servers: s}
	if env := b.env(noop, "/tmp/rusage", "/tmp/profiles/noop-50/plan"); !slices.Contains(env, cpuProfileVariable+"=/tmp/profiles/noop-50/plan") {
		t.Errorf("-cpuprofile: %v", env)
	}
}
