# Shared by the peer scripts: apt-get install when missing, wait for a port, stop by pidfile.
# Sourced, not run.

# ensure_package <command> <debian package>: installs the package with apt-get when the command is missing; exits
# with status 3 when that is impossible (no apt-get, no rights, package unknown), so callers can tell it apart.
ensure_package() {
  local command=$1 package=$2 sudo=""
  if command -v "$command" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "$command not found: installing $package with apt-get" >&2
  if ! command -v apt-get >/dev/null 2>&1; then echo "cannot install $package: no apt-get" >&2; exit 3; fi
  if ! $sudo apt-get install -y "$package" >&2; then
    $sudo apt-get update >&2 || true
    $sudo apt-get install -y "$package" >&2 || true
  fi
  if ! command -v "$command" >/dev/null 2>&1; then
    echo "cannot install $package with apt-get" >&2
    exit 3
  fi
}

# wait_until <seconds> <command...>: retries the command every 100 ms until it succeeds or the time is up.
wait_until() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 0.1
  done
}

# stop_pidfile <pidfile>: kills the process whose id the file holds (that one only), waits for it to exit.
stop_pidfile() {
  local pidfile=${1:?usage: stop <pidfile>} pid
  if [ ! -f "$pidfile" ]; then echo "no pidfile $pidfile" >&2; return 1; fi
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  fi
  rm -f "$pidfile"
  echo "stopped pid $pid"
}
