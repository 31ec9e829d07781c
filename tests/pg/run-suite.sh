#!/usr/bin/env bash
# Run the test suite on a real PostgreSQL server: a throwaway cluster in a temporary
# folder, on a free loopback port, stopped and deleted afterwards whatever happens.
#   tests/pg/run-suite.sh [pytest arguments]
# Needs Debian's `postgresql` package (make system-deps installs it). initdb refuses
# to run as root, so as root the cluster belongs to the `postgres` system user.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL is missing: run 'make system-deps' (Debian package postgresql)." >&2
  exit 1
fi
PYTHON=${PYTHON:-.venv/bin/python}

if [ "$(id -u)" = 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

work=$(mktemp -d -t aiguillage-pg.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres: "$work"
cleanup() {
  as_owner "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
as_owner sh -c "umask 077 && printf '%s\n' '$password' > '$work/pwfile'"

# The cluster lives as long as this run: durability is traded for speed.
as_owner "$PG_BIN/initdb" -D "$work/data" -U aiguillage --pwfile="$work/pwfile" \
  --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-instructions >"$work/initdb.log" \
  || { cat "$work/initdb.log" >&2; exit 1; }
as_owner "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o \
  "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$work/server.log" >&2; exit 1; }

base="postgresql://aiguillage:$password@127.0.0.1:$port"
for database in aiguillage_test aiguillage_live; do
  PGPASSWORD=$password "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U aiguillage "$database"
done
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

TEST_DATABASE_URL="$base/aiguillage_test" TEST_LIVE_DATABASE_URL="$base/aiguillage_live" \
  "$PYTHON" -m pytest "$@"
