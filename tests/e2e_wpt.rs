//! The WPT-derived corpus (crates/engine/tests/wpt-corpus.json, from
//! scripts/wpt-corpus.py) run live through the Matrix page against the lab:
//! in each browser the engine predicts what the browser does on every
//! scenario, and the browser departs from what the WPT test expects exactly
//! where crates/engine/tests/wpt-known-differences-BROWSER.txt says.

mod support;

use std::collections::BTreeSet;
use support::*;

async fn wpt_in(kind: Kind) {
    let corpus = std::fs::read_to_string(repo().join("crates/engine/tests/wpt-corpus.json")).unwrap();
    let expected: Vec<(String, String)> = serde_json::from_str::<Vec<serde_json::Value>>(&corpus)
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["expect"]["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let known = listed(&format!(
        "crates/engine/tests/wpt-known-differences-{}.txt",
        kind.name()
    ));
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        paste_matrix_scenarios(&c, corpus).await;
        let report = run_matrix_page(&c).await;
        std::fs::write(
            output_dir().join(format!("wpt-live-{}.json", kind.name())),
            serde_json::to_string_pretty(&report).unwrap(),
        )
        .unwrap();
        let rows = report["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), expected.len(), "every scenario ran");
        assert!(rows.len() >= 400, "{} scenarios", rows.len());
        let mut mismatches = vec![];
        let mut differ = BTreeSet::new();
        for (row, (name, outcome)) in rows.iter().zip(&expected) {
            assert_eq!(row["name"].as_str(), Some(name.as_str()));
            if row["mismatches"] != serde_json::json!([]) {
                mismatches.push(format!("{name}: {row}"));
            }
            // WPT sees a TypeError either way: "rejected" (before sending) is "blocked".
            let seen = match row["observed"]["outcome"].as_str() {
                Some("rejected") => Some("blocked"),
                o => o,
            };
            if seen != Some(outcome.as_str()) {
                differ.insert(name.clone());
            }
        }
        assert!(
            mismatches.is_empty(),
            "{}: the engine mispredicts:\n{}",
            kind.name(),
            mismatches.join("\n")
        );
        let new: Vec<_> = differ.difference(&known).collect();
        let gone: Vec<_> = known.difference(&differ).collect();
        assert!(
            new.is_empty() && gone.is_empty(),
            "{}: departs from WPT but not listed: {new:#?}\nlisted but now as WPT expects: {gone:#?}",
            kind.name()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wpt_corpus_runs_live_in_chromium() {
    wpt_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wpt_corpus_runs_live_in_firefox() {
    wpt_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wpt_corpus_runs_live_in_webkit() {
    wpt_in(Kind::WebKit).await;
}
