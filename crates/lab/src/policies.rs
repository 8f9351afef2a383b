//! `/policy/{name}`: CORS policies as real servers get them wrong (and two that
//! are right), decided per request from its Origin and Host, so `audit` has
//! real targets to find them on. Hostnames are compared without the port.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Every policy the lab serves, with what is wrong with it.
pub const POLICIES: &[(&str, &str)] = &[
    (
        "reflect-credentials",
        "reflects any Origin, with credentials, without Vary",
    ),
    ("reflect", "reflects any Origin without credentials"),
    ("null-credentials", "trusts the origin null, with credentials"),
    (
        "prefix",
        "trusts any origin that starts with scheme://host (host.evil.test)",
    ),
    ("suffix", "trusts any origin that ends with the host (evilhost)"),
    ("regex-dot", "trusts origins matching the host with unescaped dots"),
    ("contains", "trusts any origin that contains the host"),
    ("http-trusted", "trusts the host on any scheme (http too)"),
    ("subdomains", "trusts every sub-domain of the host"),
    (
        "preflight-reflect",
        "no CORS on GET, but preflights reflect any Origin with credentials",
    ),
    (
        "wildcard-credentials",
        "Allow-Origin * together with Allow-Credentials: true",
    ),
    ("wildcard", "safe: Allow-Origin * without credentials (a public API)"),
    (
        "exact",
        "safe: one exact origin (https://app.example), credentials, Vary: Origin",
    ),
];

/// The host part of an origin (`scheme://host[:port]`), without the port.
fn origin_host(origin: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = origin.split_once("://")?;
    let host = match rest.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => rest,
    };
    Some((scheme, host))
}

/// `host` with every `.` standing for any character, as an unescaped regex would.
fn matches_with_loose_dots(pattern: &str, candidate: &str) -> bool {
    pattern.len() == candidate.len()
        && pattern
            .bytes()
            .zip(candidate.bytes())
            .all(|(p, c)| p == b'.' || p.eq_ignore_ascii_case(&c))
}

/// What the policy answers to `origin` on a server called `host`:
/// (Allow-Origin value, Allow-Credentials, Vary: Origin).
fn decide(name: &str, origin: &str, host: &str, preflight: bool) -> Option<(String, bool, bool)> {
    let reflect = |credentials: bool| Some((origin.to_string(), credentials, true));
    let (scheme, ohost) = origin_host(origin).unwrap_or(("", ""));
    let https_or_http = scheme == "http" || scheme == "https";
    match name {
        "reflect-credentials" => Some((origin.to_string(), true, false)),
        "reflect" => reflect(false),
        "null-credentials" => (origin == "null").then(|| ("null".to_string(), true, true)),
        "prefix" => (origin.starts_with(&format!("http://{host}")) || origin.starts_with(&format!("https://{host}")))
            .then(|| (origin.to_string(), true, true)),
        "suffix" => (https_or_http && ohost.ends_with(host)).then(|| (origin.to_string(), true, true)),
        "regex-dot" => {
            (https_or_http && matches_with_loose_dots(host, ohost)).then(|| (origin.to_string(), true, true))
        }
        "contains" => origin.contains(host).then(|| (origin.to_string(), true, true)),
        "http-trusted" => (https_or_http && ohost == host).then(|| (origin.to_string(), true, true)),
        "subdomains" => {
            (https_or_http && ohost.ends_with(&format!(".{host}"))).then(|| (origin.to_string(), true, true))
        }
        "preflight-reflect" => preflight.then(|| (origin.to_string(), true, true)),
        "wildcard-credentials" => Some(("*".to_string(), true, false)),
        "wildcard" => Some(("*".to_string(), false, false)),
        "exact" => (origin == "https://app.example").then(|| (origin.to_string(), true, true)),
        _ => None,
    }
}

fn insert(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

pub async fn policy(Path(name): Path<String>, method: Method, request: HeaderMap) -> Response {
    if !POLICIES.iter().any(|(n, _)| *n == name) {
        let names: Vec<&str> = POLICIES.iter().map(|(n, _)| *n).collect();
        return (
            StatusCode::NOT_FOUND,
            format!("no policy '{name}'; the lab has: {}\n", names.join(", ")),
        )
            .into_response();
    }
    let get = |n: header::HeaderName| request.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    let host_header = get(header::HOST);
    let host = origin_host(&format!("x://{host_header}"))
        .map(|(_, h)| h)
        .unwrap_or("")
        .to_string();
    let origin = get(header::ORIGIN).to_string();
    let preflight = method == Method::OPTIONS;
    let mut headers = HeaderMap::new();
    if let Some((allow, credentials, vary)) = (!origin.is_empty())
        .then(|| decide(&name, &origin, &host, preflight))
        .flatten()
    {
        insert(&mut headers, "access-control-allow-origin", &allow);
        if credentials {
            insert(&mut headers, "access-control-allow-credentials", "true");
        }
        if vary {
            insert(&mut headers, "vary", "Origin");
        }
        if preflight {
            insert(&mut headers, "access-control-allow-methods", "GET, POST, PUT, DELETE");
            let requested = get(header::ACCESS_CONTROL_REQUEST_HEADERS).to_string();
            if !requested.is_empty() {
                insert(&mut headers, "access-control-allow-headers", &requested);
            }
        }
    }
    if preflight {
        return (StatusCode::NO_CONTENT, headers).into_response();
    }
    insert(&mut headers, "content-type", "application/json");
    (StatusCode::OK, headers, "{\"account\":\"alice\",\"balance\":100}\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_policy_trusts_what_it_should() {
        let host = "api.target.example";
        let trusts = |name: &str, origin: &str| decide(name, origin, host, false).is_some();
        assert!(trusts("prefix", "https://api.target.example.evil.test"));
        assert!(!trusts("prefix", "https://evil.test"));
        assert!(trusts("suffix", "https://evilapi.target.example"));
        assert!(trusts("regex-dot", "https://apixtarget.example"));
        assert!(!trusts("regex-dot", "https://apixtarget.exampl"));
        assert!(trusts("subdomains", "https://x.api.target.example"));
        assert!(!trusts("subdomains", "https://evilapi.target.example"));
        assert!(trusts("http-trusted", "http://api.target.example"));
        assert!(!trusts("exact", "https://evil.test"));
        assert!(trusts("exact", "https://app.example"));
        assert!(!trusts("preflight-reflect", "https://evil.test"));
        assert!(decide("preflight-reflect", "https://evil.test", host, true).is_some());
    }
}
