#!/usr/bin/env bash
# Bad input at scale (issue 14): installs what is missing, builds with the tests (build/),
# starts a scratch PostgreSQL on a free loopback port, and runs tests/fuzz/tessera_fuzz against a
# real `tessera serve` on it: REQUESTS malformed requests (default 100000) with rate limiting
# off, then a short phase with it on. Stops what it started. Exits non-zero on any 5xx other
# than 503, a hang, a crash or unbounded server memory; the seed it prints reproduces a run.
#   bash scripts/fuzz.sh [requests] [seed]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib.sh"

REQUESTS=${1:-100000}
SEED=${2:-}
[[ "$REQUESTS" =~ ^[0-9]+$ ]] || die "requests must be a number (got '$REQUESTS')"
[[ -z "$SEED" || "$SEED" =~ ^[0-9]+$ ]] || die "seed must be a number (got '$SEED')"

install_packages
log "building (build)"
build_tessera build -DTESSERA_BUILD_TESTS=ON

SCRATCH=$(mktemp -d /tmp/tessera-fuzz.XXXXXX)
chmod 755 "$SCRATCH"
PGDATA_DIR=$(pg_data_dir_for "$SCRATCH/pg")
cleanup() {
  pg_stop "$PGDATA_DIR"
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

PG_PORT=$(free_port)
TESSERA_PG_FSYNC=off pg_start "$PGDATA_DIR" "$PG_PORT"
export TESSERA_TEST_DATABASE_URL="postgresql://tessera@127.0.0.1:$PG_PORT/postgres"

log "fuzzing with $REQUESTS requests"
ARGS=(--requests "$REQUESTS")
[ -n "$SEED" ] && ARGS+=(--seed "$SEED")
"$ROOT/build/tests/fuzz/tessera_fuzz" "${ARGS[@]}"
