#!/usr/bin/env bash
# Measures the rule engine's share of the wasm bundle: a throwaway cdylib that
# only parses and explains scenarios, built like the app (release, opt-level z,
# LTO, wasm-bindgen, wasm-opt -Oz), printed raw and gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "engine-size"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[dependencies]
corscope-engine = { path = "$repo/crates/engine", default-features = false }
wasm-bindgen = "=$(sed -n 's/^wasm_bindgen = "\(.*\)"$/\1/p' Trunk.toml)"
serde_json = "1"
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
[workspace]
TOML
cat > "$work/src/lib.rs" <<'RS'
use wasm_bindgen::prelude::*;
#[wasm_bindgen]
pub fn explain_json(text: &str) -> String {
    match corscope_engine::parse_scenarios(text) {
        Ok(list) => serde_json::to_string(
            &list.iter().map(|s| corscope_engine::explain(s, corscope_engine::Browser::Chromium)).collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}
RS
(cd "$work" && cargo build --quiet --release --target wasm32-unknown-unknown)
wasm-bindgen --target web --out-dir "$work/out" "$work/target/wasm32-unknown-unknown/release/engine_size.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  "$work/out/engine_size_bg.wasm" -o "$work/out/opt.wasm"
echo "engine (with url/idna, serde_json, the PSL parser; the list itself is fetched later):"
echo "  raw  $(wc -c < "$work/out/opt.wasm") bytes"
echo "  gzip $(gzip -9 -c "$work/out/opt.wasm" | wc -c) bytes"
