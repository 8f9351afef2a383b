//! The inspector page in headless Chromium: the seed's common scenarios run
//! live against the lab's scenario endpoint, with the engine's prediction
//! beside what the browser did; the what-if origin; the origin and preflight
//! tables; history that survives a reload; screenshots at two widths.

mod support;

use fantoccini::Locator;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_server_to_api_on_another_port_blocked_then_fixed() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    let journal = lab.journal.clone();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        // A plain API without CORS headers (React on one port, an API on another).
        select(&c, "preset", "none").await;
        set_request(&c, "GET", &target, &[]).await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked");
        let console = text_of(&c, "console-chromium").await;
        assert!(
            console.contains("No 'Access-Control-Allow-Origin' header is present"),
            "{console}"
        );
        assert!(console.contains(&format!("from origin '{page}'")), "{console}");
        let fix = text_of(&c, "fix").await;
        assert!(fix.contains(&format!("Access-Control-Allow-Origin: {page}")), "{fix}");
        let run_button = c.find(Locator::Css("[data-testid=run]")).await.unwrap();
        let before = run_button.rectangle().await.unwrap();
        let seen = run_now(&c).await;
        assert_eq!(seen.observed, "blocked", "{seen:?}");
        assert!(seen.agree, "{seen:?}");
        // No layout jump: the result lands beside the form, not above it.
        assert_eq!(run_button.rectangle().await.unwrap(), before);
        // The browser did send it: CORS hides the answer, not the request.
        let sent = journal.run(&seen.run_id);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].header("origin"), Some(page.as_str()));

        // After the fix (allow all), the same request is readable.
        select(&c, "preset", "allow-all").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        let seen = run_now(&c).await;
        assert_eq!(seen.observed, "allowed", "{seen:?}");
        assert!(seen.agree, "{seen:?}");
        assert!(seen.text.contains("cors response, status 200"), "{}", seen.text);
        assert!(seen.text.contains("content-type"), "{}", seen.text);
        screenshot(&c, "inspector-desktop").await;
        c.execute("window.scrollTo(0, 0)", vec![]).await.expect("scroll");
        screenshot(&c, "inspector-overview").await;
        c.set_window_size(390, 844).await.expect("phone width");
        screenshot(&c, "inspector-phone").await;
        // Nothing overflows sideways at phone width.
        let overflow = c
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                vec![],
            )
            .await
            .expect("script");
        assert!(
            overflow.as_i64().unwrap_or(99) <= 0,
            "page overflows by {overflow} px at phone width"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_cross_origin_need_an_exact_origin_and_allow_credentials() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    // api.localhost: cross-origin to the page (like example.com → api.example.com).
    let target = format!("http://api.localhost:{}/s/v1", lab.lab_port);
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        select(&c, "preset", "allow-all").await;
        set_request(&c, "GET", &target, &[]).await;
        select(&c, "credentials", "include").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked");
        let console = text_of(&c, "console-chromium").await;
        assert!(console.contains("must not be the wildcard '*'"), "{console}");
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("blocked", true), "{seen:?}");

        select(&c, "preset", "credentials").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_against_the_php_example_is_stopped_at_the_preflight() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("http://127.0.0.1:{}/s/v1", lab.lab_port);
    let journal = lab.journal.clone();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        select(&c, "preset", "php").await;
        set_request(&c, "PUT", &target, &[("Content-Type", "application/json")]).await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked");
        let preflight = text_of(&c, "prediction-preflight").await;
        assert!(preflight.contains("content-type"), "{preflight}");
        let trace = c
            .find_all(Locator::Css("[data-testid=trace-step][data-passed=false]"))
            .await
            .expect("steps");
        let failed = trace[0].text().await.expect("text");
        assert!(
            failed.contains("PUT is not listed in Access-Control-Allow-Methods"),
            "{failed}"
        );
        let fix = text_of(&c, "fix").await;
        assert!(
            fix.contains("Access-Control-Allow-Methods: GET, POST, OPTIONS, PUT"),
            "{fix}"
        );
        assert_eq!(
            c.find_all(Locator::Css("[data-testid=snippet]"))
                .await
                .expect("snippets")
                .len(),
            9
        );
        let rechecked = c
            .find_all(Locator::Css("[data-testid=snippet][data-rechecked=allowed]"))
            .await
            .expect("snippets");
        assert_eq!(rechecked.len(), 9, "every server fix passes the engine's re-check");
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("blocked", true), "{seen:?}");
        let sent = journal.run(&seen.run_id);
        let methods: Vec<&str> = sent.iter().map(|e| e.method.as_str()).collect();
        assert_eq!(methods, vec!["OPTIONS"], "the PUT must never be sent");
        // The run shows what the lab received next to what the engine predicted.
        let run = c.find(Locator::Css("[data-testid=run-record]")).await.unwrap();
        let wire = run
            .find(Locator::Css("[data-testid=run-journal]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let predicted = run
            .find(Locator::Css("[data-testid=run-predicted-wire]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let expected = format!(
            "OPTIONS Origin: {page}, Access-Control-Request-Method: PUT, Access-Control-Request-Headers: content-type"
        );
        assert_eq!(wire.trim(), expected);
        assert_eq!(predicted.trim(), expected);
        // The run carries its own explanation, console text included.
        let run = c.find(Locator::Css("[data-testid=run-record]")).await.unwrap();
        run.find(Locator::Css("[data-testid=run-explanation] summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let why = run
            .find(Locator::Css("[data-testid=run-explanation]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            why.contains("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."),
            "{why}"
        );
        assert_eq!(sent[0].header("access-control-request-headers"), Some("content-type"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_if_origin_explains_without_running_and_bad_answers_are_named() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        set_request(&c, "GET", "https://api.example.com/v1/profile", &[]).await;
        fill(&c, "what-if-origin", "https://example.com").await;
        fill(
            &c,
            "response-headers",
            "Access-Control-Allow-Origin: https://example.com",
        )
        .await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "allowed");
        assert!(text_of(&c, "not-live").await.contains("turn Live on"));
        let run = c.find(Locator::Css("[data-testid=run]")).await.expect("run button");
        assert_eq!(run.attr("disabled").await.expect("attr").as_deref(), Some("true"));
        // The page served over http: the same header no longer matches.
        fill(&c, "what-if-origin", "http://example.com").await;
        assert_eq!(attr_of(&c, "prediction-outcome", "data-outcome").await, "blocked");
        // A malformed header line gets a message; the text stays as typed.
        fill(&c, "response-headers", "Access-Control-Allow-Origin *").await;
        let err = text_of(&c, "scenario-error").await;
        assert!(
            err.contains("response headers: line 1 must look like 'Name: value'"),
            "{err}"
        );
        let kept = c
            .find(Locator::Css("[data-testid=response-headers]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some("Access-Control-Allow-Origin *"));
        fill(&c, "preflight-status", "abc").await;
        assert!(text_of(&c, "scenario-error")
            .await
            .contains("preflight status 'abc' is not an HTTP status"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origin_table_is_computed_and_editable() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let rows = c
            .find_all(Locator::Css("[data-testid=origin-row]"))
            .await
            .expect("rows");
        assert_eq!(rows.len(), 13);
        let cell = |i: usize, id: &'static str| {
            let rows = rows.clone();
            async move {
                rows[i]
                    .find(Locator::Css(&format!("[data-testid={id}]")))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(cell(0, "same-origin").await, "yes");
        assert_eq!(cell(1, "same-origin").await, "no");
        assert!(cell(1, "reason").await.contains("scheme https ≠ http"));
        assert_eq!(cell(2, "same-site").await, "yes");
        assert_eq!(cell(4, "same-site").await, "no");
        assert_eq!(cell(5, "same-origin").await, "yes", "the default port written out");
        assert_eq!(cell(7, "same-origin").await, "yes", "IDN and punycode");
        assert!(cell(7, "serialized").await.contains("xn--bcher-kva.example"));
        assert_eq!(cell(9, "same-origin").await, "no", "file: is opaque");
        assert_eq!(cell(11, "same-origin").await, "yes", "blob: takes its inner origin");
        assert_eq!(cell(12, "same-site").await, "no", "github.io is a public suffix");
        // Edit a row.
        let b = rows[1].find(Locator::Css("[data-testid=origin-b]")).await.unwrap();
        b.clear().await.unwrap();
        b.send_keys("https://example.com:443/x").await.unwrap();
        assert_eq!(cell(1, "same-origin").await, "yes");
        b.clear().await.unwrap();
        b.send_keys("not a url").await.unwrap();
        let err = rows[1]
            .find(Locator::Css("[data-testid=origin-error]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(err.contains("not an absolute URL"), "{err}");
        // Add and remove rows.
        click(&c, "origin-add").await;
        assert_eq!(
            c.find_all(Locator::Css("[data-testid=origin-row]"))
                .await
                .unwrap()
                .len(),
            14
        );
        c.find(Locator::Css("[data-testid=origin-remove]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.find(Locator::Css("[data-testid=origin-remove]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(
            c.find_all(Locator::Css("[data-testid=origin-row]"))
                .await
                .unwrap()
                .len(),
            12
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preflight_table_classifies_each_row_with_its_rule() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let rows = c
            .find_all(Locator::Css("[data-testid=preflight-row]"))
            .await
            .expect("rows");
        assert_eq!(rows.len(), 16);
        let mut kinds = vec![];
        for r in &rows {
            kinds.push(r.attr("data-preflight").await.unwrap().unwrap_or_default() == "true");
        }
        // GET, HEAD, form, text | JSON, PUT, PATCH, DELETE, Authorization, custom |
        // params, quoted param, long Accept-Language | Range, suffix Range, patch
        assert_eq!(
            kinds,
            vec![false, false, false, false, true, true, true, true, true, true, false, true, true, false, true, true]
        );
        let json_rule = rows[4]
            .find(Locator::Css("[data-testid=preflight-rule]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(json_rule.contains("application/json"), "{json_rule}");
        let long = rows[12]
            .find(Locator::Css("[data-testid=preflight-rule]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(long.contains("at most 128 bytes"), "{long}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_history_survives_a_reload_and_loads_back_into_the_editor() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        select(&c, "preset", "allow-all").await;
        set_request(&c, "DELETE", &target, &[("X-Trace", "7")]).await;
        let seen = run_now(&c).await;
        assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
        c.refresh().await.expect("reload");
        open_app(&c, &format!("{page}/")).await;
        let runs = c.find_all(Locator::Css("[data-testid=run-record]")).await.unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(
            runs[0].attr("data-run-id").await.unwrap().as_deref(),
            Some(seen.run_id.as_str())
        );
        click(&c, "run-load").await;
        let method = c
            .find(Locator::Css("[data-testid=method]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(method.as_deref(), Some("DELETE"));
        let name = c
            .find(Locator::Css("[data-testid=header-name]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("X-Trace"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_stored_history_is_kept_until_a_new_run_replaces_it() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        c.execute("localStorage.setItem('corscope.history.v1', '{not json')", vec![])
            .await
            .expect("seed storage");
        c.refresh().await.expect("reload");
        open_app(&c, &format!("{page}/")).await;
        let problem = text_of(&c, "history-problem").await;
        assert!(problem.contains("could not be read"), "{problem}");
        let read = "return [localStorage.getItem('corscope.history.v1'), localStorage.getItem('corscope.history.v1.unreadable')]";
        let stored = c.execute(read, vec![]).await.expect("read storage");
        assert_eq!(stored, serde_json::json!(["{not json", "{not json"]), "loading the page wrote nothing");
        select(&c, "preset", "allow-all").await;
        set_request(&c, "GET", &target, &[]).await;
        run_now(&c).await;
        let stored = c.execute(read, vec![]).await.expect("read storage");
        let runs: Vec<serde_json::Value> = serde_json::from_str(stored[0].as_str().expect("history saved")).expect("JSON");
        assert_eq!(runs.len(), 1, "the new run is saved");
        assert_eq!(stored[1], "{not json", "the unreadable copy stays");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_shows_an_error_panel_instead_of_a_dead_page() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        c.goto(&format!("{page}/#panic-test")).await.expect("navigate");
        let panel = c
            .wait()
            .at_most(std::time::Duration::from_secs(20))
            .for_element(Locator::Css("[data-testid=panic-panel]"))
            .await
            .expect("the panic panel appears");
        let text = panel.text().await.unwrap();
        assert!(
            text.contains("internal error") && text.contains("deliberate panic"),
            "{text}"
        );
        assert_eq!(panel.attr("role").await.unwrap().as_deref(), Some("alert"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_works_from_the_keyboard_alone() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        select(&c, "preset", "allow-all").await;
        // Focus the URL field, type, then Tab through to the Run button and press Enter.
        let url = c.find(Locator::Css("[data-testid=url]")).await.unwrap();
        url.click().await.unwrap();
        url.clear().await.unwrap();
        url.send_keys(&target).await.unwrap();
        let mut reached = false;
        for _ in 0..40 {
            let active = c.active_element().await.unwrap();
            if active.attr("data-testid").await.unwrap().as_deref() == Some("run") {
                reached = true;
                active.send_keys("\u{E007}").await.unwrap(); // Enter
                break;
            }
            active.send_keys("\u{E004}").await.unwrap(); // Tab
        }
        assert!(reached, "Tab never reached the Run button");
        let run = c
            .wait()
            .at_most(std::time::Duration::from_secs(20))
            .for_element(Locator::Css("[data-testid=run-record] [data-testid=observed]"))
            .await
            .expect("a run started from the keyboard");
        assert_eq!(run.attr("data-observed").await.unwrap().as_deref(), Some("allowed"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_twice_shows_the_preflight_cache() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = format!("{}/s/v1", lab.lab_origin());
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        select(&c, "preset", "allow-all").await;
        set_request(&c, "PUT", &target, &[("X-Custom", "1")]).await;
        click(&c, "repeat").await;
        let options = format!("OPTIONS Origin: {page}, Access-Control-Request-Method: PUT, Access-Control-Request-Headers: x-custom");
        let put = format!("PUT Origin: {page}");
        for (max_age, expected) in [
            ("600", vec![options.clone(), put.clone(), put.clone()]),
            ("0", vec![options.clone(), put.clone(), options.clone(), put.clone()]),
        ] {
            let headers = format!(
                "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Methods: *\nAccess-Control-Allow-Headers: *\nAccess-Control-Max-Age: {max_age}"
            );
            fill(&c, "preflight-headers", &headers).await;
            let seen = run_now(&c).await;
            assert_eq!((seen.observed.as_str(), seen.agree), ("allowed", true), "{seen:?}");
            let run = c.find(Locator::Css("[data-testid=run-record]")).await.unwrap();
            let wire = run.find(Locator::Css("[data-testid=run-journal]")).await.unwrap().text().await.unwrap();
            let predicted = run.find(Locator::Css("[data-testid=run-predicted-wire]")).await.unwrap().text().await.unwrap();
            let wire: Vec<&str> = wire.lines().map(str::trim).collect();
            let predicted: Vec<&str> = predicted.lines().map(str::trim).collect();
            assert_eq!(wire, expected, "Max-Age {max_age}: what the lab received");
            assert_eq!(predicted, expected, "Max-Age {max_age}: what the engine predicted");
        }
    })
    .await;
}
