//! The CORS-preflight fetch: whether the preflight response lets the actual
//! request go, and for how long a browser caches that answer.
//! <https://fetch.spec.whatwg.org/#cors-preflight-fetch>

use crate::cors_check::cors_check;
use crate::decision::{Browser, Failure, Step};
use crate::header_list::{extract_token_list, values, ListValues};
use crate::method::is_cors_safelisted_method;
use crate::scenario::Answer;

const SPEC: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_CACHE: &str = "https://fetch.spec.whatwg.org/#cors-preflight-cache";

/// A redirect status. <https://fetch.spec.whatwg.org/#redirect-status>
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// <https://fetch.spec.whatwg.org/#ok-status>
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// The preflight check's inputs.
pub struct PreflightInput<'a> {
    pub browser: Browser,
    pub answer: &'a Answer,
    /// The serialized request origin (`null` when tainted or opaque).
    pub origin: &'a str,
    /// The normalized request method.
    pub method: &'a str,
    /// All header names the request carries (for the `Authorization` rule).
    pub header_names: &'a [String],
    /// The CORS-unsafe request-header names (lowercase, sorted).
    pub unsafe_names: &'a [String],
    pub credentials_include: bool,
    pub hop: usize,
}

fn step(hop: usize, spec: &'static str, check: &str, seen: String, passed: bool, sentence: String) -> Step {
    Step {
        hop,
        spec,
        check: check.into(),
        seen,
        passed,
        sentence,
    }
}

/// Checks a preflight response. On success returns the cache lifetime this
/// browser would use, in seconds.
pub fn check_preflight(input: &PreflightInput, steps: &mut Vec<Step>) -> Result<u64, Failure> {
    let PreflightInput {
        browser, answer, hop, ..
    } = *input;
    let status = answer.status;

    // A redirected preflight fails before anything else in both browsers
    // (Chromium kPreflightDisallowedRedirect; Firefox CORSExternalRedirectNotAllowed).
    if is_redirect_status(status) && !values(&answer.headers, "Location").is_empty() {
        steps.push(step(
            hop,
            SPEC,
            "preflight status",
            format!("status {status} with a Location header"),
            false,
            "the preflight was redirected; browsers never follow a redirect for a preflight".into(),
        ));
        return Err(Failure::PreflightRedirect { status });
    }
    let status_check = |steps: &mut Vec<Step>| -> Result<(), Failure> {
        let ok = is_ok_status(status);
        steps.push(step(
            hop,
            SPEC,
            "preflight status is an ok status (2xx)",
            format!("status {status}"),
            ok,
            if ok {
                format!("the preflight answered {status}, an ok status")
            } else {
                format!("the preflight answered {status}; it must be 2xx (often OPTIONS is not routed, or auth middleware runs before CORS)")
            },
        ));
        if ok {
            Ok(())
        } else {
            Err(Failure::PreflightInvalidStatus { status })
        }
    };
    // "If a CORS check for request and response returns success and response's
    // status is an ok status". Firefox reports the status first
    // (CORSPreflightDidNotSucceed3); Chromium the CORS check first.
    if browser == Browser::Firefox {
        status_check(steps)?;
    }
    cors_check(
        browser,
        &answer.headers,
        input.origin,
        input.credentials_include,
        hop,
        "preflight response",
        steps,
    )?;
    if browser != Browser::Firefox {
        status_check(steps)?;
    }

    // "Let methods be the result of extracting header list values given
    // `Access-Control-Allow-Methods` ... If either methods or headerNames is
    // failure, return a network error."
    let methods = extract_token_list(&answer.headers, "Access-Control-Allow-Methods");
    if let ListValues::Invalid { token } = &methods {
        steps.push(step(
            hop,
            SPEC,
            "parse Access-Control-Allow-Methods",
            format!("token '{token}'"),
            false,
            format!("Access-Control-Allow-Methods must be a comma-separated list of tokens; '{token}' is not one"),
        ));
        return Err(Failure::InvalidAllowMethods { token: token.clone() });
    }
    let header_names = extract_token_list(&answer.headers, "Access-Control-Allow-Headers");
    if let ListValues::Invalid { token } = &header_names {
        steps.push(step(
            hop,
            SPEC,
            "parse Access-Control-Allow-Headers",
            format!("token '{token}'"),
            false,
            format!("Access-Control-Allow-Headers must be a comma-separated list of tokens; '{token}' is not one"),
        ));
        return Err(Failure::InvalidAllowHeaders { token: token.clone() });
    }

    // "If request's method is not in methods, request's method is not a
    // CORS-safelisted method, and request's credentials mode is "include" or
    // methods does not contain `*`, then return a network error."
    let method = input.method;
    // Methods compare byte-for-byte. Older Chromium upper-cased the method first
    // (crbug.com/1228178, shared/browser-console-messages.md §1.2 row 14); the
    // live matrix shows Chromium 156 compares exactly, as the spec and Firefox do.
    let looked_up = method.to_string();
    let listed = methods.tokens().contains(&looked_up);
    let wildcard = methods.contains_wildcard() && !input.credentials_include;
    let method_ok = listed || is_cors_safelisted_method(&looked_up) || wildcard;
    let seen = format!(
        "method {method}{}; Access-Control-Allow-Methods: {}",
        if looked_up != method {
            format!(" (compared as {looked_up})")
        } else {
            String::new()
        },
        match &methods {
            ListValues::Absent => "(absent)".to_string(),
            _ => methods.tokens().join(", "),
        }
    );
    let sentence = if listed {
        format!("{looked_up} is listed in Access-Control-Allow-Methods")
    } else if is_cors_safelisted_method(&looked_up) {
        format!("{looked_up} is CORS-safelisted, so it needs no listing")
    } else if wildcard {
        "'*' allows any method for a request without credentials".to_string()
    } else if methods.contains_wildcard() {
        format!("'*' does not count when credentials are included; {looked_up} must be listed by name")
    } else {
        format!("{method} is not listed in Access-Control-Allow-Methods (methods compare case-sensitively)")
    };
    steps.push(step(hop, SPEC, "method allowed", seen, method_ok, sentence));
    if !method_ok {
        return Err(Failure::MethodNotAllowed {
            method: method.to_string(),
        });
    }

    // "If one of request's header list's names is a CORS non-wildcard
    // request-header name and is not a byte-case-insensitive match for an item
    // in headerNames, then return a network error."
    let allowed = |name: &str| header_names.tokens().iter().any(|h| h.eq_ignore_ascii_case(name));
    let header_wildcard = header_names.contains_wildcard() && !input.credentials_include;
    let allow_headers_seen = match &header_names {
        ListValues::Absent => "(absent)".to_string(),
        _ => header_names.tokens().join(", "),
    };
    // Not in the spec: Chromium 156 and Firefox ESR 153 still let a `*` cover
    // Authorization (without credentials), only warning in the console (Chromium's
    // deprecation since M97; Firefox's pref
    // network.cors_preflight.authorization_covered_by_wildcard). Seen live: the seed's
    // "Authorization header with Allow-Headers: *" example is allowed by both.
    let wildcard_covers_authorization = browser != Browser::Spec && header_wildcard;
    if input
        .header_names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("authorization"))
        && !allowed("authorization")
        && !wildcard_covers_authorization
    {
        steps.push(step(
            hop,
            SPEC,
            "Authorization listed by name",
            format!("Access-Control-Allow-Headers: {allow_headers_seen}"),
            false,
            "Authorization is never covered by '*'; it must be listed in Access-Control-Allow-Headers by name".into(),
        ));
        return Err(Failure::HeaderNotAllowed {
            name: "authorization".into(),
        });
    }
    if wildcard_covers_authorization
        && !allowed("authorization")
        && input
            .header_names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("authorization"))
    {
        steps.push(step(
            hop,
            SPEC,
            "Authorization listed by name",
            format!("Access-Control-Allow-Headers: {allow_headers_seen}"),
            true,
            format!("{browser} still lets '*' cover Authorization, with a console warning; the spec says it never does, so list Authorization by name"),
        ));
    }
    // "For each unsafeName in the CORS-unsafe request-header names with
    // request's header list: If unsafeName is not a byte-case-insensitive match
    // for an item in headerNames and request's credentials mode is "include" or
    // headerNames does not contain `*`, return a network error."
    for name in input.unsafe_names {
        if !allowed(name) && !header_wildcard {
            steps.push(step(
                hop,
                SPEC,
                "request header allowed",
                format!("{name}; Access-Control-Allow-Headers: {allow_headers_seen}"),
                false,
                if header_names.contains_wildcard() {
                    format!("'*' does not count when credentials are included; {name} must be listed by name")
                } else {
                    format!("{name} is not listed in Access-Control-Allow-Headers")
                },
            ));
            return Err(Failure::HeaderNotAllowed { name: name.clone() });
        }
    }
    if !input.unsafe_names.is_empty() {
        steps.push(step(
            hop,
            SPEC,
            "request headers allowed",
            format!(
                "{}; Access-Control-Allow-Headers: {allow_headers_seen}",
                input.unsafe_names.join(",")
            ),
            true,
            if header_wildcard && input.unsafe_names.iter().any(|n| !allowed(n)) {
                "'*' allows these headers for a request without credentials".into()
            } else {
                "every non-safelisted header is listed in Access-Control-Allow-Headers".into()
            },
        ));
    }

    // "Let max-age be the result of extracting header list values given
    // `Access-Control-Max-Age`... If max-age is failure or null, then set max-age to 5."
    let raw = values(&answer.headers, "Access-Control-Max-Age");
    let parsed = match raw.as_slice() {
        [one] if !one.is_empty() && one.bytes().all(|b| b.is_ascii_digit()) => one.parse::<u64>().ok(),
        _ => None,
    };
    let requested = parsed.unwrap_or(5);
    // Not in the spec ("user agents may impose a limit"): Chromium caps at
    // 7200 s (2 hours, preflight_result.cc kMaxTimeout), Firefox at 86400 s (24 hours).
    let cap = match browser {
        Browser::Chromium => 7200,
        Browser::Firefox => 86400,
        Browser::Spec => u64::MAX,
    };
    let max_age = requested.min(cap);
    steps.push(step(
        hop,
        SPEC_CACHE,
        "preflight cache lifetime",
        format!(
            "Access-Control-Max-Age: {}",
            if raw.is_empty() { "(absent)".to_string() } else { raw.join(", ") }
        ),
        true,
        if parsed.is_none() {
            "no valid Access-Control-Max-Age: the answer is cached for 5 seconds".into()
        } else if requested > cap {
            format!("{browser} caps Access-Control-Max-Age at {cap} s, so the answer is cached for {cap} s, not {requested} s")
        } else {
            format!("the answer is cached for {max_age} s")
        },
    ));
    Ok(max_age)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        check_preflight(&input, &mut vec![])
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

    #[test]
    fn firefox_reports_the_status_before_a_missing_allow_origin() {
        assert_eq!(
            run(Browser::Firefox, "PUT", &[], false, &[], 404),
            Err(Failure::PreflightInvalidStatus { status: 404 })
        );
        assert_eq!(
            run(Browser::Chromium, "PUT", &[], false, &[], 404),
            Err(Failure::MissingAllowOrigin)
        );
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
