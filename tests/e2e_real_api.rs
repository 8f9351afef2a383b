//! A real API — a small server that is not the lab, with its own CORS policy —
//! run live from the page: the lab asks it the same requests server to
//! server, and the page explains the run with those real answers (the
//! "Server answers" editor is left empty), agreeing with the browser.

mod support;

use fantoccini::{Client, Locator};
use std::time::Duration;
use support::*;

/// The API: `/public` allows anyone, `/private` names another origin, `/writes`
/// answers a PUT's preflight for `x-token`.
async fn api() -> u16 {
    use axum::routing::{get, options, put};
    let app = axum::Router::new()
        .route(
            "/public",
            get(|| async { ([("access-control-allow-origin", "*")], "hello") }),
        )
        .route(
            "/private",
            get(|| async { ([("access-control-allow-origin", "https://only.example")], "secret") }),
        )
        .route(
            "/writes",
            options(|| async {
                (
                    axum::http::StatusCode::NO_CONTENT,
                    [
                        ("access-control-allow-origin", "*"),
                        ("access-control-allow-methods", "PUT"),
                        ("access-control-allow-headers", "x-token"),
                    ],
                )
            })
            .merge(put(|| async { ([("access-control-allow-origin", "*")], "written") })),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the API");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

async fn probed_text(c: &Client) -> (String, String) {
    let el = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=run-record] [data-testid=run-probed]"))
        .await
        .expect("the run shows what the server really answered");
    let state = el.attr("data-probed").await.expect("attr").unwrap_or_default();
    let text = el.prop("textContent").await.expect("text").unwrap_or_default();
    (state, text)
}

/// `hosted`: from the Pages build on a public static site paired with the lab
/// (Local Network Access granted), else from the page the lab serves.
async fn real_api_in(kind: Kind, hosted: bool) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let api = format!("http://127.0.0.1:{}", api().await);
    let site = StaticSite::start(&dist("dist-pages")).await;
    let link = site.pairing_link(&lab);
    let options = Options {
        public_page_port: hosted.then_some(site.port),
        ..Options::default()
    };
    with_browser_options(kind, options, move |c| async move {
        if hosted {
            open_app(&c, &site.url("")).await;
            set_loopback_permission(&c, "granted").await;
            open_app(&c, &link).await;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css("[data-testid=lab-status][data-state=connected]"))
                .await
                .expect("the hosted page connects to the lab");
        } else {
            open_app(&c, &format!("{page}/")).await;
        }
        // No lab URL, and nothing typed in "Server answers": the page says whose answers it explains.
        set_request(&c, "GET", &format!("{api}/public"), &[]).await;
        fill(&c, "response-headers", "").await;
        let note = text_of(&c, "typed-answers-note").await;
        assert!(note.contains("127.0.0.1") && note.contains("real answers"), "{note}");
        assert_eq!(
            attr_of(&c, "prediction-outcome", "data-outcome").await,
            "blocked",
            "the typed answers"
        );
        // Allowed in the browser; explained with the real `*`, so they agree.
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
        let (state, text) = probed_text(&c).await;
        assert_eq!(state, "ok", "{text}");
        assert!(
            text.contains(&format!("GET {api}/public → 200")) && text.contains("access-control-allow-origin: *"),
            "{text}"
        );
        assert_eq!(text_of(&c, "run-predicted").await, "allowed");
        // A preflighted PUT: the real preflight allows it.
        set_request(&c, "PUT", &format!("{api}/writes"), &[("X-Token", "1")]).await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
        let (_, text) = probed_text(&c).await;
        assert!(
            text.contains(&format!("OPTIONS {api}/writes → 204")) && text.contains("access-control-allow-methods: PUT"),
            "{text}"
        );
        // Another origin allowed: blocked, and the real header says why.
        set_request(&c, "GET", &format!("{api}/private"), &[]).await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("blocked", true), "{seen:?}");
        let (_, text) = probed_text(&c).await;
        assert!(
            text.contains("access-control-allow-origin: https://only.example") && !text.contains("secret"),
            "{text}"
        );
        // A server that is not there: the probe says so, as a network error.
        set_request(&c, "GET", "http://127.0.0.1:9/nothing", &[]).await;
        run_now(&c).await;
        let (state, text) = probed_text(&c).await;
        assert_eq!(state, "error", "{text}");
        assert!(text.contains("not a CORS verdict"), "{text}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_api_is_explained_with_its_real_answers_in_chromium() {
    real_api_in(Kind::Chromium, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_api_is_explained_with_its_real_answers_in_firefox() {
    real_api_in(Kind::Firefox, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosted_page_explains_a_real_api_with_its_real_answers_in_chromium() {
    real_api_in(Kind::Chromium, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosted_page_explains_a_real_api_with_its_real_answers_in_firefox() {
    real_api_in(Kind::Firefox, true).await;
}
