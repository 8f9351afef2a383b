//! `fetch()` from the page's point of view, for one scenario: the Request
//! constructor's checks, main fetch (same-origin, no-cors or CORS), the
//! CORS-preflight fetch, the CORS check, HTTP-redirect fetch and the filtered
//! response script receives — recorded as an ordered trace.
//! <https://fetch.spec.whatwg.org/#main-fetch>

use crate::cors_check::cors_check;
use crate::cors_preflight::{check_preflight, is_redirect_status, PreflightInput};
use crate::decision::{Browser, Console, Decision, Failure, Outcome, ResponseType, SentRequest, Stage, Step};
use crate::exposed_headers::{basic_exposed, cors_exposed};
use crate::header_list::values;
use crate::method::{is_cors_safelisted_method, is_forbidden_method, is_token, normalize};
use crate::origin::{is_potentially_trustworthy, Origin};
use crate::request_header::{
    cors_unsafe_request_header_names, forbidden_request_header, is_no_cors_safelisted_request_header,
    is_valid_header_name, is_valid_header_value, normalize_value, sorted_lowercase_names, UnsafeWhy,
};
use crate::scenario::{CredentialsMode, Hop, RedirectMode, RequestMode, Scenario};
use url::Url;

const SPEC_REQUEST: &str = "https://fetch.spec.whatwg.org/#dom-request";
const SPEC_MAIN: &str = "https://fetch.spec.whatwg.org/#main-fetch";
const SPEC_HTTP_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-fetch";
const SPEC_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";
const SPEC_UNSAFE: &str = "https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names";
const SPEC_MIXED: &str = "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch";
const SPEC_ORIGIN: &str = "https://html.spec.whatwg.org/multipage/browsers.html#same-origin";
const SPEC_FILTERED: &str = "https://fetch.spec.whatwg.org/#concept-filtered-response";

/// "request-body-header name": removed when a redirect turns the method into GET.
const REQUEST_BODY_HEADER_NAMES: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tainting {
    Basic,
    Cors,
    Opaque,
}

struct Run<'a> {
    scenario: &'a Scenario,
    browser: Browser,
    steps: Vec<Step>,
    sent: Vec<SentRequest>,
    preflight: bool,
    request_headers: Option<Vec<String>>,
    max_age: Option<u64>,
    trace: bool,
}

/// How a run ended.
struct End {
    outcome: Outcome,
    stage: Option<Stage>,
    failure: Option<Failure>,
    response_type: ResponseType,
    status: u16,
    exposed: Vec<String>,
}

impl End {
    fn failed(outcome: Outcome, stage: Stage, failure: Failure) -> End {
        End {
            outcome,
            stage: Some(stage),
            failure: Some(failure),
            response_type: ResponseType::Error,
            status: 0,
            exposed: vec![],
        }
    }
}

impl Run<'_> {
    fn step(
        &mut self,
        hop: usize,
        spec: &'static str,
        check: &str,
        seen: impl Into<String>,
        passed: bool,
        sentence: impl Into<String>,
    ) {
        if !self.trace {
            return;
        }
        self.steps.push(Step {
            hop,
            spec,
            check: check.into(),
            seen: seen.into(),
            passed,
            sentence: sentence.into(),
        });
    }

    fn reject(&mut self, check: &str, seen: impl Into<String>, sentence: impl Into<String>, failure: Failure) -> End {
        self.step(0, SPEC_REQUEST, check, seen, false, sentence);
        End::failed(Outcome::Rejected, Stage::Request, failure)
    }
}

/// Decides what `browser` does with the scenario, and why.
pub fn decide(scenario: &Scenario, browser: Browser) -> Decision {
    decide_with(scenario, browser, true)
}

/// Like [`decide`]; with `trace` false the steps and console text are left
/// out (the verdict, what was sent and what is exposed stay the same).
pub fn decide_with(scenario: &Scenario, browser: Browser, trace: bool) -> Decision {
    let mut run = Run {
        trace,
        scenario,
        browser,
        steps: vec![],
        sent: vec![],
        preflight: false,
        request_headers: None,
        max_age: None,
    };
    let end = execute(&mut run);
    if !trace {
        // The CORS and preflight checks record their steps directly.
        run.steps.clear();
    }
    let mut decision = Decision {
        browser,
        outcome: end.outcome,
        stage: end.stage,
        preflight: run.preflight,
        request_headers: run.request_headers.unwrap_or_default(),
        exposed: end.exposed,
        response_type: end.response_type,
        status: end.status,
        failure: end.failure,
        sent: run.sent,
        steps: run.steps,
        console: Console::default(),
        fix: None,
        preflight_max_age: run.max_age,
    };
    if trace {
        decision.console = crate::console::console_messages(scenario, &decision);
    }
    decision
}

fn execute(run: &mut Run) -> End {
    let s = run.scenario;
    let req = &s.request;

    // The page's origin.
    let page_origin = match Origin::parse(&s.page) {
        Ok(o) => o,
        Err(e) => {
            return run.reject(
                "page origin",
                s.page.clone(),
                format!("the page is not an origin: {e}"),
                Failure::InvalidUrl {
                    url: s.page.clone(),
                    reason: e.to_string(),
                },
            )
        }
    };
    let origin_text = page_origin.serialize();

    // "Let parsedURL be the result of parsing input with baseURL."
    let base = Url::parse(s.page.trim()).ok();
    let url = match Url::options().base_url(base.as_ref()).parse(req.url.trim()) {
        Ok(u) => u,
        Err(e) => {
            return run.reject(
                "parse the URL",
                req.url.clone(),
                format!("'{}' is not a valid URL ({e}); fetch() throws a TypeError", req.url),
                Failure::InvalidUrl {
                    url: req.url.clone(),
                    reason: e.to_string(),
                },
            )
        }
    };
    // "If parsedURL includes credentials, then throw a TypeError."
    if !url.username().is_empty() || url.password().is_some() {
        return run.reject(
            "URL without credentials",
            url.to_string(),
            "the URL contains a username or password; fetch() throws a TypeError",
            Failure::InvalidUrl {
                url: url.to_string(),
                reason: "the URL includes credentials".into(),
            },
        );
    }

    // Method: "If init["method"] is not a method, throw a TypeError. If it is a
    // forbidden method, throw a TypeError. Normalize method."
    if !is_token(&req.method) {
        return run.reject(
            "method is a token",
            req.method.clone(),
            format!("'{}' is not a valid HTTP method name", req.method),
            Failure::InvalidMethod {
                method: req.method.clone(),
            },
        );
    }
    if is_forbidden_method(&req.method) {
        return run.reject(
            "forbidden method",
            req.method.clone(),
            format!(
                "{} is a forbidden method; fetch() throws a TypeError",
                req.method.to_ascii_uppercase()
            ),
            Failure::ForbiddenMethod {
                method: req.method.clone(),
            },
        );
    }
    let mut method = normalize(&req.method);
    if method != req.method {
        let sentence = format!("{} is normalized to {method}", req.method);
        run.step(
            0,
            "https://fetch.spec.whatwg.org/#concept-method-normalize",
            "normalize method",
            req.method.clone(),
            true,
            sentence,
        );
    }
    // "If this's request's mode is "no-cors": If this's request's method is not a
    // CORS-safelisted method, then throw a TypeError."
    if req.mode == RequestMode::NoCors && !is_cors_safelisted_method(&method) {
        return run.reject(
            "no-cors method",
            method.clone(),
            format!("mode no-cors only allows GET, HEAD and POST; {method} throws a TypeError"),
            Failure::NoCorsMethod { method },
        );
    }

    // Headers, through the "request" or "request-no-cors" guard.
    let mut headers: Vec<(String, String)> = vec![];
    for (name, value) in &req.headers {
        let value = normalize_value(value);
        if !is_valid_header_name(name) || !is_valid_header_value(value) {
            return run.reject(
                "valid header",
                format!("{name}: {value}"),
                format!("'{name}' with this value is not a valid header; fetch() throws a TypeError"),
                Failure::InvalidHeader {
                    name: name.clone(),
                    value: value.to_string(),
                },
            );
        }
        if let Some(why) = forbidden_request_header(name, value) {
            let sentence = match why {
                crate::request_header::ForbiddenReason::Listed => {
                    format!("{name} is a forbidden request-header: the browser silently drops it")
                }
                crate::request_header::ForbiddenReason::ProxyOrSecPrefix => {
                    format!("{name} starts with Proxy- or Sec-: the browser silently drops it")
                }
                crate::request_header::ForbiddenReason::MethodOverride(m) => {
                    format!("{name} names the forbidden method {m}: the browser silently drops it")
                }
            };
            run.step(
                0,
                "https://fetch.spec.whatwg.org/#forbidden-request-header",
                "forbidden request-header",
                format!("{name}: {value}"),
                true,
                sentence,
            );
            continue;
        }
        if req.mode == RequestMode::NoCors && !is_no_cors_safelisted_request_header(name, value) {
            run.step(
                0,
                "https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header",
                "no-cors guard",
                format!("{name}: {value}"),
                true,
                format!("mode no-cors silently drops {name}: only Accept, Accept-Language, Content-Language and Content-Type with safelisted values are kept"),
            );
            continue;
        }
        headers.push((name.clone(), value.to_string()));
    }
    let mut body = req.body.clone();
    if body.is_some() && matches!(method.as_str(), "GET" | "HEAD") {
        return run.reject(
            "no body for GET or HEAD",
            method.clone(),
            format!("a {method} request cannot have a body; fetch() throws a TypeError"),
            Failure::BodyWithGetOrHead { method },
        );
    }
    if body.is_some() && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
        headers.push(("Content-Type".into(), "text/plain;charset=UTF-8".into()));
        run.step(
            0,
            "https://fetch.spec.whatwg.org/#concept-bodyinit-extract",
            "body's Content-Type",
            "string body",
            true,
            "a string body adds Content-Type: text/plain;charset=UTF-8, which is safelisted",
        );
    }

    // Scheme fetch for non-HTTP(S) URLs.
    match url.scheme() {
        "http" | "https" => {}
        "data" if req.mode != RequestMode::SameOrigin => {
            run.step(
                0,
                "https://fetch.spec.whatwg.org/#scheme-fetch",
                "data: URL",
                url.to_string(),
                true,
                "data: URLs are read locally without CORS",
            );
            return End {
                outcome: Outcome::Allowed,
                stage: None,
                failure: None,
                response_type: ResponseType::Basic,
                status: 200,
                exposed: vec!["content-type".into()],
            };
        }
        other => {
            let other = other.to_string();
            return run.reject(
                "HTTP(S) URL",
                url.to_string(),
                format!("CORS requests are only supported for http and https URLs, not {other}:"),
                Failure::UnsupportedScheme { scheme: other },
            );
        }
    }

    // Mixed content: "should fetching request be blocked as mixed content?"
    if let Origin::Tuple { scheme, .. } = &page_origin {
        if scheme == "https" && !is_potentially_trustworthy(&url) {
            return run.reject(
                "mixed content",
                url.to_string(),
                format!("an https page may not fetch the insecure URL {url}; the browser blocks it before sending"),
                Failure::MixedContent { url: url.to_string() },
            );
        }
    }

    let credentials_include = req.credentials == CredentialsMode::Include;
    // Whether the request as script made it needs a preflight (before any redirect).
    let original_needs_preflight =
        !is_cors_safelisted_method(&method) || !cors_unsafe_request_header_names(&headers).is_empty();
    let mut tainting = Tainting::Basic;
    let mut tainted_origin = false;
    let mut redirect_count = 0u32;
    let mut current = url;
    let hops = s.server.hops();
    let mut index = 0usize;
    loop {
        let default_hop = Hop::default();
        let hop = match hops.get(index) {
            Some(h) => h,
            None => {
                run.step(
                    index,
                    SPEC_MAIN,
                    "server answer",
                    current.to_string(),
                    true,
                    "the scenario gives no answer for this URL: assuming a server without CORS support (404 to a preflight, 200 with no headers)",
                );
                &default_hop
            }
        };
        if let Some(u) = hop.url.as_deref().and_then(|u| Url::parse(u).ok()) {
            if u != current {
                let sentence = format!("the browser requests {current}, but the scenario's hop {index} is for {u}; using its answers anyway");
                run.step(index, SPEC_MAIN, "hop URL", u.to_string(), true, sentence);
            }
        }

        // Main fetch: same-origin, no-cors or CORS.
        let target_origin = Origin::of_url(&current);
        let same_origin = page_origin.same_origin(&target_origin);
        if index == 0 || tainting == Tainting::Basic {
            let seen = format!("page {origin_text}, URL origin {}", target_origin.serialize());
            let reason = crate::origin::compare(&page_origin, &target_origin).same_origin_reason;
            run.step(index, SPEC_ORIGIN, "same origin", seen, true, reason);
        }
        if same_origin && tainting == Tainting::Basic {
            // Basic fetch, no CORS involved.
        } else if req.mode == RequestMode::SameOrigin {
            let failure = Failure::DisallowedByMode;
            let sentence = "mode same-origin refuses any cross-origin URL";
            run.step(index, SPEC_MAIN, "request mode", "same-origin", false, sentence);
            let stage = if index == 0 { Stage::Request } else { Stage::Redirect };
            let outcome = if index == 0 {
                Outcome::Rejected
            } else {
                Outcome::Blocked
            };
            return End::failed(outcome, stage, failure);
        } else if req.mode == RequestMode::NoCors {
            if req.redirect != RedirectMode::Follow {
                let sentence = "mode no-cors requires redirect mode follow; the fetch fails before sending";
                run.step(
                    index,
                    SPEC_MAIN,
                    "no-cors redirect mode",
                    req.redirect.as_str(),
                    false,
                    sentence,
                );
                return End::failed(Outcome::Rejected, Stage::Request, Failure::NoCorsRedirectMode);
            }
            if tainting != Tainting::Opaque {
                run.step(
                    index,
                    SPEC_MAIN,
                    "response tainting",
                    "no-cors",
                    true,
                    "mode no-cors: the request goes out without CORS and the page gets an opaque response",
                );
            }
            tainting = Tainting::Opaque;
        } else if tainting != Tainting::Cors {
            tainting = Tainting::Cors;
            run.step(
                index,
                SPEC_MAIN,
                "response tainting",
                "cors",
                true,
                "a cross-origin request in mode cors: the response must pass the CORS check",
            );
        }

        let request_origin = if tainted_origin {
            "null".to_string()
        } else {
            origin_text.clone()
        };
        let credentials_sent = match req.credentials {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => tainting == Tainting::Basic,
            CredentialsMode::Omit => false,
        };

        // CORS-preflight: "request's method is not a CORS-safelisted method or
        // CORS-unsafe request-header names with request's header list is not empty".
        if tainting == Tainting::Cors {
            let unsafe_list = cors_unsafe_request_header_names(&headers);
            let unsafe_names = sorted_lowercase_names(unsafe_list.iter().map(|u| u.name.as_str()));
            let method_safe = is_cors_safelisted_method(&method);
            // Not in the spec: Firefox keeps preflighting every redirected hop of a
            // request that needed a preflight as made (even once a 301/302/303 has
            // turned it into a simple GET). Seen in the live matrix, Firefox ESR 153;
            // Chromium 156 follows the spec.
            let firefox_sticky = run.browser == Browser::Firefox && index > 0 && original_needs_preflight;
            let needs_preflight = !method_safe || !unsafe_names.is_empty() || firefox_sticky;
            let mut reasons = vec![];
            if firefox_sticky && method_safe && unsafe_names.is_empty() {
                reasons.push(
                    "Firefox preflights every redirected hop of a request that needed a preflight when it was made"
                        .to_string(),
                );
            }
            if !method_safe {
                reasons.push(format!("{method} is not a CORS-safelisted method (GET, HEAD, POST)"));
            }
            for u in &unsafe_list {
                reasons.push(match &u.why {
                    UnsafeWhy::NotSafelisted(why) => why.describe(&u.name),
                    UnsafeWhy::TotalOver1024(n) => format!(
                        "{}: the safelisted values add up to {n} bytes, over the 1024-byte limit",
                        u.name
                    ),
                });
            }
            let seen = format!(
                "method {method}; headers {}",
                if headers.is_empty() {
                    "(none)".to_string()
                } else {
                    headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
                }
            );
            let sentence = if needs_preflight {
                format!("a preflight is needed: {}", reasons.join("; "))
            } else {
                "no preflight: the method and every header are CORS-safelisted (a \"simple\" request)".to_string()
            };
            run.step(index, SPEC_UNSAFE, "preflight needed", seen, true, sentence);
            if needs_preflight {
                run.preflight = true;
                // Not in the spec: Firefox sends (and checks) its preflights with the
                // page's origin even after a redirect tainted the request (the request
                // itself then says Origin: null). Seen in the live matrix, Firefox ESR 153.
                let preflight_origin = if run.browser == Browser::Firefox {
                    origin_text.clone()
                } else {
                    request_origin.clone()
                };
                let acrh = if unsafe_names.is_empty() {
                    None
                } else {
                    Some(unsafe_names.join(","))
                };
                if run.request_headers.is_none() {
                    run.request_headers = Some(unsafe_names.clone());
                }
                run.sent.push(SentRequest {
                    hop: index,
                    preflight: true,
                    method: "OPTIONS".into(),
                    url: current.to_string(),
                    origin: Some(preflight_origin.clone()),
                    access_control_request_method: Some(method.clone()),
                    access_control_request_headers: acrh.clone(),
                    headers: vec![],
                    credentials: false,
                });
                let seen = format!(
                    "OPTIONS {current} with Origin: {preflight_origin}, Access-Control-Request-Method: {method}{}",
                    acrh.as_ref()
                        .map(|v| format!(", Access-Control-Request-Headers: {v}"))
                        .unwrap_or_default()
                );
                run.step(
                    index,
                    "https://fetch.spec.whatwg.org/#cors-preflight-fetch",
                    "send preflight",
                    seen,
                    true,
                    "the browser sends the preflight first, without credentials",
                );
                let answer = hop.preflight_or_default();
                let header_names: Vec<String> = headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
                let input = PreflightInput {
                    browser: run.browser,
                    answer: &answer,
                    origin: &preflight_origin,
                    method: &method,
                    header_names: &header_names,
                    unsafe_names: &unsafe_names,
                    credentials_include,
                    hop: index,
                };
                // Not in the spec: Firefox sends the preflight of a hop back on the page's
                // own origin but does not check its answer (seen in the live matrix,
                // Firefox ESR 153: a redirect back to the page after a cross-origin hop).
                let checked = if run.browser == Browser::Firefox && same_origin {
                    run.step(
                        index,
                        "https://fetch.spec.whatwg.org/#cors-preflight-fetch",
                        "preflight answer",
                        "same-origin URL",
                        true,
                        "Firefox does not check the answer to a preflight sent to the page's own origin",
                    );
                    Ok(5)
                } else {
                    check_preflight(&input, &mut run.steps)
                };
                match checked {
                    Ok(age) => {
                        if run.max_age.is_none() {
                            run.max_age = Some(age);
                        }
                    }
                    Err(f) => return End::failed(Outcome::Blocked, Stage::Preflight, f),
                }
            }
        }

        // The request itself.
        let origin_header = match tainting {
            Tainting::Cors => Some(request_origin.clone()),
            _ if matches!(method.as_str(), "GET" | "HEAD") => None,
            _ => Some(request_origin.clone()),
        };
        run.sent.push(SentRequest {
            hop: index,
            preflight: false,
            method: method.clone(),
            url: current.to_string(),
            origin: origin_header.clone(),
            access_control_request_method: None,
            access_control_request_headers: None,
            headers: headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect(),
            credentials: credentials_sent,
        });
        let response = hop.response_or_default();
        let location = values(&response.headers, "Location");
        let is_redirect = is_redirect_status(response.status) && !location.is_empty();
        let seen = format!(
            "{method} {current}{}; answer {}",
            origin_header.map(|o| format!(" with Origin: {o}")).unwrap_or_default(),
            response.status
        );
        run.step(
            index,
            SPEC_HTTP_FETCH,
            "send request",
            seen,
            true,
            if credentials_sent {
                "the request goes out with cookies"
            } else {
                "the request goes out without cookies"
            },
        );

        // "If request's response tainting is "cors" and a CORS check for request
        // and response returns failure, then return a network error."
        if tainting == Tainting::Cors {
            let what = if is_redirect { "redirect response" } else { "response" };
            if let Err(f) = cors_check(
                run.browser,
                &response.headers,
                &request_origin,
                credentials_include,
                index,
                what,
                &mut run.steps,
            ) {
                let stage = if is_redirect { Stage::Redirect } else { Stage::Response };
                return End::failed(Outcome::Blocked, stage, f);
            }
        }

        if !is_redirect {
            return finish(run, tainting, &response, credentials_include, index);
        }

        // Redirects. <https://fetch.spec.whatwg.org/#concept-http-fetch> step "redirect mode".
        match req.redirect {
            RedirectMode::Error => {
                run.step(
                    index,
                    SPEC_HTTP_FETCH,
                    "redirect mode",
                    "error",
                    false,
                    "redirect mode error: a redirect is a network error",
                );
                return End::failed(Outcome::Blocked, Stage::Redirect, Failure::RedirectModeError);
            }
            RedirectMode::Manual => {
                run.step(
                    index,
                    SPEC_HTTP_FETCH,
                    "redirect mode",
                    "manual",
                    true,
                    "redirect mode manual: the page gets an opaque-redirect response (type opaqueredirect, status 0)",
                );
                return End {
                    outcome: Outcome::Opaque,
                    stage: None,
                    failure: None,
                    response_type: ResponseType::Opaqueredirect,
                    status: 0,
                    exposed: vec![],
                };
            }
            RedirectMode::Follow => {}
        }
        // HTTP-redirect fetch.
        let raw_location = location.join(", ");
        let next = match (location.len(), current.join(location[0])) {
            (1, Ok(u)) => u,
            _ => {
                run.step(
                    index,
                    SPEC_REDIRECT,
                    "parse Location",
                    raw_location.clone(),
                    false,
                    "the Location header is not one valid URL",
                );
                return End::failed(
                    Outcome::Blocked,
                    Stage::Redirect,
                    Failure::RedirectInvalidLocation { location: raw_location },
                );
            }
        };
        if !matches!(next.scheme(), "http" | "https") {
            run.step(
                index,
                SPEC_REDIRECT,
                "redirect to HTTP(S)",
                next.to_string(),
                false,
                "a redirect may only go to an http or https URL",
            );
            return End::failed(
                Outcome::Blocked,
                Stage::Redirect,
                Failure::RedirectNotHttp {
                    location: next.to_string(),
                },
            );
        }
        // "If request's redirect count is 20, then return a network error."
        if redirect_count == 20 {
            run.step(
                index,
                SPEC_REDIRECT,
                "redirect limit",
                "20 redirects",
                false,
                "browsers follow at most 20 redirects",
            );
            return End::failed(Outcome::Blocked, Stage::Redirect, Failure::RedirectLimit);
        }
        redirect_count += 1;
        let has_credentials = !next.username().is_empty() || next.password().is_some();
        // "If request's mode is "cors", locationURL includes credentials, and
        // request's origin is not same origin with locationURL's origin" / "If
        // request's response tainting is "cors" and locationURL includes credentials"
        let next_origin = Origin::of_url(&next);
        if has_credentials
            && ((req.mode == RequestMode::Cors && !page_origin.same_origin(&next_origin)) || tainting == Tainting::Cors)
        {
            run.step(
                index,
                SPEC_REDIRECT,
                "Location without credentials",
                next.to_string(),
                false,
                "a cross-origin redirect to a URL with a username or password is a network error",
            );
            return End::failed(
                Outcome::Blocked,
                Stage::Redirect,
                Failure::RedirectContainsCredentials {
                    location: next.to_string(),
                },
            );
        }
        if let Origin::Tuple { scheme, .. } = &page_origin {
            if scheme == "https" && !is_potentially_trustworthy(&next) {
                run.step(
                    index,
                    SPEC_MIXED,
                    "mixed content",
                    next.to_string(),
                    false,
                    "the redirect leads an https page to an insecure URL: blocked as mixed content",
                );
                return End::failed(
                    Outcome::Blocked,
                    Stage::Redirect,
                    Failure::MixedContent { url: next.to_string() },
                );
            }
        }
        // "If locationURL's origin is not same origin with request's current URL's
        // origin and request's origin is not same origin with request's current
        // URL's origin, then set request's tainted origin flag."
        if !tainted_origin && !next_origin.same_origin(&target_origin) && !page_origin.same_origin(&target_origin) {
            tainted_origin = true;
            run.step(
                index,
                SPEC_REDIRECT,
                "tainted origin",
                format!("{current} → {next}"),
                true,
                "a cross-origin hop away from a cross-origin URL taints the request: from now on Origin is null",
            );
        }
        // "If one of ... actualResponse's status is 301 or 302 and request's method
        // is `POST`; actualResponse's status is 303 and request's method is not
        // `GET` or `HEAD`": the method becomes GET and the body is dropped.
        let status = response.status;
        if ((status == 301 || status == 302) && method == "POST")
            || (status == 303 && !matches!(method.as_str(), "GET" | "HEAD"))
        {
            let sentence = format!("a {status} turns {method} into GET, drops the body and its Content-* headers");
            run.step(
                index,
                SPEC_REDIRECT,
                "method after redirect",
                format!("{status}, {method}"),
                true,
                sentence,
            );
            method = "GET".into();
            body = None;
            headers.retain(|(n, _)| !REQUEST_BODY_HEADER_NAMES.contains(&n.to_ascii_lowercase().as_str()));
        }
        run.step(
            index,
            SPEC_REDIRECT,
            "follow redirect",
            format!("{status} → {next}"),
            true,
            format!("the browser follows the redirect to {next}"),
        );
        let _ = &body;
        current = next;
        index += 1;
    }
}

fn finish(
    run: &mut Run,
    tainting: Tainting,
    response: &crate::scenario::Answer,
    credentials_include: bool,
    hop: usize,
) -> End {
    match tainting {
        Tainting::Basic => {
            let exposed = basic_exposed(&response.headers);
            run.step(
                hop,
                SPEC_FILTERED,
                "response type",
                "basic",
                true,
                "a same-origin response: script reads the status, the body and every header except Set-Cookie",
            );
            End {
                outcome: Outcome::Allowed,
                stage: None,
                failure: None,
                response_type: ResponseType::Basic,
                status: response.status,
                exposed,
            }
        }
        Tainting::Cors => {
            let exposed = cors_exposed(&response.headers, credentials_include);
            let sentence = format!(
                "a CORS response: script reads the status, the body and {}",
                if exposed.is_empty() {
                    "no headers of those sent beyond the safelisted ones".to_string()
                } else {
                    format!("the headers {}", exposed.join(", "))
                }
            );
            run.step(
                hop,
                "https://fetch.spec.whatwg.org/#concept-filtered-response-cors",
                "response type",
                "cors",
                true,
                sentence,
            );
            End {
                outcome: Outcome::Allowed,
                stage: None,
                failure: None,
                response_type: ResponseType::Cors,
                status: response.status,
                exposed,
            }
        }
        Tainting::Opaque => {
            run.step(
                hop,
                "https://fetch.spec.whatwg.org/#concept-filtered-response-opaque",
                "response type",
                "opaque",
                true,
                "an opaque response: status 0, no headers, no body — the page cannot read anything",
            );
            End {
                outcome: Outcome::Opaque,
                stage: None,
                failure: None,
                response_type: ResponseType::Opaque,
                status: 0,
                exposed: vec![],
            }
        }
    }
}
