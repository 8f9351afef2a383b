//! The foundation, end to end in headless Chromium: the app loads from the
//! lab's page origin, makes real cross-origin fetches, and the browser's
//! verdicts (and the preflight it sends) are what the lab serves for.

mod support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_is_allowed_and_closed_is_blocked_cross_origin() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let (verdict, text) = probe(&c, "GET", &format!("{target}/open?run=open1"), &[]).await;
        assert_eq!(verdict, "allowed", "{text}");
        assert!(text.contains("cors response, status 200"), "{text}");
        let (verdict, text) = probe(&c, "GET", &format!("{target}/closed?run=closed1"), &[]).await;
        assert_eq!(verdict, "blocked", "{text}");
        assert!(text.contains("TypeError"), "{text}");
        screenshot(&c, "foundation-desktop").await;
    })
    .await;
    // The blocked request still reached the lab: CORS blocks reading, not sending.
    let closed = lab.journal.run("closed1");
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].header("origin"), Some(lab.page_origin().as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_origin_closed_is_allowed_as_basic_from_the_labs_same_origin_page() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let frame = lab.frame_origin();
    let journal = lab.journal.clone();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        wait_for_lab_origins(&c).await;
        // The app origin answers no scenario: a request to the lab's
        // same-origin page's origin runs from that page, and is predicted so.
        let (verdict, text) = probe(&c, "GET", &format!("{frame}/closed?run=same1"), &[]).await;
        assert_eq!(verdict, "allowed", "{text}");
        assert!(text.contains("basic response"), "{text}");
        let sent = journal.run("same1");
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(
            sent[0].header("origin"),
            None,
            "a same-origin GET sends no Origin: {sent:?}"
        );
        assert_eq!(sent[0].header("sec-fetch-site"), Some("same-origin"), "{sent:?}");
        assert_eq!(
            attr_of(&c, "prediction-outcome", "data-outcome").await,
            "allowed",
            "predicted from the page it runs from"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_with_a_custom_header_sends_an_options_preflight_first() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    // A *.localhost host name: cross-origin to the page.
    let target = format!("http://api.localhost:{}", lab.lab_port);
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let (verdict, text) = probe(&c, "PUT", &format!("{target}/open?run=put1"), &[("X-Custom", "1")]).await;
        assert_eq!(verdict, "allowed", "{text}");
    })
    .await;
    let seen = lab.journal.run("put1");
    let methods: Vec<&str> = seen.iter().map(|e| e.method.as_str()).collect();
    assert_eq!(methods, vec!["OPTIONS", "PUT"], "{seen:#?}");
    assert_eq!(seen[0].header("access-control-request-method"), Some("PUT"));
    assert_eq!(seen[0].header("access-control-request-headers"), Some("x-custom"));
    assert_eq!(seen[0].header("origin"), Some(lab.page_origin().as_str()));
    assert_eq!(seen[1].header("x-custom"), Some("1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_works_under_a_sub_path() {
    let lab = lab(&dist("dist-pages"), "/corscope/").await;
    let page = lab.page_origin();
    let target = lab.lab_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/corscope/")).await;
        let (verdict, text) = probe(&c, "GET", &format!("{target}/open?run=sub1"), &[]).await;
        assert_eq!(verdict, "allowed", "{text}");
    })
    .await;
    assert_eq!(lab.journal.run("sub1").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_sets_the_benchmark_marks_in_order() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        // The later panels mark once their effect has run; give it a moment.
        let mut marks = serde_json::Value::Null;
        for _ in 0..50 {
            marks = c
                .execute(
                    "return ['corscope-start', 'corscope-interactive', 'corscope-complete']
                       .map(n => performance.getEntriesByName(n, 'mark').map(m => m.startTime));",
                    vec![],
                )
                .await
                .expect("read the marks");
            if marks[2].as_array().is_some_and(|a| !a.is_empty()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let time = |i: usize| {
            let list = marks[i].as_array().cloned().unwrap_or_default();
            assert_eq!(list.len(), 1, "mark {i} should be set once: {marks}");
            list[0].as_f64().unwrap()
        };
        let (start, interactive, complete) = (time(0), time(1), time(2));
        assert!(start <= interactive && interactive <= complete, "{marks}");
    })
    .await;
}

/// The lab serves the build's pre-compressed copies: Chromium receives the
/// wasm brotli-encoded (it offers br to a loopback page over http too) and runs
/// it; resource timing tells the bytes on the wire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wasm_travels_compressed() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/")).await;
        let sizes = c
            .execute(
                "const e = performance.getEntriesByType('resource').find(r => r.name.endsWith('_bg.wasm'));
                 return e ? [e.encodedBodySize, e.decodedBodySize] : null;",
                vec![],
            )
            .await
            .expect("read the resource timing");
        let (wire, decoded) = (sizes[0].as_f64().unwrap(), sizes[1].as_f64().unwrap());
        let wasm = std::fs::read_dir(dist("dist"))
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().ends_with("_bg.wasm"))
            .unwrap();
        let br = std::fs::metadata(format!("{}.br", wasm.path().display()))
            .unwrap()
            .len();
        assert_eq!(decoded as u64, wasm.metadata().unwrap().len(), "{sizes}");
        assert_eq!(wire as u64, br, "the .br copy is what travels: {sizes}");
    })
    .await;
}
