//! The CORS check on a response (or preflight response):
//! `Access-Control-Allow-Origin` and `Access-Control-Allow-Credentials`.
//! <https://fetch.spec.whatwg.org/#cors-check>

use super::header_list::Headers;
use super::request_header::normalize_value;
use super::trace::Tracer;
use crate::decision::{Browser, Check, Checked, Failure};
use std::borrow::Cow;

const SPEC: &str = "https://fetch.spec.whatwg.org/#cors-check";

/// A header's value as the check reads it ("get": the lines joined with
/// ", ") and how many lines it has; with `ignore_empty`, empty lines beside a
/// non-empty one are dropped first (a Firefox quirk). One line is borrowed.
fn lines_of<'a>(headers: &'a Headers, name: &str, ignore_empty: bool) -> (Option<Cow<'a, str>>, usize) {
    let mut all = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| normalize_value(v));
    let Some(first) = all.next() else {
        return (None, 0);
    };
    let Some(second) = all.next() else {
        return (Some(Cow::Borrowed(first)), 1);
    };
    let mut lines: Vec<&str> = [first, second].into_iter().chain(all).collect();
    if ignore_empty && lines.iter().any(|l| !l.is_empty()) {
        lines.retain(|l| !l.is_empty());
    }
    (Some(Cow::Owned(lines.join(", "))), lines.len())
}

/// Runs the CORS check for `origin` (the serialized request origin, `null` when
/// opaque or tainted). The outcome is the spec's; the failure reported (and so
/// the console text) follows the browser's own order of checks.
pub(crate) fn cors_check(
    browser: Browser,
    headers: &Headers,
    origin: &str,
    credentials_include: bool,
    hop: usize,
    what: Checked,
    trace: &mut Tracer,
) -> Result<(), Failure> {
    let quirks = browser.quirks();
    // "Let origin be the result of getting `Access-Control-Allow-Origin` from
    // response's header list." — repeated lines are combined with ", ".
    let (allow_origin, lines) = lines_of(headers, "Access-Control-Allow-Origin", quirks.ignores_empty_cors_lines);
    let seen = || {
        format!(
            "Access-Control-Allow-Origin: {}; request origin {origin}; credentials {}",
            allow_origin.as_deref().unwrap_or("(absent)"),
            if credentials_include {
                "included"
            } else {
                "not included"
            }
        )
    };
    let mut fail = |f: Failure, sentence: &dyn Fn() -> String| {
        trace.record(hop, SPEC, Check::AllowOrigin(what), false, || (seen(), sentence()));
        Err(f)
    };

    if quirks.counts_allow_origin_lines && lines > 1 {
        let n = lines;
        return fail(
            Failure::MultipleAllowOrigin {
                value: allow_origin.as_deref().unwrap_or_default().to_string(),
            },
            &|| format!("the {what} has {n} Access-Control-Allow-Origin lines; only one is allowed"),
        );
    }
    let Some(value) = allow_origin.as_deref() else {
        return fail(Failure::MissingAllowOrigin, &|| {
            format!("the {what} has no Access-Control-Allow-Origin header, so the page may not read it")
        });
    };
    if value == "*" {
        if credentials_include {
            return fail(Failure::WildcardOriginWithCredentials, &|| {
                format!("the {what} allows any origin with '*', but '*' does not count when credentials are included")
            });
        }
        trace.record(hop, SPEC, Check::AllowOrigin(what), true, || {
            (seen(), "'*' allows any origin for a request without credentials")
        });
        return Ok(());
    }
    if value != origin {
        let value = value.to_string();
        let failure = if (quirks.tells_allow_origin_values_apart && value.contains([' ', ',']))
            || (quirks.tells_allow_origin_lists_apart && value.contains(','))
        {
            Failure::MultipleAllowOrigin { value: value.clone() }
        } else if quirks.tells_allow_origin_values_apart
            && value != "null"
            && crate::origin::web_url::WebUrl::parse(&value).is_err()
        {
            Failure::InvalidAllowOrigin { value: value.clone() }
        } else {
            Failure::AllowOriginMismatch { value: value.clone() }
        };
        let sentence = || {
            match &failure {
            Failure::MultipleAllowOrigin { .. } => format!(
                "the {what}'s Access-Control-Allow-Origin holds several values ('{value}'); exactly one origin is allowed"
            ),
            Failure::InvalidAllowOrigin { .. } => format!(
                "the {what}'s Access-Control-Allow-Origin '{value}' is not an origin (it needs the scheme, like {origin})"
            ),
            _ => format!(
                "the {what}'s Access-Control-Allow-Origin '{value}' is not byte-for-byte the page's origin '{origin}'"
            ),
        }
        };
        trace.record(hop, SPEC, Check::AllowOrigin(what), false, || (seen(), sentence()));
        return Err(failure);
    }
    trace.record(hop, SPEC, Check::AllowOrigin(what), true, || {
        (
            seen(),
            format!("Access-Control-Allow-Origin matches the origin {origin} exactly"),
        )
    });
    if !credentials_include {
        return Ok(());
    }
    // "Let credentials be the result of getting `Access-Control-Allow-Credentials`
    // ... If credentials is `true`, then return success."
    let (credentials, _) = lines_of(
        headers,
        "Access-Control-Allow-Credentials",
        quirks.ignores_empty_cors_lines,
    );
    let seen = || {
        format!(
            "Access-Control-Allow-Credentials: {}",
            credentials.as_deref().unwrap_or("(absent)")
        )
    };
    if credentials.as_deref() == Some("true") {
        trace.record(hop, SPEC, Check::AllowCredentials(what), true, || {
            (
                seen(),
                "credentials are included and the server says Access-Control-Allow-Credentials: true",
            )
        });
        return Ok(());
    }
    trace.record(hop, SPEC, Check::AllowCredentials(what), false, || {
        (
            seen(),
            format!(
                "credentials are included, so the {what} must send Access-Control-Allow-Credentials: true (exactly, lowercase)"
            ),
        )
    });
    Err(Failure::InvalidAllowCredentials {
        value: credentials.map(Cow::into_owned).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Trace;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    fn check(b: Browser, hs: &[(&str, &str)], creds: bool) -> Result<(), Failure> {
        cors_check(
            b,
            &h(hs),
            "https://a.example",
            creds,
            0,
            Checked::Response,
            &mut Tracer::new(Trace::On),
        )
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
        assert!(cors_check(
            Browser::Chromium,
            &hs,
            "null",
            false,
            0,
            Checked::Response,
            &mut Tracer::new(Trace::On)
        )
        .is_ok());
    }
}
