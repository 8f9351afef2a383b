//! Browser-side figures, measured in real headless browsers against the built
//! app (run `trunk build --release` first; `scripts/page-weight.sh` also builds
//! the benchmark pages):
//! - time to interactive in Chromium: navigation start to the app's
//!   `corscope-interactive` mark, median of 20 cold loads (a fresh profile each),
//!   for the app and for three floors beside it: a page with no wasm, a
//!   one-button Leptos app (benches/pages);
//! - the engine's verdicts per second in wasm, in Chromium and Firefox.
//!
//! `cargo bench -p corscope --bench browser`

#[path = "../tests/support/mod.rs"]
mod support;

use fantoccini::{Client, Locator};
use std::time::Duration;
use support::*;

const LOADS: usize = 20;

/// One cold load: (interactive mark, the main wasm's responseEnd, start mark, HTML
/// responseEnd, complete mark or -1), in ms from navigation start.
async fn load_once(c: &Client, url: &str) -> (f64, f64, f64, f64, f64) {
    c.goto(url).await.expect("navigate");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let v = c
            .execute(
                "const m = performance.getEntriesByName('corscope-interactive')[0];
                 const s = performance.getEntriesByName('corscope-start')[0];
                 const w = performance.getEntriesByType('resource').find(r => r.name.endsWith('_bg.wasm'));
                 const h = performance.getEntriesByType('navigation')[0];
                 const all = performance.getEntriesByName('corscope-complete')[0];
                 // corscope itself (not the benchmark pages) also marks when every deferred part has loaded.
                 if (!all && document.title.startsWith('corscope —')) return null;
                 return m ? [m.startTime, w ? w.responseEnd : -1, s ? s.startTime : -1, h ? h.responseEnd : -1, all ? all.startTime : -1] : null;",
                vec![],
            )
            .await
            .expect("read the marks");
        if let Some(a) = v.as_array() {
            let n = |i: usize| a[i].as_f64().unwrap_or(-1.0);
            return (n(0), n(1), n(2), n(3), n(4));
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} set no corscope-interactive mark"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Median, min and max.
fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    ((v[n / 2 - 1] + v[n / 2]) / 2.0, v[0], v[n - 1])
}

/// Prints the median, min and max of the interactive mark, with the wasm's parts.
fn report(title: &str, how: &str, samples: &[(f64, f64, f64, f64, f64)]) {
    let (tti, min, max) = stats(samples.iter().map(|s| s.0).collect());
    let (html, _, _) = stats(samples.iter().map(|s| s.3).collect());
    let (wasm, _, _) = stats(samples.iter().map(|s| s.1).collect());
    let (started, _, _) = stats(samples.iter().map(|s| s.2).collect());
    let (render, _, _) = stats(samples.iter().map(|s| s.0 - s.2).collect());
    let (complete, _, _) = stats(samples.iter().map(|s| s.4).collect());
    let (later, _, later_max) = stats(samples.iter().map(|s| s.4 - s.0).collect());
    let complete = if complete < 0.0 {
        String::new()
    } else {
        format!("; every deferred part loaded and on the page (corscope-complete): median {complete:.0} ms, {later:.0} ms after interactive (max {later_max:.0})")
    };
    let parts = if wasm < 0.0 {
        format!("; median: the HTML has arrived at {html:.0} ms")
    } else {
        format!("; medians: the HTML has arrived at {html:.0} ms, the wasm at {wasm:.0} ms, it starts running at {started:.0} ms, the first render takes {render:.0} ms")
    };
    println!("time to interactive, {title} (Chromium, {LOADS} cold loads, {how}): median {tti:.0} ms, min {min:.0} ms, max {max:.0} ms{parts}{complete}");
}

/// Time to interactive of the page served from `dir`, over [`LOADS`] cold
/// loads, two ways: a fresh browser and profile for every load; and one
/// running browser (warmed up on another origin) that loads the page each
/// time from a new lab on new ports, so nothing of it is in any cache.
async fn time_to_interactive(title: &str, dir: &std::path::Path) {
    let served = lab(dir, "/").await;
    let url = format!("{}/", served.page_origin());
    let mut samples = vec![];
    for _ in 0..LOADS {
        let url = url.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        with_chromium(move |c| async move { tx.send(load_once(&c, &url).await).unwrap() }).await;
        samples.push(rx.recv().unwrap());
    }
    report(title, "a fresh browser each", &samples);
    let dir = dir.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    with_chromium(move |c| async move {
        let warm = lab(&dir, "/").await;
        load_once(&c, &format!("{}/", warm.page_origin())).await;
        for _ in 0..LOADS {
            let fresh = lab(&dir, "/").await;
            c.goto("about:blank").await.expect("about:blank");
            tx.send(load_once(&c, &format!("{}/", fresh.page_origin())).await)
                .unwrap();
        }
    })
    .await;
    let samples: Vec<_> = rx.try_iter().collect();
    report(title, "one running browser, empty cache", &samples);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench --bench browser -- NAME` measures only the page NAME
    // (plain, floor or app) and stops.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let app = dist("dist");
    let built = repo().join("target/bench-pages");
    let pages = [
        ("plain", "a page with no wasm", repo().join("benches/pages/plain")),
        ("floor", "a one-button Leptos app", built.join("floor")),
        ("app", "corscope", app.clone()),
    ];
    if let Some(unknown) = only.iter().find(|o| !pages.iter().any(|(n, _, _)| n == o)) {
        eprintln!("unknown page {unknown:?}: the pages are plain, floor and app");
        std::process::exit(2);
    }
    for (_, title, dir) in pages
        .iter()
        .filter(|(n, _, _)| only.is_empty() || only.iter().any(|o| o == n))
    {
        if dir.join("index.html").exists() {
            time_to_interactive(title, dir).await;
        } else {
            println!("({title}: not built; ./scripts/page-weight.sh builds it)");
        }
    }
    if !only.is_empty() {
        return;
    }
    let lab = lab(&app, "/").await;
    let page = lab.page_origin();
    for kind in [Kind::Chromium, Kind::Firefox] {
        let page = page.clone();
        with_browser(kind, move |c| async move {
            open_app(&c, &format!("{page}/#bench-engine")).await;
            let body = c.find(Locator::Css("body")).await.unwrap();
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            loop {
                if let (Some(d), Some(e)) = (
                    body.attr("data-engine-bench").await.unwrap(),
                    body.attr("data-engine-bench-explain").await.unwrap(),
                ) {
                    println!(
                        "engine in wasm ({}): {d} decisions/s, {e} explanations/s (the 756-scenario matrix)",
                        kind.name()
                    );
                    break;
                }
                assert!(std::time::Instant::now() < deadline, "no engine figure");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
        .await;
    }
}
