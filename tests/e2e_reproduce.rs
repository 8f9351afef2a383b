//! Reproducing bug reports in headless Chromium: a console message pasted from
//! each browser becomes a scenario, a permalink that restores it, a live
//! reproduction against the lab and a fix that works live; malformed links and
//! files get messages; scenario files import (picker, drop, paste) and export;
//! the bug report carries the observed result, curl and the link.

mod support;

use fantoccini::{Client, Locator};
use support::*;

async fn failed_step(c: &Client) -> String {
    match c
        .find(Locator::Css("[data-testid=trace-step][data-passed=false]"))
        .await
    {
        Ok(step) => step.text().await.expect("text"),
        Err(_) => String::new(),
    }
}

/// Opens a URL in a fresh document (a change of fragment alone does not reload).
async fn reopen(c: &Client, url: &str) {
    c.goto("about:blank").await.expect("blank");
    open_app(c, url).await;
}

/// The whole path for one console message: read it, load the reproduction,
/// share it as a permalink, open the link, run it live against the lab, apply
/// the fix and run it again.
async fn console_message_to_working_fix(
    message: &'static str,
    browser: &'static str,
    reason: &'static str,
    failed: &'static str,
) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let journal = lab.journal.clone();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        fill(&c, "console-text", message).await;
        click(&c, "console-diagnose").await;
        assert_eq!(text_of(&c, "console-browser").await, browser);
        let read = text_of(&c, "console-reason").await;
        assert!(read.contains(reason), "{read}");
        assert!(text_of(&c, "console-url")
            .await
            .starts_with("https://api.shop.example/"));
        click(&c, "console-load").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked");
        let step = failed_step(&c).await;
        assert!(step.contains(failed), "{step}");
        let url = value_of(&c, "url").await;
        assert!(url.starts_with("https://api.shop.example/"), "{url}");

        // The permalink restores the page exactly.
        let link = permalink_of(&c).await;
        assert!(link.starts_with(&format!("{page}/#s1=")), "{link}");
        // Packed by the browser's CompressionStream, read by miniz_oxide (the CLI's reader).
        let native = corscope_engine::share::permalink::decode(&link).expect("the CLI reads the page's link");
        assert_eq!(native.request.url, url);
        let method = value_of(&c, "method").await;
        let origin = value_of(&c, "what-if-origin").await;
        let preflight = value_of(&c, "preflight-headers").await;
        let response = value_of(&c, "response-headers").await;
        reopen(&c, &link).await;
        assert_eq!(value_of(&c, "url").await, url);
        assert_eq!(value_of(&c, "method").await, method);
        assert_eq!(value_of(&c, "what-if-origin").await, origin);
        assert_eq!(value_of(&c, "preflight-headers").await, preflight);
        assert_eq!(value_of(&c, "response-headers").await, response);
        assert_eq!(failed_step(&c).await, step);

        // Live against the lab: the browser blocks it as predicted.
        click(&c, "live-lab").await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("blocked", true), "{seen:?}");
        let sent = journal.run(&seen.run_id);
        assert!(!sent.is_empty(), "the lab saw the run");
        assert_eq!(sent[0].header("origin"), Some(page.as_str()));

        // The fix, applied to the answers, works live.
        click(&c, "apply-fix").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        let fixed = run_now(&c).await;
        assert_eq!((fixed.observed.as_str(), fixed.agree), ("allowed", true), "{fixed:?}");

        // The bug report has the observed result, curl and the link.
        click(&c, "make-report").await;
        wait_for_testid(&c, "bug-report").await;
        let report = value_of(&c, "bug-report").await;
        assert!(report.contains("**Observed** in Chromium "), "{report}");
        // The full build, as `chromium --version` prints it, not the user agent's "156.0.0.0".
        let installed = std::process::Command::new("chromium")
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let build = installed.split_whitespace().nth(1).unwrap_or("?").to_string();
        assert!(
            build.split('.').count() == 4 && report.contains(&format!("in Chromium {build}")),
            "the report should name Chromium {build} ({installed}): {report}"
        );
        assert!(report.contains("**allowed**"), "{report}");
        assert!(report.contains("curl -i -X "), "{report}");
        assert!(report.contains(&format!("]({page}/#s1=")), "{report}");
        c.execute(
            "document.querySelector('[data-testid=share-panel]').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll");
        screenshot(&c, &format!("reproduce-{}", browser.to_ascii_lowercase())).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chromium_console_error_becomes_a_live_reproduction_and_a_working_fix() {
    console_message_to_working_fix(
        "Access to fetch at 'https://api.shop.example/v1/orders/7' from origin 'https://shop.example' has been blocked by CORS policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
        "Chromium",
        "does not allow the method DELETE",
        "DELETE",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firefox_console_error_becomes_a_live_reproduction_and_a_working_fix() {
    console_message_to_working_fix(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        "Firefox",
        "no Access-Control-Allow-Origin",
        "Access-Control-Allow-Origin",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_safari_console_error_becomes_a_live_reproduction_and_a_working_fix() {
    console_message_to_working_fix(
        "[Error] Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.\n[Error] Fetch API cannot load https://api.shop.example/v1/orders due to access control checks.",
        "Safari",
        "does not allow the header X-Api-Key",
        "x-api-key",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_text_is_not_recognised_and_bad_links_leave_the_page_usable() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        fill(&c, "console-text", "TypeError: Failed to fetch").await;
        click(&c, "console-diagnose").await;
        let said = text_of(&c, "console-unrecognised").await;
        assert!(said.starts_with("not recognised"), "{said}");
        assert!(c.find(Locator::Css("[data-testid=console-load]")).await.is_err());

        // A link cut short: a message, and the page still predicts.
        let s = r#"{"page":"https://app.example","request":{"url":"https://api.example/x","method":"PUT"}}"#;
        let good =
            corscope_engine::share::permalink::link(&format!("{page}/"), &corscope_engine::parse_scenario(s).unwrap());
        let cut = &good[..good.len() - 10];
        reopen(&c, cut).await;
        let notice = text_of(&c, "notice").await;
        assert!(notice.contains("could not be opened"), "{notice}");
        set_request(&c, "GET", &format!("{page}/"), &[]).await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        // The link is left as it was.
        let url = c.current_url().await.expect("url");
        assert!(url.as_str().ends_with(&cut[cut.len() - 20..]), "{url}");

        reopen(&c, &format!("{page}/#s7=abc")).await;
        assert!(text_of(&c, "notice").await.contains("version 7"));
        reopen(&c, &good).await;
        assert_eq!(value_of(&c, "method").await, "PUT");
        assert_eq!(value_of(&c, "what-if-origin").await, "https://app.example");
        assert!(c.find(Locator::Css("[data-testid=notice]")).await.is_err());
    })
    .await;
}

const TWO: &str = r#"[{"name":"first","page":"https://a.example","request":{"url":"https://b.example/one"}},
 {"name":"second","page":"https://a.example","request":{"url":"https://b.example/two","method":"PATCH"}}]"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_files_import_by_picker_drop_and_paste_and_export() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        // Paste: a broken file names the field and line, and the text stays.
        let broken = "{\"page\": \"https://a.example\",\n \"request\": {\"url\": \"https://b.example/\", \"mode\": \"cros\"}}";
        fill(&c, "import-text", broken).await;
        click(&c, "import-load").await;
        let err = text_of(&c, "import-error").await;
        assert!(err.contains("request.mode") && err.contains("line 2"), "{err}");
        assert_eq!(value_of(&c, "import-text").await, broken);

        // Paste an array: a choice of scenarios.
        fill(&c, "import-text", TWO).await;
        click(&c, "import-load").await;
        let choices = c.find_all(Locator::Css("[data-testid=import-choice]")).await.unwrap();
        assert_eq!(choices.len(), 2);
        choices[1].click().await.unwrap();
        assert_eq!(value_of(&c, "url").await, "https://b.example/two");
        assert_eq!(value_of(&c, "method").await, "PATCH");

        // The file picker.
        let file = output_dir().join("import-one.json");
        std::fs::write(
            &file,
            r#"{"name":"picked","page":"https://p.example","request":{"url":"https://q.example/picked","method":"DELETE"},
                "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://p.example"]]}}}"#,
        )
        .unwrap();
        pick_file(&c, "import-file", &file).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while value_of(&c, "url").await != "https://q.example/picked" {
            assert!(std::time::Instant::now() < deadline, "the picked file was not loaded");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(value_of(&c, "preflight-headers").await.contains("Access-Control-Allow-Origin: https://p.example"));

        // Export: the link's data is the scenario on screen, in the file format.
        let href = attr_of(&c, "export", "href").await;
        let json = href.strip_prefix("data:application/json;charset=utf-8,").expect("a data URL");
        let json: String = c
            .execute("return decodeURIComponent(arguments[0])", vec![json.into()])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        let exported = corscope_engine::parse_scenario(&json).expect("the export parses");
        assert_eq!(exported.name, "picked");
        assert_eq!(exported.request.method, "DELETE");
        assert_eq!(exported.server.hops()[0].preflight.as_ref().unwrap().status, 204);

        // Drag and drop a file onto the panel.
        c.execute(
            "const dt = new DataTransfer();
             dt.items.add(new File([arguments[0]], 'dropped.json', {type: 'application/json'}));
             document.querySelector('[data-testid=share-panel]').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
            vec![r#"{"page":"https://d.example","request":{"url":"https://e.example/dropped"}}"#.into()],
        )
        .await
        .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while value_of(&c, "url").await != "https://e.example/dropped" {
            assert!(std::time::Instant::now() < deadline, "the dropped file was not loaded");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(value_of(&c, "what-if-origin").await, "https://d.example");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_link_puts_the_permalink_in_the_address_bar_and_a_chain_link_runs_live() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let journal = lab.journal.clone();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        set_request(&c, "PATCH", "https://api.example/items/3", &[]).await;
        let link = permalink_of(&c).await;
        click(&c, "copy-link").await;
        assert_eq!(c.current_url().await.unwrap().as_str(), link, "Copy link writes the address bar");
        assert!(text_of(&c, "copied").await.contains("address bar"));

        // A redirect chain in a link: shown read-only, predicted, and run live through the lab.
        let chain = corscope_engine::parse_scenario(
            r#"{"name":"chain","page":"https://app.example","request":{"url":"https://api.example/old"},
               "server":[{"url":"https://api.example/old","response":{"status":302,"headers":[["Location","https://cdn.example/new"],["Access-Control-Allow-Origin","*"]]}},
                         {"url":"https://cdn.example/new","response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#,
        )
        .unwrap();
        let link = corscope_engine::share::permalink::link(&format!("{page}/"), &chain);
        reopen(&c, &link).await;
        assert!(text_of(&c, "chain-note").await.contains("redirect chain of 2 hops"));
        assert!(text_of(&c, "chain-hops").await.contains("https://cdn.example/new"));
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        click(&c, "live-lab").await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
        let hops: Vec<String> = journal.run(&seen.run_id).iter().map(|e| e.host.clone()).collect();
        assert_eq!(hops.len(), 2, "both hops reached the lab: {hops:?}");
        assert_ne!(hops[0], hops[1], "the redirect crossed to the other lab origin");
        // Back to one editable answer: the chain note goes, the editors count again.
        click(&c, "drop-chain").await;
        assert!(c.find(Locator::Css("[data-testid=chain-note]")).await.is_err());
        assert_ne!(permalink_of(&c).await, link);
    })
    .await;
}

/// A request copied from DevTools as cURL is read into the request builder,
/// with what was guessed said; a copy with a flag corscope does not know is
/// refused, naming it, and the editors keep what they held.
async fn copied_request_in(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let copy = "curl 'https://api.example/v1/orders' -X 'PUT' -H 'content-type: application/json' -H 'origin: https://shop.example' -b 'sid=1' --data-raw '{\"a\":1}'";
        fill(&c, "console-text", copy).await;
        click(&c, "console-diagnose").await;
        let assumptions = text_of(&c, "copied-assumptions").await;
        assert!(assumptions.contains("cookies"), "{assumptions}");
        click(&c, "copied-load").await;
        let url = c.find(Locator::Css("[data-testid=url]")).await.unwrap().prop("value").await.unwrap();
        assert_eq!(url.as_deref(), Some("https://api.example/v1/orders"));
        let method = c.find(Locator::Css("[data-testid=method]")).await.unwrap().prop("value").await.unwrap();
        assert_eq!(method.as_deref(), Some("PUT"));
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked", "no answers typed yet");
        assert!(text_of(&c, "prediction-preflight").await.contains("yes"), "a PUT with JSON is preflighted");
        // Two messages in one paste: each is read, each with its own reproduction.
        let two = "Access to fetch at 'https://api.example/a' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nAccess to fetch at 'https://api.example/b' from origin 'https://app.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";
        fill(&c, "console-text", two).await;
        click(&c, "console-diagnose").await;
        let results = c.find_all(Locator::Css("[data-testid=console-result]")).await.expect("results");
        assert_eq!(results.len(), 2, "one result per message");
        assert_eq!(c.find_all(Locator::Css("[data-testid=console-load]")).await.expect("buttons").len(), 2);
        fill(&c, "console-text", "curl 'https://api.example/' --frobnicate").await;
        click(&c, "console-diagnose").await;
        let refused = text_of(&c, "console-unrecognised").await;
        assert!(refused.contains("--frobnicate"), "{refused}");
        let url = c.find(Locator::Css("[data-testid=url]")).await.unwrap().prop("value").await.unwrap();
        assert_eq!(url.as_deref(), Some("https://api.example/v1/orders"), "nothing lost");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curl_copy_becomes_the_request_in_chromium() {
    copied_request_in(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curl_copy_becomes_the_request_in_firefox() {
    copied_request_in(Kind::Firefox).await;
}

/// Links are packed and unpacked by the browser's own CompressionStream and
/// DecompressionStream ('deflate-raw'; no DEFLATE code in the wasm): a link
/// made by the CLI (miniz_oxide) opens, the page's own link is read by the
/// CLI, a link cut short and a zip bomb each get a message.
async fn links_are_packed_by_the_browser(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_browser(kind, move |c| async move {
        let s = corscope_engine::parse_scenario(
            r#"{"name":"é ✓ packed","page":"https://app.example","request":{"url":"https://api.example/packed","method":"DELETE","headers":[["X-Say","yes"]]}}"#,
        )
        .unwrap();
        let made_natively = corscope_engine::share::permalink::link(&format!("{page}/"), &s);
        reopen(&c, &made_natively).await;
        assert_eq!(value_of(&c, "url").await, "https://api.example/packed");
        assert_eq!(value_of(&c, "method").await, "DELETE");
        let made_here = permalink_of(&c).await;
        let read_natively = corscope_engine::share::permalink::decode(&made_here).expect("the CLI reads it");
        assert_eq!(
            (read_natively.name, read_natively.request, read_natively.page),
            (s.name.clone(), s.request.clone(), s.page.clone())
        );
        // Cut short (a whole base64 group gone: the DEFLATE stream ends early).
        reopen(&c, &made_natively[..made_natively.len() - 8]).await;
        let notice = text_of(&c, "notice").await;
        assert!(notice.contains("cut short or damaged"), "{notice}");
        // A zip bomb: 256 KB of spaces in a short link.
        let bomb = corscope_engine::share::permalink::fragment_of_packed(&miniz_oxide::deflate::compress_to_vec(&vec![b' '; 256 * 1024], 9));
        reopen(&c, &format!("{page}/#{bomb}")).await;
        let notice = text_of(&c, "notice").await;
        assert!(notice.contains("larger than 65536 bytes"), "{notice}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_packed_by_the_browser_in_chromium() {
    links_are_packed_by_the_browser(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_packed_by_the_browser_in_firefox() {
    links_are_packed_by_the_browser(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curl_copy_becomes_the_request_in_webkit() {
    copied_request_in(Kind::WebKit).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_packed_by_webkit() {
    links_are_packed_by_the_browser(Kind::WebKit).await;
}
