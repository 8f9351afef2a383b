//! Runs shared/scenarios/seed-examples.json as data: every `expect` must hold,
//! in both browsers.

use corscope_engine::{explain, parse_scenarios, Browser};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios/seed-examples.json")
}

#[test]
fn every_seed_example_expectation_holds_in_both_browsers() {
    let path = seed_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (shared/ must sit beside the repository)",
            path.display()
        )
    });
    let scenarios = parse_scenarios(&text).expect("the seed file parses");
    assert!(scenarios.len() >= 20, "the seed has {} scenarios", scenarios.len());
    // Where real browsers still differ from the spec (and so from the seed's
    // expectations): listed, with the reason, next to this file.
    let known: BTreeSet<String> =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/seed-known-differences.txt"))
            .expect("seed-known-differences.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(str::to_string)
            .collect();
    let mut mismatches = vec![];
    let mut differing = BTreeSet::new();
    for browser in [Browser::Spec, Browser::Chromium, Browser::Firefox] {
        for s in &scenarios {
            let before = mismatches.len();
            let expect = s.expect.clone().expect("every seed example has an expect");
            let d = explain(s, browser);
            let mut check = |what: &str, ok: bool, got: String| {
                if !ok {
                    mismatches.push(format!("{browser} / {}: {what} was {got}", s.name));
                }
            };
            if let Some(p) = expect.preflight {
                check("preflight", d.preflight == p, d.preflight.to_string());
            }
            if let Some(o) = expect.outcome {
                check("outcome", d.outcome == o, d.outcome.to_string());
            }
            if let Some(st) = expect.stage {
                check("stage", d.stage == Some(st), format!("{:?}", d.stage));
            }
            if let Some(h) = &expect.request_headers {
                check(
                    "request_headers",
                    &d.request_headers == h,
                    format!("{:?}", d.request_headers),
                );
            }
            if let Some(e) = &expect.exposed {
                check("exposed", &d.exposed == e, format!("{:?}", d.exposed));
            }
            if browser != Browser::Spec && mismatches.len() > before && known.contains(&s.name) {
                mismatches.truncate(before);
                differing.insert(s.name.clone());
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(differing, known, "every listed difference must still differ");
}
