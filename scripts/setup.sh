#!/usr/bin/env bash
# Installs everything Antrean's build and tests need, on a fresh Debian machine of the project's
# kind (see ../shared/TOOLCHAIN.md). Idempotent: when everything is present it takes about a second.
# Versions are pinned here, in Cargo.lock, in Trunk.toml and in package-lock.json; the checks below
# fail loudly when they drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"      # 0.22 needs rustc >= 1.96.1
WASM_SPLIT_VERSION="0.2.4"   # wasm-split-cli; older than 0.2.3 breaks with wasm-bindgen >= 0.2.128
WASM_OPT_VERSION="132"       # binaryen from npm; Debian's 108 builds a wasm that fails at start
# postgresql: the server tests run on PostgreSQL too, on a throwaway cluster that
# scripts/postgres.sh starts (never the package's own cluster).
# sqlite3: the end-to-end tests of the day of the visit move a booking to "now" in the database.
DEBIAN_PACKAGES=(chromium chromium-driver brotli postgresql sqlite3)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31msetup: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first (https://rustup.rs)"
command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer"

# 1. Browser, driver, brotli and PostgreSQL from Debian. No test tool may download its own browser.
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The wasm target of the installed Rust toolchain.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-bindgen: the crate in Cargo.lock, the pin in Cargo.toml, Trunk.toml and the CLI must agree.
lock_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
pin_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
trunk_version=$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' Trunk.toml)
[ -n "$lock_version" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$lock_version" != "$pin_version" ] || [ "$lock_version" != "$trunk_version" ]; then
  die "wasm-bindgen versions drifted: Cargo.lock $lock_version, Cargo.toml =$pin_version, Trunk.toml $trunk_version. Make them equal."
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $lock_version" ]; then
  say "installing wasm-bindgen-cli $lock_version (about 2.5 minutes)"
  # Without --locked: its own lockfile pins a webpki-roots the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$lock_version"
fi

# 4. Trunk, pinned.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

# 4b. wasm-split-cli (crate wasm_split_cli_support), pinned: it splits the app by route
#     (scripts/split/wasm-bindgen). It must speak the split-point format of the wasm_split_helpers
#     that Leptos brings in (Cargo.lock): the same 0.2 line.
helpers_version=$(grep -A1 '^name = "wasm_split_helpers"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
[ -n "$helpers_version" ] || die "no wasm_split_helpers in Cargo.lock"
if [ "${helpers_version%.*}" != "${WASM_SPLIT_VERSION%.*}" ]; then
  die "wasm_split_helpers $helpers_version (Cargo.lock) needs a wasm-split-cli of its ${helpers_version%.*} line; setup.sh pins $WASM_SPLIT_VERSION. Make them agree."
fi
# (It has no --version: cargo's list of installed crates tells.)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2.5 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# 5. npm packages from the committed lock: wasm-opt (binaryen), Playwright, axe-core.
stamp=node_modules/.antrean-lock-sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages (npm ci, no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
[ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = "$WASM_OPT_VERSION" ] \
  || die "wasm-opt $WASM_OPT_VERSION expected from node_modules/.bin, found: $(wasm-opt --version 2>&1 || true)"
grep -q "version_$WASM_OPT_VERSION" Trunk.toml || die "Trunk.toml must name wasm_opt = \"version_$WASM_OPT_VERSION\""

# 6. Schemathesis (contract fuzzing) in a virtualenv of the project, from PyPI, pinned.
wanted="$(sed -n 's/^schemathesis==//p' tests/contract/requirements.txt)"
if [ "$(.venv/bin/st --version 2>/dev/null | awk '{print $NF}')" != "$wanted" ]; then
  say "installing schemathesis $wanted into .venv"
  command -v python3 >/dev/null || die "python3 is missing"
  python3 -m venv .venv || die "python3 -m venv failed (install python3-venv)"
  .venv/bin/pip install --quiet --disable-pip-version-check -r tests/contract/requirements.txt
fi

# 7. Crates, so Trunk's offline build (cargo --offline) finds them.
cargo fetch --locked --quiet

say "set-up complete"
