//! Every plain network request the app makes: the lab's info and journal and
//! the Public Suffix List, read into the engine's typed lab contract. The live
//! probe — `fetch()` with the request's exact mode, credentials and redirect
//! options — is `crate::net::probe`.
//!
//! The plain requests go through gloo-net (already in the wasm through
//! Leptos); the probe stays on web-sys (see its module).

pub mod cookie_run;
pub mod frame;
pub mod probe;

use corscope_engine::lab::{
    JournalEntry, LabInfo, ProbeAsk, Probed, KEY_HEADER as LAB_KEY_HEADER, LAB_INFO_PATH, PROBE_PATH,
};
use wasm_bindgen_futures::JsFuture;

use std::cell::RefCell;

thread_local! {
    /// The key of the paired lab (a hosted page), sent with every lab read.
    static LAB_KEY: RefCell<Option<String>> = const { RefCell::new(None) };
    static COOKIE_HOSTS: RefCell<Option<corscope_engine::lab::CookieHostPorts>> = const { RefCell::new(None) };
}

/// Sets the key the lab reads (`/lab.json`, `/journal`) are sent with.
pub fn set_lab_key(key: Option<String>) {
    LAB_KEY.with(|k| *k.borrow_mut() = key);
}

/// Why a GET gave no text.
#[derive(Clone, Debug, PartialEq)]
pub enum GetError {
    /// The fetch rejected: no HTTP answer the page may see (down, refused,
    /// blocked by Local Network Access or by CORS).
    Unreachable(String),
    /// An HTTP answer that is not 2xx, with its body.
    Status(u16, String),
    Other(String),
}

impl std::fmt::Display for GetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GetError::Unreachable(url) => write!(f, "{url} could not be fetched"),
            GetError::Status(status, _) => write!(f, "the answer was {status}"),
            GetError::Other(e) => f.write_str(e),
        }
    }
}

/// GETs `url`, or POSTs the JSON `post` to it, with the lab key when
/// `lab_read`, and returns the answer's body as text.
async fn request(url: &str, post: Option<&str>, lab_read: bool) -> Result<String, GetError> {
    use gloo_net::http::RequestBuilder;
    let mut builder = match post {
        Some(_) => RequestBuilder::new(url).method(gloo_net::http::Method::POST),
        None => RequestBuilder::new(url),
    };
    if let Some(key) = LAB_KEY.with(|k| k.borrow().clone()).filter(|_| lab_read) {
        builder = builder.header(LAB_KEY_HEADER, &key);
    }
    let sent = match post {
        Some(body) => {
            builder
                .header("content-type", "application/json")
                .body(body)
                .map_err(|e| GetError::Other(e.to_string()))?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let response = sent.map_err(|_| GetError::Unreachable(url.to_string()))?;
    let text = response.text().await.ok();
    if !response.ok() {
        return Err(GetError::Status(response.status(), text.unwrap_or_default()));
    }
    text.ok_or_else(|| GetError::Other(format!("{url} is not text")))
}

async fn get(url: &str, lab_read: bool) -> Result<String, GetError> {
    request(url, None, lab_read).await
}

/// GETs `url` and returns its body as text; an error names what failed.
pub async fn get_text(url: &str) -> Result<String, String> {
    get(url, false).await.map_err(|e| match e {
        GetError::Status(status, _) => format!("{url} answered {status}"),
        e => e.to_string(),
    })
}

/// The lab's origins: from the lab that serves this page (`lab`: `None`), or
/// from the lab at `lab` (a paired hosted page).
pub async fn lab_info(lab: Option<&str>) -> Result<LabInfo, GetError> {
    let url = format!("{}{LAB_INFO_PATH}", lab.unwrap_or_default());
    let text = get(&url, true).await?;
    serde_json::from_str(&text).map_err(|e| GetError::Other(format!("{url} is not the lab's info: {e}")))
}

/// What the lab received, from a journal URL (`corscope_engine::lab::journal_url`).
pub async fn journal(url: &str) -> Option<Vec<JournalEntry>> {
    serde_json::from_str(&get(url, true).await.ok()?).ok()
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Listens to `message` events with `handler`, once per `listening` flag.
pub(crate) fn listen_to_messages(
    listening: &'static std::thread::LocalKey<RefCell<bool>>,
    handler: fn(web_sys::MessageEvent),
) -> Result<(), String> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let window = web_sys::window().ok_or("no window")?;
    if !listening.with(|l| l.replace(true)) {
        let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(handler);
        window
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .map_err(|_| "cannot listen for messages")?;
        listener.forget();
    }
    Ok(())
}

/// The cookie hosts of the lab this page talks to, when it is the lab's own
/// page (a paired page cannot hear the cookie page, which answers the lab's app only).
pub fn set_cookie_hosts(ports: Option<corscope_engine::lab::CookieHostPorts>) {
    COOKIE_HOSTS.with(|c| *c.borrow_mut() = ports);
}

pub fn cookie_hosts() -> Option<corscope_engine::lab::CookieHostPorts> {
    COOKIE_HOSTS.with(|c| *c.borrow())
}

/// POSTs JSON to a trusted lab endpoint (with the key); the answer's text.
pub async fn post_lab(url: &str, body: &str) -> Result<String, GetError> {
    request(url, Some(body), true).await
}

/// Asks the lab at `lab` to probe a request the way this browser sends it
/// (server-to-server): the real answers, or why not.
pub async fn probe_at_lab(lab: &str, ask: &ProbeAsk) -> Result<Probed, String> {
    let url = format!("{lab}{PROBE_PATH}");
    let body = serde_json::to_string(ask).map_err(|e| e.to_string())?;
    // A probe that failed (a 400 or 502) still answers a `Probed` saying why.
    let text = match request(&url, Some(&body), true).await {
        Ok(text) | Err(GetError::Status(_, text)) => text,
        Err(GetError::Unreachable(_)) => return Err(format!("the lab at {lab} could not be reached to probe")),
        Err(e) => return Err(e.to_string()),
    };
    if let Ok(refusal) = serde_json::from_str::<corscope_engine::lab::Refusal>(&text) {
        return Err(format!("the lab refused to probe: {}", refusal.refused));
    }
    serde_json::from_str(&text).map_err(|e| format!("the lab's probe answer is unreadable: {e}"))
}

/// The browser's Local Network Access permission for reaching loopback
/// (`navigator.permissions.query({name: 'loopback-network'})`): `granted`,
/// `prompt` or `denied`; `None` where the browser has no such permission
/// (no Local Network Access, or an older browser: the query throws).
pub async fn loopback_permission() -> Option<String> {
    let permissions = web_sys::window()?.navigator().permissions().ok()?;
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"name".into(), &"loopback-network".into()).ok()?;
    let status = JsFuture::from(permissions.query(&descriptor).ok()?).await.ok()?;
    js_sys::Reflect::get(&status, &"state".into()).ok()?.as_string()
}

pub async fn load_public_suffix_list() -> Result<(), String> {
    let text = get_text("public_suffix_list.dat").await?;
    corscope_engine::origin::public_suffix::install(&text)
}
