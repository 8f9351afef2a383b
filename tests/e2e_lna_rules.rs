//! Local Network Access beside mixed content, live, for pages the other tests
//! cannot be: a public page that is not a secure context (`http://` on a
//! non-loopback name), and an https page requesting `http://` local names
//! and public names. What each browser does — the fetch's outcome, whether
//! the lab was reached, Chromium's console line — is what the engine predicts
//! for the same scenario (`fetch/quirks.rs`: `local_network_needs_secure_context`,
//! `local_network_relaxes_mixed_content`).

mod support;

use corscope_engine::{decide, parse_scenario, Browser, Decision, Outcome};
use fantoccini::Client;
use support::*;

/// `fetch(url)` from the current page: `allowed`, or `rejected` (a TypeError).
async fn page_fetch(c: &Client, url: &str) -> String {
    let js = "const done = arguments[1]; \
              fetch(arguments[0]).then(r => done('allowed'), e => done('rejected ' + e.name))";
    let out = c.execute_async(js, vec![url.into()]).await.expect("fetch ran");
    out.as_str().unwrap_or_default().to_string()
}

/// The engine's decision for a page fetching `url` from a lab that allows any
/// origin; `resolves` names what the test's browsers resolve to 127.0.0.1.
fn engine(page: &str, url: &str, resolves: &[&str], browser: Browser) -> Decision {
    engine_with(page, url, resolves, "granted", browser)
}

/// [`engine`], with the page's Local Network Access permission.
fn engine_with(page: &str, url: &str, resolves: &[&str], permission: &str, browser: Browser) -> Decision {
    let resolves: Vec<String> = resolves.iter().map(|n| format!(r#"["{n}", "127.0.0.1"]"#)).collect();
    let text = format!(
        r#"{{"page": "{page}", "request": {{"url": "{url}"}},
            "server": {{"response": {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}}},
            "network": {{"resolves": [{}], "permission": "{permission}"}}}}"#,
        resolves.join(", ")
    );
    decide(
        &parse_scenario(&text).unwrap_or_else(|e| panic!("{e}\n{text}")),
        browser,
    )
}

/// `allowed` or `rejected`, as [`page_fetch`] says it.
fn as_seen(d: &Decision) -> &'static str {
    if d.outcome == Outcome::Allowed {
        "allowed"
    } else {
        "rejected"
    }
}

/// What the engine says this browser prints, if anything, is what it printed
/// (Chromium's log; Firefox's web console through WebDriver BiDi).
async fn assert_console(c: &Client, kind: Kind, d: &Decision) {
    let (want, console) = (d.console.of(engine_browser(kind)).cloned(), console_of(kind, c).await);
    if let Some(want) = want {
        assert!(
            console.iter().any(|m| m.contains(&want)),
            "engine: {want}\n{} printed:\n{}",
            kind.name(),
            console.join("\n")
        );
    }
}

/// Fetches `url` from the page: the outcome is the engine's, the lab (under
/// `path`) is reached only when the fetch is allowed, and the console says
/// what the engine says it says.
async fn fetch_as_predicted(
    c: &Client,
    kind: Kind,
    journal: &corscope_lab::journal::Journal,
    url: &str,
    path: &str,
    d: &Decision,
) {
    let before = arrived(journal, path);
    let seen = page_fetch(c, url).await;
    assert_eq!(
        seen.split(' ').next(),
        Some(as_seen(d)),
        "{} {url}: {seen}; engine: {:?}",
        kind.name(),
        d.failure
    );
    assert_eq!(
        arrived(journal, path) > before,
        seen == "allowed",
        "{} {url}: the lab is reached only when allowed",
        kind.name()
    );
    assert_console(c, kind, d).await;
}

/// How many requests the lab received under `path`.
fn arrived(journal: &corscope_lab::journal::Journal, path: &str) -> usize {
    journal
        .runs_with_prefix("")
        .iter()
        .filter(|e| e.url.starts_with(path))
        .count()
}

async fn insecure_public_page(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let site = StaticSite::start(&dist("dist-pages")).await;
    let page = format!("http://public.test:{}", site.port);
    let target = format!("http://localhost:{}/open?run=insecure-page", lab.lab_port);
    let options = Options {
        loopback_names: &["public.test"],
        chromium_console: true,
        firefox_console: true,
        ..site.public()
    };
    let journal = lab.journal.clone();
    with_browser_options(kind, options, move |c| async move {
        c.goto(&format!("{page}/corscope/")).await.expect("the page");
        let secure: bool = c
            .execute("return window.isSecureContext", vec![])
            .await
            .expect("js")
            .as_bool()
            .unwrap_or(true);
        assert!(!secure, "http://public.test is not a secure context");
        // Chromium refuses before asking (its Set Permission even fails here:
        // "feature cannot be used in insecure context"); Firefox asks an http
        // page too, so its answer decides.
        let answers: &[&'static str] = match kind {
            Kind::Chromium => &["granted"],
            Kind::Firefox => &["granted", "denied"],
            // No Local Network Access in WebKit: nothing to answer.
            Kind::WebKit => &[],
        };
        for answer in answers {
            if kind == Kind::Firefox {
                set_loopback_permission(&c, answer).await;
            }
            let url = format!("{target}-{answer}");
            let d = engine_with(&page, &url, &[], answer, engine_browser(kind));
            fetch_as_predicted(&c, kind, &journal, &url, "/open", &d).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_insecure_public_page_and_loopback_in_chromium() {
    insecure_public_page(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_insecure_public_page_and_loopback_in_firefox() {
    insecure_public_page(Kind::Firefox).await;
}

/// The app over https on loopback (a loopback page: Local Network Access
/// does not gate it) requests `http://` URLs on the lab by a `.local` name and
/// by a public name, both resolving to the lab.
async fn https_page_and_http_names(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let https = https_app().await;
    let port = lab.lab_port;
    let options = Options {
        loopback_names: &["lab.local", "public.test"],
        chromium_console: true,
        firefox_console: true,
        ..Options::default()
    };
    let journal = lab.journal.clone();
    with_browser_options(kind, options, move |c| async move {
        open_app(&c, &format!("{https}/")).await;
        for (name, path) in [
            ("lab.local", "/open?run=mixed-local"),
            ("public.test", "/closed?run=mixed-public"),
        ] {
            let url = format!("http://{name}:{port}{path}");
            let d = engine(&https, &url, &["lab.local", "public.test"], engine_browser(kind));
            fetch_as_predicted(&c, kind, &journal, &url, &path[..path.find('?').unwrap()], &d).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_page_and_http_local_and_public_names_in_chromium() {
    https_page_and_http_names(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_page_and_http_local_and_public_names_in_firefox() {
    https_page_and_http_names(Kind::Firefox).await;
}
