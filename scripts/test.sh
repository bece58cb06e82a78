#!/usr/bin/env bash
# Every test of Antrean, in the order that fails fastest: format and lints, native unit and server
# integration tests (on SQLite, then the server's again on a throwaway PostgreSQL of its own, with
# the tests of several instances on one database), browser unit tests (wasm-bindgen-test in
# headless Chromium), the release build and its size budget, then end-to-end tests (Playwright
# driving Debian's Chromium against the real server serving the real build). Stops at the first failing step; ends with the runners' summary
# lines and one total line. Run `scripts/setup.sh` first (make test does).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# A test run builds each crate once: incremental caches would only take disk (gigabytes).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Never heavier than this (brotli, scripts/size.sh). The first load of `/`: issue 13 split the app
# by route (300 KB before it) and set the ceiling at 180 KB, with 150 KB as the goal (169.1 KB once
# the language became a signal of our own instead of leptos_i18n's provider and its browser-language
# matching). A route's extra bytes (the packs it needs beyond the first load, a booking step with
# its parent): 100 KB.
FIRST_LOAD_BUDGET_KB=180
ROUTE_BUDGET_KB=100
logs=target/test-logs
rm -rf "$logs" && mkdir -p "$logs"
summaries=()
started=$(date +%s)

step() {
  local name=$1; shift
  local log="$logs/$name.log"
  local t0; t0=$(date +%s)
  printf '\n\033[1m==> %s\033[0m  (%s)\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  printf '\033[1m<== %s: %s in %ss\033[0m\n' "$name" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$(( $(date +%s) - t0 ))"
  if [ "$status" -ne 0 ]; then
    echo "test: step '$name' failed (log: $log)" >&2
    exit "$status"
  fi
}

# Adds up cargo's and wasm-bindgen-test's "test result:" lines of a step's log.
cargo_counts() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
       END { printf "%d %d %d\n", p, f, s }' "$logs/$1.log"
}

step fmt cargo fmt --all -- --check
step clippy-native cargo clippy --locked --workspace --all-targets -- -D warnings
step clippy-wasm cargo clippy --locked -p antrean --target wasm32-unknown-unknown --all-targets -- -D warnings
# SQLite first (a developer's own ANTREAN_TEST_POSTGRES_URL is not used here), then PostgreSQL:
# scripts/postgres.sh starts a cluster of its own, sets the URL and requires the PostgreSQL tests.
step native env -u ANTREAN_TEST_POSTGRES_URL -u ANTREAN_REQUIRE_POSTGRES cargo test --locked --workspace
step server-postgres scripts/postgres.sh run -- cargo test --locked -p antrean-server
step browser-unit cargo test --locked -p antrean --target wasm32-unknown-unknown
step build scripts/build-app.sh
step size scripts/size.sh --budget "$FIRST_LOAD_BUDGET_KB" --route-budget "$ROUTE_BUDGET_KB"
step server-binary cargo build --locked -p antrean-server
step contract scripts/contract-test.sh
step e2e npx playwright test --config tests/e2e/playwright.config.ts

read -r native_p native_f native_s < <(cargo_counts native)
read -r pg_p pg_f pg_s < <(cargo_counts server-postgres)
read -r wasm_p wasm_f wasm_s < <(cargo_counts browser-unit)
e2e_p=$(grep -Eo '^\s+[0-9]+ passed' "$logs/e2e.log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
# Schemathesis's own figures ("1191 generated, 1191 passed", or "… found N unique failures"), and its warnings.
contract_cases=$(grep -Eo '[0-9]+ generated, .*' "$logs/contract.log" | tail -1)
contract_warnings=$(grep -Ec '^ *⚠️' "$logs/contract.log" || true)
e2e_f=$(grep -Eo '^\s+[0-9]+ failed' "$logs/e2e.log" | tail -1 | grep -Eo '[0-9]+' || echo 0)

echo
echo "Summary ($(( $(date +%s) - started ))s):"
echo "  native (core unit, server unit + integration): $native_p passed, $native_f failed, $native_s ignored"
echo "  server again on PostgreSQL (throwaway cluster): $pg_p passed, $pg_f failed, $pg_s ignored"
echo "  browser unit (wasm-bindgen-test, Chromium):    $wasm_p passed, $wasm_f failed, $wasm_s ignored"
echo "  contract (schemathesis, every check):          ${contract_cases:-no figures reported}; ${contract_warnings:-0} warning(s)"
echo "  end-to-end (Playwright, Chromium):             $e2e_p passed, $e2e_f failed"
grep '^first load, brotli' target/size-report.txt | sed 's/^/  /'
total_p=$((native_p + pg_p + wasm_p + e2e_p)); total_f=$((native_f + pg_f + wasm_f + e2e_f))
if [ "$total_p" -eq 0 ]; then echo "test: no test ran" >&2; exit 1; fi
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
