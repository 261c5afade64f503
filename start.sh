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
#   START_API         "false" runs the worker alone (a host that adds workers to an API elsewhere)
#   WORKER_MAX_RESTARTS  restarts of a worker that exited on its own, per minute (default 5)
#   APP_CDS           "false" runs the jar as it is, without class data sharing (default: on, see below)
#   APP_CDS_DIR       where the extracted jar and the class data archives live (default: .cds beside the jar)
#
# Class data sharing: a Spring Boot jar starts in about half the time when its classes come from
# an archive made by a training run of the same jar on the same JVM. So start.sh runs the jar
# extracted (java -Djarmode=tools ... extract) and, when the archives are missing or stale (they
# are keyed by the jar's size and modification time, the JVM and the JVM options), it first makes them: one
# training run per role that stops once the context is refreshed (-Dspring.context.exit=onRefresh),
# on a scratch data folder and database, both roles at once, with each role's JVM options. On
# Java 25 and later the archive is an AOT cache (-XX:AOTCacheOutput / -XX:AOTCache: classes loaded
# and linked, method profiles); on older JVMs an AppCDS archive (-XX:ArchiveClassesAtExit /
# -XX:SharedArchiveFile). That costs the first start of a new jar some 30-60 s; the image makes
# them when it is built (start.sh --prepare). One start.sh makes them at a time (a lock in
# APP_CDS_DIR); another waits and uses them. Whatever fails there, start.sh says so in one line and
# runs the jar as it is. "start.sh --prepare" makes the archives and exits.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export FLO_HOME="${FLO_HOME:-$here}"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Sized so that both JVMs fit a 2 GiB container with a small idle footprint; override with JAVA_OPTS.
# -Xms32m: the heap starts small and grows when needed (the JVM's default starts at 1/64 of the
# machine's memory and keeps it resident); -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30: after
# a full collection the serial collector gives back what it does not need. Both roles run with
# the quick compiler only (-XX:TieredStopAtLevel=1): about half the start-up on two cores, a
# smaller code cache and no optimising compiler's memory; the voice benchmark measured the
# worker's turn overhead and CPU per interview with it (no worse within the run's noise).
# -XX:ArchiveRelocationMode=0 (a diagnostic option): the class data archives are mapped at the
# address they were made for rather than at a random one (the default since Java 20 and in recent
# 17 updates), so their pages stay clean file pages instead of being rewritten into private memory
# (about 55-65 MiB less private memory per JVM, 16 MiB less resident on Java 25); the cost is that
# the archived classes' metadata sits at a predictable address (if that address is taken, the JVM
# relocates as before). -XX:TrimNativeHeapInterval=5000, when the JVM knows it (Java 22 and later,
# 21.0.3, 17.0.11): every 5 s glibc gives back the C heap that is free (about 5 MiB).
# The API also gets a young generation of at most 16 MiB (-XX:MaxNewSize=16m, about 14 MiB less
# resident; the worker, which runs the voice path, keeps the default). See docs/BENCHMARKS.md.
default_opts="-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k -Xms32m -XX:ReservedCodeCacheSize=64m -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
api_default_opts="-XX:MaxNewSize=16m"
# Fewer glibc malloc arenas: the JVMs' many threads otherwise each grow their own.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
prepare_only=0
[[ "${1:-}" == "--prepare" ]] && prepare_only=1

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
  elif [[ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    # A checkout changed since the jar was built (a pull, an edit): run what is checked out.
    log "the sources are newer than $jar: building it again with Maven"
    (cd "$here" && mvn -B -q -DskipTests package) || { log "the build failed"; exit 1; }
  fi
  launch=(-jar "$jar")
else
  log "cannot find the application: set APP_JAR, or put app.jar beside this script"
  exit 1
fi

# Class data sharing (see the top): sets launch_api / launch_worker to the extracted jar with its
# archive, or leaves them as launch. Never fails: a problem means running the jar as it is.
launch_api=("${launch[@]}")
launch_worker=("${launch[@]}")
# The archives of a ready folder: Java 25's AOT cache (.aot), else Java 17's AppCDS (.jsa).
use_archives() {
  local ready="$1"
  if [[ -f "$ready/api.aot" && -f "$ready/worker.aot" && -f "$ready/app.jar" ]]; then
    launch_api=(-XX:AOTCache="$ready/api.aot" '-Xlog:aot*=off' '-Xlog:cds*=off' -jar "$ready/app.jar")
    launch_worker=(-XX:AOTCache="$ready/worker.aot" '-Xlog:aot*=off' '-Xlog:cds*=off' -jar "$ready/app.jar")
  elif [[ -f "$ready/api.jsa" && -f "$ready/worker.jsa" && -f "$ready/app.jar" ]]; then
    launch_api=(-XX:SharedArchiveFile="$ready/api.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$ready/app.jar")
    launch_worker=(-XX:SharedArchiveFile="$ready/worker.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$ready/app.jar")
  else
    return 1
  fi
}
# The JVM's feature version (17, 25 ...), from its release file, else from java -version.
java_feature() {
  local home line
  home="$(dirname "$(dirname "$1")")"
  line="$(grep -s '^JAVA_VERSION=' "$home/release")" || line="$("$1" -version 2>&1 | head -n 1)"
  line="${line#*\"}"; line="${line%%[.\"+-]*}"
  [[ "$line" =~ ^[0-9]+$ ]] && echo "$line" || echo 0
}
# Whether this JVM has -XX:TrimNativeHeapInterval as a product option (by its release file).
knows_trim() {
  local line feature update
  line="$(grep -s '^JAVA_VERSION=' "$(dirname "$(dirname "$1")")/release")" || return 1
  line="${line#*\"}"; line="${line%%\"*}"
  feature="${line%%.*}"; update="${line#*.*.}"; update="${update%%[.+-]*}"
  [[ "$feature" =~ ^[0-9]+$ ]] || return 1
  [[ "$update" =~ ^[0-9]+$ && "$line" == *.*.* ]] || update=0
  (( feature >= 22 || (feature == 21 && update >= 3) || (feature == 17 && update >= 11) ))
}
if knows_trim "$(readlink -f "$(command -v "$java_cmd")" 2>/dev/null)"; then
  default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"
fi
java_opts="${JAVA_OPTS:-$default_opts}"

prepare_cds() {
  [[ "${APP_CDS:-true}" == "false" ]] && return 0
  [[ "${launch[0]}" == "-jar" ]] || return 0
  local jar="${launch[1]}" dir key java_real stamp tmp="" work="" part="" scratch pid_api pid_worker status_api status_worker kind feature locked
  dir="${APP_CDS_DIR:-$(cd "$(dirname "$jar")" && pwd)/.cds}"
  java_real="$(readlink -f "$(command -v "$java_cmd")" 2>/dev/null)"
  stamp="$(stat -c '%s-%Y' "$jar" 2>/dev/null)-$(stat -c '%s-%Y' "$java_real" 2>/dev/null)" || stamp=""
  # Keyed by the jar, the JVM and the options each role runs with: an archive trained with other
  # options would be refused (or not fully used) by the JVM.
  key="$(printf '%s %s|%s|%s|%s' "$stamp" "$java_real" "$java_opts" "${API_JAVA_OPTS:-$api_default_opts}" \
    "${WORKER_JAVA_OPTS:-}" | cksum | cut -d ' ' -f 1)"
  use_archives "$dir/$key" && return 0
  if [[ -f "$dir/$key.failed" ]]; then
    log "class data sharing is off: its training run failed before for this jar (delete $dir to try again)"
    return 0
  fi
  mkdir -p "$dir" 2>/dev/null
  # One start.sh makes the archives at a time: another one waits for it (flock on fd 9, closed
  # before any JVM runs) and then finds them ready.
  locked=0
  if command -v flock >/dev/null 2>&1 && { exec 9>>"$dir/.lock"; } 2>/dev/null && flock 9 2>/dev/null; then
    locked=1
    if use_archives "$dir/$key" || [[ -f "$dir/$key.failed" ]]; then
      exec 9>&-
      [[ -f "$dir/$key.failed" ]] && log "class data sharing is off: its training run failed for this jar (delete $dir to try again)"
      return 0
    fi
  fi
  make_archives
  [[ $locked -eq 1 ]] && exec 9>&-
  return 0
}
# Makes the archives of $key in $dir (variables of prepare_cds): extract, training runs, then one
# rename of a scratch folder into place (a start.sh that lost a race keeps the winner's folder).
make_archives() {
  feature="$(java_feature "$java_real")"
  kind=jsa
  (( feature >= 25 )) && kind=aot
  log "making the class data sharing archives ($kind) for this jar in $dir/$key (once per jar)"
  # Archives of other jars or JVMs are stale: remove them (a few hundred MB each), and with the
  # lock held the leftovers of an interrupted run of this one.
  if [[ $locked -eq 1 ]]; then
    find "$dir" -mindepth 1 -maxdepth 1 -name '[0-9]*' ! -name "$key.failed" -exec rm -rf {} + 2>/dev/null
  else
    find "$dir" -mindepth 1 -maxdepth 1 -name '[0-9]*' ! -name "$key" ! -name "$key.*" -exec rm -rf {} + 2>/dev/null
  fi
  if ! { tmp="$(mktemp -d "$dir/$key.tmp.XXXXXX")" && chmod 755 "$tmp" \
      && "$java_cmd" -Djarmode=tools -jar "$jar" extract --force --destination "$tmp/x" >/dev/null \
      && mv "$tmp/x/$(basename "$jar")" "$tmp/app.jar" && mv "$tmp/x/lib" "$tmp/lib" \
      && rmdir "$tmp/x"; } 2>/dev/null; then
    log "class data sharing is off: cannot extract the jar into $dir; running the jar as it is"
    [[ -n "$tmp" ]] && rm -rf "$tmp" 2>/dev/null
    return 0
  fi
  # Java 17's AppCDS archive records the jar's path and refuses to run from another one (Java 25's
  # AOT cache accepts a moved class path): its training runs use the jar in its final folder, and
  # write the archives under other names that are renamed once both are complete.
  work="$tmp" part=""
  if [[ $kind == jsa ]]; then
    if ! mv -T "$tmp" "$dir/$key" 2>/dev/null; then
      rm -rf "$tmp" 2>/dev/null
      use_archives "$dir/$key" || log "class data sharing is off: another start.sh is making the archives in $dir; running the jar as it is"
      return 0
    fi
    work="$dir/$key" part=".part"
  fi
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/flo-cds.XXXXXX")" || { log "class data sharing is off: no scratch folder; running the jar as it is"; rm -rf "$work"; return 0; }
  # The training runs: the real environment and each role's options (so that the same beans are
  # made and the JVMs' flags match), a scratch data folder and database; they stop once the
  # context is refreshed, before anything starts (no server, no LiveKit connection, no job).
  # Java 25 (JEP 483, 514, 515): -XX:AOTCacheOutput records the run and writes the AOT cache
  # (loaded and linked classes, method profiles) in one step; Java 17: a dynamic AppCDS archive.
  train() {
    local role="$1" opts="$2"; shift 2
    local record=(-XX:ArchiveClassesAtExit="$work/$role.jsa$part" -Xlog:cds=off -Xlog:cds+dynamic=off)
    [[ $kind == aot ]] && record=(-XX:AOTCacheOutput="$work/$role.aot")
    mkdir -p "$scratch/$role"
    # shellcheck disable=SC2086
    FLO_HOME="$scratch/$role" DATABASE_URL="sqlite:///$scratch/$role/train.db" \
      "$java_cmd" $java_opts $opts "${record[@]}" \
      -Dspring.context.exit=onRefresh -jar "$work/app.jar" "$@" >"$scratch/$role.log" 2>&1 9>&-
  }
  train api "${API_JAVA_OPTS:-$api_default_opts}" 9>&- & pid_api=$!
  train worker "${WORKER_JAVA_OPTS:-}" --spring.profiles.active=worker 9>&- & pid_worker=$!
  wait "$pid_api"; status_api=$?
  wait "$pid_worker"; status_worker=$?
  if [[ $status_api -eq 0 && $status_worker -eq 0 && -s "$work/api.$kind$part" && -s "$work/worker.$kind$part" ]] \
      && if [[ $kind == jsa ]]; then mv "$work/api.jsa.part" "$work/api.jsa" && mv "$work/worker.jsa.part" "$work/worker.jsa"
         else mv -T "$tmp" "$dir/$key" 2>/dev/null || use_archives "$dir/$key"; fi \
      && use_archives "$dir/$key"; then
    rm -rf "$scratch" "$tmp" 2>/dev/null
    log "class data sharing archives ready"
  else
    log "class data sharing is off: the training run failed (status $status_api/$status_worker; its output in $scratch); running the jar as it is"
    rm -rf "$work" 2>/dev/null
    touch "$dir/$key.failed" 2>/dev/null
  fi
  return 0
}
prepare_cds
if [[ $prepare_only -eq 1 ]]; then
  exit 0
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
  "$java_cmd" $java_opts ${WORKER_JAVA_OPTS:-} "${launch_worker[@]}" --spring.profiles.active=worker &
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
if [[ "${START_API:-true}" != "false" ]]; then
  # shellcheck disable=SC2086
  "$java_cmd" $java_opts ${API_JAVA_OPTS:-$api_default_opts} "${launch_api[@]}" &
  api_pid=$!
  log "API started (pid $api_pid)"
fi

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
if [[ "${START_API:-true}" == "false" ]]; then
  exit 1   # the worker alone, and it stays down
fi
exit "$api_status"
