//! Which requests are preflighted: each row classified live by the engine,
//! with the rule that decides it.

use corscope_engine::{decide, Browser, Check, RequestSpec, Scenario, Server};
use leptos::prelude::*;

/// A row: (label, method, headers).
pub type Row = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

pub const ROWS: &[Row] = &[
    ("GET, no extra headers", "GET", &[]),
    ("HEAD with Accept", "HEAD", &[("Accept", "application/json")]),
    ("POST form", "POST", &[("Content-Type", "application/x-www-form-urlencoded")]),
    ("POST text", "POST", &[("Content-Type", "text/plain")]),
    ("POST JSON", "POST", &[("Content-Type", "application/json")]),
    ("PUT", "PUT", &[]),
    ("PATCH", "PATCH", &[]),
    ("DELETE", "DELETE", &[]),
    ("GET with Authorization", "GET", &[("Authorization", "Bearer abc")]),
    ("GET with a custom header", "GET", &[("X-Requested-With", "XMLHttpRequest")]),
    ("Content-Type with parameters", "POST", &[("Content-Type", "text/plain; charset=utf-8")]),
    ("Content-Type with a quoted parameter", "POST", &[("Content-Type", "text/plain; charset=\"utf-8\"")]),
    ("A 200-byte Accept-Language", "GET", &[("Accept-Language", "en-US,en;q=0.9,fr-FR;q=0.8,fr;q=0.7,de-DE;q=0.6,de;q=0.5,es-ES;q=0.4,es;q=0.3,it-IT;q=0.2,it;q=0.1,nl-NL;q=0.1,nl;q=0.1,pt-BR;q=0.1,pt;q=0.1,ja-JP;q=0.1,ja;q=0.1,zh-CN;q=0.1")]),
    ("Range bytes=0-499", "GET", &[("Range", "bytes=0-499")]),
    ("Range suffix bytes=-500", "GET", &[("Range", "bytes=-500")]),
    ("lower-case patch", "patch", &[]),
];

fn classify(method: &str, headers: &[(&str, &str)]) -> (bool, String) {
    let scenario = Scenario {
        name: String::new(),
        page: "https://app.example".into(),
        request: RequestSpec {
            method: method.into(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            ..RequestSpec::get("https://api.example/data")
        },
        server: Server::default(),
        expect: None,
        network: Default::default(),
        cookies: Default::default(),
    };
    let d = decide(&scenario, Browser::Chromium);
    let rule = d
        .steps
        .iter()
        .find(|s| s.check == Check::PreflightNeeded)
        .map(|s| s.sentence.clone())
        .unwrap_or_default();
    (d.preflight, rule)
}

#[component]
pub fn PreflightTable() -> impl IntoView {
    let rows = ROWS
        .iter()
        .map(|(label, method, headers)| {
            let (preflight, rule) = classify(method, headers);
            let header_text = headers
                .iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect::<Vec<_>>()
                .join("\n");
            view! {
                <tr data-testid="preflight-row" data-preflight=preflight.to_string()>
                    <td>{*label}</td>
                    <td><code>{*method}</code></td>
                    <td><code class="wrap">{header_text}</code></td>
                    <td class=if preflight { "no" } else { "yes" }>{if preflight { "preflight" } else { "simple" }}</td>
                    <td data-testid="preflight-rule">{rule}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="preflight-title" data-testid="preflight-panel">
            <h2 id="preflight-title">"Which requests are preflighted?"</h2>
            <div class="scroll">
                <table>
                    <thead><tr><th>"Request"</th><th>"Method"</th><th>"Headers"</th><th>"Kind"</th><th>"Rule"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
