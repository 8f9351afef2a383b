//! Who may read what the lab recorded. The journal holds every header a user
//! sent through the lab (cookies and Authorization included), the lab info
//! where it listens, and the probe reaches other servers.
//!
//! Trust is by role. These endpoints are served only on the lab's **app
//! origin** (`http://localhost:8080`: the app's files and nothing a URL
//! decides), and they answer only
//!
//! - the lab's own page: an `http` origin with a loopback name on the app
//!   port (every loopback name there serves the app and nothing else), and
//! - a page that presents the key the lab made at start (a hosted corscope,
//!   paired by the link `serve` prints; the key travels in the link's
//!   fragment, then in the [`KEY_HEADER`] request header);
//!
//! and only requests addressed to the lab by a loopback name on that port (a
//! `Host` the lab listens as), so a DNS-rebound name cannot reach them. A
//! request with no `Origin` (curl; the app reading `/lab.json` same-origin) is
//! answered unless `Sec-Fetch-Site` says another site sent it. Everything else
//! gets a 403 [`Refusal`] naming the reason and no data.
//!
//! The scenario origins (the lab port, the https port, the same-origin page's
//! port) answer with bytes a URL decides, so they are never trusted: a page
//! there is another origin to the app, and the endpoints above are not served
//! there at all (`server.rs`).

use axum::http::{header, HeaderMap, HeaderValue};
use corscope_engine::lab::{Refusal, KEY_HEADER};

/// The lab's trust: its key and its app port (it serves its own page, and
/// answers, as every loopback name on it).
#[derive(Clone, Debug)]
pub struct Trust {
    key: String,
    /// The app origin's port: the only one whose pages are trusted.
    app_port: u16,
    /// `--bind`: any host name is accepted (the user chose to listen beyond loopback).
    any_host: bool,
}

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    Host(String),
    CrossSite,
    Origin(String),
    WrongKey(String),
    /// Asked on a scenario origin: the app origin (named) is where it is read.
    ScenarioOrigin(String),
}

impl Refused {
    pub fn refusal(&self) -> Refusal {
        let refused = match self {
            Refused::Host(h) => format!("the lab answers only as localhost, *.localhost, 127.0.0.1 or [::1], not as '{h}'"),
            Refused::CrossSite => "another site sent this request without an Origin".into(),
            Refused::Origin(o) => format!(
                "the page {o} is not paired with this lab: open the link `corscope-lab serve` printed (it carries the lab's key)"
            ),
            Refused::WrongKey(o) => format!(
                "the page {o} sent a key this lab did not make (was it restarted?): open the link `corscope-lab serve` printed"
            ),
            Refused::ScenarioOrigin(app) => format!(
                "this is one of the lab's scenario origins, which answer as a URL says and hold nothing recorded: the lab is read on its app origin {app} (open the link `corscope-lab serve` printed)"
            ),
        };
        Refusal { refused }
    }
}

/// A new random key: 128 bits, hex.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Trust {
    /// `app_port`: the port of the lab's app origin (never a scenario origin).
    pub fn new(key: String, app_port: u16, any_host: bool) -> Trust {
        Trust {
            key,
            app_port,
            any_host,
        }
    }

    /// The lab's own page: `http` on a loopback name and the app port.
    pub fn own_page(&self, origin: &str) -> bool {
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        scheme == "http" && self.loopback_authority(authority)
    }

    /// `name:port` with a loopback name and the app port.
    fn loopback_authority(&self, authority: &str) -> bool {
        let Some((name, port)) = authority.rsplit_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let loopback = name == "localhost" || name.ends_with(".localhost") || name == "127.0.0.1" || name == "[::1]";
        loopback && port.parse().is_ok_and(|p: u16| p == self.app_port)
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether the lab listens beyond loopback (`--bind`).
    pub fn any_host(&self) -> bool {
        self.any_host
    }

    fn host_ok(&self, host: &str) -> bool {
        self.any_host || self.loopback_authority(host)
    }

    /// The origin to allow in the answer (`None`: no Origin was sent), or why
    /// not. `authority`: the request URI's (HTTP/2 sends `:authority`, no `Host`).
    pub fn check(&self, authority: Option<&str>, headers: &HeaderMap) -> Result<Option<HeaderValue>, Refused> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let host = text(header::HOST.as_str()).or(authority).unwrap_or_default();
        if !self.host_ok(host) {
            return Err(Refused::Host(host.to_string()));
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return match text("sec-fetch-site") {
                Some("cross-site") | Some("same-site") => Err(Refused::CrossSite),
                _ => Ok(None),
            };
        };
        let origin_text = origin.to_str().unwrap_or_default().to_string();
        if self.own_page(&origin_text) {
            return Ok(Some(origin.clone()));
        }
        match text(KEY_HEADER) {
            Some(key) if constant_time_eq(key.as_bytes(), self.key.as_bytes()) => Ok(Some(origin.clone())),
            Some(_) => Err(Refused::WrongKey(origin_text)),
            None => Err(Refused::Origin(origin_text)),
        }
    }
}

/// Equal bytes, in time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(
                axum::http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn only_the_own_page_and_the_key_are_trusted() {
        let t = Trust::new("k".repeat(32), 8080, false);
        let key = "k".repeat(32);
        let own = headers(&[("host", "localhost:8080"), ("origin", "http://localhost:8080")]);
        assert_eq!(t.check(None, &own).unwrap().unwrap(), "http://localhost:8080");
        let paired = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://u.github.io"),
            (KEY_HEADER, &key),
        ]);
        assert_eq!(t.check(None, &paired).unwrap().unwrap(), "https://u.github.io");
        let stranger = headers(&[("host", "localhost:8080"), ("origin", "https://evil.example")]);
        assert_eq!(
            t.check(None, &stranger),
            Err(Refused::Origin("https://evil.example".into()))
        );
        let guess = headers(&[
            ("host", "localhost:8080"),
            ("origin", "https://evil.example"),
            (KEY_HEADER, "k"),
        ]);
        assert!(matches!(t.check(None, &guess), Err(Refused::WrongKey(_))));
        let other_name = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://api.localhost:8080")]);
        assert!(t.check(None, &other_name).is_ok());
        // Another port of localhost is another page.
        let other_port = headers(&[("host", "localhost:8080"), ("origin", "http://localhost:3000")]);
        assert!(t.check(None, &other_port).is_err());
    }

    #[test]
    fn no_scenario_origin_is_the_labs_own_page() {
        // 8081 (scenario origins), 8443 (https), 8082 (the same-origin page):
        // pages there hold bytes a URL decides, and are strangers to the app.
        let t = Trust::new("k".repeat(32), 8080, false);
        for origin in [
            "http://localhost:8081",
            "http://api.localhost:8081",
            "http://127.0.0.1:8081",
            "https://localhost:8443",
            "http://localhost:8082",
            "https://localhost:8080",
            "null",
        ] {
            assert!(!t.own_page(origin), "{origin}");
            let h = headers(&[("host", "localhost:8080"), ("origin", origin)]);
            assert_eq!(t.check(None, &h), Err(Refused::Origin(origin.into())), "{origin}");
        }
        // Asked on a scenario port by name, the app's trust refuses too (a request
        // addressed to another port is not the app origin's).
        let h = headers(&[("host", "localhost:8081"), ("origin", "http://localhost:8080")]);
        assert_eq!(t.check(None, &h), Err(Refused::Host("localhost:8081".into())));
        // The same-origin page's own same-origin read carries no Origin, but says same-site.
        let h = headers(&[("host", "localhost:8080"), ("sec-fetch-site", "same-site")]);
        assert_eq!(t.check(None, &h), Err(Refused::CrossSite));
    }

    #[test]
    fn a_rebound_name_or_a_cross_site_request_without_origin_is_refused() {
        let t = Trust::new(new_key(), 8080, false);
        let rebound = headers(&[
            ("host", "attacker.example:8080"),
            ("origin", "http://attacker.example:8080"),
        ]);
        assert_eq!(
            t.check(None, &rebound),
            Err(Refused::Host("attacker.example:8080".into()))
        );
        assert!(t.check(None, &headers(&[("host", "localhost:9999")])).is_err());
        assert_eq!(t.check(None, &headers(&[("host", "localhost:8080")])), Ok(None));
        let script_tag = headers(&[("host", "localhost:8080"), ("sec-fetch-site", "cross-site")]);
        assert_eq!(t.check(None, &script_tag), Err(Refused::CrossSite));
        assert_eq!(new_key().len(), 32);
        assert_ne!(new_key(), new_key());
    }
}

#[cfg(test)]
mod http2 {
    use super::*;

    #[test]
    fn an_http2_request_is_addressed_by_its_authority() {
        let t = Trust::new(new_key(), 8080, false);
        assert_eq!(t.check(Some("localhost:8080"), &HeaderMap::new()), Ok(None));
        assert!(t.check(Some("evil.example:8080"), &HeaderMap::new()).is_err());
    }
}
