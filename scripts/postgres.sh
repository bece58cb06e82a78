#!/usr/bin/env bash
# A throwaway PostgreSQL of our own for the tests and benchmarks, never a server that was already
# running: installs Debian's `postgresql` if missing, creates a cluster in a fresh folder under
# target/postgres/, owned by an unprivileged user (`postgres` when we are root: PostgreSQL refuses
# to run as root), starts it on a free loopback port with a random password, runs the command with
# ANTREAN_TEST_POSTGRES_URL set, then stops it and removes the folder, also when the command fails.
#
#   scripts/postgres.sh run [--durable] -- COMMAND...
#
# By default the cluster trades durability for speed (fsync, synchronous_commit and
# full_page_writes off: a test's data dies with the cluster anyway; the crash tests kill Antrean,
# not PostgreSQL). --durable keeps PostgreSQL's defaults, for benchmarks.
#
# With your own PostgreSQL, skip this script: ANTREAN_TEST_POSTGRES_URL=postgres://user:pw@host/db
# cargo test -p antrean-server (the user must be allowed to CREATE DATABASE; each test makes its own).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'postgres: %s\n' "$*" >&2; exit 1; }
[ "${1:-}" = run ] || die "usage: scripts/postgres.sh run [--durable] -- COMMAND..."
shift
durable=0
if [ "${1:-}" = --durable ]; then durable=1; shift; fi
[ "${1:-}" = -- ] && shift
[ "$#" -gt 0 ] || die "no command to run"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  printf 'postgres: installing Debian'"'"'s postgresql\n' >&2
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  # The package's own cluster is not used (nor started here: policy-rc.d may stop it starting).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

mkdir -p target/postgres
chmod a+x target target/postgres # the cluster's owner walks down to its folder
root=$(mktemp -d "$PWD/target/postgres/cluster.XXXXXX")
chmod 755 "$root"
chown "$owner" "$root"
data="$root/data"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
printf '%s\n' "$password" >"$root/password"
chown "$owner" "$root/password"
chmod 600 "$root/password"

stop() {
  as_owner "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT

as_owner "$bin/initdb" -D "$data" -U antrean --pwfile="$root/password" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 --no-instructions --no-sync >"$root/initdb.log" 2>&1 ||
  { cat "$root/initdb.log" >&2; die "initdb failed"; }
settings=(-c listen_addresses=127.0.0.1 -c "port=$port" -c "unix_socket_directories=$root" -c max_connections=400
  -c shared_buffers=256MB)
if [ "$durable" -eq 0 ]; then
  settings+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
fi
as_owner "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 -o "${settings[*]}" start >/dev/null ||
  { cat "$root/server.log" >&2; die "the server did not start"; }

export ANTREAN_TEST_POSTGRES_URL="postgres://antrean:$password@127.0.0.1:$port/postgres"
export ANTREAN_REQUIRE_POSTGRES=1
printf 'postgres: PostgreSQL %s on 127.0.0.1:%s%s\n' "$("$bin/postgres" --version | awk '{print $3}')" "$port" \
  "$([ "$durable" -eq 1 ] && echo ', durable' || echo ', fsync off')" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
