#!/usr/bin/env bash
# Installs what is missing, builds with the tests, starts a scratch PostgreSQL and Redis on free
# loopback ports, runs the whole suite with CTest, and stops what it started. Exits non-zero on
# any failure. `--sanitize` builds and runs the suite under ASan+UBSan instead (build-asan/),
# `--tsan` under ThreadSanitizer (build-tsan/; slow: a separate run, not the everyday command).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/lib.sh"

BUILD_DIR=build
CMAKE_ARGS=(-DTESSERA_BUILD_TESTS=ON)
TEST_TIMEOUT=600
case "${1:-}" in
  --sanitize)
    BUILD_DIR=build-asan
    CMAKE_ARGS+=(-DTESSERA_SANITIZE=ON)
    ;;
  --tsan)
    BUILD_DIR=build-tsan
    CMAKE_ARGS+=(-DTESSERA_TSAN=ON)
    TEST_TIMEOUT=3600
    # Inherited by every test binary and by the servers they start. The first report ends the
    # process with status 66: a test sees its server gone, and ServerProcess prints the report
    # and fails the test binary. The suppressions name third-party libraries only.
    export TSAN_OPTIONS="suppressions=$ROOT/tests/tsan.supp halt_on_error=1 exitcode=66 second_deadlock_stack=1"
    ;;
  "") ;;
  *) die "usage: bash scripts/test.sh [--sanitize | --tsan]" ;;
esac

# chromium: the browser tests (tests/browser/) drive it.
install_packages chromium
install_web_assets
install_docs_assets
log "building ($BUILD_DIR)"
build_tessera "$BUILD_DIR" "${CMAKE_ARGS[@]}"

SCRATCH=$(mktemp -d /tmp/tessera-test.XXXXXX)
chmod 755 "$SCRATCH"
PGDATA_DIR=$(pg_data_dir_for "$SCRATCH/pg")
cleanup() {
  pg_stop "$PGDATA_DIR"
  redis_stop "$SCRATCH/redis"
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

PG_PORT=$(free_port)
# The scratch cluster is thrown away: durability is not needed, speed is.
TESSERA_PG_FSYNC=off pg_start "$PGDATA_DIR" "$PG_PORT"
export TESSERA_TEST_DATABASE_URL="postgresql://tessera@127.0.0.1:$PG_PORT/postgres"
export TESSERA_TEST_PG_DATA="$PGDATA_DIR"
REDIS_PORT=$(free_port)
if redis_start "$SCRATCH/redis" "$REDIS_PORT"; then
  export TESSERA_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi

log "running tests"
cd "$ROOT/$BUILD_DIR"
ctest --output-on-failure --timeout "$TEST_TIMEOUT"
