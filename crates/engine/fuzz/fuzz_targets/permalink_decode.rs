//! Any text as a permalink: decoding never panics, and a link that decodes
//! re-encodes to a link that decodes to the same scenario.
#![no_main]

use corscope_engine::{explain, share::permalink, Browser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for candidate in [text.to_string(), format!("#s1={text}")] {
        if let Ok(s) = permalink::decode(&candidate) {
            let again = permalink::decode(&permalink::encode(&s)).expect("a re-encoded link decodes");
            assert_eq!(again, s);
            let _ = explain(&s, Browser::Chromium);
        }
    }
});
