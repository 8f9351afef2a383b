//! The lab's HTTP side, all on loopback. Each listener has one role, decided
//! by the port it accepted on, never by the Host a request names:
//!
//! - the **app origin** (`--port`, 8080) serves the built app, the journal,
//!   the lab info and the probe, and never a scenario answer;
//! - the **scenario origins** (`--lab-port` 8081 as localhost, api.localhost
//!   and 127.0.0.1; `--https-port` 8443) answer `/s/v1`, `/open`, `/closed`
//!   and `/policy/…` as a URL says, and hold nothing recorded;
//! - the **same-origin page** (`--frame-port`, 8082) is a scenario origin that
//!   also serves the page ([`crate::frame`]) from which the app runs requests
//!   a page sends to its own origin;
//! - the **cookie hosts** (`--cookie-port`, 8444, https) are scenario origins
//!   under names only the lab answers, which send the `Set-Cookie` lines a
//!   trusted page registered for a run, and serve the cookie page
//!   ([`crate::cookie_hosts`]).
//!
//! Every answer of a scenario origin starts with the lab's protective headers
//! ([`protect`]); the journal records what arrived there.

use crate::journal::{Journal, JournalEntry};
use crate::trust::{Refused, Trust};
use crate::wire::RawWire;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Extension, Json, Router};
use corscope_engine::lab::{self, LabInfo, LabOrigin, ScenarioQuery};
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

/// How long a connection may take to send a request head.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How to start the lab.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// Port of the page origin (`http://localhost:PORT`); 0 picks a free one.
    pub page_port: u16,
    /// Port of the lab origin (`http://localhost:PORT`, `http://127.0.0.1:PORT`,
    /// `http://api.localhost:PORT`); 0 picks a free one.
    pub lab_port: u16,
    /// Port of the same-origin page (`http://localhost:PORT`); 0 picks a free one.
    pub frame_port: u16,
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The path the app is served under (`/` or e.g. `/corscope/`).
    pub base_path: String,
    /// Journal capacity (entries).
    pub journal_capacity: usize,
    /// Port of the https lab origin (`https://localhost:PORT`, a self-signed
    /// certificate made at start); 0 picks a free one, `None` leaves it out.
    pub https_port: Option<u16>,
    /// Listen on this address instead of loopback (`--bind`): the lab then
    /// answers anyone who can reach the machine.
    pub bind: Option<IpAddr>,
    /// The key a hosted page pairs with (`--key`); `None` makes a new one.
    pub key: Option<String>,
    /// Serve the app built into the binary (feature `embed-app`) instead of `dist`.
    pub embedded_app: bool,
    /// A connection that has not sent a whole request head by then is closed.
    pub header_timeout: Duration,
    /// Port of the cookie hosts (https, [`corscope_engine::lab::COOKIE_HOSTS`]);
    /// 0 picks a free one, `None` leaves them out.
    pub cookie_port: Option<u16>,
    /// Port of the cookie hosts over plain http (an http site is another site
    /// than its https one); 0 picks a free one, `None` leaves them out.
    pub cookie_http_port: Option<u16>,
}

impl LabConfig {
    /// Free loopback ports for every origin (tests and benchmarks); `dist` need not exist.
    pub fn ephemeral(dist: PathBuf) -> LabConfig {
        LabConfig {
            page_port: 0,
            lab_port: 0,
            frame_port: 0,
            dist,
            base_path: "/".into(),
            journal_capacity: 100_000,
            https_port: Some(0),
            bind: None,
            key: None,
            embedded_app: false,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            cookie_port: Some(0),
            cookie_http_port: Some(0),
        }
    }
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            page_port: 8080,
            lab_port: 8081,
            frame_port: 8082,
            dist: PathBuf::from("dist"),
            base_path: "/".into(),
            journal_capacity: 10_000,
            https_port: Some(8443),
            bind: None,
            key: None,
            embedded_app: false,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            cookie_port: Some(8444),
            cookie_http_port: Some(8445),
        }
    }
}

#[derive(Clone)]
struct AppState {
    https_port: Option<u16>,
    journal: Journal,
    page_port: u16,
    lab_port: u16,
    frame_port: u16,
    trust: Trust,
    /// `--bind`: the probe is off.
    listens_beyond_loopback: bool,
    cookie_hosts: Option<lab::CookieHostPorts>,
    /// The `Set-Cookie` lines trusted pages registered per run.
    tickets: crate::cookie_hosts::Tickets,
}

impl AppState {
    /// Whether this request may read what the lab recorded ([`Trust::check`]).
    fn check(&self, uri: &Uri, headers: &HeaderMap) -> Result<Option<HeaderValue>, Refused> {
        self.trust.check(uri.authority().map(|a| a.as_str()), headers)
    }
}

#[derive(Deserialize)]
struct RunQuery {
    #[serde(default)]
    run: String,
    /// Every run whose id starts with this (a whole matrix batch at once).
    #[serde(default)]
    prefix: Option<String>,
}

/// Records each request to a lab endpoint in the journal.
async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Decoded as the journal lookup decodes it.
    let run = req.uri().query().map(lab::run_of_query).unwrap_or_default();
    let headers = crate::journal::header_lines(req.headers());
    state.journal.record(JournalEntry {
        seq: 0,
        run,
        method: req.method().as_str().to_string(),
        url: req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default(),
        // HTTP/2 names the host in the URI (`:authority`), HTTP/1 in `Host`.
        host: req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or(req.uri().authority().map(|a| a.as_str()))
            .unwrap_or("")
            .to_string(),
        cookies: req.headers().contains_key(header::COOKIE),
        headers,
    });
    next.run(req).await
}

/// `/open`: allows any origin, method and header (`*`), preflights included.
async fn open(method: Method) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    if method == Method::OPTIONS {
        headers.insert("access-control-allow-methods", HeaderValue::from_static("*"));
        headers.insert("access-control-allow-headers", HeaderValue::from_static("*"));
        return (StatusCode::NO_CONTENT, headers).into_response();
    }
    (StatusCode::OK, headers, "open: any origin may read this\n").into_response()
}

/// `/closed`: no CORS headers at all.
async fn closed() -> Response {
    (StatusCode::OK, "closed: no CORS headers\n").into_response()
}

/// Largest accepted `/s` configuration (URL-decoded bytes).
pub const MAX_CONFIG_BYTES: usize = 16 * 1024;

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [("access-control-allow-origin", "*")],
        message + "\n",
    )
        .into_response()
}

/// Turns an answer from the scenario format into a response: the status, each
/// header line as given (repeated lines kept, a value hyper refuses written
/// raw where the connection allows it: [`crate::wire`]), and the body.
fn answer_response(answer: &corscope_engine::Answer, wire: Option<&RawWire>) -> Response {
    let Ok(status) = StatusCode::from_u16(answer.status) else {
        return bad_request(format!("{} is not an HTTP status", answer.status));
    };
    let raw_ok = wire.is_some_and(RawWire::ok);
    let mut raw = false;
    let mut headers = HeaderMap::new();
    for (name, value) in &answer.headers {
        let Ok(n) = header::HeaderName::try_from(name.as_str()) else {
            return bad_request(format!("'{name}' is not a header name"));
        };
        let v = if !crate::wire::needs_escape(value) {
            HeaderValue::from_str(value)
        } else if let Some(line) = planted_line(value) {
            return bad_request(format!(
                "the value of {name} has a line break before '{line}': a browser would read it as a {line} line, which leaves state in the browser beyond this answer; the lab does not send one"
            ));
        } else if raw_ok {
            raw = true;
            HeaderValue::from_str(&crate::wire::escape(value.as_bytes()))
        } else {
            return bad_request(format!(
                "the value of {name} has a control byte, NUL, CR or LF: only the lab's plain HTTP/1 origins send such bytes, not HTTPS or HTTP/2"
            ));
        };
        headers.append(n, v.expect("escaped or checked above"));
    }
    let mut res = (status, headers, answer.body.clone().unwrap_or_default()).into_response();
    if raw {
        res.extensions_mut().insert(RawWritten);
    }
    res
}

/// Set on an answer that carries raw control bytes in a value: its connection
/// is closed after it ([`protect`]).
#[derive(Clone, Copy, Debug)]
struct RawWritten;

/// Answer lines the lab never sends from a scenario origin: each leaves state
/// in the browser beyond the answer, for every port of the host (cookies for
/// `localhost` reach every local app; HSTS, Alt-Svc and reporting endpoints
/// outlive the run; Clear-Site-Data wipes other apps' storage). Dropped from
/// any answer, and refused when a raw line break would make one.
pub const WITHHELD: &[&str] = &[
    "set-cookie",
    "set-cookie2",
    "clear-site-data",
    "strict-transport-security",
    "alt-svc",
    "nel",
    "report-to",
    "reporting-endpoints",
];

/// The withheld line a raw value would make a browser read (after a CR or LF,
/// whichever the browser ends a line at), if any.
fn planted_line(value: &str) -> Option<&'static str> {
    value.split(['\r', '\n']).skip(1).find_map(|line| {
        let name = line.split(':').next().unwrap_or_default().trim_matches([' ', '\t']);
        WITHHELD.iter().find(|w| w.eq_ignore_ascii_case(name)).copied()
    })
}

/// The lab's protective headers, first in every answer of a scenario origin
/// (before any line a scenario wrote, so no raw line break in a value can push
/// them out of the head):
///
/// - `Content-Security-Policy: sandbox` — opened as a page, an answer (HTML,
///   script) runs in an opaque origin, with no script at all; (CSP does not
///   apply to what `fetch()` reads; an answer's own CSP lines only add
///   restrictions);
/// - `X-Content-Type-Options: nosniff` — no answer is sniffed into a script or
///   a style sheet;
/// - `Connection: close` after an answer with raw control bytes, so no forged
///   second answer in its bytes can answer the next request on its connection
///   (hyper closes it; the browser reads the line before any forged one).
///
/// The [`WITHHELD`] lines are dropped, except the `Set-Cookie` lines a cookie
/// host's answer was allowed ([`crate::cookie_hosts::AllowedCookies`]).
async fn protect(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let raw = res.extensions().get::<RawWritten>().is_some();
    // A cookie host's answer may send the lines its run's ticket lists (crate::cookie_hosts).
    let allowed = res
        .extensions_mut()
        .remove::<crate::cookie_hosts::AllowedCookies>()
        .unwrap_or_default();
    let visit = res.extensions().get::<crate::cookie_hosts::Visit>().is_some();
    let theirs = std::mem::take(res.headers_mut());
    let h = res.headers_mut();
    let csp = if visit {
        "default-src 'none'; frame-ancestors 'none'"
    } else {
        "sandbox"
    };
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if raw {
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let mut name = None;
    for (n, value) in theirs {
        if let Some(n) = n {
            name = Some(n);
        }
        let Some(n) = &name else { continue };
        let registered = *n == header::SET_COOKIE && value.to_str().is_ok_and(|v| allowed.0.iter().any(|a| a == v));
        if !WITHHELD.contains(&n.as_str()) || registered {
            h.append(n.clone(), value);
        }
    }
    res
}

pub use corscope_engine::lab::SCENARIO_PATH;

/// `/s/v1?run=ID&cfg=JSON[&hop=N]`: answers as the scenario's `server` part
/// says. `cfg` is one hop (`{"preflight": …, "response": …}`) or a redirect
/// chain (an array of hops); `hop` picks the chain's hop. OPTIONS gets the
/// preflight answer (default 404, no headers), anything else the response
/// (default 200, no headers). A `Location` that points at `/s/v1` (on any lab
/// origin) is sent on with the same run, the same cfg and the next hop.
async fn scenario_v1(method: Method, wire: Option<Extension<RawWire>>, Query(q): Query<ScenarioQuery>) -> Response {
    let wire = wire.as_ref().map(|w| &w.0);
    if q.cfg.len() > MAX_CONFIG_BYTES {
        return bad_request(format!(
            "cfg is {} bytes; at most {MAX_CONFIG_BYTES} are accepted",
            q.cfg.len()
        ));
    }
    let server: corscope_engine::Server = if q.cfg.is_empty() {
        corscope_engine::Server::default()
    } else {
        match serde_json::from_str(&q.cfg) {
            Ok(h) => h,
            Err(e) => return bad_request(format!("cfg is not a valid server answer: {e}")),
        }
    };
    let hop = server.hops().get(q.hop).cloned().unwrap_or_default();
    if method == Method::OPTIONS {
        return answer_response(&hop.preflight_or_default(), wire);
    }
    let mut answer = hop.response_or_default().into_owned();
    for (name, value) in answer.headers.iter_mut() {
        if name.eq_ignore_ascii_case("location") {
            let base = value.split(['?', '#']).next().unwrap_or_default().to_string();
            if base.ends_with(SCENARIO_PATH) {
                let next = ScenarioQuery {
                    hop: q.hop + 1,
                    ..q.clone()
                };
                *value = format!("{base}?{}", next.encode());
            }
        }
    }
    answer_response(&answer, wire)
}

/// A trusted answer: `body` with the page's origin allowed (see [`crate::trust`]).
fn trusted(allow: Option<HeaderValue>, body: impl IntoResponse) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(origin) = allow {
        h.insert("access-control-allow-origin", origin);
    }
    res
}

/// A 403 that says why, readable by the page that was refused, with no data.
fn refused(headers: &HeaderMap, why: Refused) -> Response {
    // The refusal is readable wherever it comes from (it holds nothing recorded).
    let origin = headers.get(header::ORIGIN).cloned();
    trusted(origin, (StatusCode::FORBIDDEN, Json(why.refusal())))
}

/// The preflight for the trusted endpoints (it cannot carry the key; it reveals nothing).
async fn trusted_preflight(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    if let Err(why @ Refused::Host(_)) = state.check(&uri, &headers) {
        return refused(&headers, why);
    }
    let mut res = trusted(headers.get(header::ORIGIN).cloned(), StatusCode::NO_CONTENT);
    let h = res.headers_mut();
    h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST"));
    if let Ok(names) = HeaderValue::try_from(format!("{}, content-type", lab::KEY_HEADER)) {
        h.insert("access-control-allow-headers", names);
    }
    h.insert("access-control-max-age", HeaderValue::from_static("600"));
    res
}

/// `/journal?run=ID`: what the lab received for one run (trusted pages only).
async fn journal_endpoint(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<RunQuery>,
) -> Response {
    let allow = match state.check(&uri, &headers) {
        Ok(allow) => allow,
        Err(why) => return refused(&headers, why),
    };
    let entries = match q.prefix.as_deref() {
        Some(p) if !p.is_empty() => state.journal.runs_with_prefix(p),
        _ => state.journal.run(&q.run),
    };
    trusted(allow, Json(entries))
}

/// A probe's per-request timeout.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(8);
/// The largest probe request body the lab reads.
const PROBE_BODY_LIMIT: usize = 64 * 1024;

/// `POST /probe`: sends, server-to-server, what the trusted page's browser
/// would send to a URL that is not the lab, and answers the real answers
/// (statuses, headers and the start of each body). The trust check comes before
/// anything is sent, so no other website can make the lab reach a host.
async fn probe_endpoint(State(state): State<AppState>, uri: Uri, headers: HeaderMap, body: String) -> Response {
    let allow = match state.check(&uri, &headers) {
        Ok(allow) => allow,
        Err(why) => return refused(&headers, why),
    };
    let answer = |status: StatusCode, probed: lab::Probed| trusted(allow.clone(), (status, Json(probed)));
    let error = |status: StatusCode, message: String| {
        answer(
            status,
            lab::Probed {
                scenario: None,
                exchanges: vec![],
                error: Some(message),
            },
        )
    };
    if state.listens_beyond_loopback {
        let message = "the probe is off while the lab listens beyond loopback (--bind)".to_string();
        return error(StatusCode::FORBIDDEN, message);
    }
    let ask: lab::ProbeAsk = match serde_json::from_str(&body) {
        Ok(a) => a,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("not a probe request: {e}")),
    };
    let Ok(browser) = ask.browser.parse::<corscope_engine::Browser>() else {
        return error(StatusCode::BAD_REQUEST, format!("'{}' is not a browser", ask.browser));
    };
    let client = match crate::probe::client(PROBE_TIMEOUT, false) {
        Ok(c) => c,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let req = crate::probe::ProbeRequest {
        origin: ask.page,
        request: ask.request,
        browser,
    };
    match crate::probe::probe(&client, &req, PROBE_TIMEOUT).await {
        Ok(report) => answer(
            StatusCode::OK,
            lab::Probed {
                scenario: Some(report.scenario),
                exchanges: report.exchanges,
                error: None,
            },
        ),
        Err(e) => error(StatusCode::BAD_GATEWAY, e.to_string()),
    }
}

/// `/lab.json`: where the lab origins are, so the app can offer them (trusted pages only).
async fn lab_info(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    match state.check(&uri, &headers) {
        Ok(allow) => trusted(allow, Json(lab_info_of(&state))),
        Err(why) => refused(&headers, why),
    }
}

fn lab_info_of(state: &AppState) -> LabInfo {
    let (lab, page) = (state.lab_port, state.page_port);
    let origin = |origin: String, note: &str| LabOrigin {
        origin,
        note: note.to_string(),
    };
    let mut origins = vec![
        origin(
            format!("http://localhost:{lab}"),
            "another port: cross-origin, same-site",
        ),
        origin(
            format!("http://api.localhost:{lab}"),
            "a *.localhost sub-domain: cross-origin",
        ),
        origin(
            format!("http://127.0.0.1:{lab}"),
            "a loopback IP: cross-origin, cross-site",
        ),
    ];
    if let Some(https) = state.https_port {
        origins.push(origin(
            format!("https://localhost:{https}"),
            "https with a self-signed certificate: another scheme",
        ));
    }
    let frame = localhost(state.frame_port);
    origins.push(origin(
        frame.clone(),
        "the lab's same-origin page: the request runs from a page on this origin",
    ));
    LabInfo {
        page: localhost(page),
        origins,
        frame: Some(frame),
        cookie_hosts: state.cookie_hosts,
    }
}

/// Whether a path names a file of the built app (`/x-1a2b.wasm`), not a place
/// in the app (`/some/where`): its last segment has a file extension.
pub fn is_file_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// `http://localhost:PORT`: how the lab names its origins.
fn localhost(port: u16) -> String {
    format!("http://localhost:{port}")
}

/// What a listener is for ([module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The app, the journal, the lab info, the probe: no scenario answer.
    App,
    /// Scenario answers only.
    Scenario,
    /// Scenario answers and the same-origin page ([`crate::frame`]).
    Frame,
    /// The cookie hosts: scenario answers with their run's registered
    /// `Set-Cookie` lines, visits that set held cookies, the cookie page.
    Cookie,
}

/// The lab's ports, one per role (the https one optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ports {
    pub app: u16,
    pub lab: u16,
    pub frame: u16,
    pub https: Option<u16>,
    pub cookie: Option<u16>,
    pub cookie_http: Option<u16>,
}

/// The router of one role (tests call it without a socket).
#[allow(clippy::too_many_arguments)]
pub fn app(
    role: Role,
    journal: Journal,
    tickets: crate::cookie_hosts::Tickets,
    dist: PathBuf,
    base_path: &str,
    ports: Ports,
    trust: Trust,
) -> Router {
    let state = AppState {
        https_port: ports.https,
        journal,
        page_port: ports.app,
        lab_port: ports.lab,
        frame_port: ports.frame,
        listens_beyond_loopback: trust.any_host(),
        trust,
        tickets,
        cookie_hosts: ports.cookie.map(|https| lab::CookieHostPorts {
            https,
            http: ports.cookie_http,
            https_other: ports.https,
            http_other: Some(ports.lab),
        }),
    };
    match role {
        Role::App => app_router(state, dist, base_path),
        Role::Scenario => scenario_router(state),
        Role::Frame => {
            let app_port = ports.app;
            Router::new()
                .route(
                    lab::FRAME_PATH,
                    get(move || async move { crate::frame::page(app_port) }),
                )
                .route(lab::FRAME_SCRIPT_PATH, get(|| async { crate::frame::script() }))
                .merge(scenario_router(state))
        }
        Role::Cookie => cookie_router(state),
    }
}

/// The cookie hosts' routes ([`crate::cookie_hosts`]): the cookie page, then
/// the scenario answers (with their run's registered lines) and visits.
fn cookie_router(state: AppState) -> Router {
    let app_port = state.page_port;
    let tickets = state.tickets.clone();
    let answers = {
        let tickets = tickets.clone();
        move |method: Method, wire: Option<Extension<RawWire>>, q: Query<ScenarioQuery>| {
            let tickets = tickets.clone();
            async move {
                let allowed = tickets.answers(&q.run);
                let mut res = scenario_v1(method, wire, q).await;
                res.extensions_mut()
                    .insert(crate::cookie_hosts::AllowedCookies(allowed));
                res
            }
        }
    };
    let visit_or_none = {
        let app_origin = localhost(state.page_port);
        move |uri: Uri, Query(q): Query<std::collections::HashMap<String, String>>, headers: HeaderMap| {
            let (tickets, app_origin) = (tickets.clone(), app_origin.clone());
            async move {
                match q.get(lab::VISIT_PARAM) {
                    Some(p) => crate::cookie_hosts::visit(&tickets, p, uri.authority().map(|a| a.as_str()), &headers),
                    None => (
                        StatusCode::NOT_FOUND,
                        format!("one of corscope-lab's cookie hosts: nothing here; the app is at {app_origin}/\n"),
                    )
                        .into_response(),
                }
            }
        }
    };
    let app_origin = localhost(state.page_port);
    let elsewhere = move |headers: HeaderMap| {
        let app_origin = app_origin.clone();
        async move { refused(&headers, Refused::ScenarioOrigin(app_origin)) }
    };
    let recorded = Router::new()
        .route("/open", any(open))
        .route("/closed", any(closed))
        .route(SCENARIO_PATH, any(answers))
        .route("/policy/{name}", any(crate::policies::policy))
        .fallback(visit_or_none)
        .layer(middleware::from_fn(protect))
        .layer(middleware::from_fn_with_state(state.clone(), record));
    Router::new()
        .route(
            lab::COOKIE_PAGE_PATH,
            get({
                let tickets = state.tickets.clone();
                move |Query(q): Query<std::collections::HashMap<String, String>>| {
                    let paired = q.get("run").and_then(|run| tickets.opener(run));
                    async move { crate::cookie_hosts::page(app_port, paired) }
                }
            }),
        )
        .route(lab::COOKIE_SCRIPT_PATH, get(|| async { crate::cookie_hosts::script() }))
        .route(lab::JOURNAL_PATH, any(elsewhere.clone()))
        .route(lab::LAB_INFO_PATH, any(elsewhere.clone()))
        .route(lab::PROBE_PATH, any(elsewhere.clone()))
        .route(lab::COOKIE_TICKET_PATH, any(elsewhere))
        .merge(recorded)
        .with_state(state)
}

/// `POST /cookies`: registers the `Set-Cookie` lines of a run (trusted pages only).
async fn cookie_ticket(State(state): State<AppState>, uri: Uri, headers: HeaderMap, body: String) -> Response {
    let allow = match state.check(&uri, &headers) {
        Ok(allow) => allow,
        Err(why) => return refused(&headers, why),
    };
    let ticket: lab::CookieTicket = match serde_json::from_str(&body) {
        Ok(t) => t,
        Err(e) => return trusted(allow, (StatusCode::BAD_REQUEST, format!("not a cookie ticket: {e}\n"))),
    };
    // A paired page (not the lab's own, whose origins the cookie page knows) hears its runs.
    let opener = allow
        .as_ref()
        .and_then(|a| a.to_str().ok())
        .filter(|o| *o != "*" && !crate::frame::parents(state.page_port).iter().any(|p| p == o))
        .map(str::to_string);
    match state.tickets.register_from(ticket, opener) {
        Ok(()) => trusted(allow, StatusCode::NO_CONTENT),
        Err(e) => trusted(allow, (StatusCode::BAD_REQUEST, e + "\n")),
    }
}

/// The scenario origins' routes: recorded, protected, nothing trusted.
fn scenario_router(state: AppState) -> Router {
    let answers = Router::new()
        .route("/open", any(open))
        .route("/closed", any(closed))
        .route(SCENARIO_PATH, any(scenario_v1))
        .route("/policy/{name}", any(crate::policies::policy))
        .route_layer(middleware::from_fn_with_state(state.clone(), record));
    let app_origin = localhost(state.page_port);
    let elsewhere = {
        let app_origin = app_origin.clone();
        move |headers: HeaderMap| {
            let app_origin = app_origin.clone();
            async move {
                let why = Refused::ScenarioOrigin(app_origin);
                refused(&headers, why)
            }
        }
    };
    answers
        .route(lab::JOURNAL_PATH, any(elsewhere.clone()))
        .route(lab::LAB_INFO_PATH, any(elsewhere.clone()))
        .route(lab::PROBE_PATH, any(elsewhere))
        .fallback(move || {
            let app_origin = app_origin.clone();
            async move {
                (
                    StatusCode::NOT_FOUND,
                    format!("one of corscope-lab's scenario origins: nothing here; the app is at {app_origin}/\n"),
                )
            }
        })
        .layer(middleware::from_fn(protect))
        .with_state(state)
}

/// The app origin's routes: the trusted endpoints and the app; no scenario answer.
fn app_router(state: AppState, dist: PathBuf, base_path: &str) -> Router {
    let lab_origin = localhost(state.lab_port);
    let not_here = move || {
        let lab_origin = lab_origin.clone();
        async move {
            (
                StatusCode::NOT_FOUND,
                format!(
                    "the lab's app origin answers no scenario (it reads what the lab recorded): send scenarios to a scenario origin such as {lab_origin}\n"
                ),
            )
        }
    };
    let base = format!("/{}", base_path.trim_matches('/'));
    let router = Router::new()
        .route("/open", any(not_here.clone()))
        .route("/closed", any(not_here.clone()))
        .route(SCENARIO_PATH, any(not_here.clone()))
        .route("/policy/{name}", any(not_here))
        .route(lab::JOURNAL_PATH, get(journal_endpoint).options(trusted_preflight))
        .route(
            lab::COOKIE_TICKET_PATH,
            axum::routing::post(cookie_ticket)
                .options(trusted_preflight)
                .layer(axum::extract::DefaultBodyLimit::max(PROBE_BODY_LIMIT)),
        )
        .route(lab::LAB_INFO_PATH, get(lab_info).options(trusted_preflight))
        .route(
            lab::PROBE_PATH,
            axum::routing::post(probe_endpoint)
                .options(trusted_preflight)
                .layer(axum::extract::DefaultBodyLimit::max(PROBE_BODY_LIMIT)),
        )
        .with_state(state);
    #[cfg(feature = "embed-app")]
    if dist.as_os_str().is_empty() {
        let files = axum::routing::get(crate::embedded::serve);
        return if base == "/" {
            router.fallback(files)
        } else {
            router.nest_service(&base, files)
        };
    }
    let index = dist.join("index.html");
    // Any other path is the app (it routes itself), except a missing file:
    // a 404, so that a page can tell a part that failed to download.
    let app_page = move |uri: axum::http::Uri| {
        let index = index.clone();
        async move {
            if is_file_path(uri.path()) {
                return (StatusCode::NOT_FOUND, "no such file").into_response();
            }
            match tokio::fs::read(&index).await {
                Ok(html) => ([(header::CONTENT_TYPE, "text/html")], html).into_response(),
                Err(_) => (StatusCode::NOT_FOUND, "the app is not built (trunk build)").into_response(),
            }
        }
    };
    // The build writes NAME.br and NAME.gz beside each file (scripts/externalize-loader.py).
    let files = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::handler::HandlerWithoutStateExt::into_service(app_page));
    if base == "/" {
        router.fallback_service(files)
    } else {
        router.nest_service(&base, files)
    }
}

/// A running lab; dropping it stops the servers.
pub struct LabHandle {
    pub page_port: u16,
    pub lab_port: u16,
    pub frame_port: u16,
    pub https_port: Option<u16>,
    pub cookie_port: Option<u16>,
    pub cookie_http_port: Option<u16>,
    pub journal: Journal,
    /// The `Set-Cookie` lines registered per run ([`crate::cookie_hosts`]).
    pub tickets: crate::cookie_hosts::Tickets,
    /// The key a hosted page pairs with ([`corscope_engine::lab::Pairing`]).
    pub key: String,
    stop: watch::Sender<bool>,
}

impl LabHandle {
    pub fn page_origin(&self) -> String {
        localhost(self.page_port)
    }

    pub fn lab_origin(&self) -> String {
        localhost(self.lab_port)
    }

    /// The same-origin page's origin (a scenario origin).
    pub fn frame_origin(&self) -> String {
        localhost(self.frame_port)
    }

    pub fn https_origin(&self) -> Option<String> {
        self.https_port.map(|p| format!("https://localhost:{p}"))
    }

    /// `https://HOST:PORT` for one of the cookie hosts.
    pub fn cookie_origin(&self, host: &str) -> Option<String> {
        self.cookie_port.map(|p| format!("https://{host}:{p}"))
    }

    /// `http://HOST:PORT` for one of the cookie hosts over plain http.
    pub fn cookie_http_origin(&self, host: &str) -> Option<String> {
        self.cookie_http_port.map(|p| format!("http://{host}:{p}"))
    }
}

impl Drop for LabHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Binds 127.0.0.1:port (and [::1] on the same port when the machine has it),
/// or `bind`:port when an address is given.
async fn bind_loopback(bind: Option<IpAddr>, port: u16) -> std::io::Result<(u16, Vec<TcpListener>)> {
    if let Some(addr) = bind {
        let l = TcpListener::bind(SocketAddr::new(addr, port)).await?;
        let actual = l.local_addr()?.port();
        return Ok((actual, vec![l]));
    }
    let v4 = TcpListener::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)).await?;
    let actual = v4.local_addr()?.port();
    let mut listeners = vec![v4];
    if let Ok(v6) = TcpListener::bind(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), actual)).await {
        listeners.push(v6);
    }
    Ok((actual, listeners))
}

/// The https origin's key: made once per process, so every certificate the
/// process makes has the same public key, and a browser can be told to trust
/// exactly that key ([`https_spki_sha256`]) instead of ignoring every
/// certificate error.
fn https_key() -> std::io::Result<&'static rcgen::KeyPair> {
    static KEY: std::sync::OnceLock<rcgen::KeyPair> = std::sync::OnceLock::new();
    if let Some(k) = KEY.get() {
        return Ok(k);
    }
    let k = rcgen::KeyPair::generate().map_err(std::io::Error::other)?;
    Ok(KEY.get_or_init(|| k))
}

/// The https origin's certificates, made once per process: a throwaway CA
/// (PEM) and the leaf it signs for localhost, api.localhost and 127.0.0.1
/// (PEM), so a browser profile can be told to trust exactly this CA.
fn https_certificates() -> std::io::Result<&'static (String, String)> {
    static CERTS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    if let Some(c) = CERTS.get() {
        return Ok(c);
    }
    let err = std::io::Error::other;
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "corscope lab (made at start, this process only)",
    );
    ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    let ca_key = rcgen::KeyPair::generate().map_err(err)?;
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(err)?;
    let mut names = vec![
        "localhost".to_string(),
        "api.localhost".to_string(),
        "127.0.0.1".to_string(),
    ];
    names.extend(lab::COOKIE_HOSTS.iter().map(|h| h.to_string()));
    let key = https_key()?;
    let leaf = rcgen::CertificateParams::new(names)
        .and_then(|p| p.signed_by(key, &ca))
        .map_err(err)?;
    Ok(CERTS.get_or_init(|| (ca.pem(), leaf.pem())))
}

/// The https origin's own certificate (PEM), for a browser that is told to
/// trust one certificate for a host (WebKitGTK) rather than a CA.
pub fn https_leaf_pem() -> std::io::Result<String> {
    Ok(https_certificates()?.1.clone())
}

/// The CA that signs the https origin's certificate (PEM), for tests to trust.
pub fn https_ca_pem() -> std::io::Result<String> {
    Ok(https_certificates()?.0.clone())
}

/// Base64 of the SHA-256 of the https key's SubjectPublicKeyInfo, as Chromium's
/// `--ignore-certificate-errors-spki-list` takes it.
pub fn https_spki_sha256() -> std::io::Result<String> {
    use base64::Engine;
    use rcgen::PublicKeyData;
    use sha2::Digest;
    let spki = https_key()?.subject_public_key_info();
    Ok(base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(spki)))
}

/// The https origin's TLS setup (its certificate for localhost, api.localhost
/// and 127.0.0.1), for a test's own https server that the browsers trust as
/// they trust the lab's.
pub async fn https_tls() -> std::io::Result<axum_server::tls_rustls::RustlsConfig> {
    let key = https_key()?;
    let (ca, leaf) = https_certificates()?;
    axum_server::tls_rustls::RustlsConfig::from_pem(
        format!("{leaf}{ca}").into_bytes(),
        key.serialize_pem().into_bytes(),
    )
    .await
}

/// Binds the https lab origin on 127.0.0.1 with a fresh self-signed certificate
/// for localhost, api.localhost and 127.0.0.1.
async fn bind_https(
    bind: Option<IpAddr>,
    port: u16,
) -> std::io::Result<(u16, std::net::TcpListener, axum_server::tls_rustls::RustlsConfig)> {
    let addr = bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener = std::net::TcpListener::bind(SocketAddr::new(addr, port))?;
    listener.set_nonblocking(true)?;
    let actual = listener.local_addr()?.port();
    Ok((actual, listener, https_tls().await?))
}

/// Resolves once the lab is told to stop.
async fn until_stopped(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}

/// Serves `router` on one plain listener until `stopped`: HTTP/1.1 and h2c,
/// with TCP_NODELAY (without it a response's small last write waits for the
/// client's delayed ACK, up to 40 ms on Linux), and a connection that has not
/// sent a whole request head within `header_timeout` closed (one that sends
/// nothing, or half a request, is not held open).
async fn serve_plain(listener: TcpListener, router: Router, stopped: watch::Receiver<bool>, header_timeout: Duration) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let builder = std::sync::Arc::new(builder);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, do not spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = until_stopped(stopped.clone()) => return,
        };
        let _ = stream.set_nodelay(true);
        let (builder, stopped, router) = (builder.clone(), stopped.clone(), router.clone());
        tokio::spawn(async move {
            // hyper's header timeout starts at the first byte (its HTTP/1-or-2
            // detection waits without one): a connection silent that long is dropped.
            let mut first = [0u8; 1];
            match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let (io, wire) = crate::wire::RawIo::new(stream);
            let service = TowerToHyperService::new(router.map_request(move |mut req: axum::http::Request<_>| {
                req.extensions_mut().insert(wire.clone());
                req
            }));
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = until_stopped(stopped) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}

/// Starts the page origin and the lab origin on loopback.
pub async fn start(config: LabConfig) -> std::io::Result<LabHandle> {
    let (page_port, page_listeners) = bind_loopback(config.bind, config.page_port).await?;
    let (lab_port, lab_listeners) = bind_loopback(config.bind, config.lab_port).await?;
    let (frame_port, frame_listeners) = bind_loopback(config.bind, config.frame_port).await?;
    let journal = Journal::new(config.journal_capacity);
    let https = match config.https_port {
        Some(port) => Some(bind_https(config.bind, port).await?),
        None => None,
    };
    let https_port = https.as_ref().map(|(p, _, _)| *p);
    let cookies = match config.cookie_port {
        Some(port) => Some(bind_https(config.bind, port).await?),
        None => None,
    };
    let cookie_port = cookies.as_ref().map(|(p, _, _)| *p);
    let (cookie_http_port, cookie_http_listeners) = match config.cookie_http_port {
        Some(port) => {
            let (p, l) = bind_loopback(config.bind, port).await?;
            (Some(p), l)
        }
        None => (None, vec![]),
    };
    let tickets = crate::cookie_hosts::Tickets::default();
    let key = config.key.clone().unwrap_or_else(crate::trust::new_key);
    let trust = Trust::new(key.clone(), page_port, config.bind.is_some());
    let ports = Ports {
        app: page_port,
        lab: lab_port,
        frame: frame_port,
        https: https_port,
        cookie: cookie_port,
        cookie_http: cookie_http_port,
    };
    // An empty dist path means the app built into the binary.
    let dist = if config.embedded_app {
        PathBuf::new()
    } else {
        config.dist.clone()
    };
    let router = |role| {
        app(
            role,
            journal.clone(),
            tickets.clone(),
            dist.clone(),
            &config.base_path,
            ports,
            trust.clone(),
        )
    };
    let (app_router, scenario_router, frame_router) = (router(Role::App), router(Role::Scenario), router(Role::Frame));
    let (stop, stopped) = watch::channel(false);
    let tls_roles = [(https, scenario_router.clone()), (cookies, router(Role::Cookie))];
    for (listener, tls, router) in tls_roles.into_iter().filter_map(|(b, r)| b.map(|(_, l, t)| (l, t, r))) {
        let handle = axum_server::Handle::new();
        let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(tls).acceptor(axum_server::accept::NoDelayAcceptor);
        let mut server = axum_server::from_tcp(listener)?
            .acceptor(acceptor)
            .handle(handle.clone());
        server
            .http_builder()
            .http1()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(config.header_timeout);
        let service = router.into_make_service();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _ = stopped.wait_for(|s| *s).await;
            handle.shutdown();
        });
        tokio::spawn(async move {
            let _ = server.serve(service).await;
        });
    }
    let cookie_router = router(Role::Cookie);
    let roles = [
        (cookie_http_listeners, &cookie_router),
        (page_listeners, &app_router),
        (lab_listeners, &scenario_router),
        (frame_listeners, &frame_router),
    ];
    for (listeners, router) in roles {
        for listener in listeners {
            tokio::spawn(serve_plain(
                listener,
                router.clone(),
                stopped.clone(),
                config.header_timeout,
            ));
        }
    }
    Ok(LabHandle {
        page_port,
        lab_port,
        frame_port,
        https_port,
        cookie_port,
        cookie_http_port,
        journal,
        tickets,
        key,
        stop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    const PORTS: Ports = Ports {
        app: 1,
        lab: 2,
        frame: 3,
        https: None,
        cookie: Some(4),
        cookie_http: None,
    };

    fn role(role: Role, j: &Journal) -> Router {
        with_tickets(role, j, &Default::default())
    }

    /// `role`'s router on the journal `j` and the cookie tickets `tickets`.
    fn with_tickets(role: Role, j: &Journal, tickets: &crate::cookie_hosts::Tickets) -> Router {
        let trust = Trust::new(KEY.into(), PORTS.app, false);
        app(
            role,
            j.clone(),
            tickets.clone(),
            PathBuf::from("/nonexistent"),
            "/",
            PORTS,
            trust,
        )
    }

    /// The scenario origin's router and its journal.
    fn router() -> (Journal, Router) {
        let j = Journal::new(100);
        (j.clone(), role(Role::Scenario, &j))
    }

    /// The app origin's router, on the same journal as the scenario one.
    fn home(j: &Journal) -> Router {
        role(Role::App, j)
    }

    #[tokio::test]
    async fn open_allows_any_origin_and_answers_preflights() {
        let (j, r) = router();
        let res = r
            .clone()
            .oneshot(
                Request::builder()
                    .method("OPTIONS")
                    .uri("/open?run=x")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()["access-control-allow-methods"], "*");
        let res = r
            .oneshot(Request::builder().uri("/open?run=x").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let methods: Vec<String> = j.run("x").into_iter().map(|e| e.method).collect();
        assert_eq!(methods, vec!["OPTIONS", "GET"]);
    }

    #[tokio::test]
    async fn scenario_endpoint_answers_as_configured_and_keeps_repeated_lines() {
        let (j, r) = router();
        let cfg = r#"{"preflight":{"status":204,"headers":[["Access-Control-Allow-Methods","PUT"]]},"response":{"status":201,"headers":[["Access-Control-Allow-Origin","a"],["Access-Control-Allow-Origin","b"]],"body":"hi"}}"#;
        let uri = format!("/s/v1?run=s1&cfg={}", lab::percent_encode(cfg));
        let res = r
            .clone()
            .oneshot(
                Request::builder()
                    .method("OPTIONS")
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()["access-control-allow-methods"], "PUT");
        let res = r
            .clone()
            .oneshot(Request::builder().method("PUT").uri(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let acao: Vec<_> = res.headers().get_all("access-control-allow-origin").iter().collect();
        assert_eq!(acao, vec!["a", "b"]);
        assert_eq!(
            res.headers()["content-security-policy"],
            "sandbox",
            "an answer never runs as the lab"
        );
        assert_eq!(j.run("s1").len(), 2);
        let res = r
            .clone()
            .oneshot(Request::builder().uri("/s/v1?cfg=%7Bnope").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let big = format!("/s/v1?cfg={}", "a".repeat(MAX_CONFIG_BYTES + 1));
        let res = r
            .oneshot(Request::builder().uri(&big).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn a_chain_sends_its_location_on_to_the_next_hop() {
        let (_, r) = router();
        let cfg = r#"[{"response":{"status":302,"headers":[["Location","http://api.localhost:9/s/v1"]]}},{"response":{"status":200,"headers":[["X-Hop","1"]]}}]"#;
        let uri = format!("/s/v1?run=c1&cfg={}", lab::percent_encode(cfg));
        let res = r
            .clone()
            .oneshot(Request::builder().uri(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("http://api.localhost:9/s/v1?run=c1&hop=1&cfg="),
            "{location}"
        );
        let next = location.trim_start_matches("http://api.localhost:9");
        let res = r
            .oneshot(Request::builder().uri(next).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["x-hop"], "1");
    }

    #[tokio::test]
    async fn closed_sends_no_cors_headers() {
        let (_, r) = router();
        let res = r
            .oneshot(Request::builder().uri("/closed").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().get("access-control-allow-origin").is_none());
    }

    #[tokio::test]
    async fn a_run_id_is_recorded_and_looked_up_decoded_the_same_way() {
        let (j, r) = router();
        let run = "a%b+c&d é";
        let server = corscope_engine::Server::default();
        let url = lab::run_url("http://localhost:2/s/v1", &server, run);
        let path = &url["http://localhost:2".len()..];
        r.clone()
            .oneshot(Request::builder().uri(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let journal = lab::journal_url("", run);
        let res = home(&j)
            .oneshot(
                Request::builder()
                    .uri(journal)
                    .header("host", "localhost:1")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let entries: Vec<JournalEntry> = serde_json::from_slice(&body).unwrap();
        assert_eq!(entries.len(), 1, "recorded under one id, looked up under another");
        assert_eq!(entries[0].run, run);
    }

    #[tokio::test]
    async fn lab_info_is_the_typed_contract() {
        let (j, _) = router();
        let res = home(&j)
            .oneshot(
                Request::builder()
                    .uri(lab::LAB_INFO_PATH)
                    .header("host", "localhost:1")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let info: LabInfo = serde_json::from_slice(&body).unwrap();
        assert_eq!(info.page, "http://localhost:1");
        assert!(info.origins.iter().any(|o| o.origin == "http://api.localhost:2"));
        assert_eq!(info.frame.as_deref(), Some("http://localhost:3"));
        assert!(
            info.origins.iter().all(|o| o.origin != info.page),
            "the app origin is never a scenario target"
        );
    }

    /// GETs `uri` on the router with these request headers.
    async fn get(r: &Router, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut req = Request::builder().uri(uri);
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        let res = r.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        (
            status,
            headers,
            res.into_body().collect().await.unwrap().to_bytes().to_vec(),
        )
    }

    #[tokio::test]
    async fn the_journal_is_readable_by_the_lab_page_and_a_paired_page_per_run() {
        let (j, r) = router();
        let h = home(&j);
        get(
            &r,
            "/closed?run=r1",
            &[("origin", "http://x"), ("cookie", "sid=secret")],
        )
        .await;
        let own = [("host", "localhost:1"), ("origin", "http://localhost:1")];
        let (status, headers, body) = get(&h, "/journal?run=r1", &own).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["access-control-allow-origin"], "http://localhost:1");
        assert_eq!(headers["vary"], "origin");
        let entries: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(entries.as_array().unwrap().len(), 1);
        assert_eq!(entries[0]["headers"][0][0], "origin");
        let paired = [
            ("host", "127.0.0.1:1"),
            ("origin", "https://u.github.io"),
            (lab::KEY_HEADER, KEY),
        ];
        let (status, headers, body) = get(&h, "/journal?prefix=r", &paired).await;
        assert_eq!(
            (status, &headers["access-control-allow-origin"]),
            (StatusCode::OK, &HeaderValue::from_static("https://u.github.io"))
        );
        assert!(String::from_utf8_lossy(&body).contains("sid=secret"));
    }

    #[tokio::test]
    async fn an_untrusted_origin_reads_nothing_recorded() {
        let (j, r) = router();
        let h = home(&j);
        get(
            &r,
            "/s/v1?run=r1&cfg=%7B%7D",
            &[("authorization", "Bearer secret-token")],
        )
        .await;
        let attempts: [&[(&str, &str)]; 9] = [
            &[("host", "localhost:1"), ("origin", "https://evil.example")],
            &[
                ("host", "localhost:1"),
                ("origin", "https://evil.example"),
                (lab::KEY_HEADER, "guess"),
            ],
            &[("host", "evil.example:1"), ("origin", "http://evil.example:1")],
            &[("host", "localhost:1"), ("sec-fetch-site", "cross-site")],
            &[("host", "localhost:1"), ("sec-fetch-site", "same-site")],
            &[("host", "localhost:1"), ("origin", "http://localhost:3000")],
            // Pages on the scenario origins and the same-origin page are strangers.
            &[("host", "localhost:1"), ("origin", "http://localhost:2")],
            &[("host", "localhost:1"), ("origin", "http://127.0.0.1:2")],
            &[("host", "localhost:1"), ("origin", "http://localhost:3")],
        ];
        for headers in attempts {
            for uri in [
                "/journal?run=r1",
                "/journal?prefix=",
                "/journal?prefix=r",
                lab::LAB_INFO_PATH,
            ] {
                let (status, _, body) = get(&h, uri, headers).await;
                let text = String::from_utf8_lossy(&body);
                assert_eq!(status, StatusCode::FORBIDDEN, "{uri} {headers:?}: {text}");
                assert!(
                    !text.contains("secret") && !text.contains("api.localhost"),
                    "{uri} {headers:?}: {text}"
                );
                let refusal: lab::Refusal = serde_json::from_slice(&body).unwrap();
                assert!(!refusal.refused.is_empty());
            }
        }
        // The scenario endpoint still answers anyone, as its scenario says.
        let (status, headers, _) = get(
            &r,
            "/open",
            &[("host", "evil.example:2"), ("origin", "https://evil.example")],
        )
        .await;
        assert_eq!(
            (status, &headers["access-control-allow-origin"]),
            (StatusCode::OK, &HeaderValue::from_static("*"))
        );
    }

    #[tokio::test]
    async fn a_scenario_origin_serves_nothing_recorded_to_anyone() {
        let (j, _) = router();
        let secret = [("authorization", "Bearer secret-token")];
        get(&role(Role::Frame, &j), "/s/v1?run=r1&cfg=%7B%7D", &secret).await;
        assert_eq!(j.run("r1").len(), 1, "the same-origin page's answers are recorded too");
        // Even the app's own origin and the right key, and a same-origin read
        // with no Origin (what a script on the scenario origin would send).
        let asks: [&[(&str, &str)]; 4] = [
            &[("host", "localhost:2")],
            &[("host", "localhost:2"), ("sec-fetch-site", "same-origin")],
            &[("host", "localhost:2"), ("origin", "http://localhost:1")],
            &[
                ("host", "localhost:2"),
                ("origin", "https://u.github.io"),
                (lab::KEY_HEADER, KEY),
            ],
        ];
        for scenario_role in [Role::Scenario, Role::Frame] {
            let r = role(scenario_role, &j);
            for headers in asks {
                for uri in [
                    "/journal?run=r1",
                    "/journal?prefix=",
                    lab::LAB_INFO_PATH,
                    lab::PROBE_PATH,
                ] {
                    let (status, got, body) = get(&r, uri, headers).await;
                    let text = String::from_utf8_lossy(&body);
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{scenario_role:?} {uri} {headers:?}: {text}"
                    );
                    assert!(!text.contains("secret"), "{text}");
                    let refusal: lab::Refusal = serde_json::from_slice(&body).unwrap();
                    assert!(refusal.refused.contains("http://localhost:1"), "{}", refusal.refused);
                    assert_eq!(got[header::CONTENT_SECURITY_POLICY], "sandbox");
                }
            }
        }
        // The app origin answers no scenario; nothing is recorded there.
        for uri in [
            "/s/v1?run=r2&cfg=%7B%7D",
            "/open?run=r2",
            "/closed?run=r2",
            "/policy/reflect?run=r2",
        ] {
            let (status, headers, body) = get(&home(&j), uri, &[("host", "localhost:1")]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert!(headers.get("access-control-allow-origin").is_none(), "{uri}");
            assert!(String::from_utf8_lossy(&body).contains("http://localhost:2"));
        }
        assert!(j.run("r2").is_empty());
        // The same-origin page is served on the frame origin only.
        let (status, headers, _) = get(&role(Role::Frame, &j), lab::FRAME_PATH, &[]).await;
        assert_eq!(status, StatusCode::OK);
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors http://localhost:1 "), "{csp}");
        assert_eq!(
            get(&role(Role::Scenario, &j), lab::FRAME_PATH, &[]).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&home(&j), lab::FRAME_SCRIPT_PATH, &[]).await.0,
            StatusCode::NOT_FOUND
        );
    }

    #[tokio::test]
    async fn every_scenario_answer_starts_with_the_labs_protective_headers() {
        let (_, r) = router();
        let cfg = r#"{"response":{"status":200,"headers":[["X-A","1"],["Set-Cookie","sid=planted; Path=/"],["Content-Security-Policy","default-src *"],["Clear-Site-Data","\"cookies\""],["Strict-Transport-Security","max-age=9"],["set-cookie","b=2"]]}}"#;
        for uri in [
            format!("/s/v1?cfg={}", lab::percent_encode(cfg)),
            "/open".into(),
            "/closed".into(),
            "/policy/reflect".into(),
            "/s/v1?cfg=%7Bnope".into(),
            "/nowhere".into(),
        ] {
            let (_, headers, _) = get(&r, &uri, &[("origin", "http://x")]).await;
            let names: Vec<&str> = headers.keys().map(|k| k.as_str()).collect();
            assert_eq!(
                &names[..2],
                ["content-security-policy", "x-content-type-options"],
                "{uri}: {names:?}"
            );
            assert_eq!(headers[header::CONTENT_SECURITY_POLICY], "sandbox", "{uri}");
            for withheld in WITHHELD {
                assert!(headers.get(*withheld).is_none(), "{uri}: {withheld}");
            }
            assert!(
                headers.get(header::CONNECTION).is_none(),
                "{uri}: no raw bytes, kept alive"
            );
        }
        let (_, headers, _) = get(&r, &format!("/s/v1?cfg={}", lab::percent_encode(cfg)), &[]).await;
        let csp: Vec<_> = headers.get_all(header::CONTENT_SECURITY_POLICY).iter().collect();
        assert_eq!(
            csp,
            ["sandbox", "default-src *"],
            "the answer's own CSP only adds to it"
        );
        assert_eq!(headers["x-a"], "1");
    }

    #[test]
    fn a_raw_line_break_may_not_make_a_line_that_leaves_state() {
        assert_eq!(planted_line("v\r\nSet-Cookie: a=1"), Some("set-cookie"));
        assert_eq!(planted_line("v\nset-cookie:a"), Some("set-cookie"));
        assert_eq!(planted_line("v\r  Clear-Site-Data : \"*\""), Some("clear-site-data"));
        assert_eq!(
            planted_line("v\r\n\r\nHTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=1"),
            Some("strict-transport-security")
        );
        assert_eq!(planted_line("Set-Cookie"), None, "the first line is the value itself");
        assert_eq!(planted_line("v\nX-Set-Cookie: a"), None);
        assert_eq!(planted_line("a\x00b\rc"), None);
        let answer = corscope_engine::Answer::new(200, &[("X-A", "v\r\nSet-Cookie: sid=planted")]);
        let res = answer_response(&answer, None);
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn the_key_header_is_allowed_by_a_preflight_that_reveals_nothing() {
        let (j, _) = router();
        let r = home(&j);
        let req = Request::builder()
            .method("OPTIONS")
            .uri("/journal?run=r1")
            .header("host", "localhost:1")
            .header("origin", "https://u.github.io")
            .header("access-control-request-headers", lab::KEY_HEADER)
            .body(Body::empty())
            .unwrap();
        let res = r.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert!(res.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains(lab::KEY_HEADER));
        assert!(res.into_body().collect().await.unwrap().to_bytes().is_empty());
    }
    /// A POST on a router, with headers and a body.
    async fn post(r: &Router, uri: &str, headers: &[(&str, &str)], body: &str) -> StatusCode {
        let mut req = Request::builder().method("POST").uri(uri);
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        r.clone()
            .oneshot(req.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap()
            .status()
    }

    fn set_cookies(h: &HeaderMap) -> Vec<&str> {
        h.get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    #[tokio::test]
    async fn only_a_trusted_page_registers_the_cookies_a_run_may_set() {
        let (j, tickets) = (Journal::new(100), crate::cookie_hosts::Tickets::default());
        let with = |role| with_tickets(role, &j, &tickets);
        let (home, cookie, scenario) = (with(Role::App), with(Role::Cookie), with(Role::Scenario));
        let ticket = r#"{"run": "r1", "held": [["https://corscope-b.localhost:4/", "held=1; SameSite=None; Secure"]],
                          "answers": ["ans=1; Secure"]}"#;
        let answer = "/s/v1?run=r1&cfg=%7B%22response%22%3A%7B%22status%22%3A200%2C%22headers%22%3A%5B%5B%22Set-Cookie%22%2C%22ans%3D1%3B%20Secure%22%5D%2C%5B%22Set-Cookie%22%2C%22other%3D1%22%5D%5D%7D%7D";
        let visit = "/anywhere?corscope-visit=r1.0";
        let host_b = [("host", "corscope-b.localhost:4")];
        // Before any ticket, and after strangers try to register one: nothing is set.
        for stranger in [
            &[("host", "localhost:1"), ("origin", "https://evil.example")][..],
            &[("host", "localhost:1"), ("origin", "https://corscope-a.localhost:4")],
            &[("host", "localhost:1"), ("sec-fetch-site", "cross-site")],
            &[("host", "evil.example:1")],
        ] {
            assert_eq!(
                post(&home, lab::COOKIE_TICKET_PATH, stranger, ticket).await,
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            post(&cookie, lab::COOKIE_TICKET_PATH, &host_b, ticket).await,
            StatusCode::FORBIDDEN
        );
        let (_, h, _) = get(&cookie, answer, &host_b).await;
        assert!(set_cookies(&h).is_empty(), "{h:?}");
        let (status, h, _) = get(&cookie, visit, &host_b).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(set_cookies(&h).is_empty());
        // A line for a name other than the lab's is refused even from the lab's page.
        let own = [("host", "localhost:1"), ("origin", "http://localhost:1")];
        let foreign = r#"{"run": "r1", "answers": ["x=1; Domain=localhost"]}"#;
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &own, foreign).await,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &own, "not json").await,
            StatusCode::BAD_REQUEST
        );
        // The lab's own page registers; then exactly the registered lines go, on their host.
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &own, ticket).await,
            StatusCode::NO_CONTENT
        );
        let (_, h, _) = get(&cookie, answer, &host_b).await;
        assert_eq!(set_cookies(&h), ["ans=1; Secure"]);
        assert_eq!(h.get(header::CONTENT_SECURITY_POLICY).unwrap(), "sandbox");
        let (status, h, _) = get(&cookie, visit, &host_b).await;
        assert_eq!(
            (status, set_cookies(&h)),
            (StatusCode::OK, vec!["held=1; SameSite=None; Secure"])
        );
        let (_, h, _) = get(&cookie, visit, &[("host", "corscope-a.localhost:4")]).await;
        assert!(set_cookies(&h).is_empty());
        // Other scenario origins never send one, ticket or not.
        let (_, h, _) = get(&scenario, answer, &[("host", "localhost:2")]).await;
        assert!(set_cookies(&h).is_empty());
        // The cookie hosts hold nothing recorded, and their page is never framed.
        for path in [lab::JOURNAL_PATH, lab::LAB_INFO_PATH, "/journal?prefix="] {
            assert_eq!(get(&cookie, path, &host_b).await.0, StatusCode::FORBIDDEN, "{path}");
        }
        let (status, h, body) = get(&cookie, lab::COOKIE_PAGE_PATH, &host_b).await;
        assert_eq!(status, StatusCode::OK);
        let csp = h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("https://corscope-b.localhost:*"),
            "{csp}"
        );
        assert!(String::from_utf8_lossy(&body).contains(lab::COOKIE_SCRIPT_PATH));
        // The journal saw the visits (and the Cookie line each carried).
        assert!(j.run("r1").len() >= 4);
    }

    #[tokio::test]
    async fn the_cookie_page_tells_the_paired_page_that_registered_the_run_and_no_stranger() {
        let (j, tickets) = (Journal::new(100), crate::cookie_hosts::Tickets::default());
        let with = |role| with_tickets(role, &j, &tickets);
        let (home, cookie) = (with(Role::App), with(Role::Cookie));
        let ticket = |run: &str| format!(r#"{{"run": "{run}", "answers": []}}"#);
        let paired = [
            ("host", "127.0.0.1:1"),
            ("origin", "https://u.github.io"),
            (lab::KEY_HEADER, KEY),
        ];
        let own = [("host", "localhost:1"), ("origin", "http://localhost:1")];
        let stranger = [
            ("host", "127.0.0.1:1"),
            ("origin", "https://evil.example"),
            (lab::KEY_HEADER, "a guess"),
        ];
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &paired, &ticket("p1")).await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &own, &ticket("o1")).await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            post(&home, lab::COOKIE_TICKET_PATH, &stranger, &ticket("s1")).await,
            StatusCode::FORBIDDEN
        );
        let openers = |body: Vec<u8>| -> Vec<String> {
            let page = String::from_utf8(body).unwrap();
            let list = page.split("data-openers=\"").nth(1).unwrap().split('"').next().unwrap();
            list.split(' ').map(String::from).collect()
        };
        let host = [("host", "corscope-a.localhost:4")];
        let app_origins = crate::frame::parents(PORTS.app);
        for (run, want_paired) in [("p1", true), ("o1", false), ("s1", false), ("nobody", false)] {
            let (status, _, body) = get(&cookie, &format!("{}?run={run}&n=0", lab::COOKIE_PAGE_PATH), &host).await;
            assert_eq!(status, StatusCode::OK);
            let got = openers(body);
            assert!(app_origins.iter().all(|o| got.contains(o)), "{run}: {got:?}");
            assert_eq!(
                got.iter().any(|o| o == "https://u.github.io"),
                want_paired,
                "{run}: {got:?}"
            );
            assert!(!got.iter().any(|o| o.contains("evil")), "{run}: {got:?}");
            assert_eq!(
                got.len(),
                app_origins.len() + usize::from(want_paired),
                "{run}: {got:?}"
            );
        }
    }
}
