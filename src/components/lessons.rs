//! Learn CORS: the lessons (`corscope_engine::learn`), an index by topic and
//! the open lesson — its text, its scenario loaded into the inspector (run it
//! live with the lab), "try this" (the change that flips it) and the fix.
//! Each lesson has its own link, `#lesson=ID`.

use crate::components::request_builder::{lab_run_url, run_id};
use crate::net::probe::Observed;
use crate::state::{expect_inspector, Inspector};
use corscope_engine::learn::{lesson, Lesson, LESSONS};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The lesson named in the page's address (`#lesson=ID`), if any.
pub fn lesson_in_address() -> Option<&'static Lesson> {
    let hash = web_sys::window()?.location().hash().ok()?;
    lesson(hash.strip_prefix("#lesson=")?)
}

fn open(inspector: Inspector, l: &'static Lesson, current: RwSignal<Option<&'static Lesson>>) {
    current.set(Some(l));
    if let Some(s) = l.scenario() {
        inspector.load_scenario(&s);
    }
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#lesson={}", l.id)));
    }
}

/// The same request sent twice: by this browser's `fetch()` and by the lab,
/// server to server, as Postman or curl would.
struct BothWays {
    browser: Observed,
    server: Result<corscope_engine::lab::Probed, String>,
}

async fn both_ways(inspector: Inspector) -> Result<BothWays, String> {
    use crate::state::LabStatus;
    let scenario = inspector.scenario.get_untracked()?;
    let lab_origins = inspector.lab_origins.get_untracked();
    let lab = match inspector.lab.get_untracked() {
        LabStatus::Connected(p) => p.lab,
        LabStatus::Own if !lab_origins.is_empty() => inspector.lab_home.get_untracked(),
        _ => return Err("This needs the lab (start it with ./scripts/start.sh, or connect one above); without it, read the prediction.".into()),
    };
    let live = inspector.live_origin.get_untracked();
    let frame = inspector.lab_frame.get_untracked();
    let mapped = corscope_engine::lab::matrix::map_onto_lab_live(&scenario, &live, &lab_origins, frame.as_deref());
    let page = mapped.page.clone();
    let url = lab_run_url(&mapped, &run_id());
    let from = frame.as_deref().filter(|f| mapped.page == *f);
    let browser = crate::net::probe::run_from(mapped.request.clone(), url.clone(), from)
        .await
        .observed;
    let mut request = mapped.request.clone();
    request.url = url;
    let ask = corscope_engine::lab::ProbeAsk {
        page,
        request,
        browser: inspector.browser.get_untracked().to_string(),
    };
    let server = crate::net::probe_at_lab(&lab, &ask).await;
    Ok(BothWays { browser, server })
}

fn browser_side(o: &Observed) -> impl IntoView {
    let (seen, text) = match o {
        Observed::Rejected { name, message } => (
            "rejected",
            format!("fetch() rejected: {name}: {message}. Script got no status, no headers, no body."),
        ),
        Observed::Resolved { response_type, .. } if response_type.starts_with("opaque") => {
            ("opaque", "An opaque response: status 0, nothing readable.".to_string())
        }
        Observed::Resolved { status, body, .. } => (
            "readable",
            format!(
                "Script read status {status} and the body: {}",
                body.clone().unwrap_or_default()
            ),
        ),
    };
    view! { <div class="both-side" data-testid="both-browser" data-seen=seen><h4>"The browser (fetch() from this page)"</h4><p>{text}</p></div> }
}

fn server_side(p: &Result<corscope_engine::lab::Probed, String>) -> impl IntoView {
    let sent = match p {
        Err(e) => Err(e.clone()),
        Ok(p) => match (&p.error, p.exchanges.last()) {
            (Some(e), _) => Err(e.clone()),
            (None, None) => Err("it sent nothing".to_string()),
            (None, Some(x)) => Ok(x.clone()),
        },
    };
    match sent {
        Err(e) => view! { <div class="both-side" data-testid="both-server" data-status="error"><p>{format!("The lab could not send it: {e}")}</p></div> }.into_any(),
        Ok(x) => {
            let text = format!("{}\n\n{}", crate::components::history::exchange_text(&x, |_| true), x.body.clone().unwrap_or_default());
            view! { <div class="both-side" data-testid="both-server" data-status=x.status.to_string()>
                <h4>"The lab, server to server (like Postman or curl)"</h4><pre>{text}</pre></div> }.into_any()
        }
    }
}

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let inspector = expect_inspector();
    let current = RwSignal::new(None::<&'static Lesson>);
    let both = RwSignal::new(None::<Result<BothWays, String>>);
    let sending = RwSignal::new(false);
    let send_both = move |_| {
        sending.set(true);
        both.set(None);
        spawn_local(async move {
            both.set(Some(both_ways(inspector).await));
            sending.set(false);
        });
    };
    if let Some(l) = lesson_in_address() {
        open(inspector, l, current);
    } else if let Some(id) = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| h.strip_prefix("#lesson=").map(str::to_string))
    {
        inspector.notice.set(Some(format!(
            "This link names no lesson '{id}'. The lessons are listed under Learn CORS; the page works as usual."
        )));
    }
    let mut topics: Vec<&'static str> = vec![];
    for l in LESSONS {
        if !topics.contains(&l.topic) {
            topics.push(l.topic);
        }
    }
    let index = topics
        .into_iter()
        .map(|topic| {
            let links = LESSONS
                .iter()
                .filter(|l| l.topic == topic)
                .map(|l| {
                    view! {
                        <li><a href=format!("#lesson={}", l.id) data-testid="lesson-link" data-lesson=l.id
                            on:click=move |ev| { ev.prevent_default(); open(inspector, l, current); }>{l.title}</a></li>
                    }
                })
                .collect_view();
            view! { <div class="lesson-topic"><h3>{topic}</h3><ul>{links}</ul></div> }
        })
        .collect_view();
    view! {
        <section class="panel lessons" id="learn" aria-labelledby="lessons-title" data-testid="lessons-panel">
            <h2 id="lessons-title">"Learn CORS"</h2>
            {move || current.get().map(|l| view! {
                <article class="lesson" data-testid="lesson" data-lesson=l.id>
                    <h3>{l.title}</h3>
                    <p data-testid="lesson-text">{l.text}</p>
                    <p class="muted">"Its scenario is loaded below: read the prediction, or run it live with the lab."</p>
                    <p><strong>"Try this: "</strong>{l.try_this}" "
                        <button class="secondary" data-testid="lesson-try"
                            on:click=move |_| if let Some(s) = l.changed() { inspector.load_scenario(&s) }>"Try it"</button>
                        " "<button class="link" data-testid="lesson-reset"
                            on:click=move |_| if let Some(s) = l.scenario() { inspector.load_scenario(&s) }>"back to the lesson"</button>
                    </p>
                    {l.server_to_server.then(|| view! {
                        <div class="both" data-testid="lesson-both">
                            <button data-testid="lesson-both-send" disabled=move || sending.get() on:click=send_both>"Send it both ways"</button>
                            {move || both.with(|b| match b {
                                None => ().into_any(),
                                Some(Err(e)) => view! { <p class="note" data-testid="both-error">{e.clone()}</p> }.into_any(),
                                Some(Ok(b)) => view! { <div class="both-sides">{browser_side(&b.browser)}{server_side(&b.server)}</div> }.into_any(),
                            })}
                        </div>
                    })}
                    <p data-testid="lesson-fix"><strong>"The fix: "</strong>{l.fix}</p>
                </article>
            })}
            <details open=move || current.get().is_none()>
                <summary data-testid="lessons-index">{format!("{} lessons, from the same-origin rule to the FAQ", LESSONS.len())}</summary>
                <div class="lesson-index">{index}</div>
            </details>
        </section>
    }
}
