//! The real network call: `fetch()` from the page's own origin with exactly the
//! request's options, recorded as what the page could observe (never more).
//!
//! web-sys, not gloo-net, here: gloo-net takes the method as an `http::Method`
//! (which cannot carry the malformed methods whose TypeError the engine
//! predicts) and sets headers instead of appending them (so a repeated header,
//! whose joined value the matrix checks, would be lost).

use corscope_engine::lab::compare::PageSaw;
use corscope_engine::{CredentialsMode, RedirectMode, RequestMode, RequestSpec};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How much of a readable body the record keeps.
pub const BODY_PREVIEW_CHARS: usize = 512;

/// What the page observed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Observed {
    /// `fetch()` resolved.
    Resolved {
        response_type: String,
        status: u16,
        headers: Vec<(String, String)>,
        body: Option<String>,
    },
    /// `fetch()` rejected (a CORS failure looks exactly like a network error here).
    Rejected { name: String, message: String },
}

impl Observed {
    /// What script saw, as the engine's comparison takes it.
    pub fn page_saw(&self) -> PageSaw {
        match self {
            Observed::Resolved { response_type, .. } if response_type.starts_with("opaque") => PageSaw::Opaque,
            Observed::Resolved { headers, .. } => PageSaw::Readable {
                header_names: headers.iter().map(|(n, _)| n.clone()).collect(),
            },
            Observed::Rejected { name, message } => PageSaw::Rejected {
                error: format!("{name}: {message}"),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub request: RequestSpec,
    /// The URL actually fetched (a lab URL gets its run id).
    pub fetched_url: String,
    pub observed: Observed,
    pub duration_ms: f64,
}

fn error_parts(err: &wasm_bindgen::JsValue) -> (String, String) {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => (String::from(e.name()), String::from(e.message())),
        None => (
            "Error".into(),
            err.as_string().unwrap_or_else(|| "unknown error".into()),
        ),
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Calls `fetch()` and records the outcome.
pub async fn run(request: RequestSpec, fetched_url: String) -> ProbeResult {
    let start = now();
    let observed = match fetch(&request, &fetched_url).await {
        Ok(o) => o,
        Err(e) => {
            let (name, message) = error_parts(&e);
            Observed::Rejected { name, message }
        }
    };
    ProbeResult {
        request,
        fetched_url,
        observed,
        duration_ms: now() - start,
    }
}

/// Runs from this page, or from the lab's same-origin page on `frame` when
/// the scenario's page is that origin (`crate::net::frame`).
pub async fn run_from(request: RequestSpec, fetched_url: String, frame: Option<&str>) -> ProbeResult {
    let Some(frame) = frame else {
        return run(request, fetched_url).await;
    };
    let start = now();
    let observed = match crate::deferred::run_in_frame(request.clone(), fetched_url.clone(), frame.to_string()).await {
        Ok(running) => running.await,
        Err(_) => Observed::Rejected {
            name: "Error".into(),
            message:
                "corscope could not use the lab's same-origin page: its code could not be loaded (reload to try again)"
                    .into(),
        },
    };
    ProbeResult {
        request,
        fetched_url,
        observed,
        duration_ms: now() - start,
    }
}

async fn fetch(request: &RequestSpec, url: &str) -> Result<Observed, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or_else(|| js_sys::Error::new("no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    let headers = web_sys::Headers::new()?;
    for (name, value) in &request.headers {
        headers.append(name, value)?;
    }
    init.set_headers(&headers);
    init.set_mode(match request.mode {
        RequestMode::Cors => web_sys::RequestMode::Cors,
        RequestMode::NoCors => web_sys::RequestMode::NoCors,
        RequestMode::SameOrigin => web_sys::RequestMode::SameOrigin,
    });
    init.set_credentials(match request.credentials {
        CredentialsMode::Omit => web_sys::RequestCredentials::Omit,
        CredentialsMode::SameOrigin => web_sys::RequestCredentials::SameOrigin,
        CredentialsMode::Include => web_sys::RequestCredentials::Include,
    });
    init.set_redirect(match request.redirect {
        RedirectMode::Follow => web_sys::RequestRedirect::Follow,
        RedirectMode::Error => web_sys::RequestRedirect::Error,
        RedirectMode::Manual => web_sys::RequestRedirect::Manual,
    });
    if let Some(body) = &request.body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let response_type = match response.type_() {
        web_sys::ResponseType::Basic => "basic",
        web_sys::ResponseType::Cors => "cors",
        web_sys::ResponseType::Opaque => "opaque",
        web_sys::ResponseType::Opaqueredirect => "opaqueredirect",
        web_sys::ResponseType::Error => "error",
        _ => "default",
    };
    let mut readable = vec![];
    if let Ok(Some(iter)) = js_sys::try_iter(&response.headers()) {
        for pair in iter.flatten() {
            let pair: js_sys::Array = pair.unchecked_into();
            readable.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .map(|t| t.chars().take(BODY_PREVIEW_CHARS).collect()),
        Err(_) => None,
    };
    Ok(Observed::Resolved {
        response_type: response_type.into(),
        status: response.status(),
        headers: readable,
        body,
    })
}
