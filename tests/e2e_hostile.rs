//! Untrusted text is shown as text only: XSS payloads arrive through a live
//! response (headers and body), a permalink, an imported file and a pasted
//! console message, and no script runs. The built page carries its
//! Content-Security-Policy and no inline script.

mod support;

use fantoccini::{Client, Locator};
use support::*;

const PAYLOAD: &str =
    "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\"><script>window.__xss=(window.__xss||0)+1</script>";

async fn no_script_ran(c: &Client, place: &str) {
    let flag = c
        .execute("return window.__xss === undefined", vec![])
        .await
        .expect("js");
    assert_eq!(flag, serde_json::Value::Bool(true), "a payload ran ({place})");
    let injected = c
        .execute(
            "return document.querySelectorAll('main img, main script, [onerror]').length",
            vec![],
        )
        .await
        .expect("js");
    assert_eq!(
        injected,
        serde_json::json!(0),
        "markup from a payload is in the page ({place})"
    );
}

async fn page_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payloads_from_every_source_stay_text() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;

        // A live response: a header and the body carry the payload.
        set_request(&c, "GET", &target, &[]).await;
        fill(&c, "response-headers", &format!("Access-Control-Allow-Origin: *\nAccess-Control-Expose-Headers: X-Evil\nX-Evil: {PAYLOAD}")).await;
        let seen = run_now(&c).await;
        assert_eq!(seen.observed, "allowed", "{seen:?}");
        assert!(seen.text.contains("x-evil"), "{}", seen.text);
        assert!(seen.text.contains("<img src=x onerror="), "the header is shown as text: {}", seen.text);
        no_script_ran(&c, "live response header").await;

        // A permalink whose every field carries it.
        let mut s = corscope_engine::parse_scenario(
            r#"{"page":"https://app.example","request":{"url":"https://api.example/x","method":"PUT"}}"#,
        )
        .unwrap();
        s.name = PAYLOAD.into();
        s.request.headers = vec![("X-Evil".into(), PAYLOAD.into())];
        s.request.body = Some(PAYLOAD.into());
        s.server = corscope_engine::Server::Single(corscope_engine::Hop {
            url: None,
            preflight: Some(corscope_engine::Answer::new(204, &[("Access-Control-Allow-Origin", PAYLOAD)])),
            response: Some(corscope_engine::Answer::new(200, &[("X-Note", PAYLOAD)])),
        });
        let link = corscope_engine::share::permalink::link(&format!("{page}/"), &s);
        c.goto("about:blank").await.unwrap();
        open_app(&c, &link).await;
        assert!(page_text(&c).await.contains("<img src=x"), "the payload is shown as text");
        no_script_ran(&c, "permalink").await;
        click(&c, "make-report").await;
        wait_for_testid(&c, "bug-report").await;
        no_script_ran(&c, "bug report").await;

        // An imported file.
        let file = serde_json::to_string(&s).unwrap().replace("https://api.example/x", "https://api.example/imported");
        fill(&c, "import-text", &file).await;
        click(&c, "import-load").await;
        no_script_ran(&c, "imported file").await;
        // A broken file whose error message quotes the payload.
        fill(&c, "import-text", &format!("{{\"page\": \"{}\"}}", PAYLOAD.replace('"', "'"))).await;
        click(&c, "import-load").await;
        assert!(!text_of(&c, "import-error").await.is_empty());
        no_script_ran(&c, "import error").await;

        // A pasted console message.
        let message = format!("Access to fetch at 'https://api.example/{PAYLOAD}' from origin 'https://app.example' has been blocked by CORS policy: Request header field {PAYLOAD} is not allowed by Access-Control-Allow-Headers in preflight response.");
        fill(&c, "console-text", &message).await;
        click(&c, "console-diagnose").await;
        assert!(text_of(&c, "console-result").await.contains("<script>"));
        click(&c, "console-load").await;
        no_script_ran(&c, "console message").await;
        fill(&c, "console-text", PAYLOAD).await;
        click(&c, "console-diagnose").await;
        assert!(text_of(&c, "console-unrecognised").await.starts_with("not recognised"));
        no_script_ran(&c, "unrecognised console text").await;

        // The CSP is in force: an inline script added to the page does not run.
        c.execute(
            "const s = document.createElement('script'); s.textContent = 'window.__xss = 1'; document.body.appendChild(s);",
            vec![],
        )
        .await
        .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let flag = c.execute("return window.__xss === undefined", vec![]).await.unwrap();
        assert_eq!(flag, serde_json::Value::Bool(true), "an inline script ran: the CSP is missing");
    })
    .await;
}

#[test]
fn the_built_page_has_a_csp_and_no_inline_script() {
    for d in ["dist", "dist-pages"] {
        let html = std::fs::read_to_string(dist(d).join("index.html")).unwrap();
        assert!(
            html.contains("Content-Security-Policy") && html.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{d}: {html}"
        );
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{d}: an inline script: {tag}");
        }
    }
}
