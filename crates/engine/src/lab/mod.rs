//! What the lab and the app say to each other, typed once: the scenario
//! endpoint's path and query, the run URL, the journal and its entries, and
//! the lab info. The lab server, the app and the matrix all use these; nobody
//! spells a path or percent-encodes by hand. Also the matrix of generated
//! scenarios and the comparison of a prediction with what a browser did.

pub mod compare;
pub mod cookie_run;
pub mod matrix;

use crate::origin::web_url::{Host, WebUrl};
use crate::scenario::Server;
use serde::{Deserialize, Serialize};

/// The scenario endpoint: answers as the `cfg` query parameter says.
pub const SCENARIO_PATH: &str = "/s/v1";
/// What the lab received, per run: `?run=ID` or `?prefix=P`.
pub const JOURNAL_PATH: &str = "/journal";
/// Where the lab's origins are: [`LabInfo`].
pub const LAB_INFO_PATH: &str = "/lab.json";
/// `POST` a [`ProbeAsk`]: the lab sends, server-to-server, what the browser
/// would send, and answers a [`Probed`] (trusted pages only).
pub const PROBE_PATH: &str = "/probe";

/// What a page asks the lab to probe: its request, as a page at `page` makes it in `browser`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeAsk {
    pub page: String,
    pub request: crate::scenario::RequestSpec,
    /// `chromium`, `firefox`, `webkit` (Safari) or `spec`.
    pub browser: String,
}

/// One request the probe sent and the answer it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub hop: usize,
    pub preflight: bool,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    /// The start of the answer's body as text (at most [`PROBE_BODY_PREVIEW`]
    /// bytes): what a server-to-server client such as Postman shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// How much of an answer's body the probe hands back.
pub const PROBE_BODY_PREVIEW: usize = 2048;

/// The probe's answer: the real answers as a scenario, and each exchange;
/// or why it could not probe (`error`, not a CORS verdict).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::scenario::Scenario>,
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The header a paired page sends its key in, to read what the lab recorded
/// (`/journal`, `/lab.json`, `/probe`). The lab's own page needs none.
pub const KEY_HEADER: &str = "corscope-lab-key";

/// How a page is paired with a lab: the lab's address, and the key the lab
/// made at start. In a link: `PAGE?lab=ORIGIN#key=KEY` — the key in the
/// fragment, which no server (GitHub Pages included) ever receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// One of the lab's origins (`http://localhost:8081`).
    pub lab: String,
    /// `None`: the page is the lab's own, or the link had no key.
    pub key: Option<String>,
}

impl Pairing {
    /// The link that opens `page` (the hosted corscope) paired with the lab.
    pub fn link(&self, page: &str) -> String {
        let page = page.split(['?', '#']).next().unwrap_or_default();
        let mut link = format!("{page}?lab={}", percent_encode(&self.lab));
        if let Some(key) = &self.key {
            link.push_str(&format!("#key={}", percent_encode(key)));
        }
        link
    }

    /// The pairing a page address carries (`search` and `hash` as
    /// `location.search` / `location.hash` give them), or why it is unusable.
    /// `Ok(None)`: the address names no lab.
    pub fn from_location(search: &str, hash: &str) -> Result<Option<Pairing>, String> {
        let param = |text: &str, name: &str| {
            form_urlencoded::parse(text.trim_start_matches(['?', '#']).as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let Some(lab) = param(search, "lab") else {
            return Ok(None);
        };
        let origin = lab_origin(&lab)?;
        let key = param(hash, "key").filter(|k| !k.is_empty());
        Ok(Some(Pairing { lab: origin, key }))
    }
}

/// A lab address as typed (`localhost:8081`, `http://localhost:8081/`), as
/// an origin, or why it is not one. Only loopback hosts: a lab never runs elsewhere.
pub fn lab_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    let url = WebUrl::parse(&with_scheme).map_err(|e| format!("'{text}' is not a lab address ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("'{text}' is not an http(s) address"));
    }
    let loopback = match url.host() {
        Some(Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if !loopback {
        return Err(format!(
            "'{text}' is not on this machine: a lab listens on loopback (localhost, 127.0.0.1, [::1])"
        ));
    }
    Ok(url.origin().serialize())
}

/// The scenario endpoint's query: `?run=ID&hop=N&cfg=JSON`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioQuery {
    /// The run id the journal files the request under.
    #[serde(default)]
    pub run: String,
    /// Which hop of a redirect chain this URL answers for.
    #[serde(default)]
    pub hop: usize,
    /// The scenario's `server` part as JSON (one hop or a chain).
    #[serde(default)]
    pub cfg: String,
}

impl ScenarioQuery {
    /// The query string (without `?`), percent-encoded.
    pub fn encode(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("run", &self.run);
        if self.hop > 0 {
            q.append_pair("hop", &self.hop.to_string());
        }
        q.append_pair("cfg", &self.cfg);
        q.finish()
    }
}

/// Percent-encodes a query parameter value (`application/x-www-form-urlencoded`).
pub fn percent_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The run id in a raw query string (percent-decoded), or "".
pub fn run_of_query(query: &str) -> String {
    let pairs = || form_urlencoded::parse(query.as_bytes());
    pairs()
        .find(|(k, _)| k == "run")
        .map(|(_, v)| v.into_owned())
        // A cookie host's visit (`corscope-visit=RUN.N`) belongs to its run.
        .or_else(|| {
            pairs()
                .find(|(k, _)| k == VISIT_PARAM)
                .map(|(_, v)| v.rsplit_once('.').map_or(v.to_string(), |(r, _)| r.to_string()))
        })
        .unwrap_or_default()
}

/// The URL that runs `server` on the lab: `base` is the scenario endpoint
/// (`http://localhost:8081/s/v1`; any query on it is dropped).
pub fn run_url(base: &str, server: &Server, run: &str) -> String {
    let base = base.split(['?', '#']).next().unwrap_or_default();
    let query = ScenarioQuery {
        run: run.to_string(),
        hop: 0,
        cfg: serde_json::to_string(server).unwrap_or_default(),
    };
    format!("{base}?{}", query.encode())
}

/// The server answers a scenario-endpoint URL runs (its `cfg`), when it is
/// the first hop's URL (no `hop`, or 0): a copied or recorded request to the
/// lab carries its own scenario. `None` for any other URL or an unusable cfg.
pub fn server_of_run_url(url: &str) -> Option<Server> {
    let parsed = WebUrl::parse(url).ok()?;
    if parsed.path() != SCENARIO_PATH {
        return None;
    }
    let mut cfg = None;
    for (k, v) in form_urlencoded::parse(parsed.query().unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "cfg" => cfg = Some(v.into_owned()),
            "hop" if v != "0" => return None,
            _ => {}
        }
    }
    serde_json::from_str(&cfg?).ok()
}

/// The origin of a scenario-endpoint URL (`http://localhost:8081` for
/// `http://localhost:8081/s/v1?…`), or `None` for any other URL.
pub fn scenario_endpoint_origin(url: &str) -> Option<String> {
    let parsed = WebUrl::parse(url).ok()?;
    (parsed.path() == SCENARIO_PATH).then(|| parsed.origin().serialize())
}

/// The journal of one run, on the lab at `origin`.
pub fn journal_url(origin: &str, run: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("run", run)
        .finish();
    format!("{origin}{JOURNAL_PATH}?{query}")
}

/// The journal URL for a run URL on the scenario endpoint of one of the
/// lab's origins (one with a `run`), or `None` for any other URL: nothing is
/// asked of a server that is not the lab. The journal is read on the lab's
/// app origin `home` (`""`: the page's own), never on a scenario origin.
pub fn journal_url_of_run(url: &str, lab_origins: &[String], home: &str) -> Option<String> {
    let parsed = WebUrl::parse(url).ok()?;
    let origin = parsed.origin().serialize();
    let run = run_of_query(parsed.query().unwrap_or_default());
    (parsed.path() == SCENARIO_PATH && !run.is_empty() && lab_origins.contains(&origin))
        .then(|| journal_url(home, &run))
}

/// The journal of every run whose id starts with `prefix` (a matrix batch).
pub fn journal_prefix_url(origin: &str, prefix: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("prefix", prefix)
        .finish();
    format!("{origin}{JOURNAL_PATH}?{query}")
}

/// One request as the lab received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Order of arrival, across all runs.
    pub seq: u64,
    pub run: String,
    pub method: String,
    /// Path and query.
    pub url: String,
    /// The Host header (tells which lab origin was used).
    pub host: String,
    /// Every request header line, names lowercase, in order.
    pub headers: Vec<(String, String)>,
    pub cookies: bool,
}

impl JournalEntry {
    /// The first value of a header, by name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn is_preflight(&self) -> bool {
        self.method == "OPTIONS"
    }
}

/// One origin the lab listens on, and what it is to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabOrigin {
    pub origin: String,
    pub note: String,
}

/// `/lab.json`: the lab's app origin, and the origins a page may send scenarios to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabInfo {
    /// The app origin: it serves the app, the journal, the lab info and the
    /// probe, and never a scenario answer.
    pub page: String,
    /// The scenario origins (cross-origin targets, then [`LabInfo::frame`]).
    pub origins: Vec<LabOrigin>,
    /// The lab's same-origin page: a request to this origin is run from the
    /// page the lab serves there ([`FRAME_PATH`]), so page and target are one origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// The ports of the cookie hosts ([`COOKIE_HOSTS`]), where a scenario
    /// with cookies runs ([`cookie_run`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_hosts: Option<CookieHostPorts>,
}

/// Where the cookie hosts answer: https on one port, plain http on another;
/// and the lab's scenario origins that answer the same names on other ports
/// (requests only: no cookie is set there), for a scenario with a second port.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieHostPorts {
    pub https: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_other: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_other: Option<u16>,
}

/// The lab's same-origin page, on its frame origin: the app frames it and asks
/// it, by `postMessage`, to `fetch()` a URL on that origin. It answers only its
/// parent, and only when that is the lab's app origin. Asked
/// `{corscope: "run", id, url, request}` (`request`: a [`RequestSpec`](crate::RequestSpec)
/// as JSON; `url`: what to fetch), it answers
/// `{corscope: "ran", id, observed}` (`observed`: JSON, as the app's own run
/// records what script saw); `{corscope: "ready"}` once loaded.
pub const FRAME_PATH: &str = "/frame";
/// The same-origin page's script (a file: the page runs no inline script).
pub const FRAME_SCRIPT_PATH: &str = "/frame.js";

/// What the lab answers a page it does not trust (403), readable by that page
/// so it can say why: never any recorded data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub refused: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pairing_link_round_trips_through_the_page_address() {
        let pairing = Pairing {
            lab: "http://localhost:8081".into(),
            key: Some("k3y/+=".into()),
        };
        let link = pairing.link("https://user.github.io/corscope/?old=1#x");
        assert_eq!(
            link,
            "https://user.github.io/corscope/?lab=http%3A%2F%2Flocalhost%3A8081#key=k3y%2F%2B%3D"
        );
        let url = url::Url::parse(&link).unwrap();
        let search = format!("?{}", url.query().unwrap());
        let hash = format!("#{}", url.fragment().unwrap());
        assert_eq!(Pairing::from_location(&search, &hash), Ok(Some(pairing)));
        assert_eq!(Pairing::from_location("", "#key=x"), Ok(None));
        let typed = Pairing::from_location("?lab=localhost:8081/", "").unwrap().unwrap();
        assert_eq!((typed.lab.as_str(), typed.key), ("http://localhost:8081", None));
    }

    #[test]
    fn a_lab_is_only_ever_on_loopback() {
        for ok in [
            "localhost:8081",
            "http://127.0.0.1:9",
            "http://api.localhost:8081",
            "https://[::1]:8443/x",
        ] {
            assert!(lab_origin(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://example.com",
            "http://192.168.1.2:8081",
            "file:///x",
            "http://",
            "localhost.example:1",
        ] {
            let err = lab_origin(bad).unwrap_err();
            assert!(
                err.contains(bad.trim_end_matches('/')) || err.contains("not"),
                "{bad}: {err}"
            );
        }
        assert!(Pairing::from_location("?lab=http://10.0.0.1:8081", "").is_err());
    }

    use super::*;

    #[test]
    fn a_run_url_round_trips_through_the_query_decoder() {
        let server: Server =
            serde_json::from_str(r#"{"response":{"status":200,"headers":[["X-A","a&b=c+d %25 é"]]}}"#).unwrap();
        let url = run_url("http://localhost:8081/s/v1?old=1", &server, "r 1&x+y%");
        let parsed = url::Url::parse(&url).unwrap();
        assert_eq!(parsed.path(), SCENARIO_PATH);
        let query = parsed.query().unwrap();
        assert_eq!(run_of_query(query), "r 1&x+y%");
        let q: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let cfg = &q.iter().find(|(k, _)| k == "cfg").unwrap().1;
        assert_eq!(serde_json::from_str::<Server>(cfg).unwrap(), server);
        assert!(!q.iter().any(|(k, _)| k == "old"));
    }

    #[test]
    fn the_scenario_endpoint_is_told_from_other_urls() {
        assert_eq!(
            scenario_endpoint_origin("http://api.localhost:8081/s/v1?run=a").as_deref(),
            Some("http://api.localhost:8081")
        );
        assert_eq!(scenario_endpoint_origin("http://localhost:8081/open"), None);
        assert_eq!(scenario_endpoint_origin("not a url"), None);
    }

    #[test]
    fn a_run_url_names_its_journal_on_the_labs_app_origin() {
        let lab = ["http://127.0.0.1:9".to_string()];
        let home = "http://localhost:8";
        let url = run_url("http://127.0.0.1:9/s/v1", &Server::default(), "r1");
        assert_eq!(
            journal_url_of_run(&url, &lab, home).as_deref(),
            Some("http://localhost:8/journal?run=r1")
        );
        assert_eq!(journal_url_of_run(&url, &lab, "").as_deref(), Some("/journal?run=r1"));
        assert_eq!(journal_url_of_run("http://127.0.0.1:9/s/v1", &lab, home), None);
        assert_eq!(journal_url_of_run("http://127.0.0.1:9/open?run=r1", &lab, home), None);
        // Another server's /s/v1 is not the lab: its journal is never asked for.
        assert_eq!(journal_url_of_run("https://api.example/s/v1?run=r1", &lab, home), None);
    }

    #[test]
    fn journal_urls_encode_the_run() {
        assert_eq!(
            journal_url("http://localhost:8081", "a&b"),
            "http://localhost:8081/journal?run=a%26b"
        );
        assert_eq!(
            journal_prefix_url("http://localhost:8081", "m1-"),
            "http://localhost:8081/journal?prefix=m1-"
        );
    }
}

/// The lab's cookie hosts: names only the lab answers (on its cookie port,
/// https), so that a cookie a scenario sets reaches no other local app the
/// way a cookie for `localhost` reaches every port. Each `*.localhost` name is
/// a site of its own (the Public Suffix List's default rule), so
/// `corscope-a.localhost` and `corscope-b.localhost` are cross-site, and
/// `api.corscope-a.localhost` is same-site with the first.
pub const COOKIE_HOSTS: [&str; 4] = [
    "corscope-a.localhost",
    "api.corscope-a.localhost",
    "corscope-b.localhost",
    "corscope-c.localhost",
];
/// The sites of [`COOKIE_HOSTS`]: a cookie's `Domain` must be one of these
/// or a host under one.
pub const COOKIE_SITES: [&str; 3] = ["corscope-a.localhost", "corscope-b.localhost", "corscope-c.localhost"];
/// On a cookie host, the page that runs a request with the browser's cookies
/// (its request in the fragment, as a [`CookieRun`]).
pub const COOKIE_PAGE_PATH: &str = "/c/page";
/// The cookie page's script (a file: the page runs no inline script).
pub const COOKIE_SCRIPT_PATH: &str = "/c/page.js";
/// `POST` a [`CookieTicket`] on the app origin (trusted pages only): the
/// `Set-Cookie` lines a run may make the cookie hosts send.
pub const COOKIE_TICKET_PATH: &str = "/cookies";
/// The query parameter of a visit that sets a held cookie: `RUN.N` sets the
/// ticket's held cookie N, on the host its URL names, at any path.
pub const VISIT_PARAM: &str = "corscope-visit";

/// The lines one run may set, registered by a trusted page before the run.
/// Nothing else registers lines, so no other website can make the lab plant a
/// cookie, even on its own cookie hosts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieTicket {
    pub run: String,
    /// The held cookies, in the scenario's order: the URL that sets each (a
    /// cookie host) and its line.
    #[serde(default)]
    pub held: Vec<(String, String)>,
    /// The `Set-Cookie` lines the run's answers may carry.
    #[serde(default)]
    pub answers: Vec<String>,
}

impl CookieTicket {
    /// Checks that every line stays on the lab's cookie hosts: a held URL is
    /// one of [`COOKIE_HOSTS`], and a `Domain` attribute names one of
    /// [`COOKIE_SITES`] or a host under one.
    pub fn check(&self) -> Result<(), String> {
        for (url, _) in &self.held {
            let host = crate::origin::web_url::WebUrl::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            if !COOKIE_HOSTS.contains(&host.as_str()) {
                return Err(format!(
                    "{url} is not one of the lab's cookie hosts ({})",
                    COOKIE_HOSTS.join(", ")
                ));
            }
        }
        for line in self.held.iter().map(|(_, l)| l).chain(&self.answers) {
            for attribute in line.split(';').skip(1) {
                let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                if !name.trim().eq_ignore_ascii_case("domain") {
                    continue;
                }
                let d = value.trim().trim_start_matches('.').to_ascii_lowercase();
                let ours = COOKIE_SITES
                    .iter()
                    .any(|s| d == *s || d.strip_suffix(s).is_some_and(|p| p.ends_with('.')));
                if !ours {
                    return Err(format!(
                        "'{line}': Domain={d} is not one of the lab's cookie sites ({}): the lab sets cookies on its own names only",
                        COOKIE_SITES.join(", ")
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The request the cookie page runs (in its URL's fragment, as JSON), and
/// what it saw: `outcome` ("allowed", "opaque", "blocked"), the status, the
/// response type and the names of the headers script could read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieRun {
    pub url: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub credentials: String,
    #[serde(default)]
    pub redirect: String,
}

#[cfg(test)]
mod cookie_ticket_tests {
    use super::*;

    #[test]
    fn a_ticket_keeps_every_line_on_the_labs_cookie_hosts() {
        let ok = CookieTicket {
            run: "r".into(),
            held: vec![(
                "https://corscope-b.localhost:8444/".into(),
                "a=1; Domain=corscope-b.localhost".into(),
            )],
            answers: vec!["b=1; domain=.api.corscope-a.localhost; Secure".into(), "c=1".into()],
        };
        assert_eq!(ok.check(), Ok(()));
        for (held, answer) in [
            ("https://localhost:8444/", "c=1"),
            ("https://corscope-b.localhost.evil.test/", "c=1"),
            ("https://corscope-b.localhost/", "c=1; Domain=localhost"),
            ("https://corscope-b.localhost/", "c=1; Domain=xcorscope-a.localhost"),
            ("https://corscope-b.localhost/", "c=1; Path=/; DOMAIN=example.com"),
        ] {
            let t = CookieTicket {
                run: "r".into(),
                held: vec![(held.into(), "a=1".into())],
                answers: vec![answer.into()],
            };
            assert!(t.check().is_err(), "{held} {answer}");
        }
    }
}
