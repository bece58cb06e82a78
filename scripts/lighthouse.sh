#!/usr/bin/env bash
# Lighthouse (mobile preset: a mid-range phone on slow 4G, CPU slowed 4x) on the home page and a
# checklist, against the release build served by the real server (release profile) on loopback,
# with Debian's Chromium. Writes HTML and JSON reports to target/lighthouse/ and fails when a page
# scores under the budget: performance 95, accessibility 100, best practices 100. ANTREAN_SERVER_BIN
# picks the server binary (`make test` uses its debug build; the static files are precompressed).
#
# Throttling is applied for real (`--throttling-method=devtools`: the mobile preset's 150 ms RTT,
# 1.6 Mbps and 4x CPU slowdown, applied while the page loads) rather than simulated from an
# unthrottled load: on loopback the wasm arrives in ~25 ms and replaces the first screen's shell
# before Chrome reports it, so the simulation models the app's paint (≈ 2.9 s) although a phone on
# slow 4G sees the shell's text at ≈ 1.3 s. LIGHTHOUSE_THROTTLING=simulate compares.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

port="${LIGHTHOUSE_PORT:-18070}"
out=target/lighthouse
rm -rf "$out" && mkdir -p "$out"
ANTREAN_LISTEN="127.0.0.1:$port" ANTREAN_DATABASE_URL="sqlite://$PWD/$out/antrean.sqlite3" \
  ANTREAN_DIST="$PWD/dist" ANTREAN_DATA="$PWD/data" ANTREAN_LOG=warn "${ANTREAN_SERVER_BIN:-target/server/antrean-server}" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done

pages=(
  "home|/"
  "checklist|/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak"
  "directory|/mpp"
)
failed=0
printf '%-10s %12s %14s %15s\n' page performance accessibility best-practices
for entry in "${pages[@]}"; do
  name=${entry%%|*}; path=${entry#*|}
  # Lighthouse now and then fails to record a trace (NO_NAVSTART) on a busy machine: try 3 times.
  for attempt in 1 2 3; do
    if lighthouse "http://127.0.0.1:$port$path" --quiet \
      --only-categories=performance,accessibility,best-practices --throttling-method="${LIGHTHOUSE_THROTTLING:-devtools}" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
      --output=json --output=html --output-path="$out/$name" >"$out/$name.log" 2>&1; then break; fi
    [ "$attempt" -eq 3 ] && { cat "$out/$name.log" >&2; exit 1; }
  done
  read -r perf a11y best < <(node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    console.log(s("performance"), s("accessibility"), s("best-practices"));' "$PWD/$out/$name.report.json")
  printf '%-10s %12s %14s %15s\n' "$name" "$perf" "$a11y" "$best"
  if [ "$perf" -lt 95 ] || [ "$a11y" -lt 100 ] || [ "$best" -lt 100 ]; then failed=1; fi
done
echo "reports: $out/*.report.html"
if [ "$failed" -ne 0 ]; then echo "lighthouse: FAIL: a page is under 95 / 100 / 100" >&2; exit 1; fi
