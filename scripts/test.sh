#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (test-deps.sh: ffmpeg,
# espeak-ng, a pinned livekit-server), starts PostgreSQL (Debian's package, installed when
# missing), then `mvn verify` (unit and Spring tests, then the packaged jar's process tests). Extra arguments go to Maven, e.g. -Dtest=DatabaseUrlTests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in java mvn setpriv python3 npm go; do
  command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is required and missing" >&2; exit 1; }
done

scripts/test-deps.sh
TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
export TEST_POSTGRES_URL
trap 'scripts/postgres.sh stop' EXIT
echo "test.sh: PostgreSQL for the tests at $TEST_POSTGRES_URL"

mvn -B -ntp verify "$@"
