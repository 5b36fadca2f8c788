#!/usr/bin/env bash
# make fuzz: runs every fuzz target of the module briefly (FUZZTIME each, default 10s), so that CI
# exercises the decoders of server answers and the wire conversions with new inputs on every run.
# `go test -fuzz` takes one target of one package at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}

count=0
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $target ($fuzztime)"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" | tail -n 3
		count=$((count + 1))
	done
done
echo "== $count fuzz targets ran for $fuzztime each"
