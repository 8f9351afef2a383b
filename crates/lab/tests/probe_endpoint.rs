//! The lab's `/probe` endpoint: a trusted page gets what a real server
//! answered its browser's requests; any other website gets a 403 and the
//! lab sends nothing anywhere.

use corscope_engine::lab::{ProbeAsk, Probed, Refusal, KEY_HEADER, PROBE_PATH};
use corscope_engine::RequestSpec;
use corscope_lab::{start, LabConfig};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A server that is not the lab: its own CORS policy; counts what reaches it.
async fn api() -> (u16, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new()
        .route(
            "/private",
            axum::routing::any(|| async { ([("access-control-allow-origin", "https://only.example")], "secret") }),
        )
        .route("/big", axum::routing::any(|| async { "x".repeat(100_000) }))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                counted.fetch_add(1, Ordering::SeqCst);
                async move { next.run(req).await }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (port, hits)
}

fn ask(url: &str) -> String {
    serde_json::to_string(&ProbeAsk {
        page: "https://u.github.io".into(),
        request: RequestSpec::get(url),
        browser: "chromium".into(),
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paired_page_gets_the_real_answers_and_a_stranger_gets_nothing_sent() {
    let lab = start(LabConfig::ephemeral(std::env::temp_dir())).await.unwrap();
    let (port, hits) = api().await;
    let target = format!("http://127.0.0.1:{port}/private");
    // The probe is on the lab's app origin only.
    let probe = format!("{}{PROBE_PATH}", lab.page_origin());
    let http = reqwest::Client::new();
    // Another website: refused before anything is sent.
    for key in [None, Some("guess")] {
        let mut req = http
            .post(&probe)
            .header("origin", "https://evil.example")
            .header("content-type", "application/json")
            .body(ask(&target));
        if let Some(k) = key {
            req = req.header(KEY_HEADER, k);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 403);
        let refusal: Refusal = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
        assert!(!refusal.refused.is_empty());
    }
    // A scenario origin never probes, whoever asks: a page there holds bytes a URL decides.
    for origin in [
        lab.lab_origin(),
        lab.frame_origin(),
        format!("http://127.0.0.1:{}", lab.lab_port),
    ] {
        for page in [origin.as_str(), "https://u.github.io"] {
            let res = http
                .post(format!("{origin}{PROBE_PATH}"))
                .header("origin", page)
                .header(KEY_HEADER, &lab.key)
                .body(ask(&target))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{origin} asked by {page}");
        }
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the lab reached the target for a stranger"
    );
    // The paired page: what the server really sent, as a scenario the engine explains.
    let res = http
        .post(&probe)
        .header("origin", "https://u.github.io")
        .header(KEY_HEADER, &lab.key)
        .header("content-type", "application/json")
        .body(ask(&target))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], "https://u.github.io");
    let probed: Probed = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let scenario = probed.scenario.expect("a scenario");
    let sent = &probed.exchanges[0];
    assert!(
        sent.request_headers
            .contains(&("Origin".into(), "https://u.github.io".into())),
        "{sent:?}"
    );
    assert!(sent
        .response_headers
        .iter()
        .any(|(n, v)| n == "access-control-allow-origin" && v == "https://only.example"));
    let d = corscope_engine::explain(&scenario, corscope_engine::Browser::Chromium);
    assert_eq!(d.outcome, corscope_engine::Outcome::Blocked);
    // A short preview of the body comes back to the trusted page (what
    // Postman would show); a stranger got nothing at all (above).
    assert_eq!(sent.body.as_deref(), Some("secret"));
    // The preview is capped.
    let res = http
        .post(&probe)
        .header("origin", "https://u.github.io")
        .header(KEY_HEADER, &lab.key)
        .body(ask(&format!("http://127.0.0.1:{port}/big")))
        .send()
        .await
        .unwrap();
    let big: Probed = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    let preview = big.exchanges[0].body.clone().unwrap_or_default();
    assert_eq!(preview.len(), corscope_engine::lab::PROBE_BODY_PREVIEW);
    // A server that is not there: a clear error, not a CORS verdict.
    let res = http
        .post(&probe)
        .header("origin", "https://u.github.io")
        .header(KEY_HEADER, &lab.key)
        .body(ask("http://127.0.0.1:9/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 502);
    let probed: Probed = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert!(probed.error.unwrap().contains("not a CORS verdict"));
}
