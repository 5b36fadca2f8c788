#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs from the provider's schema, templates/ and examples/.
#
# tfplugindocs would otherwise look for a terraform binary, or download one; here the schema
# comes from the OpenTofu CLI that the tests use too (make tofu), so that docs build the same
# on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tofu=${TOFU:-$PWD/.bin/tofu}
unset TF_CLI_CONFIG_FILE # see scripts/test.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plugin="$work/plugins/registry.opentofu.org/oauthlink/oauthlink/0.0.1/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$plugin"
go build -o "$plugin/terraform-provider-oauthlink_v0.0.1" .
cat >"$work/main.tf" <<'HCL'
terraform {
  required_providers {
    oauthlink = { source = "oauthlink/oauthlink" }
  }
}
HCL
(cd "$work" && "$tofu" init -no-color -input=false -plugin-dir=./plugins >/dev/null && "$tofu" providers schema -json) |
	# tfplugindocs looks the schema up under the Terraform registry's address.
	sed 's#"registry.opentofu.org/oauthlink/oauthlink"#"registry.terraform.io/hashicorp/oauthlink"#' >"$work/schema.json"

(cd tools/docs && go tool tfplugindocs generate \
	--provider-dir ../.. \
	--provider-name oauthlink \
	--rendered-provider-name "OAuth Link" \
	--providers-schema "$work/schema.json")
