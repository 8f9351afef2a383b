//! Browser-side figures, measured in real headless browsers against the built
//! app (run `trunk build --release` first):
//! - time to interactive in Chromium: navigation start to the app's
//!   `corscope-interactive` mark, median of 20 cold loads (a fresh profile each);
//! - the engine's verdicts per second in wasm, in Chromium and Firefox.
//!
//! `cargo bench -p corscope --bench browser`

#[path = "../tests/support/mod.rs"]
mod support;

use fantoccini::Locator;
use std::time::Duration;
use support::*;

const LOADS: usize = 20;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let mut samples: Vec<(f64, f64, f64)> = vec![];
    for _ in 0..LOADS {
        let page = page.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        with_chromium(move |c| async move {
            open_app(&c, &format!("{page}/")).await;
            let v = c
                .execute(
                    "const m = performance.getEntriesByName('corscope-interactive')[0];
                     const s = performance.getEntriesByName('corscope-start')[0];
                     const w = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
                     return [m ? m.startTime : -1, w ? w.responseEnd : -1, s ? s.startTime : -1];",
                    vec![],
                )
                .await
                .expect("the mark");
            let n = |i: usize| v[i].as_f64().unwrap_or(-1.0);
            tx.send((n(0), n(1), n(2))).unwrap();
        })
        .await;
        samples.push(rx.recv().unwrap());
    }
    assert!(
        samples.iter().all(|s| s.0 >= 0.0),
        "the app set no corscope-interactive mark: {samples:?}"
    );
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        ((v[LOADS / 2 - 1] + v[LOADS / 2]) / 2.0, v[0], v[LOADS - 1])
    };
    let (tti, min, max) = median(samples.iter().map(|s| s.0).collect());
    let (wasm, _, _) = median(samples.iter().map(|s| s.1).collect());
    let (started, _, _) = median(samples.iter().map(|s| s.2).collect());
    let (render, _, _) = median(samples.iter().map(|s| s.0 - s.2).collect());
    println!(
        "time to interactive (Chromium, {LOADS} cold loads): median {tti:.0} ms, min {min:.0} ms, max {max:.0} ms; medians: the wasm has arrived at {wasm:.0} ms, it starts running at {started:.0} ms, the first render takes {render:.0} ms"
    );
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
