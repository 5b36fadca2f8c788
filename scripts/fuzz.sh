#!/usr/bin/env bash
# make fuzz: runs every fuzz target of the module briefly (FUZZTIME each, default 10s), so that CI
# exercises the decoders of server answers and the wire conversions with new inputs on every run.
# `go test -fuzz` takes one target of one package at a time.
#
# New interesting inputs are minimised for at most 100 runs: the default (60s each) stalls a short
# run for most of its time, and a minimisation still under way when the time is up has made the
# fuzzing engine report its worker as "hung or terminated unexpectedly" in CI with no failing input.
# On a failure the whole output is printed, with the input that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}

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
