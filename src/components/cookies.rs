//! "Cookies the browser holds": the cookies of the scenario (each as the
//! `Set-Cookie` line that made it, where, and how), the browser's third-party
//! setting, and what the engine says of each on each hop — sent or not, stored
//! or not, and why — with the ways out and the browsers each works in.
//! Deferred (deferred.rs): none of it is in the first view.

use crate::net::cookie_run::CookieLive;
use crate::state::expect_inspector;
use corscope_engine::lab::cookie_run::CookieRunPlan;
use corscope_engine::{Browser, CookieSetting, Cookies, HeldCookie, Via};
use leptos::prelude::*;

/// One cookie a line: `SET-COOKIE LINE @ URL`, optionally followed by
/// `via fetch from ORIGIN` (set by a credentialed fetch from that page).
pub fn parse_lines(text: &str) -> Result<Vec<HeldCookie>, String> {
    let mut held = vec![];
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let Some((set_cookie, rest)) = line.rsplit_once(" @ ") else {
            return Err(format!(
                "line {n}: write the Set-Cookie line, then ' @ ' and the URL that set it (e.g. sid=1; Secure @ https://api.example/)"
            ));
        };
        let (url, from) = match rest.split_once(" via fetch from ") {
            Some((url, from)) => (url.trim(), Some(from.trim())),
            None => (rest.trim(), None),
        };
        corscope_engine::Origin::parse(url).map_err(|e| format!("line {n}: {e}"))?;
        if let Some(f) = from {
            corscope_engine::Origin::parse(f).map_err(|e| format!("line {n}: the page that fetched: {e}"))?;
        }
        held.push(HeldCookie {
            set_cookie: set_cookie.trim().to_string(),
            url: url.to_string(),
            via: if from.is_some() { Via::Fetch } else { Via::Visit },
            from: from.map(str::to_string),
        });
    }
    Ok(held)
}

/// The lines for `held` ([`parse_lines`] reads them back).
pub fn lines_of(held: &[HeldCookie]) -> String {
    held.iter()
        .map(|h| match (&h.via, &h.from) {
            (Via::Fetch, Some(from)) => format!("{} @ {} via fetch from {from}", h.set_cookie, h.url),
            _ => format!("{} @ {}", h.set_cookie, h.url),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each browser's default, in words (where a shipped browser differs from the
/// profile the tests start, it says so).
fn default_words(browser: Browser) -> &'static str {
    match browser {
        Browser::Chromium => "blocked — Chromium 156 as it starts here (Google Chrome itself has shipped with them allowed outside Incognito; not checked here)",
        Browser::Firefox => "partitioned — Firefox's Total Cookie Protection",
        Browser::WebKit => "blocked — Safari's tracking prevention (WebKitGTK without it sends the cookies of sites the user visited)",
        Browser::Spec => "allowed — the spec has no such setting",
    }
}

/// The names in a `Cookie` line, sorted.
fn cookie_names(line: Option<&str>) -> Vec<String> {
    corscope_engine::cookies::names_in_cookie_line(line.unwrap_or_default())
}

/// "Run on the lab with these cookies": the lab's cookie hosts hold the
/// scenario's cookies (a window shows the visits that set them), the request
/// runs there, and what the lab received is shown beside the prediction.
#[component]
fn LiveCookies() -> impl IntoView {
    let inspector = expect_inspector();
    let state = RwSignal::new(None::<Result<(CookieRunPlan, CookieLive), String>>);
    let running = RwSignal::new(false);
    let run = move |_| {
        let Some(ports) = crate::net::cookie_hosts() else {
            return;
        };
        let Ok(s) = inspector.scenario.get_untracked() else {
            return;
        };
        let id = format!("cookies-{}", js_sys::Date::now() as u64);
        let plan = match corscope_engine::lab::cookie_run::plan(&s, ports, &id) {
            Ok(p) => p,
            Err(e) => {
                state.set(Some(Err(format!(
                    "This scenario cannot run on the lab's cookie hosts: {e}"
                ))));
                return;
            }
        };
        // Opened in the click itself (a window opened later is blocked).
        let popup = web_sys::window().and_then(|w| {
            w.open_with_url_and_target("about:blank", "corscope-cookies")
                .ok()
                .flatten()
        });
        let Some(popup) = popup else {
            state.set(Some(Err(
                "The browser did not open the window the run needs (a popup blocker?).".into(),
            )));
            return;
        };
        let home = {
            let h = inspector.lab_home.get_untracked();
            if h.is_empty() {
                web_sys::window()
                    .and_then(|w| w.location().origin().ok())
                    .unwrap_or_default()
            } else {
                h
            }
        };
        running.set(true);
        state.set(None);
        leptos::task::spawn_local(async move {
            let result = crate::net::cookie_run::run(&home, &plan, popup).await;
            state.set(Some(result.map(|live| (plan, live))));
            running.set(false);
        });
    };
    let shown = move || {
        inspector.lab_origins.track();
        crate::net::cookie_hosts().is_some()
    };
    view! {
        <Show when=shown>
            <button class="secondary" data-testid="cookies-run" on:click=run disabled=move || running.get()>
                "Run on the lab with these cookies"
            </button>
            {move || running.get().then(|| view! { <p class="muted">"Setting the cookies, then running the request…"</p> })}
            {move || state.get().map(|r| match r {
                Err(e) => view! { <p class="error" role="alert" data-testid="cookies-live-error">{e}</p> }.into_any(),
                Ok((plan, live)) => {
                    let browser = inspector.browser.get_untracked();
                    let predict = |setting: Option<CookieSetting>| -> Vec<Vec<String>> {
                        let mut s = plan.scenario.clone();
                        if setting.is_some() {
                            s.cookies.setting = setting;
                        }
                        let d = corscope_engine::decide(&s, browser);
                        d.sent.iter().filter(|r| !r.preflight).map(|r| cookie_names(r.cookie.as_deref())).collect()
                    };
                    let predicted = predict(None);
                    let arrived: Vec<Vec<String>> = live.arrived.iter().map(|l| cookie_names(l.as_deref())).collect();
                    let agree = predicted == arrived;
                    // Where it differs: the setting under which the engine says what arrived.
                    let settings: Vec<&'static str> = if agree {
                        vec![]
                    } else {
                        [CookieSetting::Allowed, CookieSetting::Blocked, CookieSetting::Partitioned, CookieSetting::VisitedOnly]
                            .into_iter()
                            .filter(|s| predict(Some(*s)) == arrived)
                            .map(|s| s.as_str())
                            .collect()
                    };
                    let hosts = plan.hosts.iter().map(|(h, l)| format!("{h} → {l}")).collect::<Vec<_>>().join(", ");
                    let hops = live.arrived.iter().enumerate().map(|(i, l)| view! {
                        <li data-testid="cookies-arrived">{format!("hop {i}: Cookie: {}", l.clone().unwrap_or_else(|| "(none)".into()))}</li>
                    }).collect_view();
                    view! {
                        <div data-testid="cookies-live" data-agree=agree.to_string() data-outcome=live.outcome.clone()
                            data-setting=settings.join(" ")>
                            <p>{format!("What the lab received (script saw: {}); on the lab {hosts}:", live.outcome)}</p>
                            <ul class="plain">{hops}</ul>
                            <p class=if agree { "badge agree" } else { "badge disagree" }>
                                {match (agree, settings.is_empty()) {
                                    (true, _) => "as the engine predicts for this browser".to_string(),
                                    (false, false) => format!("as the engine predicts with third-party cookies {}: this browser's setting is not the one predicted (choose it above)", settings.join(" or ")),
                                    (false, true) => format!("the engine predicted {predicted:?}: a difference worth reporting"),
                                }}
                            </p>
                        </div>
                    }.into_any()
                }
            })}
        </Show>
    }
}

#[component]
pub fn CookiesPanel() -> impl IntoView {
    let inspector = expect_inspector();
    let text = RwSignal::new(lines_of(&inspector.cookies.get_untracked().held));
    let problem = RwSignal::new(None::<String>);
    // A scenario loaded from elsewhere (a lesson, a link, a file) shows its cookies.
    Effect::new(move |_| {
        let held = inspector.cookies.get().held;
        if parse_lines(&text.get_untracked()).ok().as_ref() != Some(&held) {
            text.set(lines_of(&held));
            problem.set(None);
        }
    });
    let on_text = move |ev| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        match parse_lines(&typed) {
            Ok(held) => {
                problem.set(None);
                inspector.cookies.update(|c| c.held = held);
            }
            // What was typed stays; the scenario keeps the last readable cookies.
            Err(e) => problem.set(Some(e)),
        }
    };
    let setting_value = move || {
        inspector
            .cookies
            .get()
            .setting
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    };
    let on_setting = move |ev| {
        let v = event_target_value(&ev);
        inspector
            .cookies
            .update(|c: &mut Cookies| c.setting = v.parse::<CookieSetting>().ok());
    };
    let verdicts = move || {
        if !inspector.cookies_ready.get() {
            return view! { <p class="muted" data-testid="cookies-waiting">"Reading the cookie rules…"</p> }.into_any();
        }
        let (Some(d), Ok(s)) = (inspector.decision.get(), inspector.scenario.get()) else {
            return ().into_any();
        };
        if s.cookies.held.is_empty() && d.set_cookies.is_empty() {
            return view! { <p class="muted">"No cookie held, and no Set-Cookie in the answers."</p> }.into_any();
        }
        let setting = match s.cookies.setting {
            Some(own) => format!("{own} (set here)"),
            None => format!("{} — {}", d.cookie_setting, default_words(d.browser)),
        };
        let held = d
            .held_cookies
            .iter()
            .filter(|h| !h.stored)
            .map(|h| {
                view! { <li data-testid="held-refused">{format!("{} — never held: {}", h.line, h.why)}</li> }
            })
            .collect_view();
        let lines = d
            .sent
            .iter()
            .filter(|r| !r.preflight)
            .map(|r| {
                let hop = if r.hop > 0 { format!(" (hop {})", r.hop) } else { String::new() };
                view! { <li data-testid="cookie-line">{format!("Cookie{hop}: {}", r.cookie.clone().unwrap_or_else(|| "(none)".into()))}</li> }
            })
            .collect_view();
        let rows = d
            .cookies
            .iter()
            .map(|c| {
                let devtools = c.devtools.map(|n| format!(" (DevTools: {n})")).unwrap_or_default();
                view! {
                    <tr data-testid="cookie-row" data-name=c.name.clone() data-sent=c.sent.to_string() data-hop=c.hop.to_string()>
                        <td>{c.hop}</td><td><code>{c.name.clone()}</code></td>
                        <td>{if c.sent { "sent" } else { "not sent" }}</td>
                        <td>{format!("{}{devtools}", c.why)}</td>
                    </tr>
                }
            })
            .collect_view();
        let stored = d
            .set_cookies
            .iter()
            .map(|c| {
                let where_ = c.partition.clone().map(|p| format!("in {p}'s jar")).unwrap_or_default();
                view! {
                    <tr data-testid="set-cookie-row" data-name=c.name.clone() data-stored=c.stored.to_string()>
                        <td>{c.hop.unwrap_or_default()}</td><td><code>{c.line.clone()}</code></td>
                        <td>{if c.stored { "stored" } else { "not stored" }}" "{where_}</td>
                        <td>{c.why.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let options = corscope_engine::explain::cookie_fix::options(&s, &d)
            .into_iter()
            .map(|o| {
                let works = match &o.works_in {
                    Some(b) if b.is_empty() => {
                        "the cookie still does not go in any browser's default setting".to_string()
                    }
                    Some(b) => format!(
                        "then it goes in {}",
                        b.iter().map(|b| b.label()).collect::<Vec<_>>().join(", ")
                    ),
                    None => "no cookie needed".to_string(),
                };
                view! {
                    <li data-testid="cookie-fix" data-key=o.key>
                        <strong>{o.title}</strong>" — "{works}". "{o.how}" "<em>{format!("Costs: {}", o.cost)}</em>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p data-testid="cookie-setting-used">{format!("Third-party cookies: {setting}")}</p>
            <ul class="plain">{held}{lines}</ul>
            <table class="cookies" data-testid="cookie-table">
                <thead><tr><th scope="col">"Hop"</th><th scope="col">"Cookie"</th><th scope="col">"Goes?"</th><th scope="col">"Why"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <table class="cookies" data-testid="set-cookie-table">
                <thead><tr><th scope="col">"Hop"</th><th scope="col">"Set-Cookie"</th><th scope="col">"Stored?"</th><th scope="col">"Why"</th></tr></thead>
                <tbody>{stored}</tbody>
            </table>
            <ul class="fixes" data-testid="cookie-fixes">{options}</ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" id="cookies" aria-labelledby="cookies-title" data-testid="cookies-panel">
            <h2 id="cookies-title">"Cookies the browser holds"</h2>
            <p class="muted">"CORS decides whether script may read the answer; whether a cookie goes with the request, or an answer's Set-Cookie is stored, is decided apart from it — by SameSite (same-site, not same-origin), Secure, partitioning and the browser's third-party setting. Cookies go only with credentials: 'include' (or to the page's own origin)."</p>
            <div class="row">
                <label for="cookie-lines">"One cookie a line: the Set-Cookie line @ the URL that set it (a visit), or add “via fetch from ORIGIN” (a credentialed fetch from that page)"</label>
                <textarea id="cookie-lines" data-testid="cookie-lines" rows="3" spellcheck="false"
                    placeholder="sid=1; SameSite=None; Secure @ https://api.example/"
                    prop:value=move || text.get() on:input=on_text></textarea>
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="cookie-problem">{p}</p> })}
            <div class="row">
                <label for="cookie-setting">"Third-party cookies"</label>
                <select id="cookie-setting" data-testid="cookie-setting" prop:value=setting_value on:change=on_setting>
                    <option value="">"The browser's default"</option>
                    <option value="allowed">"allowed"</option>
                    <option value="blocked">"blocked"</option>
                    <option value="partitioned">"partitioned (Firefox)"</option>
                    <option value="visited-only">"visited sites only (WebKit)"</option>
                </select>
            </div>
            {verdicts}
            <LiveCookies />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_bad_lines_are_named() {
        let text = "sid=1; SameSite=None; Secure @ https://api.example/\np=1; Secure; Partitioned @ https://api.example/x via fetch from https://shop.example";
        let held = parse_lines(text).unwrap();
        assert_eq!(held.len(), 2);
        assert_eq!(held[1].via, Via::Fetch);
        assert_eq!(lines_of(&held), text);
        assert!(parse_lines("sid=1").unwrap_err().starts_with("line 1:"));
        assert!(parse_lines("\nsid=1 @ not a url").unwrap_err().starts_with("line 2:"));
        assert!(parse_lines("a=1 @ https://a.example/ via fetch from nope").is_err());
    }
}
