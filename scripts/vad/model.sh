#!/usr/bin/env bash
# Silero VAD v5 (the ONNX export of upstream's v5.1.2, MIT) from ONE pinned npm package, fetched with
# the ordinary `npm pack` into the ignored .tools/ folder and checked against a pinned SHA-256. The
# model is never committed; this script is the only way in.
#
# Usage (Maven runs it in generate-resources): model.sh [OUT_RESOURCES]
#   always   .tools/vad/silero_vad_v5.onnx (fetched when missing or not the pinned file)
#   OUT_RESOURCES, when given, gets ai/flo/interviewer/voice/silero_vad_v5.onnx (where SileroVad
#   looks on the classpath)
#
# @livekit/agents-plugin-silero ships a model of the same size under the name silero_vad.onnx, but
# it is v6 (other weights): not a drop-in for the thresholds tuned here.
set -euo pipefail
package="@ricky0123/vad-web"
version="0.0.31"
entry="package/dist/silero_vad_v5.onnx"
sha256="2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(cd "$here/../.." && pwd)/.tools/vad"
model="$cache/silero_vad_v5.onnx"

fail() {
  echo "model.sh: $*" >&2
  exit 1
}

digest() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "sha256sum (or shasum) is required to check the model"
  fi
}

if [[ ! -f "$model" || "$(digest "$model")" != "$sha256" ]]; then
  command -v npm >/dev/null || fail "npm is required to fetch the Silero VAD model ($package@$version); install Node.js and npm (Debian: apt-get install npm)"
  command -v tar >/dev/null || fail "tar is required to unpack $package@$version"
  mkdir -p "$cache"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "model.sh: fetching $package@$version (npm pack) for its silero_vad_v5.onnx" >&2
  if ! tarball="$(cd "$work" && npm pack --loglevel=error "$package@$version" 2>"$work/npm.log" | tail -n 1)" \
      || [[ -z "$tarball" || ! -f "$work/$tarball" ]]; then
    cat "$work/npm.log" >&2 || true
    fail "npm pack $package@$version failed"
  fi
  tar -xmzf "$work/$tarball" -C "$work" "$entry" || fail "$package@$version has no $entry"
  got="$(digest "$work/$entry")"
  [[ "$got" == "$sha256" ]] || fail "$entry of $package@$version has SHA-256 $got, expected $sha256"
  mv -f "$work/$entry" "$model"
  echo "model.sh: $model ($(wc -c < "$model") bytes) SHA-256 $sha256" >&2
fi

if [[ $# -ge 1 ]]; then
  out="$1/ai/flo/interviewer/voice"
  mkdir -p "$out"
  cmp -s "$model" "$out/silero_vad_v5.onnx" || cp "$model" "$out/silero_vad_v5.onnx"
fi
