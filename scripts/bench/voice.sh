#!/usr/bin/env bash
# Voice interviewer benchmark (prints figures): turn latency (our overhead, p50 and p95)
# with 1, 5 and 10 simultaneous interviews through a local LiveKit server, and the worker CPU and memory.
# Needs scripts/test-deps.sh (ffmpeg, espeak-ng, livekit-server).
#   scripts/bench/voice.sh [-Dinterviews=1,5,10] [-Dturns=6]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/test-deps.sh
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar="$(ls target/flo-interviewer-backend-*.jar | grep -v '\.original$' | head -n 1)"
exec java -Dflo.it.jar="$PWD/$jar" -Dflo.it.projectDir="$PWD" "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.flo.interviewer.voice.VoiceBenchmark
