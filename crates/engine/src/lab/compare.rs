//! The differential comparison: what the engine predicts for a scenario
//! against what a real browser did (what script saw) and sent (the lab's
//! journal). The inspector's agree/disagree badge and the Matrix use it.

use super::JournalEntry;
use crate::decision::{Decision, Outcome};
use crate::scenario::Scenario;
use serde::Serialize;

/// What script saw of a live `fetch()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSaw {
    /// It resolved with a readable response; these header names were readable.
    Readable { header_names: Vec<String> },
    /// It resolved with an opaque (or opaque-redirect) response.
    Opaque,
    /// It rejected, with this error text.
    Rejected { error: String },
}

impl PageSaw {
    /// In the scenario format's outcome words. A rejection cannot tell
    /// "blocked" from "rejected before sending": both are `Blocked` here.
    pub fn outcome(&self) -> Outcome {
        match self {
            PageSaw::Readable { .. } => Outcome::Allowed,
            PageSaw::Opaque => Outcome::Opaque,
            PageSaw::Rejected { .. } => Outcome::Blocked,
        }
    }

    /// Whether the browser did what the engine predicted.
    pub fn agrees_with(&self, predicted: Outcome) -> bool {
        match self.outcome() {
            Outcome::Blocked => matches!(predicted, Outcome::Blocked | Outcome::Rejected),
            other => other == predicted,
        }
    }
}

/// The facts compared, from either side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// `rejected` counts as `blocked`: the page cannot tell them apart.
    pub outcome: Outcome,
    pub preflight: bool,
    /// The first preflight's `Access-Control-Request-Headers`.
    pub request_headers: Option<String>,
    /// Readable header names, lowercase, sorted (compared only when both allowed).
    pub exposed: Vec<String>,
    /// Whether anything reached the server.
    pub sent: bool,
    /// The `Origin` header of each request (not preflights), in order.
    pub origins: Vec<Option<String>>,
    /// What script saw when `fetch()` rejected (not compared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every request the lab received, as "METHOD origin=… acrm=… acrh=…" (not compared; for diagnosis).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wire: Vec<String>,
}

/// A fact on which the prediction and the browser differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mismatch {
    Outcome,
    Sent,
    Preflight,
    RequestHeaders,
    Origins,
    Exposed,
}

impl Mismatch {
    /// The fact's name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Mismatch::Outcome => "outcome",
            Mismatch::Sent => "sent",
            Mismatch::Preflight => "preflight",
            Mismatch::RequestHeaders => "request_headers",
            Mismatch::Origins => "origins",
            Mismatch::Exposed => "exposed",
        }
    }
}

/// The engine's side, from a decision (a verdict is enough).
pub fn predicted_facts(d: &Decision) -> Facts {
    Facts {
        outcome: match d.outcome {
            Outcome::Rejected => Outcome::Blocked,
            o => o,
        },
        preflight: d.preflight,
        request_headers: d
            .sent
            .iter()
            .find(|r| r.preflight)
            .and_then(|r| r.access_control_request_headers.clone()),
        exposed: d.exposed.clone(),
        sent: !d.sent.is_empty(),
        origins: d
            .sent
            .iter()
            .filter(|r| !r.preflight)
            .map(|r| r.origin.clone())
            .collect(),
        error: None,
        wire: vec![],
    }
}

/// Header names the lab adds to every scenario answer (hyper, axum and the
/// protective lines: server.rs `answer_response` and `protect`).
pub const LAB_ADDED_HEADERS: &[&str] = &[
    "content-length",
    "content-type",
    "date",
    "content-security-policy",
    "x-content-type-options",
    "connection",
];

/// The browser's side: what script saw and what the lab's journal holds for
/// the run. Readable names count unless the lab added them and the
/// scenario's final answer did not send them (a name the browser read from a
/// raw line break in a value counts).
pub fn observed_facts(scenario: &Scenario, saw: &PageSaw, journal: &[&JournalEntry]) -> Facts {
    let final_names: Vec<String> = scenario
        .server
        .hops()
        .last()
        .map(|h| {
            h.response_or_default()
                .headers
                .iter()
                .map(|(n, _)| n.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let mut exposed: Vec<String> = match saw {
        PageSaw::Readable { header_names } => header_names
            .iter()
            .map(|n| n.to_ascii_lowercase())
            .filter(|n| final_names.contains(n) || !LAB_ADDED_HEADERS.contains(&n.as_str()))
            .collect(),
        _ => vec![],
    };
    exposed.sort();
    exposed.dedup();
    let preflight = journal.iter().find(|e| e.is_preflight());
    Facts {
        outcome: saw.outcome(),
        preflight: preflight.is_some(),
        request_headers: preflight
            .and_then(|e| e.header("access-control-request-headers"))
            .map(str::to_string),
        exposed,
        sent: !journal.is_empty(),
        origins: journal
            .iter()
            .filter(|e| !e.is_preflight())
            .map(|e| e.header("origin").map(str::to_string))
            .collect(),
        error: match saw {
            PageSaw::Rejected { error } => Some(error.clone()),
            _ => None,
        },
        wire: journal
            .iter()
            .map(|e| {
                let h = |name: &str| e.header(name).unwrap_or("-").to_string();
                format!(
                    "{} origin={} acrm={} acrh={}",
                    e.method,
                    h("origin"),
                    h("access-control-request-method"),
                    h("access-control-request-headers")
                )
            })
            .collect(),
    }
}

/// Where the two sides differ. Readable headers are compared only when both allowed.
pub fn compare(predicted: &Facts, observed: &Facts) -> Vec<Mismatch> {
    let mut out = vec![];
    if predicted.outcome != observed.outcome {
        out.push(Mismatch::Outcome);
    }
    if predicted.sent != observed.sent {
        out.push(Mismatch::Sent);
    }
    if predicted.preflight != observed.preflight {
        out.push(Mismatch::Preflight);
    }
    if predicted.request_headers != observed.request_headers {
        out.push(Mismatch::RequestHeaders);
    }
    if predicted.origins != observed.origins {
        out.push(Mismatch::Origins);
    }
    let both_allowed = predicted.outcome == Outcome::Allowed && observed.outcome == Outcome::Allowed;
    if both_allowed && predicted.exposed != observed.exposed {
        out.push(Mismatch::Exposed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_scenario, verdict, Browser};

    fn entry(method: &str, headers: &[(&str, &str)]) -> JournalEntry {
        JournalEntry {
            seq: 0,
            run: "r".into(),
            method: method.into(),
            url: "/s/v1".into(),
            host: "localhost".into(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            cookies: false,
        }
    }

    const PUT: &str = r#"{"page":"http://localhost:8080","request":{"url":"http://localhost:8081/s/v1","method":"PUT","headers":[["X-A","1"]]},
        "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","x-a"]]},
                  "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["X-Hidden","1"]]}}}"#;

    #[test]
    fn a_browser_that_did_what_was_predicted_agrees() {
        let s = parse_scenario(PUT).unwrap();
        let predicted = predicted_facts(&verdict(&s, Browser::Chromium));
        let pre = entry(
            "OPTIONS",
            &[
                ("origin", "http://localhost:8080"),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "x-a"),
            ],
        );
        let put = entry("PUT", &[("origin", "http://localhost:8080")]);
        let saw = PageSaw::Readable {
            header_names: vec!["x-hidden".into()],
        };
        // X-Hidden readable, though not exposed: the browser differs there only.
        let observed = observed_facts(&s, &saw, &[&pre, &put]);
        assert_eq!(compare(&predicted, &observed), vec![Mismatch::Exposed]);
        let saw = PageSaw::Readable { header_names: vec![] };
        assert!(compare(&predicted, &observed_facts(&s, &saw, &[&pre, &put])).is_empty());
    }

    #[test]
    fn each_differing_fact_is_named() {
        let s = parse_scenario(PUT).unwrap();
        let predicted = predicted_facts(&verdict(&s, Browser::Chromium));
        let saw = PageSaw::Rejected {
            error: "TypeError".into(),
        };
        let observed = observed_facts(&s, &saw, &[]);
        assert_eq!(
            compare(&predicted, &observed),
            vec![
                Mismatch::Outcome,
                Mismatch::Sent,
                Mismatch::Preflight,
                Mismatch::RequestHeaders,
                Mismatch::Origins
            ]
        );
        assert_eq!(
            serde_json::to_string(&Mismatch::RequestHeaders).unwrap(),
            "\"request_headers\""
        );
    }

    #[test]
    fn a_rejection_agrees_with_blocked_and_rejected() {
        let saw = PageSaw::Rejected { error: String::new() };
        assert!(saw.agrees_with(Outcome::Blocked));
        assert!(saw.agrees_with(Outcome::Rejected));
        assert!(!saw.agrees_with(Outcome::Allowed));
        assert!(PageSaw::Opaque.agrees_with(Outcome::Opaque));
    }
}
