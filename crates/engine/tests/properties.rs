//! Properties over generated scenarios: the engine never panics, the fix it
//! proposes really makes the scenario allowed, and the preflight's
//! `Access-Control-Request-Headers` names are lowercase, sorted and unique.

use corscope_engine::{apply_fix, decide, explain, Answer, Browser, Hop, Outcome, RequestSpec, Scenario, Server};
use corscope_engine::{CredentialsMode, RedirectMode, RequestMode};
use proptest::prelude::*;

fn one_of(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(items).prop_map(str::to_string)
}

fn header_pair() -> impl Strategy<Value = (String, String)> {
    (
        one_of(&[
            "Content-Type",
            "Accept",
            "Accept-Language",
            "Content-Language",
            "Range",
            "X-Custom",
            "x-trace",
            "Authorization",
            "Cookie",
            "Sec-Foo",
            "X-HTTP-Method-Override",
        ]),
        one_of(&[
            "application/json",
            "text/plain",
            "text/plain; charset=utf-8",
            "multipart/form-data; boundary=x",
            "bytes=0-10",
            "bytes=-5",
            "en-US,en;q=0.9",
            "1",
            "Bearer t",
            "a{b}",
            "TRACE",
            "",
        ]),
    )
}

fn response_header() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (
            Just("Access-Control-Allow-Origin".to_string()),
            one_of(&[
                "*",
                "https://app.example",
                "http://app.example",
                "null",
                "https://app.example/",
                "app.example",
                "https://other.example"
            ])
        ),
        (
            Just("Access-Control-Allow-Credentials".to_string()),
            one_of(&["true", "True", "false"])
        ),
        (
            Just("Access-Control-Allow-Methods".to_string()),
            one_of(&[
                "*",
                "GET, POST",
                "PUT, PATCH, DELETE",
                "patch",
                "PATCH",
                "GET PUT",
                "Wibbley-Wobbley"
            ])
        ),
        (
            Just("Access-Control-Allow-Headers".to_string()),
            one_of(&["*", "Content-Type", "x-custom, X-Trace", "Authorization, *", "a b"])
        ),
        (
            Just("Access-Control-Expose-Headers".to_string()),
            one_of(&["*", "X-Total", "x-total, etag"])
        ),
        (
            Just("Access-Control-Max-Age".to_string()),
            one_of(&["600", "100000", "-1", "abc"])
        ),
        (Just("X-Total".to_string()), one_of(&["3"])),
        (Just("Content-Type".to_string()), one_of(&["application/json"])),
        (Just("Set-Cookie".to_string()), one_of(&["a=b"])),
        (
            Just("Location".to_string()),
            one_of(&[
                "https://api.example/next",
                "https://app.example/back",
                "/relative",
                "https://u:p@api.example/"
            ])
        ),
    ]
}

fn answer() -> impl Strategy<Value = Option<Answer>> {
    proptest::option::of(
        (
            proptest::sample::select(&[200u16, 204, 301, 302, 303, 307, 401, 404, 500][..]),
            prop::collection::vec(response_header(), 0..5),
        )
            .prop_map(|(status, headers)| Answer {
                status,
                headers,
                body: None,
            }),
    )
}

fn hop() -> impl Strategy<Value = Hop> {
    (answer(), answer()).prop_map(|(preflight, response)| Hop {
        url: None,
        preflight,
        response,
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let request = (
        one_of(&[
            "https://api.example/items",
            "https://app.example/same",
            "http://api.example/x",
            "http://localhost:5000/",
            "data:text/plain,hi",
            "ftp://x/",
        ]),
        one_of(&[
            "GET",
            "get",
            "POST",
            "post",
            "PUT",
            "patch",
            "DELETE",
            "Wibbley-Wobbley",
            "TRACE",
            "BAD METHOD",
        ]),
        prop::collection::vec(header_pair(), 0..4),
        proptest::option::of(one_of(&["{}", "a=b"])),
        proptest::sample::select(&[RequestMode::Cors, RequestMode::NoCors, RequestMode::SameOrigin][..]),
        proptest::sample::select(
            &[
                CredentialsMode::Omit,
                CredentialsMode::SameOrigin,
                CredentialsMode::Include,
            ][..],
        ),
        proptest::sample::select(&[RedirectMode::Follow, RedirectMode::Error, RedirectMode::Manual][..]),
    )
        .prop_map(
            |(url, method, headers, body, mode, credentials, redirect)| RequestSpec {
                url,
                method,
                headers,
                body,
                mode,
                credentials,
                redirect,
            },
        );
    let server = prop_oneof![
        hop().prop_map(Server::Single),
        prop::collection::vec(hop(), 1..4).prop_map(Server::Chain)
    ];
    (
        one_of(&[
            "https://app.example",
            "http://app.example",
            "null",
            "http://localhost:3000",
        ]),
        request,
        server,
    )
        .prop_map(|(page, request, server)| Scenario {
            name: String::new(),
            page,
            request,
            server,
            expect: None,
            network: Default::default(),
            cookies: Default::default(),
        })
}

const BROWSERS: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_proposed_fix_makes_a_blocked_scenario_allowed(s in scenario()) {
        for b in BROWSERS {
            let d = explain(&s, b);
            prop_assert!(d.steps.iter().all(|st| st.spec.starts_with("https://")));
            if d.outcome == Outcome::Blocked {
                prop_assert!(d.console.chromium.is_some(), "{:?}", d.failure);
                // Firefox logs no CORS message when mode same-origin refuses a redirect.
                let firefox_silent = d.failure == Some(corscope_engine::Failure::DisallowedByMode);
                prop_assert!(d.console.firefox.is_some() || firefox_silent, "{:?}", d.failure);
                let fix = d.fix.clone().expect("a blocked decision has a fix");
                if fix.client.is_none() {
                    prop_assert!(!fix.server.is_empty());
                    let fixed = apply_fix(&s, &fix.server);
                    let again = decide(&fixed, b);
                    // With redirect: 'manual', passing the CORS check yields the
                    // opaque-redirect response the page asked for.
                    let manual_redirect = again.response_type == corscope_engine::ResponseType::Opaqueredirect;
                    prop_assert!(again.outcome == Outcome::Allowed || manual_redirect, "{:?} then {:?}", d.failure, again.failure);
                }
            }
            if d.outcome == Outcome::Allowed {
                prop_assert!(d.failure.is_none() && d.fix.is_none());
            }
        }
    }

    /// The page's first view shows `steps`, and a run is judged by `verdict`
    /// (no trace): both must say what the full explanation says.
    #[test]
    fn steps_and_the_bare_verdict_agree_with_the_explanation(s in scenario()) {
        for b in BROWSERS {
            let full = explain(&s, b);
            let steps = corscope_engine::steps(&s, b);
            let bare = corscope_engine::verdict(&s, b);
            prop_assert_eq!(&steps.steps, &full.steps);
            for d in [&steps, &bare] {
                prop_assert_eq!(d.outcome, full.outcome);
                prop_assert_eq!(d.preflight, full.preflight);
                prop_assert_eq!(&d.exposed, &full.exposed);
                prop_assert_eq!(&d.request_headers, &full.request_headers);
            }
        }
    }

    #[test]
    fn request_headers_are_lowercase_sorted_and_unique(s in scenario()) {
        for b in BROWSERS {
            let d = decide(&s, b);
            let mut sorted = d.request_headers.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(&sorted, &d.request_headers);
            prop_assert!(d.request_headers.iter().all(|n| n.bytes().all(|c| !c.is_ascii_uppercase())));
            for sent in d.sent.iter().filter(|r| r.preflight) {
                if let Some(v) = &sent.access_control_request_headers {
                    let names: Vec<&str> = v.split(',').collect();
                    let mut again = names.clone();
                    again.sort();
                    again.dedup();
                    prop_assert_eq!(names, again);
                    prop_assert!(!v.contains(' '));
                }
            }
        }
    }

    #[test]
    fn no_panic_on_arbitrary_text(page in ".{0,40}", url in ".{0,60}", method in ".{0,12}",
                                  name in ".{0,12}", value in ".{0,40}", status in any::<u16>()) {
        let s = Scenario {
            name: String::new(),
            page,
            request: RequestSpec { url, method, headers: vec![(name.clone(), value.clone())], ..RequestSpec::get("") },
            server: Server::Chain(vec![Hop { url: None, preflight: Some(Answer { status, headers: vec![(name, value)], body: None }), response: None }]),
            expect: None,
            network: Default::default(),
            cookies: Default::default(),
        };
        for b in BROWSERS {
            let _ = explain(&s, b);
        }
    }

    #[test]
    fn no_panic_parsing_arbitrary_files(text in ".{0,200}") {
        let _ = corscope_engine::parse_scenarios(&text);
    }
}
