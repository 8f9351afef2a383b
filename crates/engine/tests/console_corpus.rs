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
    /// The held-out set's: what was done to the paste.
    #[serde(default)]
    note: String,
}

fn corpus() -> Vec<Entry> {
    let text = include_str!("console-corpus.json");
    serde_json::from_str(text).expect("console-corpus.json")
}

/// The held-out sets, each written by a helper from the browsers' sources
/// without seeing the reader or the table above: `console-holdout.json`
/// (the reader was then mended where it missed) and `console-holdout-2.json`
/// (written after that, to measure the mended reader blind).
fn held_out(text: &str) -> Vec<Entry> {
    serde_json::from_str(text).expect("a held-out set")
}

/// The measure: recognised, with the blocked URL and the page
/// origin read as pasted.
fn read_as_pasted(e: &Entry) -> Result<(), String> {
    let m = parse(&e.paste).map_err(|err| format!("{err}"))?;
    let mut wrong = vec![];
    if m.url != e.url {
        wrong.push(format!("url {:?}", m.url));
    }
    if m.page_origin != e.origin {
        wrong.push(format!("page origin {:?}", m.page_origin));
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
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
    check_with(e, false)
}

/// `check`, where the entry's `url` and `origin` are either what corscope
/// can use (none where the paste redacted it: this table) or as pasted (the
/// held-out set).
fn check_with(e: &Entry, as_pasted: bool) -> Result<(), String> {
    let m = parse(&e.paste).map_err(|err| format!("{err}"))?;
    let mut wrong = vec![];
    if m.browser.as_str().to_ascii_lowercase() != e.browser {
        wrong.push(format!("browser {:?}", m.browser));
    }
    if reason_tag(&m) != e.reason {
        wrong.push(format!("reason {:?}", m.reason));
    }
    let (url, origin) = match as_pasted {
        true => (m.url.as_deref(), m.page_origin.as_deref()),
        false => (m.known_url(), m.known_page_origin()),
    };
    if url != e.url.as_deref() {
        wrong.push(format!("url {:?}", m.url));
    }
    if origin != e.origin.as_deref() {
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
    let from_disk = e.kind == "from_disk"
        || e.kind == "file_origin"
            && (e.origin.as_deref() == Some("null") || e.url.as_deref().is_some_and(|u| u.starts_with("file:")));
    let typed = e.url.as_deref().is_some_and(|u| !u.contains("://"));
    if e.kind == "file_origin" && typed && !words.contains("http://") {
        wrong.push(format!("does not say how to write the URL: {words}"));
    }
    if from_disk && !(words.contains("opened from a file") && words.contains("http.server")) {
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

/// Per kind and per browser: (read right, of); the misses, in words.
struct Tally {
    by_kind: BTreeMap<String, (usize, usize)>,
    by_browser: BTreeMap<String, (usize, usize)>,
    misses: Vec<String>,
}

impl Tally {
    fn of(entries: &[Entry], check: impl Fn(&Entry) -> Result<(), String>) -> Tally {
        let mut t = Tally {
            by_kind: BTreeMap::new(),
            by_browser: BTreeMap::new(),
            misses: vec![],
        };
        for e in entries {
            let ok = check(e);
            for (map, key) in [(&mut t.by_kind, &e.kind), (&mut t.by_browser, &e.browser)] {
                let row = map.entry(key.clone()).or_default();
                row.1 += 1;
                row.0 += usize::from(ok.is_ok());
            }
            if let Err(why) = ok {
                let note = if e.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", e.note)
                };
                t.misses.push(format!(
                    "[{}{note}] {}\n    {}",
                    e.kind,
                    e.paste.replace('\n', "⏎"),
                    why
                ));
            }
        }
        t
    }

    fn right(&self) -> usize {
        self.by_kind.values().map(|(r, _)| r).sum()
    }

    fn print(&self, title: &str) {
        let n: usize = self.by_kind.values().map(|(_, n)| n).sum();
        let right = self.right();
        println!(
            "{title}: {right}/{n} read right ({:.1} %)",
            100.0 * right as f64 / n as f64
        );
        for (kind, (r, n)) in &self.by_kind {
            println!("  {kind:<18} {r:>3}/{n:<3} {:.1} %", 100.0 * *r as f64 / *n as f64);
        }
        for (browser, (r, n)) in &self.by_browser {
            println!(
                "  pasted from {browser:<10} {r:>3}/{n:<3} {:.1} %",
                100.0 * *r as f64 / *n as f64
            );
        }
        for m in &self.misses {
            println!("miss {m}");
        }
    }
}

#[test]
fn the_corpus_is_read_right() {
    let entries = corpus();
    assert!(entries.len() >= 200, "{}", entries.len());
    let t = Tally::of(&entries, check);
    t.print("console corpus");
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
        assert!(t.by_kind.contains_key(k), "no {k} in the table");
    }
    let right = t.right();
    assert!(
        right * 100 >= entries.len() * 95,
        "{right}/{} read right:\n{}",
        entries.len(),
        t.misses.join("\n")
    );
}

/// The held-out set, by the measure (recognised, URL and page origin
/// as pasted), in every browser it comes from; and by the table's stricter
/// one (reason, redaction, a reproduction, advice for a page from a file).
fn held_out_set_is_read_right(name: &str, text: &str) {
    let entries = held_out(text);
    assert!(entries.len() >= 200, "{}", entries.len());
    let strict = Tally::of(&entries, |e| check_with(e, true));
    strict.print(&format!("{name}, everything checked"));
    let t = Tally::of(&entries, read_as_pasted);
    t.print(&format!("{name}, recognised with URL and origin as pasted"));
    for (browser, (r, n)) in &t.by_browser {
        assert!(
            r * 100 >= n * 95,
            "{browser}: {r}/{n} read right:\n{}",
            t.misses.join("\n")
        );
    }
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

#[test]
fn the_first_held_out_set_is_read_right() {
    held_out_set_is_read_right("held-out set 1", include_str!("console-holdout.json"));
}

#[test]
fn the_second_held_out_set_is_read_right() {
    held_out_set_is_read_right("held-out set 2", include_str!("console-holdout-2.json"));
}
