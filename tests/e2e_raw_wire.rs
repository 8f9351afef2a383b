//! The matrix's "raw bytes" rows compare outcomes and readable header names;
//! here each allowed row is fetched in the page and every readable header's
//! value is compared with the one the engine says this browser reads from the
//! bytes (folded lines, CRs, lines made by an LF: fetch/response_head.rs).

mod support;

use corscope_engine::{lab::matrix, received_headers, verdict, Browser, Outcome};
use support::*;

async fn values_in(kind: Kind, browser: Browser) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let mut n = 0;
    let rows = matrix::raw_bytes(&page, &lab.lab_origin(), &mut n);
    with_browser(kind, move |c| async move {
        c.goto(&format!("{page}/closed")).await.unwrap();
        let mut compared = 0;
        for (i, s) in rows.iter().enumerate() {
            let d = verdict(s, browser);
            if d.outcome != Outcome::Allowed {
                continue;
            }
            let run = format!("raw-{i}");
            let url = corscope_engine::lab::run_url(&s.request.url, &s.server, &run);
            let headers: Vec<Vec<String>> = s.request.headers.iter().map(|(n, v)| vec![n.clone(), v.clone()]).collect();
            let credentials = serde_json::to_value(s.request.credentials).unwrap();
            let seen = c
                .execute_async(
                    "const [url, headers, credentials, done] = arguments;
                     fetch(url, {headers, credentials}).then(r => { const h = {}; r.headers.forEach((v, k) => { h[k] = v; }); done(h); }, e => done({error: String(e)}));",
                    vec![serde_json::json!(url), serde_json::json!(headers), credentials],
                )
                .await
                .unwrap();
            assert!(seen.get("error").is_none(), "{} / {}: {seen}", kind.name(), s.name);
            let answer = s.server.hops().last().unwrap().response_or_default().into_owned();
            let lines = received_headers(&answer, browser).expect("an allowed answer parses");
            for name in &d.exposed {
                let want: Vec<&str> = lines
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
                    .collect();
                assert_eq!(
                    seen[name.as_str()].as_str(),
                    Some(want.join(", ").as_str()),
                    "{} / {}: {name}",
                    kind.name(),
                    s.name
                );
                compared += 1;
            }
        }
        assert!(compared >= 15, "{compared} values compared");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_reads_the_values_the_engine_predicts() {
    values_in(Kind::Chromium, Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_reads_the_values_the_engine_predicts() {
    values_in(Kind::Firefox, Browser::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_reads_the_values_the_engine_predicts() {
    values_in(Kind::WebKit, Browser::WebKit).await;
}
