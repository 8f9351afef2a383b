//! Any text as a request copied from DevTools (cURL in bash or cmd quoting,
//! fetch): reading never panics, and what it reads is a scenario the engine
//! explains without panicking.
#![no_main]

use corscope_engine::{diagnose::copied_request::parse_copied_request, explain, Browser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for candidate in [text.to_string(), format!("curl {text}"), format!("fetch({text}")] {
        if let Ok(c) = parse_copied_request(&candidate, "https://app.example") {
            let _ = explain(&c.scenario, Browser::Chromium);
            let _ = explain(&c.scenario, Browser::Firefox);
        }
    }
});
