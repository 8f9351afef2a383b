//! The exchange diagram against what really went over the wire: for a
//! preflighted run and a redirect chain, run live through the lab in Chromium
//! and Firefox, the predicted diagram and the recorded one each have one
//! browser → server arrow per request the lab's journal holds, with the same
//! method and hop, and the failing check is marked where it happened.

mod support;

use fantoccini::{Client, Locator};
use support::*;

/// (method, hop) of each browser → server arrow in the diagram `testid`.
async fn requests_drawn(c: &Client, scope: &str, testid: &str) -> Vec<(String, String)> {
    let css =
        format!("{scope} [data-testid={testid}] [data-testid=sequence-message][data-from=browser][data-to=server]");
    let mut out = vec![];
    for m in c.find_all(Locator::Css(&css)).await.unwrap() {
        // The arrow's own label ("N. METHOD host/path"), read from the DOM (SVG text).
        let label = c
            .execute(
                "return arguments[0].querySelector('.msg-label').textContent",
                vec![serde_json::to_value(&m).unwrap()],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string();
        let method = label.split_whitespace().nth(1).unwrap_or_default().to_string();
        out.push((method, m.attr("data-hop").await.unwrap().unwrap_or_default()));
    }
    out
}

async fn diagram_in(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let journal = lab.journal.clone();
    with_browser(kind, move |c| async move {
        let preflighted = corscope_engine::parse_scenario(
            r#"{"name":"preflighted","page":"https://app.example","request":{"url":"https://api.example/items","method":"PUT","headers":[["X-Key","1"]],"body":"x"},
               "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","x-key"]]},
                         "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        )
        .unwrap();
        let chain = corscope_engine::parse_scenario(
            r#"{"name":"chain","page":"https://app.example","request":{"url":"https://api.example/old"},
               "server":[{"url":"https://api.example/old","response":{"status":302,"headers":[["Location","https://cdn.example/new"],["Access-Control-Allow-Origin","*"]]}},
                         {"url":"https://cdn.example/new","response":{"status":200,"headers":[["Access-Control-Origin","nope"]]}}]}"#,
        )
        .unwrap();
        for (s, want) in [(&preflighted, "allowed"), (&chain, "blocked")] {
            let link = corscope_engine::share::permalink::link(&format!("{page}/"), s);
            c.goto("about:blank").await.unwrap();
            open_app(&c, &link).await;
            click(&c, "live-lab").await;
            let seen = run_now(&c).await;
            assert_eq!((seen.observed.as_str(), seen.agree), (want, true), "{} / {}: {seen:?}", kind.name(), s.name);
            let recorded_by_lab: Vec<(String, String)> = journal
                .run(&seen.run_id)
                .iter()
                .map(|e| {
                    let hop = e.url.split("hop=").nth(1).and_then(|h| h.split('&').next()).unwrap_or("0").to_string();
                    (e.method.clone(), hop)
                })
                .collect();
            assert!(!recorded_by_lab.is_empty());
            let run = format!("[data-testid=run-record][data-run-id='{}']", seen.run_id);
            assert_eq!(requests_drawn(&c, &run, "sequence-recorded").await, recorded_by_lab, "{} / {}: the recorded diagram", kind.name(), s.name);
            assert_eq!(requests_drawn(&c, "[data-testid=prediction-panel]", "sequence-predicted").await, recorded_by_lab, "{} / {}: the predicted diagram", kind.name(), s.name);
            // The failing check is marked on the answer where it failed (the chain's second hop).
            let failed = c
                .find_all(Locator::Css("[data-testid=prediction-panel] [data-testid=sequence-predicted] [data-testid=sequence-message][data-failed=true]"))
                .await
                .unwrap();
            if want == "blocked" {
                assert_eq!(failed.len(), 1, "{}", s.name);
                assert_eq!(failed[0].attr("data-hop").await.unwrap().as_deref(), Some("1"));
                assert_eq!(failed[0].attr("data-from").await.unwrap().as_deref(), Some("server"));
            } else {
                assert!(failed.is_empty(), "{}", s.name);
            }
            // Visually hidden: WebKit's WebDriver gives no rendered text for it, so its textContent.
            let text = c
                .find(Locator::Css("[data-testid=sequence-predicted-text]"))
                .await
                .unwrap()
                .prop("textContent")
                .await
                .unwrap()
                .unwrap_or_default();
            assert!(text.starts_with("1. page script → browser: fetch("), "a text equivalent: {text}");
        }
        // The diagram at 1280 px and at 390 px (a phone), for people to look at.
        for width in [1280u32, 390] {
            c.set_window_size(width, 900).await.unwrap();
            let el = c
                .find(Locator::Css("[data-testid=prediction-panel] [data-testid=sequence-predicted]"))
                .await
                .unwrap();
            el.clone().click().await.ok();
            let png = el.screenshot().await.unwrap();
            std::fs::write(output_dir().join(format!("sequence-{}-{width}.png", kind.name())), png).unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_diagram_matches_the_journal_in_chromium() {
    diagram_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_diagram_matches_the_journal_in_firefox() {
    diagram_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_diagram_matches_the_journal_in_webkit() {
    diagram_in(Kind::WebKit).await;
}
