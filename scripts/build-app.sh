#!/usr/bin/env bash
# Builds the web app in release mode into dist/ and writes a brotli (.br) and gzip (.gz) twin of
# every text or wasm file, which the server sends to clients that accept them (no compression work
# per request, and the best ratio: brotli -q 11).
set -euo pipefail
cd "$(dirname "$0")/.."
# scripts/split first: its wasm-bindgen splits the app by route before binding it.
export PATH="$PWD/scripts/split:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --locked
find dist -type f \( -name '*.br' -o -name '*.gz' \) -delete

# Trunk minifies the HTML, the CSS and the inlined start-up script, but not wasm-bindgen's glue
# (61 KB raw): terser does, keeping its exports. (No integrity hashes: the files come from the
# same origin as index.html, so they would protect nothing and cost bytes on every first load.)
for glue in dist/antrean-*.js; do
  terser "$glue" --module --compress --mangle --output "$glue"
done

# The service worker precaches exactly this build's files; its version is a hash of their contents,
# so every deploy that changes a byte installs a new worker with a new cache.
precache=$(cd dist && find . -type f ! -name 'sw.js' ! -name 'config.json' ! -name 'embed.js' | sed 's|^\./||' | sort)
version=$(cd dist && printf '%s\n' $precache | xargs sha256sum | sha256sum | cut -c1-16)
list=$(printf '%s\n' $precache | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|[$list]|" js/service-worker.js > dist/sw.js
find dist -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' -o -name '*.svg' -o -name '*.json' -o -name '*.bin' \) \
  -print0 | while IFS= read -r -d '' file; do
    brotli -q 11 -k -f "$file"
    gzip -9 -k -f -n "$file"
  done
echo "built dist/ ($(find dist -type f ! -name '*.br' ! -name '*.gz' | wc -l) files)"
