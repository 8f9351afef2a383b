//! Every lesson runs live: its scenario and its "try this" change, mapped
//! onto the lab through the Matrix page, in Chromium and Firefox — the engine
//! predicts each, and the change flips what the browser does (the outcome,
//! the preflight or what script reads). And a lesson's own link opens it,
//! with its scenario loaded and "try this" one click away.

mod support;

use corscope_engine::learn::{lesson, LESSONS};
use corscope_engine::{decide, Browser};
use fantoccini::Locator;
use support::*;

async fn lessons_in(kind: Kind, browser: Browser) {
    let mut all = vec![];
    // Cookie lessons run on the lab's cookie hosts, where the browser holds
    // their cookies: tests/e2e_cookies.rs.
    let lessons: Vec<_> = LESSONS.iter().filter(|l| !l.about_cookies()).collect();
    assert!(
        lessons.len() + 5 < LESSONS.len(),
        "the cookie lessons are left to e2e_cookies"
    );
    for l in &lessons {
        let mut a = l.scenario().unwrap();
        a.name = format!("lesson {}", l.id);
        let mut b = l.changed().unwrap();
        b.name = format!("lesson {} (try this)", l.id);
        all.push(a);
        all.push(b);
    }
    let json = serde_json::to_string(&all).unwrap();
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        paste_matrix_scenarios(&c, json).await;
        let report = run_matrix_page(&c).await;
        let rows = report["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 2 * lessons.len(), "every lesson and its change ran");
        for pair in rows.chunks(2) {
            for r in pair {
                assert_eq!(r["mismatches"], serde_json::json!([]), "{}: {r}", kind.name());
            }
            let facts = |r: &serde_json::Value| {
                (
                    r["observed"]["outcome"].clone(),
                    r["observed"]["preflight"].clone(),
                    r["observed"]["exposed"].clone(),
                )
            };
            assert_ne!(
                facts(&pair[0]),
                facts(&pair[1]),
                "{}: try this flips nothing live: {}",
                kind.name(),
                pair[0]["name"]
            );
        }

        // A lesson's link: the lesson, its scenario predicted, then "try this".
        let l = lesson("header-allow-credentials").unwrap();
        c.goto("about:blank").await.unwrap();
        open_app(&c, &format!("{page}/#lesson={}", l.id)).await;
        assert_eq!(attr_of(&c, "lesson", "data-lesson").await, l.id);
        let before = decide(&l.scenario().unwrap(), browser).outcome.to_string();
        let after = decide(&l.changed().unwrap(), browser).outcome.to_string();
        assert_ne!(before, after);
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, before);
        click(&c, "lesson-try").await;
        wait_for_outcome(&c, &after, "try this loads the changed scenario").await;
        // A link to a lesson that does not exist says so; the page works.
        c.goto("about:blank").await.unwrap();
        open_app(&c, &format!("{page}/#lesson=no-such-lesson")).await;
        assert!(text_of(&c, "notice").await.contains("no lesson 'no-such-lesson'"));
        assert!(c.find(Locator::Css("[data-testid=lesson]")).await.is_err());
        // No lesson open: the index is open.
        let links = c.find_all(Locator::Css("[data-testid=lesson-link]")).await.unwrap();
        links[0].click().await.unwrap();
        assert_eq!(attr_of(&c, "lesson", "data-lesson").await, LESSONS[0].id);
        c.goto("about:blank").await.unwrap();
        open_app(&c, &format!("{page}/#lesson={}", l.id)).await;
        click(&c, "lessons-index").await; // the index folds away while a lesson is open
        let links = c.find_all(Locator::Css("[data-testid=lesson-link]")).await.unwrap();
        assert_eq!(links.len(), LESSONS.len());
        links[0].click().await.unwrap();
        assert_eq!(attr_of(&c, "lesson", "data-lesson").await, LESSONS[0].id);
        assert!(c
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with(&format!("#lesson={}", LESSONS[0].id)));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_lesson_runs_live_and_flips_in_chromium() {
    lessons_in(Kind::Chromium, Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_lesson_runs_live_and_flips_in_firefox() {
    lessons_in(Kind::Firefox, Browser::Firefox).await;
}

/// "Works in Postman": the lab sends the lesson's request server to server
/// beside the browser's fetch(); both get the same 200 and body, and only the
/// browser keeps it from script — until "try this" adds the header. And the
/// article's snippets as presets show their code and what they really send.
async fn postman_in(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/#lesson=postman")).await;
        wait_for_lab_origins(&c).await;
        for (round, seen) in [(0, "rejected"), (1, "readable")] {
            if round == 1 {
                click(&c, "lesson-try").await;
            }
            let (server_status, browser_seen) = send_both_ways(&c).await;
            assert_eq!(server_status, "200", "{}", kind.name());
            let server = text_of(&c, "both-server").await;
            assert!(server.contains("Write the report"), "{}: {server}", kind.name());
            assert_eq!(browser_seen, seen, "{}", kind.name());
            let browser = text_of(&c, "both-browser").await;
            assert_eq!(
                browser.contains("Write the report"),
                round == 1,
                "{}: {browser}",
                kind.name()
            );
        }
        for (preset, code, sent) in [
            ("express", "res.sendStatus(204)", "X-Powered-By: Express"),
            (
                "php",
                "header(\"Access-Control-Allow-Origin: *\");",
                "X-Powered-By: PHP/8.2.31",
            ),
        ] {
            select(&c, "preset", preset).await;
            assert!(text_of(&c, "preset-source").await.contains(code), "{preset}");
            let answers = value_of(&c, "preflight-headers").await;
            assert!(answers.contains(sent), "{preset}: {answers}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_in_postman_but_not_in_the_browser_in_chromium() {
    postman_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_in_postman_but_not_in_the_browser_in_firefox() {
    postman_in(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_lesson_runs_live_and_flips_in_webkit() {
    lessons_in(Kind::WebKit, Browser::WebKit).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_in_postman_but_not_in_the_browser_in_webkit() {
    postman_in(Kind::WebKit).await;
}
