#!/usr/bin/env bash
# Installs what is missing, builds, starts a project-local PostgreSQL (and Redis if installed)
# under .tessera/, and runs `tessera serve` on port 8000 (API_PORT to change). Idempotent: a
# second run reuses the cluster and its data.
#
# Ctrl-C (or SIGTERM to this script) stops the server gracefully (requests in flight are
# answered), then stops the PostgreSQL and Redis that this run started: a developer who brought
# them up with one command expects that command's Ctrl-C to bring them down, not to find them
# still holding ports later. What was already running before this run (left by `run.sh` in
# another terminal, or kept up on purpose) may still be in use, so it is left running, and the
# script says so and how to stop it: `bash scripts/run.sh stop`.
#
# `bash scripts/run.sh stop` stops the .tessera PostgreSQL and Redis (whoever started them);
# running it again does nothing and says so.
#
# `bash scripts/run.sh --demo` also seeds the web UI's demo (`tessera seed-demo`: the users
# admin@test.com/admin, team_admin@test.com/team_admin, user@test.com/user and a small lineage;
# docs/webui.md) before serving; a database that has them already is left as it is.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib.sh"

STATE="$ROOT/.tessera"

stop_services() {
  if [ ! -d "$STATE" ]; then
    log "nothing to stop: no $STATE"
    return 0
  fi
  local data
  data=$(pg_data_dir_for "$STATE/pg")
  if pg_is_running "$data"; then
    pg_stop "$data"
    log "stopped PostgreSQL (data kept in $data)"
  else
    log "PostgreSQL was not running"
  fi
  if redis_is_running "$STATE/redis"; then
    redis_stop "$STATE/redis"
    log "stopped Redis"
  else
    log "Redis was not running"
  fi
}

DEMO=false
case "${1:-}" in
  stop) stop_services; exit 0 ;;
  --demo) DEMO=true ;;
  "") ;;
  *) die "usage: bash scripts/run.sh [--demo|stop]" ;;
esac

install_packages
install_docs_assets
install_web_assets
log "building (Release)"
build_tessera build -DTESSERA_BUILD_TESTS=OFF

mkdir -p "$STATE"
PGDATA_DIR=$(pg_data_dir_for "$STATE/pg")
PG_STARTED_HERE=false
if pg_is_running "$PGDATA_DIR"; then
  PG_PORT=$(pg_running_port "$PGDATA_DIR")
else
  PG_STARTED_HERE=true
  PG_PORT=$(cat "$STATE/pg.port" 2>/dev/null || true)
  if [ -z "$PG_PORT" ] || port_in_use "$PG_PORT"; then PG_PORT=$(free_port); fi
fi
echo "$PG_PORT" > "$STATE/pg.port"

REDIS_STARTED_HERE=false
# What this run started goes down with it, whichever way it ends (Ctrl-C, a failed start).
# The Redis URL of the caller is the caller's business and never touched.
# shellcheck disable=SC2317  # called by the EXIT trap
stop_what_this_run_started() {
  local kept=()
  if $PG_STARTED_HERE && pg_is_running "$PGDATA_DIR"; then
    pg_stop "$PGDATA_DIR"
    log "stopped PostgreSQL (started by this run; data kept in $PGDATA_DIR)"
  elif pg_is_running "$PGDATA_DIR"; then
    kept+=(PostgreSQL)
  fi
  if $REDIS_STARTED_HERE && redis_is_running "$STATE/redis"; then
    redis_stop "$STATE/redis"
    log "stopped Redis (started by this run)"
  elif redis_is_running "$STATE/redis"; then
    kept+=(Redis)
  fi
  if [ ${#kept[@]} -gt 0 ]; then
    local names="${kept[*]}"
    log "left running, as before this run: ${names// / and } (stop with: bash scripts/run.sh stop)"
  fi
}
trap stop_what_this_run_started EXIT

pg_start "$PGDATA_DIR" "$PG_PORT"
pg_ensure_database "$PG_PORT" tessera
export DATABASE_URL="postgresql://tessera@127.0.0.1:$PG_PORT/tessera"
log "PostgreSQL: $DATABASE_URL (data in $PGDATA_DIR)"

if [ -z "${REDIS_URL:-}" ]; then
  REDIS_PORT=$(cat "$STATE/redis.port" 2>/dev/null || true)
  if [ -n "$REDIS_PORT" ] && port_in_use "$REDIS_PORT" && redis_is_running "$STATE/redis"; then
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  else
    REDIS_PORT=$(free_port)
    if redis_start "$STATE/redis" "$REDIS_PORT"; then
      REDIS_STARTED_HERE=true
      echo "$REDIS_PORT" > "$STATE/redis.port"
      export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    fi
  fi
fi
[ -n "${REDIS_URL:-}" ] && log "Redis: $REDIS_URL" || log "Redis: not installed, caching off"

# A bootstrap key for the first steps (spec 01 §9.3), generated once and kept in .tessera/.
if [ -z "${BOOTSTRAP_API_KEY:-}" ]; then
  if [ ! -s "$STATE/bootstrap_key" ]; then
    (umask 077; echo "tess_bootstrap_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" > "$STATE/bootstrap_key")
  fi
  BOOTSTRAP_API_KEY=$(cat "$STATE/bootstrap_key")
fi
export BOOTSTRAP_API_KEY

# The web UI's session secret, generated once like the bootstrap key (the built-in default is
# for development only and the server warns about it).
if [ -z "${SESSION_SECRET_KEY:-}" ]; then
  if [ ! -s "$STATE/session_secret" ]; then
    (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$STATE/session_secret")
  fi
  SESSION_SECRET_KEY=$(cat "$STATE/session_secret")
fi
export SESSION_SECRET_KEY

if $DEMO; then
  log "seeding the demo (log in at http://localhost:${API_PORT:-8000}/login as admin@test.com / admin)"
  "$ROOT/build/tessera" seed-demo
fi

export API_PORT="${API_PORT:-8000}"
log "serving on http://localhost:$API_PORT  (stop with Ctrl-C; data stays in $PGDATA_DIR)"
log "bootstrap key (create the first team and an admin key with it; see README):"
log "  $BOOTSTRAP_API_KEY   (also in .tessera/bootstrap_key)"
log "try: curl -s localhost:$API_PORT/health"

# The server runs as a child (not exec'd) so that this script is still there to clean up after
# it. Ctrl-C reaches it directly (same process group); a SIGTERM or SIGINT sent to this script
# alone is passed on. Either way the server drains its requests and exits 0, and so does this.
"$ROOT/build/tessera" serve &
SERVER_PID=$!
trap 'kill -TERM "$SERVER_PID" 2>/dev/null || true' INT TERM
STATUS=0
while :; do
  # `wait` returns early when a trapped signal arrives; wait again until the server is gone.
  wait "$SERVER_PID" && STATUS=0 || STATUS=$?
  kill -0 "$SERVER_PID" 2>/dev/null || break
done
exit "$STATUS"
