//! HAR files captured from the real browser: Chromium runs five exchanges
//! against the lab (blocked at the preflight, credentials with `*`, an origin
//! mismatch, a redirect, allowed with Expose-Headers) while its network
//! events are recorded, and a HAR is made from them as DevTools makes one
//! (support::chromium_har). Natively each exchange read back from the HAR is
//! decided as the browser did; through the page (pasted into the import
//! box, the exchange picked), Chromium, Firefox and WebKit predict it.

mod support;

use corscope_engine::diagnose::copied_request::parse_copied_request;
use corscope_engine::diagnose::har::parse_har;
use corscope_engine::{decide, Browser, Outcome};
use fantoccini::Locator;
use support::*;

const CASES: &[(&str, &str, &str)] = &[
    (
        "blocked at the preflight",
        "PUT",
        r#"{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}"#,
    ),
    (
        "credentials with *",
        "GET+credentials",
        r#"{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Credentials","true"]]}}"#,
    ),
    (
        "origin mismatch",
        "GET",
        r#"{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://other.example"]]}}"#,
    ),
    (
        "a redirect",
        "GET",
        r#"[{"response":{"status":302,"headers":[["Access-Control-Allow-Origin","*"],["Location","LAB/s/v1"]]}},{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]"#,
    ),
    (
        "allowed with Expose-Headers",
        "GET",
        r#"{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Expose-Headers","X-Total"],["X-Total","3"]]}}"#,
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_har_captured_in_chromium_is_explained_natively_and_in_each_browser() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    let options = Options {
        chromium_network: true,
        ..Options::default()
    };
    let (page2, target2) = (page.clone(), target.clone());
    let captured = std::sync::Arc::new(std::sync::Mutex::new((String::new(), vec![])));
    let out = captured.clone();
    with_browser_options(Kind::Chromium, options, move |c| async move {
        c.goto(&format!("{page2}/closed")).await.unwrap();
        // A cookie for localhost (any port): the credentialed request carries
        // it, so the HAR shows credentials as a real one does.
        c.execute("document.cookie = 'sid=1; path=/'", vec![]).await.unwrap();
        let mut did = vec![];
        for (i, (label, how, cfg)) in CASES.iter().enumerate() {
            let server: corscope_engine::Server = serde_json::from_str(&cfg.replace("LAB", &target2)).unwrap();
            let url = corscope_engine::lab::run_url(&format!("{target2}/s/v1"), &server, &format!("har-{i}"));
            let (method, credentials) = match *how {
                "GET+credentials" => ("GET", "include"),
                m => (m, "same-origin"),
            };
            let seen = c
                .execute_async(
                    "const [url, method, credentials, done] = arguments;
                     fetch(url, {method, credentials}).then(r => done('allowed'), e => done('blocked'));",
                    vec![
                        serde_json::json!(url),
                        serde_json::json!(method),
                        serde_json::json!(credentials),
                    ],
                )
                .await
                .unwrap();
            did.push((label.to_string(), seen.as_str().unwrap().to_string()));
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let har = chromium_har(&chromium_network_events(&c).await, &format!("{page2}/closed"));
        *out.lock().unwrap() = (serde_json::to_string_pretty(&har).unwrap(), did);
    })
    .await;
    let (har, did) = captured.lock().unwrap().clone();
    std::fs::write(output_dir().join("captured-chromium.har"), &har).unwrap();
    assert_eq!(
        did.iter().map(|(_, o)| o.as_str()).collect::<Vec<_>>(),
        ["blocked", "blocked", "blocked", "allowed", "allowed"]
    );

    // Natively: one exchange per case, decided as Chromium did.
    let exchanges = parse_har(&har).expect("the captured HAR reads");
    assert_eq!(
        exchanges.len(),
        CASES.len(),
        "{:#?}",
        exchanges.iter().map(|x| &x.scenario.name).collect::<Vec<_>>()
    );
    for (x, (label, outcome)) in exchanges.iter().zip(&did) {
        let d = decide(&x.scenario, Browser::Chromium);
        let want = if outcome == "allowed" {
            Outcome::Allowed
        } else {
            Outcome::Blocked
        };
        assert_eq!(d.outcome, want, "{label}: {:?}", d.failure);
    }
    assert_eq!(
        exchanges[3].scenario.server.hops().len(),
        2,
        "the redirect is followed through the entries"
    );
    assert!(decide(&exchanges[4].scenario, Browser::Chromium)
        .exposed
        .contains(&"x-total".to_string()));
    assert!(decide(&exchanges[0].scenario, Browser::Chromium)
        .console
        .chromium
        .unwrap()
        .contains("Method PUT is not allowed"));

    // The same requests as DevTools' "Copy as cURL" and "Copy as fetch" make
    // them (from the same recorded request): read natively, each is decided
    // as Chromium did (a copy of a lab URL carries its answers in its cfg).
    let requests = har_requests(&har);
    assert_eq!(requests.len(), CASES.len());
    let mut copies = vec![];
    for (r, (label, outcome)) in requests.iter().zip(&did) {
        for copy in [as_curl(r), as_fetch(r, &page)] {
            let read = parse_copied_request(&copy, &page).unwrap_or_else(|e| panic!("{label}: {e}\n{copy}"));
            let d = decide(&read.scenario, Browser::Chromium);
            assert_eq!(d.outcome.as_str(), outcome.as_str(), "{label}: {copy}\n{:?}", d.failure);
            copies.push((copy, read.scenario));
        }
    }

    // Through the page, in each browser.
    for (kind, browser) in [
        (Kind::Chromium, Browser::Chromium),
        (Kind::Firefox, Browser::Firefox),
        (Kind::WebKit, Browser::WebKit),
    ] {
        let (har, page, exchanges, copies) = (har.clone(), page.clone(), exchanges.clone(), copies.clone());
        with_browser(kind, move |c| async move {
            open_app(&c, &format!("{page}/")).await;
            // A file over the limit is refused before it is read; the editors keep what they hold.
            let url_value = |c: fantoccini::Client| async move {
                c.find(Locator::Css("[data-testid=url]"))
                    .await
                    .unwrap()
                    .prop("value")
                    .await
                    .unwrap()
                    .unwrap_or_default()
            };
            let before = url_value(c.clone()).await;
            let big = output_dir().join(format!("too-big-{}.har", kind.name()));
            std::fs::write(&big, vec![b' '; 51 * 1024 * 1024]).unwrap();
            pick_file(&c, "import-file", &big).await;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            let mut refused = text_of(&c, "import-error").await;
            while !refused.contains("at most 50 MB") && std::time::Instant::now() < deadline {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                refused = text_of(&c, "import-error").await;
            }
            assert!(refused.contains("at most 50 MB"), "{}: {refused}", kind.name());
            assert_eq!(url_value(c.clone()).await, before, "nothing lost");
            let _ = std::fs::remove_file(&big);
            // A large HAR under the limit (30 MB of body text in one entry) is read
            // slice by slice with its progress shown, then offers the same exchanges.
            let mut large: serde_json::Value = serde_json::from_str(&har).unwrap();
            large["log"]["entries"][0]["response"]["content"]["text"] = "x".repeat(30 * 1024 * 1024).into();
            let large_file = output_dir().join(format!("large-{}.har", kind.name()));
            std::fs::write(&large_file, large.to_string()).unwrap();
            pick_file(&c, "import-file", &large_file).await;
            c.wait()
                .at_most(std::time::Duration::from_secs(30))
                .for_element(Locator::Css("[data-testid=import-progress][data-done=true]"))
                .await
                .expect("the large HAR is read");
            let updates: u32 = attr_of(&c, "import-progress", "data-updates").await.parse().unwrap();
            assert!(
                updates >= 30,
                "{}: progress was shown {updates} times for 31 MB",
                kind.name()
            );
            assert!(
                text_of(&c, "import-progress").await.contains("Read 31."),
                "{}",
                kind.name()
            );
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while c
                .find_all(Locator::Css("[data-testid=import-choice]"))
                .await
                .unwrap()
                .len()
                != exchanges.len()
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "{}: the large HAR's exchanges",
                    kind.name()
                );
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            let _ = std::fs::remove_file(&large_file);
            paste_into(&c, "import-text", &har).await;
            click(&c, "import-load").await;
            let choices = c.find_all(Locator::Css("[data-testid=import-choice]")).await.unwrap();
            assert_eq!(choices.len(), exchanges.len(), "{}", kind.name());
            for (i, x) in exchanges.iter().enumerate() {
                let choices = c.find_all(Locator::Css("[data-testid=import-choice]")).await.unwrap();
                // WebKitGTK's WebDriver clicks beside a chip it has not scrolled into view.
                c.execute(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&choices[i]).unwrap()],
                )
                .await
                .unwrap();
                choices[i].click().await.unwrap();
                let want = decide(&x.scenario, browser).outcome.as_str();
                wait_for_outcome(&c, want, &format!("{} / {}", kind.name(), x.scenario.name)).await;
                // What was assumed is said (the sanitized cookies, the page origin, …).
                match x.assumptions.first() {
                    Some(first) => assert!(
                        text_of(&c, "import-note").await.contains(first.as_str()),
                        "{}",
                        x.scenario.name
                    ),
                    None => assert!(c.find(Locator::Css("[data-testid=import-note]")).await.is_err()),
                }
            }
            // The copies, pasted where console messages go, load the request and its answers.
            for (copy, scenario) in &copies {
                paste_into(&c, "console-text", copy).await;
                click(&c, "console-diagnose").await;
                click(&c, "copied-load").await;
                let want = decide(scenario, browser).outcome.as_str();
                wait_for_outcome(&c, want, &format!("{}: a copy: {copy}", kind.name())).await;
            }
        })
        .await;
    }
}

/// The request entries of a HAR (not preflights, not later hops), in order.
fn har_requests(har: &str) -> Vec<serde_json::Value> {
    let har: serde_json::Value = serde_json::from_str(har).unwrap();
    har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["_resourceType"] != "preflight"
                && e["request"]["url"]
                    .as_str()
                    .is_some_and(|u| u.contains("/s/v1") && !u.contains("hop="))
        })
        .map(|e| e["request"].clone())
        .collect()
}

fn header_pairs(r: &serde_json::Value) -> Vec<(String, String)> {
    r["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_string(),
                h["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// DevTools' "Copy as cURL (bash)": the URL, `-X` for a method curl would not
/// infer, every header but Host, Connection and Content-Length (Cookie as
/// `-b`), the body as `--data-raw`.
fn as_curl(r: &serde_json::Value) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut out = format!("curl {}", quote(r["url"].as_str().unwrap()));
    let method = r["method"].as_str().unwrap();
    let body = r["postData"]["text"].as_str();
    if !(method == "GET" || (method == "POST" && body.is_some())) {
        out += &format!(" \\\n  -X {}", quote(method));
    }
    for (n, v) in header_pairs(r) {
        match n.to_ascii_lowercase().as_str() {
            "host" | "content-length" | "connection" => {}
            "cookie" => out += &format!(" \\\n  -b {}", quote(&v)),
            _ => out += &format!(" \\\n  -H {}", quote(&format!("{n}: {v}"))),
        }
    }
    if let Some(b) = body {
        out += &format!(" \\\n  --data-raw {}", quote(b));
    }
    out
}

/// DevTools' "Copy as fetch": headers lowercase without the forbidden ones,
/// the referrer, the method, mode cors and credentials from the cookies.
fn as_fetch(r: &serde_json::Value, page: &str) -> String {
    let headers: serde_json::Map<String, serde_json::Value> = header_pairs(r)
        .into_iter()
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            !matches!(
                n.as_str(),
                "origin" | "referer" | "cookie" | "host" | "connection" | "content-length" | "accept-encoding"
            ) && !n.starts_with("sec-")
        })
        .map(|(n, v)| (n.to_ascii_lowercase(), v.into()))
        .collect();
    let cookies = header_pairs(r).iter().any(|(n, _)| n.eq_ignore_ascii_case("cookie"));
    let init = serde_json::json!({
        "headers": headers,
        "referrer": format!("{page}/closed"),
        "referrerPolicy": "strict-origin-when-cross-origin",
        "body": r["postData"]["text"],
        "method": r["method"],
        "mode": "cors",
        "credentials": if cookies { "include" } else { "omit" },
    });
    format!(
        "fetch({}, {});",
        serde_json::to_string(&r["url"]).unwrap(),
        serde_json::to_string_pretty(&init).unwrap()
    )
}
