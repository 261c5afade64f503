#!/usr/bin/env bash
# Recording analysis benchmarks (prints figures): one hour of speech up to the transcription
# requests as a ratio to plain ffmpeg, and the API's and worker's resident memory while a ~400 MB
# WAV is uploaded and processed. Needs scripts/test-deps.sh to have run (ffmpeg, espeak-ng).
#   scripts/bench/analysis.sh [-Dminutes=60] [-DskipRatio=true] [-DskipMemory=true]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/test-deps.sh
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar="$(ls target/flo-interviewer-backend-*.jar | grep -v '\.original$' | head -n 1)"
exec java -Dflo.it.jar="$PWD/$jar" -Dflo.it.projectDir="$PWD" "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.flo.interviewer.analysis.AnalysisBenchmark
