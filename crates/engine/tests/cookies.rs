//! The cookie layer (RFC 6265bis, CHIPS, each browser's policy) on the
//! situations `shared/COOKIES.md` measured, decided natively. The same
//! situations run in the real browsers in tests/e2e_cookies.rs, which checks
//! these predictions against what arrived at the lab.

use corscope_engine::{decide, parse_scenario, Browser, CookieReason, CookieSetting, Decision};

/// The eight kinds of cookie the facts sheet used.
const KINDS: [&str; 8] = [
    "c_plain=1",
    "c_lax=1; SameSite=Lax",
    "c_strict=1; SameSite=Strict",
    "c_none=1; SameSite=None; Secure",
    "c_nonenosec=1; SameSite=None",
    "c_part=1; SameSite=None; Secure; Partitioned",
    "__Host-none=1; SameSite=None; Secure; Path=/",
    "__Host-plain=1; Secure; Path=/",
];

fn held(url: &str) -> String {
    KINDS
        .iter()
        .map(|k| format!(r#"{{"set_cookie": "{k}", "url": "{url}"}}"#))
        .collect::<Vec<_>>()
        .join(",")
}

fn run(
    page: &str,
    url: &str,
    held_on: &str,
    setting: Option<CookieSetting>,
    answer: &str,
    browser: Browser,
) -> Decision {
    let setting = setting.map(|s| format!(r#""setting": "{s}","#)).unwrap_or_default();
    let text = format!(
        r#"{{"page": "{page}", "request": {{"url": "{url}", "credentials": "include"}},
            "cookies": {{{setting} "held": [{}]}},
            "server": {{"response": {{"status": 200, "headers": [["Access-Control-Allow-Origin", "{page}"],
                ["Access-Control-Allow-Credentials", "true"]{answer}]}}}}}}"#,
        held(held_on)
    );
    decide(&parse_scenario(&text).unwrap(), browser)
}

fn sent(d: &Decision) -> Vec<&str> {
    let mut v: Vec<&str> = d.cookies.iter().filter(|c| c.sent).map(|c| c.name.as_str()).collect();
    v.sort();
    v
}

fn stored(d: &Decision) -> Vec<String> {
    let mut v: Vec<String> = d
        .set_cookies
        .iter()
        .filter(|c| c.stored)
        .map(|c| match &c.partition {
            Some(p) => format!("{}@{p}", c.name),
            None => c.name.clone(),
        })
        .collect();
    v.sort();
    v
}

const A: &str = "https://site-a.test";
const B: &str = "https://site-b.test/";

#[test]
fn a_cookie_set_on_site_b_goes_cross_site_only_where_the_setting_lets_it() {
    use CookieSetting::*;
    let cases: [(Browser, Option<CookieSetting>, &[&str]); 8] = [
        (Browser::Chromium, None, &[]),
        (Browser::Firefox, None, &[]),
        (Browser::WebKit, None, &[]),
        (
            Browser::WebKit,
            Some(VisitedOnly),
            &[
                "__Host-none",
                "__Host-plain",
                "c_none",
                "c_nonenosec",
                "c_part",
                "c_plain",
            ],
        ),
        (Browser::Chromium, Some(Allowed), &["__Host-none", "c_none"]),
        (
            Browser::Firefox,
            Some(Allowed),
            &["__Host-none", "__Host-plain", "c_none", "c_plain"],
        ),
        (Browser::Firefox, Some(Blocked), &[]),
        (Browser::Spec, None, &["__Host-none", "c_none"]),
    ];
    for (browser, setting, want) in cases {
        let d = run(A, "https://site-b.test/api", B, setting, "", browser);
        assert_eq!(sent(&d), want, "{browser} {setting:?}: {:#?}", d.cookies);
        assert_eq!(d.outcome, corscope_engine::Outcome::Allowed);
    }
    // Why, in Chromium's words where it has them.
    let d = run(A, "https://site-b.test/api", B, None, "", Browser::Chromium);
    let reason = |n: &str| d.cookies.iter().find(|c| c.name == n).unwrap().reason;
    assert_eq!(reason("c_plain"), CookieReason::SameSiteUnspecifiedTreatedAsLax);
    assert_eq!(reason("c_lax"), CookieReason::SameSiteLax);
    assert_eq!(reason("c_strict"), CookieReason::SameSiteStrict);
    assert_eq!(reason("c_none"), CookieReason::ThirdPartyBlocked);
    assert_eq!(reason("c_part"), CookieReason::OtherPartition);
    assert!(
        d.cookies.iter().all(|c| c.name != "c_nonenosec"),
        "never stored: {:?}",
        d.held_cookies
    );
    let d = run(A, "https://site-b.test/api", B, None, "", Browser::Firefox);
    assert!(
        d.cookies.iter().all(|c| c.reason == CookieReason::OtherPartition
            || c.reason == CookieReason::SameSiteLax
            || c.reason == CookieReason::SameSiteStrict),
        "{:#?}",
        d.cookies
    );
}

#[test]
fn same_site_cross_origin_requests_carry_every_stored_cookie() {
    for browser in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
        let d = run(
            A,
            "https://api.site-a.test/x",
            "https://api.site-a.test/",
            None,
            "",
            browser,
        );
        let held: Vec<&str> = d
            .held_cookies
            .iter()
            .filter(|h| h.stored)
            .map(|h| h.name.as_str())
            .collect();
        let mut held = held;
        held.sort();
        // A Partitioned cookie set on a visit to api.site-a.test is keyed to site-a.test: this page's site.
        assert_eq!(sent(&d), held, "{browser}: {:#?}", d.cookies);
        assert!(d
            .cookies
            .iter()
            .all(|c| c.sent == (c.reason != CookieReason::DomainMismatch)));
        let line = d.sent.iter().find(|s| !s.preflight).unwrap().cookie.clone().unwrap();
        assert!(
            line.contains("c_strict=1") && line.contains("c_lax=1"),
            "{browser}: {line}"
        );
    }
}

#[test]
fn what_each_browser_stores_from_a_cross_site_answer() {
    let answer: String = KINDS.iter().map(|k| format!(r#", ["Set-Cookie", "{k}"]"#)).collect();
    let cases: [(Browser, Option<CookieSetting>, &[&str]); 5] = [
        (Browser::Chromium, None, &["c_part@https://site-a.test"]),
        (
            Browser::Firefox,
            None,
            &[
                "__Host-none@https://site-a.test",
                "__Host-plain@https://site-a.test",
                "c_none@https://site-a.test",
                "c_part@https://site-a.test",
                "c_plain@https://site-a.test",
            ],
        ),
        (Browser::WebKit, None, &[]),
        (Browser::WebKit, Some(CookieSetting::VisitedOnly), &[]),
        (
            Browser::WebKit,
            Some(CookieSetting::Allowed),
            &[
                "__Host-none",
                "__Host-plain",
                "c_lax",
                "c_none",
                "c_nonenosec",
                "c_part",
                "c_plain",
                "c_strict",
            ],
        ),
    ];
    for (browser, setting, want) in cases {
        let d = run(
            A,
            "https://site-b.test/api",
            "https://site-c.test/",
            setting,
            &answer,
            browser,
        );
        assert_eq!(stored(&d), want, "{browser} {setting:?}: {:#?}", d.set_cookies);
        assert!(d.set_cookies.iter().all(|s| s.hop == Some(0)));
    }
    let d = run(
        A,
        "https://site-b.test/api",
        "https://site-c.test/",
        None,
        &answer,
        Browser::Firefox,
    );
    let why = |n: &str| d.set_cookies.iter().find(|c| c.name == n).unwrap().reason;
    assert_eq!(why("c_lax"), CookieReason::SameSiteLax);
    assert_eq!(why("c_nonenosec"), CookieReason::SameSiteNoneInsecure);
}

#[test]
fn secure_cookies_over_http_loopback_and_none_without_secure() {
    let scenario = |held: &str| {
        parse_scenario(&format!(
            r#"{{"page": "http://localhost:3000", "request": {{"url": "http://localhost:3000/"}},
                "cookies": {{"held": [{{"set_cookie": "{held}", "url": "http://localhost:3000/"}}]}}}}"#
        ))
        .unwrap()
    };
    for (line, chromium_firefox, webkit) in [
        ("s=1; Secure", true, false),
        ("__Host-s=1; Secure; Path=/", true, false),
        ("n=1; SameSite=None", false, true),
        ("p=1; Partitioned; Secure", true, false),
    ] {
        let s = scenario(line);
        for b in [Browser::Chromium, Browser::Firefox] {
            assert_eq!(decide(&s, b).held_cookies[0].stored, chromium_firefox, "{b} {line}");
        }
        let d = decide(&s, Browser::WebKit);
        assert_eq!(d.held_cookies[0].stored, webkit, "{line}: {:?}", d.held_cookies);
    }
}

#[test]
fn the_preflight_never_carries_cookies_and_set_cookie_is_never_readable() {
    let s = parse_scenario(
        r#"{"page": "https://site-a.test", "request": {"url": "https://api.site-a.test/x", "method": "PUT", "credentials": "include"},
            "cookies": {"held": [{"set_cookie": "sid=1", "url": "https://api.site-a.test/"}]},
            "server": {"preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://site-a.test"],
                         ["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Methods", "PUT"]]},
                       "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://site-a.test"],
                         ["Access-Control-Allow-Credentials", "true"], ["Access-Control-Expose-Headers", "Set-Cookie, X-A"],
                         ["Set-Cookie", "next=2"], ["X-A", "1"]]}}}"#,
    )
    .unwrap();
    for b in [Browser::Spec, Browser::Chromium, Browser::Firefox, Browser::WebKit] {
        let d = decide(&s, b);
        assert!(d.preflight);
        let pre = d.sent.iter().find(|r| r.preflight).unwrap();
        assert_eq!(pre.cookie, None);
        let actual = d.sent.iter().find(|r| !r.preflight).unwrap();
        assert_eq!(actual.cookie.as_deref(), Some("sid=1"), "{b}");
        assert!(d.exposed.contains(&"x-a".to_string()) && !d.exposed.contains(&"set-cookie".to_string()));
        assert!(d.set_cookies[0].stored, "{b}: same-site answer");
    }
}

#[test]
fn without_credentials_nothing_goes_and_set_cookie_is_ignored() {
    for creds in ["omit", "same-origin"] {
        let s = parse_scenario(&format!(
            r#"{{"page": "https://site-a.test", "request": {{"url": "https://api.site-a.test/x", "credentials": "{creds}"}},
                "cookies": {{"held": [{{"set_cookie": "sid=1", "url": "https://api.site-a.test/"}}]}},
                "server": {{"response": {{"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Set-Cookie", "n=1"]]}}}}}}"#
        ))
        .unwrap();
        let d = decide(&s, Browser::Chromium);
        assert_eq!(d.cookies[0].reason, CookieReason::NoCredentials);
        assert!(!d.cookies[0].sent);
        assert_eq!(d.set_cookies[0].reason, CookieReason::NoCredentials);
        assert_eq!(d.sent[0].cookie, None);
    }
}

#[test]
fn a_redirect_sets_a_cookie_that_the_next_hop_carries() {
    let s = parse_scenario(
        r#"{"page": "https://site-a.test", "request": {"url": "https://site-a.test/login", "credentials": "include"},
            "server": [{"url": "https://site-a.test/login", "response": {"status": 302, "headers": [["Location", "https://api.site-a.test/me"], ["Set-Cookie", "sid=9; Domain=site-a.test; SameSite=Lax"]]}},
                       {"url": "https://api.site-a.test/me", "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://site-a.test"], ["Access-Control-Allow-Credentials", "true"]]}}]}"#,
    )
    .unwrap();
    for b in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
        let d = decide(&s, b);
        assert!(d.set_cookies[0].stored, "{b}");
        let second = d.sent.iter().find(|r| r.hop == 1 && !r.preflight).unwrap();
        assert_eq!(second.cookie.as_deref(), Some("sid=9"), "{b}");
    }
}

#[test]
fn malformed_lines_are_ignored_the_way_browsers_ignore_them_and_say_so() {
    for (line, reason) in [
        ("=", CookieReason::NoCookieContent),
        ("a=b\u{1}", CookieReason::SyntaxError),
        ("a=1; Domain=test", CookieReason::InvalidDomain),
        ("a=1; Domain=other.test", CookieReason::InvalidDomain),
        (
            "__Host-a=1; Secure; Domain=site-a.test; Path=/",
            CookieReason::InvalidPrefix,
        ),
        ("__Secure-a=1", CookieReason::InvalidPrefix),
        ("p=1; Partitioned", CookieReason::PartitionedNotSecure),
    ] {
        let s = corscope_engine::Scenario {
            cookies: corscope_engine::Cookies {
                setting: None,
                held: vec![corscope_engine::HeldCookie {
                    set_cookie: line.into(),
                    url: "https://site-a.test/".into(),
                    via: Default::default(),
                    from: None,
                }],
            },
            ..parse_scenario(r#"{"page": "https://site-a.test", "request": {"url": "https://site-a.test/"}}"#).unwrap()
        };
        let d = decide(&s, Browser::Chromium);
        assert_eq!(d.held_cookies[0].reason, reason, "{line:?}");
        assert!(!d.held_cookies[0].stored && !d.held_cookies[0].why.is_empty());
        assert!(d
            .steps
            .iter()
            .any(|st| st.check == corscope_engine::Check::HeldCookie && !st.passed));
    }
    // Unknown attributes and values are read past, and noted.
    let s = parse_scenario(
        r#"{"page": "https://site-a.test", "request": {"url": "https://site-a.test/"},
            "cookies": {"held": [{"set_cookie": "a=1; SameSite=Lx; Colour=blue", "url": "https://site-a.test/"}]}}"#,
    )
    .unwrap();
    let d = decide(&s, Browser::Firefox);
    assert!(d.held_cookies[0].stored);
    assert!(
        d.held_cookies[0].why.contains("SameSite=Lx"),
        "{}",
        d.held_cookies[0].why
    );
}

/// crates/engine/tests/cookie-corpus.json: situations transcribed from
/// web-platform-tests (cookies/samesite, partitioned-cookies,
/// third-party-cookies, prefix, secure; fetch/api/cors and credentials), each
/// with what the test (and RFC 6265bis -22 with CHIPS) expects. The engine's
/// spec mode must give exactly that.
#[test]
fn the_engine_gives_what_each_wpt_cookie_test_expects() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cookie-corpus.json")).unwrap();
    let scenarios = corscope_engine::parse_scenarios(&text).expect("the corpus parses");
    assert!(scenarios.len() >= 100, "{} scenarios", scenarios.len());
    let mut wrong = vec![];
    for s in &scenarios {
        let e = s.expect.as_ref().expect("expectations");
        let d = decide(s, Browser::Spec);
        if let Some(o) = e.outcome {
            if o != d.outcome {
                wrong.push(format!("{}: outcome {} (want {o})", s.name, d.outcome));
            }
        }
        if let Some(want) = &e.cookies_sent {
            let hops = d
                .sent
                .iter()
                .filter(|r| !r.preflight)
                .map(|r| r.hop)
                .max()
                .map_or(0, |h| h + 1);
            let got: Vec<Vec<String>> = (0..hops)
                .map(|h| {
                    let mut v: Vec<String> = d
                        .cookies
                        .iter()
                        .filter(|c| c.hop == h && c.sent)
                        .map(|c| c.name.clone())
                        .collect();
                    v.sort();
                    v
                })
                .collect();
            if &got != want {
                wrong.push(format!("{}: sent {got:?} (want {want:?})", s.name));
            }
        }
        if let Some(want) = &e.cookies_stored {
            if &stored(&d) != want {
                wrong.push(format!("{}: stored {:?} (want {want:?})", s.name, stored(&d)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        scenarios.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_exchange_and_the_bug_report_show_the_cookie_line() {
    let d = run(
        A,
        "https://site-b.test/api",
        B,
        Some(CookieSetting::Allowed),
        "",
        Browser::Chromium,
    );
    let s = parse_scenario(&format!(
        r#"{{"page": "{A}", "request": {{"url": "https://site-b.test/api", "credentials": "include"}},
            "cookies": {{"setting": "allowed", "held": [{}]}}}}"#,
        held(B)
    ))
    .unwrap();
    let text = corscope_engine::explain::sequence::predicted(&s, &d).text();
    assert!(text.contains("cookie: c_none=1; __Host-none=1"), "{text}");
    let md = corscope_engine::share::report::bug_report(&s, &d, None, "https://x/#s1=");
    assert!(md.contains("### Cookies (third-party cookies: allowed)"), "{md}");
    assert!(md.contains("c_lax not sent"), "{md}");
    // Without held cookies the diagram says no more than before.
    let plain = parse_scenario(
        r#"{"page": "https://a.test", "request": {"url": "https://b.test/", "credentials": "include"}}"#,
    )
    .unwrap();
    let d = decide(&plain, Browser::Chromium);
    assert!(corscope_engine::explain::sequence::predicted(&plain, &d)
        .text()
        .contains("cookies: sent"));
}
