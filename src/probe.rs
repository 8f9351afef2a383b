//! The real network call: `fetch()` from the page's own origin, recorded as
//! what the page could observe (never what it could not).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the page asks `fetch()` to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeRequest {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
}

/// What the page observed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Observed {
    /// `fetch()` resolved.
    Resolved {
        response_type: String,
        status: u16,
        headers: Vec<(String, String)>,
    },
    /// `fetch()` rejected (a CORS failure looks exactly like a network error here).
    Rejected { name: String, message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub request: ProbeRequest,
    pub observed: Observed,
    pub duration_ms: f64,
}

fn error_parts(err: &wasm_bindgen::JsValue) -> (String, String) {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => (String::from(e.name()), String::from(e.message())),
        None => ("Error".into(), format!("{err:?}")),
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Builds the request, calls `fetch()`, and records the outcome.
pub async fn run(request: ProbeRequest) -> ProbeResult {
    let start = now();
    let observed = match fetch(&request).await {
        Ok(o) => o,
        Err(e) => {
            let (name, message) = error_parts(&e);
            Observed::Rejected { name, message }
        }
    };
    ProbeResult {
        request,
        observed,
        duration_ms: now() - start,
    }
}

async fn fetch(request: &ProbeRequest) -> Result<Observed, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or_else(|| js_sys::Error::new("no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    let headers = web_sys::Headers::new()?;
    for (name, value) in &request.headers {
        headers.append(name, value)?;
    }
    init.set_headers(&headers);
    init.set_mode(web_sys::RequestMode::Cors);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
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
    Ok(Observed::Resolved {
        response_type: response_type.into(),
        status: response.status(),
        headers: readable,
    })
}
