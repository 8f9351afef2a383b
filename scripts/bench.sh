#!/usr/bin/env bash
# Re-runs every benchmark in the README's figures table, in order: page weight
# (builds the app and the benchmark pages), the engine's share of the wasm,
# time to interactive and the engine in wasm (real Chromium and Firefox), the
# engine natively, the audit, and the lab under wrk for SECONDS (default 30).
# The live matrix's throughput comes from its test: cargo test -p corscope --test e2e_matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
./scripts/setup.sh --browsers
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n==> %s\n' "$*"; }
step "page weight"
./scripts/page-weight.sh
step "the engine's share of the wasm"
./scripts/engine-size.sh
step "time to interactive, the engine in wasm"
cargo bench -q -p corscope --bench browser
step "the engine, native"
cargo bench -q -p corscope-engine --bench verdicts
step "the audit"
cargo bench -q -p corscope-lab --bench audit
step "the lab under wrk"
./scripts/bench-lab.sh "$seconds"
