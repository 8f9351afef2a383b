//! Accessibility checked by a real tool: axe-core (npm, pinned in
//! package.json) injected into the page in Chromium, run on the whole page —
//! lessons, console paste, request, answers, prediction with its diagram,
//! sharing, a live run in the history, the tables and the Matrix — with a
//! lesson open and after a live run. Serious and critical violations fail.

mod support;

use support::*;

async fn serious_violations(c: &fantoccini::Client) -> Vec<serde_json::Value> {
    let axe = std::fs::read_to_string(repo().join("node_modules/axe-core/axe.min.js"))
        .expect("node_modules/axe-core (npm ci, as scripts/setup.sh runs it)");
    c.execute(&format!("{axe}\nreturn typeof axe;"), vec![])
        .await
        .expect("inject axe-core");
    let found = c
        .execute_async(
            "const done = arguments[0];
             axe.run(document).then(r => done({passes: r.passes.length, all: r.violations.map(v => v.id + ':' + v.impact), serious: r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))}),
               e => done({passes: 0, all: [], serious: [{id: 'axe-error', help: String(e)}]}));",
            vec![],
        )
        .await
        .expect("axe.run");
    // axe ran its rules on this page (a page it could not read would pass nothing).
    let passes = found["passes"].as_u64().unwrap_or(0);
    assert!(passes >= 15, "axe-core checked only {passes} rules: {found}");
    eprintln!("axe-core: {passes} rules passed; other violations: {}", found["all"]);
    found["serious"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_has_no_serious_accessibility_violations() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    with_chromium(move |c| async move {
        open_app(&c, &format!("{page}/#lesson=how-cors-works")).await;
        wait_for_lab_origins(&c).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        // Each section link leads to its section.
        let missing = c
            .execute(
                "return [...document.querySelectorAll('[data-testid=sections] a')].map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(missing, serde_json::json!([]), "section links without a section");
        let first = serious_violations(&c).await;
        assert!(
            first.is_empty(),
            "with a lesson open: {}",
            serde_json::to_string_pretty(&first).unwrap()
        );
        click(&c, "live-lab").await;
        let seen = run_now(&c).await;
        assert_eq!(seen.observed, "allowed", "{seen:?}");
        let after = serious_violations(&c).await;
        assert!(
            after.is_empty(),
            "after a live run: {}",
            serde_json::to_string_pretty(&after).unwrap()
        );
        // Each section at 1280 and at 390 px, for people to look at (test-output/).
        for width in [1280u32, 390] {
            c.set_window_size(width, 1000).await.unwrap();
            c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
            screenshot(&c, &format!("first-view-{width}")).await;
            for id in ["why", "learn", "test", "prediction-panel", "reference", "matrix"] {
                let css = if id == "prediction-panel" {
                    "[data-testid=prediction-panel]".to_string()
                } else {
                    format!("#{id}")
                };
                let el = c.find(fantoccini::Locator::Css(&css)).await.unwrap();
                let png = el.screenshot().await.unwrap();
                std::fs::write(output_dir().join(format!("section-{id}-{width}.png")), png).unwrap();
            }
        }
    })
    .await;
}
