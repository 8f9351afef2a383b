//! Any text as a HAR export: reading never panics, and every exchange it
//! reads is a scenario the engine explains without panicking.
#![no_main]

use corscope_engine::{diagnose::har::parse_har, explain, Browser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(exchanges) = parse_har(&text) {
        for x in exchanges {
            let _ = explain(&x.scenario, Browser::Chromium);
        }
    }
});
