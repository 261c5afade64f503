#!/usr/bin/env bash
# Installs what the tests need, idempotently: ffmpeg, espeak-ng and Chromium (Debian), PostgreSQL
# (through postgres.sh), a pinned livekit-server (go install, through livekit/server.sh). The
# LiveKit FFI library comes with the Maven build (livekit/ffi.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v curl >/dev/null || missing+=(curl)
# The report tests load the rendered HTML in a real browser (testsupport/Chromium.java).
command -v chromium >/dev/null || missing+=(chromium chromium-driver)
if (( ${#missing[@]} )); then
  if [[ "$(id -u)" != "0" ]]; then
    echo "test-deps.sh: missing ${missing[*]}; install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "test-deps.sh: installing ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$here/livekit/server.sh" install >/dev/null
