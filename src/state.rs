//! The inspector's shared state: the request being built, the server answers,
//! the engine's decision derived from them, and the run history (kept in
//! localStorage). Provided once by [`provide_inspector`], read with
//! [`expect_inspector`].

use crate::net::probe::ProbeResult;
use corscope_engine::lab::Pairing;
use corscope_engine::{
    Answer, Browser, CredentialsMode, Decision, Hop, Outcome, RedirectMode, RequestMode, RequestSpec, Scenario, Server,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The lab this page talks to (see `components::lab_bar`).
#[derive(Clone, Debug, PartialEq)]
pub enum LabStatus {
    /// Looking for the lab that serves this page.
    Looking,
    /// No lab.
    Absent,
    /// The lab serves this page.
    Own,
    /// A paired lab, waiting for the user's click: the browser will ask for
    /// Local Network Access, and asks only from a click.
    NeedsClick(Pairing),
    Connecting(Pairing),
    Connected(Pairing),
    /// A paired lab that could not be used, and why.
    Problem(Pairing, String),
}

impl LabStatus {
    /// For `data-state` (tests, styles).
    pub fn word(&self) -> &'static str {
        match self {
            LabStatus::Looking => "looking",
            LabStatus::Absent => "absent",
            LabStatus::Own => "own",
            LabStatus::NeedsClick(_) => "needs-click",
            LabStatus::Connecting(_) => "connecting",
            LabStatus::Connected(_) => "connected",
            LabStatus::Problem(..) => "problem",
        }
    }

    pub fn pairing(&self) -> Option<&Pairing> {
        match self {
            LabStatus::NeedsClick(p)
            | LabStatus::Connecting(p)
            | LabStatus::Connected(p)
            | LabStatus::Problem(p, _) => Some(p),
            _ => None,
        }
    }
}

/// One editable request header row.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderRow {
    pub id: u32,
    pub name: String,
    pub value: String,
}

/// One run: what was asked, what the browser did, and what the engine said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: String,
    pub scenario: Scenario,
    pub result: ProbeResult,
    pub predicted: Outcome,
    pub agree: bool,
    /// What the lab received for this run (lab scenario URLs only).
    #[serde(default)]
    pub journal: Option<Vec<String>>,
    /// The same requests, for the diagram: method, URL, host, CORS headers.
    #[serde(default)]
    pub exchange: Option<Vec<corscope_engine::lab::JournalEntry>>,
    /// The request ran twice with the same URL (to show the preflight cache).
    #[serde(default)]
    pub repeat: bool,
    /// The scenario as written, when Live ran it mapped onto the lab.
    #[serde(default)]
    pub source: Option<Scenario>,
    /// Browser name and version that made the run.
    #[serde(default)]
    pub browser: Option<String>,
    /// A URL that is not the lab: what the server really answered when the
    /// lab sent the same requests (then `scenario` holds those answers and
    /// `source` the typed ones).
    #[serde(default)]
    pub probed: Option<corscope_engine::lab::Probed>,
    /// Why the browser really refused, where it was not CORS (Local Network Access).
    #[serde(default)]
    pub note: Option<String>,
}

/// One request as a line: method, Origin, and the preflight's
/// Access-Control-Request-* headers.
pub fn wire_line(method: &str, origin: Option<&str>, acrm: Option<&str>, acrh: Option<&str>) -> String {
    let mut line = format!("{method} Origin: {}", origin.unwrap_or("(none)"));
    if let Some(m) = acrm {
        line.push_str(&format!(", Access-Control-Request-Method: {m}"));
    }
    if let Some(h) = acrh {
        line.push_str(&format!(", Access-Control-Request-Headers: {h}"));
    }
    line
}

/// Parses "Name: value" lines; blank lines are skipped. `\0`, `\r` and `\n`
/// in a value stand for NUL, CR and LF (a server answer may send them raw).
pub fn parse_header_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match corscope_engine::header_list::parse_header_line(line) {
            Some((name, value)) => out.push((name, unescape_value(&value))),
            None => return Err(format!("line {} must look like 'Name: value'", i + 1)),
        }
    }
    Ok(out)
}

/// The editor's text for header lines: one a line, NUL, CR and LF in a value
/// written `\0`, `\r`, `\n` so that a loaded answer survives an edit.
pub fn header_lines(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {}\n", escape_value(v)))
        .collect()
}

fn escape_value(value: &str) -> String {
    value.replace('\0', "\\0").replace('\r', "\\r").replace('\n', "\\n")
}

fn unescape_value(value: &str) -> String {
    value.replace("\\0", "\0").replace("\\r", "\r").replace("\\n", "\n")
}

/// Editable text of one answer (status and header lines).
#[derive(Clone, Copy)]
pub struct AnswerEditor {
    pub status: RwSignal<String>,
    pub headers: RwSignal<String>,
    /// A body from a loaded scenario (kept, not edited here).
    pub body: RwSignal<Option<String>>,
}

impl AnswerEditor {
    fn new(status: &str, headers: &str) -> AnswerEditor {
        AnswerEditor {
            status: RwSignal::new(status.into()),
            headers: RwSignal::new(headers.into()),
            body: RwSignal::new(None),
        }
    }

    pub fn answer(&self, what: &str) -> Result<Answer, String> {
        let status =
            corscope_engine::scenario::parse_status(&self.status.get()).map_err(|e| format!("{what} status {e}"))?;
        let headers = parse_header_lines(&self.headers.get()).map_err(|e| format!("{what} headers: {e}"))?;
        for (n, v) in &headers {
            corscope_engine::scenario::check_header_line(n, v).map_err(|e| format!("{what} headers: {e}"))?;
        }
        Ok(Answer {
            status,
            headers,
            body: self.body.get(),
        })
    }

    pub fn set(&self, answer: &Answer) {
        self.status.set(answer.status.to_string());
        self.headers.set(header_lines(&answer.headers));
        self.body.set(answer.body.clone());
    }
}

/// The page a live request runs from: this one, or the lab's same-origin page
/// when the URL is on its origin (the lab's app origin answers no scenario).
pub fn live_page(live: &str, url: &str, frame: Option<&str>) -> String {
    match frame {
        Some(f)
            if url
                .trim()
                .strip_prefix(f)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#'])) =>
        {
            f.to_string()
        }
        _ => live.to_string(),
    }
}

#[derive(Clone, Copy)]
pub struct Inspector {
    /// The real page origin (`window.location.origin`).
    pub live_origin: RwSignal<String>,
    /// A "what-if" page origin for explanation only; empty means live.
    pub what_if_origin: RwSignal<String>,
    pub url: RwSignal<String>,
    pub method: RwSignal<String>,
    pub headers: RwSignal<Vec<HeaderRow>>,
    pub next_row: RwSignal<u32>,
    pub body: RwSignal<String>,
    pub mode: RwSignal<RequestMode>,
    pub credentials: RwSignal<CredentialsMode>,
    pub redirect: RwSignal<RedirectMode>,
    pub preflight: AnswerEditor,
    pub response: AnswerEditor,
    pub browser: RwSignal<Browser>,
    /// The scenario's name (from a link, a file or a console message).
    pub name: RwSignal<String>,
    /// A redirect chain from a loaded scenario: used instead of the two answer
    /// editors while set (the editor shows it read-only).
    pub chain: RwSignal<Option<Vec<Hop>>>,
    /// "Live": run against the lab, the scenario's hosts mapped onto its origins.
    pub lab_live: RwSignal<bool>,
    /// A message about loading (a bad link or file), shown at the top.
    pub notice: RwSignal<Option<String>>,
    /// Lab origins announced by the lab's `/lab.json` (empty without a lab).
    pub lab_origins: RwSignal<Vec<String>>,
    /// Where the lab is read (journal, probe): its app origin; `""` is this
    /// page's own (the lab serves it).
    pub lab_home: RwSignal<String>,
    /// The lab's same-origin page, when this page may use it: a request to
    /// its origin runs from there, and that origin is the page's.
    pub lab_frame: RwSignal<Option<String>>,
    /// Which lab the page talks to, if any.
    pub lab: RwSignal<LabStatus>,
    /// The browser says this page's Local Network Access permission is denied.
    pub lna_denied: RwSignal<bool>,
    pub history: RwSignal<Vec<RunRecord>>,
    /// The stored history has been read (by the history part, deferred: its
    /// reader is not in the first view); until then nothing is saved.
    pub history_loaded: RwSignal<bool>,
    /// The Public Suffix List has been fetched and installed (same-site needs it).
    pub psl_ready: RwSignal<bool>,
    /// The cookies the browser holds and its third-party setting (edited by
    /// the Cookies part, deferred).
    pub cookies: RwSignal<corscope_engine::Cookies>,
    /// The engine's cookie layer is installed and the Public Suffix List is
    /// there (both after the first view): decisions then say which cookies go.
    pub cookies_ready: RwSignal<bool>,
    /// Set when stored history could not be read (it is kept, not overwritten).
    pub storage_problem: RwSignal<Option<String>>,
    pub scenario: Memo<Result<Scenario, String>>,
    /// Shared, not copied: the first view then needs no code to copy a decision.
    pub decision: Memo<Option<std::sync::Arc<Decision>>>,
}

impl Inspector {
    /// The page origin the prediction uses.
    pub fn page_origin(&self) -> String {
        let what_if = self.what_if_origin.get();
        if what_if.trim().is_empty() {
            live_page(
                &self.live_origin.get(),
                &self.url.get(),
                self.lab_frame.get().as_deref(),
            )
        } else {
            what_if.trim().to_string()
        }
    }

    pub fn is_live(&self) -> bool {
        self.what_if_origin.get().trim().is_empty()
    }

    pub fn add_header(&self, name: &str, value: &str) {
        let id = self.next_row.get_untracked();
        self.next_row.set(id + 1);
        self.headers.update(|h| {
            h.push(HeaderRow {
                id,
                name: name.into(),
                value: value.into(),
            })
        });
    }

    /// Loads a whole scenario: page origin (as a what-if origin unless it is the
    /// live one), request and server answers.
    pub fn load_scenario(&self, s: &Scenario) {
        let live = live_page(
            &self.live_origin.get_untracked(),
            &s.request.url,
            self.lab_frame.get_untracked().as_deref(),
        );
        let page = corscope_engine::Origin::parse(&s.page)
            .map(|o| o.serialize())
            .unwrap_or_else(|_| s.page.clone());
        self.what_if_origin.set(if page == live { String::new() } else { page });
        self.name.set(s.name.clone());
        self.load_request(&s.request);
        self.load_server(&s.server);
        self.cookies.set(s.cookies.clone());
    }

    /// Loads server answers (one hop into the editors; a chain as a whole).
    pub fn load_server(&self, server: &Server) {
        match server {
            Server::Single(hop) => {
                self.chain.set(None);
                self.preflight.set(&hop.preflight_or_default());
                self.response.set(&hop.response_or_default());
            }
            Server::Chain(hops) => {
                if let Some(first) = hops.first() {
                    self.preflight.set(&first.preflight_or_default());
                    self.response.set(&first.response_or_default());
                }
                self.chain.set(Some(hops.clone()));
            }
        }
    }

    /// Replaces the request part from a scenario (used by presets and history).
    pub fn load_request(&self, r: &RequestSpec) {
        self.url.set(r.url.clone());
        self.method.set(r.method.clone());
        self.headers.set(vec![]);
        for (n, v) in &r.headers {
            self.add_header(n, v);
        }
        self.body.set(r.body.clone().unwrap_or_default());
        self.mode.set(r.mode);
        self.credentials.set(r.credentials);
        self.redirect.set(r.redirect);
    }
}

pub const HISTORY_KEY: &str = "corscope.history.v1";
const HISTORY_LIMIT: usize = 50;

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads the stored history into the state, after any run made before, and
/// from then on saves every change: the history is persisted here and only
/// here (the history part calls it once its code is there; neither the
/// reader nor the writer is in the first view).
pub fn load_stored_history(inspector: &Inspector) {
    if inspector.history_loaded.get_untracked() {
        return;
    }
    let (stored, problem) = load_history();
    let made_before = !inspector.history.with_untracked(Vec::is_empty);
    inspector.history_loaded.set(true);
    inspector.storage_problem.set(problem);
    // Nothing read (none stored, or unreadable) and no run made meanwhile:
    // nothing is written over what is stored until the history changes.
    let save_now = !stored.is_empty() || made_before;
    if !stored.is_empty() {
        inspector.history.update(|h| {
            h.extend(stored);
            h.truncate(HISTORY_LIMIT);
        });
    }
    let history = inspector.history;
    Effect::new(move |ran: Option<()>| {
        history.with(|h| {
            if ran.is_some() || save_now {
                save_history(h);
            }
        });
    });
}

fn load_history() -> (Vec<RunRecord>, Option<String>) {
    let Some(raw) = storage().and_then(|s| s.get_item(HISTORY_KEY).ok().flatten()) else {
        return (vec![], None);
    };
    match serde_json::from_str(&raw) {
        Ok(h) => (h, None),
        Err(e) => {
            // Keep the unreadable copy under another key instead of losing it.
            if let Some(s) = storage() {
                let _ = s.set_item(&format!("{HISTORY_KEY}.unreadable"), &raw);
            }
            (vec![], Some(format!("The saved run history could not be read ({e}); a copy is kept in localStorage as {HISTORY_KEY}.unreadable.")))
        }
    }
}

fn save_history(history: &[RunRecord]) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(history)) {
        let _ = s.set_item(HISTORY_KEY, &text);
    }
}

pub fn push_history(inspector: &Inspector, record: RunRecord) {
    inspector.history.update(|h| {
        h.insert(0, record);
        h.truncate(HISTORY_LIMIT);
    });
}

fn detect_browser() -> Browser {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    // Every browser on iOS is WebKit, whatever its name.
    if ["CriOS/", "FxiOS/", "EdgiOS/"].iter().any(|n| ua.contains(n)) {
        Browser::WebKit
    } else if ua.contains("Firefox/") {
        Browser::Firefox
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        Browser::Chromium
    } else if ua.contains("AppleWebKit/") {
        Browser::WebKit
    } else {
        Browser::Chromium
    }
}

fn live_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_else(|| "null".into())
}

/// Creates the inspector state and provides it to every component.
pub fn provide_inspector() -> Inspector {
    let origin = live_origin();
    let url = RwSignal::new(String::new());
    let method = RwSignal::new("GET".to_string());
    let headers = RwSignal::new(Vec::<HeaderRow>::new());
    let body = RwSignal::new(String::new());
    let mode = RwSignal::new(RequestMode::Cors);
    let credentials = RwSignal::new(CredentialsMode::SameOrigin);
    let redirect = RwSignal::new(RedirectMode::Follow);
    let preflight = AnswerEditor::new("204", "");
    let response = AnswerEditor::new("200", "");
    let live_origin = RwSignal::new(origin);
    let what_if_origin = RwSignal::new(String::new());
    let browser = RwSignal::new(detect_browser());
    let name = RwSignal::new(String::new());
    let chain = RwSignal::new(None::<Vec<Hop>>);
    let lna_denied = RwSignal::new(false);
    let lab_frame = RwSignal::new(None::<String>);
    let cookies = RwSignal::new(corscope_engine::Cookies::default());
    let cookies_ready = RwSignal::new(false);
    let scenario = Memo::new(move |_| {
        let what_if = what_if_origin.get();
        let page = if what_if.trim().is_empty() {
            live_page(&live_origin.get(), &url.get(), lab_frame.get().as_deref())
        } else {
            what_if.trim().to_string()
        };
        corscope_engine::Origin::parse(&page).map_err(|e| format!("page origin: {e}"))?;
        let server = match chain.get() {
            Some(hops) => Server::Chain(hops),
            None => Server::Single(Hop {
                url: None,
                preflight: Some(preflight.answer("preflight")?),
                response: Some(response.answer("response")?),
            }),
        };
        let body = body.get();
        Ok(Scenario {
            name: name.get(),
            page,
            request: RequestSpec {
                url: url.get().trim().to_string(),
                method: method.get().trim().to_string(),
                headers: headers
                    .get()
                    .into_iter()
                    .filter(|r| !r.name.trim().is_empty())
                    .map(|r| (r.name.trim().to_string(), r.value))
                    .collect(),
                body: if body.is_empty() { None } else { Some(body) },
                mode: mode.get(),
                credentials: credentials.get(),
                redirect: redirect.get(),
            },
            server,
            expect: None,
            // The browser's Local Network Access answer, where it has denied one
            // (otherwise the prediction assumes the user allows).
            network: corscope_engine::Network {
                permission: if lna_denied.get() {
                    corscope_engine::Permission::Denied
                } else {
                    corscope_engine::Permission::Granted
                },
                ..Default::default()
            },
            cookies: cookies.get(),
        })
    });
    // The verdict and its trace; the console text and the fix are added by
    // a deferred part (deferred.rs).
    let decision = Memo::new(move |_| {
        // Decided again once the cookie layer is there.
        cookies_ready.track();
        scenario
            .get()
            .ok()
            .map(|s| std::sync::Arc::new(corscope_engine::steps(&s, browser.get())))
    });
    let inspector = Inspector {
        live_origin,
        what_if_origin,
        url,
        method,
        headers,
        next_row: RwSignal::new(0),
        body,
        mode,
        credentials,
        redirect,
        preflight,
        response,
        browser,
        name,
        chain,
        lab_live: RwSignal::new(false),
        notice: RwSignal::new(None),
        lab_origins: RwSignal::new(vec![]),
        lab_home: RwSignal::new(String::new()),
        lab_frame,
        lab: RwSignal::new(LabStatus::Looking),
        lna_denied,
        history: RwSignal::new(vec![]),
        history_loaded: RwSignal::new(false),
        psl_ready: RwSignal::new(corscope_engine::origin::public_suffix::is_loaded()),
        cookies,
        cookies_ready,
        storage_problem: RwSignal::new(None),
        scenario,
        decision,
    };
    provide_context(inspector);
    inspector
}

pub fn expect_inspector() -> Inspector {
    expect_context::<Inspector>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::probe::Observed;

    #[test]
    fn header_lines_parse_and_bad_lines_are_named() {
        assert_eq!(
            parse_header_lines("X-A: 1\n\n Y : two words ").unwrap(),
            vec![("X-A".into(), "1".into()), ("Y".into(), "two words".into())]
        );
        assert_eq!(
            parse_header_lines("X-A 1").unwrap_err(),
            "line 1 must look like 'Name: value'"
        );
        // Raw bytes from a loaded scenario survive the editor's text.
        let raw = vec![
            ("X-A".to_string(), "a\0b\r\nX-B: 1".to_string()),
            ("X-C".into(), "\u{1}".into()),
        ];
        let text = header_lines(&raw);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(parse_header_lines(&text).unwrap(), raw);
    }

    #[test]
    fn a_rejection_agrees_with_blocked_and_rejected_only() {
        let rejected = Observed::Rejected {
            name: "TypeError".into(),
            message: "Failed to fetch".into(),
        };
        let agrees = |o: Outcome, observed: &Observed| observed.page_saw().agrees_with(o);
        assert!(agrees(Outcome::Blocked, &rejected));
        assert!(agrees(Outcome::Rejected, &rejected));
        assert!(!agrees(Outcome::Allowed, &rejected));
        let opaque = Observed::Resolved {
            response_type: "opaque".into(),
            status: 0,
            headers: vec![],
            body: None,
        };
        assert!(agrees(Outcome::Opaque, &opaque));
        assert!(!agrees(Outcome::Allowed, &opaque));
    }
}
