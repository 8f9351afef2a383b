//! Building the scenario that reproduces a console message read by
//! [`super::console_message`], with what the message did not say written
//! down as assumptions.

use super::console_message::{ConsoleMessage, MessageBrowser, Reason};
use crate::decision::Stage;
use crate::scenario::{
    AddressSpace, Answer, CredentialsMode, Hop, Network, Permission, RequestMode, RequestSpec, Scenario, Server,
};
use serde::Serialize;

/// A scenario that reproduces a message, with what had to be assumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reproduction {
    /// `None` when the engine does not model the cause (network errors,
    /// Private Network Access, browser settings).
    pub scenario: Option<Scenario>,
    /// What the message did not say and the scenario assumes.
    pub assumptions: Vec<String>,
    /// Advice when there is no scenario (or in addition to the engine's fix).
    pub advice: Option<String>,
}

const PLACEHOLDER_URL: &str = "https://api.example/resource";

fn hop(preflight: Option<Answer>, response: Answer) -> Hop {
    Hop {
        url: None,
        preflight,
        response: Some(response),
    }
}

fn acao(origin: &str) -> (String, String) {
    ("Access-Control-Allow-Origin".into(), origin.into())
}

/// A preflight answer that lets `method` and `headers` through for `origin`.
fn passing_preflight(origin: &str, method: &str, headers: &[(String, String)], include: bool) -> Answer {
    let mut h = vec![acao(origin)];
    if include {
        h.push(("Access-Control-Allow-Credentials".into(), "true".into()));
    }
    h.push(("Access-Control-Allow-Methods".into(), method.into()));
    let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    if !names.is_empty() {
        h.push(("Access-Control-Allow-Headers".into(), names.join(", ")));
    }
    Answer {
        status: 204,
        headers: h,
        body: None,
    }
}

/// A value for a request header that makes it need a preflight.
fn unsafe_value(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json".into(),
        "authorization" => "Bearer example-token".into(),
        "accept" | "accept-language" | "content-language" => "x{}".into(),
        "range" => "bytes=0-1,2-3".into(),
        _ => "1".into(),
    }
}

/// What to do when the engine does not model the cause (no scenario).
fn advice_only(reason: &Reason) -> Option<&'static str> {
    Some(match reason {
        Reason::InvalidResponse => concat!(
            "The preflight got no valid HTTP answer (e.g. the connection closed). Make the server answer OPTIONS",
            " with a 2xx status and the CORS headers; check proxies and firewalls in front of it."
        ),
        Reason::CorsDisabled => concat!(
            "This Firefox has CORS switched off (about:config: content.cors.disable). Set it back to false;",
            " no server change helps."
        ),
        Reason::DidNotSucceed => concat!(
            "The request never got an HTTP answer: check that the URL is right, the server is up, its TLS",
            " certificate is valid, no extension blocks it, and an https page does not call an http URL (mixed",
            " content). This is not a CORS header problem."
        ),
        Reason::OriginHeaderNotAdded => concat!(
            "Extension content scripts cannot send an Origin header: make the request from the extension's",
            " background script, with host permissions for the URL."
        ),
        _ => return None,
    })
}

/// Safari's generic line alone: the likeliest cause, and the others WebKit has.
const SAFARI_CAUSES: &str = concat!(
    "Safari printed only \"… due to access control checks\" here (the line above it, which names the reason,",
    " was not pasted): the likeliest cause, no Access-Control-Allow-Origin for this page, is assumed. WebKit's",
    " other causes: the preflight answered a status that is not 2xx (\"Preflight response is not successful\");",
    " a method or request header the preflight did not allow (\"… is not allowed by",
    " Access-Control-Allow-Methods / -Headers\"); Access-Control-Allow-Origin: * with credentials; credentials",
    " without Access-Control-Allow-Credentials: true; several origins in Access-Control-Allow-Origin; a",
    " redirect the request may not follow. Paste the line above it for the exact one"
);

const ASSUMED_PREFLIGHT_CAUSE: &str = concat!(
    "the message does not say why a preflight was sent: a POST with Content-Type: application/json",
    " (the most common cause) is assumed"
);

/// The scenario being built, and what it had to assume.
struct Draft {
    page: String,
    url: String,
    request: RequestSpec,
    preflight: Option<Answer>,
    response: Answer,
    /// The first URL redirects here (a redirect's failure).
    redirect_to: Option<String>,
    network: Network,
    assumptions: Vec<String>,
}

impl Draft {
    fn new(message: &ConsoleMessage, fallback_page: &str) -> Draft {
        let mut assumptions = vec![];
        let page = match message.known_page_origin() {
            Some(o) if o != "null" || message.initial_url.is_none() => o.to_string(),
            // Safari's "Cannot make any requests from null.": the page is 'null'.
            None if message.reason == Reason::OpaqueOrigin => "null".to_string(),
            _ => {
                assumptions.push(format!(
                    "{}'s message does not name the page origin: {fallback_page} is assumed — change it to yours",
                    message.browser.as_str()
                ));
                fallback_page.to_string()
            }
        };
        let url = match message.known_url() {
            Some(u) if crate::origin::web_url::WebUrl::parse(u).is_ok() => u.to_string(),
            _ => {
                assumptions.push(format!("the message names no usable URL: {PLACEHOLDER_URL} is assumed"));
                PLACEHOLDER_URL.into()
            }
        };
        Draft {
            request: RequestSpec::get(&url),
            preflight: None,
            response: Answer::new(message.status.filter(|s| *s < 300).unwrap_or(200), &[]),
            redirect_to: None,
            network: Network::default(),
            page,
            url,
            assumptions,
        }
    }

    fn assume(&mut self, what: impl Into<String>) {
        self.assumptions.push(what.into());
    }

    fn include(&self) -> bool {
        self.request.credentials == CredentialsMode::Include
    }

    /// Makes the request one that needs a preflight: the most common cause, a JSON body's Content-Type.
    fn preflighted(&mut self) {
        self.request.method = "POST".into();
        self.request.headers = vec![("Content-Type".into(), "application/json".into())];
        self.request.body = Some("{}".into());
        self.assume(ASSUMED_PREFLIGHT_CAUSE);
    }

    /// A preflight answer: the page's Allow-Origin, then `headers`.
    fn preflight_answer(&mut self, status: u16, headers: &[(&str, String)]) {
        let mut lines = vec![acao(&self.page)];
        lines.extend(headers.iter().map(|(n, v)| (n.to_string(), v.clone())));
        self.preflight = Some(Answer {
            status,
            headers: lines,
            body: None,
        });
    }

    /// The headers of the answer that failed the check: the preflight's (for
    /// a preflighted request, which the message says) or the response's.
    fn failing_headers(&mut self, in_preflight: bool) -> &mut Vec<(String, String)> {
        if in_preflight {
            self.preflighted();
            &mut self.preflight.insert(Answer::new(204, &[])).headers
        } else {
            &mut self.response.headers
        }
    }

    /// Sets what the message says the server did wrong.
    fn apply(&mut self, message: &ConsoleMessage) {
        let page = self.page.clone();
        let in_preflight = message.preflight;
        match &message.reason {
            Reason::DisallowedByMode => self.request.mode = RequestMode::SameOrigin,
            Reason::WildcardOriginWithCredentials => {
                self.request.credentials = CredentialsMode::Include;
                self.assume("the request was made with credentials: 'include'");
                self.failing_headers(in_preflight).push(acao("*"));
            }
            Reason::AccessControlChecks => {
                self.assume(SAFARI_CAUSES);
            }
            Reason::MissingAllowOrigin | Reason::OriginNotAllowed => {
                if in_preflight {
                    self.preflighted();
                    let status = message.status.filter(|s| (200..300).contains(s)).unwrap_or(204);
                    self.preflight = Some(Answer::new(status, &[]));
                }
                if message.reason == Reason::OriginNotAllowed {
                    self.assume(
                        "Safari does not tell a missing Allow-Origin from a wrong one: a missing one is assumed",
                    );
                }
                if message.browser == MessageBrowser::Firefox {
                    self.assume(concat!(
                        "Firefox's message does not say whether the preflight or the response lacked the header:",
                        " the response is assumed"
                    ));
                }
            }
            Reason::MultipleAllowOrigin { value } => {
                let lines: Vec<(String, String)> = match (message.browser, value) {
                    (MessageBrowser::Chromium, Some(v)) => vec![acao(v)],
                    (MessageBrowser::Firefox, _) => {
                        self.assume("Firefox does not print the values: two header lines are assumed");
                        vec![acao(&page), acao(OTHER_ORIGIN)]
                    }
                    _ => {
                        self.assume("the message does not print the values: a list of two origins is assumed");
                        vec![acao(&format!("{page}, {OTHER_ORIGIN}"))]
                    }
                };
                *self.failing_headers(in_preflight) = lines;
            }
            Reason::InvalidAllowOrigin { value } | Reason::AllowOriginMismatch { value } => {
                self.failing_headers(in_preflight).push(acao(value));
            }
            Reason::InvalidAllowCredentials { value } => {
                self.request.credentials = CredentialsMode::Include;
                let mut lines = vec![acao(&page)];
                if let Some(v) = value {
                    lines.push(("Access-Control-Allow-Credentials".into(), v.clone()));
                } else if message.browser != MessageBrowser::Chromium {
                    self.assume(
                        "the message does not print the value: a missing Access-Control-Allow-Credentials is assumed",
                    );
                }
                *self.failing_headers(in_preflight) = lines;
            }
            Reason::PreflightInvalidStatus => {
                self.preflighted();
                let status = match message.status.filter(|s| !(200..300).contains(s)) {
                    Some(s) => s,
                    None => {
                        self.assume(
                            "the message does not print the preflight's status: 404 (OPTIONS not routed) is assumed",
                        );
                        404
                    }
                };
                // With Allow-Origin: Chromium checks it before the status.
                self.preflight_answer(status, &[]);
            }
            Reason::PreflightRedirect => {
                self.preflighted();
                let location = format!("{}/", self.url.trim_end_matches('/'));
                self.preflight_answer(301, &[("Location", location)]);
                self.assume("the preflight was answered with a 301 redirect (e.g. an added trailing slash)");
            }
            Reason::InvalidAllowMethods { token } => {
                self.request.method = "PUT".into();
                let token = token.clone().unwrap_or_else(|| {
                    self.assume("the message does not print the bad value: 'PUT;' is assumed");
                    "PUT;".into()
                });
                self.assume("the method is assumed to be PUT");
                self.preflight_answer(204, &[("Access-Control-Allow-Methods", format!("GET, {token}"))]);
            }
            Reason::InvalidAllowHeaders { token } => {
                self.request.headers = vec![("X-Requested-With".into(), "corscope".into())];
                let token = token.clone().unwrap_or_else(|| {
                    self.assume("the message does not print the bad value: 'X-Requested-With;' is assumed");
                    "X-Requested-With;".into()
                });
                self.assume("the request is assumed to send X-Requested-With");
                self.preflight_answer(204, &[("Access-Control-Allow-Headers", token)]);
            }
            Reason::MethodNotAllowed { method } => {
                self.request.method = method.clone().unwrap_or_else(|| {
                    self.assume("Firefox does not print the method: PUT is assumed");
                    "PUT".into()
                });
                if matches!(self.request.method.as_str(), "GET" | "HEAD" | "POST") {
                    // The CORS-preflight fetch refuses a method only when "request's method
                    // is not a CORS-safelisted method" (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
                    self.assume(format!(
                        "browsers never refuse {} by Access-Control-Allow-Methods (it is a CORS-safelisted method): \
                         the paste may have been edited, or another method was sent — the reproduction keeps {0}, \
                         and the preflight was then sent for another reason",
                        self.request.method
                    ));
                }
                self.preflight_answer(204, &[("Access-Control-Allow-Methods", "GET, POST".into())]);
            }
            Reason::HeaderNotAllowed { name } => {
                self.request.headers = vec![(name.clone(), unsafe_value(name))];
                self.preflight_answer(204, &[]);
            }
            Reason::AuthorizationNotCoveredByWildcard => {
                self.request.headers = vec![("Authorization".into(), unsafe_value("authorization"))];
                self.preflight_answer(204, &[("Access-Control-Allow-Headers", "*".into())]);
            }
            Reason::RedirectContainsCredentials { location } => self.redirect_to = Some(location.clone()),
            Reason::RedirectNotCorsScheme => {
                self.assume("the redirect's target is not printed: ftp://files.example/resource is assumed");
                self.redirect_to = Some("ftp://files.example/resource".into());
            }
            Reason::LocalNetworkAccess { space, insecure_page } => self.local_network(space.as_deref(), *insecure_page),
            Reason::PrivateNetwork { .. } => {
                self.assume(concat!(
                    "this is Private Network Access, which browsers replaced with Local Network Access:",
                    " the scenario shows what they do now (the user's permission, denied here; no header helps)"
                ));
                self.local_network(None, false);
            }
            Reason::OpaqueOrigin => {
                self.assume(concat!(
                    "Safari names no reason beyond the 'null' origin: a response without",
                    " Access-Control-Allow-Origin is assumed"
                ));
            }
            Reason::CorsDisabledScheme
            | Reason::InvalidResponse
            | Reason::CorsDisabled
            | Reason::DidNotSucceed
            | Reason::OriginHeaderNotAdded => {}
        }
    }

    /// A public page whose request to a more private address space is refused:
    /// by the user (denied), or because the page is not a secure context.
    fn local_network(&mut self, space: Option<&str>, insecure_page: bool) {
        self.network.page_space = Some(AddressSpace::Public);
        self.assume("the page is on the public internet (its address space is public)");
        if insecure_page {
            if let Some(rest) = self.page.strip_prefix("https://") {
                self.page = format!("http://{rest}");
            }
        } else {
            self.network.permission = Permission::Denied;
            self.assume("the Local Network Access permission was denied (or the prompt dismissed)");
        }
        let want = space
            .and_then(|s| s.parse::<AddressSpace>().ok())
            .unwrap_or(AddressSpace::Local);
        let parsed = crate::origin::web_url::WebUrl::parse(&self.url).ok();
        let host = parsed
            .as_ref()
            .and_then(|u| u.host_str())
            .unwrap_or_default()
            .to_string();
        let have = crate::fetch::local_network::space_of_host(parsed.as_ref().and_then(|u| u.host()), &[]);
        if have == AddressSpace::Public && want != AddressSpace::Public && !host.is_empty() {
            let ip = if want == AddressSpace::Loopback {
                "127.0.0.1"
            } else {
                "192.168.1.20"
            };
            self.network.resolves.push((host.clone(), ip.into()));
            self.assume(format!("{host} resolves to {ip} (in the {want} address space)"));
        }
    }

    /// Lets every check but the failing one pass.
    fn complete(&mut self, message: &ConsoleMessage) {
        let include = self.include();
        // Failures of the actual response still need their preflight to pass.
        if self.preflight.is_none() && message.stage != Stage::Preflight && message.preflight {
            self.preflight = Some(passing_preflight(
                &self.page,
                &self.request.method,
                &self.request.headers,
                include,
            ));
        }
        // Failures of the preflight: the actual response would pass.
        if message.stage == Stage::Preflight && self.response.headers.is_empty() {
            self.response.headers.push(acao(&self.page));
            if include {
                self.response.headers.push(acac());
            }
        }
    }

    /// The server: one URL, or the redirect the message names.
    fn server(&mut self, message: &ConsoleMessage) -> Server {
        let page = self.page.clone();
        let url = self.url.clone();
        if let Some(to) = self.redirect_to.take() {
            // The first URL redirects; it passes its own CORS check.
            let mut first = Answer::new(302, &[("Location", to.as_str())]);
            first.headers.push(acao(&page));
            return Server::Chain(vec![
                Hop {
                    url: Some(url),
                    preflight: None,
                    response: Some(first),
                },
                Hop {
                    url: crate::origin::web_url::WebUrl::parse(&to).ok().map(|_| to.clone()),
                    preflight: None,
                    response: Some(Answer::new(200, &[])),
                },
            ]);
        }
        let preflight = self.preflight.take();
        let response = std::mem::replace(&mut self.response, Answer::new(200, &[]));
        let Some(initial) = message
            .initial_url
            .as_ref()
            .filter(|u| !super::console_message::looks_redacted(u) && crate::origin::web_url::WebUrl::parse(u).is_ok())
        else {
            return Server::Single(hop(preflight, response));
        };
        // Chromium: "(redirected from '…')": the first URL redirects (307 keeps the method).
        let include = self.include();
        let mut first = Answer::new(307, &[("Location", url.as_str())]);
        first.headers.push(acao(&page));
        if include {
            first.headers.push(acac());
        }
        let first_preflight = preflight
            .as_ref()
            .map(|_| passing_preflight(&page, &self.request.method, &self.request.headers, include));
        self.request.url = initial.clone();
        self.assume("the first URL answered with a 307 redirect that passed its own checks");
        Server::Chain(vec![
            Hop {
                url: Some(initial.clone()),
                preflight: first_preflight,
                response: Some(first),
            },
            Hop {
                url: Some(url),
                preflight,
                response: Some(response),
            },
        ])
    }
}

const OTHER_ORIGIN: &str = "https://other.example";

fn acac() -> (String, String) {
    ("Access-Control-Allow-Credentials".into(), "true".into())
}

/// What to do about a page opened from a file.
const FROM_A_FILE: &str = concat!(
    "The page was opened from a file (file://): its origin is 'null', and browsers refuse file: URLs to",
    " fetch() and XMLHttpRequest. Serve the folder over http instead — e.g. `python3 -m http.server 8000`",
    " (or `npx serve`) in the page's folder — and open http://localhost:8000/; then the page has a real",
    " origin for the server to allow."
);

/// A URL typed without `http://` ("localhost:5000/api"): the browser reads
/// what comes before the first colon as its scheme.
fn without_scheme(message: &ConsoleMessage) -> Option<String> {
    let url = message.known_url()?;
    if message.reason != Reason::CorsDisabledScheme || url.contains("://") || url.starts_with("file:") {
        return None;
    }
    let scheme = url.split(':').next().unwrap_or_default();
    Some(format!(
        "The URL '{url}' has no http:// or https:// in front, so the browser reads '{scheme}:' as its scheme, \
         which is not one CORS allows. Write the whole URL: http://{url} (or https://)."
    ))
}

/// Whether the message says the page was opened from a file.
fn from_a_file(message: &ConsoleMessage) -> bool {
    message.known_page_origin() == Some("null")
        || message.reason == Reason::OpaqueOrigin
        || message.known_url().is_some_and(|u| u.starts_with("file:"))
}

/// Builds a scenario that reproduces `message`. `fallback_page` is used when
/// the message does not name the page origin (Firefox, some Safari lines).
pub fn reproduce(message: &ConsoleMessage, fallback_page: &str) -> Reproduction {
    let mut draft = Draft::new(message, fallback_page);
    for what in &message.redacted {
        draft.assume(format!(
            "the {what} looks redacted in the paste: it is read as unknown (a placeholder stands in for it), and the reason is explained as printed"
        ));
    }
    let file = from_a_file(message);
    if file {
        draft.assume(FROM_A_FILE);
    }
    let typed = without_scheme(message);
    if let Some(t) = &typed {
        draft.assume(t.clone());
    }
    if let Some(advice) = advice_only(&message.reason) {
        return Reproduction {
            scenario: None,
            assumptions: draft.assumptions,
            advice: Some(advice.into()),
        };
    }
    draft.apply(message);
    draft.complete(message);
    let server = draft.server(message);
    let name = format!("{} console: {}", message.browser.as_str(), message.reason.describe());
    Reproduction {
        scenario: Some(Scenario {
            name,
            page: draft.page,
            request: draft.request,
            server,
            expect: None,
            network: draft.network,
            cookies: Default::default(),
        }),
        assumptions: draft.assumptions,
        advice: file.then(|| FROM_A_FILE.to_string()).or(typed),
    }
}
