#!/usr/bin/env bash
# Runs every test: formatting, lints (native and wasm32), native tests, the
# release wasm build, the end-to-end tests in headless Chromium and Firefox and
# in WebKitGTK under Xvfb,
# and a bounded run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --browsers --fuzz
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\n==> %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32, the app)"
cargo clippy -p corscope --target wasm32-unknown-unknown --lib --bins --features bench-pages -- -D warnings
step "native tests (engine, lab)"
cargo test --workspace --exclude corscope
step "fuzzing (every cargo-fuzz target, ${FUZZ_SECONDS:-15} s each)"
./scripts/fuzz.sh "${FUZZ_SECONDS:-15}"
step "release wasm build (/ and the /corscope/ sub-path)"
trunk build --release
trunk build --release --public-url /corscope/ --dist dist-pages
step "the lab as one program (the app built into it: feature embed-app)"
cargo clippy -p corscope-lab --features embed-app --all-targets -- -D warnings
cargo test -p corscope-lab --features embed-app --test embedded
step "app tests and end-to-end tests (headless Chromium and Firefox, WebKitGTK under Xvfb)"
cargo test -p corscope
