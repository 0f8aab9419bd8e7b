#!/usr/bin/env bash
# Makes this machine ready for `npm test`: Chromium, Xvfb and sshd (the SSH tunnel tests start their own), both
# database services, node_modules.
# As root it installs or starts what is missing; otherwise it stops at the first gap and prints the command.
#   bash scripts/preflight.sh            (npm ci only when node_modules is missing)
#   bash scripts/preflight.sh --npm-ci   (always npm ci, as CI does on a clean clone)
set -uo pipefail
cd "$(dirname "$0")/.."

APT_INSTALL='apt-get update && apt-get install -y --no-install-recommends chromium xvfb openssh-server'
PG_START='pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
MARIADB_START='start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'

is_root() { [ "$(id -u)" -eq 0 ]; }
stop() { echo "preflight: $1" >&2; exit 1; }
reachable() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

if ! command -v chromium >/dev/null || ! command -v Xvfb >/dev/null || [ ! -x /usr/sbin/sshd ]; then
  is_root || stop "chromium, Xvfb or sshd is missing. Install them (as root) with: $APT_INSTALL"
  echo "preflight: installing chromium, xvfb and openssh-server"
  bash -c "$APT_INSTALL" || stop "apt-get failed"
fi

# $1 name, $2 host, $3 port, $4 start command
ensure_service() {
  reachable "$2" "$3" && return 0
  case "$2" in
    127.0.0.1 | localhost) ;;
    *) stop "$1 is not reachable at $2:$3 (set by the DJ_TEST_* environment); start it there" ;;
  esac
  is_root || stop "$1 is not reachable at $2:$3. Start it (as root) with: $4"
  echo "preflight: $1 is down; starting it: $4"
  bash -c "$4"
  for _ in $(seq 1 60); do
    reachable "$2" "$3" && return 0
    sleep 0.5
  done
  stop "$1 still not reachable at $2:$3 after: $4"
}
ensure_service PostgreSQL "${DJ_TEST_PG_HOST:-127.0.0.1}" "${DJ_TEST_PG_PORT:-5432}" "$PG_START"
ensure_service MariaDB "${DJ_TEST_MYSQL_HOST:-127.0.0.1}" "${DJ_TEST_MYSQL_PORT:-3306}" "$MARIADB_START"

if [ "${1:-}" = --npm-ci ] || [ ! -d node_modules ]; then
  echo "preflight: npm ci"
  npm ci || stop "npm ci failed"
fi
