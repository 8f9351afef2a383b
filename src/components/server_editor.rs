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
    /// The server code it comes from, if any.
    pub source: Option<&'static str>,
    /// What it means for a page, shown with the source.
    pub note: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "none",
        label: "No CORS (a plain server)",
        preflight: (404, &[]),
        response: (200, &[("Content-Type", "application/json")]),
        source: None,
        note: "",
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
        source: None,
        note: "",
    },
    Preset {
        id: "express",
        label: "Express snippet from the article, as written (allows https://example.com only)",
        // Captured from express 4.21.2 running the snippet (X-Powered-By and
        // ETag are Express's own; Date and Keep-Alive left out).
        preflight: (
            204,
            &[
                ("X-Powered-By", "Express"),
                ("Access-Control-Allow-Origin", "https://example.com"),
                ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type, Authorization"),
                ("Access-Control-Allow-Credentials", "true"),
                ("ETag", "W/\"a-bAsFyilMr4Ra1hIU5PyoyFRunpI\""),
            ],
        ),
        response: (
            200,
            &[
                ("X-Powered-By", "Express"),
                ("Access-Control-Allow-Origin", "https://example.com"),
                ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type, Authorization"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Content-Type", "application/json; charset=utf-8"),
            ],
        ),
        source: Some(concat!(
            "app.use((req, res, next) => {\n",
            "  res.setHeader(\"Access-Control-Allow-Origin\", \"https://example.com\");\n",
            "  res.setHeader(\"Access-Control-Allow-Methods\", \"GET, POST, PUT, DELETE, OPTIONS\");\n",
            "  res.setHeader(\"Access-Control-Allow-Headers\", \"Content-Type, Authorization\");\n",
            "  res.setHeader(\"Access-Control-Allow-Credentials\", \"true\");\n",
            "  if (req.method === \"OPTIONS\") return res.sendStatus(204);\n",
            "  next();\n",
            "});",
        )),
        note: "It names one origin, https://example.com: from any other page the browser blocks it. Put your page's origin there (or check Origin against a list and send Vary: Origin).",
    },
    Preset {
        id: "php",
        label: "PHP snippet from the article, as written (*, GET, POST, OPTIONS)",
        // Captured from PHP 8.2's built-in server running the snippet: the
        // script also runs for OPTIONS, so the preflight gets a 200 and the body.
        preflight: (
            200,
            &[
                ("X-Powered-By", "PHP/8.2.31"),
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Content-type", "text/html; charset=UTF-8"),
            ],
        ),
        response: (
            200,
            &[
                ("X-Powered-By", "PHP/8.2.31"),
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Content-type", "text/html; charset=UTF-8"),
            ],
        ),
        source: Some(concat!(
            "header(\"Access-Control-Allow-Origin: *\");\n",
            "header(\"Access-Control-Allow-Methods: GET, POST, OPTIONS\");\n",
            "header(\"Access-Control-Allow-Headers: Content-Type\");",
        )),
        note: "Any page may read it without credentials; PUT, DELETE and headers other than Content-Type fail the preflight, and with credentials * does not count.",
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
        source: None,
        note: "",
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
    let chosen = RwSignal::new(None::<&'static Preset>);
    let apply = move |id: String| {
        chosen.set(PRESETS.iter().find(|p| p.id == id));
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
            {move || chosen.get().and_then(|p| p.source.map(|code| view! {
                <div class="note" data-testid="preset-source">
                    <p>"The answers below are what this code really sends (captured from the running server): "{p.note}</p>
                    <pre>{code}</pre>
                </div>
            }))}
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
