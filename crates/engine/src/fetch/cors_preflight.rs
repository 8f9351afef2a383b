//! The CORS-preflight fetch: whether a request needs one, whether the
//! preflight response lets the actual request go, and for how long a browser
//! caches that answer.
//! <https://fetch.spec.whatwg.org/#cors-preflight-fetch>

use super::cors_check::cors_check;
use super::header_list::{extract_token_list, values, ListValues};
use super::main_fetch::HopState;
use super::method::is_cors_safelisted_method;
use super::request::Request;
use super::request_header::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header, sorted_lowercase_names, UnsafeName, UnsafeWhy,
    SAFELIST_VALUE_LIMIT,
};
use super::response_head::read_head;
use super::status::{is_ok_status, is_redirect_status};
use super::trace::Tracer;
use super::{End, Run};
use crate::decision::{Browser, Check, Checked, Failure, Outcome, SentRequest, Stage};
use crate::scenario::{Answer, CredentialsMode, Hop};

const SPEC: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_UNSAFE: &str = "https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names";
const SPEC_CACHE: &str = "https://fetch.spec.whatwg.org/#cors-preflight-cache";

/// "If the default max-age is null, set max-age to 5."
pub(crate) const DEFAULT_MAX_AGE: u64 = 5;

/// Whether a CORS request needs a preflight, and why.
pub(crate) struct PreflightNeed {
    pub(crate) needed: bool,
    pub(crate) method_safelisted: bool,
    /// The CORS-unsafe request-header names with the reason for each.
    pub(crate) unsafe_headers: Vec<UnsafeName>,
    /// Their names, lowercase and sorted: `Access-Control-Request-Headers`.
    pub(crate) unsafe_names: Vec<String>,
    /// Set when only the browser's quirk asks for it.
    pub(crate) only_by_quirk: bool,
}

/// "request's method is not a CORS-safelisted method or CORS-unsafe
/// request-header names with request's header list is not empty"
/// (<https://fetch.spec.whatwg.org/#http-fetch>, the "makeCORSPreflight" step).
/// `redirected_after_preflighted` is true on a redirected hop of a request that
/// needed a preflight as made.
pub(crate) fn preflight_need(
    browser: Browser,
    method: &str,
    headers: &[(String, String)],
    redirected_after_preflighted: bool,
) -> PreflightNeed {
    let joined;
    let headers = if browser.quirks().joins_repeated_request_headers && has_repeated_names(headers) {
        joined = join_repeated(headers);
        joined.as_slice()
    } else {
        headers
    };
    let unsafe_headers = cors_unsafe_request_header_names(headers);
    let unsafe_names = sorted_lowercase_names(unsafe_headers.iter().map(|u| u.name.as_str()));
    let method_safelisted = is_cors_safelisted_method(method);
    let by_spec = !method_safelisted || !unsafe_names.is_empty();
    let by_quirk = browser.quirks().preflights_every_redirected_hop && redirected_after_preflighted;
    PreflightNeed {
        needed: by_spec || by_quirk,
        method_safelisted,
        unsafe_headers,
        unsafe_names,
        only_by_quirk: by_quirk && !by_spec,
    }
}

/// Whether the spec preflights this method and header list: `preflight_need`'s
/// verdict for [`Browser::Spec`] before any redirect, with nothing built.
pub(crate) fn preflighted_by_spec(method: &str, headers: &[(String, String)]) -> bool {
    if !is_cors_safelisted_method(method) {
        return true;
    }
    let mut safelisted_values = 0;
    for (name, value) in headers {
        if !is_cors_safelisted_request_header(name, value) {
            return true;
        }
        safelisted_values += value.len();
    }
    safelisted_values > SAFELIST_VALUE_LIMIT
}

/// Whether two entries have the same name (case-insensitively).
fn has_repeated_names(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .enumerate()
        .any(|(i, (a, _))| headers[i + 1..].iter().any(|(b, _)| a.eq_ignore_ascii_case(b)))
}

/// One entry per header name (first spelling, first position), repeated
/// values joined with ", " — what a browser's `Headers` puts on the wire.
pub(crate) fn join_repeated(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            None => out.push((name.clone(), value.clone())),
        }
    }
    out
}

/// Records whether this hop needs a preflight and, when it does, sends it
/// and checks its answer.
pub(crate) fn cors_preflight_fetch(
    run: &mut Run,
    request: &Request,
    state: &HopState,
    hop: &Hop,
    need: &PreflightNeed,
    same_origin: bool,
) -> Result<(), End> {
    let index = state.index;
    let method = &state.method;
    let headers = &state.headers;
    run.trace.record(index, SPEC_UNSAFE, Check::PreflightNeeded, true, || {
        let seen = format!(
            "method {method}; headers {}",
            if headers.is_empty() {
                "(none)".to_string()
            } else {
                headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
            }
        );
        if !need.needed {
            let sentence = "no preflight: the method and every header are CORS-safelisted (a \"simple\" request)";
            return (seen, sentence.to_string());
        }
        let mut reasons = vec![];
        if need.only_by_quirk {
            reasons.push(
                "Firefox preflights every redirected hop of a request that needed a preflight when it was made"
                    .to_string(),
            );
        }
        if !need.method_safelisted {
            reasons.push(format!("{method} is not a CORS-safelisted method (GET, HEAD, POST)"));
        }
        for u in &need.unsafe_headers {
            reasons.push(match &u.why {
                UnsafeWhy::NotSafelisted(why) => why.describe(&u.name),
                UnsafeWhy::TotalOver1024(n) => format!(
                    "{}: the safelisted values add up to {n} bytes, over the 1024-byte limit",
                    u.name
                ),
            });
        }
        (seen, format!("a preflight is needed: {}", reasons.join("; ")))
    });
    if !need.needed {
        return Ok(());
    }
    run.preflight = true;
    // Not in the spec: quirks.rs, preflight_keeps_page_origin.
    let preflight_origin = if run.browser.quirks().preflight_keeps_page_origin {
        request.origin_text.clone()
    } else {
        state.request_origin(request).to_string()
    };
    let unsafe_names = &need.unsafe_names;
    let acrh = if unsafe_names.is_empty() {
        None
    } else {
        Some(unsafe_names.join(","))
    };
    if run.request_headers.is_none() {
        run.request_headers = Some(unsafe_names.clone());
    }
    let current = &state.current;
    run.trace.record(index, SPEC, Check::SendPreflight, true, || {
        (
            format!(
                "OPTIONS {current} with Origin: {preflight_origin}, Access-Control-Request-Method: {method}{}",
                acrh.as_ref()
                    .map(|v| format!(", Access-Control-Request-Headers: {v}"))
                    .unwrap_or_default()
            ),
            "the browser sends the preflight first, without credentials",
        )
    });
    run.sent.push(SentRequest {
        hop: index,
        preflight: true,
        method: "OPTIONS".into(),
        url: current.as_str().to_string(),
        origin: Some(preflight_origin.clone()),
        access_control_request_method: Some(method.clone()),
        access_control_request_headers: acrh,
        headers: vec![],
        credentials: false,
        cookie: None,
    });
    let answer = read_head(run, index, hop.preflight_or_default(), Stage::Preflight)?;
    // Not in the spec: quirks.rs, skips_same_origin_preflight_check.
    let checked = if run.browser.quirks().skips_same_origin_preflight_check && same_origin {
        run.trace.record(index, SPEC, Check::PreflightAnswer, true, || {
            (
                "same-origin URL",
                "Firefox does not check the answer to a preflight sent to the page's own origin",
            )
        });
        Ok(DEFAULT_MAX_AGE)
    } else {
        let header_names: Vec<String> = headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        let input = PreflightInput {
            browser: run.browser,
            answer: &answer,
            origin: &preflight_origin,
            method,
            header_names: &header_names,
            unsafe_names,
            credentials_include: run.scenario.request.credentials == CredentialsMode::Include,
            hop: index,
        };
        check_preflight(&input, &mut run.trace)
    };
    match checked {
        Ok(age) => {
            run.max_age.get_or_insert(age);
            Ok(())
        }
        Err(f) => Err(End::failed(Outcome::Blocked, Stage::Preflight, f)),
    }
}

/// The preflight check's inputs.
pub(crate) struct PreflightInput<'a> {
    pub(crate) browser: Browser,
    pub(crate) answer: &'a Answer,
    /// The serialized request origin (`null` when tainted or opaque).
    pub(crate) origin: &'a str,
    /// The normalized request method.
    pub(crate) method: &'a str,
    /// All header names the request carries (for the `Authorization` rule).
    pub(crate) header_names: &'a [String],
    /// The CORS-unsafe request-header names (lowercase, sorted).
    pub(crate) unsafe_names: &'a [String],
    pub(crate) credentials_include: bool,
    pub(crate) hop: usize,
}

/// Checks a preflight response. On success returns the cache lifetime this
/// browser would use, in seconds.
pub(crate) fn check_preflight(input: &PreflightInput, trace: &mut Tracer) -> Result<u64, Failure> {
    let PreflightInput {
        browser, answer, hop, ..
    } = *input;
    let status = answer.status;

    // A redirected preflight fails before anything else in both browsers
    // (Chromium kPreflightDisallowedRedirect; Firefox CORSExternalRedirectNotAllowed).
    if is_redirect_status(status) && !values(&answer.headers, "Location").is_empty() {
        trace.record(hop, SPEC, Check::PreflightRedirected, false, || {
            (
                format!("status {status} with a Location header"),
                "the preflight was redirected; browsers never follow a redirect for a preflight",
            )
        });
        return Err(Failure::PreflightRedirect { status });
    }
    let status_check = |trace: &mut Tracer| -> Result<(), Failure> {
        let ok = is_ok_status(status);
        trace.record(hop, SPEC, Check::PreflightOkStatus, ok, || {
            (
                format!("status {status}"),
                if ok {
                    format!("the preflight answered {status}, an ok status")
                } else {
                    format!("the preflight answered {status}; it must be 2xx (often OPTIONS is not routed, or auth middleware runs before CORS)")
                },
            )
        });
        if ok {
            Ok(())
        } else {
            Err(Failure::PreflightInvalidStatus { status })
        }
    };
    // "If a CORS check for request and response returns success and response's
    // status is an ok status": Chromium and Firefox report the CORS check's
    // failure first, WebKit the status (checked live for a 404 without
    // Allow-Origin: tests/e2e_console_text.rs).
    let status_first = browser.quirks().checks_preflight_status_first;
    if status_first {
        status_check(trace)?;
    }
    cors_check(
        browser,
        &answer.headers,
        input.origin,
        input.credentials_include,
        hop,
        Checked::PreflightResponse,
        trace,
    )?;
    if !status_first {
        status_check(trace)?;
    }

    // "Let methods be the result of extracting header list values given
    // `Access-Control-Allow-Methods` ... If either methods or headerNames is
    // failure, return a network error."
    let methods = extract_token_list(&answer.headers, "Access-Control-Allow-Methods");
    if let ListValues::Invalid { token } = &methods {
        trace.record(hop, SPEC, Check::ParseAllowMethods, false, || {
            (
                format!("token '{token}'"),
                format!("Access-Control-Allow-Methods must be a comma-separated list of tokens; '{token}' is not one"),
            )
        });
        return Err(Failure::InvalidAllowMethods { token: token.clone() });
    }
    let header_names = extract_token_list(&answer.headers, "Access-Control-Allow-Headers");
    if let ListValues::Invalid { token } = &header_names {
        trace.record(hop, SPEC, Check::ParseAllowHeaders, false, || {
            (
                format!("token '{token}'"),
                format!("Access-Control-Allow-Headers must be a comma-separated list of tokens; '{token}' is not one"),
            )
        });
        return Err(Failure::InvalidAllowHeaders { token: token.clone() });
    }

    check_method(input, &methods, trace)?;
    check_headers(input, &header_names, trace)?;
    Ok(max_age(input, trace))
}

/// "If request's method is not in methods, request's method is not a
/// CORS-safelisted method, and request's credentials mode is "include" or
/// methods does not contain `*`, then return a network error."
fn check_method(input: &PreflightInput, methods: &ListValues, trace: &mut Tracer) -> Result<(), Failure> {
    let method = input.method;
    // Methods compare byte-for-byte. Older Chromium upper-cased the method first
    // (crbug.com/1228178, shared/browser-console-messages.md §1.2 row 14); the
    // live matrix shows Chromium 156 compares exactly, as the spec and Firefox do.
    let listed = methods.tokens().iter().any(|m| m == method);
    let safelisted = is_cors_safelisted_method(method);
    let wildcard = methods.contains_wildcard() && !input.credentials_include;
    let method_ok = listed || safelisted || wildcard;
    trace.record(input.hop, SPEC, Check::MethodAllowed, method_ok, || {
        let seen = format!(
            "method {method}; Access-Control-Allow-Methods: {}",
            match methods {
                ListValues::Absent => "(absent)".to_string(),
                _ => methods.tokens().join(", "),
            }
        );
        let sentence = if listed {
            format!("{method} is listed in Access-Control-Allow-Methods")
        } else if safelisted {
            format!("{method} is CORS-safelisted, so it needs no listing")
        } else if wildcard {
            "'*' allows any method for a request without credentials".to_string()
        } else if methods.contains_wildcard() {
            format!("'*' does not count when credentials are included; {method} must be listed by name")
        } else {
            format!("{method} is not listed in Access-Control-Allow-Methods (methods compare case-sensitively)")
        };
        (seen, sentence)
    });
    if method_ok {
        Ok(())
    } else {
        Err(Failure::MethodNotAllowed {
            method: method.to_string(),
        })
    }
}

/// "If one of request's header list's names is a CORS non-wildcard
/// request-header name and is not a byte-case-insensitive match for an item
/// in headerNames, then return a network error." Then: "For each unsafeName in
/// the CORS-unsafe request-header names with request's header list: If
/// unsafeName is not a byte-case-insensitive match for an item in headerNames
/// and request's credentials mode is "include" or headerNames does not contain
/// `*`, return a network error."
fn check_headers(input: &PreflightInput, header_names: &ListValues, trace: &mut Tracer) -> Result<(), Failure> {
    let hop = input.hop;
    let allowed = |name: &str| header_names.tokens().iter().any(|h| h.eq_ignore_ascii_case(name));
    let header_wildcard = header_names.contains_wildcard() && !input.credentials_include;
    let allow_headers_seen = || match header_names {
        ListValues::Absent => "(absent)".to_string(),
        _ => header_names.tokens().join(", "),
    };
    let wildcard_covers_authorization = input.browser.quirks().wildcard_covers_authorization && header_wildcard;
    let sends_authorization = input
        .header_names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("authorization"));
    if sends_authorization && !allowed("authorization") {
        if !wildcard_covers_authorization {
            trace.record(hop, SPEC, Check::AuthorizationListed, false, || {
                (
                    format!("Access-Control-Allow-Headers: {}", allow_headers_seen()),
                    "Authorization is never covered by '*'; it must be listed in Access-Control-Allow-Headers by name",
                )
            });
            return Err(Failure::HeaderNotAllowed {
                name: "authorization".into(),
            });
        }
        let browser = input.browser;
        trace.record(hop, SPEC, Check::AuthorizationListed, true, || {
            (
                format!("Access-Control-Allow-Headers: {}", allow_headers_seen()),
                format!("{browser} still lets '*' cover Authorization, with a console warning; the spec says it never does, so list Authorization by name"),
            )
        });
    }
    for name in input.unsafe_names {
        if !allowed(name) && !header_wildcard {
            trace.record(hop, SPEC, Check::RequestHeaderAllowed, false, || {
                (
                    format!("{name}; Access-Control-Allow-Headers: {}", allow_headers_seen()),
                    if header_names.contains_wildcard() {
                        format!("'*' does not count when credentials are included; {name} must be listed by name")
                    } else {
                        format!("{name} is not listed in Access-Control-Allow-Headers")
                    },
                )
            });
            return Err(Failure::HeaderNotAllowed { name: name.clone() });
        }
    }
    if !input.unsafe_names.is_empty() {
        trace.record(hop, SPEC, Check::RequestHeadersAllowed, true, || {
            (
                format!(
                    "{}; Access-Control-Allow-Headers: {}",
                    input.unsafe_names.join(","),
                    allow_headers_seen()
                ),
                if header_wildcard && input.unsafe_names.iter().any(|n| !allowed(n)) {
                    "'*' allows these headers for a request without credentials"
                } else {
                    "every non-safelisted header is listed in Access-Control-Allow-Headers"
                },
            )
        });
    }
    Ok(())
}

/// "Let max-age be the result of extracting header list values given
/// `Access-Control-Max-Age`... If max-age is failure or null, then set max-age to 5."
fn max_age(input: &PreflightInput, trace: &mut Tracer) -> u64 {
    let browser = input.browser;
    let raw = values(&input.answer.headers, "Access-Control-Max-Age");
    let parsed = match raw.as_slice() {
        [one] if !one.is_empty() && one.bytes().all(|b| b.is_ascii_digit()) => one.parse::<u64>().ok(),
        _ => None,
    };
    let requested = parsed.unwrap_or(DEFAULT_MAX_AGE);
    // Not in the spec ("user agents may impose a limit"): quirks.rs, max_age_cap.
    let cap = browser.quirks().max_age_cap;
    let max_age = requested.min(cap);
    trace.record(input.hop, SPEC_CACHE, Check::PreflightCacheLifetime, true, || {
        (
            format!(
                "Access-Control-Max-Age: {}",
                if raw.is_empty() { "(absent)".to_string() } else { raw.join(", ") }
            ),
            if parsed.is_none() {
                "no valid Access-Control-Max-Age: the answer is cached for 5 seconds".to_string()
            } else if requested > cap {
                format!("{browser} caps Access-Control-Max-Age at {cap} s, so the answer is cached for {cap} s, not {requested} s")
            } else {
                format!("the answer is cached for {max_age} s")
            },
        )
    });
    max_age
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Trace;

    fn run(
        b: Browser,
        method: &str,
        names: &[&str],
        creds: bool,
        hs: &[(&str, &str)],
        status: u16,
    ) -> Result<u64, Failure> {
        let answer = Answer::new(status, hs);
        let unsafe_names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let input = PreflightInput {
            browser: b,
            answer: &answer,
            origin: "https://a.example",
            method,
            header_names: &unsafe_names,
            unsafe_names: &unsafe_names,
            credentials_include: creds,
            hop: 0,
        };
        check_preflight(&input, &mut Tracer::new(Trace::On))
    }

    const ACAO: (&str, &str) = ("Access-Control-Allow-Origin", "https://a.example");
    const BOTH: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    #[test]
    fn a_non_2xx_preflight_fails_even_with_every_header() {
        for b in BOTH {
            let r = run(
                b,
                "PUT",
                &[],
                false,
                &[ACAO, ("Access-Control-Allow-Methods", "PUT")],
                401,
            );
            assert_eq!(r, Err(Failure::PreflightInvalidStatus { status: 401 }));
        }
    }

    proptest::proptest! {
        /// The as-made verdict built from nothing is `preflight_need`'s for the spec.
        #[test]
        fn the_bare_preflight_verdict_is_the_full_one(
            method in "(?i)(get|head|post|put|delete|patch)",
            headers in proptest::collection::vec(
                ("(?i)(accept|content-type|range|x-a|accept-language)", "[ a-zA-Z/;=,*.\\-]{0,130}"),
                0..12,
            ),
        ) {
            let method = crate::fetch::method::normalize(&method);
            let headers: Vec<(String, String)> = headers;
            proptest::prop_assert_eq!(
                preflighted_by_spec(&method, &headers),
                preflight_need(Browser::Spec, &method, &headers, false).needed
            );
        }
    }

    #[test]
    fn a_missing_allow_origin_is_reported_before_a_404() {
        for b in BOTH {
            assert_eq!(
                run(b, "PUT", &[], false, &[], 404),
                Err(Failure::MissingAllowOrigin),
                "{b:?}"
            );
        }
    }

    #[test]
    fn a_redirected_preflight_fails() {
        let r = run(Browser::Chromium, "PUT", &[], false, &[ACAO, ("Location", "/x")], 301);
        assert_eq!(r, Err(Failure::PreflightRedirect { status: 301 }));
    }

    #[test]
    fn method_wildcard_works_only_without_credentials() {
        for b in BOTH {
            assert!(run(
                b,
                "DELETE",
                &[],
                false,
                &[ACAO, ("Access-Control-Allow-Methods", "*")],
                204
            )
            .is_ok());
            let creds = [
                ACAO,
                ("Access-Control-Allow-Methods", "*"),
                ("Access-Control-Allow-Credentials", "true"),
            ];
            assert_eq!(
                run(b, "DELETE", &[], true, &creds, 204),
                Err(Failure::MethodNotAllowed {
                    method: "DELETE".into()
                })
            );
        }
    }

    #[test]
    fn methods_compare_case_sensitively_in_both_browsers() {
        for b in BOTH {
            let listed_upper = [ACAO, ("Access-Control-Allow-Methods", "PATCH")];
            assert!(run(b, "patch", &[], false, &listed_upper, 204).is_err());
            let verbatim = [ACAO, ("Access-Control-Allow-Methods", "Wibbley-Wobbley")];
            assert!(run(b, "Wibbley-Wobbley", &[], false, &verbatim, 204).is_ok());
            let lower = [ACAO, ("Access-Control-Allow-Methods", "patch")];
            assert!(run(b, "patch", &[], false, &lower, 204).is_ok());
        }
    }

    #[test]
    fn the_spec_never_lets_the_header_wildcard_cover_authorization_but_browsers_still_do() {
        for b in BOTH {
            let hs = [ACAO, ("Access-Control-Allow-Headers", "*")];
            assert_eq!(
                run(Browser::Spec, "GET", &["authorization"], false, &hs, 200),
                Err(Failure::HeaderNotAllowed {
                    name: "authorization".into()
                })
            );
            // Browsers still let '*' cover it (with a console warning)…
            assert!(run(b, "GET", &["authorization"], false, &hs, 200).is_ok());
            // …but not with credentials, where '*' is no wildcard at all.
            let creds = [
                ACAO,
                ("Access-Control-Allow-Headers", "*"),
                ("Access-Control-Allow-Credentials", "true"),
            ];
            assert!(run(b, "GET", &["authorization"], true, &creds, 200).is_err());
            assert!(run(b, "GET", &["x-custom"], false, &hs, 200).is_ok());
            let listed = [ACAO, ("Access-Control-Allow-Headers", "*, Authorization")];
            assert!(run(b, "GET", &["authorization", "x-custom"], false, &listed, 200).is_ok());
        }
    }

    #[test]
    fn allow_headers_compare_case_insensitively() {
        let hs = [ACAO, ("Access-Control-Allow-Headers", "X-Custom, content-type")];
        assert!(run(Browser::Firefox, "POST", &["content-type", "x-custom"], false, &hs, 204).is_ok());
    }

    #[test]
    fn invalid_tokens_fail_the_preflight() {
        let hs = [ACAO, ("Access-Control-Allow-Methods", "GET PUT")];
        assert_eq!(
            run(Browser::Chromium, "PUT", &[], false, &hs, 204),
            Err(Failure::InvalidAllowMethods {
                token: "GET PUT".into()
            })
        );
        let hs = [ACAO, ("Access-Control-Allow-Headers", "x-a;x-b")];
        assert!(matches!(
            run(Browser::Chromium, "GET", &["x-a"], false, &hs, 204),
            Err(Failure::InvalidAllowHeaders { .. })
        ));
    }

    #[test]
    fn max_age_defaults_to_5_and_is_capped_per_browser() {
        let allow = [ACAO, ("Access-Control-Allow-Methods", "PUT")];
        assert_eq!(run(Browser::Chromium, "PUT", &[], false, &allow, 204), Ok(5));
        let long = [
            ACAO,
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Max-Age", "100000"),
        ];
        assert_eq!(run(Browser::Chromium, "PUT", &[], false, &long, 204), Ok(7200));
        assert_eq!(run(Browser::Firefox, "PUT", &[], false, &long, 204), Ok(86400));
        let bad = [
            ACAO,
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Max-Age", "-1"),
        ];
        assert_eq!(run(Browser::Firefox, "PUT", &[], false, &bad, 204), Ok(5));
    }
}
