#!/usr/bin/env bash
# Prints every release file of dist/ raw, gzip -9 and brotli -q 11, and the first-load total: what
# a phone downloads before the first screen (index.html + JS + wasm + CSS, brotli, as our server
# sends it). With --budget KB, fails when the first load is larger. Writes target/size-report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kb=""
if [ "${1:-}" = "--budget" ]; then budget_kb="${2:?--budget needs a size in KB}"; fi
[ -f dist/index.html ] || { echo "size: dist/ is not built (run make build)" >&2; exit 1; }

report=target/size-report.txt
mkdir -p target
{
  printf '%-44s %10s %10s %10s\n' "file" "raw" "gzip" "brotli"
  total_raw=0; total_gz=0; total_br=0
  while IFS= read -r file; do
    name=${file#dist/}
    raw=$(stat -c %s "$file")
    gz=$(gzip -9 -n -c "$file" | wc -c)
    br=$(brotli -q 11 -c "$file" | wc -c)
    printf '%-44s %10d %10d %10d\n' "$name" "$raw" "$gz" "$br"
    case "$name" in
      # Not part of the first load: the service worker and its registration are fetched after the
      # app has loaded; embed.js is the portal's script (the app never loads it); framed.js only
      # inside a portal's iframe; config.js only for a deploy with a configuration to check.
      sw.js|register-sw.js|embed.js|framed.js|config.js) ;;
      index.html|*.js|*.wasm|*.css)
        total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br)) ;;
    esac
  done < <(find dist -type f ! -name '*.br' ! -name '*.gz' | sort)
  printf '%-44s %10d %10d %10d\n' "FIRST LOAD (html + js + wasm + css)" "$total_raw" "$total_gz" "$total_br"
  echo "first load, brotli: $((total_br / 1000)).$(( (total_br % 1000) / 100 )) KB"
} | tee "$report"

if [ -n "$budget_kb" ]; then
  total_br=$(awk '/^FIRST LOAD/ {print $NF}' "$report")
  if [ "$total_br" -gt $((budget_kb * 1000)) ]; then
    echo "size: FAIL: first load is $total_br bytes brotli, over the budget of ${budget_kb} KB" >&2
    exit 1
  fi
  echo "size: first load within the ${budget_kb} KB budget"
fi
