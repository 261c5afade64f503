#!/usr/bin/env bash
# LiveKit's FFI engine for the JVM, from ONE pinned `livekit` Python wheel (fetched with the ordinary
# `pip download` into the ignored .tools/ folder): the native library liblivekit_ffi.so and the
# Java classes of its protocol, generated with protoc from the descriptors the wheel carries.
# The library and the protocol must come from the same release; this script is the only way in.
#
# Usage (Maven runs it in generate-sources): ffi.sh VERSION PROTOC OUT_JAVA OUT_RESOURCES
#   OUT_JAVA      generated sources (package livekit.proto)
#   OUT_RESOURCES gets linux-x86-64/liblivekit_ffi.so (where JNA looks on the classpath)
set -euo pipefail
version="$1"; protoc="$2"; out_java="$3"; out_res="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/../../.tools/livekit-ffi"
mkdir -p "$cache" "$out_java" "$out_res/linux-x86-64"

wheel="$(ls "$cache"/livekit-"$version"-py3-none-manylinux_*_x86_64.whl 2>/dev/null | head -n 1 || true)"
if [[ -z "$wheel" ]]; then
  echo "ffi.sh: fetching the livekit $version wheel (pip download)" >&2
  python3 -m pip download "livekit==$version" --no-deps --only-binary=:all: \
    --platform manylinux_2_28_x86_64 --python-version 3.11 -d "$cache" -q >&2
  wheel="$(ls "$cache"/livekit-"$version"-py3-none-manylinux_*_x86_64.whl | head -n 1)"
fi

stamp="$out_java/.livekit-ffi-$version"
if [[ ! -f "$stamp" ]]; then
  rm -rf "$out_java" && mkdir -p "$out_java"   # never mix classes of two protocol versions
  descriptors="$(mktemp)"
  files="$(python3 "$here/extract_ffi_descriptors.py" "$wheel" "$descriptors")"
  chmod +x "$protoc"
  # shellcheck disable=SC2086
  "$protoc" --descriptor_set_in="$descriptors" --java_out="$out_java" $files
  rm -f "$descriptors"
  touch "$stamp"
fi
if [[ ! -f "$out_res/linux-x86-64/liblivekit_ffi.so" || ! -f "$out_res/livekit-ffi.version" ]] \
   || [[ "$(cat "$out_res/livekit-ffi.version")" != "$version" ]]; then
  python3 - "$wheel" "$out_res/linux-x86-64/liblivekit_ffi.so" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open("livekit/rtc/resources/liblivekit_ffi.so") as src, \
        open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  echo "$version" > "$out_res/livekit-ffi.version"
fi
