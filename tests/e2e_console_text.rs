//! The console text the engine says each browser prints is what the browser
//! prints: common CORS failures are run against the lab from the lab's page,
//! and each browser's console (Chromium's log; Firefox's web console through
//! WebDriver BiDi; WebKitGTK's, written by the project's browser shim) must
//! hold the engine's line for that failure, word for word. And what each
//! browser prints, pasted whole, is read back by corscope's paste reader:
//! recognised, with the URL that failed, and for the rarer failures below
//! (whose lines are only read, not printed) the reason.

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

/// Rarer failures whose lines the reader knows (read only): (label, request
/// fields, server answers, the reason each browser's line must be read as).
const READ_ONLY_CASES: &[(&str, &str, &str, [&str; 3])] = &[
    (
        "Allow-Methods not a list of tokens",
        r#", "method": "PUT""#,
        r#"{"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "PAGE"], ["Access-Control-Allow-Methods", "GET PUT"]]},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "PAGE"]]}}"#,
        [
            "invalid_allow_methods",
            "invalid_allow_methods",
            "invalid_allow_methods",
        ],
    ),
    (
        "mode same-origin to another origin",
        r#", "mode": "same-origin""#,
        r#"{"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}"#,
        // WebKitGTK prints "Fetch API cannot load URL." and no reason: the
        // reader must say it cannot tell (`!`), naming the URL.
        ["disallowed_by_mode", "disallowed_by_mode", "!"],
    ),
];

/// Each case as a scenario whose URL runs it on the lab, decided for `browser`.
fn cases(page: &str, lab_origin: &str, browser: Browser) -> Vec<(String, Scenario, Decision)> {
    scenarios(
        CASES.iter().map(|(l, r, s)| (*l, *r, *s)),
        "console",
        page,
        lab_origin,
        browser,
    )
}

fn scenarios<'a>(
    cases: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    run: &str,
    page: &str,
    lab_origin: &str,
    browser: Browser,
) -> Vec<(String, Scenario, Decision)> {
    let base = format!("{lab_origin}{SCENARIO_PATH}");
    cases
        .enumerate()
        .map(|(i, (label, request, server))| {
            let text = format!(
                r#"{{"page": "{page}", "request": {{"url": "{base}"{request}}}, "server": {}}}"#,
                server.replace("PAGE", page)
            );
            let mut scenario = parse_scenario(&text).unwrap_or_else(|e| panic!("{label}: {e}\n{text}"));
            scenario.request.url = run_url(&base, &scenario.server, &format!("{run}-{i}-{}", browser.as_str()));
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
        "mode": s.request.mode.as_str(),
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

/// What `kind` prints for every case, pasted whole, is read back: recognised,
/// the failed URL as printed, and (read-only cases) the reason.
async fn console_read_back_in(kind: Kind) {
    use corscope_engine::diagnose::console_message::parse;
    let lab = lab(&dist("dist"), "/").await;
    let (page, lab_origin) = (lab.page_origin(), lab.lab_origin());
    let browser = engine_browser(kind);
    let column = [Kind::Chromium, Kind::Firefox, Kind::WebKit]
        .iter()
        .position(|k| *k == kind)
        .unwrap();
    let mut all: Vec<(String, Scenario, &str)> = cases(&page, &lab_origin, browser)
        .into_iter()
        .map(|(l, s, _)| (l, s, ""))
        .collect();
    let rare = scenarios(
        READ_ONLY_CASES.iter().map(|(l, r, s, _)| (*l, *r, *s)),
        "read",
        &page,
        &lab_origin,
        browser,
    );
    all.extend(
        rare.into_iter()
            .zip(READ_ONLY_CASES)
            .map(|((l, s, _), c)| (l, s, c.3[column])),
    );
    let options = Options {
        chromium_console: kind == Kind::Chromium,
        firefox_console: kind == Kind::Firefox,
        ..Options::default()
    };
    with_browser_options(kind, options, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        console_of(kind, &c).await;
        let mut wrong = vec![];
        for (label, scenario, reason) in &all {
            fetch_as(&c, scenario).await;
            let printed = console_of(kind, &c).await.join("\n");
            match parse(&printed) {
                Err(e) if *reason == "!" => {
                    if !e.hint.contains(scenario.request.url.as_str()) {
                        wrong.push(format!(
                            "{label}: not read, but the hint names no URL ({e}):\n  {printed}"
                        ));
                    }
                }
                Ok(m) if *reason == "!" => wrong.push(format!("{label}: a reason was guessed: {m:?}\n  {printed}")),
                Err(e) => wrong.push(format!("{label}: not read ({e}):\n  {printed}")),
                Ok(m) => {
                    let tag = serde_json::to_value(&m.reason).unwrap()["reason"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    // Firefox's line names the URL; Chromium's and Safari's too.
                    if m.url.as_deref() != Some(scenario.request.url.as_str()) {
                        wrong.push(format!(
                            "{label}: URL {:?}, not {}:\n  {printed}",
                            m.url, scenario.request.url
                        ));
                    }
                    if !reason.is_empty() && tag != *reason {
                        wrong.push(format!("{label}: read as {tag}, not {reason}:\n  {printed}"));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", kind.name(), wrong.join("\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_chromium_prints_is_read_back() {
    console_read_back_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_firefox_prints_is_read_back() {
    console_read_back_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_webkit_prints_is_read_back() {
    console_read_back_in(Kind::WebKit).await;
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
