# Shared shell functions for scripts/run.sh and scripts/test.sh. Sourced, not executed.
# Works as root (Postgres then runs as the `postgres` user, as initdb requires) and as a normal
# user (packages installed with sudo when missing).

TESSERA_PACKAGES=(build-essential cmake pkg-config libpistache-dev libpqxx-dev libpq-dev libboost-graph-dev
  rapidjson-dev libhiredis-dev catch2 libssl-dev libargon2-dev libcurl4-openssl-dev libyaml-cpp-dev
  libcli11-dev zlib1g-dev postgresql postgresql-contrib redis-server python3-prometheus-client python3-jsonschema
  nodejs)

log() { printf '\033[1m[tessera]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# install_packages [more packages…]: TESSERA_PACKAGES and the given ones, where missing.
install_packages() {
  local missing=()
  for pkg in "${TESSERA_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# install_bench_packages: what the benchmarks need on top of the build (not the tests):
# nginx-light, the static-file baseline lineage_pg_bench measures the blast radius against
# (it runs its own nginx on a free loopback port; the package's system service is not used).
install_bench_packages() {
  install_packages nginx-light
}

# Swagger UI for GET /docs: npm's swagger-ui-dist as pinned in web/docs/package-lock.json, into
# web/docs/node_modules (the server's default DOCS_ASSETS_DIR). Skipped when that install is
# newer than the lock file. No install scripts: the only one (@scarf/scarf) phones home.
install_docs_assets() {
  local dir="$ROOT/web/docs"
  ensure_npm
  if [ -f "$dir/node_modules/swagger-ui-dist/swagger-ui-bundle.js" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    log "warning: npm not found, so GET /docs will answer 503 DOCS_UNAVAILABLE;" \
        "install Node.js with npm, then run this again"
    return 0
  fi
  log "installing Swagger UI (npm ci in web/docs)"
  (cd "$dir" && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) ||
    die "npm ci in web/docs failed"
}

# npm comes with NodeSource's nodejs; with Debian's nodejs it is the separate `npm` package
# (which conflicts with NodeSource's), so it is installed only when the command is missing.
ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  log "installing Debian's npm"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
    >/dev/null || true
}

# The web UI's npm packages (web/package-lock.json: cytoscape, served by the server under
# /static/vendor/, and playwright-core for the browser tests), installed with `npm ci` into
# web/node_modules when the lockfile changed since the last install. `npm` is needed (it comes
# with NodeSource's nodejs; Debian packages it separately): without it the web UI has no graph
# library and the browser tests cannot run, so say so and stop.
install_web_assets() {
  local web="$ROOT/web"
  ensure_npm
  command -v npm >/dev/null 2>&1 ||
    die "npm not found: the web UI's packages (web/package-lock.json) need it; install npm"
  if [ -f "$web/node_modules/.package-lock.json" ] &&
    [ "$web/node_modules/.package-lock.json" -nt "$web/package-lock.json" ]; then
    return 0
  fi
  log "installing the web UI's npm packages (npm ci in web/)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# build DIR [extra cmake args…]
build_tessera() {
  local dir=$1; shift
  cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$ROOT/$dir" -j "$(nproc)"
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below the kernel's ephemeral range (32768+ here and by default), so an outgoing connection
# cannot take the port between this check and the server's bind.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 12000 ))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free TCP port found"
}

# Runs a Postgres binary as the cluster owner: `postgres` when we are root, else ourselves.
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A folder the Postgres process can use: DIR itself if its owner can reach it, else a folder
# under /var/tmp keyed by DIR (when root runs from a home the postgres user cannot traverse).
pg_data_dir_for() {
  local wanted=$1
  mkdir -p "$wanted"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$wanted"
    if ! runuser -u postgres -- test -w "$wanted"; then
      local alt
      alt="/var/tmp/tessera-pg-$(echo "$wanted" | md5sum | cut -c1-12)"
      mkdir -p "$alt" && chown postgres:postgres "$alt" && chmod 700 "$alt"
      echo "$alt"
      return
    fi
  fi
  echo "$wanted"
}

# pg_start DATADIR PORT: initialise the cluster if needed and start it on 127.0.0.1:PORT
# (TCP only, trust authentication on loopback, superuser `tessera`).
pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bindir)
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL cluster in $data"
    pg_run "$bin/initdb" -D "$data" -U tessera --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    return 0
  fi
  pg_run "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=${TESSERA_PG_FSYNC:-on}" \
    start >/dev/null || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
}

# pg_start_standby PRIMARY_PORT DATADIR PORT: a streaming replica of the cluster on PRIMARY_PORT
# (a base backup with -R, taken unless DATADIR holds one: initdb's pg_hba already lets loopback
# replicate and wal_level=replica is the default), started like pg_start on 127.0.0.1:PORT.
pg_start_standby() {
  local primary=$1 data=$2 port=$3
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chmod 700 "$data"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$data"
    pg_run "$(pg_bindir)/pg_basebackup" -h 127.0.0.1 -p "$primary" -U tessera -D "$data" \
      -R -X stream -c fast || die "pg_basebackup from port $primary failed"
  fi
  pg_start "$data" "$port"
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bindir)
  pg_run "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# Whether the cluster in DATADIR is running (false, without needing Postgres installed, when it
# was never started).
pg_is_running() {
  local data=$1
  [ -f "$data/postmaster.pid" ] || return 1
  pg_run "$(pg_bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# The port a running cluster listens on (from its postmaster.pid).
pg_running_port() {
  local data=$1
  [ -f "$data/postmaster.pid" ] && sed -n 4p "$data/postmaster.pid"
}

pg_ensure_database() {
  local port=$1 name=$2
  local exists
  exists=$(psql -h 127.0.0.1 -p "$port" -U tessera -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$name'")
  [ "$exists" = 1 ] || psql -h 127.0.0.1 -p "$port" -U tessera -d postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
}

# redis_start DIR PORT: a private Redis if redis-server is installed (returns 1 otherwise).
redis_start() {
  local dir=$1 port=$2
  command -v redis-server >/dev/null || return 1
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null || return 1
  for _ in $(seq 1 50); do port_in_use "$port" && return 0; sleep 0.1; done
  return 1
}

# Whether the Redis that redis_start started in DIR is running.
redis_is_running() {
  local dir=$1
  [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null
}

redis_stop() {
  local dir=$1 pid
  if [ -f "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -f "$dir/redis.pid"
}
