#!/usr/bin/env bash
# Starts corscope: installs missing tools, builds the app, serves it with the lab.
# Extra arguments go to `corscope-lab serve` (e.g. --port 9000 --lab-port 9001).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
# The app goes into the binary: `serve` needs no dist folder.
cargo build --release -p corscope-lab --features embed-app
exec target/release/corscope-lab serve "$@"
