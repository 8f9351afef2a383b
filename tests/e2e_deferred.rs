//! The deferred parts (#18, src/deferred.rs): the first view is the main wasm
//! module; every other part is in a wasm chunk fetched after it. Each part
//! loads and works in both browsers, and when a chunk cannot be loaded its
//! parts say so while the rest of the page keeps working (and loads them on
//! "Try again").

mod support;

use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::Duration;
use support::*;

/// The chunks (src/deferred.rs), as scripts/build-split-app.py names them.
const CHUNKS: [&str; 2] = ["history", "later"];

fn chunk_file(dist: &Path, part: &str) -> String {
    std::fs::read_dir(dist)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(&format!("split_{part}-")) && n.ends_with(".wasm"))
        .unwrap_or_else(|| panic!("no chunk for {part} in {}", dist.display()))
}

async fn present(c: &Client, testid: &str) -> bool {
    c.find_all(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .map(|v| !v.is_empty())
        .unwrap_or(false)
}

async fn parts_load_after_the_first_view(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let timing = c
            .execute(
                "const mark = performance.getEntriesByName('corscope-interactive', 'mark')[0].startTime;
                 const wasm = performance.getEntriesByType('resource')
                   .filter(r => r.name.endsWith('.wasm'))
                   .map(r => [r.name.split('/').pop(), r.startTime]);
                 return [mark, wasm];",
                vec![],
            )
            .await
            .expect("read the timing");
        let interactive = timing[0].as_f64().unwrap();
        let fetched: Vec<(String, f64)> = timing[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_f64().unwrap()))
            .collect();
        for chunk in CHUNKS {
            let file = chunk_file(&dist("dist"), chunk);
            let (_, start) = fetched
                .iter()
                .find(|(name, _)| *name == file)
                .unwrap_or_else(|| panic!("{file} was not fetched: {fetched:?}"));
            assert!(*start >= interactive, "{file} was fetched at {start} ms, before the first view ({interactive} ms)");
        }
        assert!(!present(&c, "part-failed").await && !present(&c, "part-loading").await);
        // Each part is there and works.
        for panel in [
            "lab-status",
            "lessons-panel",
            "console-panel",
            "share-panel",
            "history-panel",
            "origin-panel",
            "preflight-panel",
            "matrix-panel",
        ] {
            assert!(present(&c, panel).await, "{panel} is missing");
        }
        // A run, its result in the history (the answers typed as /open sends them).
        select(&c, "preset", "allow-all").await;
        set_request(&c, "GET", &format!("{target}/open?run=deferred-{}", kind.name()), &[]).await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
        click(&c, "lesson-link").await;
        wait_for_testid(&c, "lesson").await;
        paste_into(
            &c,
            "console-text",
            "Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        )
        .await;
        click(&c, "console-diagnose").await;
        click(&c, "console-load").await;
        wait_for_outcome(&c, "blocked", "the pasted message's scenario").await;
        // The prediction's deferred parts: the diagram, the console text and the fix.
        assert!(present(&c, "sequence-predicted").await, "the predicted diagram");
        let console = text_of(&c, "console-chromium").await;
        assert!(console.contains("has been blocked by CORS policy"), "{console}");
        let fix = text_of(&c, "fix").await;
        assert!(fix.contains("Access-Control-Allow-Origin"), "{fix}");
        assert!(present(&c, "apply-fix").await);
        // The fix's server configurations (their own chunk).
        c.wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("[data-testid=snippet]"))
            .await
            .expect("the server configurations");
        assert!(!present(&c, "part-failed").await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_part_loads_after_the_first_view_and_works_in_chromium() {
    parts_load_after_the_first_view(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_part_loads_after_the_first_view_and_works_in_firefox() {
    parts_load_after_the_first_view(Kind::Firefox).await;
}

/// A copy of the built page with one chunk gone (a failed download): the
/// copy, and where the chunk is kept and goes back to.
fn dist_without(chunk: &str, kind: Kind) -> (std::path::PathBuf, (std::path::PathBuf, std::path::PathBuf)) {
    let copy = std::env::temp_dir().join(format!(
        "corscope-deferred-{chunk}-{}-{}",
        kind.name(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(dist("dist")).unwrap().filter_map(Result::ok) {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let file = chunk_file(&copy, chunk);
    let kept = std::env::temp_dir().join(format!("{file}.{}-{}", kind.name(), std::process::id()));
    std::fs::rename(copy.join(&file), &kept).unwrap();
    for suffix in [".br", ".gz"] {
        let _ = std::fs::remove_file(copy.join(format!("{file}{suffix}")));
    }
    let restore = (kept, copy.join(&file));
    (copy, restore)
}

async fn a_missing_part_leaves_the_page_usable(kind: Kind) {
    let (copy, restore) = dist_without("later", kind);
    let lab = lab(&copy, "/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        // Each part of the missing chunk says so, once.
        for part in [
            "lab-bar",
            "lessons",
            "console-reader",
            "share",
            "reference",
            "matrix",
            "cookies",
        ] {
            let failed = c
                .find(Locator::Css(&format!("[data-testid=part-failed][data-part={part}]")))
                .await
                .unwrap_or_else(|_| panic!("{part} says it could not be loaded"));
            let text = failed.text().await.unwrap();
            assert!(
                text.contains("could not be loaded; the rest of the page works."),
                "{text}"
            );
        }
        for panel in [
            "lab-status",
            "lessons-panel",
            "console-panel",
            "share-panel",
            "origin-panel",
            "matrix-panel",
        ] {
            assert!(!present(&c, panel).await, "{panel} without its code?");
        }
        // The first view works, and a run's result shows (the history has its own chunk).
        assert!(present(&c, "history-panel").await);
        set_request(&c, "GET", &format!("{target}/closed?run=missing-{}", kind.name()), &[]).await;
        wait_for_outcome(&c, "blocked", "a request to /closed").await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("blocked", true), "{seen:?}");
        // The fix's server configurations are in the missing chunk too: the fix still shows.
        let fix = text_of(&c, "fix").await;
        assert!(fix.contains("Access-Control-Allow-Origin"), "{fix}");
        c.wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("[data-testid=part-failed][data-part=server-configs]"))
            .await
            .expect("the server configurations say they could not be loaded");
        // Back on the server, "Try again" loads it.
        std::fs::rename(&restore.0, &restore.1).unwrap();
        c.find(Locator::Css(
            "[data-testid=part-failed][data-part=matrix] [data-testid=part-retry]",
        ))
        .await
        .expect("a retry button")
        .click()
        .await
        .unwrap();
        for panel in [
            "matrix-panel",
            "lab-status",
            "lessons-panel",
            "console-panel",
            "share-panel",
            "origin-panel",
        ] {
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(&format!("[data-testid={panel}]")))
                .await
                .unwrap_or_else(|_| panic!("{panel} after trying again"));
        }
    })
    .await;
    let _ = std::fs::remove_dir_all(&copy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_cannot_be_loaded_says_so_and_the_page_works_in_chromium() {
    a_missing_part_leaves_the_page_usable(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_cannot_be_loaded_says_so_and_the_page_works_in_firefox() {
    a_missing_part_leaves_the_page_usable(Kind::Firefox).await;
}

/// The `history` chunk gone: the run history, a run's result, and the
/// prediction's diagram, console text and fix say so; the verdict and its
/// steps still show, a run is still sent; "Try again" brings them all back.
async fn a_missing_history_chunk_leaves_the_verdict(kind: Kind) {
    let (copy, restore) = dist_without("history", kind);
    let lab = lab(&copy, "/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    let journal = lab.journal.clone();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        set_request(
            &c,
            "GET",
            &format!("{target}/closed?run=no-history-{}", kind.name()),
            &[],
        )
        .await;
        wait_for_outcome(&c, "blocked", "a request to /closed").await;
        assert!(present(&c, "trace-step").await, "the verdict's steps");
        for part in ["history", "diagram", "details"] {
            c.wait()
                .at_most(Duration::from_secs(5))
                .for_element(Locator::Css(&format!("[data-testid=part-failed][data-part={part}]")))
                .await
                .unwrap_or_else(|_| panic!("{part} says it could not be loaded"));
        }
        assert!(!present(&c, "console-chromium").await && !present(&c, "sequence-predicted").await);
        // The run goes out; its result cannot be shown, and the page says so.
        click(&c, "run").await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let error = text_of(&c, "form-error").await;
            if error.contains("cannot be shown") {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "no word on the run: {error:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            !journal.run(&format!("no-history-{}", kind.name())).is_empty(),
            "the request reached the lab"
        );
        // Back on the server, "Try again" loads the history and the prediction's parts.
        std::fs::rename(&restore.0, &restore.1).unwrap();
        click(&c, "part-retry").await;
        for testid in ["history-panel", "sequence-predicted", "console-chromium", "fix"] {
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(&format!("[data-testid={testid}]")))
                .await
                .unwrap_or_else(|_| panic!("{testid} after trying again"));
        }
        assert!(!present(&c, "part-failed").await);
    })
    .await;
    let _ = std::fs::remove_dir_all(&copy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_history_chunk_leaves_the_verdict_in_chromium() {
    a_missing_history_chunk_leaves_the_verdict(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_history_chunk_leaves_the_verdict_in_firefox() {
    a_missing_history_chunk_leaves_the_verdict(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_loads_the_deferred_parts_after_the_first_view() {
    parts_load_after_the_first_view(Kind::WebKit).await;
}
