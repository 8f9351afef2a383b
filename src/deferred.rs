//! The parts of the page that load after the first view (#18). Each
//! `#[wasm_split(chunk, …)]` function below is a split point: the build
//! (scripts/build-split-app.py) moves the code only they reach — the panels,
//! and the engine's parts only they use — into that chunk's wasm module,
//! fetched once the first view is painted. The request, the server answers
//! and the prediction's verdict and steps stay in the main module.
//!
//! Two chunks: `history` (the prediction's diagram, console text and fix; the
//! runs' results; the stored history's reader and writer) and `later`
//! (everything else). All load at once after the first view, so more chunks
//! would only compress worse; `history` is apart so that the prediction's
//! details and a run's result still show if `later` cannot be loaded. A chunk
//! that cannot be loaded leaves a message and a retry button in each of its
//! parts; the rest keeps working.

use crate::components::{
    console_paste::ConsolePaste, history::RunHistory, lab_bar::LabBar, lessons::LessonsPanel, matrix::MatrixPanel,
    origin_table::OriginTable, preflight_table::PreflightTable, share::SharePanel,
};
use crate::state::Inspector;
use corscope_engine::{Browser, Decision, Scenario};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

/// A deferred part's code could not be loaded (the network, a missing file).
#[derive(Debug)]
pub struct Unloaded;

impl From<SplitLoaderError> for Unloaded {
    fn from(_: SplitLoaderError) -> Unloaded {
        Unloaded
    }
}

/// The Lab bar, and finding or pairing the lab at start (its lab.json and
/// pairing readers are not in the first view).
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn lab_bar() -> Result<AnyView, Unloaded> {
    crate::components::lab_bar::connect_at_start(crate::state::expect_inspector());
    Ok(view! { <LabBar /> }.into_any())
}

#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn lessons() -> Result<AnyView, Unloaded> {
    Ok(view! { <LessonsPanel /> }.into_any())
}

#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn console_reader() -> Result<AnyView, Unloaded> {
    Ok(view! { <ConsolePaste /> }.into_any())
}

#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn share() -> Result<AnyView, Unloaded> {
    Ok(view! { <SharePanel /> }.into_any())
}

/// Opens the scenario a permalink in the address carries (the permalink
/// reader lives with sharing).
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn open_permalink(inspector: Inspector) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, Unloaded> {
    Ok(Box::pin(crate::components::share::open_permalink(inspector)))
}

/// The rest of a run after its `fetch()` (the journal, the lab's probe, the
/// record): with the history, where its result shows.
#[wasm_split(history, wasm_split_path = ::leptos::wasm_split, fallible)]
fn record_run(
    done: crate::components::request_builder::RunDone,
) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, Unloaded> {
    Ok(Box::pin(crate::components::request_builder::complete_run(done)))
}

/// Completes and records a run once the history's code is there.
pub async fn finish_run(done: crate::components::request_builder::RunDone) -> Result<(), Unloaded> {
    record_run(done).await?.await;
    Ok(())
}

/// The predicted exchange as a sequence diagram (with the run history, which
/// draws the recorded ones).
#[wasm_split(history, wasm_split_path = ::leptos::wasm_split, fallible)]
fn predicted_diagram(scenario: Scenario, decision: std::sync::Arc<Decision>) -> Result<AnyView, Unloaded> {
    use crate::components::sequence::SequenceDiagram;
    let sequence = corscope_engine::explain::sequence::predicted(&scenario, &decision);
    Ok(view! { <SequenceDiagram sequence=sequence testid="sequence-predicted" title="The exchange, as the engine predicts it" /> }
        .into_any())
}

/// The predicted sequence diagram, once its code is there.
#[component]
pub fn PredictedDiagram(scenario: Scenario, decision: std::sync::Arc<Decision>) -> impl IntoView {
    from_chunk("diagram", "the diagram", move || {
        predicted_diagram(scenario.clone(), decision.clone())
    })
}

/// Each browser's console text and the fix for the current scenario, and the
/// button that applies the fix (with the run history, which shows the same
/// for each run).
#[wasm_split(history, wasm_split_path = ::leptos::wasm_split, fallible)]
fn predicted_details(
    scenario: Scenario,
    decision: std::sync::Arc<Decision>,
    browser: Browser,
) -> Result<AnyView, Unloaded> {
    use crate::components::prediction::Details;
    let mut decision = (*decision).clone();
    corscope_engine::explain_further(&scenario, browser, &mut decision);
    let changes = decision.fix.as_ref().map(|f| f.server.clone()).unwrap_or_default();
    let apply = (!changes.is_empty()).then(|| {
        let fixed = corscope_engine::apply_fix(&scenario, &changes);
        let inspector = crate::state::expect_inspector();
        view! {
            <button class="secondary" data-testid="apply-fix"
                on:click=move |_| inspector.load_server(&fixed.server)>"Apply the fix to the server answers"</button>
        }
    });
    Ok(view! { <Details decision=decision scenario=scenario />{apply} }.into_any())
}

/// The console text and the fix of the current scenario, once their code is there.
#[component]
pub fn PredictedDetails(scenario: Scenario, decision: std::sync::Arc<Decision>, browser: Browser) -> impl IntoView {
    from_chunk("details", "the console text and the fix", move || {
        predicted_details(scenario.clone(), decision.clone(), browser)
    })
}

/// A view made by a chunk's code: a line while the code loads (fetched only
/// once the first view is painted), then the view, or the failure line with
/// "Try again" (every retry makes it again).
fn from_chunk<F, Fut>(name: &'static str, what: &'static str, make: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<AnyView, Unloaded>> + Send + 'static,
{
    let parts = expect_context::<Parts>();
    view! {
        <Suspense fallback=move || loading(name, what)>
            {move || {
                parts.retry.track();
                let painted = parts.first_view_painted.get();
                let made = make();
                Suspend::new(async move {
                    after_first_view(painted).await;
                    made.await.unwrap_or_else(|Unloaded| failed_view(name, what, parts))
                })
            }}
        </Suspense>
    }
}

/// Live: the scenario's page and hosts mapped onto the lab's origins; one
/// that sends to its own page runs from the lab's same-origin page `frame`.
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn map_onto_lab(
    scenario: Scenario,
    page: String,
    lab_origins: Vec<String>,
    frame: Option<String>,
) -> Result<Scenario, Unloaded> {
    Ok(corscope_engine::lab::matrix::map_onto_lab_live(
        &scenario,
        &page,
        &lab_origins,
        frame.as_deref(),
    ))
}

/// A request to the lab's same-origin page's origin, run from that page (a
/// split function cannot be `async`: it hands back the run's future).
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn run_in_frame(
    request: corscope_engine::RequestSpec,
    url: String,
    frame: String,
) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = crate::net::probe::Observed>>>, Unloaded> {
    Ok(Box::pin(
        async move { crate::net::frame::run(&request, &url, &frame).await },
    ))
}

/// The history panel, and the reader of the stored history (the first view
/// only adds runs to it).
#[wasm_split(history, wasm_split_path = ::leptos::wasm_split, fallible)]
fn history() -> Result<AnyView, Unloaded> {
    crate::state::load_stored_history(&crate::state::expect_inspector());
    // A run's record names the browser's full version (Chromium's, once asked).
    leptos::task::spawn_local(crate::components::share::learn_full_version());
    Ok(view! { <RunHistory /> }.into_any())
}

/// Fetches and installs the Public Suffix List once (same-site needs it).
fn load_public_suffix_list(inspector: Inspector) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static FETCHING: AtomicBool = AtomicBool::new(false);
    if !inspector.psl_ready.get_untracked() && !FETCHING.swap(true, Ordering::Relaxed) {
        leptos::task::spawn_local(async move {
            match crate::net::load_public_suffix_list().await {
                Ok(()) => inspector.psl_ready.set(true),
                Err(e) => web_sys::console::warn_1(&e.into()),
            }
        });
    }
}

/// The reference tables, and the Public Suffix List that their same-site
/// verdicts need (its fetch and parser are not in the first view).
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reference() -> Result<AnyView, Unloaded> {
    load_public_suffix_list(crate::state::expect_inspector());
    Ok(view! { <OriginTable /><PreflightTable /> }.into_any())
}

/// The cookies the browser holds, and the engine's cookie layer with the
/// Public Suffix List it needs (none of it in the first view).
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn cookies() -> Result<AnyView, Unloaded> {
    let inspector = crate::state::expect_inspector();
    corscope_engine::install_cookies();
    load_public_suffix_list(inspector);
    Effect::new(move |_| {
        if inspector.psl_ready.get() {
            inspector.cookies_ready.set(true);
        }
    });
    Ok(view! { <crate::components::cookies::CookiesPanel /> }.into_any())
}

#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn matrix() -> Result<AnyView, Unloaded> {
    Ok(view! { <MatrixPanel /> }.into_any())
}

/// The `#bench-engine` hook (it decides the generated matrix), with the Matrix.
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn bench_engine() -> Result<(), Unloaded> {
    crate::bench_engine();
    Ok(())
}

/// Runs the engine benchmark once its code is there.
pub fn bench_engine_at_start() {
    leptos::task::spawn_local(async {
        let _ = bench_engine().await;
    });
}

/// The nine servers' configurations for a fix, each re-checked by the engine.
#[wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn server_configs(scenario: Scenario, decision: Decision) -> Result<AnyView, Unloaded> {
    use crate::components::prediction::risk_items;
    let Some(all) = corscope_engine::explain::server_config::for_decision(&scenario, &decision) else {
        return Ok(().into_any());
    };
    let header_risks = risk_items(&all.risks);
    let servers = all
        .servers
        .into_iter()
        .map(|f| {
            let ok = f.rechecked == corscope_engine::Outcome::Allowed;
            let badge = if ok { "re-checked: allowed".to_string() } else { format!("re-checked: {}", f.rechecked) };
            let risks = risk_items(&f.risks);
            view! {
                <details data-testid="snippet" data-server=f.server.name() data-rechecked=f.rechecked.to_string()>
                    <summary>{f.name}" "<span class=if ok { "badge agree" } else { "badge disagree" }>{badge}</span></summary>
                    <pre>{f.config}</pre>
                    <ul class="risks">{risks}</ul>
                </details>
            }
        })
        .collect_view();
    Ok(view! { <ul class="risks">{header_risks}</ul>{servers} }.into_any())
}

/// The server configurations of a fix, once their code is there.
#[component]
pub fn ServerConfigs(scenario: Scenario, decision: Decision) -> impl IntoView {
    from_chunk("server-configs", "the server configurations", move || {
        server_configs(scenario.clone(), decision.clone())
    })
}

/// How many deferred parts the page has, and how many have settled (loaded
/// or failed): `corscope-complete` is marked when all have.
#[derive(Clone, Copy)]
pub struct Parts {
    /// The first view has been painted: the chunks are fetched from then on.
    pub first_view_painted: RwSignal<bool>,
    pub settled: RwSignal<usize>,
    /// Bumped by any "Try again": every part that failed tries again (parts
    /// share a chunk).
    pub retry: RwSignal<u32>,
}

/// The eight parts and the permalink opened at start.
pub const PART_COUNT: usize = 9;

/// The deferred parts, by name (as `data-part` says).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    LabBar,
    Lessons,
    ConsoleReader,
    Share,
    History,
    Reference,
    Matrix,
    Cookies,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::LabBar => "lab-bar",
            Part::Lessons => "lessons",
            Part::ConsoleReader => "console-reader",
            Part::Share => "share",
            Part::History => "history",
            Part::Reference => "reference",
            Part::Matrix => "matrix",
            Part::Cookies => "cookies",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Part::LabBar => "the Lab bar",
            Part::Lessons => "the lessons",
            Part::ConsoleReader => "the console reader and imports",
            Part::Share => "sharing",
            Part::History => "the run history",
            Part::Reference => "the reference tables",
            Part::Matrix => "the Matrix",
            Part::Cookies => "the cookies",
        }
    }

    async fn load(self) -> Result<AnyView, Unloaded> {
        match self {
            Part::LabBar => lab_bar().await,
            Part::Lessons => lessons().await,
            Part::ConsoleReader => console_reader().await,
            Part::Share => share().await,
            Part::History => history().await,
            Part::Reference => reference().await,
            Part::Matrix => matrix().await,
            Part::Cookies => cookies().await,
        }
    }
}

/// Opens a permalink in the address once sharing's code is there; says so if
/// it cannot be loaded. Settles as a part once the link is open (or there is none).
pub fn open_permalink_at_start(inspector: Inspector, parts: Parts) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.is_empty() || hash == "#panic-test" || hash == "#bench-engine" || hash.starts_with("#lesson=") {
        parts.settled.update(|n| *n += 1);
        return;
    }
    leptos::task::spawn_local(async move {
        match open_permalink(inspector).await {
            Ok(opening) => opening.await,
            Err(Unloaded) => inspector.notice.set(Some(
                "This link could not be opened: the permalink reader could not be loaded. Reload to try again.".into(),
            )),
        }
        parts.settled.update(|n| *n += 1);
    });
}

/// One deferred part: a line while its code loads, then the part, or a
/// message with a retry button if the code cannot be loaded.
#[component]
pub fn Deferred(part: Part) -> impl IntoView {
    let parts = expect_context::<Parts>();
    let attempt = RwSignal::new(0u32);
    let failed = StoredValue::new(false);
    let counted = StoredValue::new(false);
    Effect::new(move |seen: Option<u32>| {
        let retry = parts.retry.get();
        if seen.is_some_and(|s| s != retry) && failed.get_value() {
            attempt.update(|n| *n += 1);
        }
        retry
    });
    view! {
        <Suspense fallback=move || loading(part.name(), part.what())>
            {move || {
                attempt.track();
                let painted = parts.first_view_painted.get();
                Suspend::new(async move {
                    after_first_view(painted).await;
                    let loaded = part.load().await;
                    failed.set_value(loaded.is_err());
                    if !counted.get_value() {
                        counted.set_value(true);
                        parts.settled.update(|n| *n += 1);
                    }
                    loaded.unwrap_or_else(|Unloaded| failed_view(part.name(), part.what(), parts))
                })
            }}
        </Suspense>
    }
}

/// Stays pending until the first view is on screen: no chunk is fetched
/// before it is (the caller tracks `first_view_painted` and runs again).
async fn after_first_view(painted: bool) {
    if !painted {
        std::future::pending::<()>().await;
    }
}

/// The line a part shows while its code loads.
fn loading(name: &'static str, what: &'static str) -> AnyView {
    view! { <p class="muted part-loading" data-testid="part-loading" data-part=name>{format!("Loading {what}…")}</p> }
        .into_any()
}

/// What a part whose code could not be loaded shows: "Try again" loads every
/// failed part again (parts share a chunk).
fn failed_view(name: &'static str, what: &'static str, parts: Parts) -> AnyView {
    view! {
        <p class="error" role="alert" data-testid="part-failed" data-part=name>
            {format!("{} could not be loaded; the rest of the page works. ", capitalized(what))}
            <button class="secondary" data-testid="part-retry" on:click=move |_| parts.retry.update(|n| *n += 1)>"Try again"</button>
        </p>
    }
    .into_any()
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
