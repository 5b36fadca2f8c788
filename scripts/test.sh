#!/usr/bin/env bash
# The test command (make test): vet, unit tests with the race detector, then the acceptance tests
# (TF_ACC=1) under Terraform when a terraform >= 1.11 is on PATH, and always under OpenTofu
# (.bin/tofu, built by make tofu). The oidc-provider conformance tests need `make deps` first: a
# plain `go test ./...` skips them without it, this script fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# The machines' environment points TF_CLI_CONFIG_FILE at a file that does not exist; OpenTofu then
# prints a warning inside `tofu version`, which terraform-plugin-testing cannot parse.
unset TF_CLI_CONFIG_FILE

# Fail, rather than skip, the oidc-provider conformance tests when node or oidc-provider is missing.
export OAUTHLINK_REQUIRE_OIDC_PROVIDER=1

echo "== go vet"
go vet ./...
echo "== Unit tests"
go test -race -count=1 -timeout 20m ./...

# acceptance NAME ENV... runs the acceptance tests with the given environment and prints counts.
acceptance() {
	local name=$1 log
	shift
	log=$(mktemp)
	if ! env TF_ACC=1 "$@" go test -count=1 -timeout 45m -v -run '^TestAcc' ./... >"$log" 2>&1; then
		grep -vE '^=== (RUN|PAUSE|CONT)' "$log"
		echo "Acceptance tests FAILED under $name"
		return 1
	fi
	echo "$name: $(grep -cE '^\s*--- PASS' "$log") passed, $(grep -cE '^\s*--- SKIP' "$log") skipped (tests and subtests)"
	rm -f "$log"
}

# terraform_version prints the version of a terraform binary, e.g. 1.11.4.
terraform_version() {
	"$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\)".*/\1/p'
}

tofu=$PWD/.bin/tofu
if [ ! -x "$tofu" ]; then
	echo "No $tofu: run make tofu (or make deps) first" >&2
	exit 1
fi

# The tests of one CLI run one after another (they set the provider's environment variables), and
# each spends much of its time waiting for a CLI or a test server: the two CLIs' suites run side by
# side, which nearly halves the wall time on two cores. Each prints its summary, or its whole log on
# a failure, when it ends.
pids=()
if terraform=$(command -v terraform) && version=$(terraform_version "$terraform") &&
	[ "$(printf '%s\n' 1.11.0 "$version" | sort -V | head -n1)" = 1.11.0 ]; then
	echo "== Acceptance tests under Terraform $version"
	acceptance "Terraform $version" TF_ACC_TERRAFORM_PATH="$terraform" &
	pids+=($!)
else
	echo "== No Terraform >= 1.11 on PATH: the acceptance tests run under OpenTofu only"
fi
tofu_version=$("$tofu" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
echo "== Acceptance tests under OpenTofu $tofu_version"
acceptance "OpenTofu $tofu_version" \
	TF_ACC_TERRAFORM_PATH="$tofu" TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org &
pids+=($!)

failed=0
for pid in "${pids[@]}"; do
	wait "$pid" || failed=1
done
exit $failed
