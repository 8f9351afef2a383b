//! Where Fetch meets cookies: the browser's cookies before the request (the
//! scenario's held cookies, each stored the way it was set), the cookies of
//! each request that includes credentials, and the `Set-Cookie` lines of each
//! answer to one.
//! <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch> ("If
//! includeCredentials is true … append `Cookie`"; the response's
//! `Set-Cookie` lines are handed to the cookie store when
//! includeCredentials is true, before any CORS check).

use super::Run;
use crate::cookies::retrieval::cookies_for;
use crate::cookies::storage::{store, Context};
use crate::decision::Check;
use crate::origin::web_url::WebUrl;
use crate::origin::Origin;
use crate::scenario::{Answer, Via};

/// The cookie layer as Fetch calls it: natively always there (feature
/// `inline-cookies`); the wasm app installs it after its first view
/// ([`crate::install_cookies`]), so that the first view's code has none of it.
/// Until then a decision has no cookie steps (its verdict never depends on them).
pub(crate) struct Layer {
    pub(crate) hold: fn(&mut Run),
    pub(crate) on_request: fn(&mut Run, &WebUrl, &Origin, bool, bool, usize) -> Option<String>,
    pub(crate) on_answer: fn(&mut Run, &Answer, &WebUrl, &Origin, bool, usize),
    /// Whether a request to the URL from the page is cross-site (§5.2).
    pub(crate) cross_site: fn(&Origin, &WebUrl, &super::quirks::Quirks) -> bool,
}

static LAYER: std::sync::OnceLock<Layer> = std::sync::OnceLock::new();

pub(crate) fn install() {
    let _ = LAYER.set(Layer {
        hold,
        on_request,
        on_answer,
        cross_site: |page, url, quirks| {
            !crate::cookies::same_site::same_site(page, url, quirks.cookie_same_site_ignores_scheme).0
        },
    });
}

pub(crate) fn layer() -> Option<&'static Layer> {
    #[cfg(feature = "inline-cookies")]
    if LAYER.get().is_none() {
        install();
    }
    LAYER.get()
}

const SPEC_STORAGE: &str = "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.7";
pub(crate) const SPEC_PREFLIGHT: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const SPEC_RETRIEVAL: &str = "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.8.3";

/// Stores the scenario's held cookies, each in the context it was set in.
fn hold(run: &mut Run) {
    let quirks = run.browser.quirks();
    for held in &run.scenario.cookies.held {
        let Ok(url) = WebUrl::parse(held.url.trim()) else {
            continue;
        };
        let page = match (held.via, &held.from) {
            (Via::Fetch, Some(from)) => Origin::parse(from).unwrap_or_else(|_| Origin::of_web_url(&url)),
            _ => Origin::of_web_url(&url),
        };
        let ctx = Context {
            url: &url,
            page: &page,
            visit: held.via == Via::Visit,
        };
        let v = store(&mut run.jar, &held.set_cookie, &ctx, quirks, run.cookie_setting);
        let how = match held.via {
            Via::Visit => format!("set by a visit to {}", url.as_str()),
            Via::Fetch => format!("set by a fetch of {} from {}", url.as_str(), page.serialize()),
        };
        run.trace.record(0, SPEC_STORAGE, Check::HeldCookie, v.stored, || {
            (format!("{} — {how}", held.set_cookie), v.why.clone())
        });
        run.held_cookies.push(v);
    }
}

/// The cookies of one request: each held cookie sent or not; the `Cookie` line.
/// `after_cross_site`: an earlier hop of the redirect chain was cross-site.
fn on_request(
    run: &mut Run,
    url: &WebUrl,
    page: &Origin,
    credentials: bool,
    after_cross_site: bool,
    hop: usize,
) -> Option<String> {
    if run.jar.records.is_empty() {
        return None;
    }
    let (verdicts, line) = cookies_for(
        &run.jar,
        url,
        page,
        credentials,
        after_cross_site,
        run.browser.quirks(),
        run.cookie_setting,
        hop,
    );
    for v in &verdicts {
        run.trace.record(hop, SPEC_RETRIEVAL, Check::Cookie, v.sent, || {
            (
                v.name.clone(),
                format!("{}: {}", if v.sent { "sent" } else { "not sent" }, v.why),
            )
        });
    }
    run.cookies.extend(verdicts);
    line
}

/// The `Set-Cookie` lines of one answer: stored (credentials included) or ignored.
fn on_answer(run: &mut Run, answer: &Answer, url: &WebUrl, page: &Origin, credentials: bool, hop: usize) {
    let lines = answer
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.as_str());
    for line in lines {
        let mut v = if credentials {
            let ctx = Context {
                url,
                page,
                visit: false,
            };
            store(&mut run.jar, line, &ctx, run.browser.quirks(), run.cookie_setting)
        } else {
            let name = crate::cookies::set_cookie::parse(line)
                .map(|c| c.name)
                .unwrap_or_default();
            crate::cookies::SetCookieVerdict {
                hop: None,
                name,
                line: line.to_string(),
                stored: false,
                partition: None,
                reason: crate::cookies::CookieReason::NoCredentials,
                devtools: None,
                why: "the request went without credentials, so the browser ignores the answer's Set-Cookie".into(),
            }
        };
        v.hop = Some(hop);
        run.trace.record(hop, SPEC_STORAGE, Check::SetCookie, v.stored, || {
            (line.to_string(), v.why.clone())
        });
        run.set_cookies.push(v);
    }
}
