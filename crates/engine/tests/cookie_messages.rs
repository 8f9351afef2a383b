//! Cookie messages as Firefox prints them in its console and as Chromium's
//! DevTools shows them (the blocked reason's identifier, or its tooltip text),
//! pasted the ways people paste them: recognised, turned into a scenario, and
//! that scenario, decided by the engine for the same browser, gives the same
//! reason for that cookie — or says why the engine cannot reproduce it.

use corscope_engine::diagnose::console_message::MessageBrowser;
use corscope_engine::diagnose::cookie_message::{
    read_cookie_message, reproduce_cookie, CookieList, CookieMessage, CookieSide, DEFAULT_PAGE,
};
use corscope_engine::{decide, CookieReason, Outcome};

use CookieReason::*;
use CookieSide::{Request, SetCookie};
use MessageBrowser::{Chromium, Firefox};

/// (paste, browser, key, cookie name read, side, reason)
type Case = (
    &'static str,
    MessageBrowser,
    &'static str,
    Option<&'static str>,
    CookieSide,
    CookieReason,
);

const FIREFOX_PASTES: &[Case] = &[
    (
        "Cookie “x_lax” has been rejected because it is in a cross-site context and its “SameSite” is “Lax” or “Strict”.",
        Firefox,
        "CookieRejectedForNonSameSiteness",
        Some("x_lax"),
        SetCookie,
        SameSiteLax,
    ),
    (
        "Cookie \"session\" has been rejected because it is in a cross-site context and its \"SameSite\" is \"Lax\" or \"Strict\". app.js:12:3",
        Firefox,
        "CookieRejectedForNonSameSiteness",
        Some("session"),
        SetCookie,
        SameSiteLax,
    ),
    (
        "⚠ Cookie “pref” has been rejected because it is in a cross-site context and its “SameSite” is “Lax” or “Strict”. [Learn More]",
        Firefox,
        "CookieRejectedForNonSameSiteness",
        Some("pref"),
        SetCookie,
        SameSiteLax,
    ),
    (
        "> Cookie “b_nonenosec” rejected because it has the “SameSite=None” attribute but is missing the “secure” attribute.",
        Firefox,
        "CookieRejectedNonRequiresSecure2",
        Some("b_nonenosec"),
        SetCookie,
        SameSiteNoneInsecure,
    ),
    (
        "`Cookie \"prefs\" rejected because it has the \"SameSite=None\" attribute but is missing the \"secure\" attribute.`",
        Firefox,
        "CookieRejectedNonRequiresSecure2",
        Some("prefs"),
        SetCookie,
        SameSiteNoneInsecure,
    ),
    (
        "Cookie “cart” will be soon rejected because it has the “SameSite” attribute set to “None” without the “secure” attribute. To know more about the “SameSite“ attribute, read https://developer.mozilla.org/docs/Web/HTTP/Headers/Set-Cookie/SameSite",
        Firefox,
        "CookieRejectedNonRequiresSecureForBeta3",
        Some("cart"),
        SetCookie,
        SameSiteNoneInsecure,
    ),
    (
        "Cookie “x_nonesec” will soon be rejected because it is foreign and does not have the “Partitioned“ attribute.",
        Firefox,
        "CookieForeignNoPartitionedWarning",
        Some("x_nonesec"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "Cookie “tracker_id” has been rejected because it is foreign and does not have the “Partitioned“ attribute. https://site-a.example/index.html",
        Firefox,
        "CookieForeignNoPartitionedError",
        Some("tracker_id"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "Cookie “sid=abc123; Path=/; SameSite=None; Secure” has been rejected as third-party.",
        Firefox,
        "CookieRejectedThirdParty",
        Some("sid"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "Cookie “uid” has been rejected as third-party.",
        Firefox,
        "CookieRejectedThirdParty",
        Some("uid"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "> Cookie “widget_state”\n> has been rejected as\n> third-party.   widget.js:88:15",
        Firefox,
        "CookieRejectedThirdParty",
        Some("widget_state"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "```\nCookie “fenced” has been rejected for invalid domain.\n```",
        Firefox,
        "CookieRejectedInvalidDomain",
        Some("fenced"),
        SetCookie,
        InvalidDomain,
    ),
    (
        "Cookie “__Host-csrf” has been rejected for invalid prefix.\nhttps://site-a.example/static/app.js:3:7",
        Firefox,
        "CookieRejectedInvalidPrefix",
        Some("__Host-csrf"),
        SetCookie,
        InvalidPrefix,
    ),
    (
        "Cookie “chip” has been rejected because it has the “Partitioned” attribute but is missing the “secure” attribute.",
        Firefox,
        "CookieRejectedPartitionedRequiresSecure",
        Some("chip"),
        SetCookie,
        PartitionedNotSecure,
    ),
    (
        "Cookie “__Host-sid” has been rejected for invalid prefix.",
        Firefox,
        "CookieRejectedInvalidPrefix",
        Some("__Host-sid"),
        SetCookie,
        InvalidPrefix,
    ),
    (
        "Cookie \"__Secure-token\" has been rejected for invalid prefix. login:1:1",
        Firefox,
        "CookieRejectedInvalidPrefix",
        Some("__Secure-token"),
        SetCookie,
        InvalidPrefix,
    ),
    (
        "Cookie “theme” has been rejected for invalid prefix.",
        Firefox,
        "CookieRejectedInvalidPrefix",
        Some("theme"),
        SetCookie,
        InvalidPrefix,
    ),
    (
        "Cookie “region” has been rejected for invalid domain.",
        Firefox,
        "CookieRejectedInvalidDomain",
        Some("region"),
        SetCookie,
        InvalidDomain,
    ),
    (
        "Cookie “blob” is invalid because its size is too big. Max size is 4096 B.",
        Firefox,
        "CookieOversize",
        Some("blob"),
        SetCookie,
        TooLarge,
    ),
    (
        "Cookie “auth” has been rejected because a non-HTTPS cookie can’t be set as “secure”.",
        Firefox,
        "CookieRejectedSecureButNonHttps",
        Some("auth"),
        SetCookie,
        SecureOnly,
    ),
    (
        "Cookie with an empty name and an empty value has been rejected.",
        Firefox,
        "CookieRejectedEmptyNameAndValue",
        None,
        SetCookie,
        NoCookieContent,
    ),
    (
        "Cookie “bad” has been rejected for invalid characters in the value.",
        Firefox,
        "CookieRejectedInvalidCharValue",
        Some("bad"),
        SetCookie,
        SyntaxError,
    ),
    (
        "Cookie “bad name” has been rejected for invalid characters in the name.",
        Firefox,
        "CookieRejectedInvalidCharName",
        Some("bad name"),
        SetCookie,
        SyntaxError,
    ),
    (
        "Cookie “lang” with the “SameSite” attribute value “Lax” or “Strict” was omitted because of a cross-site redirect.",
        Firefox,
        "CookieBlockedCrossSiteRedirect",
        Some("lang"),
        Request,
        SameSiteLax,
    ),
    (
        "Request to access cookies or storage on “https://site-b.example/widget.js” was blocked because we are blocking all third-party storage access requests and content blocking is enabled.",
        Firefox,
        "CookieBlockedForeign",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "Request to access cookies or storage on “https://site-b.example/a” was blocked because we are blocking all storage access requests.",
        Firefox,
        "CookieBlockedAll",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "Request to access cookies or storage on “https://site-b.example/” was blocked because of custom cookie permission.",
        Firefox,
        "CookieBlockedByPermission",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "Partitioned cookie or storage access was provided to “https://site-b.example/embed” because it is loaded in the third-party context and dynamic state partitioning is enabled.",
        Firefox,
        "CookiePartitionedForeign2",
        None,
        Request,
        OtherPartition,
    ),
    (
        "Cookie “sid=1” has been rejected by user set permissions.",
        Firefox,
        "CookieRejectedByPermissionManager",
        Some("sid"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "Invalid “SameSite“ value for cookie “mode”. The supported values are: “Lax“, “Strict“, “None“.",
        Firefox,
        "CookieSameSiteValueInvalid2",
        Some("mode"),
        SetCookie,
        Stored,
    ),
    (
        "The value of the attribute “path” for the cookie “deep” has been rejected because its size is too big. Max size is 1024 B.",
        Firefox,
        "CookieAttributeIgnored",
        Some("deep"),
        SetCookie,
        Stored,
    ),
];

const CHROMIUM_PASTES: &[Case] = &[
    ("sid SameSiteLax", Chromium, "SameSiteLax", Some("sid"), Request, SameSiteLax),
    (
        "SchemefulSameSiteUnspecifiedTreatedAsLax",
        Chromium,
        "SchemefulSameSiteUnspecifiedTreatedAsLax",
        None,
        Request,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    ("ThirdPartyPhaseout", Chromium, "ThirdPartyPhaseout", None, Request, ThirdPartyBlocked),
    (
        "Response Cookies\nprefs\tUserPreferences",
        Chromium,
        "UserPreferences",
        Some("prefs"),
        SetCookie,
        ThirdPartyBlocked,
    ),
    ("SecureOnly", Chromium, "SecureOnly", None, Request, SecureOnly),
    (
        "Set-Cookie: cart=1; SameSite=None\nSameSiteNoneInsecure",
        Chromium,
        "SameSiteNoneInsecure",
        Some("cart"),
        SetCookie,
        SameSiteNoneInsecure,
    ),
    ("InvalidDomain", Chromium, "InvalidDomain", None, SetCookie, InvalidDomain),
    (
        "`__Secure-id` — InvalidPrefix",
        Chromium,
        "InvalidPrefix",
        Some("__Secure-id"),
        SetCookie,
        InvalidPrefix,
    ),
    ("DomainMismatch", Chromium, "DomainMismatch", None, Request, DomainMismatch),
    ("sid: NotOnPath", Chromium, "NotOnPath", Some("sid"), Request, NotOnPath),
    (
        r#"{"blockedReasons":["SameSiteUnspecifiedTreatedAsLax"],"cookieLine":"visitor=42; Path=/","cookie":{"name":"visitor","value":"42"}}"#,
        Chromium,
        "SameSiteUnspecifiedTreatedAsLax",
        Some("visitor"),
        SetCookie,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    (
        r#""associatedCookies": [{"blockedReasons": ["SameSiteStrict"], "cookie": {"name": "csrf", "value": "x", "domain": "site-b.example"}}]"#,
        Chromium,
        "SameSiteStrict",
        Some("csrf"),
        Request,
        SameSiteStrict,
    ),
    ("DisallowedCharacter", Chromium, "DisallowedCharacter", None, SetCookie, SyntaxError),
    ("NoCookieContent", Chromium, "NoCookieContent", None, SetCookie, NoCookieContent),
    (
        "blockedCookies: big_blob NameValuePairExceedsMaxSize",
        Chromium,
        "NameValuePairExceedsMaxSize",
        Some("big_blob"),
        SetCookie,
        TooLarge,
    ),
    (
        "This cookie was blocked because it had the \"SameSite=Lax\" attribute and the request was made from a different site and was not initiated by a top-level navigation.",
        Chromium,
        "SameSiteLax",
        None,
        Request,
        SameSiteLax,
    ),
    (
        "session_id\nThis cookie was blocked because it had the \"`SameSite=Strict`\" attribute and the request was made from a different site. This includes top-level navigation requests initiated by other sites.",
        Chromium,
        "SameSiteStrict",
        Some("session_id"),
        Request,
        SameSiteStrict,
    ),
    (
        "This cookie didn’t specify a “SameSite” attribute when it was stored and was defaulted to “SameSite=Lax,” and was blocked because the request was made from a different site and was not initiated by a top-level navigation. The cookie had to have been set with “SameSite=None” to enable cross-site usage.",
        Chromium,
        "SameSiteUnspecifiedTreatedAsLax",
        None,
        Request,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    (
        "This cookie was blocked because it had the \"SameSite=Lax\" attribute but the request was cross-site and was not initiated by a top-level navigation.\nThis request is considered cross-site because the URL has a different scheme than the current site.",
        Chromium,
        "SchemefulSameSiteLax",
        None,
        Request,
        SameSiteLax,
    ),
    (
        "csrf_token\nThis attempt to set a cookie via a `Set-Cookie` header was blocked because it had the \"SameSite=Strict\" attribute but came from a cross-site response which was not the response to a top-level navigation.",
        Chromium,
        "SameSiteStrict",
        Some("csrf_token"),
        SetCookie,
        SameSiteStrict,
    ),
    (
        "This attempt to set a cookie via a Set-Cookie header was blocked because it had the \"SameSite=None\" attribute but did not have the \"Secure\" attribute, which is required in order to use \"SameSite=None\".",
        Chromium,
        "SameSiteNoneInsecure",
        None,
        SetCookie,
        SameSiteNoneInsecure,
    ),
    (
        "> This `Set-Cookie` header didn't specify a \"`SameSite`\" attribute and was defaulted to \"`SameSite=Lax,`\" and was blocked because it came from a cross-site response which was not the response to a top-level navigation. The `Set-Cookie` had to have been set with \"`SameSite=None`\" to enable cross-site usage.",
        Chromium,
        "SameSiteUnspecifiedTreatedAsLax",
        None,
        SetCookie,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    (
        "This attempt to set a cookie via a `Set-Cookie` header was blocked because it had the \"Secure\" attribute but was not received over a secure connection.",
        Chromium,
        "SecureOnly",
        None,
        SetCookie,
        SecureOnly,
    ),
    (
        "This cookie was blocked because it had the \"Secure\" attribute and the connection was not secure.",
        Chromium,
        "SecureOnly",
        None,
        Request,
        SecureOnly,
    ),
    (
        "This attempt to set a cookie via a `Set-Cookie` header was blocked because it used the \"`__Secure-`\" or \"`__Host-`\" prefix in its name and broke the additional rules applied to cookies with these prefixes as defined in `https://tools.ietf.org/html/draft-west-cookie-prefixes-05`.",
        Chromium,
        "InvalidPrefix",
        None,
        SetCookie,
        InvalidPrefix,
    ),
    (
        "This attempt to set a cookie via a `Set-Cookie` header was blocked because its Domain attribute was invalid with regards to the current host url.",
        Chromium,
        "InvalidDomain",
        None,
        SetCookie,
        InvalidDomain,
    ),
    (
        "This cookie was blocked due to user preferences.",
        Chromium,
        "UserPreferences",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "Setting this cookie was blocked either because of Chrome flags or browser configuration. Learn more in the Issues panel.",
        Chromium,
        "ThirdPartyPhaseout",
        None,
        SetCookie,
        ThirdPartyBlocked,
    ),
    (
        "Third-party cookie is blocked in Chrome either because of Chrome flags or browser configuration.",
        Chromium,
        "ThirdPartyPhaseout",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "A cookie associated with a cross-site resource at http://site-b.example/ was set without the `SameSite` attribute. It has been blocked, as Chrome now only delivers cookies with cross-site requests if they are set with `SameSite=None` and `Secure`. You can review cookies in developer tools under Application>Storage>Cookies and see more details at https://www.chromestatus.com/feature/5088147346030592 and https://www.chromestatus.com/feature/5633521622188032.",
        Chromium,
        "SameSiteUnspecifiedTreatedAsLax",
        None,
        Request,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    (
        "A cookie associated with a resource at https://site-b.example/ was set with `SameSite=None` but without `Secure`. A future release of Chrome will only deliver cookies marked `SameSite=None` if they are also marked `Secure`.",
        Chromium,
        "SameSiteNoneInsecure",
        None,
        Request,
        SameSiteNoneInsecure,
    ),
    (
        "Mark cross-site cookies as Secure to allow setting them in cross-site contexts",
        Chromium,
        "SameSiteNoneInsecure",
        None,
        SetCookie,
        SameSiteNoneInsecure,
    ),
    ("ExcludeSameSiteLax", Chromium, "SameSiteLax", None, Request, SameSiteLax),
    (
        "blockedReasons: [\"SameSiteUnspecifiedTreatedAsLax\", \"ThirdPartyPhaseout\"]",
        Chromium,
        "SameSiteUnspecifiedTreatedAsLax",
        None,
        Request,
        SameSiteUnspecifiedTreatedAsLax,
    ),
    (
        "ThirdPartyBlockedInFirstPartySet",
        Chromium,
        "ThirdPartyBlockedInFirstPartySet",
        None,
        Request,
        ThirdPartyBlocked,
    ),
    (
        "This cookie was blocked because it was too large. The combined size of the name and value must be less than or equal to 4096 characters.",
        Chromium,
        "NameValuePairExceedsMaxSize",
        None,
        Request,
        TooLarge,
    ),
    (
        "Set-Cookie header is ignored in response from url: https://site-b.example/api. The combined size of the name and value must be less than or equal to 4096 characters.",
        Chromium,
        "NameValuePairExceedsMaxSize",
        None,
        SetCookie,
        TooLarge,
    ),
];

/// The first paste that holds `fragment`.
fn paste(fragment: &str) -> &'static str {
    FIREFOX_PASTES
        .iter()
        .chain(CHROMIUM_PASTES)
        .map(|c| c.0)
        .find(|t| t.contains(fragment))
        .unwrap_or_else(|| panic!("no paste holds {fragment:?}"))
}

fn check(case: &Case, page: &str) -> CookieMessage {
    let (text, browser, key, name, side, reason) = *case;
    let m = read_cookie_message(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(m.browser, browser, "{text:?}");
    assert_eq!(m.key, key, "{text:?}");
    assert_eq!(m.name.as_deref(), name, "{text:?}");
    assert_eq!(m.side, side, "{text:?}");
    assert_eq!(m.reason, Some(reason), "{text:?}");
    assert!(
        m.meaning.ends_with('.') && !m.meaning.is_empty(),
        "{text:?}: {}",
        m.meaning
    );
    let r = reproduce_cookie(&m, page);
    let scenario = r
        .scenario
        .as_ref()
        .unwrap_or_else(|| panic!("{text:?}: not reproduced: {:?}", r.not_reproduced));
    assert!(r.not_reproduced.is_none());
    assert_eq!(r.browser, browser.engine_browser());
    assert!(!r.assumptions.is_empty(), "{text:?}");
    let d = decide(scenario, r.browser);
    let went = reason == Stored;
    assert_eq!(
        r.verdict(&d),
        Some((reason, went)),
        "{text:?}\n{:#?}\nheld {:#?}\nsent {:#?}\nset {:#?}",
        r.assumptions,
        d.held_cookies,
        d.cookies,
        d.set_cookies
    );
    // The CORS headers let the request through: only the cookie is at stake.
    assert_eq!(d.outcome, Outcome::Allowed, "{text:?}: {:?}", d.failure);
    // The verdict says the same in DevTools' words, where it has them.
    let target = r.target.as_ref().unwrap();
    if browser == Chromium && reason.devtools().is_some() && target.list == CookieList::Request {
        let c = d
            .cookies
            .iter()
            .find(|c| c.name == target.name && c.hop == target.hop)
            .unwrap();
        assert_eq!(c.devtools, reason.devtools());
    }
    // The scenario is one the scenario format reads back.
    let json = serde_json::to_string(scenario).unwrap();
    let back = corscope_engine::parse_scenario(&json).unwrap_or_else(|e| panic!("{text:?}: {e:?}\n{json}"));
    assert_eq!(decide(&back, r.browser).outcome, d.outcome);
    m
}

#[test]
fn firefox_lines_are_read_and_reproduced() {
    for case in FIREFOX_PASTES {
        check(case, DEFAULT_PAGE);
    }
}

#[test]
fn chromium_reasons_are_read_and_reproduced() {
    for case in CHROMIUM_PASTES {
        check(case, DEFAULT_PAGE);
    }
}

#[test]
fn at_least_sixty_pastes() {
    assert!(FIREFOX_PASTES.len() + CHROMIUM_PASTES.len() >= 60);
}

#[test]
fn another_page_and_a_page_on_the_request_site_still_reproduce() {
    for page in [
        "https://shop.example",
        "http://localhost:3000",
        "https://site-b.example",
        "",
    ] {
        for case in FIREFOX_PASTES.iter().chain(CHROMIUM_PASTES).step_by(3) {
            check(case, page);
        }
    }
    let m = read_cookie_message(paste("x_lax")).unwrap();
    let r = reproduce_cookie(&m, "not a page");
    assert_eq!(r.scenario.unwrap().page, DEFAULT_PAGE);
    assert!(r.assumptions[0].contains("not a page"), "{:?}", r.assumptions);
}

#[test]
fn what_the_paste_tells_beside_the_reason_is_kept() {
    let m = read_cookie_message(paste("sid=abc123")).unwrap();
    assert_eq!(m.line.as_deref(), Some("sid=abc123; Path=/; SameSite=None; Secure"));
    let r = reproduce_cookie(&m, DEFAULT_PAGE);
    assert_eq!(r.target.unwrap().line, "sid=abc123; Path=/; SameSite=None; Secure");

    let m = read_cookie_message(paste("visitor=42")).unwrap();
    assert_eq!(m.line.as_deref(), Some("visitor=42; Path=/"));
    assert_eq!(
        reproduce_cookie(&m, DEFAULT_PAGE).target.unwrap().line,
        "visitor=42; Path=/"
    );

    let m = read_cookie_message("The value of the attribute “path” for the cookie “deep” has been rejected because its size is too big. Max size is 1024 B.").unwrap();
    assert_eq!(m.attribute.as_deref(), Some("path"));
    assert!(m.warning);
    let t = reproduce_cookie(&m, DEFAULT_PAGE).target.unwrap();
    assert!(t.line.starts_with("deep=1; path=/aaa"), "{}", t.line);

    let m = read_cookie_message("Request to access cookies or storage on “https://site-b.example/widget.js” was blocked because we are blocking all third-party storage access requests and content blocking is enabled.").unwrap();
    assert_eq!(m.url.as_deref(), Some("https://site-b.example/widget.js"));

    let m = read_cookie_message(paste("It has been blocked, as Chrome")).unwrap();
    assert_eq!(m.url.as_deref(), Some("http://site-b.example/"));
    assert!(!m.warning);
    let m = read_cookie_message(paste("A future release of Chrome")).unwrap();
    assert!(m.warning, "{m:?}");

    // Several reasons: the first is read, the others noted.
    let m = read_cookie_message(paste("blockedReasons: [")).unwrap();
    assert!(
        m.notes.iter().any(|n| n.contains("ThirdPartyPhaseout")),
        "{:?}",
        m.notes
    );
    // A reason in both lists with nothing around it: the side is assumed, and said.
    let m = read_cookie_message("SameSiteLax").unwrap();
    assert_eq!(m.side, Request);
    assert!(m.notes.iter().any(|n| n.contains("both")), "{:?}", m.notes);
    // Warnings are reproduced as the refusal they announce, and say so.
    let m = read_cookie_message(paste("x_nonesec")).unwrap();
    assert!(m.warning);
    let r = reproduce_cookie(&m, DEFAULT_PAGE);
    assert!(
        r.assumptions.iter().any(|a| a.contains("only warns")),
        "{:?}",
        r.assumptions
    );
    // A schemeful reason puts the page on the request's site, over http.
    let m = read_cookie_message(paste("but the request was cross-site and was not initiated")).unwrap();
    assert_eq!(
        reproduce_cookie(&m, DEFAULT_PAGE).scenario.unwrap().page,
        "http://site-b.example"
    );
    // Firefox's redirect: the page's own cookie, on the hop that comes back.
    let m = read_cookie_message(paste("“lang”")).unwrap();
    let t = reproduce_cookie(&m, DEFAULT_PAGE).target.unwrap();
    assert_eq!((t.list, t.hop, t.name.as_str()), (CookieList::Request, 1, "lang"));
}

#[test]
fn what_the_engine_does_not_model_is_said_not_faked() {
    let cases: &[(&str, &str, Option<CookieReason>, &str)] = &[
        (
            "Cookie “pref” has “SameSite” policy set to “Lax” because it is missing a “SameSite” attribute, and “SameSite=Lax” is the default value for this attribute.",
            "CookieLaxForced2",
            Some(SameSiteUnspecifiedTreatedAsLax),
            "laxByDefault",
        ),
        (
            "Cookie “pref” does not have a proper “SameSite” attribute value. Soon, cookies without the “SameSite” attribute or with an invalid value will be treated as “Lax”.",
            "CookieLaxForcedForBeta2",
            Some(SameSiteUnspecifiedTreatedAsLax),
            "laxByDefault",
        ),
        (
            "Cookie “sid” has been rejected because there is an existing “secure” cookie.",
            "CookieRejectedNonsecureOverSecure",
            None,
            "leave secure cookies alone",
        ),
        (
            "Cookie “sid” has been rejected for invalid path.",
            "CookieRejectedInvalidPath",
            None,
            "Path",
        ),
        (
            "Cookie “sid” has been rejected because its path attribute is too big.",
            "CookieRejectedAttributePathOversize",
            None,
            "1024",
        ),
        (
            "Cookie “sid” has been rejected because its expiration date is over the limit.",
            "CookieRejectedAttributeExpiryOversize",
            None,
            "clock",
        ),
        (
            "Cookie “sid” has been rejected because there is already an HTTP-Only cookie but script tried to store a new one.",
            "CookieRejectedHttpOnlyButFromScript",
            None,
            "document.cookie",
        ),
        (
            "Request to access cookies or storage on “https://ads.example/p.js” was blocked because it came from a tracker and content blocking is enabled.",
            "CookieBlockedTracker",
            None,
            "tracker",
        ),
        ("PortMismatch", "PortMismatch", None, "port"),
        ("sid SchemeMismatch", "SchemeMismatch", None, "scheme"),
        ("AnonymousContext", "AnonymousContext", None, "anonymous"),
        ("OverwriteSecure", "OverwriteSecure", None, "leave secure cookies alone"),
        ("This `Set-Cookie` header had invalid syntax.", "SyntaxError", None, "DisallowedCharacter"),
        ("An unknown error was encountered when trying to send this cookie.", "UnknownError", None, "no reason"),
        ("The scheme of this connection is not allowed to store cookies.", "SchemeNotSupported", None, "http(s)"),
        ("SamePartyFromCrossPartyContext", "SamePartyFromCrossPartyContext", None, "SameParty"),
        ("Cookie wasn't sent due to port mismatch", "PortMismatch", None, "port"),
    ];
    for (text, key, reason, why) in cases {
        let m = read_cookie_message(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!((m.key, m.reason), (*key, *reason), "{text:?}");
        let r = reproduce_cookie(&m, DEFAULT_PAGE);
        assert!(r.scenario.is_none() && r.target.is_none(), "{text:?}");
        let said = r.not_reproduced.unwrap_or_default();
        assert!(said.contains(why), "{text:?}: {said}");
    }
}

#[test]
fn bad_input_is_not_recognised_with_a_reason_never_a_panic() {
    let long_garbage = "lorem ipsum ".repeat(50_000);
    let too_long = "x".repeat(2 << 20);
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("  \n\t \n>  \n```\n```", "empty"),
        ("hello world", "Firefox's console line"),
        ("Failed to fetch", "Firefox's console line"),
        (
            "Access to fetch at 'https://api.example/x' from origin 'https://a.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "CORS console message",
        ),
        (
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
            "CORS console message",
        ),
        ("Cookie “x” has been rejected because the moon is full.", "speaks of a cookie"),
        (
            "The value of the attribute “path” for the cookie “x” has been overwritten.",
            "nothing was blocked",
        ),
        (&long_garbage, "Firefox's console line"),
        (&too_long, "bytes long"),
        ("\u{0}\u{1}\u{fffd}\u{fffd}\u{202e}\u{200b}İ̇ß\u{7f}\u{feff}💥", "Firefox's console line"),
        ("“”‘’`>``>", "no words"),
    ];
    for (text, hint) in cases {
        let e = read_cookie_message(text).expect_err(&text.chars().take(80).collect::<String>());
        assert!(
            e.to_string().contains(hint),
            "{:?}: {e}",
            text.chars().take(80).collect::<String>()
        );
        assert!(e.to_string().starts_with("not recognised"));
    }
}

#[test]
fn any_cut_of_a_paste_reads_without_panicking() {
    let texts: Vec<&str> = FIREFOX_PASTES.iter().chain(CHROMIUM_PASTES).map(|c| c.0).collect();
    for text in texts {
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &i in cuts.iter().step_by(3) {
            for piece in [&text[..i], &text[i..]] {
                if let Ok(m) = read_cookie_message(piece) {
                    let r = reproduce_cookie(&m, DEFAULT_PAGE);
                    assert!(r.scenario.is_some() || r.not_reproduced.is_some());
                }
            }
        }
        // Mangled: characters doubled, quotes of every kind, control bytes.
        let mangled: String = text
            .chars()
            .flat_map(|c| match c {
                '"' => vec!['„', '\u{1}'],
                ' ' => vec![' ', '\u{a0}'],
                c => vec![c],
            })
            .collect();
        let _ = read_cookie_message(&mangled).map(|m| reproduce_cookie(&m, "https://x.example"));
    }
}
