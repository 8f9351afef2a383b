//! The lab's same-origin page, served on its own origin (the frame port): the
//! lab's app answers no scenario (it reads what the lab recorded), so a
//! request a page sends to its own origin runs from this page instead. The app
//! frames it and asks it by `postMessage` ([`corscope_engine::lab::FRAME_PATH`]
//! has the messages); the page answers only its parent, only when that parent
//! is the app origin (which could send the same requests itself). Its bytes are the lab's
//! (no query decides any of them), yet its origin also serves scenario answers,
//! so nothing on it is trusted.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The page's script, a file of its own (the page runs no inline script).
const SCRIPT: &str = include_str!("frame/frame.js");

/// The app origins that may frame the page and talk to it: `http` on the
/// app port, by each loopback name the browsers resolve without help.
pub fn parents(app_port: u16) -> Vec<String> {
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|name| format!("http://{name}:{app_port}"))
        .collect()
}

/// `/frame`: the page (no script of its own inline; frameable by the app only).
pub fn page(app_port: u16) -> Response {
    let parents = parents(app_port).join(" ");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>corscope lab: same-origin page</title></head>\n\
         <body><script src=\"{}\" data-parents=\"{parents}\"></script></body></html>\n",
        corscope_engine::lab::FRAME_SCRIPT_PATH
    );
    // CSP host sources have no IPv6 literals: [::1] cannot frame it (it can still ask nothing).
    let ancestors: Vec<String> = parents_for_csp(app_port);
    let csp = format!(
        "default-src 'none'; script-src 'self'; connect-src *; base-uri 'none'; form-action 'none'; frame-ancestors {}",
        ancestors.join(" ")
    );
    with_headers(html, "text/html; charset=utf-8", &csp)
}

fn parents_for_csp(app_port: u16) -> Vec<String> {
    parents(app_port).into_iter().filter(|p| !p.contains('[')).collect()
}

/// `/frame.js`: the page's script.
pub fn script() -> Response {
    with_headers(
        SCRIPT.to_string(),
        "text/javascript; charset=utf-8",
        "default-src 'none'",
    )
}

/// A page or script of the lab's own, with its type, CSP and no sniffing or caching.
pub(crate) fn with_headers(body: String, content_type: &'static str, csp: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_origin_may_frame_the_page() {
        let res = page(8080);
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.ends_with("frame-ancestors http://localhost:8080 http://127.0.0.1:8080"),
            "{csp}"
        );
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(SCRIPT.contains("parents.includes(parent)") && SCRIPT.contains("event.source !== window.parent"));
    }
}
