//! Local Network Access (WICG) in the engine: address spaces from the URL,
//! the permission as a scenario input, its own trace step and console text,
//! the exemptions, and the secure-context rule; read back from the console.
//! What the browsers do live is tests/e2e_hosted.rs.

use corscope_engine::diagnose::console_message::{parse, Reason};
use corscope_engine::diagnose::reproduce::reproduce;
use corscope_engine::{decide, explain, parse_scenario, Browser, Check, Outcome, Stage};

fn scenario(page: &str, url: &str, network: &str) -> corscope_engine::Scenario {
    let text = format!(
        r#"{{"page": "{page}", "request": {{"url": "{url}"}},
            "server": {{"response": {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}}},
            "network": {network}}}"#
    );
    parse_scenario(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn lna_step(d: &corscope_engine::Decision) -> Option<bool> {
    d.steps
        .iter()
        .find(|s| s.check == Check::LocalNetworkAccess)
        .map(|s| s.passed)
}

#[test]
fn a_public_page_reaching_loopback_needs_the_permission() {
    let granted = scenario("https://u.github.io", "http://localhost:8081/s/v1", "{}");
    for b in [Browser::Chromium, Browser::Firefox] {
        let d = decide(&granted, b);
        assert_eq!((d.outcome, lna_step(&d)), (Outcome::Allowed, Some(true)), "{b:?}");
    }
    let denied = scenario(
        "https://u.github.io",
        "http://localhost:8081/s/v1",
        r#"{"permission": "denied"}"#,
    );
    let d = decide(&denied, Browser::Chromium);
    assert_eq!(
        (d.outcome, d.stage, lna_step(&d)),
        (Outcome::Blocked, Some(Stage::Request), Some(false))
    );
    assert!(d.sent.is_empty(), "nothing is sent: {:?}", d.sent);
    assert_eq!(
        d.console.chromium.as_deref(),
        Some("Access to fetch at 'http://localhost:8081/s/v1' from origin 'https://u.github.io' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.")
    );
    // What Firefox's web console showed for such a refusal (tests/e2e_hosted.rs, WebDriver BiDi).
    assert_eq!(
        decide(&denied, Browser::Firefox).console.firefox.as_deref(),
        Some("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8081/s/v1. (Reason: CORS request did not succeed). Status code: (null).")
    );
    // The Fetch Standard alone has no Local Network Access.
    assert_eq!(decide(&denied, Browser::Spec).outcome, Outcome::Allowed);
    // Not answered: the same failure (the prompt dismissed).
    let prompt = scenario(
        "https://u.github.io",
        "http://192.168.1.9/",
        r#"{"permission": "prompt"}"#,
    );
    let d = decide(&prompt, Browser::Chromium);
    assert_eq!(d.outcome, Outcome::Blocked);
    assert!(d.console.chromium.unwrap().contains("the `local` address space"));
    // The fix is the user's, not the server's.
    let fix = explain(&denied, Browser::Chromium).fix.unwrap();
    assert!(
        fix.server.is_empty()
            && fix
                .client
                .unwrap()
                .contains("Access-Control-Allow-Private-Network has no effect")
    );
}

#[test]
fn loopback_and_local_pages_and_public_targets_are_not_gated() {
    let denied = r#"{"permission": "denied"}"#;
    for (page, url) in [
        ("http://localhost:3000", "http://localhost:5000/api"),
        ("http://127.0.0.1:8080", "http://api.localhost:8081/"),
        ("http://192.168.1.5", "http://127.0.0.1:8081/"),
        ("https://app.example", "https://api.example/"),
    ] {
        let d = decide(&scenario(page, url, denied), Browser::Chromium);
        assert_eq!(d.outcome, Outcome::Allowed, "{page} → {url}: {:?}", d.failed_step());
    }
}

#[test]
fn the_page_space_and_name_resolution_come_from_the_scenario() {
    // A public site served from 127.0.0.1 in a test (the hosted-page tests' page).
    let s = scenario(
        "http://127.0.0.1:9000",
        "http://localhost:8081/",
        r#"{"page_space": "public", "permission": "denied"}"#,
    );
    assert_eq!(decide(&s, Browser::Firefox).outcome, Outcome::Blocked);
    let s = scenario(
        "https://app.example",
        "https://printer.lan/status",
        r#"{"resolves": [["printer.lan", "192.168.1.9"]], "permission": "denied"}"#,
    );
    let d = decide(&s, Browser::Chromium);
    assert!(d.console.chromium.unwrap().contains("`local` address space"));
    let bad = r#"{"page": "https://a.example", "request": {"url": "https://b/"}, "network": {"resolves": [["b", "not-an-ip"]]}}"#;
    let e = parse_scenario(bad).unwrap_err().to_string();
    assert!(
        e.contains("network.resolves[0]") && e.contains("not an IP address"),
        "{e}"
    );
    let bad = r#"{"page": "https://a.example", "request": {"url": "https://b/"}, "network": {"permission": "maybe"}}"#;
    assert!(parse_scenario(bad).is_err());
}

#[test]
fn an_insecure_public_page_is_refused_by_chromium_and_asked_by_firefox() {
    let s = scenario("http://app.example", "http://localhost:8081/", "{}");
    let d = decide(&s, Browser::Chromium);
    assert_eq!(d.outcome, Outcome::Blocked);
    assert_eq!(
        d.console.chromium.as_deref(),
        Some("Access to fetch at 'http://localhost:8081/' from origin 'http://app.example' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `loopback`.")
    );
    assert_eq!(decide(&s, Browser::Firefox).outcome, Outcome::Allowed);
}

#[test]
fn an_https_page_may_ask_for_an_http_local_address_in_chromium() {
    // Chromium lets Local Network Access decide instead of blocking as mixed content.
    let s = scenario("https://app.example", "http://192.168.1.9/", "{}");
    assert_eq!(decide(&s, Browser::Chromium).outcome, Outcome::Allowed);
    assert_eq!(
        decide(&s, Browser::Firefox).outcome,
        Outcome::Rejected,
        "mixed content in Firefox"
    );
    // A `.local` name too, even where it resolves to loopback; a public name stays mixed content.
    let local = scenario(
        "https://localhost:8443",
        "http://lab.local:8081/open",
        r#"{"resolves": [["lab.local", "127.0.0.1"]]}"#,
    );
    assert_eq!(decide(&local, Browser::Chromium).outcome, Outcome::Allowed);
    assert_eq!(decide(&local, Browser::Firefox).outcome, Outcome::Rejected);
    let public = scenario(
        "https://localhost:8443",
        "http://public.test:8081/open",
        r#"{"resolves": [["public.test", "127.0.0.1"]]}"#,
    );
    for b in [Browser::Chromium, Browser::Firefox] {
        assert_eq!(decide(&public, b).outcome, Outcome::Rejected, "{b:?}");
    }
}

#[test]
fn both_browsers_messages_are_read_back_and_reproduced() {
    let chromium = "Access to fetch at 'http://localhost:8081/open' from origin 'http://127.0.0.1:9000' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.";
    let m = parse(chromium).unwrap();
    assert_eq!(
        m.reason,
        Reason::LocalNetworkAccess {
            space: Some("loopback".into()),
            insecure_page: false
        }
    );
    let s = reproduce(&m, "https://app.example").scenario.unwrap();
    let d = decide(&s, Browser::Chromium);
    assert_eq!(d.console.chromium.as_deref(), Some(chromium), "{s:#?}");
    let firefox = "Local Network Access permission required: top-level site “https://u.github.io”, initiator “https://u.github.io”, attempting to access target “localhost” (127.0.0.1:8081) via http. Secure context: true";
    let m = parse(firefox).unwrap();
    assert_eq!(
        m.reason,
        Reason::LocalNetworkAccess {
            space: Some("loopback".into()),
            insecure_page: false
        }
    );
    assert_eq!(m.page_origin.as_deref(), Some("https://u.github.io"));
    let s = reproduce(&m, "https://app.example").scenario.unwrap();
    assert_eq!(decide(&s, Browser::Firefox).outcome, Outcome::Blocked, "{s:#?}");
}
