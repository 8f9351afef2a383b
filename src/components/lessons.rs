//! Learn CORS: the lessons (`corscope_engine::learn`), an index by topic and
//! the open lesson — its text, its scenario loaded into the inspector (run it
//! live with the lab), "try this" (the change that flips it) and the fix.
//! Each lesson has its own link, `#lesson=ID`.

use crate::state::{expect_inspector, Inspector};
use corscope_engine::learn::{lesson, Lesson, LESSONS};
use leptos::prelude::*;

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

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let inspector = expect_inspector();
    let current = RwSignal::new(None::<&'static Lesson>);
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
