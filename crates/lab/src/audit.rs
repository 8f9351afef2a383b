//! `corscope-lab audit`: probes each URL with hostile and tricky origins
//! (reflection, `null`, the target's domain as prefix and suffix, an
//! unescaped-dot look-alike, special characters, http:// for an https site, a
//! sub-domain), for GET and for a preflighted PUT — only the preflight is
//! sent, never the PUT — and lets the engine decide, with and without
//! credentials, whether a page at that origin could read the answer.

use crate::probe::{send, ProbeError};
use corscope_engine::header_list::{get, values};
pub use corscope_engine::Severity;
use corscope_engine::{Answer, Browser, CredentialsMode, Hop, Outcome, RequestSpec, Scenario, Server};
use futures::StreamExt;
use serde::Serialize;
use std::time::Duration;

/// One origin the audit tries, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// What kind of origin: `arbitrary`, `null`, `prefix`, `suffix`, `unescaped-dot`,
    /// `special-chars`, `http-downgrade`, `subdomain`.
    pub kind: &'static str,
    pub origin: String,
}

/// The origins tried against a target URL.
pub fn candidates(target: &url::Url) -> Vec<Candidate> {
    let scheme = target.scheme();
    let host = target
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_string();
    let is_ip = target.host().is_some_and(|h| !matches!(h, url::Host::Domain(_)));
    let mut out = vec![
        Candidate {
            kind: "arbitrary",
            origin: "https://corscope-evil.example".into(),
        },
        Candidate {
            kind: "null",
            origin: "null".into(),
        },
        Candidate {
            kind: "prefix",
            origin: format!("{scheme}://{host}.evil.test"),
        },
        Candidate {
            kind: "suffix",
            origin: format!("{scheme}://evil{host}"),
        },
    ];
    if let Some(i) = host.find('.') {
        let mut look = host.clone();
        look.replace_range(i..i + 1, "x");
        out.push(Candidate {
            kind: "unescaped-dot",
            origin: format!("{scheme}://{look}"),
        });
    }
    out.push(Candidate {
        kind: "special-chars",
        origin: format!("{scheme}://{host}_.evil.test"),
    });
    out.push(Candidate {
        kind: "special-chars",
        origin: format!("{scheme}://{host}`.evil.test"),
    });
    if scheme == "https" {
        out.push(Candidate {
            kind: "http-downgrade",
            origin: format!("http://{host}"),
        });
    }
    if !is_ip {
        out.push(Candidate {
            kind: "subdomain",
            origin: format!("{scheme}://corscope-audit.{host}"),
        });
    }
    out
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: String,
    pub origin: String,
    /// `GET` or `PUT (preflight)`.
    pub method: String,
    pub credentials: bool,
    pub explanation: String,
    pub fix: String,
}

/// The audit of one URL.
#[derive(Clone, Debug, Serialize)]
pub struct UrlAudit {
    pub url: String,
    pub findings: Vec<Finding>,
    /// A network failure (the URL could not be audited; not a finding).
    pub error: Option<String>,
    pub requests: usize,
}

/// What one candidate origin got back.
struct Answers {
    candidate: Candidate,
    get: Answer,
    preflight: Answer,
}

/// A page at `page` fetching `url` (a PUT with JSON when `put`), answered by `hop`.
fn scenario(page: &str, url: &str, put: bool, credentials: bool, hop: Hop) -> Scenario {
    let mut request = RequestSpec::get(url);
    if put {
        request.method = "PUT".into();
        request.headers = vec![("Content-Type".into(), "application/json".into())];
    }
    request.credentials = if credentials {
        CredentialsMode::Include
    } else {
        CredentialsMode::Omit
    };
    Scenario {
        name: String::new(),
        page: page.into(),
        request,
        server: Server::Single(hop),
        expect: None,
        // The audit judges the server's CORS policy, wherever it runs: no Local
        // Network Access (the attacker's page is taken as on the server's network).
        network: corscope_engine::Network {
            page_space: Some(corscope_engine::AddressSpace::Loopback),
            ..Default::default()
        },
        cookies: Default::default(),
    }
}

fn readable(page: &str, url: &str, get: &Answer, credentials: bool, browser: Browser) -> bool {
    let hop = Hop {
        url: None,
        preflight: None,
        response: Some(get.clone()),
    };
    let s = scenario(page, url, false, credentials, hop);
    corscope_engine::verdict(&s, browser).outcome == Outcome::Allowed
}

fn preflight_passes(page: &str, url: &str, preflight: &Answer, credentials: bool, browser: Browser) -> bool {
    // Only the preflight was sent; the PUT's answer is taken to be a readable one.
    let hop = Hop {
        url: None,
        preflight: Some(preflight.clone()),
        response: Some(Answer {
            status: 200,
            headers: preflight.headers.clone(),
            body: None,
        }),
    };
    let s = scenario(page, url, true, credentials, hop);
    let d = corscope_engine::verdict(&s, browser);
    d.preflight && d.stage != Some(corscope_engine::Stage::Preflight) && d.outcome != Outcome::Rejected
}

fn untrusted(kind: &str) -> bool {
    !matches!(kind, "http-downgrade" | "subdomain")
}

fn explain_kind(kind: &str, origin: &str) -> String {
    match kind {
        "arbitrary" => format!("the server accepts an arbitrary origin ({origin}): it reflects the request's Origin"),
        "null" => "the server accepts the origin null, which any sandboxed iframe or data: page has".into(),
        "prefix" => format!("the server accepts {origin}: it checks that the Origin starts with its own domain, and an attacker registers that as a sub-domain of theirs"),
        "suffix" => format!("the server accepts {origin}: it checks that the Origin ends with its own domain, and an attacker registers a domain that ends the same way"),
        "unescaped-dot" => format!("the server accepts {origin}: a regular expression with an unescaped '.' matches any character there"),
        "special-chars" => format!("the server accepts {origin}: its check stops at characters some browsers allow in host names"),
        "http-downgrade" => format!("the server trusts {origin}, the http:// version of itself: anyone on the network path can inject script there"),
        "subdomain" => format!("the server trusts its sub-domains ({origin}): an XSS or a taken-over sub-domain reads this data"),
        _ => format!("the server accepts {origin}"),
    }
}

const FIX: &str = "Compare the Origin with an exact list of trusted origins (scheme, host and port), never by prefix, suffix or an unanchored regex; allow credentials only for those; send Vary: Origin.";

/// The findings for one target from what each candidate got back.
fn findings(url: &str, answers: &[Answers], browser: Browser) -> Vec<Finding> {
    let mut out = vec![];
    for a in answers {
        let Candidate { kind, origin } = &a.candidate;
        let with = readable(origin, url, &a.get, true, browser);
        let without = readable(origin, url, &a.get, false, browser);
        let acao = get(&a.get.headers, "Access-Control-Allow-Origin");
        let specific = acao.as_deref().is_some_and(|v| v != "*");
        let base = explain_kind(kind, origin);
        let mut push = |severity, method: &str, credentials, explanation: String| {
            out.push(Finding {
                severity,
                kind: kind.to_string(),
                origin: origin.clone(),
                method: method.into(),
                credentials,
                explanation,
                fix: FIX.into(),
            })
        };
        let with_credentials = match *kind {
            "arbitrary" => Severity::Critical,
            k if untrusted(k) => Severity::High,
            "http-downgrade" => Severity::Medium,
            _ => Severity::Low,
        };
        if with {
            push(
                with_credentials,
                "GET",
                true,
                format!("{base}, with credentials: a page there reads your users' responses with their cookies"),
            );
        } else if without && specific && untrusted(kind) {
            push(
                Severity::Low,
                "GET",
                false,
                format!("{base}, without credentials: it can read only what anyone could fetch server-to-server"),
            );
        } else if without && specific && *kind == "http-downgrade" {
            push(Severity::Low, "GET", false, format!("{base}, without credentials"));
        }
        let pre_with = preflight_passes(origin, url, &a.preflight, true, browser);
        let pre_without = preflight_passes(origin, url, &a.preflight, false, browser);
        let pre_specific = get(&a.preflight.headers, "Access-Control-Allow-Origin").is_some_and(|v| v != "*");
        if pre_with {
            push(with_credentials, "PUT (preflight)", true, format!("{base} in preflights, with credentials: a page there can send state-changing requests (PUT with JSON) with your users' cookies"));
        } else if pre_without && pre_specific && untrusted(kind) {
            push(
                Severity::Low,
                "PUT (preflight)",
                false,
                format!("{base} in preflights, without credentials"),
            );
        }
    }
    // Allow-Origin that depends on the request must come with Vary: Origin.
    let values_seen: std::collections::BTreeSet<String> = answers
        .iter()
        .filter_map(|a| get(&a.get.headers, "Access-Control-Allow-Origin"))
        .collect();
    let reflects = answers
        .iter()
        .any(|a| get(&a.get.headers, "Access-Control-Allow-Origin").as_deref() == Some(a.candidate.origin.as_str()));
    let varies = values_seen.len() > 1 || (reflects && !values_seen.contains("*"));
    let no_vary = answers.iter().find(|a| {
        get(&a.get.headers, "Access-Control-Allow-Origin").is_some_and(|v| v != "*")
            && !values(&a.get.headers, "Vary")
                .iter()
                .flat_map(|v| v.split(','))
                .any(|v| v.trim().eq_ignore_ascii_case("origin") || v.trim() == "*")
    });
    if let (true, Some(a)) = (varies, no_vary) {
        out.push(Finding {
            severity: Severity::Medium,
            kind: "missing-vary".into(),
            origin: a.candidate.origin.clone(),
            method: "GET".into(),
            credentials: false,
            explanation: "Access-Control-Allow-Origin changes with the request's Origin but the response has no Vary: Origin: a cache can hand one origin's answer to another".into(),
            fix: "Send Vary: Origin on every response whose Access-Control-Allow-Origin depends on the request.".into(),
        });
    }
    if let Some(a) = answers.iter().find(|a| {
        get(&a.get.headers, "Access-Control-Allow-Origin").as_deref() == Some("*")
            && get(&a.get.headers, "Access-Control-Allow-Credentials").as_deref() == Some("true")
    }) {
        out.push(Finding {
            severity: Severity::Info,
            kind: "wildcard-with-credentials".into(),
            origin: a.candidate.origin.clone(),
            method: "GET".into(),
            credentials: true,
            explanation: "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true; browsers refuse credentialed reads of it, so this is a misconfiguration rather than a hole".into(),
            fix: "Drop Allow-Credentials for a public resource, or name exact origins.".into(),
        });
    }
    // Anyone may read it: fine for public data, wrong for anything private
    // (an intranet API, a page behind a login read server-side).
    let wildcard = answers.iter().find(|a| {
        a.candidate.kind == "arbitrary"
            && get(&a.get.headers, "Access-Control-Allow-Origin").as_deref() == Some("*")
            && readable(&a.candidate.origin, url, &a.get, false, browser)
    });
    if let Some(a) = wildcard {
        out.push(Finding {
            severity: Severity::Low,
            kind: "wildcard".into(),
            origin: a.candidate.origin.clone(),
            method: "GET".into(),
            credentials: false,
            explanation: "Access-Control-Allow-Origin: * lets any website read this response (without cookies): fine for public data, wrong for anything private, such as an intranet API that only the network protects".into(),
            fix: "Keep * for public resources only; for anything private, name the trusted origins.".into(),
        });
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)));
    out
}

/// Audits one URL.
pub async fn audit_url(client: &reqwest::Client, url: &str, timeout: Duration, browser: Browser) -> UrlAudit {
    let mut audit = UrlAudit {
        url: url.to_string(),
        findings: vec![],
        error: None,
        requests: 0,
    };
    let target = match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        Ok(u) => {
            audit.error = Some(format!(
                "{url}: only http and https URLs can be audited, not {}:",
                u.scheme()
            ));
            return audit;
        }
        Err(e) => {
            audit.error = Some(format!("'{url}' is not an absolute URL: {e}"));
            return audit;
        }
    };
    let seconds = timeout.as_secs_f64();
    let mut answers = vec![];
    for candidate in candidates(&target) {
        let origin = vec![("Origin".to_string(), candidate.origin.clone())];
        let result: Result<(Answer, Answer), ProbeError> = async {
            let (status, headers) = send(client, "GET", url, &origin, None, seconds).await?;
            let get = Answer {
                status,
                headers,
                body: None,
            };
            let mut pre_headers = origin.clone();
            pre_headers.push(("Access-Control-Request-Method".into(), "PUT".into()));
            pre_headers.push(("Access-Control-Request-Headers".into(), "content-type".into()));
            let (status, headers) = send(client, "OPTIONS", url, &pre_headers, None, seconds).await?;
            Ok((
                get,
                Answer {
                    status,
                    headers,
                    body: None,
                },
            ))
        }
        .await;
        audit.requests += 2;
        match result {
            Ok((get, preflight)) => answers.push(Answers {
                candidate,
                get,
                preflight,
            }),
            Err(e) => {
                audit.error = Some(e.to_string());
                return audit;
            }
        }
    }
    audit.findings = findings(url, &answers, browser);
    audit
}

/// Audits every URL, `concurrency` at a time, in order; `on_each` sees each
/// audit as soon as it and those before it are done (`--jsonl` streams them).
pub async fn audit_all(
    urls: Vec<String>,
    concurrency: usize,
    timeout: Duration,
    insecure: bool,
    browser: Browser,
    on_each: &mut dyn FnMut(&UrlAudit),
) -> Result<Vec<UrlAudit>, crate::probe::ProbeError> {
    let client = crate::probe::client(timeout, insecure)?;
    let mut audits = futures::stream::iter(urls)
        .map(|u| {
            let client = &client;
            async move { audit_url(client, &u, timeout, browser).await }
        })
        .buffered(concurrency.max(1));
    let mut out = vec![];
    while let Some(a) = audits.next().await {
        on_each(&a);
        out.push(a);
    }
    Ok(out)
}

/// [`audit_all`] with a given client (pinned addresses, certificates).
pub async fn audit_with(
    client: &reqwest::Client,
    urls: Vec<String>,
    concurrency: usize,
    timeout: Duration,
    browser: Browser,
) -> Vec<UrlAudit> {
    futures::stream::iter(urls)
        .map(|u| async move { audit_url(client, &u, timeout, browser).await })
        .buffered(concurrency.max(1))
        .collect()
        .await
}

/// The audit as text.
pub fn render(audits: &[UrlAudit]) -> String {
    let mut out = String::new();
    for a in audits {
        out.push_str(&format!("== {}\n", a.url));
        if let Some(e) = &a.error {
            out.push_str(&format!("   error: {e}\n"));
            continue;
        }
        if a.findings.is_empty() {
            out.push_str("   no findings\n");
        }
        for f in &a.findings {
            let creds = if f.credentials {
                "with credentials"
            } else {
                "without credentials"
            };
            out.push_str(&format!(
                "   [{}] {} — {} from {} ({creds})\n",
                f.severity, f.kind, f.method, f.origin
            ));
            out.push_str(&format!("       {}\n", f.explanation));
            out.push_str(&format!("       fix: {}\n", f.fix));
        }
    }
    let total: usize = audits.iter().map(|a| a.findings.len()).sum();
    let errors = audits.iter().filter(|a| a.error.is_some()).count();
    out.push_str(&format!(
        "{} URLs, {total} findings, {errors} not reachable\n",
        audits.len()
    ));
    out
}

/// The exit code: 1 when a finding reaches `fail_on`, 4 when a URL could not
/// be audited, else 0.
pub fn exit_code(audits: &[UrlAudit], fail_on: Option<Severity>) -> i32 {
    if let Some(level) = fail_on {
        if audits.iter().flat_map(|a| &a.findings).any(|f| f.severity >= level) {
            return 1;
        }
    }
    if audits.iter().any(|a| a.error.is_some()) {
        return 4;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_cover_the_tricky_origins() {
        let c = candidates(&url::Url::parse("https://api.target.example/v1").unwrap());
        let has = |kind: &str, origin: &str| c.iter().any(|x| x.kind == kind && x.origin == origin);
        assert!(has("null", "null"));
        assert!(has("prefix", "https://api.target.example.evil.test"));
        assert!(has("suffix", "https://evilapi.target.example"));
        assert!(has("unescaped-dot", "https://apixtarget.example"));
        assert!(has("http-downgrade", "http://api.target.example"));
        assert!(has("subdomain", "https://corscope-audit.api.target.example"));
        assert!(has("special-chars", "https://api.target.example_.evil.test"));
        let ip = candidates(&url::Url::parse("http://127.0.0.1:8081/").unwrap());
        assert!(!ip.iter().any(|x| x.kind == "subdomain" || x.kind == "http-downgrade"));
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!(crate::cli::parse_severity("HIGH"), Ok(Severity::High));
        assert!(crate::cli::parse_severity("severe").is_err());
    }
}
