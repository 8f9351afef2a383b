//! What HTTP fetch does with a redirect: request's redirect mode ("error",
//! "manual", "follow"), then HTTP-redirect fetch — the Location, the redirect
//! limit, credentials in the URL, mixed content, the tainted origin flag, and
//! the method and body a 301/302/303 changes.
//! <https://fetch.spec.whatwg.org/#http-redirect-fetch>

use super::header_list::values;
use super::main_fetch::{should_block_as_mixed_content, HopState, Tainting, SPEC_HTTP_FETCH, SPEC_MIXED};
use super::request::Request;
use super::status::is_redirect_status;
use super::{End, Run};
use crate::decision::{Check, Failure, Outcome, ResponseType, Stage};
use crate::origin::Origin;
use crate::scenario::{Answer, RedirectMode, RequestMode};

const SPEC_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";

/// "request-body-header name": removed when a redirect turns the method into GET.
const REQUEST_BODY_HEADER_NAMES: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// What a hop's response leads to.
pub(crate) enum AfterResponse {
    /// Not a redirect: the response is the final one.
    Final,
    /// The state now describes the next hop.
    Follow,
    /// The fetch ends here (an error or an opaque-redirect response).
    End(End),
}

fn blocked(
    run: &mut Run,
    index: usize,
    check: Check,
    failure: Failure,
    words: impl FnOnce() -> (String, String),
) -> AfterResponse {
    run.trace.record(index, SPEC_REDIRECT, check, false, words);
    AfterResponse::End(End::failed(Outcome::Blocked, Stage::Redirect, failure))
}

/// The redirect mode step of HTTP fetch, then HTTP-redirect fetch. On
/// [`AfterResponse::Follow`] `state` has become the next hop's.
pub(crate) fn http_redirect_fetch(
    run: &mut Run,
    request: &Request,
    state: &mut HopState,
    response: &Answer,
    same_origin: bool,
) -> AfterResponse {
    let location = values(&response.headers, "Location");
    if !is_redirect_status(response.status) || location.is_empty() {
        return AfterResponse::Final;
    }
    let index = state.index;
    if let Some(end) = redirect_mode(run, index) {
        return AfterResponse::End(end);
    }
    // "Let locationURL be actualResponse's location URL given request's current
    // URL's fragment. If locationURL is failure, then return a network error."
    let next = match location.as_slice() {
        [one] => state.current.join(one).ok(),
        _ => None,
    };
    let Some(next) = next else {
        let raw = location.join(", ");
        let failure = Failure::RedirectInvalidLocation { location: raw.clone() };
        return blocked(run, index, Check::ParseLocation, failure, || {
            (raw, "the Location header is not one valid URL".into())
        });
    };
    // "If locationURL's scheme is not an HTTP(S) scheme, then return a network error."
    if !matches!(next.scheme(), "http" | "https") {
        let failure = Failure::RedirectNotHttp {
            location: next.to_string(),
        };
        return blocked(run, index, Check::RedirectToHttp, failure, || {
            (
                next.to_string(),
                "a redirect may only go to an http or https URL".into(),
            )
        });
    }
    // "If request's redirect count is 20, then return a network error."
    if state.redirect_count == 20 {
        return blocked(run, index, Check::RedirectLimit, Failure::RedirectLimit, || {
            ("20 redirects".into(), "browsers follow at most 20 redirects".into())
        });
    }
    state.redirect_count += 1;
    // "If request's mode is "cors", locationURL includes credentials, and
    // request's origin is not same origin with locationURL's origin" / "If
    // request's response tainting is "cors" and locationURL includes credentials"
    let has_credentials = next.has_credentials();
    let next_origin = Origin::of_web_url(&next);
    let mode_cors = run.scenario.request.mode == RequestMode::Cors;
    if has_credentials
        && ((mode_cors && !request.page_origin.same_origin(&next_origin)) || state.tainting == Tainting::Cors)
    {
        let failure = Failure::RedirectContainsCredentials {
            location: next.to_string(),
        };
        return blocked(run, index, Check::LocationWithoutCredentials, failure, || {
            (
                next.to_string(),
                "a cross-origin redirect to a URL with a username or password is a network error".into(),
            )
        });
    }
    if should_block_as_mixed_content(run, &request.page_origin, &next) {
        run.trace.record(index, SPEC_MIXED, Check::MixedContent, false, || {
            (
                next.to_string(),
                "the redirect leads an https page to an insecure URL: blocked as mixed content",
            )
        });
        return AfterResponse::End(End::failed(
            Outcome::Blocked,
            Stage::Redirect,
            Failure::MixedContent { url: next.to_string() },
        ));
    }
    // "If locationURL's origin is not same origin with request's current URL's
    // origin and request's origin is not same origin with request's current
    // URL's origin, then set request's tainted origin flag."
    if !state.tainted_origin && !next_origin.is_origin_of(&state.current) && !same_origin {
        state.tainted_origin = true;
        let current = &state.current;
        run.trace.record(index, SPEC_REDIRECT, Check::TaintedOrigin, true, || {
            (
                format!("{current} → {next}"),
                "a cross-origin hop away from a cross-origin URL taints the request: from now on Origin is null",
            )
        });
    }
    // "If one of ... actualResponse's status is 301 or 302 and request's method
    // is `POST`; actualResponse's status is 303 and request's method is not
    // `GET` or `HEAD`": the method becomes GET, the body and its
    // request-body-header names are removed.
    let status = response.status;
    let method = &state.method;
    if ((status == 301 || status == 302) && method == "POST")
        || (status == 303 && !matches!(method.as_str(), "GET" | "HEAD"))
    {
        // Deliberate difference (quirks.rs `keeps_body_headers_after_method_change`): WebKit keeps them.
        let keeps = run.browser.quirks().keeps_body_headers_after_method_change;
        run.trace
            .record(index, SPEC_REDIRECT, Check::MethodAfterRedirect, true, || {
                (
                    format!("{status}, {method}"),
                    if keeps {
                        format!("a {status} turns {method} into GET and drops the body, but this browser keeps its Content-* headers (so a Content-Type that is not safelisted still needs a preflight)")
                    } else {
                        format!("a {status} turns {method} into GET, drops the body and its Content-* headers")
                    },
                )
            });
        state.method = "GET".into();
        // The request that was redirected sent `Origin` (its method was not GET or HEAD).
        state.keeps_origin_header = keeps;
        if !keeps {
            state
                .headers
                .retain(|(n, _)| !REQUEST_BODY_HEADER_NAMES.contains(&n.to_ascii_lowercase().as_str()));
        }
    }
    run.trace.record(index, SPEC_REDIRECT, Check::FollowRedirect, true, || {
        (
            format!("{status} → {next}"),
            format!("the browser follows the redirect to {next}"),
        )
    });
    state.current = next;
    AfterResponse::Follow
}

/// HTTP fetch's "switch on request's redirect mode": "error" is a network
/// error, "manual" an opaque-redirect filtered response, "follow" goes on to
/// HTTP-redirect fetch (`None`).
fn redirect_mode(run: &mut Run, index: usize) -> Option<End> {
    match run.scenario.request.redirect {
        RedirectMode::Error => {
            run.trace
                .record(index, SPEC_HTTP_FETCH, Check::RedirectMode, false, || {
                    ("error", "redirect mode error: a redirect is a network error")
                });
            Some(End::failed(
                Outcome::Blocked,
                Stage::Redirect,
                Failure::RedirectModeError,
            ))
        }
        RedirectMode::Manual => {
            run.trace.record(index, SPEC_HTTP_FETCH, Check::RedirectMode, true, || {
                (
                    "manual",
                    "redirect mode manual: the page gets an opaque-redirect response (type opaqueredirect, status 0)",
                )
            });
            Some(End::resolved(Outcome::Opaque, ResponseType::Opaqueredirect, 0, vec![]))
        }
        RedirectMode::Follow => None,
    }
}
