#!/usr/bin/env bash
# LiveKit's browser SDK (livekit-client, Apache-2.0) for the candidate's page, from ONE pinned npm
# package, fetched with the ordinary `npm pack` into the ignored .tools/ folder and checked against
# pinned SHA-256 digests. The jar serves it from its own origin: the page loads nothing from another
# host at run time. Nothing fetched is committed; this script is the only way in. Node is needed to
# fetch it, not to run the jar (the file is the SDK's own prebuilt UMD bundle, used as is).
#
# Usage (Maven runs it in generate-resources): livekit-client.sh [OUT_RESOURCES]
#   always   .tools/web/livekit-client.umd.js and livekit-client.LICENSE.txt (fetched when missing
#            or not the pinned files)
#   OUT_RESOURCES, when given, gets static/interview/livekit-client.umd.js and its license (served
#   at /interview/livekit-client.umd.js)
set -euo pipefail
package="livekit-client"
version="2.23.0"
entry="package/dist/livekit-client.umd.js"
sha256="fb646f2260d84f91238d0a2dc10726c456631d6a26c7cafc43cfee5959b4d31d"
license_entry="package/LICENSE"
license_sha256="09e8a9bcec8067104652c168685ab0931e7868f9c8284b66f5ae6edae5f1130b"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(cd "$here/../.." && pwd)/.tools/web"
sdk="$cache/livekit-client.umd.js"
license="$cache/livekit-client.LICENSE.txt"

fail() {
  echo "livekit-client.sh: $*" >&2
  exit 1
}

digest() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "sha256sum (or shasum) is required to check $package"
  fi
}

if [[ ! -f "$sdk" || "$(digest "$sdk")" != "$sha256" || ! -f "$license" \
      || "$(digest "$license")" != "$license_sha256" ]]; then
  command -v npm >/dev/null || fail "npm is required to fetch $package@$version; install Node.js and npm (Debian: apt-get install npm)"
  command -v tar >/dev/null || fail "tar is required to unpack $package@$version"
  mkdir -p "$cache"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "livekit-client.sh: fetching $package@$version (npm pack)" >&2
  if ! tarball="$(cd "$work" && npm pack --loglevel=error "$package@$version" 2>"$work/npm.log" | tail -n 1)" \
      || [[ -z "$tarball" || ! -f "$work/$tarball" ]]; then
    cat "$work/npm.log" >&2 || true
    fail "npm pack $package@$version failed"
  fi
  tar -xmzf "$work/$tarball" -C "$work" "$entry" "$license_entry" || fail "$package@$version has no $entry"
  got="$(digest "$work/$entry")"
  [[ "$got" == "$sha256" ]] || fail "$entry of $package@$version has SHA-256 $got, expected $sha256"
  got="$(digest "$work/$license_entry")"
  [[ "$got" == "$license_sha256" ]] || fail "$license_entry of $package@$version has SHA-256 $got, expected $license_sha256"
  mv -f "$work/$entry" "$sdk"
  mv -f "$work/$license_entry" "$license"
  echo "livekit-client.sh: $sdk ($(wc -c < "$sdk") bytes) SHA-256 $sha256" >&2
fi

if [[ $# -ge 1 ]]; then
  out="$1/static/interview"
  mkdir -p "$out"
  cmp -s "$sdk" "$out/livekit-client.umd.js" || cp "$sdk" "$out/livekit-client.umd.js"
  cmp -s "$license" "$out/livekit-client.LICENSE.txt" || cp "$license" "$out/livekit-client.LICENSE.txt"
fi
