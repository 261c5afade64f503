#!/usr/bin/env bash
# Agent runtime benchmarks (prints figures): audio latency through a local LiveKit server, and the
# worker's CPU and memory with 1, 5, 10 and 20 rooms. Needs scripts/test-deps.sh to have run.
#   scripts/bench/agent.sh [-Dclicks=40] [-Drooms=1,5,10,20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/test-deps.sh
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar="$(ls target/flo-interviewer-backend-*.jar | grep -v '\.original$' | head -n 1)"
RUST_LOG=warn exec java -Dflo.it.jar="$PWD/$jar" -Dflo.it.projectDir="$PWD" "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" ai.flo.interviewer.bench.AgentBenchmark
