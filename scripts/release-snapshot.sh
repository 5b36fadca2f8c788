#!/usr/bin/env bash
# make release-snapshot: builds a release of the host's target only (goreleaser release --snapshot
# from .goreleaser.yml, pinned in tools/goreleaser), signs its SHA256SUMS, and checks dist/ as the
# registries will see it (scripts/release-check.sh). CI runs it.
#
# The signing key is a throwaway RSA key generated into a temporary GNUPGHOME, unless
# GPG_FINGERPRINT names a key of the caller's keyring (the release key, say: gpg-agent asks for
# its passphrase, or has it preset).
set -euo pipefail
cd "$(dirname "$0")/.."
goreleaser=${GORELEASER:-$PWD/.bin/goreleaser}

fail() {
	echo "release-snapshot: $*" >&2
	exit 1
}

for tool in git gpg gpg-agent gpgconf unzip sha256sum; do
	command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install gnupg unzip)"
done
[ -x "$goreleaser" ] || fail "$goreleaser is missing: make goreleaser"

work=$(mktemp -d)
throwaway_home=""
cleanup() {
	if [ -n "$throwaway_home" ]; then
		GNUPGHOME=$throwaway_home gpgconf --kill gpg-agent 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${GPG_FINGERPRINT:-}" ]; then
	echo "== Signing with the key $GPG_FINGERPRINT"
else
	throwaway_home="$work/gnupg"
	mkdir -m 700 "$throwaway_home"
	export GNUPGHOME=$throwaway_home
	echo "== Generating a throwaway RSA signing key"
	gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-generate-key 'terraform-provider-oauthlink snapshot (throwaway) <snapshot@oauthlink.invalid>' \
		rsa3072 sign 1d 2>/dev/null
	GPG_FINGERPRINT=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
	export GPG_FINGERPRINT
fi
# The public key as the registry gets it (ASCII-armoured), for the check.
gpg --batch --armor --export "$GPG_FINGERPRINT" >"$work/public-key.asc"
[ -s "$work/public-key.asc" ] || fail "no public key for $GPG_FINGERPRINT in the keyring"

echo "== goreleaser check"
"$goreleaser" check --config .goreleaser.yml

# One target, the host's: the release's own configuration with its goos and goarch lines replaced.
goos=$(go env GOOS)
goarch=$(go env GOARCH)
sed -e "s/^    goos: \[.*\]\$/    goos: [\"$goos\"]/" \
	-e "s/^    goarch: \[.*\]\$/    goarch: [\"$goarch\"]/" .goreleaser.yml >"$work/goreleaser.yml"
grep -qxF "    goos: [\"$goos\"]" "$work/goreleaser.yml" && grep -qxF "    goarch: [\"$goarch\"]" "$work/goreleaser.yml" ||
	fail ".goreleaser.yml has no one-line \"    goos: [...]\" and \"    goarch: [...]\" for this script to replace"

# goreleaser takes the commit and its date from git, but gives up on both (version
# 0.0.0-SNAPSHOT-none, files dated year 1) in a clone without a remote: lend it one for this run.
if [ -z "$(git remote)" ]; then
	export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=$PWD
fi

tree_before=$(git status --porcelain)
echo "== goreleaser release --snapshot ($goos/$goarch)"
start=$SECONDS
"$goreleaser" release --snapshot --clean --config "$work/goreleaser.yml"
echo "goreleaser took $((SECONDS - start))s"
[ "$(git status --porcelain)" = "$tree_before" ] || {
	git status --short >&2
	fail "goreleaser changed the work tree"
}

scripts/release-check.sh dist "$work/public-key.asc"
