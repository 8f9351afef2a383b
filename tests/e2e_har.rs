//! HAR files captured from the real browser: Chromium runs five exchanges
//! against the lab (blocked at the preflight, credentials with `*`, an origin
//! mismatch, a redirect, allowed with Expose-Headers) while its network
//! events are recorded, and a HAR is made from them as DevTools makes one
//! (support::chromium_har). Natively each exchange read back from the HAR is
//! decided as the browser did; through the page (pasted into the import
//! box, the exchange picked), Chromium and Firefox predict it.

mod support;

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
async fn a_har_captured_in_chromium_is_explained_natively_and_in_both_browsers() {
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

    // Through the page, in both browsers.
    for (kind, browser) in [(Kind::Chromium, Browser::Chromium), (Kind::Firefox, Browser::Firefox)] {
        let (har, page, exchanges) = (har.clone(), page.clone(), exchanges.clone());
        with_browser(kind, move |c| async move {
            open_app(&c, &format!("{page}/")).await;
            paste_into(&c, "import-text", &har).await;
            click(&c, "import-load").await;
            let choices = c.find_all(Locator::Css("[data-testid=import-choice]")).await.unwrap();
            assert_eq!(choices.len(), exchanges.len(), "{}", kind.name());
            for (i, x) in exchanges.iter().enumerate() {
                let choices = c.find_all(Locator::Css("[data-testid=import-choice]")).await.unwrap();
                choices[i].click().await.unwrap();
                let want = decide(&x.scenario, browser).outcome.as_str();
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
                loop {
                    let shown = attr_of(&c, "prediction-outcome", "data-outcome").await;
                    if shown == want {
                        break;
                    }
                    assert!(
                        std::time::Instant::now() < deadline,
                        "{} / {}: the page predicts {shown}, not {want}",
                        kind.name(),
                        x.scenario.name
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
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
        })
        .await;
    }
}
