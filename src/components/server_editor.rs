//! The server answer editor: status and header lines for the preflight and for
//! the response, with presets. Used for the prediction, and by the lab's
//! scenario endpoint for live runs.

use crate::state::{expect_inspector, AnswerEditor};
use corscope_engine::Answer;
use leptos::prelude::*;

/// A named pair of answers; `{origin}` stands for the page origin.
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    pub preflight: (u16, &'static [(&'static str, &'static str)]),
    pub response: (u16, &'static [(&'static str, &'static str)]),
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "none",
        label: "No CORS (a plain server)",
        preflight: (404, &[]),
        response: (200, &[("Content-Type", "application/json")]),
    },
    Preset {
        id: "allow-all",
        label: "Allow all (*)",
        preflight: (
            204,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "*"),
                ("Access-Control-Allow-Headers", "*"),
            ],
        ),
        response: (
            200,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Content-Type", "application/json"),
            ],
        ),
    },
    Preset {
        id: "express",
        label: "Express example (origin, methods, credentials)",
        preflight: (
            204,
            &[
                ("Access-Control-Allow-Origin", "{origin}"),
                ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type, Authorization"),
                ("Access-Control-Allow-Credentials", "true"),
            ],
        ),
        response: (
            200,
            &[
                ("Access-Control-Allow-Origin", "{origin}"),
                ("Access-Control-Allow-Credentials", "true"),
            ],
        ),
    },
    Preset {
        id: "php",
        label: "PHP example (*, GET, POST, OPTIONS)",
        preflight: (
            200,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
            ],
        ),
        response: (200, &[("Access-Control-Allow-Origin", "*")]),
    },
    Preset {
        id: "credentials",
        label: "Credentials-ready (exact origin, Allow-Credentials, Vary)",
        preflight: (
            204,
            &[
                ("Access-Control-Allow-Origin", "{origin}"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE"),
                (
                    "Access-Control-Allow-Headers",
                    "Content-Type, Authorization, X-Requested-With",
                ),
                ("Access-Control-Max-Age", "600"),
                ("Vary", "Origin"),
            ],
        ),
        response: (
            200,
            &[
                ("Access-Control-Allow-Origin", "{origin}"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
            ],
        ),
    },
];

fn answer_of(status: u16, headers: &[(&str, &str)], origin: &str) -> Answer {
    Answer {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.replace("{origin}", origin)))
            .collect(),
        body: None,
    }
}

#[component]
fn AnswerFields(editor: AnswerEditor, what: &'static str, title: &'static str) -> impl IntoView {
    let status_id = format!("{what}-status");
    let headers_id = format!("{what}-headers");
    view! {
        <div class="answer">
            <h3>{title}</h3>
            <div class="row">
                <label for=status_id.clone()>"Status"</label>
                <input id=status_id data-testid=format!("{what}-status") inputmode="numeric" prop:value=move || editor.status.get()
                    on:input=move |ev| editor.status.set(event_target_value(&ev)) />
            </div>
            <div class="row">
                <label for=headers_id.clone()>"Header lines (one 'Name: value' per line; repeats allowed)"</label>
                <textarea id=headers_id data-testid=format!("{what}-headers") rows="5" spellcheck="false"
                    prop:value=move || editor.headers.get()
                    on:input=move |ev| editor.headers.set(event_target_value(&ev))></textarea>
            </div>
        </div>
    }
}

#[component]
pub fn ServerEditor() -> impl IntoView {
    let inspector = expect_inspector();
    let apply = move |id: String| {
        if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
            let origin = inspector.page_origin();
            inspector
                .preflight
                .set(&answer_of(p.preflight.0, p.preflight.1, &origin));
            inspector.response.set(&answer_of(p.response.0, p.response.1, &origin));
        }
    };
    view! {
        <section class="panel" aria-labelledby="server-title" data-testid="server-panel">
            <h2 id="server-title">"Server answers"</h2>
            <div class="row">
                <label for="preset">"Preset"</label>
                <select id="preset" data-testid="preset" on:change=move |ev| apply(event_target_value(&ev))>
                    <option value="">"Choose a preset…"</option>
                    {PRESETS.iter().map(|p| view! { <option value=p.id>{p.label}</option> }).collect_view()}
                </select>
            </div>
            {move || inspector.chain.get().map(|hops| {
                let text = hops.iter().enumerate().map(|(i, h)| {
                    let url = h.url.clone().unwrap_or_else(|| "(the request URL)".into());
                    let res = h.response_or_default();
                    let lines: String = res.headers.iter().map(|(n, v)| format!("\n    {n}: {v}")).collect();
                    let pre = h.preflight.as_ref().map(|p| format!(" (preflight answer {})", p.status)).unwrap_or_default();
                    format!("hop {i}: {url}{pre}\n  {}{lines}", res.status)
                }).collect::<Vec<_>>().join("\n");
                view! {
                    <div class="note" data-testid="chain-note">
                        <p>{format!("This scenario is a redirect chain of {} hops; the editors below are not used while it is loaded (edit it as a file, or:) ", hops.len())}
                            <button class="secondary" data-testid="drop-chain" on:click=move |_| inspector.chain.set(None)>"Use the single answer below instead"</button></p>
                        <pre data-testid="chain-hops">{text}</pre>
                    </div>
                }
            })}
            <div class="answers">
                <AnswerFields editor=inspector.preflight what="preflight" title="Preflight (OPTIONS) answer" />
                <AnswerFields editor=inspector.response what="response" title="Response" />
            </div>
        </section>
    }
}
