//go:build unix

// Command rusage stands in for a provider binary in the benchmark (internal/cmd/bench), under the
// provider's file name in the directory that dev_overrides name. It runs the real binary, of the
// same name in $OAUTHLINK_BENCH_REAL_DIR, as its child with its own arguments, standard streams
// and environment, so that the CLI's plugin handshake goes straight to the child; when the child
// ends it appends "<user CPU µs> <system CPU µs> <peak RSS KiB>" of the child to
// $OAUTHLINK_BENCH_RUSAGE_FILE and exits as the child did. The kernel keeps these numbers for a
// parent only, and the CLI, the provider's parent otherwise, does not report them.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
)

func main() {
	code, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench rusage:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run() (int, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	realDir, record := os.Getenv("OAUTHLINK_BENCH_REAL_DIR"), os.Getenv("OAUTHLINK_BENCH_RUSAGE_FILE")
	if realDir == "" || record == "" {
		return 0, errors.New("set OAUTHLINK_BENCH_REAL_DIR and OAUTHLINK_BENCH_RUSAGE_FILE: this stand-in only runs under the benchmark (internal/cmd/bench)")
	}
	// The CLI's process group gets the user's Ctrl-C; the provider decides what to do with it, as
	// without this stand-in.
	signal.Ignore(os.Interrupt)
	child := exec.Command(filepath.Join(realDir, filepath.Base(self)), os.Args[1:]...)
	child.Stdin, child.Stdout, child.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = child.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return 0, err
	}
	usage, ok := child.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, fmt.Errorf("no resource usage for the provider on %s", runtime.GOOS)
	}
	maxRSSKiB := int64(usage.Maxrss) //nolint:unconvert // an int32 on 32-bit platforms
	// Maxrss is in bytes on darwin, in KiB on Linux and the BSDs.
	if runtime.GOOS == "darwin" {
		maxRSSKiB /= 1024
	}
	line := fmt.Sprintf("%d %d %d\n", usage.Utime.Nano()/1000, usage.Stime.Nano()/1000, maxRSSKiB)
	f, err := os.OpenFile(record, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	// One short write with O_APPEND: the lines of provider processes ending together do not mix.
	if _, err := f.WriteString(line); err != nil {
		f.Close()
		return 0, err
	}
	return child.ProcessState.ExitCode(), f.Close()
}
