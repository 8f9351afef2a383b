//! Whole-fetch behaviours from the Fetch Standard's text, one scenario each.

use corscope_engine::{explain, parse_scenario, Browser, Check, Decision, Failure, Outcome, ResponseType, Stage};

fn run(json: &str) -> Decision {
    explain(&parse_scenario(json).expect("valid scenario"), Browser::Chromium)
}

fn run_in(json: &str, b: Browser) -> Decision {
    explain(&parse_scenario(json).expect("valid scenario"), b)
}

const ALLOW_APP: &str = r#"["Access-Control-Allow-Origin","https://app.example"]"#;

#[test]
fn forbidden_request_headers_are_dropped_silently_and_do_not_force_a_preflight() {
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/","headers":[["Cookie","a=b"],["Sec-Thing","1"]]},
                   "server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
    );
    assert_eq!(d.outcome, Outcome::Allowed);
    assert!(!d.preflight);
    assert!(d.sent[0].headers.is_empty());
    assert!(d.steps.iter().any(|s| s.check == Check::ForbiddenRequestHeader));
}

#[test]
fn forbidden_method_is_rejected_before_sending() {
    let d = run(r#"{"page":"https://app.example","request":{"url":"https://api.example/","method":"trace"}}"#);
    assert_eq!((d.outcome, d.stage), (Outcome::Rejected, Some(Stage::Request)));
    assert!(d.sent.is_empty());
    assert!(d
        .console
        .chromium
        .unwrap()
        .contains("'TRACE' HTTP method is unsupported"));
}

#[test]
fn same_origin_mode_refuses_a_cross_origin_url() {
    let d = run(r#"{"page":"https://app.example","request":{"url":"https://api.example/","mode":"same-origin"}}"#);
    assert_eq!(d.outcome, Outcome::Rejected);
    assert_eq!(d.failure, Some(Failure::DisallowedByMode));
    assert!(d
        .console
        .chromium
        .unwrap()
        .ends_with("Cross origin requests are not allowed by request mode."));
}

#[test]
fn no_cors_rejects_put_and_drops_custom_headers() {
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/","method":"PUT","mode":"no-cors"}}"#,
    );
    assert_eq!(d.failure, Some(Failure::NoCorsMethod { method: "PUT".into() }));
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/","mode":"no-cors","headers":[["X-Custom","1"],["Accept","*/*"]]}}"#,
    );
    assert_eq!(
        (d.outcome, d.response_type, d.status),
        (Outcome::Opaque, ResponseType::Opaque, 0)
    );
    assert!(!d.preflight);
    assert_eq!(d.sent[0].headers, vec!["accept"]);
}

#[test]
fn https_page_fetching_http_is_mixed_content_unless_loopback() {
    let d = run(r#"{"page":"https://app.example","request":{"url":"http://api.example/"}}"#);
    assert_eq!(
        d.failure,
        Some(Failure::MixedContent {
            url: "http://api.example/".into()
        })
    );
    assert!(d.sent.is_empty());
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"http://localhost:5000/"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
    );
    assert_eq!(d.outcome, Outcome::Allowed);
}

#[test]
fn a_get_with_a_body_is_a_type_error() {
    let d = run(r#"{"page":"https://app.example","request":{"url":"https://api.example/","body":"x"}}"#);
    assert_eq!(d.failure, Some(Failure::BodyWithGetOrHead { method: "GET".into() }));
}

#[test]
fn a_string_body_adds_a_safelisted_text_plain_content_type() {
    let d = run(&format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/","method":"POST","body":"x"}},"server":{{"response":{{"status":200,"headers":[{ALLOW_APP}]}}}}}}"#
    ));
    assert_eq!(d.outcome, Outcome::Allowed);
    assert!(!d.preflight);
    assert_eq!(d.sent[0].headers, vec!["content-type"]);
}

#[test]
fn the_request_headers_value_lists_unsafe_names_lowercase_sorted() {
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/","headers":[["X-B","1"],["Content-Type","application/json"],["X-A","1"],["Accept","*/*"]]}}"#,
    );
    assert!(d.preflight);
    assert_eq!(d.request_headers, vec!["content-type", "x-a", "x-b"]);
    assert_eq!(
        d.sent[0].access_control_request_headers.as_deref(),
        Some("content-type,x-a,x-b")
    );
    assert_eq!(d.sent[0].access_control_request_method.as_deref(), Some("GET"));
    assert_eq!(d.stage, Some(Stage::Preflight));
}

#[test]
fn lowercase_patch_is_sent_as_written_and_compared_exactly() {
    let json = format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/","method":"patch"}},
            "server":{{"preflight":{{"status":204,"headers":[{ALLOW_APP},["Access-Control-Allow-Methods","PATCH"]]}},"response":{{"status":200,"headers":[{ALLOW_APP}]}}}}}}"#
    );
    let c = run_in(&json, Browser::Chromium);
    let f = run_in(&json, Browser::Firefox);
    assert_eq!(c.sent[0].access_control_request_method.as_deref(), Some("patch"));
    assert_eq!(c.outcome, Outcome::Blocked);
    assert_eq!(f.outcome, Outcome::Blocked);
    assert_eq!(f.failure, Some(Failure::MethodNotAllowed { method: "patch".into() }));
    // The fix lists both spellings (older Chromium compared upper-cased).
    let fix = f.fix.unwrap();
    assert!(format!("{:?}", fix.server).contains("PATCH, patch"), "{fix:?}");
}

#[test]
fn a_cross_origin_redirect_from_a_cross_origin_url_taints_the_origin() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a"},
        "server":[{"url":"https://api.example/a","response":{"status":302,"headers":[["Location","https://cdn.example/b"],["Access-Control-Allow-Origin","*"]]}},
                  {"url":"https://cdn.example/b","response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}]}"#;
    let d = run(json);
    assert_eq!(d.sent[1].origin.as_deref(), Some("null"));
    assert_eq!(d.outcome, Outcome::Blocked);
    assert_eq!(
        d.failure,
        Some(Failure::AllowOriginMismatch {
            value: "https://app.example".into()
        })
    );
    assert!(d
        .console
        .chromium
        .as_deref()
        .unwrap()
        .contains("(redirected from 'https://api.example/a')"));
    // ACAO: null (or *) on the last hop fixes it.
    let fix = d.fix.unwrap();
    assert!(format!("{:?}", fix.server).contains("value: \"null\""), "{fix:?}");
}

#[test]
fn a_same_origin_redirect_to_another_origin_keeps_the_page_origin() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://app.example/a"},
        "server":[{"response":{"status":307,"headers":[["Location","https://api.example/b"]]}},
                  {"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}]}"#;
    let d = run(json);
    assert_eq!(d.outcome, Outcome::Allowed);
    assert_eq!(d.sent[1].origin.as_deref(), Some("https://app.example"));
    assert_eq!(d.response_type, ResponseType::Cors);
}

#[test]
fn a_redirect_response_must_pass_the_cors_check_itself() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a"},
        "server":[{"response":{"status":301,"headers":[["Location","https://api.example/b"]]}},
                  {"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#;
    let d = run(json);
    assert_eq!((d.outcome, d.stage), (Outcome::Blocked, Some(Stage::Redirect)));
    assert_eq!(d.failure, Some(Failure::MissingAllowOrigin));
}

#[test]
fn credentials_in_a_cross_origin_redirect_location_fail() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a"},
        "server":[{"response":{"status":302,"headers":[["Location","https://u:p@api.example/b"],["Access-Control-Allow-Origin","*"]]}},{}]}"#;
    let d = run(json);
    assert!(matches!(d.failure, Some(Failure::RedirectContainsCredentials { .. })));
}

#[test]
fn redirect_mode_error_and_manual() {
    let base = r#""server":[{"response":{"status":302,"headers":[["Location","https://api.example/b"],["Access-Control-Allow-Origin","*"]]}},{}]}"#;
    let d = run(&format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/a","redirect":"error"}},{base}"#
    ));
    assert_eq!(
        (d.outcome, d.failure),
        (Outcome::Blocked, Some(Failure::RedirectModeError))
    );
    let d = run(&format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/a","redirect":"manual"}},{base}"#
    ));
    assert_eq!(
        (d.outcome, d.response_type, d.status),
        (Outcome::Opaque, ResponseType::Opaqueredirect, 0)
    );
}

#[test]
fn a_303_turns_post_into_get_and_drops_content_type() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a","method":"POST","headers":[["Content-Type","application/json"]],"body":"{}"},
        "server":[{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Headers","content-type"]]},
                   "response":{"status":303,"headers":[["Location","/b"],["Access-Control-Allow-Origin","*"]]}},
                  {"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#;
    let d = run(json);
    assert_eq!(d.outcome, Outcome::Allowed);
    let last = d.sent.last().unwrap();
    assert_eq!((last.method.as_str(), last.headers.len()), ("GET", 0));
    // Hop 1 needs no preflight any more.
    assert_eq!(d.sent.iter().filter(|s| s.preflight).count(), 1);
}

#[test]
fn more_than_twenty_redirects_fail() {
    let hop = r#"{"response":{"status":302,"headers":[["Location","/again"],["Access-Control-Allow-Origin","*"]]}}"#;
    let chain = vec![hop; 22].join(",");
    let d = run(&format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/a"}},"server":[{chain}]}}"#
    ));
    assert_eq!(d.failure, Some(Failure::RedirectLimit));
    assert_eq!(d.sent.len(), 21);
}

#[test]
fn a_null_origin_page_is_allowed_by_null_or_star() {
    let d = run(
        r#"{"page":"null","request":{"url":"https://api.example/"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","null"]]}}}"#,
    );
    assert_eq!(d.outcome, Outcome::Allowed);
    assert_eq!(d.sent[0].origin.as_deref(), Some("null"));
}

#[test]
fn same_origin_post_sends_origin_but_needs_no_cors() {
    let d = run(
        r#"{"page":"https://app.example","request":{"url":"https://app.example/x","method":"PUT","headers":[["X-A","1"]]},"server":{"response":{"status":200,"headers":[["X-A","1"],["Set-Cookie","s=1"]]}}}"#,
    );
    assert_eq!((d.outcome, d.response_type), (Outcome::Allowed, ResponseType::Basic));
    assert!(!d.preflight);
    assert_eq!(d.sent[0].origin.as_deref(), Some("https://app.example"));
    assert_eq!(d.exposed, vec!["x-a"]);
}

#[test]
fn preflight_max_age_is_reported_with_each_browsers_cap() {
    let json = format!(
        r#"{{"page":"https://app.example","request":{{"url":"https://api.example/","method":"DELETE"}},
            "server":{{"preflight":{{"status":204,"headers":[{ALLOW_APP},["Access-Control-Allow-Methods","DELETE"],["Access-Control-Max-Age","86400"]]}},"response":{{"status":204,"headers":[{ALLOW_APP}]}}}}}}"#
    );
    assert_eq!(run_in(&json, Browser::Chromium).preflight_max_age, Some(7200));
    assert_eq!(run_in(&json, Browser::Firefox).preflight_max_age, Some(86400));
}

#[test]
fn a_repeated_run_skips_a_cached_preflight_but_not_one_with_max_age_zero() {
    for (max_age, preflights_again) in [("600", false), ("0", true)] {
        let json = format!(
            r#"{{"page":"https://app.example","request":{{"url":"https://api.example/","method":"DELETE"}},
                "server":{{"preflight":{{"status":204,"headers":[{ALLOW_APP},["Access-Control-Allow-Methods","DELETE"],["Access-Control-Max-Age","{max_age}"]]}},"response":{{"status":204,"headers":[{ALLOW_APP}]}}}}}}"#
        );
        let d = run_in(&json, Browser::Chromium);
        assert_eq!(d.sent.len(), 2);
        let again: Vec<bool> = d.sent_when_repeated().map(|r| r.preflight).collect();
        assert_eq!(again.contains(&true), preflights_again, "Max-Age {max_age}: {again:?}");
        assert!(again.contains(&false), "the request itself always goes out again");
    }
}

#[test]
fn firefox_and_chromium_print_their_own_console_text() {
    let d = run_in(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/v1","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        Browser::Firefox,
    );
    assert_eq!(
        d.console.firefox.as_deref(),
        Some("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.example/v1’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).")
    );
    assert_eq!(
        d.console.chromium.as_deref(),
        Some("Access to fetch at 'https://api.example/v1' from origin 'https://app.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.")
    );
}

// Firefox's redirect behaviour, measured by the live matrix (Firefox ESR 153,
// Chromium 156); see the "Not in the spec: Firefox" comments in fetch.rs.

const POST_JSON_301: &str = r#"{"page":"https://app.example","request":{"url":"https://api.example/a","method":"POST","headers":[["Content-Type","application/json"]],"body":"{}"},
    "server":[{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Headers","content-type"]]},
               "response":{"status":301,"headers":[["Location","https://cdn.example/b"],["Access-Control-Allow-Origin","*"]]}},
              {"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]},
               "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#;

#[test]
fn firefox_preflights_every_redirected_hop_of_a_preflighted_request() {
    let c = run_in(POST_JSON_301, Browser::Chromium);
    let f = run_in(POST_JSON_301, Browser::Firefox);
    assert_eq!(c.sent.iter().filter(|s| s.preflight).count(), 1);
    let f_preflights: Vec<_> = f.sent.iter().filter(|s| s.preflight).collect();
    assert_eq!(f_preflights.len(), 2);
    assert_eq!(f_preflights[1].access_control_request_method.as_deref(), Some("GET"));
    assert_eq!(f_preflights[1].access_control_request_headers, None);
    assert_eq!(c.outcome, Outcome::Allowed);
    assert_eq!(f.outcome, Outcome::Allowed);
}

#[test]
fn firefox_preflights_a_tainted_hop_with_the_page_origin() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a","method":"PUT","body":"{}"},
        "server":[{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","PUT"]]},
                   "response":{"status":307,"headers":[["Location","https://cdn.example/b"],["Access-Control-Allow-Origin","*"]]}},
                  {"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"]]},
                   "response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#;
    let c = run_in(json, Browser::Chromium);
    let f = run_in(json, Browser::Firefox);
    // Hop 1's preflight answers with the page's origin: only Firefox's passes.
    assert_eq!(c.sent[2].origin.as_deref(), Some("null"));
    assert_eq!(f.sent[2].origin.as_deref(), Some("https://app.example"));
    assert_eq!((c.outcome, c.stage), (Outcome::Blocked, Some(Stage::Preflight)));
    assert_eq!(f.outcome, Outcome::Allowed);
    // The request itself carries Origin: null in both.
    assert_eq!(f.sent[3].origin.as_deref(), Some("null"));
}

#[test]
fn firefox_does_not_check_a_preflight_back_on_the_page_origin() {
    let json = r#"{"page":"https://app.example","request":{"url":"https://api.example/a","method":"PUT","headers":[["X-Custom","1"]]},
        "server":[{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","x-custom"]]},
                   "response":{"status":307,"headers":[["Location","https://app.example/b"],["Access-Control-Allow-Origin","*"]]}},
                  {"preflight":{"status":404},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}]}"#;
    let c = run_in(json, Browser::Chromium);
    let f = run_in(json, Browser::Firefox);
    assert_eq!((c.outcome, c.stage), (Outcome::Blocked, Some(Stage::Preflight)));
    assert_eq!(f.outcome, Outcome::Allowed);
}

/// Repeated request headers of one name are joined before the safelist
/// checks in both browsers (the spec counts each entry); live: the matrix's
/// "repeated request header" rows.
#[test]
fn repeated_request_headers_are_joined_by_the_browsers() {
    let with = |headers: Vec<(String, String)>| corscope_engine::Scenario {
        request: corscope_engine::RequestSpec {
            headers,
            ..corscope_engine::RequestSpec::get("https://api.example/")
        },
        ..corscope_engine::parse_scenario(
            r#"{"page": "https://app.example", "request": {"url": "https://api.example/"}}"#,
        )
        .unwrap()
    };
    let eight =
        |len: usize| -> Vec<(String, String)> { (0..8).map(|_| ("Accept".to_string(), "a".repeat(len))).collect() };
    let s = with(eight(128));
    for b in [corscope_engine::Browser::Chromium, corscope_engine::Browser::Firefox] {
        let d = corscope_engine::decide(&s, b);
        assert!(
            d.preflight && d.request_headers == ["accept"],
            "{b:?}: {:?}",
            d.request_headers
        );
    }
    assert!(
        !corscope_engine::decide(&s, corscope_engine::Browser::Spec).preflight,
        "the spec: 8 safelisted entries, 1,024 bytes"
    );
    let mut h = eight(120);
    h.push(("Accept-Language".into(), "a".repeat(70)));
    let s = with(h);
    assert_eq!(
        corscope_engine::decide(&s, corscope_engine::Browser::Chromium).request_headers,
        ["accept"]
    );
    assert_eq!(
        corscope_engine::decide(&s, corscope_engine::Browser::Spec).request_headers,
        ["accept", "accept-language"]
    );
}

/// Firefox drops empty Allow-Origin and Allow-Credentials lines beside a good
/// one; Chromium and the spec join them and fail. Live: the matrix's "empty
/// response line" rows.
#[test]
fn firefox_ignores_an_empty_cors_line_beside_a_good_one() {
    let s = |lines: &str, credentials: &str| {
        corscope_engine::parse_scenario(&format!(
            r#"{{"page": "https://app.example", "request": {{"url": "https://api.example/", "credentials": "{credentials}"}},
                "server": {{"response": {{"status": 200, "headers": {lines}}}}}}}"#
        ))
        .unwrap()
    };
    use corscope_engine::{decide, Browser::*, Outcome::*};
    for lines in [
        r#"[["Access-Control-Allow-Origin", ""], ["Access-Control-Allow-Origin", "*"]]"#,
        r#"[["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Origin", ""]]"#,
        r#"[["Access-Control-Allow-Origin", ""], ["Access-Control-Allow-Origin", "https://app.example"]]"#,
    ] {
        let s = s(lines, "omit");
        assert_eq!(
            (
                decide(&s, Firefox).outcome,
                decide(&s, Chromium).outcome,
                decide(&s, Spec).outcome
            ),
            (Allowed, Blocked, Blocked),
            "{lines}"
        );
    }
    let alone = s(r#"[["Access-Control-Allow-Origin", ""]]"#, "omit");
    assert_eq!(decide(&alone, Firefox).outcome, Blocked);
    let credentials = s(
        r#"[["Access-Control-Allow-Origin", "https://app.example"], ["Access-Control-Allow-Credentials", ""], ["Access-Control-Allow-Credentials", "true"]]"#,
        "include",
    );
    assert_eq!(
        (
            decide(&credentials, Firefox).outcome,
            decide(&credentials, Chromium).outcome
        ),
        (Allowed, Blocked)
    );
}
