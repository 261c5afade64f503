#!/usr/bin/env bash
# Voice interviewer benchmark (prints figures): turn latency (our overhead, p50 and p95)
# with 1, 5 and 10 simultaneous interviews through a local LiveKit server, the worker CPU and
# memory, and the cost of each added interview. The worker runs as users run it: start.sh with
# START_API=false (class data sharing, start.sh's default JVM options).
# Needs scripts/test-deps.sh (ffmpeg, espeak-ng, livekit-server). Run it under the benchmark lock:
#   flock /tmp/bench.lock scripts/bench/voice.sh [-Dinterviews=1,5,10] [-Dturns=6]
# Several workers side by side, alternately (-Drounds=2): -Dvariants=before,now,c1
#   -Dvariant.before.jar=/tmp/before.jar -Dvariant.c1.opts=-XX:TieredStopAtLevel=1
# (a variant's jar defaults to the one built here, its options, WORKER_JAVA_OPTS, to none).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/test-deps.sh
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar="$(ls target/flo-interviewer-backend-*.jar | grep -v '\.original$' | head -n 1)"
exec java -Dflo.it.jar="$PWD/$jar" -Dflo.it.projectDir="$PWD" "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.flo.interviewer.voice.VoiceBenchmark
