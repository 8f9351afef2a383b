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

async fn https_page(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let https_lab = lab.https_origin().expect("the https origin");
    let https = https_app().await;
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
        // https page → http://127.0.0.1: potentially trustworthy, not blocked as mixed content.
        set_request(&c, "GET", &http_target, &[]).await;
        fill(&c, "response-headers", "Access-Control-Allow-Origin: *").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
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
