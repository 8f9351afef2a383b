//! Every plain network request the app makes: the lab's info and journal and
//! the Public Suffix List, read into the engine's typed lab contract. The live
//! probe — `fetch()` with the request's exact mode, credentials and redirect
//! options — is `crate::net::probe`.
//!
//! web-sys, not gloo-net: these are plain GETs, and the probe needs web-sys's
//! `RequestInit` for every option anyway, so gloo-net would add a crate to the
//! wasm for no option it alone has.

pub mod probe;

use corscope_engine::lab::{JournalEntry, LabInfo, LAB_INFO_PATH};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// GETs `url` and returns its body as text; an error names what failed.
pub async fn get_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?
        .dyn_into()
        .map_err(|_| "unexpected fetch result".to_string())?;
    if !response.ok() {
        return Err(format!("{url} answered {}", response.status()));
    }
    JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url} is not text"))
}

/// The lab's origins, if this page is served by a lab.
pub async fn lab_info() -> Option<LabInfo> {
    serde_json::from_str(&get_text(LAB_INFO_PATH).await.ok()?).ok()
}

/// What the lab received, from a journal URL (`corscope_engine::lab::journal_url`).
pub async fn journal(url: &str) -> Option<Vec<JournalEntry>> {
    serde_json::from_str(&get_text(url).await.ok()?).ok()
}

/// Fetches the Public Suffix List and hands it to the engine.
pub async fn load_public_suffix_list() -> Result<(), String> {
    let text = get_text("public_suffix_list.dat").await?;
    corscope_engine::origin::public_suffix::install(&text)
}
