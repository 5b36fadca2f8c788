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

# Under .bin/ (ignored by git): tfplugindocs reads --website-source-dir relative to the provider.
mkdir -p .bin
work=$(mktemp -d "$PWD/.bin/docs.XXXXXX")
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

# tfplugindocs falls back to one template per kind of page; resources, data sources and ephemeral
# resources share templates/resources.md.tmpl, so the copy it reads holds it under all three names.
templates=${work#"$PWD"/}/templates
cp -R templates "$templates"
for kind in data-sources ephemeral-resources; do
	cp templates/resources.md.tmpl "$templates/$kind.md.tmpl"
done

(cd tools/docs && go tool tfplugindocs generate \
	--provider-dir ../.. \
	--website-source-dir "$templates" \
	--provider-name oauthlink \
	--rendered-provider-name "OAuth Link" \
	--providers-schema "$work/schema.json")

# What the registry checks: front matter, file names, a page per schema object, and every page in
# one of the subcategories below.
(cd tools/docs && go tool tfplugindocs validate \
	--provider-dir ../.. \
	--provider-name oauthlink \
	--providers-schema "$work/schema.json" \
	--allowed-resource-subcategories "Jira,External Data,Tokens,Functions")
