//! A scenario with cookies, run for real (issue #28): the lab's cookie hosts
//! hold its cookies, a window the user opened shows the visits that set them,
//! then the lab's cookie page on the page's lab origin runs the request and
//! tells this page (the lab's app origin, or the paired page that registered
//! the run with the lab's key: it answers no one else) what script saw. What
//! arrived is read from the journal. Deferred: only the Cookies part uses it.

use corscope_engine::lab::cookie_run::{cookie_page_url, CookieRunPlan, SetUp};
use corscope_engine::lab::{CookieRun, JournalEntry, COOKIE_TICKET_PATH, JOURNAL_PATH, VISIT_PARAM};
use futures::channel::oneshot;
use std::cell::RefCell;

/// What the run showed.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieLive {
    /// What script saw: "allowed", "blocked", "opaque" (or why nothing ran).
    pub outcome: String,
    /// The `Cookie` line of each request the lab received, in order (preflights left out).
    pub arrived: Vec<Option<String>>,
}

thread_local! {
    /// The window the run waits for, the origin it must speak from, and the waiter.
    static WAITING: RefCell<Option<(web_sys::Window, String, oneshot::Sender<String>)>> = const { RefCell::new(None) };
    static LISTENING: RefCell<bool> = const { RefCell::new(false) };
}

fn on_message(event: web_sys::MessageEvent) {
    WAITING.with(|cell| {
        let mut cell = cell.borrow_mut();
        let Some((window, origin, _)) = cell.as_ref() else {
            return;
        };
        let from_it = event
            .source()
            .is_some_and(|s| js_sys::Object::is(window.as_ref(), s.as_ref()));
        if event.origin() != *origin || !from_it {
            return;
        }
        let data = event.data();
        let kind = js_sys::Reflect::get(&data, &"corscope".into())
            .ok()
            .and_then(|v| v.as_string());
        if kind.as_deref() != Some("cookie-run") {
            return;
        }
        let result = js_sys::Reflect::get(&data, &"result".into())
            .ok()
            .and_then(|r| js_sys::JSON::stringify(&r).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        if let Some((_, _, tx)) = cell.take() {
            let _ = tx.send(result);
        }
    });
}

/// Opens the cookie page at `url` in `popup` and waits for what it saw.
async fn page_result(popup: &web_sys::Window, page_origin: &str, url: &str) -> Result<String, String> {
    super::listen_to_messages(&LISTENING, on_message)?;
    let (tx, rx) = oneshot::channel();
    WAITING.with(|w| *w.borrow_mut() = Some((popup.clone(), page_origin.to_string(), tx)));
    popup
        .location()
        .set_href(url)
        .map_err(|_| "the window the run opened is gone")?;
    let timeout = async {
        super::sleep(15_000).await;
        Err::<String, String>("the lab's cookie page did not answer in 15 s".into())
    };
    let answer = async { rx.await.map_err(|_| "the lab's cookie page went away".to_string()) };
    futures::pin_mut!(timeout, answer);
    match futures::future::select(answer, timeout).await {
        futures::future::Either::Left((r, _)) | futures::future::Either::Right((r, _)) => r,
    }
}

async fn journal_of(home: &str, run: &str) -> Vec<JournalEntry> {
    let run: String = js_sys::encode_uri_component(run).into();
    super::journal(&format!("{home}{JOURNAL_PATH}?run={run}"))
        .await
        .unwrap_or_default()
}

/// Registers the run's lines with the lab at `home`, gives `popup` the held
/// cookies, runs the request, and reads what arrived.
pub async fn run(home: &str, plan: &CookieRunPlan, popup: web_sys::Window) -> Result<CookieLive, String> {
    let body = serde_json::to_string(&plan.ticket).map_err(|e| e.to_string())?;
    super::post_lab(&format!("{home}{COOKIE_TICKET_PATH}"), &body)
        .await
        .map_err(|e| format!("the lab did not take the run's cookies: {e}"))?;
    let run = &plan.ticket.run;
    for (n, step) in plan.set_up.iter().enumerate() {
        match step {
            SetUp::Visit(url) => {
                let before = journal_of(home, run).await.len();
                popup
                    .location()
                    .set_href(url)
                    .map_err(|_| "the window the run opened is gone")?;
                let mut waited = 0;
                while journal_of(home, run).await.len() <= before {
                    if waited > 10_000 {
                        return Err(format!("the visit to {url} did not reach the lab"));
                    }
                    super::sleep(100).await;
                    waited += 100;
                }
                // Let the visit's page finish loading before the next navigation.
                super::sleep(200).await;
            }
            SetUp::Fetch { page, url } => {
                let request = CookieRun {
                    url: url.clone(),
                    method: "GET".into(),
                    credentials: "include".into(),
                    ..Default::default()
                };
                page_result(&popup, page, &cookie_page_url(page, &request, run, n)).await?;
            }
        }
    }
    let before = journal_of(home, run).await.len();
    let r = &plan.scenario.request;
    let request = CookieRun {
        url: r.url.clone(),
        method: r.method.clone(),
        headers: r.headers.clone(),
        body: r.body.clone(),
        mode: r.mode.as_str().into(),
        credentials: r.credentials.as_str().into(),
        redirect: r.redirect.as_str().into(),
    };
    let seen = page_result(
        &popup,
        &plan.page,
        &cookie_page_url(&plan.page, &request, run, plan.set_up.len()),
    )
    .await?;
    let _ = popup.close();
    let outcome = serde_json::from_str::<serde_json::Value>(&seen)
        .ok()
        .and_then(|v| v["outcome"].as_str().map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    let mut entries = journal_of(home, run).await;
    entries.sort_by_key(|e| e.seq);
    let arrived = entries
        .into_iter()
        .skip(before)
        .filter(|e| e.method != "OPTIONS" && !e.url.contains(VISIT_PARAM))
        .map(|e| e.header("cookie").map(str::to_string))
        .collect();
    Ok(CookieLive { outcome, arrived })
}
