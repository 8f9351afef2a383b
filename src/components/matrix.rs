//! The Matrix page: runs the engine's differential matrix live against the lab
//! from this page, compares what the browser did (outcome, readable headers)
//! and sent (preflight, Access-Control-Request-Headers, from the lab's
//! journal) with the engine's prediction for this browser, and shows the
//! agreement table.

use crate::net::probe::{self, Observed};
use crate::state::expect_inspector;
use corscope_engine::lab::compare::{compare, observed_facts, predicted_facts, Facts, Mismatch};
use corscope_engine::lab::{self, matrix, JournalEntry};
use corscope_engine::{verdict, Scenario};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

/// Requests in flight at once.
const CONCURRENCY: usize = 12;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    pub predicted: Facts,
    pub observed: Facts,
    pub mismatches: Vec<Mismatch>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub browser: String,
    pub scenarios: usize,
    pub agree: usize,
    pub seconds: f64,
    pub probes_per_second: f64,
    pub rows: Vec<Row>,
    /// Scenarios left out: they send to this page's own origin, which is not
    /// the lab (a hosted page), so the lab cannot answer them.
    pub left_out: Vec<String>,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// How far a run is: scenarios done, of how many, and how many of the done
/// ones had the outcome the engine predicted (the full comparison, with what
/// the lab received, comes at the end).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub outcome_agrees: usize,
}

/// Runs every scenario, a rolling window of [`CONCURRENCY`] at a time, and
/// compares each with the engine's prediction for this browser.
/// `home`: where the lab is read (`""`: this page's origin); `frame`: the
/// lab's same-origin page, from which a scenario whose page it is runs (the
/// caller has moved them there: `matrix::onto_frame`; a scenario that still
/// sends to this page is left out: no lab answers for it).
pub async fn run_matrix(
    all: Vec<Scenario>,
    origins: &[String],
    home: &str,
    frame: Option<&str>,
    browser: corscope_engine::Browser,
    progress: Option<RwSignal<Progress>>,
) -> Report {
    use futures::stream::{self, StreamExt};
    let (scenarios, left_out): (Vec<Scenario>, Vec<Scenario>) =
        all.into_iter().partition(|s| matrix::runnable_on(s, origins));
    let batch = format!("m{:x}", (js_sys::Math::random() * 1e10) as u64);
    let start = now();
    let mut observed: Vec<Option<Observed>> = vec![None; scenarios.len()];
    let mut so_far = Progress {
        total: scenarios.len(),
        ..Progress::default()
    };
    if let Some(p) = progress {
        p.set(so_far);
    }
    let run = |i: usize| {
        let s = &scenarios[i];
        let url = crate::components::request_builder::lab_run_url(s, &format!("{batch}-{i}"));
        let request = s.request.clone();
        // A scenario moved onto the lab's same-origin page runs from there.
        let from = frame.filter(|f| s.page == *f);
        async move { (i, probe::run_from(request, url, from).await) }
    };
    // Firefox ESR 153, on a public page, rejects most https requests to
    // loopback that are in flight together (checked here: of 12 at once, 1 or
    // 2 succeed; one at a time, all do): rows that use https run one at a time.
    let (secure, plain): (Vec<usize>, Vec<usize>) =
        (0..scenarios.len()).partition(|&i| matrix::urls_named(&scenarios[i]).any(|u| u.starts_with("https:")));
    for (rows, window) in [(plain, CONCURRENCY), (secure, 1)] {
        let mut done = stream::iter(rows.into_iter().map(run)).buffer_unordered(window);
        while let Some((i, result)) = done.next().await {
            so_far.done += 1;
            if result
                .observed
                .page_saw()
                .agrees_with(verdict(&scenarios[i], browser).outcome)
            {
                so_far.outcome_agrees += 1;
            }
            if let Some(p) = progress {
                p.set(so_far);
            }
            observed[i] = Some(result.observed);
        }
    }
    let seconds = (now() - start) / 1000.0;
    // What the lab received for the whole batch (one journal serves every lab origin).
    let journal = crate::net::journal(&lab::journal_prefix_url(home, &format!("{batch}-")))
        .await
        .unwrap_or_default();
    let mut rows = vec![];
    for (i, s) in scenarios.iter().enumerate() {
        let run = format!("{batch}-{i}");
        let mine: Vec<&JournalEntry> = journal.iter().filter(|e| e.run == run).collect();
        let obs = observed[i].clone().unwrap_or(Observed::Rejected {
            name: "Error".into(),
            message: "not run".into(),
        });
        let observed = observed_facts(s, &obs.page_saw(), &mine);
        let predicted = predicted_facts(&verdict(s, browser));
        let mismatches = compare(&predicted, &observed);
        rows.push(Row {
            name: s.name.clone(),
            predicted,
            observed,
            mismatches,
        });
    }
    let agree = rows.iter().filter(|r| r.mismatches.is_empty()).count();
    Report {
        browser: browser.to_string(),
        scenarios: rows.len(),
        agree,
        seconds,
        probes_per_second: if seconds > 0.0 {
            rows.len() as f64 / seconds
        } else {
            0.0
        },
        rows,
        left_out: left_out.into_iter().map(|s| s.name).collect(),
    }
}

fn facts_text(f: &Facts) -> String {
    let mut t = f.outcome.to_string();
    if f.preflight {
        t.push_str(&format!(
            ", preflight ({})",
            f.request_headers.clone().unwrap_or_default()
        ));
    }
    if !f.exposed.is_empty() {
        t.push_str(&format!(", reads {}", f.exposed.join(" ")));
    }
    if !f.sent {
        t.push_str(", nothing sent");
    }
    t
}

#[component]
pub fn MatrixPanel() -> impl IntoView {
    let inspector = expect_inspector();
    let (report, set_report) = signal::<Option<Report>>(None);
    let (running, set_running) = signal(false);
    let (custom, set_custom) = signal(String::new());
    let (error, set_error) = signal::<Option<String>>(None);
    let progress = RwSignal::new(Progress::default());
    let start = move |_| {
        let origins = inspector.lab_origins.get_untracked();
        let (Some(target), Some(other)) = (origins.first().cloned(), origins.get(1).cloned()) else {
            return;
        };
        let page = inspector.live_origin.get_untracked();
        let home = inspector.lab_home.get_untracked();
        let frame = inspector.lab_frame.get_untracked();
        let browser = inspector.browser.get_untracked();
        set_running.set(true);
        // A chosen set (mapped onto the lab's origins), or the built-in matrix.
        let text = custom.get_untracked();
        let chosen = if text.trim().is_empty() {
            set_error.set(None);
            None
        } else {
            match corscope_engine::parse_scenario_file(&text) {
                Ok(file) if !file.scenarios.is_empty() => {
                    // The usable ones run; each other one is named.
                    let problems: Vec<String> = file.problems.iter().map(|p| p.to_string()).collect();
                    set_error.set((!problems.is_empty()).then(|| {
                        format!(
                            "{} scenarios could not be used (the others run): {}",
                            problems.len(),
                            problems.join("; ")
                        )
                    }));
                    Some(
                        file.scenarios
                            .iter()
                            .map(|s| matrix::map_onto_lab_live(s, &page, &origins, frame.as_deref()))
                            .collect::<Vec<_>>(),
                    )
                }
                Ok(file) => {
                    let problems: Vec<String> = file.problems.iter().map(|p| p.to_string()).collect();
                    set_error.set(Some(format!("The scenarios are not valid: {}", problems.join("; "))));
                    set_running.set(false);
                    return;
                }
                Err(e) => {
                    set_error.set(Some(format!("The scenarios are not valid: {e}")));
                    set_running.set(false);
                    return;
                }
            }
        };
        spawn_local(async move {
            let secure = origins.iter().find(|o| o.starts_with("https://")).cloned();
            let scenarios = chosen.unwrap_or_else(|| {
                // The generated rows that send to this page run from the lab's same-origin page.
                matrix::generate(&page, &target, &other, secure.as_deref())
                    .into_iter()
                    .map(|s| frame.as_deref().and_then(|f| matrix::onto_frame(&s, f)).unwrap_or(s))
                    .collect()
            });
            let r = run_matrix(scenarios, &origins, &home, frame.as_deref(), browser, Some(progress)).await;
            set_report.set(Some(r));
            set_running.set(false);
        });
    };
    view! {
        <section class="panel" id="matrix" aria-labelledby="matrix-title" data-testid="matrix-panel">
            <h2 id="matrix-title">"Matrix: the engine against this browser"</h2>
            <p class="muted">"Runs the built-in scenarios live against the lab and compares what this browser did and sent with the prediction."</p>
            <div class="row">
                <label for="matrix-custom">"Scenarios to run (a JSON array in the scenario format; empty runs the built-in matrix). Their hosts are mapped onto the lab's origins."</label>
                <textarea id="matrix-custom" data-testid="matrix-custom" rows="3" spellcheck="false"
                    prop:value=custom on:input=move |ev| set_custom.set(event_target_value(&ev))></textarea>
            </div>
            <p class="error" role="alert" data-testid="matrix-error">{move || error.get()}</p>
            <button data-testid="matrix-run" on:click=start disabled=move || running.get() || inspector.lab_origins.get().is_empty()>
                {move || if running.get() { "Running the matrix…" } else { "Run the matrix" }}
            </button>
            <Show when=move || inspector.lab_origins.get().is_empty()>
                <p class="note">"The matrix needs a lab: connect one in the Lab bar at the top."</p>
            </Show>
            <p role="status" aria-live="polite" data-testid="matrix-progress">{move || {
                let p = progress.get();
                (p.total > 0).then(|| format!(
                    "{} / {} done; {} of them did what the engine predicted{}",
                    p.done, p.total, p.outcome_agrees,
                    if running.get() { " so far" } else { " (the full comparison is below)" }
                ))
            }}</p>
            {move || report.get().map(|r| {
                let mut summary = format!("{} of {} scenarios agree in {} ({:.1} s, {:.0} probes/s)", r.agree, r.scenarios, r.browser, r.seconds, r.probes_per_second);
                if !r.left_out.is_empty() {
                    summary.push_str(&format!("; {} left out: they send to this page's own origin, which only a page served by the lab can answer", r.left_out.len()));
                }
                let json = serde_json::to_string(&r).unwrap_or_default();
                let mut rows = r.rows.clone();
                rows.sort_by_key(|row| row.mismatches.is_empty());
                let rows = rows.into_iter().map(|row| {
                    let ok = row.mismatches.is_empty();
                    view! {
                        <tr data-testid="matrix-row" data-agree=ok.to_string()>
                            <td>{row.name.clone()}</td>
                            <td>{facts_text(&row.predicted)}</td>
                            <td>{facts_text(&row.observed)}</td>
                            <td class=if ok { "yes" } else { "no" }>{if ok { "agree".to_string() } else { row.mismatches.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ") }}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <p data-testid="matrix-summary" data-done="true">{summary}</p>
                    <textarea data-testid="matrix-report" readonly hidden prop:value=json></textarea>
                    <div class="scroll"><table>
                        <thead><tr><th>"Scenario"</th><th>"Predicted"</th><th>"Observed"</th><th>"Agreement"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }
            })}
        </section>
    }
}
