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

/// The colours of the diagram's text, arrows and lifelines, and its panel's background.
async fn diagram_colours(c: &fantoccini::Client) -> serde_json::Value {
    c.execute(
        "const svg = document.querySelector('[data-testid=sequence-predicted] svg') || document.querySelector('.sequence svg');
         const css = (sel, prop) => { const e = svg.querySelector(sel); return e ? getComputedStyle(e)[prop] : null; };
         let bg = svg; while (bg && getComputedStyle(bg).backgroundColor.replace(/ /g, '') === 'rgba(0,0,0,0)') bg = bg.parentElement;
         return {dark: matchMedia('(prefers-color-scheme: dark)').matches, text: css('.msg-label', 'fill'),
                 arrow: css('.msg line', 'stroke'), lifeline: css('.lifeline line', 'stroke'),
                 background: bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)'};",
        vec![],
    )
    .await
    .expect("diagram colours")
}

/// WCAG relative-luminance contrast of two `rgb(r, g, b)` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |c: &str| {
        let v: Vec<f64> = c
            .trim_start_matches("rgba(")
            .trim_start_matches("rgb(")
            .trim_end_matches(')')
            .split(',')
            .take(3)
            .map(|x| x.trim().parse::<f64>().expect("a colour") / 255.0)
            .map(|x| {
                if x <= 0.03928 {
                    x / 12.92
                } else {
                    ((x + 0.055) / 1.055).powf(2.4)
                }
            })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Dark mode: the diagram takes the dark theme (its colours change and its
/// text keeps a 4.5:1 contrast on its panel), and axe-core finds no serious
/// violation (colour contrast included) with a lesson open. Screenshots in
/// test-output/ at 1280 and 390 px.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dark_theme_keeps_the_diagram_readable() {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let url = format!("{page}/#lesson=how-cors-works");
    let light = {
        let url = url.clone();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(serde_json::Value::Null));
        let out = seen.clone();
        with_chromium(move |c| async move {
            open_app(&c, &url).await;
            *out.lock().unwrap() = diagram_colours(&c).await;
        })
        .await;
        let v = seen.lock().unwrap().clone();
        v
    };
    let options = Options {
        dark: true,
        ..Options::default()
    };
    with_browser_options(Kind::Chromium, options, move |c| async move {
        open_app(&c, &url).await;
        let dark = diagram_colours(&c).await;
        assert_eq!(light["dark"], false, "{light}");
        assert_eq!(dark["dark"], true, "{dark}");
        for part in ["text", "arrow", "lifeline", "background"] {
            assert_ne!(
                light[part], dark[part],
                "{part} is the same in both themes: {light} / {dark}"
            );
        }
        for theme in [&light, &dark] {
            let ratio = contrast(theme["text"].as_str().unwrap(), theme["background"].as_str().unwrap());
            assert!(ratio >= 4.5, "diagram text contrast {ratio:.2}: {theme}");
        }
        let serious = serious_violations(&c).await;
        assert!(
            serious.is_empty(),
            "dark: {}",
            serde_json::to_string_pretty(&serious).unwrap()
        );
        for width in [1280u32, 390] {
            c.set_window_size(width, 1000).await.unwrap();
            let el = c.find(fantoccini::Locator::Css(".sequence")).await.unwrap();
            let png = el.screenshot().await.unwrap();
            std::fs::write(output_dir().join(format!("sequence-dark-{width}.png")), png).unwrap();
        }
    })
    .await;
}
