//! Main fetch, hop by hop: scheme fetch for non-HTTP(S) URLs, mixed content,
//! the same-origin / no-cors / CORS choice and the response tainting it sets,
//! then HTTP fetch (the preflight if one is needed, the request, the CORS
//! check) and, for a redirect, HTTP-redirect fetch.
//! <https://fetch.spec.whatwg.org/#main-fetch>

use super::cors_check::cors_check;
use super::cors_preflight::{cors_preflight_fetch, preflight_need};
use super::header_list::values;
use super::http_redirect_fetch::{http_redirect_fetch, AfterResponse};
use super::request::Request;
use super::response::filtered_response;
use super::response_head::read_head;
use super::status::is_redirect_status;
use super::{End, Run};
use crate::decision::{Check, Checked, Failure, Outcome, ResponseType, SentRequest, Stage};
use crate::origin::web_url::WebUrl;
use crate::origin::{is_trustworthy_url, Origin};
use crate::scenario::{Answer, CredentialsMode, Hop, RedirectMode, RequestMode};
use std::borrow::Cow;

pub(crate) const SPEC_MAIN: &str = "https://fetch.spec.whatwg.org/#main-fetch";
pub(crate) const SPEC_HTTP_FETCH: &str = "https://fetch.spec.whatwg.org/#concept-http-fetch";
pub(crate) const SPEC_MIXED: &str = "https://w3c.github.io/webappsec-mixed-content/#should-block-fetch";
const SPEC_ORIGIN: &str = "https://html.spec.whatwg.org/multipage/browsers.html#same-origin";

/// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tainting {
    Basic,
    Cors,
    Opaque,
}

/// What changes from hop to hop of a redirect chain.
pub(crate) struct HopState {
    /// Which hop (0 for the URL script asked for).
    pub(crate) index: usize,
    /// "request's current URL".
    pub(crate) current: WebUrl,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) tainting: Tainting,
    /// "request's tainted origin flag": from then on `Origin: null`.
    pub(crate) tainted_origin: bool,
    pub(crate) redirect_count: u32,
    /// A redirect turned a request that sent `Origin` into a GET, and this
    /// browser keeps the header (quirks.rs `keeps_body_headers_after_method_change`).
    pub(crate) keeps_origin_header: bool,
    /// An earlier hop's URL was cross-site to the page (for cookies: quirks.rs
    /// `cookie_same_site_counts_redirect_chain`).
    pub(crate) cross_site_before: bool,
}

impl HopState {
    /// The serialized request origin: `null` once tainted.
    pub(crate) fn request_origin<'r>(&self, request: &'r Request) -> &'r str {
        if self.tainted_origin {
            "null"
        } else {
            &request.origin_text
        }
    }
}

/// Main fetch for the constructed request, following redirects to the end.
pub(crate) fn main_fetch(run: &mut Run, mut request: Request) -> End {
    if let Some(end) = non_http_scheme(run, &request) {
        return end;
    }
    if should_block_as_mixed_content(run, &request.page_origin, &request.url) {
        let url = request.url.to_string();
        run.trace
            .record(0, super::request::SPEC_REQUEST, Check::MixedContent, false, || {
                (
                    url.clone(),
                    format!("an https page may not fetch the insecure URL {url}; the browser blocks it before sending"),
                )
            });
        return End::failed(Outcome::Rejected, Stage::Request, Failure::MixedContent { url });
    }
    let hops = run.scenario.server.hops();
    let mut state = HopState {
        index: 0,
        current: request.url.clone(),
        // The hop state owns the method and headers from here on.
        method: std::mem::take(&mut request.method),
        headers: std::mem::take(&mut request.headers),
        tainting: Tainting::Basic,
        tainted_origin: false,
        keeps_origin_header: false,
        cross_site_before: false,
        redirect_count: 0,
    };
    let default_hop = Hop::default();
    loop {
        let hop = match hops.get(state.index) {
            Some(h) => h,
            None => {
                let current = &state.current;
                run.trace.record(state.index, SPEC_MAIN, Check::ServerAnswer, true, || {
                    (
                        current.to_string(),
                        "the scenario gives no answer for this URL: assuming a server without CORS support (404 to a preflight, 200 with no headers)",
                    )
                });
                &default_hop
            }
        };
        // Only the trace tells a hop URL that differs from the one requested.
        let hop_url = hop.url.as_deref().filter(|_| run.trace.is_on());
        if let Some(u) = hop_url.and_then(|u| WebUrl::parse(u.trim()).ok()) {
            if u != state.current {
                let (current, index) = (&state.current, state.index);
                run.trace.record(index, SPEC_MAIN, Check::HopUrl, true, || {
                    let sentence = format!(
                        "the browser requests {current}, but the scenario's hop {index} is for {u}; using its answers anyway"
                    );
                    (u.to_string(), sentence)
                });
            }
        }
        // Compared tuple to tuple; the target's origin is built only for a redirect.
        let same_origin = request.page_origin.is_origin_of(&state.current);
        if let Err(end) = choose_tainting(run, &request, &mut state, same_origin) {
            return end;
        }
        if let Err(end) = super::local_network::check(run, &request, &state) {
            return end;
        }
        let response = match http_fetch(run, &request, &state, hop, same_origin) {
            Ok(response) => response,
            Err(end) => return end,
        };
        let cross_site_now = !run.jar.records.is_empty()
            && super::cookie_setup::layer()
                .is_some_and(|c| (c.cross_site)(&request.page_origin, &state.current, run.browser.quirks()));
        match http_redirect_fetch(run, &request, &mut state, &response, same_origin) {
            AfterResponse::Follow => {
                state.index += 1;
                state.cross_site_before |= cross_site_now;
            }
            AfterResponse::End(end) => return end,
            AfterResponse::Final => {
                let credentials_include = run.scenario.request.credentials == CredentialsMode::Include;
                return filtered_response(run, state.tainting, &response, credentials_include, state.index);
            }
        }
    }
}

/// Scheme fetch: `data:` URLs are read locally; other non-HTTP(S) schemes fail.
/// <https://fetch.spec.whatwg.org/#scheme-fetch>
fn non_http_scheme(run: &mut Run, request: &Request) -> Option<End> {
    let url = &request.url;
    match url.scheme() {
        "http" | "https" => None,
        "data" if run.scenario.request.mode != RequestMode::SameOrigin => {
            run.trace.record(
                0,
                "https://fetch.spec.whatwg.org/#scheme-fetch",
                Check::DataUrl,
                true,
                || (url.to_string(), "data: URLs are read locally without CORS"),
            );
            Some(End::resolved(
                Outcome::Allowed,
                ResponseType::Basic,
                200,
                vec!["content-type".into()],
            ))
        }
        other => {
            run.trace
                .record(0, super::request::SPEC_REQUEST, Check::HttpUrl, false, || {
                    (
                        url.to_string(),
                        format!("CORS requests are only supported for http and https URLs, not {other}:"),
                    )
                });
            Some(End::failed(
                Outcome::Rejected,
                Stage::Request,
                Failure::UnsupportedScheme {
                    scheme: other.to_string(),
                },
            ))
        }
    }
}

/// "Should fetching request be blocked as mixed content?": an https page and a
/// URL that is not potentially trustworthy — unless the browser lets Local
/// Network Access decide for a local address ([`super::quirks`]).
pub(crate) fn should_block_as_mixed_content(run: &Run, page_origin: &Origin, url: &WebUrl) -> bool {
    let https_page = matches!(page_origin, Origin::Tuple { scheme, .. } if scheme == "https");
    // Not in the spec: quirks.rs, loopback_http_is_mixed_content.
    let trustworthy =
        is_trustworthy_url(url) && !(run.browser.quirks().loopback_http_is_mixed_content && url.scheme() == "http");
    let blocked = https_page && !trustworthy;
    blocked
        && !(run.browser.quirks().local_network_relaxes_mixed_content && super::local_network::is_local_literal(url))
}

/// Main fetch's choice: "request's current URL's origin is same origin with
/// request's origin, and request's response tainting is "basic"" → basic
/// fetch; mode "same-origin" → network error; mode "no-cors" → opaque
/// tainting; otherwise "cors" tainting.
fn choose_tainting(run: &mut Run, request: &Request, state: &mut HopState, same_origin: bool) -> Result<(), End> {
    let req = &run.scenario.request;
    let index = state.index;
    if index == 0 || state.tainting == Tainting::Basic {
        let page_origin = &request.page_origin;
        let current = &state.current;
        run.trace.record(index, SPEC_ORIGIN, Check::SameOrigin, true, || {
            let target_origin = &Origin::of_web_url(current);
            (
                format!("page {}, URL origin {}", request.origin_text, target_origin.serialize()),
                crate::origin::compare(page_origin, target_origin).same_origin_reason,
            )
        });
    }
    if same_origin && state.tainting == Tainting::Basic {
        // Basic fetch, no CORS involved.
        return Ok(());
    }
    match req.mode {
        RequestMode::SameOrigin => {
            run.trace.record(index, SPEC_MAIN, Check::RequestMode, false, || {
                ("same-origin", "mode same-origin refuses any cross-origin URL")
            });
            let (outcome, stage) = if index == 0 {
                (Outcome::Rejected, Stage::Request)
            } else {
                (Outcome::Blocked, Stage::Redirect)
            };
            Err(End::failed(outcome, stage, Failure::DisallowedByMode))
        }
        RequestMode::NoCors => {
            if req.redirect != RedirectMode::Follow {
                run.trace
                    .record(index, SPEC_MAIN, Check::NoCorsRedirectMode, false, || {
                        (
                            req.redirect.as_str(),
                            "mode no-cors requires redirect mode follow; the fetch fails before sending",
                        )
                    });
                return Err(End::failed(
                    Outcome::Rejected,
                    Stage::Request,
                    Failure::NoCorsRedirectMode,
                ));
            }
            if state.tainting != Tainting::Opaque {
                run.trace.record(index, SPEC_MAIN, Check::ResponseTainting, true, || {
                    (
                        "no-cors",
                        "mode no-cors: the request goes out without CORS and the page gets an opaque response",
                    )
                });
            }
            state.tainting = Tainting::Opaque;
            Ok(())
        }
        RequestMode::Cors => {
            if state.tainting != Tainting::Cors {
                state.tainting = Tainting::Cors;
                run.trace.record(index, SPEC_MAIN, Check::ResponseTainting, true, || {
                    (
                        "cors",
                        "a cross-origin request in mode cors: the response must pass the CORS check",
                    )
                });
            }
            Ok(())
        }
    }
}

/// HTTP fetch for one hop: the CORS-preflight fetch when one is needed, the
/// request itself, and "if request's response tainting is "cors" and a CORS
/// check for request and response returns failure, then return a network error."
/// Returns the hop's response.
fn http_fetch<'h>(
    run: &mut Run,
    request: &Request,
    state: &HopState,
    hop: &'h Hop,
    same_origin: bool,
) -> Result<Cow<'h, Answer>, End> {
    let req = &run.scenario.request;
    let index = state.index;
    let credentials_include = req.credentials == CredentialsMode::Include;
    let request_origin = state.request_origin(request);
    let credentials_sent = match req.credentials {
        CredentialsMode::Include => true,
        CredentialsMode::SameOrigin => state.tainting == Tainting::Basic,
        CredentialsMode::Omit => false,
    };

    if state.tainting == Tainting::Cors {
        let redirected_after_preflighted = index > 0 && request.preflighted_as_made;
        let need = preflight_need(run.browser, &state.method, &state.headers, redirected_after_preflighted);
        cors_preflight_fetch(run, request, state, hop, &need, same_origin)?;
        if run.sent.last().is_some_and(|s| s.preflight && s.hop == index) && !run.jar.records.is_empty() {
            run.trace
                .record(index, super::cookie_setup::SPEC_PREFLIGHT, Check::Cookie, true, || {
                    (
                        "OPTIONS",
                        "the preflight never carries cookies, whatever the credentials mode",
                    )
                });
        }
    }
    let cookie = super::cookie_setup::layer().and_then(|c| {
        (c.on_request)(
            run,
            &state.current,
            &request.page_origin,
            credentials_sent,
            state.cross_site_before,
            index,
        )
    });

    let method = &state.method;
    let origin_header = match state.tainting {
        Tainting::Cors => Some(request_origin.to_string()),
        _ if matches!(method.as_str(), "GET" | "HEAD") && !state.keeps_origin_header => None,
        _ => Some(request_origin.to_string()),
    };
    let response = hop.response_or_default();
    let current = &state.current;
    run.trace.record(index, SPEC_HTTP_FETCH, Check::SendRequest, true, || {
        (
            format!(
                "{method} {current}{}; answer {}",
                origin_header
                    .as_ref()
                    .map(|o| format!(" with Origin: {o}"))
                    .unwrap_or_default(),
                response.status
            ),
            match (&cookie, credentials_sent) {
                (Some(line), _) => format!("the request goes out with Cookie: {line}"),
                (None, true) => "the request goes out with credentials (cookies, if the browser sends any)".to_string(),
                (None, false) => "the request goes out without cookies".to_string(),
            },
        )
    });
    run.sent.push(SentRequest {
        hop: index,
        preflight: false,
        method: method.clone(),
        url: current.as_str().to_string(),
        origin: origin_header,
        access_control_request_method: None,
        access_control_request_headers: None,
        headers: state.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect(),
        credentials: credentials_sent,
        cookie,
    });
    let stage = if is_redirect_status(response.status) {
        Stage::Redirect
    } else {
        Stage::Response
    };
    let response = read_head(run, index, response, stage)?;
    if let Some(c) = super::cookie_setup::layer() {
        (c.on_answer)(
            run,
            &response,
            &state.current,
            &request.page_origin,
            credentials_sent,
            index,
        );
    }
    let is_redirect = is_redirect_status(response.status) && !values(&response.headers, "Location").is_empty();

    if state.tainting == Tainting::Cors {
        let what = if is_redirect {
            Checked::RedirectResponse
        } else {
            Checked::Response
        };
        if let Err(f) = cors_check(
            run.browser,
            &response.headers,
            request_origin,
            credentials_include,
            index,
            what,
            &mut run.trace,
        ) {
            let stage = if is_redirect { Stage::Redirect } else { Stage::Response };
            return Err(End::failed(Outcome::Blocked, stage, f));
        }
    }
    Ok(response)
}
