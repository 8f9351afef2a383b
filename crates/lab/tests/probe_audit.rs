//! `probe` and `audit` against real local servers (the lab on loopback):
//! a probe of a lab endpoint records, as a scenario, exactly what the lab was
//! configured to answer, so the engine's decision on the recording equals its
//! decision on the matrix scenario (which the live browser matrix checks
//! against Chromium and Firefox); the audit finds every seeded
//! misconfiguration with its severity, and nothing on the safe policies.

use corscope_engine::{lab::matrix, Browser, Outcome};
use corscope_lab::audit::{audit_all, audit_with, Severity, UrlAudit};
use corscope_lab::probe::{client, probe, ProbeError, ProbeRequest};
use corscope_lab::{start, LabConfig, LabHandle};
use std::collections::BTreeSet;
use std::time::Duration;

async fn lab() -> LabHandle {
    start(LabConfig::ephemeral(std::env::temp_dir()))
        .await
        .expect("the lab starts on loopback")
}

const TIMEOUT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_probe_of_the_lab_reproduces_every_matrix_scenario() {
    let lab = lab().await;
    let page = format!("http://localhost:{}", lab.page_port);
    let target = lab.lab_origin();
    let other = format!("http://127.0.0.1:{}", lab.lab_port);
    // Rows that send to their own page run from the lab's same-origin page:
    // the app origin answers no scenario.
    let scenarios: Vec<_> = matrix::generate(&page, &target, &other, None)
        .into_iter()
        .map(|s| matrix::onto_frame(&s, &lab.frame_origin()).unwrap_or(s))
        .collect();
    assert!(scenarios.len() > 700, "{}", scenarios.len());
    let http = client(TIMEOUT, false).unwrap();
    let mut compared = 0;
    let mut chains = 0;
    let mut raw_refused = 0;
    for (i, s) in scenarios.iter().enumerate() {
        // Each browser's model drives its own probe: Firefox preflights hops that Chromium does not.
        for browser in [Browser::Chromium, Browser::Firefox] {
            let run = format!("probe-{browser}-{i}");
            let mut request = s.request.clone();
            request.url = corscope_engine::lab::run_url(&s.request.url, &s.server, &run);
            let req = ProbeRequest {
                origin: s.page.clone(),
                request,
                browser,
            };
            let report = match probe(&http, &req, TIMEOUT).await {
                Ok(r) => r,
                // The probe's HTTP client, like any, refuses the bytes a browser
                // reads raw (NUL, CR, LF, control bytes): it must say so.
                Err(e) if s.name.contains("raw bytes |") => {
                    assert!(
                        e.to_string().contains("header") || e.to_string().contains("cannot be sent"),
                        "{}: {e}",
                        s.name
                    );
                    raw_refused += 1;
                    continue;
                }
                Err(e) => panic!("{}: {e}", s.name),
            };
            if report.scenario.server.hops().len() > 1 {
                chains += 1;
            }
            let want = corscope_engine::decide(s, browser);
            let got = corscope_engine::decide(&report.scenario, browser);
            let cfg_names = s.server.response_header_names();
            let exposed = |d: &corscope_engine::Decision| -> Vec<String> {
                d.exposed.iter().filter(|n| cfg_names.contains(*n)).cloned().collect()
            };
            let origins = |d: &corscope_engine::Decision| -> Vec<Option<String>> {
                d.sent.iter().map(|r| r.origin.clone()).collect()
            };
            assert_eq!(
                (
                    got.outcome,
                    got.stage,
                    got.preflight,
                    &got.request_headers,
                    origins(&got),
                    exposed(&got)
                ),
                (
                    want.outcome,
                    want.stage,
                    want.preflight,
                    &want.request_headers,
                    origins(&want),
                    exposed(&want)
                ),
                "{} in {browser}: {:#?}",
                s.name,
                report.scenario
            );
            // What went out is what the engine says this browser sends.
            assert_eq!(report.exchanges.len(), want.sent.len(), "{}", s.name);
            let journal = lab.journal.run(&run);
            assert_eq!(journal.len(), want.sent.len(), "{}: the lab saw {journal:?}", s.name);
            for (x, w) in journal.iter().zip(&want.sent) {
                assert_eq!(
                    x.method,
                    if w.preflight { "OPTIONS" } else { w.method.as_str() },
                    "{}",
                    s.name
                );
                assert_eq!(x.header("origin"), w.origin.as_deref(), "{}", s.name);
                assert_eq!(
                    x.header("access-control-request-headers"),
                    w.access_control_request_headers.as_deref(),
                    "{}",
                    s.name
                );
            }
        }
        compared += 1;
    }
    assert_eq!(compared, scenarios.len());
    assert!(chains >= 60, "{chains} redirect chains followed");
    assert!(
        raw_refused >= 20,
        "{raw_refused} raw-byte scenarios refused with a message"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_failures_are_not_cors_verdicts() {
    let lab = lab().await;
    let http = client(Duration::from_millis(500), false).unwrap();
    // Connection refused: a loopback port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = probe(
        &http,
        &ProbeRequest::get(&format!("http://127.0.0.1:{port}/"), "https://a.example"),
        TIMEOUT,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ProbeError::Connect { .. }), "{err:?}");
    // A server that accepts and never answers: a timeout.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let keep = tokio::spawn(async move {
        let mut held = vec![];
        while let Ok((s, _)) = silent.accept().await {
            held.push(s);
        }
    });
    let err = probe(
        &http,
        &ProbeRequest::get(&format!("http://127.0.0.1:{silent_port}/"), "https://a.example"),
        Duration::from_millis(500),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ProbeError::Timeout { .. }), "{err:?}");
    keep.abort();
    // The lab's self-signed certificate: a TLS error unless --insecure.
    let https = format!("{}/open", lab.https_origin().unwrap());
    let err = probe(&http, &ProbeRequest::get(&https, "https://a.example"), TIMEOUT)
        .await
        .unwrap_err();
    assert!(matches!(err, ProbeError::Tls { .. }), "{err:?}");
    let ok = probe(
        &client(TIMEOUT, true).unwrap(),
        &ProbeRequest::get(&https, "https://a.example"),
        TIMEOUT,
    )
    .await
    .expect("with --insecure");
    assert_eq!(ok.decision.outcome, Outcome::Allowed);
    // Bad input is named.
    let err = probe(&http, &ProbeRequest::get("not a url", "https://a.example"), TIMEOUT)
        .await
        .unwrap_err();
    assert!(matches!(err, ProbeError::InvalidInput(_)), "{err:?}");
}

fn by_kind(a: &UrlAudit) -> BTreeSet<(String, String, bool, Severity)> {
    a.findings
        .iter()
        .map(|f| (f.kind.clone(), f.method.clone(), f.credentials, f.severity))
        .collect()
}

fn has(a: &UrlAudit, kind: &str, method: &str, credentials: bool, severity: Severity) -> bool {
    by_kind(a).contains(&(kind.to_string(), method.to_string(), credentials, severity))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_finds_every_seeded_misconfiguration_and_nothing_on_safe_ones() {
    let lab = lab().await;
    // A dotted host name (pinned to loopback) so every look-alike origin is a valid one.
    let host = "api.target.localhost";
    let base = format!("http://{host}:{}/policy", lab.lab_port);
    let pinned = corscope_lab::probe::client_with(
        TIMEOUT,
        false,
        &[(
            host.to_string(),
            std::net::SocketAddr::from(([127, 0, 0, 1], lab.lab_port)),
        )],
    )
    .unwrap();
    let names = [
        "reflect-credentials",
        "reflect",
        "null-credentials",
        "prefix",
        "suffix",
        "regex-dot",
        "contains",
        "preflight-reflect",
        "wildcard-credentials",
        "wildcard",
        "exact",
        "subdomains",
    ];
    let urls: Vec<String> = names.iter().map(|n| format!("{base}/{n}")).collect();
    let audits = audit_with(&pinned, urls, 4, TIMEOUT, Browser::Chromium).await;
    let get = |name: &str| audits.iter().find(|a| a.url.ends_with(&format!("/{name}"))).unwrap();
    for a in &audits {
        assert!(a.error.is_none(), "{}: {:?}", a.url, a.error);
    }
    let a = get("reflect-credentials");
    assert!(
        has(a, "arbitrary", "GET", true, Severity::Critical),
        "{:#?}",
        a.findings
    );
    assert!(
        has(a, "arbitrary", "PUT (preflight)", true, Severity::Critical),
        "{:#?}",
        a.findings
    );
    assert!(has(a, "null", "GET", true, Severity::High));
    assert!(
        has(a, "missing-vary", "GET", false, Severity::Medium),
        "{:#?}",
        a.findings
    );
    let a = get("reflect");
    assert!(has(a, "arbitrary", "GET", false, Severity::Low), "{:#?}", a.findings);
    assert!(
        a.findings.iter().all(|f| f.severity <= Severity::Low),
        "{:#?}",
        a.findings
    );
    let a = get("null-credentials");
    assert!(has(a, "null", "GET", true, Severity::High), "{:#?}", a.findings);
    assert!(!by_kind(a).iter().any(|(k, ..)| k == "arbitrary"));
    let a = get("prefix");
    assert!(has(a, "prefix", "GET", true, Severity::High), "{:#?}", a.findings);
    assert!(
        has(a, "special-chars", "GET", true, Severity::High),
        "{:#?}",
        a.findings
    );
    assert!(!by_kind(a).iter().any(|(k, ..)| k == "suffix" || k == "arbitrary"));
    let a = get("suffix");
    assert!(has(a, "suffix", "GET", true, Severity::High), "{:#?}", a.findings);
    assert!(!by_kind(a).iter().any(|(k, ..)| k == "prefix"));
    let a = get("regex-dot");
    assert!(
        has(a, "unescaped-dot", "GET", true, Severity::High),
        "{:#?}",
        a.findings
    );
    let a = get("contains");
    for kind in ["prefix", "suffix", "special-chars"] {
        assert!(has(a, kind, "GET", true, Severity::High), "{kind}: {:#?}", a.findings);
    }
    let a = get("preflight-reflect");
    assert!(
        has(a, "arbitrary", "PUT (preflight)", true, Severity::Critical),
        "{:#?}",
        a.findings
    );
    assert!(
        !a.findings
            .iter()
            .any(|f| f.method == "GET" && f.severity > Severity::Info),
        "GET is safe there: {:#?}",
        a.findings
    );
    let a = get("wildcard-credentials");
    assert!(
        has(a, "wildcard-with-credentials", "GET", true, Severity::Info),
        "{:#?}",
        a.findings
    );
    // Besides: readable by anyone without cookies (`*`), low.
    assert!(has(a, "wildcard", "GET", false, Severity::Low), "{:#?}", a.findings);
    assert!(
        a.findings.iter().all(|f| f.severity <= Severity::Low),
        "{:#?}",
        a.findings
    );
    // The safe ones: no finding at all.
    assert!(get("exact").findings.is_empty(), "exact: {:#?}", get("exact").findings);
    // `*` without credentials: reported, low (public data is fine; private data is not).
    let a = get("wildcard");
    let only: BTreeSet<_> = [("wildcard".to_string(), "GET".to_string(), false, Severity::Low)].into();
    assert_eq!(by_kind(a), only, "{:#?}", a.findings);
    // Trusting sub-domains is a deliberate policy: low, and only with credentials.
    let a = get("subdomains");
    assert!(has(a, "subdomain", "GET", true, Severity::Low), "{:#?}", a.findings);
    assert!(
        a.findings
            .iter()
            .all(|f| f.kind == "subdomain" && f.severity == Severity::Low),
        "{:#?}",
        a.findings
    );
    assert_eq!(corscope_lab::audit::exit_code(&audits, Some(Severity::High)), 1);
    let safe: Vec<UrlAudit> = audits
        .iter()
        .filter(|a| a.url.ends_with("/exact") || a.url.ends_with("/wildcard"))
        .cloned()
        .collect();
    // `*` is low: --fail-on medium passes both, --fail-on low catches the wildcard.
    assert_eq!(corscope_lab::audit::exit_code(&safe, Some(Severity::Medium)), 0);
    assert_eq!(corscope_lab::audit::exit_code(&safe, Some(Severity::Low)), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_site_that_trusts_its_http_self_and_its_subdomains_is_flagged() {
    let lab = lab().await;
    let base = format!("{}/policy", lab.https_origin().unwrap());
    let audits = audit_all(
        vec![
            format!("{base}/http-trusted"),
            format!("{base}/subdomains"),
            format!("{base}/exact"),
        ],
        2,
        TIMEOUT,
        true,
        Browser::Chromium,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(audits.iter().all(|a| a.error.is_none()), "{audits:#?}");
    assert!(
        has(&audits[0], "http-downgrade", "GET", true, Severity::Medium),
        "{:#?}",
        audits[0].findings
    );
    assert!(
        has(&audits[1], "subdomain", "GET", true, Severity::Low),
        "{:#?}",
        audits[1].findings
    );
    assert!(!by_kind(&audits[1]).iter().any(|(k, ..)| k == "http-downgrade"));
    assert!(audits[2].findings.is_empty(), "{:#?}", audits[2].findings);
    // Without --insecure, the self-signed certificate is an error, not a finding.
    let audits = audit_all(
        vec![format!("{base}/exact")],
        1,
        TIMEOUT,
        false,
        Browser::Chromium,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(
        audits[0].error.as_deref().unwrap_or_default().contains("TLS"),
        "{audits:#?}"
    );
    assert_eq!(corscope_lab::audit::exit_code(&audits, Some(Severity::High)), 4);
}

/// `localhost` and `*.localhost` reach loopback as in a browser, even where
/// the system resolver does not know them (it does not here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn localhost_names_resolve_to_loopback_like_a_browser() {
    let lab = lab().await;
    let http = client(TIMEOUT, false).unwrap();
    for host in ["localhost", "api.target.localhost", "A.B.Localhost."] {
        let url = format!("http://{host}:{}/open", lab.lab_port);
        let (status, _) = corscope_lab::probe::send(&http, "GET", &url, &[], None, 5.0)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(status, 200, "{url}");
    }
}
