//! Sharing and reproducing: the permalink (the whole scenario in the URL
//! fragment), scenario files and HAR exports (import by file picker, drag and
//! drop or paste; export), and the copyable Markdown bug report.

use crate::state::{expect_inspector, Inspector, RunRecord};
use corscope_engine::diagnose::har::{looks_like_har, parse_har};
use corscope_engine::share::report::{bug_report, Observed};
use corscope_engine::{explain, parse_scenarios, share::permalink, Scenario};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// This page's URL without its fragment.
fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Opens the scenario in the page's fragment, if there is one: loads it, or
/// says what is wrong with the link (the page stays usable, the link as it is).
pub async fn open_permalink(inspector: Inspector) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
        return;
    };
    if hash.is_empty() || hash == "#panic-test" || hash == "#bench-engine" || hash.starts_with("#lesson=") {
        return;
    }
    match read_link(&hash).await {
        Ok(s) => inspector.load_scenario(&s),
        Err(LinkError::Link(permalink::PermalinkError::NoScenario)) => {}
        Err(e) => inspector.notice.set(Some(format!(
            "This link could not be opened: {e}. The page works as usual; ask for the link again or for the scenario file."
        ))),
    }
}

/// Why a link could not be read.
enum LinkError {
    Link(permalink::PermalinkError),
    /// This browser cannot unpack it (no DecompressionStream 'deflate-raw').
    Unsupported,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Link(e) => e.fmt(f),
            LinkError::Unsupported => {
                f.write_str("this browser cannot decompress it (no DecompressionStream 'deflate-raw')")
            }
        }
    }
}

/// A scenario from a link, unpacked by the browser's DecompressionStream.
async fn read_link(text: &str) -> Result<Scenario, LinkError> {
    use crate::compress::{unpack, Unpack};
    let packed = permalink::packed_data(text).map_err(LinkError::Link)?;
    let json = unpack(&packed, permalink::MAX_SCENARIO_BYTES)
        .await
        .map_err(|e| match e {
            Unpack::TooLarge => LinkError::Link(permalink::PermalinkError::TooLarge),
            Unpack::Damaged => LinkError::Link(permalink::PermalinkError::Truncated),
            Unpack::Unsupported => LinkError::Unsupported,
        })?;
    permalink::scenario_of_unpacked(json).map_err(LinkError::Link)
}

/// The permalink of a scenario on this page, packed by the browser's CompressionStream.
async fn make_link(scenario: &Scenario) -> Result<String, String> {
    let packed = crate::compress::pack(permalink::payload(scenario).as_bytes()).await?;
    Ok(permalink::link_with_fragment(
        &page_url(),
        &permalink::fragment_of_packed(&packed),
    ))
}

fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let promise = w.navigator().clipboard().write_text(text);
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

thread_local! {
    /// Chromium's full version, once `learn_full_version` has read it.
    static FULL_VERSION: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Asks Chromium for its full version: since the user-agent reduction its
/// user agent names only the major version ("Chrome/156.0.0.0"), and a bug
/// report needs the build. Other browsers have no `userAgentData`; then
/// nothing changes.
pub async fn learn_full_version() {
    use js_sys::Reflect;
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let Ok(data) = Reflect::get(&navigator, &"userAgentData".into()) else {
        return;
    };
    let Some(get) = Reflect::get(&data, &"getHighEntropyValues".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let hints = js_sys::Array::of1(&"fullVersionList".into());
    let Some(promise) = get
        .call1(&data, &hints)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        return;
    };
    let Ok(values) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return;
    };
    let list = Reflect::get(&values, &"fullVersionList".into()).unwrap_or_default();
    if !js_sys::Array::is_array(&list) {
        return;
    }
    let field =
        |item: &wasm_bindgen::JsValue, name: &str| Reflect::get(item, &name.into()).ok().and_then(|v| v.as_string());
    let full = js_sys::Array::from(&list)
        .iter()
        .find(|item| field(item, "brand").as_deref() == Some("Chromium"))
        .and_then(|item| field(&item, "version"));
    FULL_VERSION.with(|v| *v.borrow_mut() = full);
}

/// "Chromium 156.0.8078.73" or "Firefox 153.0": the user agent's name and
/// version, with Chromium's full version when `learn_full_version` found it.
pub fn browser_version() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let version_after = |key: &str| {
        ua.split(key)
            .nth(1)
            .map(|r| r.split(' ').next().unwrap_or_default().to_string())
    };
    if let Some(v) = version_after("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version_after("Chrome/") {
        let full = FULL_VERSION.with(|f| f.borrow().clone());
        format!("Chromium {}", full.unwrap_or(v))
    } else if let Some(v) = version_after("Version/") {
        // WebKitGTK says "Version/60.5" too: on Linux it is not Safari.
        if ua.contains("Linux") && !ua.contains("Android") {
            format!(
                "WebKitGTK (Safari's engine, AppleWebKit/{})",
                version_after("AppleWebKit/").unwrap_or(v)
            )
        } else {
            format!("Safari {v}")
        }
    } else {
        ua
    }
}

/// What the latest live run of this scenario observed, for the report.
fn observed_for(scenario: &Scenario, history: &[RunRecord]) -> Option<Observed> {
    let run = history
        .iter()
        .find(|r| &r.scenario == scenario || r.source.as_ref() == Some(scenario))?;
    let outcome = run.result.observed.page_saw().outcome().to_string();
    let detail = match &run.result.observed {
        crate::net::probe::Observed::Resolved {
            response_type, status, ..
        } => format!("response type {response_type}, status {status}"),
        crate::net::probe::Observed::Rejected { name, message } => format!("{name}: {message}"),
    };
    let mapped = if run.source.is_some() {
        format!(
            "; run against the corscope lab at {}",
            corscope_engine::lab::scenario_endpoint_origin(&run.result.fetched_url).unwrap_or_default()
        )
    } else {
        String::new()
    };
    Some(Observed {
        browser: run.browser.clone().unwrap_or_else(browser_version),
        outcome,
        detail: format!("{detail}{mapped}"),
    })
}

/// The largest file or paste read (a long session's HAR is tens of MB).
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;

/// What an import offers: scenarios to load, each with what was assumed.
type Choices = RwSignal<Vec<(Scenario, Vec<String>)>>;

/// Loads the text of a scenario file or a HAR export: one scenario is loaded,
/// several are offered as a choice; an error names the field and line, and
/// what a HAR reading assumed is said.
fn import_text(
    inspector: Inspector,
    text: &str,
    choices: Choices,
    note: RwSignal<Vec<String>>,
    error: RwSignal<Option<String>>,
) {
    note.set(vec![]);
    if text.len() > MAX_IMPORT_BYTES {
        error.set(Some(too_big(text.len())));
        return;
    }
    let list: Vec<(Scenario, Vec<String>)> = if looks_like_har(text) {
        match parse_har(text) {
            Ok(list) if list.is_empty() => {
                error.set(Some(
                    "The HAR holds no cross-origin request (same-origin requests need no CORS). If the request is missing, export again with the All filter, not Fetch/XHR only.".into(),
                ));
                return;
            }
            Ok(list) => list.into_iter().map(|x| (x.scenario, x.assumptions)).collect(),
            Err(e) => {
                error.set(Some(format!("This HAR cannot be read: {e}")));
                return;
            }
        }
    } else {
        match parse_scenarios(text) {
            Ok(list) if list.is_empty() => {
                error.set(Some("The file holds an empty list of scenarios.".into()));
                return;
            }
            Ok(list) => list.into_iter().map(|s| (s, vec![])).collect(),
            Err(e) => {
                error.set(Some(format!("This is not a scenario file: {e}")));
                return;
            }
        }
    };
    error.set(None);
    if let [(scenario, assumed)] = list.as_slice() {
        inspector.load_scenario(scenario);
        note.set(assumed.clone());
        choices.set(vec![]);
    } else {
        choices.set(list);
    }
}

fn too_big(bytes: usize) -> String {
    format!(
        "This is {:.1} MB; at most {} MB are read. Export only what you need (in DevTools, filter the requests first).",
        bytes as f64 / 1e6,
        MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

/// How far reading a file got: bytes read, of how many, and how many times
/// the page was told (each slice read is one update).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Reading {
    read: f64,
    total: f64,
    updates: u32,
    done: bool,
}

/// The bytes read at a time: a large HAR is read slice by slice, the progress
/// shown after each, and the page answers input between slices.
const READ_SLICE: f64 = 1024.0 * 1024.0;

/// Lets the browser render and handle input before going on (a zero timeout).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads `file` as UTF-8 text (invalid bytes replaced, a BOM dropped, as
/// `Blob.text()` does), slice by slice, with its progress in `reading`.
async fn read_file(file: web_sys::File, reading: RwSignal<Option<Reading>>) -> Result<String, String> {
    let unreadable = || format!("{} could not be read", file.name());
    let total = file.size();
    let mut bytes = Vec::with_capacity(total as usize);
    let mut at = 0.0;
    reading.set(Some(Reading {
        total,
        ..Reading::default()
    }));
    while at < total {
        let end = (at + READ_SLICE).min(total);
        let slice = file.slice_with_f64_and_f64(at, end).map_err(|_| unreadable())?;
        let buffer = JsFuture::from(slice.array_buffer()).await.map_err(|_| unreadable())?;
        bytes.extend(js_sys::Uint8Array::new(&buffer).to_vec());
        at = end;
        reading.update(|r| {
            if let Some(r) = r {
                r.read = at;
                r.updates += 1;
            }
        });
        yield_to_browser().await;
    }
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Reads a picked or dropped file (refused unread past the limit) and imports it.
fn import_file(
    file: web_sys::File,
    inspector: Inspector,
    choices: Choices,
    note: RwSignal<Vec<String>>,
    error: RwSignal<Option<String>>,
    reading: RwSignal<Option<Reading>>,
) {
    if file.size() > MAX_IMPORT_BYTES as f64 {
        reading.set(None);
        error.set(Some(too_big(file.size() as usize)));
        return;
    }
    error.set(None);
    spawn_local(async move {
        match read_file(file, reading).await {
            Ok(text) => {
                // Say the reading is done, and let that show, before the parse.
                reading.update(|r| {
                    if let Some(r) = r {
                        r.done = true;
                    }
                });
                yield_to_browser().await;
                import_text(inspector, &text, choices, note, error);
            }
            Err(e) => {
                reading.set(None);
                error.set(Some(e));
            }
        }
    });
}

fn reading_text(r: &Reading) -> String {
    let mb = |b: f64| b / 1e6;
    if r.done {
        format!("Read {:.1} MB.", mb(r.total))
    } else {
        format!("Reading {:.1} of {:.1} MB…", mb(r.read), mb(r.total))
    }
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let inspector = expect_inspector();
    let choices: Choices = RwSignal::new(vec![]);
    let import_note = RwSignal::new(Vec::<String>::new());
    let import_error = RwSignal::new(None::<String>);
    let reading = RwSignal::new(None::<Reading>);
    let paste = RwSignal::new(String::new());
    let report = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<&'static str>);
    // The link follows the scenario; packing is asynchronous, so a newer
    // scenario's link is never overwritten by an older one's. While it is
    // being made the field is aria-busy.
    let link = RwSignal::new(None::<String>);
    let packing = RwSignal::new(false);
    let made = StoredValue::new(0u64);
    Effect::new(move |_| {
        let scenario = inspector.scenario.get();
        made.update_value(|n| *n += 1);
        let this = made.get_value();
        packing.set(true);
        spawn_local(async move {
            let new = match scenario {
                Ok(s) => make_link(&s).await.ok(),
                Err(_) => None,
            };
            if made.get_value() == this {
                link.set(new);
                packing.set(false);
            }
        });
    });
    let export_href = Memo::new(move |_| {
        inspector.scenario.get().ok().map(|s| {
            let json = serde_json::to_string_pretty(&s).unwrap_or_default();
            format!(
                "data:application/json;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&json))
            )
        })
    });
    let copy_link = move |_| {
        if let Some(l) = link.get_untracked() {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&l));
            }
            copy_to_clipboard(&l);
            copied.set(Some(
                "The link is in the address bar, and on the clipboard if the browser allowed it.",
            ));
        }
    };
    let make_report = move |_| {
        let Ok(s) = inspector.scenario.get_untracked() else {
            return;
        };
        let d = explain(&s, inspector.browser.get_untracked());
        let observed = observed_for(&s, &inspector.history.get_untracked());
        spawn_local(async move {
            let link = make_link(&s).await.unwrap_or_else(|e| format!("(no permalink: {e})"));
            let md = bug_report(&s, &d, observed.as_ref(), &link);
            copy_to_clipboard(&md);
            report.set(Some(md));
            copied.set(Some(
                "The report is below, and on the clipboard if the browser allowed it.",
            ));
        });
    };
    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_file(file, inspector, choices, import_note, import_error, reading);
        }
        input.set_value("");
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else {
            if let Some(text) = ev.data_transfer().and_then(|d| d.get_data("text/plain").ok()) {
                if !text.trim().is_empty() {
                    paste.set(text.clone());
                    import_text(inspector, &text, choices, import_note, import_error);
                }
            }
            return;
        };
        import_file(file, inspector, choices, import_note, import_error, reading);
    };
    view! {
        <section class="panel" aria-labelledby="share-title" data-testid="share-panel"
            on:dragover=|ev: web_sys::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h2 id="share-title">"Share and reproduce"</h2>
            <div class="row">
                <label for="permalink">"Permalink (the whole scenario is in the link)"</label>
                <input id="permalink" data-testid="permalink" readonly aria-busy=move || packing.get().to_string()
                    prop:value=move || link.get().unwrap_or_default() />
                <div class="buttons">
                    <button data-testid="copy-link" on:click=copy_link disabled=move || link.get().is_none()>"Copy link"</button>
                    <a class="button secondary" data-testid="export" download="corscope-scenario.json"
                        href=move || export_href.get().unwrap_or_default()>"Export scenario file"</a>
                    <button data-testid="make-report" on:click=make_report disabled=move || link.get().is_none()>"Copy bug report"</button>
                </div>
                <p class="muted" data-testid="copied" aria-live="polite">{move || copied.get()}</p>
            </div>
            {move || report.get().map(|md| view! {
                <div class="row">
                    <label for="bug-report">"Bug report (Markdown)"</label>
                    <textarea id="bug-report" data-testid="bug-report" rows="10" readonly spellcheck="false" prop:value=md></textarea>
                </div>
            })}
            <div class="row">
                <label for="import-file">"Import a scenario file or a HAR export (or drop one on this panel)"</label>
                <input id="import-file" data-testid="import-file" type="file" accept=".json,.har,application/json" on:change=on_file />
            </div>
            <div class="row">
                <label for="import-text">"…or paste scenario JSON or a HAR"</label>
                <textarea id="import-text" data-testid="import-text" rows="3" spellcheck="false"
                    prop:value=move || paste.get() on:input=move |ev| paste.set(event_target_value(&ev))></textarea>
                <button class="secondary" data-testid="import-load"
                    on:click=move |_| import_text(inspector, &paste.get_untracked(), choices, import_note, import_error)>"Load pasted scenario"</button>
            </div>
            {move || reading.get().map(|r| view! {
                <p class="muted" role="status" data-testid="import-progress" data-updates=r.updates.to_string()
                    data-done=r.done.to_string()>{reading_text(&r)}</p>
            })}
            <p class="error" role="alert" data-testid="import-error">{move || import_error.get()}</p>
            <Show when=move || !import_note.get().is_empty()>
                <div class="row" data-testid="import-note">
                    <p>"Read from the HAR; assumed:"</p>
                    <ul>{move || import_note.get().into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <Show when=move || !choices.get().is_empty()>
                <div class="row" role="group" aria-label="Scenarios in the file">
                    <p>{move || format!("The file holds {} scenarios; load one:", choices.get().len())}</p>
                    {move || choices.get().into_iter().enumerate().map(|(i, (s, assumed))| {
                        let label = if s.name.is_empty() { format!("#{} {}", i + 1, s.request.url) } else { format!("#{} {}", i + 1, s.name) };
                        view! { <button class="chip" data-testid="import-choice" on:click=move |_| {
                            inspector.load_scenario(&s);
                            import_note.set(assumed.clone());
                        }>{label}</button> }
                    }).collect_view()}
                </div>
            </Show>
        </section>
    }
}
