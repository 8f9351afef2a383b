//! The `Request` constructor's checks, as `fetch(input, init)` runs them
//! before anything goes on the wire: the URL, the method, the headers through
//! their guard, and the body. A failure here rejects the promise.
//! <https://fetch.spec.whatwg.org/#dom-request>

use super::cors_preflight::preflighted_by_spec;
use super::method::{is_cors_safelisted_method, is_forbidden_method, is_token, normalize};
use super::request_header::{
    forbidden_request_header, is_no_cors_safelisted_request_header, is_valid_header_name, is_valid_header_value,
    normalize_value, ForbiddenReason,
};
use super::{End, Run};
use crate::decision::{Check, Failure, Outcome, Stage};
use crate::origin::web_url::WebUrl;
use crate::origin::Origin;
use crate::scenario::RequestMode;

pub(crate) const SPEC_REQUEST: &str = "https://fetch.spec.whatwg.org/#dom-request";

/// The request as constructed, ready for main fetch.
pub(crate) struct Request {
    pub(crate) page_origin: Origin,
    /// The page origin serialized: the `Origin` header value.
    pub(crate) origin_text: String,
    pub(crate) url: WebUrl,
    /// The normalized method.
    pub(crate) method: String,
    /// The header list after the guard, with a body's Content-Type added.
    pub(crate) headers: Vec<(String, String)>,
    /// Whether the request as made needs a preflight (by the spec's rule).
    pub(crate) preflighted_as_made: bool,
}

/// A TypeError from the constructor: nothing is sent.
fn reject(run: &mut Run, check: Check, failure: Failure, words: impl FnOnce() -> (String, String)) -> End {
    run.trace.record(0, SPEC_REQUEST, check, false, words);
    End::failed(Outcome::Rejected, Stage::Request, failure)
}

/// Runs the constructor's checks in the spec's order.
pub(crate) fn construct(run: &mut Run) -> Result<Request, End> {
    let s = run.scenario;
    // The page URL is parsed once: for its origin (and, only for a relative
    // request URL, as the base URL).
    let page = s.page.trim();
    let parsed_page = if page.eq_ignore_ascii_case("null") {
        None
    } else {
        WebUrl::parse(page).ok()
    };
    let parsed = match &parsed_page {
        Some(u) => Ok(Origin::of_web_url(u)),
        None => Origin::parse(&s.page),
    };
    let page_origin = match parsed {
        Ok(o) => o,
        Err(e) => {
            let failure = Failure::InvalidUrl {
                url: s.page.clone(),
                reason: e.to_string(),
            };
            return Err(reject(run, Check::PageOrigin, failure, || {
                (s.page.clone(), format!("the page is not an origin: {e}"))
            }));
        }
    };
    let url = parse_url(run, parsed_page.as_ref())?;
    let method = construct_method(run)?;
    let headers = guard_headers(run, &method)?;
    Ok(Request {
        origin_text: page_origin.serialize(),
        preflighted_as_made: preflighted_by_spec(&method, &headers),
        page_origin,
        url,
        method,
        headers,
    })
}

/// "Let parsedURL be the result of parsing input with baseURL. If parsedURL is
/// failure, then throw a TypeError. If parsedURL includes credentials, then
/// throw a TypeError."
fn parse_url(run: &mut Run, base: Option<&WebUrl>) -> Result<WebUrl, End> {
    let raw = &run.scenario.request.url;
    let url = match WebUrl::parse_with(raw.trim(), base) {
        Ok(u) => u,
        Err(e) => {
            let failure = Failure::InvalidUrl {
                url: raw.clone(),
                reason: e.to_string(),
            };
            return Err(reject(run, Check::ParseUrl, failure, || {
                (
                    raw.clone(),
                    format!("'{raw}' is not a valid URL ({e}); fetch() throws a TypeError"),
                )
            }));
        }
    };
    if url.has_credentials() {
        let failure = Failure::InvalidUrl {
            url: url.to_string(),
            reason: "the URL includes credentials".into(),
        };
        return Err(reject(run, Check::UrlWithoutCredentials, failure, || {
            (
                url.to_string(),
                "the URL contains a username or password; fetch() throws a TypeError".into(),
            )
        }));
    }
    Ok(url)
}

/// "If init["method"] is not a method, throw a TypeError. If it is a forbidden
/// method, throw a TypeError. Normalize method." Then, for mode "no-cors": "If
/// this's request's method is not a CORS-safelisted method, then throw a TypeError."
fn construct_method(run: &mut Run) -> Result<String, End> {
    let req = &run.scenario.request;
    let raw = &req.method;
    if !is_token(raw) {
        let failure = Failure::InvalidMethod { method: raw.clone() };
        return Err(reject(run, Check::MethodIsToken, failure, || {
            (raw.clone(), format!("'{raw}' is not a valid HTTP method name"))
        }));
    }
    if is_forbidden_method(raw) {
        let failure = Failure::ForbiddenMethod { method: raw.clone() };
        return Err(reject(run, Check::ForbiddenMethod, failure, || {
            (
                raw.clone(),
                format!(
                    "{} is a forbidden method; fetch() throws a TypeError",
                    raw.to_ascii_uppercase()
                ),
            )
        }));
    }
    let method = normalize(raw);
    if method != *raw {
        let spec = "https://fetch.spec.whatwg.org/#concept-method-normalize";
        run.trace.record(0, spec, Check::NormalizeMethod, true, || {
            (raw.clone(), format!("{raw} is normalized to {method}"))
        });
    }
    if req.mode == RequestMode::NoCors && !is_cors_safelisted_method(&method) {
        let sentence = format!("mode no-cors only allows GET, HEAD and POST; {method} throws a TypeError");
        let failure = Failure::NoCorsMethod { method: method.clone() };
        return Err(reject(run, Check::NoCorsMethod, failure, || (method, sentence)));
    }
    Ok(method)
}

/// The headers through the "request" or "request-no-cors" guard, then the
/// body: "If either init["body"] exists and is non-null or inputBody is
/// non-null, and request's method is `GET` or `HEAD`, then throw a TypeError";
/// extracting a string body sets `Content-Type: text/plain;charset=UTF-8`.
fn guard_headers(run: &mut Run, method: &str) -> Result<Vec<(String, String)>, End> {
    let req = &run.scenario.request;
    let mut headers: Vec<(String, String)> = vec![];
    for (name, value) in &req.headers {
        let value = normalize_value(value);
        if !is_valid_header_name(name) || !is_valid_header_value(value) {
            let failure = Failure::InvalidHeader {
                name: name.clone(),
                value: value.to_string(),
            };
            return Err(reject(run, Check::ValidHeader, failure, || {
                (
                    format!("{name}: {value}"),
                    format!("'{name}' with this value is not a valid header; fetch() throws a TypeError"),
                )
            }));
        }
        if let Some(why) = forbidden_request_header(name, value) {
            let spec = "https://fetch.spec.whatwg.org/#forbidden-request-header";
            run.trace.record(0, spec, Check::ForbiddenRequestHeader, true, || {
                let sentence = match why {
                    ForbiddenReason::Listed => {
                        format!("{name} is a forbidden request-header: the browser silently drops it")
                    }
                    ForbiddenReason::ProxyOrSecPrefix => {
                        format!("{name} starts with Proxy- or Sec-: the browser silently drops it")
                    }
                    ForbiddenReason::MethodOverride(m) => {
                        format!("{name} names the forbidden method {m}: the browser silently drops it")
                    }
                };
                (format!("{name}: {value}"), sentence)
            });
            continue;
        }
        if req.mode == RequestMode::NoCors && !is_no_cors_safelisted_request_header(name, value) {
            let spec = "https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header";
            run.trace.record(0, spec, Check::NoCorsGuard, true, || {
                (
                    format!("{name}: {value}"),
                    format!("mode no-cors silently drops {name}: only Accept, Accept-Language, Content-Language and Content-Type with safelisted values are kept"),
                )
            });
            continue;
        }
        headers.push((name.clone(), value.to_string()));
    }
    if req.body.is_some() && matches!(method, "GET" | "HEAD") {
        let failure = Failure::BodyWithGetOrHead {
            method: method.to_string(),
        };
        return Err(reject(run, Check::NoBodyForGetOrHead, failure, || {
            (
                method.to_string(),
                format!("a {method} request cannot have a body; fetch() throws a TypeError"),
            )
        }));
    }
    if req.body.is_some() && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
        headers.push(("Content-Type".into(), "text/plain;charset=UTF-8".into()));
        let spec = "https://fetch.spec.whatwg.org/#concept-bodyinit-extract";
        run.trace.record(0, spec, Check::BodyContentType, true, || {
            (
                "string body",
                "a string body adds Content-Type: text/plain;charset=UTF-8, which is safelisted",
            )
        });
    }
    Ok(headers)
}
