#!/usr/bin/env bash
# `make dev`: the app in debug mode, split by route as the release build is (scripts/split first on
# PATH), served by `trunk serve` on http://127.0.0.1:8080 and rebuilt on every change, with the API
# of the reference server (debug build, seed data, var/dev.sqlite3) on 127.0.0.1:8081 behind it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/split:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p var
ANTREAN_LISTEN=127.0.0.1:8081 ANTREAN_DATABASE_URL="sqlite://$PWD/var/dev.sqlite3" ANTREAN_LOG=warn \
  target/debug/antrean-server &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
echo "Antrean (development): http://127.0.0.1:8080/"
trunk serve --address 127.0.0.1 --port 8080 --proxy-backend http://127.0.0.1:8081/api/
