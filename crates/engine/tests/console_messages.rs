//! Every console message variant of `shared/browser-console-messages.md`, as a
//! browser prints it: recognised, turned into a scenario, and that scenario,
//! decided by the engine for the same browser, fails for the same reason —
//! and its fix makes it pass.

use corscope_engine::diagnose::console_message::{parse, MessageBrowser, Reason};
use corscope_engine::diagnose::reproduce::reproduce;
use corscope_engine::{apply_fix, explain, Browser, Outcome};

const PAGE: &str = "https://shop.example";
const FALLBACK: &str = "https://app.example";

/// (message, the engine's failure kind for the reproduction, or "" when the
/// engine has no scenario for it, or "allowed" when the browser lets it through)
const CHROMIUM: &[(&str, &str)] = &[
    ("Access to fetch at 'https://api.shop.example/v1/cart' from origin 'https://shop.example' has been blocked by CORS policy: Cross origin requests are not allowed by request mode.", "disallowed_by_mode"),
    ("Access to fetch at 'https://api.shop.example/v1/cart' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The response is invalid.", ""),
    ("Access to fetch at 'https://api.shop.example/v1/me' from origin 'https://shop.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", "wildcard_origin_with_credentials"),
    ("Access to XMLHttpRequest at 'https://api.shop.example/v1/me' from origin 'https://shop.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.", "wildcard_origin_with_credentials"),
    ("Access to fetch at 'https://api.shop.example/v1/products' from origin 'https://shop.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "missing_allow_origin"),
    ("Access to fetch at 'https://api.shop.example/v1/orders' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "missing_allow_origin"),
    ("Access to fetch at 'https://cdn.shop.example/v2/products' (redirected from 'https://api.shop.example/v1/products') from origin 'https://shop.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "missing_allow_origin"),
    ("Access to image at 'https://img.shop.example/logo.png' from origin 'https://shop.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin"),
    ("Access to fetch at 'https://api.shop.example/v1/products' from origin 'https://shop.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://shop.example, https://admin.shop.example', but only one is allowed. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "multiple_allow_origin"),
    ("Access to fetch at 'https://api.shop.example/v1/products' from origin 'https://shop.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value 'shop.example'. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "invalid_allow_origin"),
    ("Access to fetch at 'https://api.shop.example/v1/products' from origin 'https://shop.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://shop.example/' that is not equal to the supplied origin. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "allow_origin_mismatch"),
    ("Access to fetch at 'https://api.shop.example/v1/me' from origin 'https://shop.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.", "invalid_allow_credentials"),
    ("Access to fetch at 'https://api.shop.example/v1/me' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be 'true' when the request's credentials mode is 'include'.", "invalid_allow_credentials"),
    ("Access to fetch at 'file:///home/me/site/data.json' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted.", "unsupported_scheme"),
    ("Access to fetch at 'https://api.shop.example/v1/orders' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nPOST https://api.shop.example/v1/orders net::ERR_FAILED 405 (Method Not Allowed)", "preflight_invalid_status"),
    ("Access to fetch at 'https://api.shop.example/v1/orders' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.", "preflight_redirect"),
    ("Access to fetch at 'https://api.shop.example/v1/orders/7' from origin 'https://shop.example' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Methods response header field in preflight response.", "invalid_allow_methods"),
    ("Access to fetch at 'https://api.shop.example/v1/orders/7' from origin 'https://shop.example' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Headers response header field in preflight response.", "invalid_allow_headers"),
    ("Access to fetch at 'https://api.shop.example/v1/orders/7' from origin 'https://shop.example' has been blocked by CORS policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.", "method_not_allowed"),
    ("Access to fetch at 'https://api.shop.example/v1/me' from origin 'https://shop.example' has been blocked by CORS policy: Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed"),
    ("Access to fetch at 'https://api.shop.example/v1/orders' from origin 'https://shop.example' has been blocked by CORS policy: Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed"),
    ("Access to fetch at 'https://api.shop.example/download' from origin 'https://shop.example' has been blocked by CORS policy: Redirect location 'https://user:secret@files.shop.example/report.pdf' contains a username and password, which is disallowed for cross-origin requests.", "redirect_contains_credentials"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'http://shop.example' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `private`.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Request had a target IP address space of `public` yet the resource is in address space `private`.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Request had no target IP address space, yet the resource is in address space `private`.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `private` address space.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `private` address space had a value of 'yes',  not 'true'.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `private` address space.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `private` address space.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Unable to ask for permission to access the `local` IP address space.", "local_network_access"),
    ("Access to fetch at 'http://192.168.1.20/api/status' from origin 'https://shop.example' has been blocked by CORS policy: Permission was denied for this request to access the `local` address space.", "local_network_access"),
    ("Access to fetch at 'http://10.0.0.5/api' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-External' header was present in the preflight response for this external request (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').", "local_network_access"),
    ("Access to fetch at 'http://10.0.0.5/api' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of 'no',  not 'true' (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/').", "local_network_access"),
];

const FIREFOX: &[(&str, &str)] = &[
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS disabled).", ""),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS request did not succeed). Status code: (null).", ""),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS header ‘Origin’ cannot be added).", ""),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders. (Reason: CORS request external redirect not allowed).", "preflight_redirect"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at file:///home/me/site/data.json. (Reason: CORS request not http).", "unsupported_scheme"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", "missing_allow_origin"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).", "multiple_allow_origin"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/products. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://www.shop.example’).", "allow_origin_mismatch"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.shop.example/v1/me’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", "wildcard_origin_with_credentials"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders/7. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).", "method_not_allowed"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/me. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).", "invalid_allow_credentials"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders. (Reason: CORS preflight response did not succeed). Status code: 401.", "preflight_invalid_status"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders. (Reason: CORS preflight channel did not succeed).", "preflight_invalid_status"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders/7. (Reason: invalid token ‘PUT;’ in CORS header ‘Access-Control-Allow-Methods’).", "invalid_allow_methods"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders/7. (Reason: invalid token ‘x-trace id’ in CORS header ‘Access-Control-Allow-Headers’).", "invalid_allow_headers"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders. (Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).", "header_not_allowed"),
    ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/orders. (Reason: missing token ‘x-api-key’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).", "header_not_allowed"),
    ("Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at https://api.shop.example/v1/me soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).", "allowed"),
];

// Safari is explained with the Fetch Standard, where a list in Allow-Origin is
// simply a value that does not match the origin.
const SAFARI: &[(&str, &str)] = &[
    ("[Error] Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\n[Error] Fetch API cannot load https://api.shop.example/v1/me due to access control checks.", "wildcard_origin_with_credentials"),
    ("[Error] Access-Control-Allow-Origin cannot contain more than one origin.\n[Error] Fetch API cannot load https://api.shop.example/v1/products due to access control checks.", "multiple_allow_origin"),
    ("[Error] Origin https://shop.example is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Fetch API cannot load https://api.shop.example/v1/products due to access control checks.", "missing_allow_origin"),
    ("[Error] Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".\n[Error] Fetch API cannot load https://api.shop.example/v1/me due to access control checks.", "invalid_allow_credentials"),
    ("[Error] Preflight response is not successful. Status code: 403\n[Error] Fetch API cannot load https://api.shop.example/v1/orders due to access control checks.", "preflight_invalid_status"),
    ("[Error] not allowed to follow a cross-origin CORS redirection with non CORS scheme\n[Error] Fetch API cannot load https://api.shop.example/download due to access control checks.", "redirect_not_http"),
    ("[Error] redirection URL https://user:secret@files.shop.example/report.pdf has credentials\n[Error] Fetch API cannot load https://api.shop.example/download due to access control checks.", "redirect_contains_credentials"),
    ("[Error] Method DELETE is not allowed by Access-Control-Allow-Methods.\n[Error] Fetch API cannot load https://api.shop.example/v1/orders/7 due to access control checks.", "method_not_allowed"),
    ("[Error] Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.\n[Error] XMLHttpRequest cannot load https://api.shop.example/v1/orders due to access control checks.", "header_not_allowed"),
];

fn failure_kind(d: &corscope_engine::Decision) -> String {
    match &d.failure {
        Some(f) => serde_json::to_value(f).unwrap()["kind"].as_str().unwrap().to_string(),
        None => d.outcome.to_string(),
    }
}

fn check(table: &[(&str, &str)], browser: MessageBrowser) {
    let mut wrong = vec![];
    for (text, expected) in table {
        let message = parse(text).unwrap_or_else(|e| panic!("{browser:?} message not recognised: {e}\n{text}"));
        assert_eq!(message.browser, browser, "{text}");
        assert!(message.url.is_some(), "no URL read from {text}");
        let repro = reproduce(&message, FALLBACK);
        let Some(scenario) = repro.scenario else {
            assert_eq!(*expected, "", "no scenario for {text}");
            assert!(repro.advice.is_some(), "no advice for {text}");
            continue;
        };
        assert_ne!(*expected, "", "a scenario for {text}");
        let engine = message.browser.engine_browser();
        let d = explain(&scenario, engine);
        if failure_kind(&d) != *expected {
            wrong.push(format!(
                "{text}\n  engine: {} at {:?}: {:?}",
                failure_kind(&d),
                d.stage,
                d.failed_step()
            ));
            continue;
        }
        if d.outcome == Outcome::Allowed {
            continue;
        }
        // The fix (when the server can fix it) makes the reproduction pass.
        let fix = d.fix.clone().expect("a fix");
        if fix.client.is_none() {
            let fixed = apply_fix(&scenario, &fix.server);
            assert_eq!(explain(&fixed, engine).outcome, Outcome::Allowed, "fix for {text}");
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_chromium_variant_becomes_a_scenario_that_fails_the_same_way() {
    check(CHROMIUM, MessageBrowser::Chromium);
}

#[test]
fn every_firefox_variant_becomes_a_scenario_that_fails_the_same_way() {
    check(FIREFOX, MessageBrowser::Firefox);
}

#[test]
fn every_safari_variant_becomes_a_scenario_that_fails_the_same_way() {
    check(SAFARI, MessageBrowser::Safari);
}

/// Safari's generic line pasted alone (fetch or XHR, with Safari's "[Error]"
/// prefix or not) is read: the likeliest cause is reproduced in WebKit's model,
/// and what was assumed names WebKit's other causes.
#[test]
fn a_safari_line_without_its_reason_is_read_and_says_what_it_assumed() {
    for text in [
        "Fetch API cannot load https://api.shop.example/v1/cart due to access control checks.",
        "[Error] XMLHttpRequest cannot load https://api.shop.example/v1/cart due to access control checks.",
        "[Error] Fetch API cannot load https://api.shop.example/v1/cart due to access control checks. (cart, line 0)",
    ] {
        let message = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(message.browser, MessageBrowser::Safari);
        assert_eq!(message.reason, Reason::AccessControlChecks);
        assert_eq!(
            message.url.as_deref(),
            Some("https://api.shop.example/v1/cart"),
            "{text}"
        );
        assert_eq!(message.browser.engine_browser(), Browser::WebKit);
        let repro = reproduce(&message, FALLBACK);
        let scenario = repro.scenario.expect("a scenario");
        let d = explain(&scenario, Browser::WebKit);
        assert_eq!(d.outcome, Outcome::Blocked, "{text}");
        let said = repro.assumptions.join(" | ");
        for cause in [
            "likeliest cause",
            "Preflight response is not successful",
            "Access-Control-Allow-Credentials",
            "page origin",
        ] {
            assert!(said.contains(cause), "{cause} not in: {said}");
        }
        // WebKit's console for the reproduction ends with the line that was pasted.
        let printed = d.console.webkit.expect("WebKit's console text");
        assert!(
            printed.ends_with("Fetch API cannot load https://api.shop.example/v1/cart due to access control checks."),
            "{printed}"
        );
    }
}

/// A Chromium message as Chromium 156 prints it: without the older "if an
/// opaque response serves your needs … 'no-cors'" advice (checked live:
/// tests/e2e_console_text.rs), which the reader still reads.
fn in_todays_words(message: &str) -> String {
    const ADVICE: &str =
        " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
    const OR_ADVICE: &str = ", or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
    message.replace(ADVICE, "").replace(OR_ADVICE, ".")
}

/// The engine prints, for the reproduction, the very message that was pasted
/// (for the fetch() variants it models), in today's words.
#[test]
fn chromium_fetch_messages_round_trip_through_the_engine() {
    let mut round_trips = 0;
    for (text, expected) in CHROMIUM {
        let first_line = text.lines().next().unwrap();
        if expected.is_empty() || !first_line.starts_with("Access to fetch") {
            continue;
        }
        let message = parse(text).unwrap();
        // Private Network Access's wordings (and its `private` space) are printed in today's words.
        if matches!(message.reason, Reason::PrivateNetwork { .. }) || text.contains("`private`") {
            continue;
        }
        let scenario = reproduce(&message, FALLBACK).scenario.unwrap();
        let d = explain(&scenario, Browser::Chromium);
        let printed = d.console.chromium.clone().unwrap_or_default();
        assert_eq!(printed, in_todays_words(first_line), "{scenario:#?}");
        round_trips += 1;
    }
    assert!(round_trips >= 15, "{round_trips}");
}

#[test]
fn firefox_messages_round_trip_through_the_engine() {
    let mut round_trips = 0;
    for (text, expected) in FIREFOX {
        // Older builds' wording ("preflight channel", "missing token") reads the same, printed anew.
        if expected.is_empty() || *expected == "allowed" || text.contains("channel") {
            continue;
        }
        let message = parse(text).unwrap();
        let scenario = reproduce(&message, FALLBACK).scenario.unwrap();
        let d = explain(&scenario, Browser::Firefox);
        let printed = d.console.firefox.clone().unwrap_or_default();
        // The engine may print a status the message did not; compare the reason.
        let reason = |t: &str| {
            t.split("(Reason: ")
                .nth(1)
                .map(|r| r.split(')').next().unwrap_or_default().replace(['‘', '’'], "'"))
        };
        assert_eq!(reason(&printed), reason(text), "{printed}\n{text}");
        round_trips += 1;
    }
    assert!(round_trips >= 12, "{round_trips}");
}

#[test]
fn what_the_message_says_is_read_out() {
    let m = parse(CHROMIUM[6].0).unwrap();
    assert_eq!(m.url.as_deref(), Some("https://cdn.shop.example/v2/products"));
    assert_eq!(m.initial_url.as_deref(), Some("https://api.shop.example/v1/products"));
    assert_eq!(m.page_origin.as_deref(), Some(PAGE));
    assert_eq!(m.resource.as_deref(), Some("fetch"));
    let m = parse(CHROMIUM[14].0).unwrap();
    assert_eq!(m.status, Some(405));
    assert!(m.preflight);
    let m = parse(FIREFOX[5].0).unwrap();
    assert_eq!(m.status, Some(200));
    assert_eq!(m.page_origin, None);
    let r = reproduce(&m, FALLBACK);
    assert_eq!(r.scenario.unwrap().page, FALLBACK);
    assert!(r.assumptions.iter().any(|a| a.contains(FALLBACK)));
    let m = parse(SAFARI[2].0).unwrap();
    assert_eq!(m.page_origin.as_deref(), Some(PAGE));
    assert_eq!(m.url.as_deref(), Some("https://api.shop.example/v1/products"));
    assert_eq!(m.resource.as_deref(), Some("fetch"));
}

/// Older Chromium wordings, reasons pasted alone or with the URL elided, and
/// DevTools' noise around a message: read as the same reasons.
#[test]
fn older_wordings_fragments_and_noise_are_read() {
    /// (text, reason, url, page origin, status)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<u16>,
    );
    let cases: &[Case] = &[
        ("XMLHttpRequest cannot load https://api.example/x. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:3000' is therefore not allowed access. The response had HTTP status code 404.",
            "missing_allow_origin", Some("https://api.example/x"), Some("http://localhost:3000"), Some(404)),
        ("Fetch API cannot load https://api.example/x. Response for preflight has invalid HTTP status code 405",
            "preflight_invalid_status", Some("https://api.example/x"), None, Some(405)),
        ("Failed to load https://api.example/x: Response for preflight is invalid (redirect)",
            "preflight_redirect", Some("https://api.example/x"), None, None),
        ("Failed to load https://api.example/me: A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true. Origin 'https://app.example' is therefore not allowed access. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
            "wildcard_origin_with_credentials", Some("https://api.example/me"), Some("https://app.example"), None),
        ("Redirect from 'https://api.example/a' to 'https://cdn.example/b' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://app.example' is therefore not allowed access.",
            // The redirect's own answer failed the check: the URL is the one requested (issue 29).
            "missing_allow_origin", Some("https://api.example/a"), Some("https://app.example"), None),
        // The reason alone, and envelopes with the URL or origin elided.
        ("No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", None, None, None),
        ("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", None, None, None),
        ("Access to XMLHttpRequest at 'http://...' from origin 'http://localhost:4200' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "missing_allow_origin", None, Some("http://localhost:4200"), None),
        ("Access to fetch at 'https://api.example/x' from origin has been blocked by CORS policy: Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.",
            "header_not_allowed", Some("https://api.example/x"), None, None),
        ("Access to fetch at '[redacted]' from origin 'XXXXX' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
            "method_not_allowed", None, None, None),
        // DevTools noise: a source prefix, "Understand this error", the network line.
        ("index.html:1 Access to fetch at 'https://api.example/x' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.\nUnderstand this error\nVM386:48 GET https://api.example/x net::ERR_FAILED 200 (OK)",
            "missing_allow_origin", Some("https://api.example/x"), Some("http://localhost:3000"), Some(200)),
        ("[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 403\n[Error] Fetch API cannot load https://api.example/x due to access control checks.",
            "origin_not_allowed", Some("https://api.example/x"), Some("http://localhost:3000"), Some(403)),
        ("[Error] Cross-origin redirection to https://cdn.example/b denied by Cross-Origin Resource Sharing policy: Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 302",
            "origin_not_allowed", Some("https://cdn.example/b"), Some("https://app.example"), Some(302)),
        // Firefox before 2016, and in other languages.
        ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. This can be fixed by moving the resource to the same domain or enabling CORS.",
            "missing_allow_origin", Some("https://api.example/x"), None, None),
        ("Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://api.example/x. (Grund: CORS-Kopfzeile ‚Access-Control-Allow-Origin‘ fehlt). Statuscode: 200.",
            "missing_allow_origin", Some("https://api.example/x"), None, Some(200)),
        ("已拦截跨源请求：同源策略禁止读取位于 https://api.example/x 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：404。",
            "missing_allow_origin", Some("https://api.example/x"), None, Some(404)),
        ("Richiesta multiorigine (cross-origin) bloccata: il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da https://api.example/x. (Motivo: l’header CORS “Access-Control-Allow-Origin” non corrisponde a “https://www.example”).",
            "allow_origin_mismatch", Some("https://api.example/x"), None, None),
        ("Cross-Origin-Anfrage blockiert: … https://api.example/x. (Grund: Header ‚x-token‘ ist gemäß Header ‚Access-Control-Allow-Headers‘ der CORS-Preflight-Antwort nicht erlaubt).",
            "header_not_allowed", Some("https://api.example/x"), None, None),
    ];
    for (text, kind, url, page, status) in cases {
        let m = parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let got = serde_json::to_value(&m.reason).unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            (got.as_str(), m.known_url(), m.known_page_origin(), m.status),
            (*kind, *url, *page, *status),
            "{text}"
        );
        // Each becomes a scenario that fails for that reason in the engine.
        let repro = reproduce(&m, FALLBACK);
        let s = repro.scenario.unwrap_or_else(|| panic!("no scenario for {text}"));
        let d = explain(&s, m.browser.engine_browser());
        assert_ne!(d.outcome, Outcome::Allowed, "{text}: {s:#?}");
    }
}

/// Two messages in one paste are each read.
#[test]
fn several_messages_in_one_paste_are_each_read() {
    let paste = "index.html:1 Access to fetch at 'https://api.example/a' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nUnderstand this error\nGET https://api.example/a net::ERR_FAILED 200 (OK)\nindex.html:1 Access to fetch at 'https://api.example/b' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
    let all = corscope_engine::diagnose::console_message::parse_all(paste);
    assert_eq!(all.len(), 2, "{all:?}");
    let urls: Vec<Option<String>> = all.iter().map(|m| m.as_ref().unwrap().url.clone()).collect();
    assert_eq!(
        urls,
        [
            Some("https://api.example/a".into()),
            Some("https://api.example/b".into())
        ]
    );
    assert_eq!(all[1].as_ref().unwrap().reason, Reason::PreflightInvalidStatus);
    // One message (Safari's two lines are one) stays one.
    let safari = "[Error] Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] Fetch API cannot load https://api.example/x due to access control checks.";
    assert_eq!(corscope_engine::diagnose::console_message::parse_all(safari).len(), 1);
}
