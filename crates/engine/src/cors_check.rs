//! The CORS check on a response (or preflight response):
//! `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials`.
//! <https://fetch.spec.whatwg.org/#cors-check>

use crate::decision::{Browser, Failure, Step};
use crate::header_list::{get, values, Headers};

const SPEC: &str = "https://fetch.spec.whatwg.org/#cors-check";

fn step(hop: usize, check: &str, seen: String, passed: bool, sentence: String) -> Step {
    Step {
        hop,
        spec: SPEC,
        check: check.into(),
        seen,
        passed,
        sentence,
    }
}

/// Runs the CORS check for `origin` (the serialized request origin, `null` when
/// opaque or tainted). The outcome is the spec's; the failure reported (and so
/// the console text) follows the browser's own order of checks.
pub fn cors_check(
    browser: Browser,
    headers: &Headers,
    origin: &str,
    credentials_include: bool,
    hop: usize,
    what: &str,
    steps: &mut Vec<Step>,
) -> Result<(), Failure> {
    let lines = values(headers, "Access-Control-Allow-Origin");
    // "Let origin be the result of getting `Access-Control-Allow-Origin` from
    // response's header list." — repeated lines are combined with ", ".
    let allow_origin = get(headers, "Access-Control-Allow-Origin");
    let seen = format!(
        "Access-Control-Allow-Origin: {}; request origin {origin}; credentials {}",
        allow_origin.as_deref().unwrap_or("(absent)"),
        if credentials_include {
            "included"
        } else {
            "not included"
        }
    );
    let fail = |steps: &mut Vec<Step>, f: Failure, sentence: String| {
        steps.push(step(
            hop,
            &format!("{what}: Access-Control-Allow-Origin"),
            seen.clone(),
            false,
            sentence,
        ));
        Err(f)
    };

    // Not in the spec: Firefox counts header lines and rejects more than one
    // before anything else (nsCORSListenerProxy.cpp CheckRequestApproved,
    // "CORSMultipleAllowOriginNotAllowed"; shared/browser-console-messages.md §2.1).
    if browser == Browser::Firefox && lines.len() > 1 {
        return fail(
            steps,
            Failure::MultipleAllowOrigin {
                value: lines.join(", "),
            },
            format!(
                "the {what} has {} Access-Control-Allow-Origin lines; only one is allowed",
                lines.len()
            ),
        );
    }
    let Some(value) = allow_origin else {
        return fail(
            steps,
            Failure::MissingAllowOrigin,
            format!("the {what} has no Access-Control-Allow-Origin header, so the page may not read it"),
        );
    };
    if value == "*" {
        if credentials_include {
            return fail(
                steps,
                Failure::WildcardOriginWithCredentials,
                format!("the {what} allows any origin with '*', but '*' does not count when credentials are included"),
            );
        }
        steps.push(step(
            hop,
            &format!("{what}: Access-Control-Allow-Origin"),
            seen,
            true,
            "'*' allows any origin for a request without credentials".into(),
        ));
        return Ok(());
    }
    if value != origin {
        // Not in the spec: Chromium tells apart several values (a space or a
        // comma in the value: cors.cc CheckAccessInternal, `find_first_of(" ,")`)
        // and a value that is no URL (kInvalidAllowOriginValue) from a mismatch.
        let failure = if browser == Browser::Chromium && value.contains([' ', ',']) {
            Failure::MultipleAllowOrigin { value: value.clone() }
        } else if browser == Browser::Chromium && value != "null" && url::Url::parse(&value).is_err() {
            Failure::InvalidAllowOrigin { value: value.clone() }
        } else {
            Failure::AllowOriginMismatch { value: value.clone() }
        };
        let sentence = match &failure {
            Failure::MultipleAllowOrigin { .. } => format!(
                "the {what}'s Access-Control-Allow-Origin holds several values ('{value}'); exactly one origin is allowed"
            ),
            Failure::InvalidAllowOrigin { .. } => format!(
                "the {what}'s Access-Control-Allow-Origin '{value}' is not an origin (it needs the scheme, like {origin})"
            ),
            _ => format!(
                "the {what}'s Access-Control-Allow-Origin '{value}' is not byte-for-byte the page's origin '{origin}'"
            ),
        };
        return fail(steps, failure, sentence);
    }
    steps.push(step(
        hop,
        &format!("{what}: Access-Control-Allow-Origin"),
        seen,
        true,
        format!("Access-Control-Allow-Origin matches the origin {origin} exactly"),
    ));
    if !credentials_include {
        return Ok(());
    }
    // "Let credentials be the result of getting `Access-Control-Allow-Credentials`
    // ... If credentials is `true`, then return success."
    let credentials = get(headers, "Access-Control-Allow-Credentials");
    let seen = format!(
        "Access-Control-Allow-Credentials: {}",
        credentials.as_deref().unwrap_or("(absent)")
    );
    if credentials.as_deref() == Some("true") {
        steps.push(step(
            hop,
            &format!("{what}: Access-Control-Allow-Credentials"),
            seen,
            true,
            "credentials are included and the server says Access-Control-Allow-Credentials: true".into(),
        ));
        Ok(())
    } else {
        steps.push(step(
            hop,
            &format!("{what}: Access-Control-Allow-Credentials"),
            seen,
            false,
            format!(
                "credentials are included, so the {what} must send Access-Control-Allow-Credentials: true (exactly, lowercase)"
            ),
        ));
        Err(Failure::InvalidAllowCredentials {
            value: credentials.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    fn check(b: Browser, hs: &[(&str, &str)], creds: bool) -> Result<(), Failure> {
        cors_check(b, &h(hs), "https://a.example", creds, 0, "response", &mut vec![])
    }

    const BOTH: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    #[test]
    fn exact_origin_passes_and_trailing_slash_does_not() {
        for b in BOTH {
            assert!(check(b, &[("Access-Control-Allow-Origin", "https://a.example")], false).is_ok());
            assert!(matches!(
                check(b, &[("Access-Control-Allow-Origin", "https://a.example/")], false),
                Err(Failure::AllowOriginMismatch { .. })
            ));
        }
    }

    #[test]
    fn wildcard_origin_with_credentials_is_blocked() {
        for b in BOTH {
            assert!(check(b, &[("Access-Control-Allow-Origin", "*")], false).is_ok());
            assert_eq!(
                check(
                    b,
                    &[
                        ("Access-Control-Allow-Origin", "*"),
                        ("Access-Control-Allow-Credentials", "true")
                    ],
                    true
                ),
                Err(Failure::WildcardOriginWithCredentials)
            );
        }
    }

    #[test]
    fn allow_credentials_must_be_exactly_lowercase_true() {
        for b in BOTH {
            let ok = check(
                b,
                &[
                    ("Access-Control-Allow-Origin", "https://a.example"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
                true,
            );
            assert!(ok.is_ok());
            let bad = check(
                b,
                &[
                    ("Access-Control-Allow-Origin", "https://a.example"),
                    ("Access-Control-Allow-Credentials", "True"),
                ],
                true,
            );
            assert_eq!(bad, Err(Failure::InvalidAllowCredentials { value: "True".into() }));
        }
    }

    #[test]
    fn two_allow_origin_lines_fail_in_both_browsers_for_different_reasons() {
        let hs = [
            ("Access-Control-Allow-Origin", "https://a.example"),
            ("Access-Control-Allow-Origin", "https://a.example"),
        ];
        assert!(matches!(
            check(Browser::Chromium, &hs, false),
            Err(Failure::MultipleAllowOrigin { .. })
        ));
        assert!(matches!(
            check(Browser::Firefox, &hs, false),
            Err(Failure::MultipleAllowOrigin { .. })
        ));
        // One line holding a list: Chromium sees the comma, Firefox a mismatch.
        let list = [("Access-Control-Allow-Origin", "https://a.example, https://b.example")];
        assert!(matches!(
            check(Browser::Chromium, &list, false),
            Err(Failure::MultipleAllowOrigin { .. })
        ));
        assert!(matches!(
            check(Browser::Firefox, &list, false),
            Err(Failure::AllowOriginMismatch { .. })
        ));
    }

    #[test]
    fn chromium_calls_a_schemeless_value_invalid() {
        let hs = [("Access-Control-Allow-Origin", "a.example")];
        assert!(matches!(
            check(Browser::Chromium, &hs, false),
            Err(Failure::InvalidAllowOrigin { .. })
        ));
        assert!(matches!(
            check(Browser::Firefox, &hs, false),
            Err(Failure::AllowOriginMismatch { .. })
        ));
    }

    #[test]
    fn null_matches_an_opaque_origin() {
        let hs = h(&[("Access-Control-Allow-Origin", "null")]);
        assert!(cors_check(Browser::Chromium, &hs, "null", false, 0, "response", &mut vec![]).is_ok());
    }
}
