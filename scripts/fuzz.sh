#!/usr/bin/env bash
# make fuzz: runs every fuzz target of the module briefly (FUZZTIME each, default 20000
# executions), so that CI exercises the decoders of server answers and the wire conversions with new
# inputs on every run. `go test -fuzz` takes one target of one package at a time.
#
# The budget is a count, not a duration: with a duration, Go 1.26's fuzzing engine can report
# "context deadline exceeded" as a failure, with no failing input, when the time runs out while a
# worker is busy (golang/go#75804, fixed in Go 1.27); it did so in CI on a loaded machine.
#
# New interesting inputs are minimised for at most 100 runs: the default (60s each) stalls a short
# run for most of its time. On a failure the whole output is printed, with the input that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-20000x}

count=0
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $target ($fuzztime)"
		if ! output=$(go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 100x "$pkg" 2>&1); then
			echo "$output"
			echo "== $target FAILED; the failing input is under testdata/fuzz/$target in the package's directory" >&2
			exit 1
		fi
		echo "$output" | tail -n 3
		count=$((count + 1))
	done
done
echo "== $count fuzz targets ran for $fuzztime each"
