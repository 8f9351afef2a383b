#!/usr/bin/env bash
# Measures the rule engine's share of the wasm bundle: throwaway cdylibs built
# like the app (release, opt-level z, LTO, wasm-bindgen, wasm-opt -Oz), printed
# raw and gzip: the url crate alone (WHATWG URL parsing with IDNA), the engine
# deciding parsed scenarios, and the engine explaining them (the prediction
# panel's needs: trace, both consoles' text, the fix).
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
url = "2"
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
[workspace]
TOML
measure() { # NAME TITLE BODY
  printf '%s\n' "use wasm_bindgen::prelude::*;" "#[wasm_bindgen]" "pub fn run(text: &str) -> String {" "$3" "}" > "$work/src/lib.rs"
  (cd "$work" && cargo build --quiet --release --target wasm32-unknown-unknown)
  wasm-bindgen --target web --out-dir "$work/out" "$work/target/wasm32-unknown-unknown/release/engine_size.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
    "$work/out/engine_size_bg.wasm" -o "$work/out/$1.wasm"
  printf '%-72s raw %8s B, gzip %8s B\n' "$2" "$(wc -c < "$work/out/$1.wasm")" "$(gzip -9 -c "$work/out/$1.wasm" | wc -c)"
}
measure url "the url crate alone (parse, serialize the origin; IDNA included):" \
  'url::Url::parse(text).map(|u| u.origin().ascii_serialization()).unwrap_or_default()'
measure decide "engine, parse and decide (serde_json, url/idna, the PSL parser):" \
  'match corscope_engine::parse_scenarios(text) {
     Ok(list) => list.iter().map(|s| format!("{:?}", corscope_engine::decide(s, corscope_engine::Browser::Chromium).outcome)).collect(),
     Err(e) => e.to_string(),
   }'
measure explain "engine, parse and explain (+ trace, consoles, fix; the PSL is fetched later):" \
  'match corscope_engine::parse_scenarios(text) {
     Ok(list) => serde_json::to_string(
       &list.iter().map(|s| corscope_engine::explain(s, corscope_engine::Browser::Chromium)).collect::<Vec<_>>(),
     ).unwrap_or_default(),
     Err(e) => e.to_string(),
   }'
