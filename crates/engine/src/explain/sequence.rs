//! The exchange as a sequence of messages between the page's script, the
//! browser and the server, hop by hop: what the engine predicts ([`predicted`])
//! or what the lab's journal recorded in a live run ([`recorded`]), with the
//! failing check marked on the message where it happened. The app draws it as
//! an SVG diagram; [`Sequence::text`] is its text equivalent (screen readers,
//! the bug report).

use crate::decision::{Decision, Outcome, ResponseType, Stage};
use crate::lab::JournalEntry;
use crate::scenario::{Answer, Scenario};

/// Who sends or receives a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Script,
    Browser,
    Server,
}

impl Party {
    pub fn name(self) -> &'static str {
        match self {
            Party::Script => "page script",
            Party::Browser => "browser",
            Party::Server => "server",
        }
    }
}

/// One message of the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub from: Party,
    pub to: Party,
    /// Which hop of a redirect chain (0 for the URL script asked for).
    pub hop: usize,
    /// The message in a few words (`OPTIONS /s/v1`, `204`, `TypeError`).
    pub label: String,
    /// The headers that matter to CORS, one `Name: value` each.
    pub lines: Vec<String>,
    /// Where the failing check happened: why, in one sentence.
    pub failed: Option<String>,
}

/// The messages of one exchange, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sequence {
    pub messages: Vec<Message>,
}

impl Sequence {
    /// One numbered line a message (and its headers), for screen readers and reports.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, m) in self.messages.iter().enumerate() {
            let hop = if m.hop > 0 {
                format!(" (hop {})", m.hop + 1)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{}. {} → {}{hop}: {}",
                i + 1,
                m.from.name(),
                m.to.name(),
                m.label
            ));
            for l in &m.lines {
                out.push_str(&format!("\n     {l}"));
            }
            if let Some(why) = &m.failed {
                out.push_str(&format!("\n     ✗ {why}"));
            }
            out.push('\n');
        }
        out
    }
}

/// The path and query of a URL, shortened for a label (the host is the
/// server's; a long query is cut).
fn short(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let path = if path.chars().count() > 40 {
        format!("{}…", path.chars().take(39).collect::<String>())
    } else {
        path
    };
    format!("{host}{path}")
}

/// The CORS lines of an answer (and Location, Vary).
fn cors_lines(answer: &Answer) -> Vec<String> {
    answer
        .headers
        .iter()
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            n.starts_with("access-control-") || n == "location" || n == "vary"
        })
        .map(|(n, v)| format!("{}: {v}", n.to_ascii_lowercase()))
        .collect()
}

/// The sentence of the failing step of `hop`, if the decision failed there.
fn failing(decision: &Decision, hop: usize, preflight: bool) -> Option<String> {
    let stage = decision.stage?;
    let here = match stage {
        Stage::Preflight => preflight,
        Stage::Response | Stage::Redirect => !preflight,
        Stage::Request => false,
    };
    let last_hop = decision.sent.last().map(|s| s.hop) == Some(hop);
    if !here || !last_hop || decision.outcome == Outcome::Allowed {
        return None;
    }
    failed_step(decision).or_else(|| Some(format!("{} at the {}", decision.outcome, stage)))
}

/// The sentence of the decision's (last) failing step.
fn failed_step(decision: &Decision) -> Option<String> {
    decision
        .steps
        .iter()
        .rev()
        .find(|s| !s.passed)
        .map(|s| s.sentence.clone())
}

/// A request to hop `hop` of `server` and the answer it got there, as two messages.
fn request_and_answer(
    server: &crate::scenario::Server,
    hop: usize,
    request: String,
    lines: Vec<String>,
    preflight: bool,
    failed: Option<String>,
) -> [Message; 2] {
    let h = server.hops().get(hop).cloned().unwrap_or_default();
    let answer = if preflight {
        h.preflight_or_default().into_owned()
    } else {
        h.response_or_default().into_owned()
    };
    let kind = if preflight { "preflight answer" } else { "answer" };
    [
        Message {
            from: Party::Browser,
            to: Party::Server,
            hop,
            label: request,
            lines,
            failed: None,
        },
        Message {
            from: Party::Server,
            to: Party::Browser,
            hop,
            label: format!("{kind} {}", answer.status),
            lines: cors_lines(&answer),
            failed,
        },
    ]
}

/// What script is given at the end.
fn ending(decision: &Decision) -> Message {
    let (label, lines, failed) = match decision.outcome {
        Outcome::Allowed => {
            let kind = match decision.response_type {
                ResponseType::Basic => "basic",
                _ => "cors",
            };
            let readable = if decision.exposed.is_empty() {
                "readable headers: the safelisted ones".to_string()
            } else {
                format!("readable headers: {}", decision.exposed.join(", "))
            };
            (
                format!("{} response ({kind}), status {}", "resolves:", decision.status),
                vec![readable],
                None,
            )
        }
        Outcome::Opaque => (
            "resolves: an opaque response (status 0, nothing readable)".to_string(),
            vec![],
            None,
        ),
        Outcome::Blocked | Outcome::Rejected => {
            let before = decision.sent.is_empty();
            let why = if before { failed_step(decision) } else { None };
            (
                "rejects: TypeError (Failed to fetch)".to_string(),
                if before {
                    vec!["nothing was sent".to_string()]
                } else {
                    vec![]
                },
                why,
            )
        }
    };
    Message {
        from: Party::Browser,
        to: Party::Script,
        hop: decision.sent.last().map(|s| s.hop).unwrap_or(0),
        label,
        lines,
        failed,
    }
}

/// The exchange the engine predicts for this decision.
pub fn predicted(scenario: &Scenario, decision: &Decision) -> Sequence {
    let mut messages = vec![Message {
        from: Party::Script,
        to: Party::Browser,
        hop: 0,
        label: format!("fetch({} {})", scenario.request.method, short(&scenario.request.url)),
        lines: scenario
            .request
            .headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect(),
        failed: None,
    }];
    for sent in &decision.sent {
        let mut lines = vec![];
        if let Some(o) = &sent.origin {
            lines.push(format!("origin: {o}"));
        }
        if let Some(m) = &sent.access_control_request_method {
            lines.push(format!("access-control-request-method: {m}"));
        }
        if let Some(h) = &sent.access_control_request_headers {
            lines.push(format!("access-control-request-headers: {h}"));
        }
        // The Cookie line when the scenario says which cookies the browser holds.
        match (&sent.cookie, sent.credentials) {
            (Some(line), _) => lines.push(format!("cookie: {line}")),
            (None, true) if !decision.cookies.is_empty() => {
                lines.push("cookie: (none of the browser's cookies goes)".into())
            }
            (None, true) => lines.push("cookies: sent".into()),
            (None, false) => {}
        }
        messages.extend(request_and_answer(
            &scenario.server,
            sent.hop,
            format!("{} {}", sent.method, short(&sent.url)),
            lines,
            sent.preflight,
            failing(decision, sent.hop, sent.preflight),
        ));
    }
    messages.push(ending(decision));
    Sequence { messages }
}

/// The exchange the lab's journal recorded in a live run, each request with
/// the answer the lab gave it (the scenario's), and what script was given.
pub fn recorded(scenario: &Scenario, journal: &[&JournalEntry], script_saw: &str) -> Sequence {
    let mut messages = vec![];
    let mut hop = 0;
    for e in journal {
        // The lab's run URLs name their hop (`hop=N`; none for the first).
        hop = e
            .url
            .split_once('?')
            .and_then(|(_, q)| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "hop"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut lines = vec![];
        for name in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
        ] {
            if let Some(v) = e.header(name) {
                lines.push(format!("{name}: {v}"));
            }
        }
        if let Some(line) = e.header("cookie") {
            lines.push(format!("cookie: {line}"));
        }
        messages.extend(request_and_answer(
            &scenario.server,
            hop,
            format!("{} {}", e.method, short(&format!("http://{}{}", e.host, e.url))),
            lines,
            e.is_preflight(),
            None,
        ));
    }
    messages.push(Message {
        from: Party::Browser,
        to: Party::Script,
        hop,
        label: script_saw.to_string(),
        lines: vec![],
        failed: None,
    });
    Sequence { messages }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decide, parse_scenario, Browser};

    #[test]
    fn a_preflighted_request_is_five_messages_and_the_failure_is_on_the_preflight_answer() {
        let s = parse_scenario(
            r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/items","method":"PUT","headers":[["X-Key","1"]]},
                "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET"]]}}}"#,
        )
        .unwrap();
        let d = decide(&s, Browser::Chromium);
        let seq = predicted(&s, &d);
        let labels: Vec<&str> = seq.messages.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "fetch(PUT api.example/v1/items)",
                "OPTIONS api.example/v1/items",
                "preflight answer 204",
                "rejects: TypeError (Failed to fetch)"
            ]
        );
        assert!(seq.messages[1]
            .lines
            .contains(&"access-control-request-headers: x-key".to_string()));
        assert!(
            seq.messages[2].failed.as_deref().is_some_and(|w| w.contains("PUT")),
            "{:?}",
            seq.messages[2]
        );
        let text = seq.text();
        assert!(text.starts_with("1. page script → browser: fetch(PUT"), "{text}");
        assert!(text.contains("✗ "), "{text}");
    }

    #[test]
    fn a_redirect_chain_is_drawn_hop_by_hop_and_an_allowed_run_ends_with_what_script_reads() {
        let s = parse_scenario(
            r#"{"page":"https://app.example","request":{"url":"https://api.example/old"},
                "server":[{"response":{"status":302,"headers":[["Location","https://cdn.example/new"],["Access-Control-Allow-Origin","*"]]}},
                          {"url":"https://cdn.example/new","response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Expose-Headers","X-A"],["X-A","1"]]}}]}"#,
        )
        .unwrap();
        let d = decide(&s, Browser::Firefox);
        let seq = predicted(&s, &d);
        assert_eq!(
            seq.messages
                .iter()
                .filter(|m| m.from == Party::Browser && m.to == Party::Server)
                .count(),
            2
        );
        assert_eq!(seq.messages[3].hop, 1);
        assert!(seq.messages[2]
            .lines
            .contains(&"location: https://cdn.example/new".to_string()));
        let end = seq.messages.last().unwrap();
        assert!(
            end.label.starts_with("resolves:") && end.lines[0].contains("x-a"),
            "{end:?}"
        );
        assert!(seq.messages.iter().all(|m| m.failed.is_none()));
    }
}
