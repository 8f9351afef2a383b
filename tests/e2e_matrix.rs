//! The differential matrix in headless Chromium and Firefox ESR: every
//! scenario of the engine's matrix runs live through the app against the lab;
//! what the browser did and sent must match the engine's prediction for that
//! browser. Reports land in test-output/matrix-{chromium,firefox}.{json,md}.

mod support;

use fantoccini::Locator;
use std::fmt::Write;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_agrees_with_chromium_on_every_matrix_scenario() {
    matrix_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_agrees_with_firefox_on_every_matrix_scenario() {
    matrix_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_agrees_with_webkit_on_every_matrix_scenario() {
    matrix_in(Kind::WebKit).await;
}

fn known_differences(kind: Kind) -> std::collections::BTreeSet<String> {
    listed(&format!("tests/matrix-known-differences-{}.txt", kind.name()))
}

async fn matrix_in(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        let report = run_matrix_page(&c).await;
        assert_eq!(report["browser"], kind.name(), "the app predicts for the browser it runs in");
        std::fs::write(output_dir().join(format!("matrix-{}.json", kind.name())), serde_json::to_string_pretty(&report).unwrap()).unwrap();
        let rows = report["rows"].as_array().expect("rows");
        let mut md = format!(
            "# Matrix: {}\n\n{} of {} scenarios agree; {:.1} s, {:.0} probes/s.\n\n| scenario | predicted | observed | agreement |\n|---|---|---|---|\n",
            kind.name(), report["agree"], report["scenarios"], report["seconds"].as_f64().unwrap_or(0.0), report["probes_per_second"].as_f64().unwrap_or(0.0)
        );
        let mut mismatches = vec![];
        for r in rows {
            let m: Vec<&str> = r["mismatches"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
            let _ = writeln!(md, "| {} | {} | {} | {} |", r["name"].as_str().unwrap_or(""), r["predicted"], r["observed"], if m.is_empty() { "agree".to_string() } else { m.join(", ") });
            if !m.is_empty() {
                mismatches.push(format!("{}: {:?}\n   predicted {}\n   observed  {}", r["name"], m, r["predicted"], r["observed"]));
            }
        }
        std::fs::write(output_dir().join(format!("matrix-{}.md", kind.name())), md).unwrap();
        assert!(rows.len() >= 500, "only {} scenarios", rows.len());
        // The progress line counted every scenario as it finished.
        let progress = text_of(&c, "matrix-progress").await;
        assert!(progress.starts_with(&format!("{} / {} done", rows.len(), rows.len())), "{progress}");
        // Known, documented differences (rust-url's expected_failures.txt style):
        // the mismatches must be exactly the listed scenarios.
        let listed = known_differences(kind);
        let mismatched: std::collections::BTreeSet<String> = rows
            .iter()
            .filter(|r| r["mismatches"].as_array().is_some_and(|m| !m.is_empty()))
            .map(|r| r["name"].as_str().unwrap_or_default().to_string())
            .collect();
        let unexpected: Vec<&String> = mismatched.difference(&listed).collect();
        let now_agree: Vec<&String> = listed.difference(&mismatched).collect();
        assert!(
            unexpected.is_empty() && now_agree.is_empty(),
            "unexpected mismatches: {unexpected:#?}\nlisted but now agreeing: {now_agree:#?}\nall mismatches:\n{}",
            mismatches.join("\n")
        );
    })
    .await;
}

/// shared/scenarios/seed-examples.json, with its hosts mapped onto the lab's
/// origins, runs live through the Matrix page: the browser agrees with the
/// engine and does what each example's `expect` says.
async fn seed_in(kind: Kind) {
    let seed_path = repo().join("../shared/scenarios/seed-examples.json");
    let seed = std::fs::read_to_string(&seed_path).unwrap_or_else(|e| panic!("{}: {e}", seed_path.display()));
    let expected: Vec<(String, String)> = serde_json::from_str::<Vec<serde_json::Value>>(&seed)
        .expect("seed JSON")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_string(),
                s["expect"]["outcome"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let spec_only = listed("crates/engine/tests/seed-known-differences.txt");
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        paste_matrix_scenarios(&c, seed).await;
        let report = run_matrix_page(&c).await;
        std::fs::write(
            output_dir().join(format!("seed-live-{}.json", kind.name())),
            serde_json::to_string_pretty(&report).unwrap(),
        )
        .unwrap();
        let rows = report["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), expected.len());
        for (row, (name, outcome)) in rows.iter().zip(&expected) {
            assert_eq!(row["name"].as_str(), Some(name.as_str()));
            assert_eq!(row["mismatches"], serde_json::json!([]), "{name}: {row}");
            if spec_only.contains(name) {
                // Browsers still differ from the spec here (and the engine says so).
                assert_ne!(
                    row["observed"]["outcome"].as_str(),
                    Some(outcome.as_str()),
                    "{name} now follows the spec: {row}"
                );
            } else {
                assert_eq!(
                    row["observed"]["outcome"].as_str(),
                    Some(outcome.as_str()),
                    "{name}: {row}"
                );
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_examples_run_live_in_chromium() {
    seed_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_examples_run_live_in_firefox() {
    seed_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasted_scenarios_that_do_not_parse_get_a_message_and_stay() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        let bad = "[{\"page\": \"nope\", \"request\": {\"url\": \"https://b/\"}}]";
        fill(&c, "matrix-custom", bad).await;
        click(&c, "matrix-run").await;
        let message = text_of(&c, "matrix-error").await;
        assert!(message.contains("[0].page") && message.contains("line 1"), "{message}");
        let kept = c
            .find(Locator::Css("[data-testid=matrix-custom]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some(bad));
        assert!(
            c.find(Locator::Css("[data-testid=matrix-summary]")).await.is_err(),
            "nothing ran"
        );
        // One usable scenario beside the bad one: it runs, and the bad one is named.
        let mixed = format!(
            "[{{\"name\": \"usable\", \"page\": \"https://a.example\", \"request\": {{\"url\": \"https://b.example/\"}}}}, {}]",
            &bad[1..bad.len() - 1]
        );
        fill(&c, "matrix-custom", &mixed).await;
        let report = run_matrix_page(&c).await;
        assert_eq!(report["rows"].as_array().map(|r| r.len()), Some(1), "{report}");
        assert_eq!(report["rows"][0]["name"], "usable");
        let message = text_of(&c, "matrix-error").await;
        assert!(message.contains("scenario 1") && message.contains("[1].page"), "{message}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_examples_run_live_in_webkit() {
    seed_in(Kind::WebKit).await;
}
