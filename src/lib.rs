//! corscope's single-page app: build a request, run it for real from the
//! page's own origin, and see the engine's explanation beside what the
//! browser did.

pub mod components;
pub mod compress;
pub mod deferred;
pub mod net;
pub mod state;

use components::{prediction::Prediction, request_builder::RequestBuilder, server_editor::ServerEditor};
use deferred::{Deferred, Part, Parts, PART_COUNT};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shows a panic as a visible error panel instead of leaving a dead page.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let (Ok(panel), Some(body)) = (document.create_element("div"), document.body()) {
            panel.set_class_name("panic-panel");
            let _ = panel.set_attribute("role", "alert");
            let _ = panel.set_attribute("data-testid", "panic-panel");
            panel.set_text_content(Some(&format!(
                "corscope hit an internal error and stopped: {info}. Reload the page; your run history is kept."
            )));
            let _ = body.prepend_with_node_1(&panel);
        }
    }));
}

/// The engine parses URLs with this browser's own WHATWG `URL` (so the wasm
/// carries no URL parser and no IDNA tables); call before anything else.
pub fn install_url_parser() {
    corscope_engine::install_url_parser(browser_url);
}

fn browser_url(input: &str, base: Option<&str>) -> Result<corscope_engine::UrlParts, String> {
    let url = match base {
        Some(base) => web_sys::Url::new_with_base(input, base),
        None => web_sys::Url::new(input),
    }
    .map_err(|_| {
        // The url crate's words where the cause is plain; the browser's message
        // names only "Invalid URL".
        let scheme = input.split_once(':').map(|(s, _)| s).unwrap_or_default();
        let has_scheme = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if base.is_none() && !has_scheme {
            "relative URL without a base".to_string()
        } else {
            "this browser's URL parser refuses it".to_string()
        }
    })?;
    let port = url.port();
    Ok(corscope_engine::UrlParts {
        href: url.href(),
        scheme: url.protocol().trim_end_matches(':').to_string(),
        username: url.username(),
        password: url.password(),
        host: url.hostname(),
        port: port.parse().ok(),
        path: url.pathname(),
        query: url.search().strip_prefix('?').map(String::from),
    })
}

/// A `performance.mark` for the benchmarks (benches/browser.rs):
/// `corscope-start` when the wasm starts, `corscope-interactive` once the first
/// view is usable, `corscope-complete` once every deferred part has loaded (or failed).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Benchmark hook (`#bench-engine`): decides the generated matrix repeatedly
/// in this browser's wasm and writes verdicts per second to
/// `data-engine-bench` on `<body>`.
pub(crate) fn bench_engine() {
    let Some(window) = web_sys::window() else { return };
    let Some(perf) = window.performance() else { return };
    let scenarios = corscope_engine::lab::matrix::generate(
        "http://localhost:8080",
        "http://localhost:8081",
        "http://127.0.0.1:8081",
        None,
    );
    let start = perf.now();
    let mut n = 0u32;
    while perf.now() - start < 2000.0 {
        for s in &scenarios {
            let _ = corscope_engine::decide(s, corscope_engine::Browser::Chromium);
            n += 1;
        }
    }
    let per_second = f64::from(n) / ((perf.now() - start) / 1000.0);
    let explained_start = perf.now();
    for s in &scenarios {
        let _ = corscope_engine::explain(s, corscope_engine::Browser::Chromium);
    }
    let explained = scenarios.len() as f64 / ((perf.now() - explained_start) / 1000.0);
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-engine-bench", &format!("{per_second:.0}"));
        let _ = body.set_attribute("data-engine-bench-explain", &format!("{explained:.0}"));
    }
}

/// Marks `corscope-complete` once every deferred part has settled (loaded or failed).
#[component]
fn Complete() -> impl IntoView {
    Effect::new(|_| mark("corscope-complete"));
    view! { <div data-testid="app-complete" hidden></div> }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let inspector = state::provide_inspector();
    let parts = Parts {
        first_view_painted: RwSignal::new(false),
        settled: RwSignal::new(0),
        retry: RwSignal::new(0),
    };
    provide_context(parts);
    deferred::open_permalink_at_start(inspector, parts);
    // The deferred parts' chunks are fetched once the first view is painted.
    leptos::prelude::request_animation_frame(move || parts.first_view_painted.set(true));
    let complete = move || parts.settled.get() >= PART_COUNT;
    // Test hook: `#panic-test` makes the app panic once mounted, so the end-to-end
    // tests can check that a panic shows the error panel instead of a dead page.
    if web_sys::window().and_then(|w| w.location().hash().ok()).as_deref() == Some("#panic-test") {
        spawn_local(async { panic!("a deliberate panic requested by #panic-test") });
    }
    if web_sys::window().and_then(|w| w.location().hash().ok()).as_deref() == Some("#bench-engine") {
        deferred::bench_engine_at_start();
    }
    // The header and the sections' links are static HTML in index.html
    // (painted before the wasm arrives, and no code in it).
    view! {
        <main data-testid="app-ready">
            <Deferred part=Part::LabBar />
            {move || inspector.notice.get().map(|n| view! {
                <p class="error notice" role="alert" data-testid="notice">{n}
                    " "<button class="secondary" on:click=move |_| inspector.notice.set(None)>"Dismiss"</button></p>
            })}
            // The first view is the request, the server answers and the
            // prediction; every other part is a wasm chunk fetched once the
            // first view is on the page (deferred.rs).
            <Deferred part=Part::Lessons />
            <div class="columns">
                <div class="column">
                    <Deferred part=Part::ConsoleReader />
                    <RequestBuilder />
                    <ServerEditor />
                    <Deferred part=Part::Cookies />
                </div>
                <div class="column">
                    <Prediction />
                    <Deferred part=Part::Share />
                    <Deferred part=Part::History />
                </div>
            </div>
            <Deferred part=Part::Reference />
            <Deferred part=Part::Matrix />
            <Show when=complete>
                <Complete />
            </Show>
        </main>
    }
}
