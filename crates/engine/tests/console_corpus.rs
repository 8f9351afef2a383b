//! Issue 29: CORS console messages as people paste them — older Chromium
//! wordings, Safari/WebKit's variants, Firefox in its other languages, pages
//! opened from disk, Private/Local Network Access fragments, damaged pastes
//! and redacted values — in a table of our own (`console-corpus.json`,
//! written by `console-corpus/generate.py` from the browsers' message
//! templates). Each is read (browser, reason, URL and page origin as pasted,
//! whether something looks redacted) and reproduced as a scenario (or advice)
//! with what had to be assumed, decided in every browser the engine models.
//!
//! Rerun: `cargo test -p corscope-engine --test console_corpus -- --nocapture`

use corscope_engine::diagnose::console_message::{parse, parse_all, ConsoleMessage};
use corscope_engine::diagnose::reproduce::{reproduce, Reproduction};
use corscope_engine::{explain, Browser, Outcome};
use serde::Deserialize;
use std::collections::BTreeMap;

const FALLBACK: &str = "https://app.example";

#[derive(Deserialize)]
struct Entry {
    kind: String,
    browser: String,
    paste: String,
    reason: String,
    url: Option<String>,
    origin: Option<String>,
    redacted: bool,
}

fn corpus() -> Vec<Entry> {
    let text = include_str!("console-corpus.json");
    serde_json::from_str(text).expect("console-corpus.json")
}

fn reason_tag(m: &ConsoleMessage) -> String {
    serde_json::to_value(&m.reason).unwrap()["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Everything the reproduction says in words.
fn said(r: &Reproduction) -> String {
    let mut all = r.assumptions.join(" | ");
    if let Some(a) = &r.advice {
        all.push_str(" | ");
        all.push_str(a);
    }
    all
}

/// Why `e` is not read right, or `Ok`.
fn check(e: &Entry) -> Result<(), String> {
    let m = parse(&e.paste).map_err(|err| format!("{err}"))?;
    let mut wrong = vec![];
    if m.browser.as_str().to_ascii_lowercase() != e.browser {
        wrong.push(format!("browser {:?}", m.browser));
    }
    if reason_tag(&m) != e.reason {
        wrong.push(format!("reason {:?}", m.reason));
    }
    if m.url != e.url {
        wrong.push(format!("url {:?}", m.url));
    }
    if m.page_origin != e.origin {
        wrong.push(format!("page origin {:?}", m.page_origin));
    }
    if e.redacted == m.redacted.is_empty() {
        wrong.push(format!("redacted {:?}", m.redacted));
    }
    let r = reproduce(&m, FALLBACK);
    let words = said(&r);
    match &r.scenario {
        Some(s) => {
            for b in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
                let d = explain(s, b);
                if b == m.browser.engine_browser()
                    && d.outcome == Outcome::Allowed
                    && e.reason != "authorization_not_covered_by_wildcard"
                {
                    wrong.push(format!("the reproduction is allowed in {b:?}"));
                }
            }
        }
        None if r.advice.is_none() => wrong.push("neither a scenario nor advice".into()),
        None => {}
    }
    if e.redacted && !words.contains("redacted") {
        wrong.push(format!("does not say it looks redacted: {words}"));
    }
    if e.kind == "from_disk" && !(words.contains("opened from a file") && words.contains("http.server")) {
        wrong.push(format!(
            "does not say the page was opened from a file and how to serve it: {words}"
        ));
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

#[test]
fn the_corpus_is_read_right() {
    let entries = corpus();
    assert!(entries.len() >= 200, "{}", entries.len());
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_browser: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = vec![];
    for e in &entries {
        let row = by_kind.entry(e.kind.as_str()).or_default();
        row.1 += 1;
        by_browser.entry(e.browser.as_str()).or_default().1 += 1;
        match check(e) {
            Ok(()) => {
                row.0 += 1;
                by_browser.entry(e.browser.as_str()).or_default().0 += 1;
            }
            Err(why) => misses.push(format!("[{}] {}\n    {}", e.kind, e.paste.replace('\n', "⏎"), why)),
        }
    }
    let right: usize = by_kind.values().map(|(r, _)| r).sum();
    println!(
        "console corpus: {right}/{} read right ({:.1} %)",
        entries.len(),
        100.0 * right as f64 / entries.len() as f64
    );
    for (kind, (r, n)) in &by_kind {
        println!("  {kind:<18} {r:>3}/{n:<3} {:.1} %", 100.0 * *r as f64 / *n as f64);
    }
    for (browser, (r, n)) in &by_browser {
        println!(
            "  pasted from {browser:<10} {r:>3}/{n:<3} {:.1} %",
            100.0 * *r as f64 / *n as f64
        );
    }
    for m in &misses {
        println!("miss {m}");
    }
    let kinds = [
        "current",
        "chromium_old",
        "safari",
        "firefox_localized",
        "from_disk",
        "local_network",
        "damaged",
        "redacted",
    ];
    for k in kinds {
        assert!(by_kind.contains_key(k), "no {k} in the table");
    }
    assert!(
        right * 100 >= entries.len() * 95,
        "{right}/{} read right:\n{}",
        entries.len(),
        misses.join("\n")
    );
}

/// Every entry cut at every char boundary (the start kept, and the end kept):
/// reading never panics, and what it reads reproduces without panicking.
#[test]
fn every_entry_cut_anywhere_reads_without_panic() {
    let mut pieces = 0;
    for e in corpus() {
        let text = e.paste.as_str();
        for (k, (i, _)) in text.char_indices().enumerate() {
            for piece in [&text[..i], &text[i..]] {
                pieces += 1;
                let _ = parse_all(piece);
                if let Ok(m) = parse(piece) {
                    let r = reproduce(&m, FALLBACK);
                    // Deciding is the slow part: every fifth cut.
                    if let (Some(s), 0) = (r.scenario, k % 5) {
                        let _ = explain(&s, m.browser.engine_browser());
                    }
                }
            }
        }
    }
    assert!(pieces > 20_000, "{pieces}");
}
