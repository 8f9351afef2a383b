//! Any bytes: parse as a scenario file, then decide and explain every
//! scenario in each browser model, with its report and server fixes; a
//! scenario's permalink decodes to it. Nothing may panic.
#![no_main]

use corscope_engine::{
    apply_fix, explain, explain::server_config, parse_scenarios, share::permalink, share::report, Browser,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(scenarios) = parse_scenarios(text) {
        for s in &scenarios {
            for b in [Browser::Chromium, Browser::Firefox, Browser::Spec] {
                let d = explain(s, b);
                let _ = report::bug_report(s, &d, None, "https://corscope.example/");
                if let Some(fix) = d.fix.as_ref().filter(|f| !f.server.is_empty()) {
                    let hop = fix.configured_hop();
                    let _ = server_config::fixes(&apply_fix(s, &fix.server), hop, b);
                }
            }
            assert_eq!(permalink::decode(&permalink::encode(s)).as_ref(), Ok(s));
        }
    }
});
