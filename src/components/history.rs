//! The run history: each live run with what the browser did beside what the
//! engine predicted, and whether they agree. Kept in localStorage.

use crate::components::prediction::Explanation;
use crate::components::sequence::SequenceDiagram;
use crate::net::probe::Observed;
use crate::state::{expect_inspector, RunRecord};
use corscope_engine::Browser;
use leptos::prelude::*;

/// One probed exchange as text: `METHOD URL → STATUS`, then the answer's
/// header lines that `keep` chooses.
pub fn exchange_text(x: &corscope_engine::lab::Exchange, keep: impl Fn(&str) -> bool) -> String {
    let mut line = format!("{} {} → {}", x.method, x.url, x.status);
    for (n, v) in x.response_headers.iter().filter(|(n, _)| keep(n)) {
        line.push_str(&format!("\n    {n}: {v}"));
    }
    line
}

#[component]
fn RunView(record: RunRecord) -> impl IntoView {
    let inspector = expect_inspector();
    let scenario = record.scenario.clone();
    // The whole scenario as it ran: request, page, every hop of a chain.
    let load = move |_| inspector.load_scenario(&scenario);
    let r = record.result;
    let script_saw = match &r.observed {
        Observed::Resolved {
            response_type, status, ..
        } => format!("resolves: {response_type} response, status {status}"),
        Observed::Rejected { name, .. } => format!("rejects: {name}"),
    };
    let observed = match r.observed {
        Observed::Resolved {
            response_type,
            status,
            headers,
            body,
        } => {
            let rows = headers
                .into_iter()
                .map(|(n, v)| view! { <tr><td>{n}</td><td>{v}</td></tr> })
                .collect_view();
            view! {
                <div data-testid="observed" data-observed="allowed" class="verdict allowed">
                    <strong>"Browser: resolved — "</strong>
                    <span data-testid="response-type">{response_type}</span>" response, status "
                    <span data-testid="status">{status}</span>
                </div>
                <table class="headers"><caption>"Headers the page could read"</caption>{rows}</table>
                {body.map(|b| view! { <details><summary>"Body preview"</summary><pre data-testid="body-preview">{b}</pre></details> })}
            }
            .into_any()
        }
        Observed::Rejected { name, message } => view! {
            <div data-testid="observed" data-observed="blocked" class="verdict blocked">
                <strong>"Browser: rejected — "</strong>
                <span data-testid="error-name">{name}</span>": "<span data-testid="error-message">{message}</span>
            </div>
        }
        .into_any(),
    };
    let badge = if record.agree { "agree" } else { "disagree" };
    let explained = record.scenario.clone();
    // Explained for the browser that made the run ("Firefox 153.0" → firefox).
    let browser = record
        .browser
        .as_deref()
        .and_then(Browser::from_name_and_version)
        .unwrap_or_else(|| inspector.browser.get_untracked());
    let journal = record.journal.clone();
    let recorded = record.exchange.as_ref().map(|entries| {
        let refs: Vec<&corscope_engine::lab::JournalEntry> = entries.iter().collect();
        corscope_engine::explain::sequence::recorded(&record.scenario, &refs, &script_saw)
    });
    // What the server really answered, probed by the lab.
    let probed = record.probed.clone().map(|p| {
        let lines: Vec<String> = p
            .exchanges
            .iter()
            .map(|x| exchange_text(x, |n| n.starts_with("access-control-") || n == "location" || n == "vary"))
            .collect();
        match p.error {
            Some(e) => view! { <p class="note" data-testid="run-probed" data-probed="error">"The lab could not probe this server: "{e}</p> }.into_any(),
            None => view! {
                <div data-testid="run-probed" data-probed="ok">
                    <span class="muted">"What the server really answered (the lab sent the same requests, server to server); the prediction and its steps use these answers"</span>
                    <pre>{lines.join("\n")}</pre>
                </div>
            }
            .into_any(),
        }
    });
    let decided = corscope_engine::verdict(&explained, browser);
    let line = |r: &corscope_engine::SentRequest| {
        crate::state::wire_line(
            &r.method,
            r.origin.as_deref(),
            r.access_control_request_method.as_deref(),
            r.access_control_request_headers.as_deref(),
        )
    };
    let mut predicted_wire: Vec<String> = decided.sent.iter().map(line).collect();
    if record.repeat {
        predicted_wire.extend(decided.sent_when_repeated().map(line));
    }
    view! {
        <li class="run" data-testid="run-record" data-url=r.request.url.clone() data-run-id=record.id.clone()>
            <div class="run-head">
                <code>{r.request.method.clone()}" "{r.request.url.clone()}</code>
                <span class=format!("badge {badge}") data-testid="agree" data-agree=record.agree.to_string()>{badge}</span>
            </div>
            {observed}
            <p class="muted">
                "Predicted: "<span data-testid="run-predicted">{record.predicted.to_string()}</span>
                " · "{format!("{:.0} ms", r.duration_ms)}
                " · "<button class="link" data-testid="run-load" on:click=load>"load into the editor"</button>
            </p>
            {journal.map(|lines| view! {
                <div class="wire">
                    <div>
                        <span class="muted">"What the lab received (journal)"</span>
                        <pre data-testid="run-journal">{lines.join("\n")}</pre>
                    </div>
                    <div>
                        <span class="muted">"What the engine predicted on the wire"</span>
                        <pre data-testid="run-predicted-wire">{predicted_wire.join("\n")}</pre>
                    </div>
                </div>
            })}
            {recorded.map(|sequence| view! {
                <SequenceDiagram sequence=sequence testid="sequence-recorded" title="The exchange, as the lab recorded it" />
            })}
            {record.note.clone().map(|n| view! { <p class="note" role="note" data-testid="run-note">{n}</p> })}
            {probed}
            <details data-testid="run-explanation">
                <summary>"Why (the engine's steps for this run)"</summary>
                <Explanation decision=corscope_engine::explain(&explained, browser) scenario=explained.clone() />
            </details>
        </li>
    }
}

#[component]
pub fn RunHistory() -> impl IntoView {
    let inspector = expect_inspector();
    view! {
        <section class="panel" aria-labelledby="history-title" data-testid="history-panel">
            <h2 id="history-title">"What the browser did"</h2>
            {move || inspector.storage_problem.get().map(|p| view! { <p class="error" role="alert" data-testid="history-problem">{p}</p> })}
            <Show when=move || inspector.history.with(|h| h.is_empty())>
                <p class="muted" data-testid="history-empty">"No runs yet. Build a request and press Run live."</p>
            </Show>
            <ol class="runs" aria-live="polite">
                <For each=move || inspector.history.get() key=|r| r.id.clone() children=move |r| view! { <RunView record=r /> } />
            </ol>
            <Show when=move || inspector.history.with(|h| !h.is_empty())>
                <button class="secondary" data-testid="clear-history"
                    on:click=move |_| inspector.history.set(vec![])>"Clear history"</button>
            </Show>
        </section>
    }
}
