//! The engine's explanation of the current scenario: verdict, trace with spec
//! links, each browser's console text, and the fix with configuration for nine
//! servers, each re-checked by the engine. The first view shows the verdict
//! and the trace; the rest comes with a deferred part (deferred.rs).

use crate::state::expect_inspector;
use corscope_engine::{explain::server_config, Browser, Decision, Scenario};
use leptos::prelude::*;

/// Risk warnings as list items.
pub(crate) fn risk_items(risks: &[server_config::Risk]) -> impl IntoView {
    risks
        .iter()
        .map(|r| view! { <li class=format!("risk {}", r.severity) data-testid="fix-risk">{format!("{}: {}", r.severity, r.text)}</li> })
        .collect_view()
}

/// The engine's explanation of one decision from `explain` (each run in the
/// history): verdict, diagram, steps, console text and fix.
#[component]
pub fn Explanation(decision: Decision, scenario: Scenario) -> impl IntoView {
    let sequence = corscope_engine::explain::sequence::predicted(&scenario, &decision);
    let shared = std::sync::Arc::new(decision.clone());
    view! {
        <Verdict decision=shared.clone() />
        <crate::components::sequence::SequenceDiagram sequence=sequence testid="sequence-predicted" title="The exchange, as the engine predicts it" />
        <Steps decision=shared />
        <Details decision=decision scenario=scenario />
    }
}

/// The verdict, whether a preflight goes out, and what the page may read.
#[component]
pub fn Verdict(decision: std::sync::Arc<Decision>) -> impl IntoView {
    let outcome = decision.outcome.to_string();
    let verdict = decision.verdict();
    let preflight = if decision.preflight {
        if decision.request_headers.is_empty() {
            "Preflight: yes".to_string()
        } else {
            format!(
                "Preflight: yes, Access-Control-Request-Headers: {}",
                decision.request_headers.join(",")
            )
        }
    } else {
        "Preflight: no".to_string()
    };
    let exposed = if decision.exposed.is_empty() {
        "(none of those sent)".to_string()
    } else {
        decision.exposed.join(", ")
    };
    view! {
        <div class=format!("verdict {outcome}") data-testid="prediction-outcome" data-outcome=outcome.clone()>
            <strong>"Predicted: "</strong>{verdict}
        </div>
        <p data-testid="prediction-preflight">{preflight}</p>
        <p>"Readable response headers: "<span data-testid="prediction-exposed">{exposed}</span></p>
    }
}

/// The trace: each check, what it saw, and its spec link.
#[component]
pub fn Steps(decision: std::sync::Arc<Decision>) -> impl IntoView {
    let steps = decision
        .steps
        .iter()
        .cloned()
        .map(|s| {
            let class = if s.passed { "step ok" } else { "step fail" };
            let mark = if s.passed { "✓" } else { "✗" };
            view! {
                <li class=class data-testid="trace-step" data-passed=s.passed.to_string()>
                    <span class="mark" aria-hidden="true">{mark}</span>
                    <strong>{s.check.to_string()}</strong>": "{s.sentence}
                    <div class="seen"><code>{s.seen}</code>" "
                        <a href=s.spec target="_blank" rel="noopener noreferrer">"spec"</a></div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="trace">{steps}</ol> }
}

/// Each browser's console text and the fix (a decision from `explain`).
#[component]
pub fn Details(decision: Decision, scenario: Scenario) -> impl IntoView {
    let console_rows = [
        ("Chromium", decision.console.chromium.clone(), "console-chromium"),
        ("Firefox", decision.console.firefox.clone(), "console-firefox"),
        ("Safari / WebKit", decision.console.webkit.clone(), "console-webkit"),
    ]
    .into_iter()
    .filter_map(|(b, text, id)| {
        text.map(|t| view! { <div class="console"><span class="muted">{b}</span><pre data-testid=id>{t}</pre></div> })
    })
    .collect_view();
    let fix_view = decision.fix.clone().map(|fix| {
        let advice = fix
            .client
            .clone()
            .map(|a| view! { <p data-testid="fix-client">"In the page: "{a}</p> });
        let changes = fix
            .server
            .iter()
            .map(|c| view! { <li data-testid="fix-change"><code>{c.describe()}</code></li> })
            .collect_view();
        // The nine servers' configurations are a deferred part (deferred.rs).
        let snippet_view = crate::deferred::ServerConfigs(crate::deferred::ServerConfigsProps {
            scenario: scenario.clone(),
            decision: decision.clone(),
        });
        view! {
            <div class="fix" data-testid="fix">
                <h3>"Fix"</h3>
                {advice}
                <ul>{changes}</ul>
                {snippet_view}
            </div>
        }
    });
    view! { {console_rows}{fix_view} }
}

#[component]
pub fn Prediction() -> impl IntoView {
    let inspector = expect_inspector();
    let browser_value = move || inspector.browser.get().as_str();
    view! {
        <section class="panel" aria-labelledby="prediction-title" data-testid="prediction-panel">
            <h2 id="prediction-title">"Why: the engine's prediction"</h2>
            <div class="row inline">
                <label for="browser">"Predict for"</label>
                <select id="browser" data-testid="browser" prop:value=browser_value
                    on:change=move |ev| inspector.browser.set(match event_target_value(&ev).as_str() {
                        "firefox" => Browser::Firefox,
                        "webkit" => Browser::WebKit,
                        _ => Browser::Chromium,
                    })>
                    <option value="chromium">"Chromium"</option>
                    <option value="firefox">"Firefox"</option>
                    <option value="webkit">"Safari / WebKit"</option>
                </select>
            </div>
            {move || {
                // A URL that is not the lab: say whose answers are explained.
                let url = inspector.url.get();
                let origins = inspector.lab_origins.get();
                let at_lab = origins.iter().any(|o| url.starts_with(&format!("{o}/")));
                let host = web_sys::Url::new(url.trim()).ok().map(|u| u.hostname()).filter(|h| !h.is_empty());
                match host.filter(|_| !at_lab && !inspector.lab_live.get()) {
                    Some(host) if origins.is_empty() => Some(view! {
                        <p class="note" data-testid="typed-answers-note">
                            {format!("This explains the answers typed in “Server answers”, not what {host} really sends: the page cannot read a blocked response's headers. Connect a lab (the bar at the top) and a run asks {host} the same, server to server, and explains its real answers.")}
                        </p>
                    }.into_any()),
                    Some(host) => Some(view! {
                        <p class="note" data-testid="typed-answers-note">
                            {format!("Until you run it, this explains the typed answers; a run also has the lab ask {host} the same requests and explains its real answers (in the run history).")}
                        </p>
                    }.into_any()),
                    None => None,
                }
            }}
            {move || match (inspector.scenario.get(), inspector.decision.get()) {
                (Err(e), _) => view! { <p class="error" data-testid="scenario-error" role="alert">{e}</p> }.into_any(),
                // The verdict and its steps at once; the diagram, the console
                // text and the fix are deferred parts (deferred.rs).
                (Ok(s), Some(d)) => view! {
                    <Verdict decision=d.clone() />
                    <crate::deferred::PredictedDiagram scenario=s.clone() decision=d.clone() />
                    <Steps decision=d.clone() />
                    <crate::deferred::PredictedDetails scenario=s decision=d browser=inspector.browser.get_untracked() />
                }.into_any(),
                (Ok(_), None) => view! { <p class="muted">"…"</p> }.into_any(),
            }}
        </section>
    }
}
