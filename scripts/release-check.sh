#!/usr/bin/env bash
# Checks a goreleaser dist/ as the Terraform and OpenTofu registries take a release: the names,
# what each zip holds, SHA256SUMS and its signature, and the registry manifest.
# make release-snapshot (and so CI) runs it after building a snapshot.
#
#   scripts/release-check.sh [DIST [PUBLIC_KEY.asc]]
#
# With PUBLIC_KEY.asc the signature is verified against that ASCII-armoured key alone, in an empty
# keyring, as the registry does with the key of its namespace; without it, against the caller's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath "${1:-$repo/dist}")
public_key=${2:+$(realpath "$2")}
cd "$repo"
name=terraform-provider-oauthlink

passed=0
failed=0
pass() {
	echo "ok    $*"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL  $*" >&2
	failed=$((failed + 1))
}
# fatal reports a failure after which nothing else can be checked.
fatal() {
	fail "$*"
	echo "release-check: $passed passed, $failed failed"
	exit 1
}

work=$(mktemp -d)
trap 'GNUPGHOME=$work/gnupg gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$work"' EXIT

[ -d "$dist" ] || fatal "$dist is not a directory"

# The version, from the one SHA256SUMS.
shopt -s nullglob dotglob
sums_files=("$dist/${name}_"*_SHA256SUMS)
[ "${#sums_files[@]}" = 1 ] || fatal "want one $dist/${name}_<version>_SHA256SUMS, found ${#sums_files[@]}"
sums=${sums_files[0]}
version=${sums#"$dist/${name}_"}
version=${version%_SHA256SUMS}
echo "== $dist: $name $version"

# Every artifact carries the provider's name (goreleaser's own records aside).
misnamed=()
for path in "$dist"/*; do
	entry=${path#"$dist/"}
	case $entry in
	artifacts.json | metadata.json | config.yaml) ;;
	"${name}_"*) ;;
	*) misnamed+=("$entry") ;;
	esac
done
# …and so does every artifact goreleaser recorded (its own metadata.json aside).
if [ -f "$dist/artifacts.json" ]; then
	for recorded in $(grep -o '"name": *"[^"]*"' "$dist/artifacts.json" | sed 's/.*"\([^"]*\)"$/\1/'); do
		case $recorded in
		metadata.json | "${name}_"*) ;;
		*) misnamed+=("$recorded (artifacts.json)") ;;
		esac
	done
fi
if [ "${#misnamed[@]}" = 0 ]; then
	pass "every artifact in $dist is named ${name}_…"
else
	fail "not named ${name}_…: ${misnamed[*]}"
fi

# One zip per target, each holding the binary alone.
zips=("$dist/${name}_${version}_"*.zip)
all_zips=("$dist/"*.zip)
[ "${#zips[@]}" -gt 0 ] || fatal "no ${name}_${version}_<os>_<arch>.zip in $dist"
[ "${#zips[@]}" = "${#all_zips[@]}" ] || fail "zips of another version in $dist: ${all_zips[*]}"
host="$(go env GOOS)_$(go env GOARCH)"
for zip in "${zips[@]}"; do
	base=${zip#"$dist/"}
	target=${base#"${name}_${version}_"}
	target=${target%.zip}
	entries=$(unzip -Z1 "$zip")
	if [ "$entries" != "${name}_v${version}" ]; then
		fail "$base holds [$(echo "$entries" | tr '\n' ' ')], want [${name}_v${version}]"
		continue
	fi
	pass "$base holds ${name}_v${version} alone"
	unzip -q -o "$zip" -d "$work/$target"
	binary="$work/$target/${name}_v${version}"
	if grep -qaF "$version" "$binary"; then
		pass "$target binary carries its version $version (-X main.version)"
	else
		fail "$target binary does not carry the version $version: main.version was not set"
	fi
	if [ "$target" = "$host" ]; then
		# Run directly, a provider says it is a plugin and exits 1.
		if out=$("$binary" 2>&1 </dev/null); then status=0; else status=$?; fi
		if [ "$status" = 1 ] && [[ $out == *"This binary is a plugin"* ]]; then
			pass "$target binary runs here and says it is a plugin"
		else
			fail "$target binary, run here, exited $status: $out"
		fi
	fi
done

# SHA256SUMS lists the zips and the manifest, nothing else, and the sums are right.
manifest_name="${name}_${version}_manifest.json"
want=$( (for zip in "${zips[@]}"; do echo "${zip#"$dist/"}"; done; echo "$manifest_name") | sort)
got=$(awk '{ print $2 }' "$sums" | sort)
if [ "$got" = "$want" ]; then
	pass "${sums#"$dist/"} lists the zips and $manifest_name"
else
	fail "${sums#"$dist/"} lists [$(echo "$got" | tr '\n' ' ')], want [$(echo "$want" | tr '\n' ' ')]"
fi
# The manifest is uploaded from the repository (release.extra_files), not written into dist/.
mkdir "$work/sums"
for zip in "${zips[@]}"; do ln -s "$zip" "$work/sums/"; done
if [ -f "$dist/$manifest_name" ]; then
	cp "$dist/$manifest_name" "$work/sums/$manifest_name"
else
	cp terraform-registry-manifest.json "$work/sums/$manifest_name"
fi
if out=$(cd "$work/sums" && sha256sum --check --strict - <"$sums" 2>&1); then
	pass "sha256sum --check ${sums#"$dist/"}: $(echo "$out" | grep -c ': OK$') files OK"
else
	fail "sha256sum --check ${sums#"$dist/"}: $out"
fi

# The manifest: protocol 6.0, which the plugin framework speaks.
manifest=$(tr -d ' \t\r\n' <"$work/sums/$manifest_name")
if [ "$manifest" = '{"version":1,"metadata":{"protocol_versions":["6.0"]}}' ]; then
	pass "$manifest_name is terraform-registry-manifest.json, protocol 6.0"
else
	fail "$manifest_name is $manifest, want version 1 with protocol_versions [\"6.0\"]"
fi

# The detached signature of SHA256SUMS, binary as the registry wants it, verifies with the key.
sig="$sums.sig"
if [ ! -f "$sig" ]; then
	fail "no ${sig#"$dist/"}"
else
	if head -c 64 "$sig" | grep -qa -- '-----BEGIN PGP'; then
		fail "${sig#"$dist/"} is ASCII-armoured; the registry wants a binary signature"
	fi
	if [ -n "$public_key" ]; then
		mkdir -m 700 "$work/gnupg"
		export GNUPGHOME=$work/gnupg
		gpg --batch --quiet --import "$public_key" 2>/dev/null || fatal "cannot import $public_key"
	fi
	if status=$(gpg --batch --status-fd 1 --verify "$sig" "$sums" 2>"$work/gpg.err"); then
		# VALIDSIG <fpr> <date> <timestamp> <expires> <version> <reserved> <pubkey algorithm> …
		algorithm=$(echo "$status" | awk '$2 == "VALIDSIG" { print $9 }')
		case $algorithm in
		1 | 2 | 3) pass "gpg --verify ${sig#"$dist/"} ${sums#"$dist/"}: good signature, RSA key" ;;
		17) pass "gpg --verify ${sig#"$dist/"} ${sums#"$dist/"}: good signature, DSA key" ;;
		*) fail "gpg --verify: good signature, but by a key of algorithm $algorithm: the registry takes RSA or DSA keys" ;;
		esac
	else
		fail "gpg --verify ${sig#"$dist/"} ${sums#"$dist/"}: $(cat "$work/gpg.err")"
	fi
fi

echo "release-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
