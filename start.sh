#!/usr/bin/env bash
# Starts flo-interviewer-backend: the worker (profile "worker") in the background and the REST API
# in the foreground. SIGTERM/SIGINT are forwarded to both; the script waits for both and exits 0
# after a requested shutdown. A worker that exits on its own (a crash, the out-of-memory killer, a
# panic of LiveKit's native engine: it exits with status 70) is restarted after 1, 2, 4 ... 30 s,
# at most WORKER_MAX_RESTARTS times a minute; beyond that it stays down, the API's /health turns
# DOWN and this script says so (the container's health check then fails and the orchestrator
# restarts the container). The API keeps serving throughout.
#
# The image's command, and the way to run a checkout: from a checkout it uses the built jar in
# target/ (building it with Maven when missing) and the checkout as its base folder.
#
# Environment (besides the service's own variables, see docs/configuration.md):
#   FLO_HOME          base folder for data folders and the default SQLite file (default: this script's folder)
#   APP_JAR           the jar to run (default: app.jar beside this script, else target/*.jar)
#   JAVA_OPTS         JVM options for both processes; API_JAVA_OPTS / WORKER_JAVA_OPTS for one
#   START_WORKER      "false" runs the API alone (workers elsewhere; then set FLO_WORKER_REQUIRED=false)
#   WORKER_MAX_RESTARTS  restarts of a worker that exited on its own, per minute (default 5)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export FLO_HOME="${FLO_HOME:-$here}"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Sized so that both JVMs fit a 2 GiB container; override with JAVA_OPTS.
default_opts="-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k"
java_opts="${JAVA_OPTS:-$default_opts}"

log() { echo "start.sh: $*" >&2; }

launch=()
if [[ -n "${APP_JAR:-}" ]]; then
  launch=(-jar "$APP_JAR")
elif [[ -f "$here/app.jar" ]]; then
  launch=(-jar "$here/app.jar")
elif [[ -f "$here/jib-classpath-file" && -f "$here/jib-main-class-file" ]]; then
  launch=(-cp "@$here/jib-classpath-file" "$(cat "$here/jib-main-class-file")")
elif [[ -f "$here/pom.xml" ]]; then
  jar="$(ls "$here"/target/flo-interviewer-backend-*.jar 2>/dev/null | grep -v -e '-tests\.jar$' -e '\.original$' | head -n 1)"
  if [[ -z "$jar" ]]; then
    log "no built jar in target/: building it with Maven (once)"
    (cd "$here" && mvn -B -q -DskipTests package) || { log "the build failed"; exit 1; }
    jar="$(ls "$here"/target/flo-interviewer-backend-*.jar | grep -v -e '-tests\.jar$' -e '\.original$' | head -n 1)"
  fi
  launch=(-jar "$jar")
else
  log "cannot find the application: set APP_JAR, or put app.jar beside this script"
  exit 1
fi

cd "$FLO_HOME" || { log "FLO_HOME=$FLO_HOME is not a folder"; exit 1; }

worker_pid=""
api_pid=""
stopping=0

stop_all() {
  stopping=1
  log "stopping (signal received)"
  [[ -n "$worker_pid" ]] && kill -TERM "$worker_pid" 2>/dev/null
  [[ -n "$api_pid" ]] && kill -TERM "$api_pid" 2>/dev/null
}
trap stop_all TERM INT

start_worker() {
  # shellcheck disable=SC2086
  "$java_cmd" $java_opts ${WORKER_JAVA_OPTS:-} "${launch[@]}" --spring.profiles.active=worker &
  worker_pid=$!
  log "worker started (pid $worker_pid)"
}

max_restarts="${WORKER_MAX_RESTARTS:-5}"
restarts=()   # when the worker was restarted in the last minute (epoch seconds)

# Restarts a worker that exited on its own, with a growing pause, a few times a minute at most.
restart_worker() {
  local now kept=() t delay
  now=$(date +%s)
  for t in "${restarts[@]}"; do (( now - t < 60 )) && kept+=("$t"); done
  restarts=("${kept[@]}")
  if (( ${#restarts[@]} >= max_restarts )); then
    log "the worker exited ${#restarts[@]} times within a minute: not restarting it (WORKER_MAX_RESTARTS=$max_restarts); /health will report DOWN"
    return
  fi
  delay=$(( 1 << ${#restarts[@]} )); (( delay > 30 )) && delay=30
  log "restarting the worker in ${delay}s"
  sleep "$delay" & wait $! 2>/dev/null
  if [[ $stopping -eq 0 ]]; then
    restarts+=("$(date +%s)")
    start_worker
  fi
}

if [[ "${START_WORKER:-true}" != "false" ]]; then
  start_worker
fi
# shellcheck disable=SC2086
"$java_cmd" $java_opts ${API_JAVA_OPTS:-} "${launch[@]}" &
api_pid=$!
log "API started (pid $api_pid)"

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

api_status=0
while alive "$api_pid" || alive "$worker_pid"; do
  wait -n 2>/dev/null
  if [[ $stopping -eq 0 && -n "$worker_pid" ]] && ! alive "$worker_pid"; then
    wait "$worker_pid"; status=$?
    log "the worker (pid $worker_pid) exited with status $status"
    worker_pid=""
    restart_worker
  fi
  if [[ -n "$api_pid" ]] && ! alive "$api_pid"; then
    wait "$api_pid"; api_status=$?
    api_pid=""
    if [[ $stopping -eq 0 ]]; then
      log "the API exited with status $api_status; stopping the worker"
      stop_all
      stopping=2
    fi
  fi
done
[[ -n "$worker_pid" ]] && wait "$worker_pid" 2>/dev/null

if [[ $stopping -eq 1 ]]; then
  log "stopped"
  exit 0
fi
exit "$api_status"
