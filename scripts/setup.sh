#!/usr/bin/env bash
# Installs what corscope needs, only where it is missing or of the wrong version:
# the wasm32 target, wasm-bindgen CLI (the exact version in Cargo.lock), Trunk,
# wasm-opt (npm binaryen, never Debian's), wasm-split-cli, Python's brotli, and with --browsers Chromium,
# Firefox ESR and WebKitGTK with their drivers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

browsers=0
fuzz=0
for arg in "$@"; do
  case "$arg" in
    --browsers) browsers=1 ;;
    --fuzz) fuzz=1 ;;
    *) echo "setup: unknown option $arg (--browsers, --fuzz)" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen: the CLI must be exactly the crate's version, or the page never mounts.
lock_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
trunk_pin=$(sed -n 's/^wasm_bindgen = "\(.*\)"$/\1/p' Trunk.toml)
if [ -z "$lock_version" ]; then
  say "error: Cargo.lock names no wasm-bindgen version"; exit 1
fi
if [ "$lock_version" != "$trunk_pin" ]; then
  say "error: Cargo.lock resolves wasm-bindgen $lock_version but Trunk.toml pins $trunk_pin; make them the same (and keep wasm-bindgen = \"=$trunk_pin\" in Cargo.toml)"
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$lock_version" ]; then
  say "installing wasm-bindgen-cli $lock_version"
  # Not --locked: its lockfile pins a webpki-roots version this registry does not serve.
  cargo install wasm-bindgen-cli --version "$lock_version" --force
fi

if ! trunk --version 2>/dev/null | grep -q "trunk 0.21.14"; then
  say "installing trunk 0.21.14 (the long pole: about 10 minutes)"
  cargo install --locked trunk --version 0.21.14 --force
fi

# The wasm splitter (the app's deferred parts: scripts/build-split-app.py).
if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -q "^wasm_split_cli_support v0.2.4:"; then
  say "installing wasm-split-cli (wasm_split_cli_support 0.2.4)"
  cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary --force
fi

# wasm-opt from npm binaryen, at the version Trunk.toml pins.
opt_pin=$(sed -n 's/^wasm_opt = "version_\(.*\)"$/\1/p' Trunk.toml)
axe_pin=$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' package.json)
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version_${opt_pin})" \
  || ! grep -q "\"version\": \"${axe_pin}\"" node_modules/axe-core/package.json 2>/dev/null; then
  say "installing wasm-opt (binaryen ${opt_pin}) and axe-core ${axe_pin} from npm"
  npm ci --no-audit --no-fund
  node_modules/.bin/wasm-opt --version | grep -q "version_${opt_pin})" || {
    say "error: package.json's binaryen is not version ${opt_pin}, which Trunk.toml pins"; exit 1; }
fi

# Python's brotli: the build writes each file's brotli copy with it (scripts/externalize-loader.py).
if ! python3 -c "import brotli" 2>/dev/null; then
  say "installing Python's brotli 1.2.1 (PyPI)"
  python3 -m pip install --quiet --user brotli==1.2.1 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages brotli==1.2.1
fi

if [ "$browsers" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null || ! command -v certutil >/dev/null; then
    say "installing Chromium, ChromeDriver, Firefox ESR and NSS's certutil (Debian packages)"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver firefox-esr libnss3-tools >/dev/null
  fi
  # WebKitGTK (Safari's engine): its WebDriver, a display for it (it has no
  # headless mode), and PyGObject for the project's browser shim (tests/support/webkit-shim.py).
  if ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null \
    || ! /usr/bin/python3 -c "import gi; gi.require_version('WebKit2', '4.1')" 2>/dev/null; then
    say "installing WebKitGTK's WebKitWebDriver, Xvfb and PyGObject (Debian packages)"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq webkit2gtk-driver xvfb xauth libgl1-mesa-dri \
      gir1.2-webkit2-4.1 python3-gi >/dev/null
  fi
  if ! geckodriver --version 2>/dev/null | grep -q "geckodriver 0.37.1"; then
    say "installing geckodriver 0.37.1"
    cargo install --locked geckodriver --version 0.37.1 --force
  fi
fi

if [ "$fuzz" = 1 ] && ! cargo fuzz --version 2>/dev/null | grep -q "cargo-fuzz 0.13.2"; then
  say "installing cargo-fuzz 0.13.2"
  cargo install --locked cargo-fuzz --version 0.13.2 --force
fi
