#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on 127.0.0.1 for the test suite and prints its URL on stdout.
# Idempotent: a server already running from the same data dir is reused. Installs Debian's
# packages with apt-get only when no PostgreSQL binaries are present.
set -euo pipefail
PGPORT="${PULSE_PG_PORT:-55432}"
PGDATA_DIR="${PULSE_PG_DATA:-/tmp/sponsor-pulse-pg}"
DB_NAME="${PULSE_PG_DB:-sponsor_pulse_test}"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if ! BIN="$(find_bin)"; then
  echo "installing PostgreSQL from Debian packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN="$(find_bin)"
fi

# initdb and postgres refuse to run as root; use the packaged postgres user then.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA_DIR"
  as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi

if ! as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  # fsync off and a larger connection cap: a disposable test server with three bot replicas.
  as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start \
    -o "-h 127.0.0.1 -p $PGPORT -k $PGDATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
fi

if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB_NAME"
fi

echo "postgres://postgres@127.0.0.1:$PGPORT/$DB_NAME"
