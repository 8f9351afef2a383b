//! The lab's cookie hosts ([`corscope_engine::lab::COOKIE_HOSTS`]): https on
//! the cookie port, names only the lab answers, so that the browser holds real
//! cookies for a scenario without any other local app receiving them (a
//! cookie for `localhost` goes to every port).
//!
//! - A run's `Set-Cookie` lines are sent only when a trusted page registered
//!   them first ([`Tickets`], `POST /cookies` on the app origin), and only as
//!   lines of the lab's own names (`CookieTicket::check`). Every other
//!   `Set-Cookie` is dropped, as on the other scenario origins: no website can
//!   plant a cookie through the lab.
//! - A visit (`?corscope-visit=RUN.N`, any path) sets held cookie N the way a
//!   top-level visit does; with an `Origin` it answers CORS for a credentialed
//!   fetch, to set a cookie the way a cross-site answer does.
//! - They answer over https (`--cookie-port`) and over plain http
//!   (`--cookie-http-port`): an http site is another site than its https one.
//! - `/c/page` runs the request its fragment names with the browser's
//!   cookies, from the cookie host it is opened on, and shows what script saw
//!   (and tells an opener on the app origin, no one else).

use crate::frame::with_headers;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use corscope_engine::lab::{CookieTicket, COOKIE_HOSTS, COOKIE_SCRIPT_PATH};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The page's script.
const SCRIPT: &str = include_str!("cookie_hosts/page.js");

/// How many runs' tickets are kept (the oldest go first).
const CAPACITY: usize = 1000;

/// The registered tickets, newest last, each with the trusted page that
/// registered it when that page is not the lab's own (a paired hosted page).
#[derive(Clone, Default)]
pub struct Tickets(Arc<Mutex<VecDeque<Registered>>>);

/// A ticket, and the paired page that registered it.
type Registered = (CookieTicket, Option<String>);

impl Tickets {
    /// Registers a run's lines (replacing an earlier ticket of the run), once
    /// they pass [`CookieTicket::check`].
    pub fn register(&self, ticket: CookieTicket) -> Result<(), String> {
        self.register_from(ticket, None)
    }

    /// [`Tickets::register`] for a trusted page at `opener` (only a page the
    /// trust rule let in: a paired page), which the run's cookie page then
    /// tells what script saw.
    pub fn register_from(&self, ticket: CookieTicket, opener: Option<String>) -> Result<(), String> {
        ticket.check()?;
        if ticket.run.is_empty() {
            return Err("a ticket needs the run it is for".into());
        }
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|(t, _)| t.run != ticket.run);
        if all.len() >= CAPACITY {
            all.pop_front();
        }
        all.push_back((ticket, opener));
        Ok(())
    }

    fn get(&self, run: &str) -> Option<CookieTicket> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().find(|(t, _)| t.run == run).map(|(t, _)| t.clone())
    }

    /// The paired page that registered `run`, if one did.
    pub fn opener(&self, run: &str) -> Option<String> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().find(|(t, _)| t.run == run).and_then(|(_, o)| o.clone())
    }

    /// The lines a run's answers may carry.
    pub fn answers(&self, run: &str) -> Vec<String> {
        self.get(run).map(|t| t.answers).unwrap_or_default()
    }

    /// Held cookie `n` of `run`, when `host` is the host of the URL that sets it.
    pub fn held(&self, run: &str, n: usize, host: &str) -> Option<String> {
        let ticket = self.get(run)?;
        let (url, line) = ticket.held.get(n)?;
        let held_host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
        (held_host.eq_ignore_ascii_case(host)).then(|| line.clone())
    }
}

/// The `Set-Cookie` lines an answer may send ([`crate::server`]'s `protect`
/// keeps these and drops every other).
#[derive(Clone, Debug, Default)]
pub struct AllowedCookies(pub Vec<String>);

/// Marks a visit's answer: [`crate::server`]'s `protect` gives it
/// `Content-Security-Policy: default-src 'none'` instead of `sandbox`. A
/// sandboxed document has an opaque origin, and browsers then set its
/// answer's cookies as a cross-site context's (Chromium stored only a cookie
/// without SameSite), which is not what a visit does. Its body is the lab's
/// own text, and no script may run in it either way.
#[derive(Clone, Copy, Debug)]
pub struct Visit;

/// The visit answer: the held line (when the ticket has it for this host),
/// and CORS for a credentialed fetch from any page (it holds nothing).
pub fn visit(tickets: &Tickets, param: &str, authority: Option<&str>, headers: &HeaderMap) -> Response {
    // HTTP/2 names the host in the URI (`:authority`), HTTP/1 in `Host`.
    let host = authority
        .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (run, n) = param.rsplit_once('.').unwrap_or((param, ""));
    let line = n.parse().ok().and_then(|n| tickets.held(run, n, &host));
    let body = match &line {
        Some(_) => "corscope lab: this visit set a cookie of the run\n",
        None => "corscope lab: no cookie of a registered run for this host\n",
    };
    let status = if line.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let mut res = (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response();
    let h = res.headers_mut();
    if let Some(line) = &line {
        if let Ok(v) = HeaderValue::from_str(line) {
            h.insert(header::SET_COOKIE, v);
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        h.insert("access-control-allow-origin", origin.clone());
        h.insert("access-control-allow-credentials", HeaderValue::from_static("true"));
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.extensions_mut().insert(AllowedCookies(line.into_iter().collect()));
    res.extensions_mut().insert(Visit);
    res
}

/// `/c/page`: runs the request in its fragment (no inline script; never
/// framed), and tells an opener on the app origin, or the paired page that
/// registered the run (`paired`), what script saw.
pub fn page(app_port: u16, paired: Option<String>) -> Response {
    let mut openers = crate::frame::parents(app_port);
    openers.extend(paired.filter(|o| !o.contains(['"', ' ', '<', '>', '&'])));
    let openers = openers.join(" ");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>corscope lab: cookie page</title></head>\n\
         <body><p>corscope lab: this page runs one request with the browser's cookies.</p>\n\
         <pre id=\"result\"></pre><script src=\"{COOKIE_SCRIPT_PATH}\" data-openers=\"{openers}\"></script></body></html>\n"
    );
    // The cookie hosts on any port: the lab's https origin answers them too
    // (a port is another origin, never another site).
    let hosts: Vec<String> = COOKIE_HOSTS
        .iter()
        .flat_map(|h| [format!("https://{h}:*"), format!("http://{h}:*")])
        .collect();
    let csp = format!(
        "default-src 'none'; script-src 'self'; connect-src {}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hosts.join(" ")
    );
    with_headers(html, "text/html; charset=utf-8", &csp)
}

/// `/c/page.js`.
pub fn script() -> Response {
    with_headers(
        SCRIPT.to_string(),
        "text/javascript; charset=utf-8",
        "default-src 'none'",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_line_is_sent_only_for_its_run_index_and_host() {
        let t = Tickets::default();
        t.register(CookieTicket {
            run: "r1".into(),
            held: vec![("https://corscope-b.localhost:9/x".into(), "a=1".into())],
            answers: vec!["b=2".into()],
        })
        .unwrap();
        assert_eq!(t.held("r1", 0, "corscope-b.localhost:9").as_deref(), Some("a=1"));
        assert_eq!(t.held("r1", 0, "corscope-a.localhost:9"), None);
        assert_eq!(t.held("r1", 1, "corscope-b.localhost:9"), None);
        assert_eq!(t.held("r2", 0, "corscope-b.localhost:9"), None);
        assert_eq!(t.answers("r1"), ["b=2"]);
        assert!(t.answers("nope").is_empty());
        assert!(t
            .register(CookieTicket {
                run: "r3".into(),
                held: vec![],
                answers: vec!["x=1; Domain=localhost".into()],
            })
            .is_err());
    }
}
