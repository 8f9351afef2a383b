//! Any text as a pasted console message: reading it, building the
//! reproduction, explaining it, writing the bug report and the server fixes
//! never panic.
#![no_main]

use corscope_engine::{apply_fix, diagnose::console_message, diagnose::reproduce, explain, explain::server_config, share::report, Browser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let message = match console_message::parse(&text) {
        Ok(m) => m,
        // "Not recognised" always says why.
        Err(e) => return assert!(!e.hint.is_empty()),
    };
    let _ = console_message::parse_all(&text);
    let repro = reproduce::reproduce(&message, "https://app.example");
    if let Some(s) = repro.scenario {
        let d = explain(&s, message.browser.engine_browser());
        let _ = report::bug_report(&s, &d, None, "https://corscope.example/");
        if let Some(fix) = &d.fix {
            let fixed = apply_fix(&s, &fix.server);
            let _ = server_config::fixes(&fixed, fix.configured_hop(), Browser::Chromium);
        }
    }
});
