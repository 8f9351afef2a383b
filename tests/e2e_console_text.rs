//! The console text the engine says each browser prints is what the browser
//! prints: common CORS failures are run against the lab from the lab's page,
//! and each browser's console (Chromium's log; Firefox's web console through
//! WebDriver BiDi; WebKitGTK's, written by the project's browser shim) must
//! hold the engine's line for that failure, word for word.

mod support;

use corscope_engine::lab::{run_url, SCENARIO_PATH};
use corscope_engine::{decide, parse_scenario, Browser, Decision, Scenario};
use fantoccini::Client;
use support::*;

/// Failures people meet every day: (label, request fields, server answers).
const CASES: &[(&str, &str, &str)] = &[
    ("no Allow-Origin", "", r#"{"response": {"status": 200}}"#),
    (
        "another origin allowed",
        "",
        r#"{"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://other.example"]]}}"#,
    ),
    (
        "two origins in one value",
        "",
        r#"{"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://a.example, https://b.example"]]}}"#,
    ),
    (
        "wildcard with credentials",
        r#", "credentials": "include""#,
        r#"{"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}"#,
    ),
    (
        "credentials without Allow-Credentials",
        r#", "credentials": "include""#,
        r#"{"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "PAGE"]]}}"#,
    ),
    (
        "preflight answered 404",
        r#", "method": "PUT""#,
        r#"{"preflight": {"status": 404}, "response": {"status": 200}}"#,
    ),
    (
        "preflight answered 404 with Allow-Origin",
        r#", "method": "PUT""#,
        r#"{"preflight": {"status": 404, "headers": [["Access-Control-Allow-Origin", "PAGE"], ["Access-Control-Allow-Methods", "PUT"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "PAGE"]]}}"#,
    ),
    (
        "preflight without the method",
        r#", "method": "PUT""#,
        r#"{"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "PAGE"], ["Access-Control-Allow-Methods", "GET, POST"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "PAGE"]]}}"#,
    ),
    (
        "preflight without the header",
        r#", "headers": [["X-Custom", "1"]]"#,
        r#"{"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "PAGE"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "PAGE"]]}}"#,
    ),
    (
        "preflight without Allow-Origin",
        r#", "method": "DELETE""#,
        r#"{"preflight": {"status": 204, "headers": [["Access-Control-Allow-Methods", "DELETE"]]}, "response": {"status": 200}}"#,
    ),
];

/// Each case as a scenario whose URL runs it on the lab, decided for `browser`.
fn cases(page: &str, lab_origin: &str, browser: Browser) -> Vec<(String, Scenario, Decision)> {
    let base = format!("{lab_origin}{SCENARIO_PATH}");
    CASES
        .iter()
        .enumerate()
        .map(|(i, (label, request, server))| {
            let text = format!(
                r#"{{"page": "{page}", "request": {{"url": "{base}"{request}}}, "server": {}}}"#,
                server.replace("PAGE", page)
            );
            let mut scenario = parse_scenario(&text).unwrap_or_else(|e| panic!("{label}: {e}\n{text}"));
            scenario.request.url = run_url(&base, &scenario.server, &format!("console-{i}-{}", browser.as_str()));
            let d = decide(&scenario, browser);
            (label.to_string(), scenario, d)
        })
        .collect()
}

/// Calls `fetch()` as the scenario's request says and waits for it to settle.
async fn fetch_as(c: &Client, s: &Scenario) {
    let init = serde_json::json!({
        "method": s.request.method,
        "headers": s.request.headers,
        "credentials": s.request.credentials.as_str(),
    });
    let js = "const done = arguments[2]; fetch(arguments[0], arguments[1]).then(() => done('resolved'), e => done('rejected'))";
    let seen = c
        .execute_async(js, vec![s.request.url.clone().into(), init])
        .await
        .expect("fetch ran");
    assert_eq!(seen.as_str(), Some("rejected"), "{}: every case fails", s.request.url);
}

async fn console_text_in(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let (page, lab_origin) = (lab.page_origin(), lab.lab_origin());
    let browser = engine_browser(kind);
    let cases = cases(&page, &lab_origin, browser);
    let options = Options {
        chromium_console: kind == Kind::Chromium,
        firefox_console: kind == Kind::Firefox,
        ..Options::default()
    };
    with_browser_options(kind, options, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        console_of(kind, &c).await;
        let mut wrong = vec![];
        for (label, scenario, d) in &cases {
            let want = d
                .console
                .of(browser)
                .cloned()
                .unwrap_or_else(|| panic!("{label}: the engine prints nothing"));
            fetch_as(&c, scenario).await;
            let printed = console_of(kind, &c).await;
            // WebKit prints two lines (the reason, then "Fetch API cannot load …").
            if !want.lines().all(|w| printed.iter().any(|m| m.contains(w))) {
                wrong.push(format!(
                    "{label}\n  engine: {want}\n  printed: {}",
                    printed.join("\n           ")
                ));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", kind.name(), wrong.join("\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_prints_the_engines_console_text() {
    console_text_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_prints_the_engines_console_text() {
    console_text_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_prints_the_engines_console_text() {
    console_text_in(Kind::WebKit).await;
}
