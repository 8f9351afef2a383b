//! "Paste a console error": the browser's CORS message read by the engine —
//! what it says, a scenario that reproduces it (loaded into the inspector with
//! one click), or an honest "not recognised".

use crate::state::expect_inspector;
use corscope_engine::diagnose::console_message::{parse_all, ConsoleMessage};
use corscope_engine::diagnose::cookie_message::{
    read_cookie_message, reproduce_cookie, CookieMessage, CookieReproduction, CookieSide,
};
use corscope_engine::diagnose::copied_request::{looks_like_copy, parse_copied_request, CopiedRequest};
use corscope_engine::diagnose::reproduce::{reproduce, Reproduction};
use leptos::prelude::*;

#[component]
pub fn ConsolePaste() -> impl IntoView {
    let inspector = expect_inspector();
    let text = RwSignal::new(String::new());
    // One entry per message in the paste.
    let result = RwSignal::new(Vec::<Result<(ConsoleMessage, Reproduction), String>>::new());
    let copied = RwSignal::new(None::<CopiedRequest>);
    // A cookie message (Firefox's console, Chromium's DevTools): read apart.
    let cookie = RwSignal::new(None::<(CookieMessage, CookieReproduction)>);
    let diagnose = move |_| {
        let fallback = inspector.page_origin();
        let pasted = text.get_untracked();
        copied.set(None);
        cookie.set(None);
        // A request copied from DevTools ("Copy as cURL" / "Copy as fetch").
        if looks_like_copy(&pasted) {
            match parse_copied_request(&pasted, &fallback) {
                Ok(c) => {
                    copied.set(Some(c));
                    result.set(vec![]);
                }
                Err(e) => result.set(vec![Err(e.to_string())]),
            }
            return;
        }
        let all = parse_all(&pasted);
        if all.iter().all(|m| m.is_err()) {
            if let Ok(m) = read_cookie_message(&pasted) {
                let r = reproduce_cookie(&m, &fallback);
                cookie.set(Some((m, r)));
                result.set(vec![]);
                return;
            }
        }
        result.set(
            all.into_iter()
                .map(|m| {
                    m.map(|m| {
                        let r = reproduce(&m, &fallback);
                        (m, r)
                    })
                    .map_err(|e| e.to_string())
                })
                .collect(),
        );
    };
    view! {
        <section class="panel" id="why" aria-labelledby="console-title" data-testid="console-panel">
            <h2 id="console-title">"Start from a console error"</h2>
            <div class="row">
                <label for="console-text">"Paste the CORS message from the browser's console (Chromium, Firefox or Safari), or the request copied from DevTools (Copy as cURL, PowerShell or fetch)"</label>
                <textarea id="console-text" data-testid="console-text" rows="3" spellcheck="false"
                    placeholder="Access to fetch at 'https://api.example/…' from origin 'https://app.example' has been blocked by CORS policy: …"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button data-testid="console-diagnose" on:click=diagnose>"Read the message"</button>
            </div>
            {move || copied.get().map(|c| {
                let assumptions = c.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view();
                let s = c.scenario.clone();
                view! {
                    <div data-testid="copied-result">
                        <p>{format!("A copied request: {} {} from {}. Its answers are not in a copy: type them in “Server answers”, or run it with a lab to see the real ones.", c.scenario.request.method, c.scenario.request.url, c.scenario.page)}</p>
                        <ul class="assumptions" data-testid="copied-assumptions">{assumptions}</ul>
                        <button data-testid="copied-load" on:click=move |_| inspector.load_scenario(&s)>"Load it into the request"</button>
                    </div>
                }
            })}
            {move || cookie.get().map(|(m, r)| {
                let side = match m.side {
                    CookieSide::Request => "a cookie the browser holds, not sent",
                    CookieSide::SetCookie => "a Set-Cookie line, not stored",
                };
                let facts = [
                    ("Browser", m.browser.as_str().to_string()),
                    ("About", side.to_string()),
                    ("Cookie", m.name.clone().or(m.line.clone()).unwrap_or_else(|| "(not in the message)".into())),
                    ("Reason", format!("{} ({})", m.meaning, m.key)),
                ];
                let rows = facts.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view();
                let assumed = r.assumptions.iter().chain(&m.notes).map(|a| view! { <li>{a.clone()}</li> }).collect_view();
                let why_not = r.not_reproduced.clone().map(|w| view! { <p class="note" data-testid="cookie-message-unreproduced">{w}</p> });
                let load = r.scenario.clone().map(|s| view! {
                    <button data-testid="cookie-message-load" on:click=move |_| inspector.load_scenario(&s)>"Load a scenario that reproduces it"</button>
                });
                view! {
                    <div data-testid="cookie-message-result" data-reason=m.reason.map(|x| x.as_str()).unwrap_or_default()>
                        <table class="facts"><tbody>{rows}</tbody></table>
                        <ul class="assumptions">{assumed}</ul>
                        {why_not}
                        {load}
                    </div>
                }
            })}
            {move || result.get().into_iter().map(|r| match r {
                Err(e) => view! { <p class="error" role="alert" data-testid="console-unrecognised">{e}</p> }.into_any(),
                Ok((m, repro)) => {
                    let facts = vec![
                        ("Browser", m.browser.as_str().to_string()),
                        ("Reason", m.reason.describe()),
                        ("URL", m.url.clone().unwrap_or_else(|| "(not in the message)".into())),
                        ("Redirected from", m.initial_url.clone().unwrap_or_default()),
                        ("Page origin", m.page_origin.clone().unwrap_or_else(|| "(not in the message)".into())),
                        ("Failed at", format!("{}{}", m.stage, if m.preflight { " (the preflight)" } else { "" })),
                        ("Status", m.status.map(|s| s.to_string()).unwrap_or_default()),
                    ];
                    let rows = facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! {
                        <tr><th scope="row">{k}</th><td data-testid=format!("console-{}", k.to_ascii_lowercase().replace(' ', "-"))>{v}</td></tr>
                    }).collect_view();
                    let assumptions = repro.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view();
                    let advice = repro.advice.clone().map(|a| view! { <p class="note" data-testid="console-advice">{a}</p> });
                    let load = repro.scenario.clone().map(|s| view! {
                        <button data-testid="console-load" on:click=move |_| inspector.load_scenario(&s)>"Load a scenario that reproduces it"</button>
                    });
                    view! {
                        <div data-testid="console-result">
                            <table class="facts"><tbody>{rows}</tbody></table>
                            <Show when=move || !repro.assumptions.is_empty()>
                                <p class="muted">"The message does not say everything; the scenario assumes:"</p>
                            </Show>
                            <ul class="assumptions" data-testid="console-assumptions">{assumptions}</ul>
                            {advice}
                            {load}
                        </div>
                    }.into_any()
                }
            }).collect_view()}
        </section>
    }
}
