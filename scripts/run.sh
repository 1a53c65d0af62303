#!/usr/bin/env bash
# Installs what is missing, builds, starts a project-local PostgreSQL (and Redis if installed)
# under .tessera/, and runs `tessera serve` on port 8000 (API_PORT to change). Idempotent: a
# second run reuses the cluster and its data.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib.sh"

install_packages
log "building (Release)"
build_tessera build -DTESSERA_BUILD_TESTS=OFF

STATE="$ROOT/.tessera"
mkdir -p "$STATE"
PGDATA_DIR=$(pg_data_dir_for "$STATE/pg")
PG_PORT=$(pg_running_port "$PGDATA_DIR" || true)
if [ -z "$PG_PORT" ]; then
  PG_PORT=$(cat "$STATE/pg.port" 2>/dev/null || true)
  if [ -z "$PG_PORT" ] || port_in_use "$PG_PORT"; then PG_PORT=$(free_port); fi
fi
echo "$PG_PORT" > "$STATE/pg.port"
pg_start "$PGDATA_DIR" "$PG_PORT"
pg_ensure_database "$PG_PORT" tessera
export DATABASE_URL="postgresql://tessera@127.0.0.1:$PG_PORT/tessera"
log "PostgreSQL: $DATABASE_URL (data in $PGDATA_DIR)"

if [ -z "${REDIS_URL:-}" ]; then
  REDIS_PORT=$(cat "$STATE/redis.port" 2>/dev/null || true)
  if [ -n "$REDIS_PORT" ] && port_in_use "$REDIS_PORT" && [ -f "$STATE/redis/redis.pid" ]; then
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  else
    REDIS_PORT=$(free_port)
    if redis_start "$STATE/redis" "$REDIS_PORT"; then
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

export API_PORT="${API_PORT:-8000}"
log "serving on http://localhost:$API_PORT  (stop with Ctrl-C; data stays in $PGDATA_DIR)"
log "bootstrap key (create the first team and an admin key with it; see README):"
log "  $BOOTSTRAP_API_KEY   (also in .tessera/bootstrap_key)"
log "try: curl -s localhost:$API_PORT/health"
exec "$ROOT/build/tessera" serve
