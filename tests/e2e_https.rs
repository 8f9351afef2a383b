//! The https lab origin in headless Chromium and Firefox: trusted because the
//! browser is told the lab's key (Chromium) or its CA (Firefox), and only that (another self-signed server is
//! refused); and mixed content live: the app served over https (as a hosted
//! page is; the lab's https origin is a scenario origin and serves no app)
//! calls http loopback URLs, which are potentially trustworthy, so the browser
//! lets them through, as the engine predicts.

mod support;

use fantoccini::Locator;
use support::*;

/// A TLS server with a certificate the browser was not told about.
async fn untrusted_server() -> u16 {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let tls = axum_server::tls_rustls::RustlsConfig::from_pem(
        cert.cert.pem().into_bytes(),
        cert.signing_key.serialize_pem().into_bytes(),
    )
    .await
    .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route(
        "/open",
        axum::routing::get(|| async { ([("access-control-allow-origin", "*")], "untrusted") }),
    );
    tokio::spawn(async move {
        let _ = axum_server::from_tcp_rustls(listener, tls)
            .unwrap()
            .serve(app.into_make_service())
            .await;
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_trusts_only_the_labs_certificate_and_loopback_http_is_not_mixed_content() {
    https_page(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_trusts_only_the_labs_certificate_and_loopback_http_is_not_mixed_content() {
    https_page(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_trusts_only_the_labs_certificate_and_loopback_http_is_not_mixed_content() {
    https_page(Kind::WebKit).await;
}

async fn https_page(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let https_lab = lab.https_origin().expect("the https origin");
    let https = https_app().await;
    let journal = lab.journal.clone();
    // Not a lab page: no lab of its own, so the URL runs as typed (`/open` allows any origin).
    let http_target = format!("http://127.0.0.1:{}/open", lab.lab_port);
    let untrusted = untrusted_server().await;
    with_browser(kind, move |c| async move {
        // The lab's https origin answers scenarios, trusted by the browser, and serves no app.
        c.goto(&format!("{https_lab}/open")).await.unwrap();
        let text = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
        assert!(text.contains("open: any origin may read this"), "{text}");
        // The app, served over https.
        open_app(&c, &format!("{https}/")).await;
        assert_eq!(text_of(&c, "live-origin").await, format!("Live: {https}"));
        // https page → http://127.0.0.1: potentially trustworthy, not blocked as
        // mixed content — except in WebKit, which blocks it before sending.
        if kind == Kind::WebKit {
            console_of(kind, &c).await;
        }
        let arrived = journal.len();
        set_request(&c, "GET", &http_target, &[]).await;
        fill(&c, "response-headers", "Access-Control-Allow-Origin: *").await;
        let (predicted, observed) = match kind {
            Kind::WebKit => ("rejected", "blocked"),
            _ => ("allowed", "allowed"),
        };
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, predicted);
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), (observed, true), "{seen:?}");
        if kind == Kind::WebKit {
            // Nothing was sent, and WebKit's console says what the engine says.
            assert_eq!(journal.len(), arrived, "sent despite mixed content");
            let scenario = corscope_engine::parse_scenario(&format!(
                r#"{{"page": "{https}", "request": {{"url": "{http_target}"}}}}"#
            ))
            .unwrap();
            let want = corscope_engine::decide(&scenario, corscope_engine::Browser::WebKit)
                .console
                .webkit
                .unwrap();
            // WebKitGTK printed nothing for the app's own fetch here (the wasm's
            // call), but does for a page script's: the same fetch, from the page.
            let got = c
                .execute_async(
                    "const [u, done] = arguments; fetch(u).then(r => done('resolved'), e => done(String(e)))",
                    vec![http_target.clone().into()],
                )
                .await
                .unwrap();
            assert_eq!(got, "TypeError: Load failed");
            assert_eq!(journal.len(), arrived, "sent despite mixed content");
            // The web process may write them a little later: wait up to 5 s.
            let wanted: Vec<&str> = want.lines().map(|l| l.split(&http_target).next().unwrap()).collect();
            let mut printed = vec![];
            for _ in 0..50 {
                printed.extend(console_of(kind, &c).await);
                if wanted.iter().all(|w| printed.iter().any(|m| m.contains(w))) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            for line in &wanted {
                assert!(printed.iter().any(|m| m.contains(line)), "{line} not in {printed:?}");
            }
        }
        // The same page calling another https server whose certificate is unknown: refused.
        set_request(&c, "GET", &format!("https://localhost:{untrusted}/open"), &[]).await;
        let seen = run_now(&c).await;
        assert_eq!(
            seen.observed, "blocked",
            "a certificate the browser was not told about: {seen:?}"
        );
        assert!(seen.text.contains("TypeError"), "{}", seen.text);
        // What-if: an https page calling a non-loopback http URL is mixed content, refused before sending.
        fill(&c, "what-if-origin", "https://app.example").await;
        set_request(&c, "GET", "http://api.example/items", &[]).await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "rejected");
        let step = c
            .find(Locator::Css("[data-testid=trace-step][data-passed=false]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(step.contains("mixed content"), "{step}");
    })
    .await;
}
