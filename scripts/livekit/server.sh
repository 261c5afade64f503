#!/usr/bin/env bash
# A real LiveKit server for the tests, pinned, built with `go install` (static, CGO off) into the
# ignored .tools/ folder. Idempotent: an installed binary is reused.
#   server.sh install        install if missing; prints the binary's path
#   server.sh path           prints the binary's path (fails if not installed)
#   server.sh start PORT     a dev server (keys devkey/secret) confined to loopback: HTTP/WebSocket
#                            on PORT, ICE/UDP on PORT+2, ICE/TCP off; prints its pid when ready
# Plain `--dev` binds media to every interface; the config below keeps everything on 127.0.0.1.
set -euo pipefail
version="v1.13.5"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/../../.tools/livekit-server/$version"
bin="$dir/server"

install() {
  if [[ -x "$bin" ]]; then echo "$bin"; return; fi
  command -v go >/dev/null || { echo "server.sh: Go is required to build livekit-server" >&2; exit 1; }
  echo "server.sh: building livekit-server $version with go install (a few minutes, once)" >&2
  mkdir -p "$dir"
  GOBIN="$(cd "$dir" && pwd)" CGO_ENABLED=0 go install "github.com/livekit/livekit-server/cmd/server@$version" >&2
  echo "$bin"
}

config() {
  local port="$1"
  cat <<YAML
port: $port
bind_addresses: [127.0.0.1]
rtc:
  tcp_port: 0
  udp_port: $((port + 2))
  node_ip: 127.0.0.1
  use_external_ip: false
  enable_loopback_candidate: true
  interfaces:
    includes: [lo]
keys:
  devkey: secret
YAML
}

case "${1:-}" in
  install) install ;;
  path) [[ -x "$bin" ]] || { echo "server.sh: livekit-server is not installed: run $0 install" >&2; exit 1; }; echo "$bin" ;;
  config) config "${2:?port}" ;;
  start)
    port="${2:?port}"; log="${3:-/dev/null}"
    "$(install)" --dev --config-body "$(config "$port")" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
      if curl -fs -m 1 "http://127.0.0.1:$port/" >/dev/null 2>&1; then echo "$pid"; exit 0; fi
      kill -0 "$pid" 2>/dev/null || { echo "server.sh: the server exited (log: $log)" >&2; exit 1; }
      sleep 0.1
    done
    echo "server.sh: not ready after 10 s (log: $log)" >&2; kill "$pid"; exit 1 ;;
  *) echo "usage: $0 install|path|config PORT|start PORT [LOG]" >&2; exit 2 ;;
esac
