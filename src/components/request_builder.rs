//! The request builder: URL, method, header rows, body, mode, credentials,
//! redirect, the (what-if) page origin, and the Run button.

use crate::net::probe;
use crate::state::{expect_inspector, push_history, HeaderRow, RunRecord};
use corscope_engine::lab::{self, SCENARIO_PATH};
use corscope_engine::{CredentialsMode, RedirectMode, RequestMode, Scenario};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a run's `fetch()` gave, to be completed and recorded by [`complete_run`].
pub struct RunDone {
    pub inspector: crate::state::Inspector,
    pub id: String,
    pub scenario: Scenario,
    pub result: probe::ProbeResult,
    pub predicted: corscope_engine::Outcome,
    pub source: Option<Scenario>,
    pub journal_url: Option<String>,
    pub prober: Option<String>,
    pub repeat: bool,
    pub browser: corscope_engine::Browser,
}

/// Completes a run after its `fetch()`: what the lab's journal saw, the real
/// answers of a server that is not the lab (the lab's probe), Local Network
/// Access, then the record in the history. Deferred with the history
/// (deferred.rs): the first view only sends the request.
pub async fn complete_run(done: RunDone) {
    let RunDone {
        inspector,
        id,
        scenario,
        result,
        predicted,
        source,
        journal_url,
        prober,
        repeat,
        browser,
    } = done;
    let exchange = match journal_url.as_deref() {
        Some(u) => read_journal(u).await,
        None => None,
    };
    let journal = exchange.as_ref().map(|entries| {
        entries
            .iter()
            .map(|e| {
                crate::state::wire_line(
                    &e.method,
                    e.header("origin"),
                    e.header("access-control-request-method"),
                    e.header("access-control-request-headers"),
                )
            })
            .collect()
    });
    // Another server than the lab: the lab asks it the same, and the
    // run is explained with what it really answered.
    let (mut scenario, mut predicted, mut source, mut probed) = (scenario, predicted, source, None);
    if let Some(lab) = prober.filter(|_| journal_url.is_none()) {
        let ask = lab::ProbeAsk {
            page: scenario.page.clone(),
            request: scenario.request.clone(),
            browser: browser.to_string(),
        };
        let answer = match crate::net::probe_at_lab(&lab, &ask).await {
            Ok(p) => p,
            Err(e) => lab::Probed {
                scenario: None,
                exchanges: vec![],
                error: Some(e),
            },
        };
        if let Some(real) = &answer.scenario {
            let mut real = real.clone();
            real.name = format!("{} (the real answers)", scenario.request.url);
            real.network = scenario.network.clone();
            predicted = corscope_engine::verdict(&real, browser).outcome;
            source = Some(std::mem::replace(&mut scenario, real));
        }
        probed = Some(answer);
    }
    // A refusal to reach loopback or the local network may be Local Network Access, not CORS.
    let mut note = None;
    let private_target = corscope_engine::space_of_url(&scenario.request.url)
        .is_some_and(|s| s != corscope_engine::AddressSpace::Public);
    if private_target && matches!(result.observed, crate::net::probe::Observed::Rejected { .. }) {
        if let Some(state @ ("denied" | "prompt")) = crate::net::loopback_permission().await.as_deref() {
            inspector.lna_denied.set(state == "denied");
            note = Some(format!(
                "Local Network Access, not CORS: the browser's permission for this page to reach apps on this device is '{state}', so the request was refused before it was sent. Allow it ({}) and run again.",
                crate::components::lab_bar::HOW_TO_ALLOW_LNA
            ));
            scenario.network.permission = corscope_engine::Permission::Denied;
            predicted = corscope_engine::verdict(&scenario, browser).outcome;
        }
    }
    let agree = result.observed.page_saw().agrees_with(predicted);
    push_history(
        &inspector,
        RunRecord {
            id,
            scenario,
            result,
            predicted,
            agree,
            journal,
            exchange,
            repeat,
            source,
            browser: Some(crate::components::share::browser_version()),
            probed,
            note,
        },
    );
}

pub fn run_id() -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("r{n:x}")
}

/// The URL to fetch: a lab scenario URL gets the scenario's answers and a run id.
fn fetch_url(scenario: &Scenario, lab_origins: &[String], run: &str) -> String {
    let url = &scenario.request.url;
    match lab::scenario_endpoint_origin(url) {
        Some(origin) if lab_origins.contains(&origin) => lab_run_url(scenario, run),
        _ => url.to_string(),
    }
}

/// The lab URL that runs a scenario already mapped onto the lab: its first URL
/// with the run id and the whole `server` part (one hop or a chain).
pub fn lab_run_url(mapped: &Scenario, run: &str) -> String {
    lab::run_url(&mapped.request.url, &mapped.server, run)
}

/// What the lab received for one run: each request's method, URL, host and
/// its CORS request headers (no other values: cookies and credentials stay out
/// of the page's storage).
async fn read_journal(url: &str) -> Option<Vec<lab::JournalEntry>> {
    let entries = crate::net::journal(url).await?;
    Some(
        entries
            .into_iter()
            .map(|mut e| {
                e.headers.retain(|(n, _)| {
                    matches!(
                        n.to_ascii_lowercase().as_str(),
                        "origin" | "access-control-request-method" | "access-control-request-headers"
                    )
                });
                e
            })
            .collect(),
    )
}

/// A labelled select over a fixed set of enum values, bound to a signal;
/// `name` gives each value's option text (the Fetch Standard's word for it).
#[component]
fn ChoiceSelect<T>(
    id: &'static str,
    label: &'static str,
    choice: RwSignal<T>,
    options: &'static [T],
    name: fn(&T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let pick = move |ev| {
        let value = event_target_value(&ev);
        if let Some(t) = options.iter().find(|t| name(t) == value) {
            choice.set(*t);
        }
    };
    view! {
        <div class="row">
            <label for=id>{label}</label>
            <select id=id data-testid=id prop:value=move || name(&choice.get()) on:change=pick>
                {options.iter().map(|t| view! { <option value=name(t)>{name(t)}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn HeaderRowView(row: HeaderRow) -> impl IntoView {
    let inspector = expect_inspector();
    let id = row.id;
    let update = move |name: Option<String>, value: Option<String>| {
        inspector.headers.update(|rows| {
            if let Some(r) = rows.iter_mut().find(|r| r.id == id) {
                if let Some(n) = name {
                    r.name = n;
                }
                if let Some(v) = value {
                    r.value = v;
                }
            }
        })
    };
    view! {
        <div class="header-row" data-testid="header-row">
            <input aria-label="Header name" data-testid="header-name" placeholder="Name" prop:value=row.name
                on:input=move |ev| update(Some(event_target_value(&ev)), None) />
            <input aria-label="Header value" data-testid="header-value" placeholder="value" prop:value=row.value
                on:input=move |ev| update(None, Some(event_target_value(&ev))) />
            <button class="secondary" data-testid="header-remove" aria-label="Remove this header"
                on:click=move |_| inspector.headers.update(|rows| rows.retain(|r| r.id != id))>"×"</button>
        </div>
    }
}

#[component]
pub fn RequestBuilder() -> impl IntoView {
    let inspector = expect_inspector();
    let (running, set_running) = signal(false);
    let (error, set_error) = signal::<Option<String>>(None);
    let (repeat, set_repeat) = signal(false);

    let run = move |_| {
        let scenario = match inspector.scenario.get_untracked() {
            Ok(s) => s,
            Err(e) => {
                set_error.set(Some(format!("Cannot run yet: {e}")));
                return;
            }
        };
        let lab_origins = inspector.lab_origins.get_untracked();
        let lab_live = inspector.lab_live.get_untracked();
        if lab_live && lab_origins.is_empty() {
            set_error.set(Some(
                "Live needs the lab: start corscope with ./scripts/start.sh (this page was not served by a lab)."
                    .into(),
            ));
            return;
        }
        if !lab_live && !inspector.is_live() {
            set_error.set(Some(
                "A what-if origin is set: turn Live on to run the scenario against the lab, or clear it to run the request as typed.".into(),
            ));
            return;
        }
        set_error.set(None);
        let id = run_id();
        let live_origin = inspector.live_origin.get_untracked();
        let lab_home = inspector.lab_home.get_untracked();
        let frame = inspector.lab_frame.get_untracked();
        let browser = inspector.browser.get_untracked();
        let repeat = repeat.get_untracked();
        set_running.set(true);
        spawn_local(async move {
            let (scenario, url, source) = if lab_live {
                // The scenario's hosts mapped onto the lab, its answers in the
                // URL (the mapping is deferred with the lab's other parts).
                let Ok(mapped) =
                    crate::deferred::map_onto_lab(scenario.clone(), live_origin, lab_origins.clone(), frame.clone())
                        .await
                else {
                    set_error.set(Some(
                        "Live could not run: its code could not be loaded. Reload to try again.".into(),
                    ));
                    set_running.set(false);
                    return;
                };
                let url = lab_run_url(&mapped, &id);
                (mapped, url, Some(scenario))
            } else {
                let url = fetch_url(&scenario, &lab_origins, &id);
                (scenario, url, None)
            };
            let predicted = corscope_engine::verdict(&scenario, browser).outcome;
            // A run on the lab's scenario endpoint has a journal there.
            let journal_url = lab::journal_url_of_run(&url, &lab_origins, &lab_home);
            // The lab that probes other servers: the paired one, or the one serving the page.
            let prober = match inspector.lab.get_untracked() {
                crate::state::LabStatus::Connected(p) => Some(p.lab),
                crate::state::LabStatus::Own => Some(lab_home.clone()),
                _ => None,
            }
            .filter(|_| !lab_live && !lab_origins.iter().any(|o| url.starts_with(&format!("{o}/"))));
            // The lab's same-origin page runs it when the scenario's page is that origin.
            let from = frame.as_deref().filter(|f| scenario.page == *f);
            if repeat {
                // The same URL twice: the second run shows the preflight cache.
                let _ = probe::run_from(scenario.request.clone(), url.clone(), from).await;
            }
            let result = probe::run_from(scenario.request.clone(), url, from).await;
            let done = RunDone {
                inspector,
                id,
                scenario,
                result,
                predicted,
                source,
                journal_url,
                prober,
                repeat,
                browser,
            };
            if crate::deferred::finish_run(done).await.is_err() {
                set_error.set(Some(
                    "The request was sent, but its result cannot be shown: the run history's code could not be loaded. Reload to try again.".into(),
                ));
            }
            set_running.set(false);
        });
    };

    view! {
        <section class="panel" id="test" aria-labelledby="request-title" data-testid="request-panel">
            <h2 id="request-title">"Request"</h2>
            <div class="row">
                <label for="page-origin">"Page origin"</label>
                <p class="muted" data-testid="live-origin">"Live: " {move || inspector.live_origin.get()}</p>
                <input id="page-origin" data-testid="what-if-origin" placeholder="What-if origin (explanation only), e.g. https://app.example"
                    prop:value=move || inspector.what_if_origin.get()
                    on:input=move |ev| inspector.what_if_origin.set(event_target_value(&ev)) />
                <Show when=move || !inspector.is_live()>
                    <p class="note" data-testid="not-live">{move || if inspector.lab_live.get() {
                        "What-if origin: Live maps it onto this page's origin for the run."
                    } else {
                        "What-if origin: the prediction uses it; turn Live on to run it against the lab."
                    }}</p>
                </Show>
            </div>
            <div class="row">
                <label for="url">"URL"</label>
                <input id="url" data-testid="url" type="url" placeholder="https://api.example/items"
                    prop:value=move || inspector.url.get()
                    on:input=move |ev| inspector.url.set(event_target_value(&ev)) />
                <Show when=move || !inspector.lab_origins.get().is_empty()>
                    <div class="lab-targets" role="group" aria-label="Lab targets">
                        <span class="muted">"Lab (answers as edited below): "</span>
                        {move || inspector.lab_origins.get().into_iter().map(|o| {
                            let target = format!("{o}{SCENARIO_PATH}");
                            let label = o.clone();
                            view! {
                                <button class="chip" data-testid="lab-target" on:click=move |_| inspector.url.set(target.clone())>{label}</button>
                            }
                        }).collect_view()}
                    </div>
                </Show>
            </div>
            <div class="grid3">
                <div class="row">
                    <label for="method">"Method"</label>
                    <input id="method" data-testid="method" list="methods" prop:value=move || inspector.method.get()
                        on:input=move |ev| inspector.method.set(event_target_value(&ev)) />
                    <datalist id="methods">
                        <option value="GET" /><option value="HEAD" /><option value="POST" /><option value="PUT" />
                        <option value="PATCH" /><option value="DELETE" /><option value="OPTIONS" />
                    </datalist>
                </div>
                <ChoiceSelect id="mode" label="Mode" choice=inspector.mode
                    options=&[RequestMode::Cors, RequestMode::NoCors, RequestMode::SameOrigin] name=RequestMode::as_str />
                <ChoiceSelect id="credentials" label="Credentials" choice=inspector.credentials
                    options=&[CredentialsMode::SameOrigin, CredentialsMode::Omit, CredentialsMode::Include] name=CredentialsMode::as_str />
                <ChoiceSelect id="redirect" label="Redirect" choice=inspector.redirect
                    options=&[RedirectMode::Follow, RedirectMode::Error, RedirectMode::Manual] name=RedirectMode::as_str />
            </div>
            <fieldset class="row">
                <legend>"Headers"</legend>
                <For each=move || inspector.headers.get() key=|r| r.id children=move |r| view! { <HeaderRowView row=r /> } />
                <button class="secondary" data-testid="add-header" on:click=move |_| inspector.add_header("", "")>"Add header"</button>
            </fieldset>
            <div class="row">
                <label for="body">"Body"</label>
                <textarea id="body" data-testid="body" rows="2" placeholder="(none)" prop:value=move || inspector.body.get()
                    on:input=move |ev| inspector.body.set(event_target_value(&ev))></textarea>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="repeat" prop:checked=repeat
                    on:change=move |ev| set_repeat.set(event_target_checked(&ev)) />
                "Run twice with the same URL (shows the preflight cache: Access-Control-Max-Age)"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="live-lab" prop:checked=move || inspector.lab_live.get()
                    disabled=move || inspector.lab_origins.get().is_empty()
                    on:change=move |ev| inspector.lab_live.set(event_target_checked(&ev)) />
                "Live: run this scenario against the lab (its page becomes this page, its hosts the lab's origins, its answers the lab's)"
            </label>
            <button data-testid="run" on:click=run disabled=move || running.get() || !(inspector.is_live() || inspector.lab_live.get())>
                {move || if running.get() { "Running…" } else if inspector.lab_live.get() { "Run live against the lab" } else { "Run live" }}
            </button>
            <p class="error" data-testid="form-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
