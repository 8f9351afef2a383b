//! Cookies live, in each engine and third-party cookie setting: the browser
//! gets a scenario's cookies the way it would in life (a top-level visit to a
//! lab cookie host that sets them, or a credentialed fetch whose answer does),
//! then a page on `corscope-a.localhost` runs the scenario's request. What
//! arrived (the journal's `Cookie` line on each hop) must be what the engine
//! predicts; and what the answers' `Set-Cookie` lines stored must be too,
//! read back the only way a server can: the same request again from the page,
//! and a top-level visit to the answering host, each with its own prediction.
//!
//! Settings: Chromium as WebDriver starts it (third-party cookies blocked) and
//! with them allowed (`profile.cookie_controls_mode` 0); Firefox's default
//! (partitioned), allowed and blocked (`network.cookie.cookieBehavior` 0 and
//! 1); WebKitGTK's default (`visited-only`), Safari's tracking prevention
//! (`blocked`) and the accept policy "always" (`allowed`).

mod support;

use corscope_engine::lab::{self, CookieRun, CookieTicket};
use corscope_engine::{decide, CookieSetting, Scenario};
use corscope_lab::server::LabHandle;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};
use support::*;

const A: &str = "corscope-a.localhost";
const API_A: &str = "api.corscope-a.localhost";
const B: &str = "corscope-b.localhost";
const C: &str = "corscope-c.localhost";

/// The eight kinds of cookie `shared/COOKIES.md` measured, named after `p`.
fn kinds(p: &str) -> Vec<String> {
    vec![
        format!("{p}plain=1"),
        format!("{p}lax=1; SameSite=Lax"),
        format!("{p}strict=1; SameSite=Strict"),
        format!("{p}none=1; SameSite=None; Secure"),
        format!("{p}nonenosec=1; SameSite=None"),
        format!("{p}part=1; SameSite=None; Secure; Partitioned"),
        format!("__Host-{p}none=1; SameSite=None; Secure; Path=/"),
        format!("__Host-{p}plain=1; Secure; Path=/"),
    ]
}

/// How a held cookie is set: a visit, or a credentialed fetch from a page.
#[derive(Clone, Copy)]
enum Via {
    Visit,
    FetchFrom(&'static str),
}

/// One situation: the cookies held, the page, the request and its answers.
struct Case {
    name: &'static str,
    held: Vec<(&'static str, String, Via)>,
    page: &'static str,
    method: &'static str,
    credentials: &'static str,
    /// The hosts of the hops, in order (a redirect chain when more than one).
    hops: Vec<&'static str>,
    /// Set-Cookie lines of the last hop's answer (or of the redirect, for a chain).
    set_cookie: Vec<String>,
}

fn cases() -> Vec<Case> {
    let held = |host: &'static str, p: &str, via: Via| kinds(p).into_iter().map(move |k| (host, k, via)).collect();
    vec![
        Case {
            name: "a cookie set on site B, fetched from site A",
            held: held(B, "k1", Via::Visit),
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![B],
            set_cookie: vec![],
        },
        Case {
            name: "same-site, cross-origin (api.corscope-a from corscope-a)",
            held: held(API_A, "k2", Via::Visit),
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![API_A],
            set_cookie: vec![],
        },
        Case {
            name: "Set-Cookie in a credentialed cross-site answer",
            held: vec![],
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![B],
            set_cookie: kinds("k3"),
        },
        Case {
            name: "credentials same-origin (the default) to another site: no cookie, Set-Cookie ignored",
            held: held(B, "k4", Via::Visit),
            page: A,
            method: "GET",
            credentials: "same-origin",
            hops: vec![B],
            set_cookie: vec!["k4set=1; SameSite=None; Secure".into()],
        },
        Case {
            name: "the preflight never carries cookies (a PUT, same-site)",
            held: held(API_A, "k5", Via::Visit),
            page: A,
            method: "PUT",
            credentials: "include",
            hops: vec![API_A],
            set_cookie: vec![],
        },
        Case {
            name: "cookies a credentialed fetch from site A stored on site B, fetched from A again",
            held: held(B, "k6", Via::FetchFrom(A)),
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![B],
            set_cookie: vec![],
        },
        Case {
            name: "cookies a fetch from site C stored on site B, fetched from site A",
            held: held(B, "k7", Via::FetchFrom(C)),
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![B],
            set_cookie: vec![],
        },
        Case {
            name: "a cross-site redirect that sets a cookie, back to a same-site host",
            held: held(API_A, "k8", Via::Visit),
            page: A,
            method: "GET",
            credentials: "include",
            hops: vec![B, API_A],
            set_cookie: vec![
                "k8hop=1; SameSite=None; Secure".into(),
                "k8hoplax=1; SameSite=Lax".into(),
            ],
        },
    ]
}

fn origin(lab: &LabHandle, host: &str) -> String {
    lab.cookie_origin(host).expect("the cookie hosts")
}

/// The server part: each hop allows the page (or `null` after a cross-origin
/// redirect) with credentials; the Set-Cookie lines go on the first hop.
fn server(lab: &LabHandle, case: &Case) -> corscope_engine::Server {
    let page = origin(lab, case.page);
    let mut hops = vec![];
    for (i, host) in case.hops.iter().enumerate() {
        let allow = if i == 0 { page.clone() } else { "null".into() };
        let mut headers = vec![
            ("Access-Control-Allow-Origin".to_string(), allow.clone()),
            ("Access-Control-Allow-Credentials".to_string(), "true".to_string()),
        ];
        let last = i + 1 == case.hops.len();
        let status = if last { 200 } else { 302 };
        if !last {
            headers.push((
                "Location".into(),
                format!("{}{}", origin(lab, case.hops[i + 1]), lab::SCENARIO_PATH),
            ));
        }
        if i == 0 {
            headers.extend(case.set_cookie.iter().map(|l| ("Set-Cookie".to_string(), l.clone())));
        }
        let preflight = corscope_engine::Answer::new(
            204,
            &[
                ("Access-Control-Allow-Origin", &allow),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "PUT"),
            ],
        );
        hops.push(corscope_engine::Hop {
            url: Some(format!("{}{}", origin(lab, host), lab::SCENARIO_PATH)),
            preflight: Some(preflight),
            response: Some(corscope_engine::Answer {
                status,
                headers,
                body: None,
            }),
        });
    }
    if hops.len() == 1 {
        corscope_engine::Server::Single(hops.remove(0))
    } else {
        corscope_engine::Server::Chain(hops)
    }
}

/// The scenario the engine decides: the page, the request, the held cookies.
fn scenario(
    page: &str,
    url: &str,
    method: &str,
    credentials: &str,
    server: &corscope_engine::Server,
    held: serde_json::Value,
    setting: Option<CookieSetting>,
) -> Scenario {
    let mut v = serde_json::json!({
        "page": page,
        "request": {"url": url, "method": method, "credentials": credentials},
        "server": server,
        "cookies": {"held": held},
    });
    if let Some(s) = setting {
        v["cookies"]["setting"] = s.as_str().into();
    }
    corscope_engine::parse_scenario(&v.to_string()).expect("a scenario")
}

/// Names in a `Cookie` line of this case's cookies (named after `k{case}`;
/// the profile also holds earlier cases' cookies), sorted.
fn names(line: Option<&str>, case: &str) -> Vec<String> {
    let mut v = corscope_engine::cookies::names_in_cookie_line(line.unwrap_or_default());
    v.retain(|n| n.trim_start_matches("__Host-").starts_with(case));
    v
}

/// This case's names in the Cookie line of each recorded request of `run`
/// that is not a preflight, in order, from the `from`th recorded on.
fn arrived(lab: &LabHandle, run: &str, case: &str, from: usize) -> Vec<Vec<String>> {
    let mut entries = lab.journal.run(run);
    entries.sort_by_key(|e| e.seq);
    entries[from.min(entries.len())..]
        .iter()
        .filter(|e| e.method != "OPTIONS")
        .map(|e| names(e.header("cookie"), case))
        .collect()
}

/// Whether a preflight of `run` carried a Cookie line.
fn preflight_cookie(lab: &LabHandle, run: &str) -> bool {
    lab.journal
        .run(run)
        .iter()
        .any(|e| e.method == "OPTIONS" && e.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("cookie")))
}

/// What the engine says arrives on each hop.
fn predicted(d: &corscope_engine::Decision, case: &str) -> Vec<Vec<String>> {
    d.sent
        .iter()
        .filter(|r| !r.preflight)
        .map(|r| names(r.cookie.as_deref(), case))
        .collect()
}

/// Where Chromium's DevTools reasons (the performance log's
/// `requestWillBeSentExtraInfo.associatedCookies` and
/// `responseReceivedExtraInfo.blockedCookies`) differ from the engine's for
/// this case's cookies. Chromium may name a reason `Schemeful…` and list
/// several; the engine's must be among them.
fn devtools_differences(
    events: &[serde_json::Value],
    d: &corscope_engine::Decision,
    run: &str,
    tag: &str,
    case: &str,
) -> Vec<String> {
    let mine = |n: &str| n.trim_start_matches("__Host-").starts_with(tag);
    let has = |reasons: &serde_json::Value, name: &str| {
        reasons
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r == name || *r == format!("Schemeful{name}"))
    };
    let mut out = vec![];
    // The run's requests (not its preflights), in order: one per hop.
    let needle = format!("run={run}&");
    let requests: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSentExtraInfo")
        .filter(|e| {
            let h = &e["params"]["headers"];
            h[":path"].as_str().is_some_and(|p| p.contains(&needle)) && h[":method"] != "OPTIONS"
        })
        .collect();
    for (hop, e) in requests.iter().enumerate() {
        let listed = e["params"]["associatedCookies"].as_array().cloned().unwrap_or_default();
        for c in d.cookies.iter().filter(|c| c.hop == hop && mine(&c.name)) {
            let found = listed.iter().find(|a| a["cookie"]["name"] == c.name.as_str());
            let ok = match (c.sent, c.devtools, found) {
                (true, _, Some(a)) => a["blockedReasons"].as_array().is_some_and(|r| r.is_empty()),
                (true, _, None) => false,
                (false, Some(name), Some(a)) => has(&a["blockedReasons"], name),
                // Cookies of unrelated hosts are left out of the list.
                (false, Some("DomainMismatch"), None) => true,
                (false, Some(_), None) => false,
                // Another partition's cookie, or a request without credentials: not listed by name.
                (false, None, _) => true,
            };
            if !ok {
                out.push(format!(
                    "{case} [chromium DevTools, hop {hop}]: {} {} ({:?}), DevTools listed {}",
                    c.name,
                    if c.sent { "sent" } else { "not sent" },
                    c.devtools,
                    found
                        .map(|a| a["blockedReasons"].to_string())
                        .unwrap_or("nothing".into())
                ));
            }
        }
    }
    // The answers' Set-Cookie lines.
    let ids: Vec<&serde_json::Value> = requests.iter().map(|e| &e["params"]["requestId"]).collect();
    let blocked: Vec<serde_json::Value> = events
        .iter()
        .filter(|e| e["method"] == "Network.responseReceivedExtraInfo" && ids.contains(&&e["params"]["requestId"]))
        .flat_map(|e| e["params"]["blockedCookies"].as_array().cloned().unwrap_or_default())
        .collect();
    for v in d.set_cookies.iter().filter(|v| mine(&v.name)) {
        let found = blocked.iter().find(|b| b["cookieLine"] == v.line.as_str());
        let ok = match (v.stored, v.devtools, found) {
            (true, _, found) => found.is_none(),
            (false, Some(name), Some(b)) => has(&b["blockedReasons"], name),
            (false, Some(_), None) => false,
            (false, None, _) => true,
        };
        if !ok {
            out.push(format!(
                "{case} [chromium DevTools]: Set-Cookie {} {} ({:?}), DevTools blocked {}",
                v.line,
                if v.stored { "stored" } else { "not stored" },
                v.devtools,
                found
                    .map(|b| b["blockedReasons"].to_string())
                    .unwrap_or("nothing".into())
            ));
        }
    }
    if requests.is_empty() && !d.sent.is_empty() {
        out.push(format!(
            "{case} [chromium DevTools]: no request of {run} in the performance log"
        ));
    }
    out
}

async fn wait_for_journal(lab: &LabHandle, run: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while lab.journal.run(run).is_empty() {
        assert!(
            Instant::now() < deadline,
            "nothing of {run} arrived; recorded: {:?}",
            lab.journal
                .runs_with_prefix("")
                .iter()
                .rev()
                .take(5)
                .map(|e| format!("{} {} {} run={}", e.method, e.host, e.url, e.run))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the cookie page on `page` and runs `request` there; what script saw.
async fn run_on_page(c: &Client, page_origin: &str, request: &CookieRun) -> serde_json::Value {
    let json = serde_json::to_string(request).unwrap();
    let fragment: String = url::form_urlencoded::byte_serialize(json.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    // A query of its own each time: a fragment alone would not load the page again.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    c.goto(&format!("{page_origin}{}?n={n}#{fragment}", lab::COOKIE_PAGE_PATH))
        .await
        .expect("the cookie page");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let title = c.title().await.unwrap_or_default();
        if title == "done" {
            let text = c.find(Locator::Id("result")).await.unwrap().text().await.unwrap();
            return serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
        assert!(Instant::now() < deadline, "the cookie page did not finish ({title})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn get(url: &str, credentials: &str) -> CookieRun {
    CookieRun {
        url: url.into(),
        method: "GET".into(),
        credentials: credentials.into(),
        ..Default::default()
    }
}

/// Runs every case in one browser profile; returns what differed.
async fn run_cases(
    c: Client,
    lab: std::sync::Arc<LabHandle>,
    kind: Kind,
    setting: Option<CookieSetting>,
    tag: &str,
) -> Vec<String> {
    let browser = engine_browser(kind);
    let mut differ = vec![];
    for (i, case) in cases().iter().enumerate() {
        let run = format!("{tag}-{i}");
        // This case's cookies are named k1…, k2…: the profile keeps earlier cases' too.
        let tag = format!("k{}", i + 1);
        let server = server(&lab, case);
        let url = lab::run_url(
            &format!("{}{}", origin(&lab, case.hops[0]), lab::SCENARIO_PATH),
            &server,
            &run,
        );
        let held_json: Vec<serde_json::Value> = case
            .held
            .iter()
            .map(|(host, line, via)| match via {
                Via::Visit => serde_json::json!({"set_cookie": line, "url": format!("{}/", origin(&lab, host))}),
                Via::FetchFrom(from) => {
                    serde_json::json!({"set_cookie": line, "url": format!("{}/", origin(&lab, host)),
                    "via": "fetch", "from": origin(&lab, from)})
                }
            })
            .collect();
        lab.tickets
            .register(CookieTicket {
                run: run.clone(),
                held: case
                    .held
                    .iter()
                    .map(|(h, l, _)| (format!("{}/", origin(&lab, h)), l.clone()))
                    .collect(),
                answers: case.set_cookie.clone(),
            })
            .expect("a ticket of the lab's own names");
        // The browser gets the held cookies as in life.
        for (n, (host, _, via)) in case.held.iter().enumerate() {
            let visit = format!("{}/?{}={run}.{n}", origin(&lab, host), lab::VISIT_PARAM);
            match via {
                Via::Visit => {
                    c.goto(&visit).await.expect("a visit");
                }
                Via::FetchFrom(from) => {
                    let seen = run_on_page(&c, &origin(&lab, from), &get(&visit, "include")).await;
                    assert_eq!(
                        seen["outcome"], "allowed",
                        "{}: setting a held cookie by fetch: {seen}",
                        case.name
                    );
                }
            }
        }
        if !case.held.is_empty() {
            wait_for_journal(&lab, &run).await;
        }
        if kind == Kind::Chromium {
            // Only this run's events from here on.
            chromium_network_events(&c).await;
        }
        let before = lab.journal.run(&run).len();
        let page = origin(&lab, case.page);
        let s = scenario(
            &page,
            &url,
            case.method,
            case.credentials,
            &server,
            serde_json::json!(held_json),
            setting,
        );
        let d = decide(&s, browser);
        let request = CookieRun {
            url: url.clone(),
            method: case.method.into(),
            credentials: case.credentials.into(),
            ..Default::default()
        };
        let seen = run_on_page(&c, &origin(&lab, case.page), &request).await;
        if kind == Kind::Chromium {
            let events = chromium_network_events(&c).await;
            differ.extend(devtools_differences(&events, &d, &run, &tag, case.name));
        }
        assert_eq!(
            seen["outcome"].as_str(),
            Some(d.outcome.as_str()),
            "{} ({}): the page saw {seen}, the engine says {}",
            case.name,
            kind.name(),
            d.verdict()
        );
        let this_run = arrived(&lab, &run, &tag, before);
        if this_run != predicted(&d, &tag) {
            differ.push(format!(
                "{} [{}]: arrived {this_run:?}, predicted {:?}",
                case.name,
                kind.name(),
                predicted(&d, &tag)
            ));
        }
        assert!(
            !preflight_cookie(&lab, &run),
            "{}: a preflight carried a Cookie line",
            case.name
        );
        if case.method == "PUT" {
            assert!(d.preflight, "{}: the engine sends a preflight", case.name);
        }
        // What the answers stored, read back: the same request again (no
        // Set-Cookie this time), and a top-level visit to the first hop's host.
        if !case.set_cookie.is_empty() {
            let mut held_after = held_json.clone();
            // The lines the answer carried, set the way the run set them (a
            // request without credentials stores none of them).
            for line in &case.set_cookie {
                let credentialed = d
                    .set_cookies
                    .iter()
                    .any(|v| v.line == *line && v.reason != corscope_engine::CookieReason::NoCredentials);
                if credentialed {
                    held_after.push(serde_json::json!({"set_cookie": line, "url": url, "via": "fetch", "from": page}));
                }
            }
            let again = format!("{run}-again");
            let mut quiet = server.clone();
            let quiet_hops: &mut [corscope_engine::Hop] = match &mut quiet {
                corscope_engine::Server::Single(h) => std::slice::from_mut(h),
                corscope_engine::Server::Chain(v) => v,
            };
            for hop in quiet_hops {
                if let Some(r) = hop.response.as_mut() {
                    r.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("set-cookie"));
                }
            }
            let again_url = lab::run_url(
                &format!("{}{}", origin(&lab, case.hops[0]), lab::SCENARIO_PATH),
                &quiet,
                &again,
            );
            let s2 = scenario(
                &page,
                &again_url,
                "GET",
                "include",
                &quiet,
                serde_json::json!(held_after.clone()),
                setting,
            );
            let d2 = decide(&s2, browser);
            run_on_page(&c, &origin(&lab, case.page), &get(&again_url, "include")).await;
            let got = arrived(&lab, &again, &tag, 0);
            if got != predicted(&d2, &tag) {
                differ.push(format!(
                    "{} [{}], the same request again: arrived {got:?}, predicted {:?}",
                    case.name,
                    kind.name(),
                    predicted(&d2, &tag)
                ));
            }
            let visit_run = format!("{run}-visit");
            let host = origin(&lab, case.hops[0]);
            let visit_url = format!("{host}/?{}={visit_run}.0", lab::VISIT_PARAM);
            c.goto(&visit_url).await.expect("a visit");
            wait_for_journal(&lab, &visit_run).await;
            // A top-level visit sends what a same-site request from that host's own page would.
            let s3 = scenario(
                &host,
                &visit_url,
                "GET",
                "include",
                &Default::default(),
                serde_json::json!(held_after),
                setting,
            );
            let d3 = decide(&s3, browser);
            let got = arrived(&lab, &visit_run, &tag, 0);
            if got != predicted(&d3, &tag) {
                differ.push(format!(
                    "{} [{}], a visit to {}: arrived {got:?}, predicted {:?}",
                    case.name,
                    kind.name(),
                    case.hops[0],
                    predicted(&d3, &tag)
                ));
            }
        }
    }
    differ
}

async fn cookies_live(kind: Kind, settings: &[(Option<CookieSetting>, Option<CookieSetting>)]) {
    let lab = std::sync::Arc::new(lab(&dist("dist"), "/").await);
    let mut differ = vec![];
    for (i, (profile, engine)) in settings.iter().enumerate() {
        let options = Options {
            cookie_setting: *profile,
            chromium_network: kind == Kind::Chromium,
            ..Default::default()
        };
        let (lab, engine) = (lab.clone(), *engine);
        let tag = format!("{}-{i}", kind.name());
        let found = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let out = found.clone();
        with_browser_options(kind, options, move |c| async move {
            let d = run_cases(c, lab, kind, engine, &tag).await;
            out.lock().unwrap().extend(d);
        })
        .await;
        differ.extend(found.lock().unwrap().drain(..));
    }
    assert!(
        differ.is_empty(),
        "{} differences:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_sends_and_stores_the_cookies_the_engine_predicts() {
    use CookieSetting::*;
    // As WebDriver starts it (blocked: the engine's default), then allowed.
    cookies_live(Kind::Chromium, &[(None, None), (Some(Allowed), Some(Allowed))]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_sends_and_stores_the_cookies_the_engine_predicts() {
    use CookieSetting::*;
    cookies_live(
        Kind::Firefox,
        &[
            (None, None),
            (Some(Allowed), Some(Allowed)),
            (Some(Blocked), Some(Blocked)),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_sends_and_stores_the_cookies_the_engine_predicts() {
    use CookieSetting::*;
    // WebKitGTK's own default is `visited-only`; the engine's WebKit default is
    // Safari's (tracking prevention: blocked), here the shim's --itp=on.
    cookies_live(
        Kind::WebKit,
        &[
            (None, Some(VisitedOnly)),
            (Some(Blocked), None),
            (Some(Allowed), Some(Allowed)),
        ],
    )
    .await;
}

// Any scenario live on the lab's cookie hosts: its origins mapped onto lab
// origins that keep their site relations (a table per use), its cookie names
// tagged per run (one profile runs many), its held cookies set by visits and
// fetches, its request run from the cookie page on its page's origin. What
// arrived and what script saw must be what the engine says of the mapped
// scenario. Used by the cookie lessons and by the WPT-derived cookie corpus.

/// The lab's cookie hosts' ports, as lab.json gives them to the page.
fn ports(lab: &LabHandle) -> corscope_engine::lab::CookieHostPorts {
    corscope_engine::lab::CookieHostPorts {
        https: lab.cookie_port.expect("the cookie hosts"),
        http: lab.cookie_http_port,
        https_other: lab.https_port,
        http_other: Some(lab.lab_port),
    }
}

/// The cookie `line` named after `tag` (after a `__Host-`/`__Secure-`
/// prefix; before a nameless cookie's value), so that runs in one profile
/// do not meet.
fn tagged_line(line: &str, tag: &str) -> String {
    let lower = line.to_ascii_lowercase();
    for prefix in ["__host-", "__secure-"] {
        if lower.starts_with(prefix) {
            return format!("{}{tag}{}", &line[..prefix.len()], &line[prefix.len()..]);
        }
    }
    format!("{tag}{}", line.trim_start())
}

/// `s` with every cookie named after `tag`.
fn tagged(s: &Scenario, tag: &str) -> Scenario {
    let mut s = s.clone();
    for h in &mut s.cookies.held {
        h.set_cookie = tagged_line(&h.set_cookie, tag);
    }
    let hops: &mut [corscope_engine::Hop] = match &mut s.server {
        corscope_engine::Server::Single(h) => std::slice::from_mut(h),
        corscope_engine::Server::Chain(v) => v,
    };
    for hop in hops {
        for a in [hop.preflight.as_mut(), hop.response.as_mut()].into_iter().flatten() {
            for (n, v) in &mut a.headers {
                if n.eq_ignore_ascii_case("set-cookie") {
                    *v = tagged_line(v, tag);
                }
            }
        }
    }
    s
}

/// What one run showed: the outcome, what script read, the cookies of each hop.
type Facts = (String, Vec<String>, Vec<Vec<String>>);

/// "rejected" (before anything is sent) and "blocked" look alike to script.
fn outcome_class(o: &str) -> String {
    if o == "rejected" {
        "blocked".into()
    } else {
        o.to_string()
    }
}

/// Runs `s` live on the lab's cookie hosts, as the engine plans it
/// (`lab::cookie_run::plan`, as the page's "Run on the lab with these
/// cookies" does); `Err` names why it cannot run there.
async fn mapped_run(
    c: &Client,
    lab: &LabHandle,
    kind: Kind,
    s: &Scenario,
    run: &str,
    tag: &str,
) -> Result<(Facts, Facts, ConsoleLines), String> {
    let plan = corscope_engine::lab::cookie_run::plan(&tagged(s, tag), ports(lab), run)?;
    lab.tickets
        .register(plan.ticket.clone())
        .map_err(|e| format!("the lab refuses its lines: {e}"))?;
    for step in &plan.set_up {
        match step {
            corscope_engine::lab::cookie_run::SetUp::Fetch { page, url } => {
                let seen = run_on_page(c, page, &get(url, "include")).await;
                if seen["outcome"] != "allowed" {
                    return Err(format!("setting a held cookie by fetch: {seen}"));
                }
            }
            corscope_engine::lab::cookie_run::SetUp::Visit(url) => {
                c.goto(url).await.map_err(|e| e.to_string())?;
            }
        }
    }
    let mapped = plan.scenario.clone();
    let page = plan.page.clone();
    let url = mapped.request.url.clone();
    if !mapped.cookies.held.is_empty() {
        wait_for_journal(lab, run).await;
    }
    let before = lab.journal.run(run).len();
    let d = decide(&mapped, engine_browser(kind));
    let request = CookieRun {
        url,
        method: s.request.method.clone(),
        headers: s.request.headers.clone(),
        body: s.request.body.clone(),
        mode: s.request.mode.as_str().into(),
        credentials: s.request.credentials.as_str().into(),
        redirect: s.request.redirect.as_str().into(),
    };
    if kind == Kind::Firefox {
        // Only this request's lines: the set-up's are dropped.
        firefox_cookie_console(c).await;
    }
    let seen = run_on_page(c, &page, &request).await;
    let console = match kind {
        Kind::Firefox => firefox_lines_agree(&firefox_cookie_console(c).await, &d, tag),
        _ => ConsoleLines::default(),
    };
    let arrived = arrived(lab, run, tag, before);
    // Only the headers the scenario's answers name (the lab adds its own).
    let declared = mapped.server.response_header_names();
    let readable = |v: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = v
            .into_iter()
            .filter(|n| declared.contains(n) && !matches!(n.as_str(), "content-type" | "content-length"))
            .collect();
        v.sort();
        v
    };
    let seen_exposed: Vec<String> = seen["exposed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect();
    // Names without the run's tag, so that two runs compare.
    let untagged = |hops: Vec<Vec<String>>| -> Vec<Vec<String>> {
        hops.into_iter()
            .map(|h| h.into_iter().map(|n| n.replacen(tag, "", 1)).collect())
            .collect()
    };
    let live: Facts = (
        outcome_class(seen["outcome"].as_str().unwrap_or_default()),
        readable(seen_exposed),
        untagged(arrived),
    );
    let engine: Facts = (
        outcome_class(d.outcome.as_str()),
        readable(d.exposed.clone()),
        untagged(predicted(&d, tag)),
    );
    Ok((live, engine, console))
}

/// Firefox's cookie lines for one request: how many, and what disagreed.
#[derive(Default)]
struct ConsoleLines {
    read: usize,
    /// Of those, the lines about this run's cookies (checked against the engine).
    judged: usize,
    problems: Vec<String>,
}

/// Each of Firefox's cookie lines must be read by corscope's reader, and say
/// what the engine decided for that cookie of this run (named after `tag`;
/// the profile holds earlier runs' too): a refusal, the engine's reason for
/// not sending or storing it (Firefox's "“Lax” or “Strict”" lines name both);
/// a warning, a cookie the engine kept.
fn firefox_lines_agree(lines: &[String], d: &corscope_engine::Decision, tag: &str) -> ConsoleLines {
    use corscope_engine::diagnose::cookie_message::read_cookie_message;
    use corscope_engine::CookieReason::{SameSiteLax, SameSiteStrict};
    let mut out = ConsoleLines::default();
    for line in lines {
        let m = match read_cookie_message(line) {
            Ok(m) => m,
            Err(e) => {
                out.problems.push(format!("not read: {line} ({e})"));
                continue;
            }
        };
        out.read += 1;
        let Some(name) = m
            .name
            .as_deref()
            .filter(|n| n.trim_start_matches("__Host-").starts_with(tag))
        else {
            continue;
        };
        out.judged += 1;
        let either = line.contains("“Lax” or “Strict”") || line.contains("\"Lax\" or \"Strict\"");
        let same = |a: corscope_engine::CookieReason, b: corscope_engine::CookieReason| {
            a == b || either && matches!(a, SameSiteLax | SameSiteStrict) && matches!(b, SameSiteLax | SameSiteStrict)
        };
        let verdicts: Vec<(bool, corscope_engine::CookieReason)> = d
            .cookies
            .iter()
            .filter(|c| c.name == name)
            .map(|c| (c.sent, c.reason))
            .chain(
                d.set_cookies
                    .iter()
                    .filter(|v| v.name == name)
                    .map(|v| (v.stored, v.reason)),
            )
            .collect();
        let agrees = match (m.warning, m.reason) {
            (true, _) => verdicts.iter().any(|(kept, _)| *kept),
            (false, Some(r)) => verdicts.iter().any(|(kept, reason)| !kept && same(*reason, r)),
            (false, None) => verdicts.iter().any(|(kept, _)| !kept),
        };
        if !agrees {
            out.problems.push(format!(
                "Firefox printed {line:?} (read as {:?}{}); the engine: {verdicts:?}",
                m.reason,
                if m.warning { ", a warning" } else { "" }
            ));
        }
    }
    out
}

/// The groups of a list of scenarios by the profile each needs: its own
/// setting, else the engine's default for the browser (Safari's tracking
/// prevention for WebKit).
/// Scenarios that run in one profile: its setting, and each with its own data.
type Group<T> = (Option<CookieSetting>, Vec<(Scenario, T)>);

fn by_profile<T>(kind: Kind, items: Vec<(Scenario, T)>) -> Vec<Group<T>> {
    let default = match kind {
        Kind::WebKit => Some(CookieSetting::Blocked),
        _ => None,
    };
    let mut groups: Vec<Group<T>> = vec![];
    for (s, t) in items {
        let want = s.cookies.setting.or(default);
        match groups.iter_mut().find(|(w, _)| *w == want) {
            Some((_, v)) => v.push((s, t)),
            None => groups.push((want, vec![(s, t)])),
        }
    }
    groups
}

async fn lessons_live(kind: Kind) {
    let lab = std::sync::Arc::new(lab(&dist("dist"), "/").await);
    let lessons: Vec<(Scenario, &'static corscope_engine::learn::Lesson)> = corscope_engine::learn::LESSONS
        .iter()
        .filter(|l| l.about_cookies())
        .map(|l| (l.scenario().unwrap(), l))
        .collect();
    assert!(lessons.len() >= 6, "the issue asks for six cookie lessons at least");
    let mut problems = vec![];
    for (g, (setting, lessons)) in by_profile(kind, lessons).into_iter().enumerate() {
        let options = Options {
            cookie_setting: setting,
            ..Default::default()
        };
        let lab = lab.clone();
        let found = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let out = found.clone();
        with_browser_options(kind, options, move |c| async move {
            for (i, (_, l)) in lessons.iter().enumerate() {
                let mut facts = vec![];
                for (which, s) in [("a", l.scenario().unwrap()), ("b", l.changed().unwrap())] {
                    let run = format!("lesson-{}-{g}-{i}{which}", kind.name());
                    let tag = format!("l{g}{i}{which}_");
                    let (live, engine, _) = mapped_run(&c, &lab, kind, &s, &run, &tag)
                        .await
                        .unwrap_or_else(|e| panic!("{} ({which}): {e}", l.id));
                    if live != engine {
                        out.lock().unwrap().push(format!(
                            "{} ({which}) [{}]: live {live:?}, engine {engine:?}",
                            l.id,
                            kind.name()
                        ));
                    }
                    facts.push(live);
                }
                let flips = l.flips_in().contains(&engine_browser(kind));
                if flips == (facts[0] == facts[1]) {
                    out.lock().unwrap().push(format!(
                        "{} [{}]: try this {} live ({:?} → {:?})",
                        l.id,
                        kind.name(),
                        if flips { "flips nothing" } else { "changed something" },
                        facts[0],
                        facts[1]
                    ));
                }
            }
        })
        .await;
        problems.extend(found.lock().unwrap().drain(..));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cookie_lesson_runs_live_in_chromium() {
    lessons_live(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cookie_lesson_runs_live_in_firefox() {
    lessons_live(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cookie_lesson_runs_live_in_webkit() {
    lessons_live(Kind::WebKit).await;
}

// The WPT-derived cookie corpus live: each scenario with its own setting (as
// WPT runs: third-party cookies allowed, but for the tests of blocking), then
// each with the browser's default setting; the engine's prediction for the
// scenario as planned on the lab must be what each browser does. The plan maps
// site-a.example onto corscope-a.localhost (a second host of it onto
// api.corscope-a.localhost), site-b.example onto corscope-b.localhost, over
// https and http (the cookie hosts answer both), and one other port per scheme
// onto the lab's scenario origin of that scheme (requests only).

fn corpus() -> Vec<Scenario> {
    let text = std::fs::read_to_string(repo().join("crates/engine/tests/cookie-corpus.json")).unwrap();
    corscope_engine::parse_scenarios(&text).expect("the corpus parses")
}

/// Runs the corpus in `kind`, with each scenario's own setting or (`own`
/// false) the browser's default; returns (ran, agreed, left out, differences).
/// What a corpus run found: scenarios run, agreeing, left out (why),
/// differences; Firefox's cookie lines read, and where they disagreed.
type CorpusRun = (usize, usize, Vec<String>, Vec<String>, (usize, usize), Vec<String>);

async fn corpus_in(kind: Kind, own: bool) -> CorpusRun {
    let lab = std::sync::Arc::new(lab(&dist("dist"), "/").await);
    let all: Vec<(Scenario, usize)> = corpus()
        .into_iter()
        .enumerate()
        .map(|(i, mut s)| {
            if !own {
                s.cookies.setting = None;
            }
            (s, i)
        })
        .collect();
    let result = std::sync::Arc::new(std::sync::Mutex::new((
        0usize,
        0usize,
        vec![],
        vec![],
        (0usize, 0usize),
        vec![],
    )));
    for (g, (setting, items)) in by_profile(kind, all).into_iter().enumerate() {
        let options = Options {
            cookie_setting: setting,
            ..Default::default()
        };
        let (lab, out) = (lab.clone(), result.clone());
        with_browser_options(kind, options, move |c| async move {
            for (s, i) in items {
                let run = format!("corpus-{}-{own}-{g}-{i}", kind.name());
                let tag = format!("w{i}_");
                match mapped_run(&c, &lab, kind, &s, &run, &tag).await {
                    Err(why) => out.lock().unwrap().2.push(format!("{}: {why}", s.name)),
                    Ok((live, engine, console)) => {
                        let mut o = out.lock().unwrap();
                        o.0 += 1;
                        o.4 .0 += console.read;
                        o.4 .1 += console.judged;
                        o.5.extend(console.problems.into_iter().map(|p| format!("{}: {p}", s.name)));
                        if live == engine {
                            o.1 += 1;
                        } else {
                            o.3.push(format!(
                                "{} [{}]: live {live:?}, engine {engine:?}",
                                s.name,
                                kind.name()
                            ));
                        }
                    }
                }
            }
        })
        .await;
    }
    let r = result.lock().unwrap();
    (r.0, r.1, r.2.clone(), r.3.clone(), r.4, r.5.clone())
}

async fn corpus_live(kind: Kind) {
    let mut report = vec![];
    let mut differ = vec![];
    let (mut lines, mut judged) = (0, 0);
    for own in [true, false] {
        let (ran, agreed, left, d, (read, about), console) = corpus_in(kind, own).await;
        lines += read;
        judged += about;
        differ.extend(console);
        let what = if own {
            "each scenario's setting"
        } else {
            "the browser's default"
        };
        report.push(format!(
            "{} with {what}: {agreed}/{ran} agree; {} left out",
            kind.name(),
            left.len()
        ));
        assert!(ran >= 100, "{}: only {ran} ran; left out: {left:#?}", kind.name());
        differ.extend(d);
    }
    if kind == Kind::Firefox {
        report.push(format!(
            "Firefox printed {lines} cookie lines, each read; {judged} about the run's own cookies, each with the engine's verdict"
        ));
        // The check can see a line: the corpus has cookies Firefox refuses.
        assert!(
            judged >= 10,
            "Firefox printed only {judged} lines about the runs' cookies"
        );
    }
    let out = output_dir().join(format!("cookie-corpus-{}.txt", kind.name()));
    std::fs::write(&out, format!("{}\n{}\n", report.join("\n"), differ.join("\n"))).unwrap();
    eprintln!("{}", report.join("\n"));
    assert!(
        differ.is_empty(),
        "{} differences:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_corpus_runs_live_in_chromium() {
    corpus_live(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_corpus_runs_live_in_firefox() {
    corpus_live(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_corpus_runs_live_in_webkit() {
    corpus_live(Kind::WebKit).await;
}

// The page: a cookie lesson's scenario shows the cookies the browser holds,
// and for each whether it goes, as the engine says for this browser; typing
// cookies and choosing the setting changes it; a line the page cannot read
// says so and keeps what was typed.

/// Each cookie row the page shows: (hop, name, sent).
async fn cookie_rows(c: &Client) -> Vec<(String, String, String)> {
    let mut out = vec![];
    for row in c.find_all(Locator::Css("[data-testid=cookie-row]")).await.unwrap() {
        out.push((
            row.attr("data-hop").await.unwrap().unwrap_or_default(),
            row.attr("data-name").await.unwrap().unwrap_or_default(),
            row.attr("data-sent").await.unwrap().unwrap_or_default(),
        ));
    }
    out
}

fn engine_rows(s: &Scenario, browser: corscope_engine::Browser) -> Vec<(String, String, String)> {
    decide(s, browser)
        .cookies
        .iter()
        .map(|c| (c.hop.to_string(), c.name.clone(), c.sent.to_string()))
        .collect()
}

async fn wait_for_rows(c: &Client, want: &[(String, String, String)], what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = cookie_rows(c).await;
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the page shows {got:?}, the engine says {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn page_shows_cookies(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let page = lab.page_origin();
    let browser = engine_browser(kind);
    with_browser(kind, move |c| async move {
        // Run on the lab with the lesson's cookies: what arrived is what the engine says.
        for id in ["same-site-subdomain", "cookie-not-sent"] {
            open_app(&c, &format!("{page}/#lesson={id}")).await;
            let live = run_cookies_on_lab(&c).await.unwrap_or_else(|e| panic!("{id}: {e}"));
            let (lines, agree, setting) = (live.lines, live.agree, live.setting);
            // WebKitGTK's own default (visited-only) is not Safari's, which the
            // engine predicts for WebKit: the page says which setting it saw.
            let want = (kind == Kind::WebKit && id == "cookie-not-sent").then_some("visited-only");
            match want {
                Some(s) => assert!(agree == "false" && setting.split(' ').any(|x| x == s), "{id} [webkit]: {agree} {setting} {lines:?}"),
                None => assert_eq!(agree, "true", "{id} [{}]: {lines:?}", kind.name()),
            }
            // Same-site: the Strict cookie went; the other site's: as the browser's setting says.
            if id == "same-site-subdomain" {
                assert!(lines.iter().any(|l| l.contains("sid=1")), "{lines:?}");
            }
            c.goto("about:blank").await.unwrap();
        }
        let l = corscope_engine::learn::lesson("cookie-not-sent").unwrap();
        open_app(&c, &format!("{page}/#lesson={}", l.id)).await;
        let before = engine_rows(&l.scenario().unwrap(), browser);
        assert!(before.iter().all(|r| r.2 == "false"), "{before:?}");
        wait_for_rows(&c, &before, "the lesson").await;
        let fixes = c.find_all(Locator::Css("[data-testid=cookie-fix]")).await.unwrap();
        assert!(fixes.len() >= 4, "the ways out are listed");
        assert!(text_of(&c, "cookie-setting-used")
            .await
            .contains("Third-party cookies:"));
        click(&c, "lesson-try").await;
        let after = engine_rows(&l.changed().unwrap(), browser);
        assert!(after.iter().all(|r| r.2 == "true"), "{after:?}");
        wait_for_rows(&c, &after, "try this").await;
        // Typing cookies, then the setting.
        let mut s = l.scenario().unwrap();
        s.cookies.held[0].set_cookie = "typed=1; SameSite=None; Secure".into();
        s.cookies.held.push(corscope_engine::HeldCookie {
            set_cookie: "lax=1; SameSite=Lax".into(),
            url: "https://api.example/".into(),
            via: Default::default(),
            from: None,
        });
        let lines = "typed=1; SameSite=None; Secure @ https://api.example/\nlax=1; SameSite=Lax @ https://api.example/";
        // The lesson's scenario again, with these cookies.
        c.goto("about:blank").await.unwrap();
        open_app(&c, &format!("{page}/#lesson={}", l.id)).await;
        paste_into(&c, "cookie-lines", lines).await;
        wait_for_rows(&c, &engine_rows(&s, browser), "typed cookies").await;
        select(&c, "cookie-setting", "allowed").await;
        s.cookies.setting = Some(CookieSetting::Allowed);
        let allowed = engine_rows(&s, browser);
        assert_eq!(allowed.iter().filter(|r| r.2 == "true").count(), 1, "{allowed:?}");
        wait_for_rows(&c, &allowed, "third-party cookies allowed").await;
        // A line the page cannot read: said, and what was typed stays.
        paste_into(&c, "cookie-lines", "oops no url").await;
        assert!(text_of(&c, "cookie-problem").await.contains("line 1"));
        let kept = c
            .find(Locator::Css("[data-testid=cookie-lines]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        assert_eq!(kept, "oops no url");
        wait_for_rows(&c, &allowed, "the last readable cookies are kept").await;
        // A Firefox cookie line pasted into the console reader: read, and reproduced.
        let line = "Cookie “sid” has been rejected because it is in a cross-site context and its “SameSite” is “Lax” or “Strict”.";
        paste_into(&c, "console-text", line).await;
        click(&c, "console-diagnose").await;
        assert_eq!(attr_of(&c, "cookie-message-result", "data-reason").await, "same_site_lax");
        click(&c, "cookie-message-load").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let rows = cookie_rows(&c).await;
            let stored = c.find_all(Locator::Css("[data-testid=set-cookie-row][data-stored=false]")).await.unwrap();
            if rows.iter().any(|r| r.1 == "sid" && r.2 == "false") || !stored.is_empty() {
                break;
            }
            assert!(Instant::now() < deadline, "the reproduction shows sid kept back: {rows:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_which_cookie_goes_in_chromium() {
    page_shows_cookies(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_which_cookie_goes_in_firefox() {
    page_shows_cookies(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_which_cookie_goes_in_webkit() {
    page_shows_cookies(Kind::WebKit).await;
}

// No website can plant a cookie through the lab: a stranger page asks the
// app origin to register lines (refused), fetches a crafted scenario URL on a
// cookie host whose answer would set one, and opens crafted URLs top level (a
// scenario answer, and a visit of an unregistered run); afterwards a visit to
// that cookie host carries no planted cookie, and nothing was registered.

async fn no_cookie_is_planted(kind: Kind) {
    let lab = lab(&dist("dist"), "/").await;
    let app = lab.page_origin();
    let b = origin(&lab, B);
    let planted = "planted=1; SameSite=None; Secure; Path=/";
    let cfg = |allow: &str| {
        serde_json::json!({"response": {"status": 200, "headers": [
            ["Set-Cookie", planted], ["Access-Control-Allow-Origin", allow], ["Access-Control-Allow-Credentials", "true"]]}})
        .to_string()
    };
    let encode = |t: &str| url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>();
    let ticket =
        serde_json::json!({"run": "planted", "held": [[format!("{b}/"), planted]], "answers": [planted]}).to_string();
    let html = format!(
        r#"<script>(async () => {{
  const out = [];
  try {{ const r = await fetch('{app}{path}', {{method: 'POST', body: {ticket:?}, headers: {{'content-type': 'application/json'}}}}); out.push('register:' + r.status); }}
  catch (e) {{ out.push('register:failed'); }}
  try {{ const r = await fetch('{b}/s/v1?run=planted&cfg=' + encodeURIComponent({cfg:?}.replace('ORIGIN', location.origin)), {{credentials: 'include'}}); out.push('fetch:' + r.status); }}
  catch (e) {{ out.push('fetch:failed'); }}
  document.title = 'done:' + out.join('|');
}})();</script>"#,
        path = lab::COOKIE_TICKET_PATH,
        cfg = cfg("ORIGIN"),
    );
    let (port, server) = stranger_site(html).await;
    let crafted = format!("{b}/s/v1?run=planted-top&cfg={}", encode(&cfg("*")));
    let visit = format!("{b}/?{}=planted.0", lab::VISIT_PARAM);
    let check = format!("{b}/?{}=check.0", lab::VISIT_PARAM);
    let lab = std::sync::Arc::new(lab);
    let l = lab.clone();
    with_browser(kind, move |c| async move {
        c.goto(&format!("http://127.0.0.1:{port}/")).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let title = loop {
            let t = c.title().await.unwrap_or_default();
            if t.starts_with("done:") {
                break t;
            }
            assert!(Instant::now() < deadline, "the stranger's script did not finish ({t})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(
            title.contains("register:403") || title.contains("register:failed"),
            "{title}"
        );
        c.goto(&crafted).await.unwrap();
        c.goto(&visit).await.unwrap();
        // A control: a line the lab's own side registered is set, and the check sees it.
        let b = origin(&l, B);
        l.tickets
            .register(CookieTicket {
                run: "control".into(),
                held: vec![(format!("{b}/"), "control=1; SameSite=None; Secure; Path=/".into())],
                answers: vec![],
            })
            .unwrap();
        c.goto(&format!("{b}/?{}=control.0", lab::VISIT_PARAM)).await.unwrap();
        c.goto(&check).await.unwrap();
        wait_for_journal(&l, "check").await;
        let cookie = l.journal.run("check")[0].header("cookie").map(str::to_string);
        let cookie = cookie.unwrap_or_default();
        assert!(
            cookie.contains("control=1"),
            "{}: the check sees no cookie at all: {cookie:?}",
            kind.name()
        );
        assert!(
            !cookie.contains("planted"),
            "{}: a cookie was planted: {cookie:?}",
            kind.name()
        );
        // The crafted requests did reach the lab (so the test saw them refused, not missed).
        assert!(!l.journal.run("planted-top").is_empty());
        assert!(l.tickets.answers("planted").is_empty(), "a stranger registered lines");
    })
    .await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_website_plants_a_cookie_through_the_lab_in_chromium() {
    no_cookie_is_planted(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_website_plants_a_cookie_through_the_lab_in_firefox() {
    no_cookie_is_planted(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_website_plants_a_cookie_through_the_lab_in_webkit() {
    no_cookie_is_planted(Kind::WebKit).await;
}

// No website reads or steers a cookie run through the lab: a stranger page,
// at a click of the user's, opens the cookie page on a cookie host with a run
// of its own (it runs, with the user's cookies, but tells only an opener on
// the app origin), frames it (refused: never framed), and opens it with a run
// aimed at a host outside the lab (refused by the page's CSP). The same probe
// from the app origin is the control: its message arrives.

/// Installs a button that opens `pop` and `away`, frames `frame`, and after
/// 3 s puts into the title what the window heard and could read.
const COOKIE_PAGE_PROBE: &str = r#"function (pop, frame, away) {
  const got = [];
  window.addEventListener('message', (e) => got.push(JSON.stringify(e.data)));
  const b = document.createElement('button');
  b.setAttribute('data-testid', 'probe');
  b.textContent = 'probe';
  b.addEventListener('click', () => {
    const w = window.open(pop, '_blank');
    window.open(away, '_blank');
    const f = document.createElement('iframe');
    f.src = frame;
    document.body.appendChild(f);
    setTimeout(() => {
      let read = 'refused';
      try { read = 'read:' + w.document.title + ':' + w.location.href; } catch (e) {}
      document.title = 'done:' + JSON.stringify({ got, read });
    }, 3000);
  });
  document.body.appendChild(b);
}"#;

/// The probe's three cookie pages for `run`: a run on cookie host `b`, the
/// same framed, and a run aimed at `away`.
fn probe_pages(b: &str, run: &str, away: &str) -> [String; 3] {
    let page = |n: usize, url: &str| lab::cookie_run::cookie_page_url(b, &get(url, "include"), run, n);
    [
        page(0, &format!("{b}/s/v1?run={run}-pop")),
        page(1, &format!("{b}/s/v1?run={run}-frame")),
        page(2, away),
    ]
}

/// Clicks the probe (installed first from the test's side when `pages` are given);
/// what it heard and read.
async fn cookie_page_probe(c: &Client, pages: Option<&[String; 3]>) -> serde_json::Value {
    if let Some(pages) = pages {
        c.execute(
            &format!("({COOKIE_PAGE_PROBE})(arguments[0], arguments[1], arguments[2])"),
            pages.iter().map(|p| p.as_str().into()).collect(),
        )
        .await
        .expect("the probe installs");
    }
    click(c, "probe").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let t = c.title().await.unwrap_or_default();
        if let Some(json) = t.strip_prefix("done:") {
            return serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        }
        assert!(Instant::now() < deadline, "the probe did not finish ({t})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn cookie_page_is_not_a_strangers_tool(kind: Kind) {
    let lab = std::sync::Arc::new(lab(&dist("dist"), "/").await);
    let b = origin(&lab, B);
    // A host outside the lab: any connection to it is a leak.
    let outside = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let away = format!("http://127.0.0.1:{}/leak", outside.local_addr().unwrap().port());
    let reached = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = reached.clone();
    let listener = tokio::spawn(async move {
        while let Ok((_s, _)) = outside.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let [pop, frame, off] = probe_pages(&b, "stranger", &away);
    let html =
        format!("<!doctype html><body><script>({COOKIE_PAGE_PROBE})({pop:?}, {frame:?}, {off:?});</script></body>");
    let (port, server) = stranger_site(html).await;
    let l = lab.clone();
    let app = lab.page_origin();
    let control = probe_pages(&b, "control", &away);
    with_browser(kind, move |c| async move {
        let name = kind.name();
        c.goto(&format!("http://127.0.0.1:{port}/")).await.unwrap();
        let seen = cookie_page_probe(&c, None).await;
        wait_for_journal(&l, "stranger-pop").await;
        assert_eq!(
            seen["got"],
            serde_json::json!([]),
            "{name}: a stranger heard the cookie run: {seen}"
        );
        assert_eq!(
            seen["read"], "refused",
            "{name}: a stranger read the cookie page: {seen}"
        );
        // The control: the app origin hears the same run.
        c.goto(&format!("{app}/")).await.unwrap();
        let seen = cookie_page_probe(&c, Some(&control)).await;
        wait_for_journal(&l, "control-pop").await;
        let got = seen["got"].as_array().cloned().unwrap_or_default();
        assert!(
            got.iter().any(|m| m
                .as_str()
                .is_some_and(|m| m.contains("\"cookie-run\"") && m.contains("\"status\":200"))),
            "{name}: the app origin did not hear its cookie run: {seen}"
        );
        for run in ["stranger-frame", "control-frame"] {
            assert!(
                l.journal.run(run).is_empty(),
                "{name}: the framed cookie page ran ({run})"
            );
        }
    })
    .await;
    assert_eq!(
        reached.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "{}: the cookie page reached a host outside the lab",
        kind.name()
    );
    listener.abort();
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_read_or_steer_the_cookie_page_in_chromium() {
    cookie_page_is_not_a_strangers_tool(Kind::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_read_or_steer_the_cookie_page_in_firefox() {
    cookie_page_is_not_a_strangers_tool(Kind::Firefox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_read_or_steer_the_cookie_page_in_webkit() {
    cookie_page_is_not_a_strangers_tool(Kind::WebKit).await;
}
