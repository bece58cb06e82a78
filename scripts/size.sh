#!/usr/bin/env bash
# What a phone downloads, from the release build in dist/ (brotli -q 11, as our server sends it):
#
#   - every file, raw, gzip -9 and brotli;
#   - the first load of `/`: index.html, wasm-bindgen's glue, the split loader, the main wasm, CSS;
#   - each route's extra bytes: the packs of split modules it needs beyond the first load
#     (target/web/split-manifest.json, written by scripts/pack-chunks.mjs);
#   - a deep link to the booking calendar (the first load, the booking parent and its day step);
#   - all files together.
#
# With --budget KB --route-budget KB, fails when the first load or any route is over its budget.
# Writes target/size-report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kb="" route_budget_kb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget_kb="${2:?--budget needs a size in KB}"; shift 2 ;;
    --route-budget) route_budget_kb="${2:?--route-budget needs a size in KB}"; shift 2 ;;
    *) echo "size: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f dist/index.html ] || { echo "size: dist/ is not built (run make build)" >&2; exit 1; }
manifest=target/web/split-manifest.json
[ -f "$manifest" ] || { echo "size: $manifest is missing (run make build)" >&2; exit 1; }

declare -A raw gz br
while IFS= read -r file; do
  name=${file#dist/}
  raw[$name]=$(stat -c %s "$file")
  gz[$name]=$(gzip -9 -n -c "$file" | wc -c)
  br[$name]=$(brotli -q 11 -c "$file" | wc -c)
done < <(find dist -type f ! -name '*.br' ! -name '*.gz' | sort)

kb() { printf '%d.%d KB' $(($1 / 1000)) $((($1 % 1000) / 100)); }
sum_br() { local total=0 name; for name in "$@"; do total=$((total + ${br[$name]:?no dist/$name})); done; echo "$total"; }
# The packs a route needs, from the manifest.
packs_of() { node -e 'const m = require(process.argv[1]); console.log([...new Set(process.argv.slice(2).flatMap((r) => m.routes[r] ?? (() => { throw new Error(`no route ${r} in the manifest`) })()))].join(" "))' "$PWD/$manifest" "$@"; }

glue=$(cd dist && ls antrean-*.js | grep -v '_bg')
loader=$(node -e 'console.log(require(process.argv[1]).loader)' "$PWD/$manifest")
first_files=(index.html "$glue" "$loader" $(cd dist && ls antrean-*_bg.wasm main-*.css))
first=$(sum_br "${first_files[@]}")
report=target/size-report.txt
mkdir -p target
{
  printf '%-56s %9s %9s %9s\n' "file" "raw" "gzip" "brotli"
  for name in $(printf '%s\n' "${!raw[@]}" | sort); do
    printf '%-56s %9d %9d %9d\n' "$name" "${raw[$name]}" "${gz[$name]}" "${br[$name]}"
  done
  echo
  echo "first load of / (${first_files[*]}): $(kb "$first")"
  echo "first load, brotli: $(kb "$first")"
  echo
  echo "extra bytes per route (packs beyond the first load, brotli):"
  for route in $(node -e 'console.log(Object.keys(require(process.argv[1]).routes).sort().join(" "))' "$PWD/$manifest"); do
    packs=$(packs_of "$route")
    extra=$(sum_br $packs)
    printf '  %-12s %10s  in %d packs\n' "$route" "$(kb "$extra")" "$(wc -w <<<"$packs")"
    if [ -n "$route_budget_kb" ] && [ "$extra" -gt $((route_budget_kb * 1000)) ]; then
      echo "size: FAIL: route $route needs $extra bytes beyond the first load, over the ${route_budget_kb} KB budget"
    fi
  done
  calendar=$((first + $(sum_br $(packs_of booking day))))
  echo
  echo "deep link to the booking calendar (/pesan/…/hari): $(kb "$calendar")"
  all=0
  for name in "${!br[@]}"; do
    case "$name" in *.html|*.js|*.wasm|*.css|*.bin) all=$((all + ${br[$name]})) ;; esac
  done
  echo "all files together (html, js, wasm, css, packs): $(kb "$all")"
  if [ -n "$budget_kb" ] && [ "$first" -gt $((budget_kb * 1000)) ]; then
    echo "size: FAIL: the first load of / is $first bytes brotli, over the budget of ${budget_kb} KB"
  fi
} > "$report"
cat "$report"
if grep -q '^size: FAIL' "$report"; then exit 1; fi
[ -z "$budget_kb" ] || echo "size: the first load of / is within ${budget_kb} KB, every route within ${route_budget_kb:-?} KB"
