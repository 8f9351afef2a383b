//! Diagnosis: reading a CORS console message pasted from Chromium, Firefox or
//! Safari ([`console_message`]), and building the scenario that reproduces
//! it ([`reproduce`]); a request copied from DevTools as cURL or fetch
//! ([`copied_request`]) or recorded in a HAR export ([`har`]).

pub mod console_message;
pub mod copied_request;
pub mod har;
pub mod reproduce;

/// Whether a header line recorded by DevTools (a copy, a HAR) can be one the
/// page's script set: not one the browser adds itself — the forbidden ones
/// (Origin, Cookie, Referer, Sec-*, …), HTTP/2 pseudo-headers, DevTools' own
/// cache headers, and the browser's User-Agent, DNT, Chrome's X-Client-Data
/// and default `Accept: */*`. (Kept, User-Agent would predict a preflight
/// the browser never sent.)
pub(crate) fn set_by_script(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    crate::fetch::request_header::forbidden_request_header(name, value).is_none()
        && !name.starts_with(':')
        && !matches!(
            lower.as_str(),
            "priority"
                | "pragma"
                | "cache-control"
                | "user-agent"
                | "dnt"
                | "x-client-data"
                | "upgrade-insecure-requests"
        )
        && (lower != "accept" || value.trim() != "*/*")
}
