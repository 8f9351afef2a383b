//! Any bytes: parse as a scenario file, then decide and explain every
//! scenario in both browsers. Nothing may panic.
#![no_main]

use corscope_engine::{explain, parse_scenarios, Browser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(scenarios) = parse_scenarios(text) {
        for s in &scenarios {
            for b in [Browser::Chromium, Browser::Firefox] {
                let _ = explain(s, b);
            }
        }
    }
});
