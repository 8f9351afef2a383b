//! crates/engine/tests/wpt-corpus.json (scripts/wpt-corpus.py: scenarios
//! transcribed from web-platform-tests, each with the outcome its test
//! expects): the engine's spec mode must give that outcome, and each browser's
//! model differs from it exactly where `wpt-known-differences-*.txt` say the
//! browser does (those lists are checked live by tests/e2e_wpt.rs).

use corscope_engine::{parse_scenarios, verdict, Browser, Outcome};
use std::collections::BTreeSet;

fn listed(name: &str) -> BTreeSet<String> {
    let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(str::to_string)
        .collect()
}

/// WPT sees a TypeError either way: "rejected" (before sending) is "blocked".
fn typed(o: Outcome) -> Outcome {
    match o {
        Outcome::Rejected => Outcome::Blocked,
        o => o,
    }
}

#[test]
fn the_engine_gives_what_each_wpt_test_expects() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wpt-corpus.json")).unwrap();
    let scenarios = parse_scenarios(&text).expect("the corpus parses");
    assert!(scenarios.len() >= 400, "{} scenarios", scenarios.len());
    for (browser, file) in [
        (Browser::Spec, "wpt-known-differences-spec.txt"),
        (Browser::Chromium, "wpt-known-differences-chromium.txt"),
        (Browser::Firefox, "wpt-known-differences-firefox.txt"),
        (Browser::WebKit, "wpt-known-differences-webkit.txt"),
    ] {
        let known = listed(file);
        let mut differ = BTreeSet::new();
        for s in &scenarios {
            let want = s.expect.as_ref().and_then(|e| e.outcome).expect("an expected outcome");
            let d = verdict(s, browser);
            if typed(d.outcome) != typed(want) {
                differ.insert(s.name.clone());
            }
            if let Some(p) = s.expect.as_ref().and_then(|e| e.preflight) {
                assert_eq!(d.preflight, p, "{browser} / {}", s.name);
            }
            if let Some(names) = s.expect.as_ref().and_then(|e| e.exposed.as_ref()) {
                for n in names {
                    assert!(
                        d.exposed.contains(n),
                        "{browser} / {}: {n} not readable in {:?}",
                        s.name,
                        d.exposed
                    );
                }
            }
            if let Some(h) = s.expect.as_ref().and_then(|e| e.request_headers.as_ref()) {
                assert_eq!(&d.request_headers, h, "{browser} / {}", s.name);
            }
        }
        let new: Vec<_> = differ.difference(&known).collect();
        let gone: Vec<_> = known.difference(&differ).collect();
        assert!(
            new.is_empty() && gone.is_empty(),
            "{browser}: differs from WPT but not listed: {new:#?}\nlisted but now as WPT expects: {gone:#?}"
        );
    }
}
