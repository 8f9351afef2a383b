//! The CORS parts of the WHATWG Fetch Standard, one file per algorithm:
//! the Request constructor's checks ([`request`]), main fetch and response
//! tainting ([`main_fetch`]), the CORS-preflight fetch ([`cors_preflight`]),
//! the CORS check ([`cors_check`]), HTTP-redirect fetch
//! ([`http_redirect_fetch`]), the filtered response script receives and its
//! exposed headers ([`response`], [`exposed_headers`]), the safelists
//! ([`request_header`], [`method`]) and header lists ([`header_list`]); the
//! response head as the browser parses it off the wire ([`response_head`]). Every
//! deliberate difference from the spec is one entry in [`quirks`].
//!
//! This layer produces the decision and its trace; the explanation (console
//! text, fix, server configurations) decorates it from above.

pub(crate) mod cookie_setup;
pub(crate) mod cors_check;
pub(crate) mod cors_preflight;
pub(crate) mod exposed_headers;
pub mod header_list;
pub(crate) mod http_redirect_fetch;
pub(crate) mod local_network;
pub(crate) mod main_fetch;
pub(crate) mod method;
pub(crate) mod quirks;
pub(crate) mod request;
pub mod request_header;
pub(crate) mod response;
pub(crate) mod response_head;
pub(crate) mod status;
pub(crate) mod trace;

use crate::cookies::{CookieOnRequest, SetCookieVerdict};
use crate::decision::{Browser, Console, Decision, Failure, Outcome, ResponseType, SentRequest, Stage, Trace};
use crate::scenario::{CookieSetting, Scenario};
use trace::Tracer;

/// One run of the algorithm: its inputs and what it records.
pub(crate) struct Run<'a> {
    pub(crate) scenario: &'a Scenario,
    pub(crate) browser: Browser,
    pub(crate) trace: Tracer,
    pub(crate) sent: Vec<SentRequest>,
    /// Whether a preflight went out on any hop.
    pub(crate) preflight: bool,
    /// The first preflight's `Access-Control-Request-Headers` names.
    pub(crate) request_headers: Option<Vec<String>>,
    /// The first successful preflight's cache lifetime.
    pub(crate) max_age: Option<u64>,
    /// The browser's cookies, as the run changes them.
    pub(crate) jar: crate::cookies::Jar,
    pub(crate) cookie_setting: CookieSetting,
    pub(crate) held_cookies: Vec<SetCookieVerdict>,
    pub(crate) cookies: Vec<CookieOnRequest>,
    pub(crate) set_cookies: Vec<SetCookieVerdict>,
}

/// How a run ended.
pub(crate) struct End {
    pub(crate) outcome: Outcome,
    pub(crate) stage: Option<Stage>,
    pub(crate) failure: Option<Failure>,
    pub(crate) response_type: ResponseType,
    pub(crate) status: u16,
    pub(crate) exposed: Vec<String>,
}

impl End {
    pub(crate) fn failed(outcome: Outcome, stage: Stage, failure: Failure) -> End {
        End {
            outcome,
            stage: Some(stage),
            failure: Some(failure),
            response_type: ResponseType::Error,
            status: 0,
            exposed: vec![],
        }
    }

    /// A response script can read, or an opaque one.
    pub(crate) fn resolved(outcome: Outcome, response_type: ResponseType, status: u16, exposed: Vec<String>) -> End {
        End {
            outcome,
            stage: None,
            failure: None,
            response_type,
            status,
            exposed,
        }
    }
}

/// Decides what `browser` does with the scenario, with the trace or without.
/// The console text and the fix are left to the explanation layer.
pub(crate) fn decide(scenario: &Scenario, browser: Browser, trace: Trace) -> Decision {
    let mut run = Run {
        scenario,
        browser,
        trace: Tracer::new(trace),
        sent: Vec::with_capacity(2),
        preflight: false,
        request_headers: None,
        max_age: None,
        jar: Default::default(),
        cookie_setting: scenario.cookies.setting.unwrap_or(browser.quirks().cookie_setting),
        held_cookies: vec![],
        cookies: vec![],
        set_cookies: vec![],
    };
    if let Some(cookies) = cookie_setup::layer() {
        (cookies.hold)(&mut run);
    }
    let end = match request::construct(&mut run) {
        Ok(request) => main_fetch::main_fetch(&mut run, request),
        Err(end) => end,
    };
    Decision {
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
        steps: run.trace.steps,
        console: Console::default(),
        fix: None,
        preflight_max_age: run.max_age,
        cookie_setting: run.cookie_setting,
        held_cookies: run.held_cookies,
        cookies: run.cookies,
        set_cookies: run.set_cookies,
    }
}
