//! Reading a pasted cookie message, and building the scenario that
//! reproduces it:
//! - Firefox's console lines about a cookie it refused, or warns about
//!   (`netwerk/locales/en-US/necko.properties`: `CookieRejected…`,
//!   `CookieForeignNoPartitioned…`, `CookieBlocked…`, …), with straight or
//!   curly quotes;
//! - Chromium DevTools' blocked-cookie reasons: the identifiers of CDP's
//!   `Network.CookieBlockedReason` (a cookie not sent) and
//!   `Network.SetCookieBlockedReason` (a `Set-Cookie` line not stored), or the
//!   Network panel's tooltip text for them (`front_end/core/sdk/NetworkRequest.ts`),
//!   with the cookie's name or line when it is pasted beside.
//!
//! Safari prints no cookie message. Text that is none of these is "not
//! recognised", never a guess; a message whose cause the engine does not
//! model is recognised, and its reproduction says so instead of faking it.

use super::console_message::MessageBrowser;
use crate::cookies::CookieReason;
use crate::decision::{Browser, Decision};
use crate::origin::Origin;
use crate::scenario::{
    Answer, CookieSetting, Cookies, CredentialsMode, HeldCookie, Hop, Network, RequestSpec, Scenario, Server, Via,
};
use serde::Serialize;
use std::fmt;

/// Whether a message is about a cookie going with a request, or about a
/// `Set-Cookie` line being stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CookieSide {
    /// A cookie the browser holds, and did not send.
    Request,
    /// A `Set-Cookie` line, which the browser did not store.
    SetCookie,
}

/// A recognised cookie message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieMessage {
    pub browser: MessageBrowser,
    /// Firefox's message key (`CookieRejectedForNonSameSiteness`) or
    /// Chromium DevTools' reason (`SameSiteLax`, `SchemefulSameSiteLax`, …).
    pub key: &'static str,
    /// The cookie's name, when the paste holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The `Set-Cookie` line, when the paste holds it (Firefox's
    /// "rejected as third-party" prints the whole header; a DevTools paste
    /// may carry `cookieLine` or `Set-Cookie: …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// The URL the message names (Firefox's storage-access lines, Chromium's
    /// old console warnings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The attribute Firefox dropped (`CookieAttributeIgnored`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    pub side: CookieSide,
    /// The engine's reason for what the message says (or announces), `None`
    /// where the engine has no such reason.
    pub reason: Option<CookieReason>,
    /// The message only warns: the browser that printed it still sent or
    /// stored the cookie (it announces a refusal, or notes an attribute).
    pub warning: bool,
    /// What it means, in one sentence.
    pub meaning: String,
    /// What reading it assumed (a side the paste did not tell, other
    /// reasons listed beside the first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Why the text could not be read as a cookie message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACookieMessage {
    pub hint: String,
}

impl fmt::Display for NotACookieMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not recognised as a cookie message: {}", self.hint)
    }
}

impl std::error::Error for NotACookieMessage {}

fn not_recognised(hint: impl Into<String>) -> NotACookieMessage {
    NotACookieMessage { hint: hint.into() }
}

/// The longest paste read (a DevTools protocol dump of one request fits many times over).
const MAX_PASTE: usize = 1 << 20;

// ---------------------------------------------------------------------------
// Firefox

/// What a Firefox line's `%1$S` holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Name,
    /// The whole `Set-Cookie` header (`CookieRejectedThirdParty`,
    /// `CookieRejectedByPermissionManager`).
    Header,
    Url,
    Nothing,
}

/// One Firefox message (necko.properties), as it reads once quotes are
/// dropped: `before` `%1$S` `after`. `after` identifies it (pastes may cut
/// the rest off).
struct FirefoxLine {
    key: &'static str,
    before: &'static str,
    after: &'static str,
    capture: Capture,
    side: CookieSide,
    reason: Option<CookieReason>,
    warning: bool,
    meaning: &'static str,
    /// Why the engine cannot reproduce it, where it cannot.
    unmodelled: &'static str,
}

const NOT_A_NO_SAMESITE_LAX_FIREFOX: &str = concat!(
    "the engine's Firefox (ESR 153, as released: network.cookie.sameSite.laxByDefault off) treats a cookie without",
    " SameSite as SameSite=None; this message comes from a Firefox with Lax by default switched on, which the engine",
    " has no setting for (Chromium does enforce it: the same cookie in Chromium is blocked as",
    " SameSiteUnspecifiedTreatedAsLax)"
);

const FIREFOX: &[FirefoxLine] = &[
    FirefoxLine {
        key: "CookieRejectedForNonSameSiteness",
        before: "Cookie ",
        after: " has been rejected because it is in a cross-site context",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SameSiteLax),
        warning: false,
        meaning: "Firefox did not store the cookie: it has SameSite=Lax or Strict and came in the answer to a cross-site request, where only a SameSite=None cookie may be set.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedNonRequiresSecure2",
        before: "Cookie ",
        after: " rejected because it has the SameSite=None attribute but is missing the secure attribute",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SameSiteNoneInsecure),
        warning: false,
        meaning: "Firefox did not store the cookie: SameSite=None needs Secure, and the line has no Secure.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedNonRequiresSecureForBeta3",
        before: "Cookie ",
        after: " will be soon rejected because it has the SameSite attribute set to None without the secure attribute",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SameSiteNoneInsecure),
        warning: true,
        meaning: "A warning of an older Firefox, which still stored this SameSite=None cookie without Secure: today's Firefox refuses it.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieLaxForced2",
        before: "Cookie ",
        after: " has SameSite policy set to Lax because it is missing a SameSite attribute",
        capture: Capture::Name,
        side: CookieSide::Request,
        reason: Some(CookieReason::SameSiteUnspecifiedTreatedAsLax),
        warning: true,
        meaning: "Firefox, with Lax by default switched on, treats this cookie without SameSite as SameSite=Lax: it does not go with cross-site requests.",
        unmodelled: NOT_A_NO_SAMESITE_LAX_FIREFOX,
    },
    FirefoxLine {
        key: "CookieLaxForcedForBeta2",
        before: "Cookie ",
        after: " does not have a proper SameSite attribute value",
        capture: Capture::Name,
        side: CookieSide::Request,
        reason: Some(CookieReason::SameSiteUnspecifiedTreatedAsLax),
        warning: true,
        meaning: "A warning: the cookie has no valid SameSite, and once Firefox treats that as Lax it will no longer go with cross-site requests.",
        unmodelled: NOT_A_NO_SAMESITE_LAX_FIREFOX,
    },
    FirefoxLine {
        key: "CookieSameSiteValueInvalid2",
        before: "Invalid SameSite value for cookie ",
        after: ". The supported values are",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::Stored),
        warning: true,
        meaning: "The cookie's SameSite value is none of Lax, Strict and None: Firefox stores it as if it had no SameSite at all.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieOversize",
        before: "Cookie ",
        after: " is invalid because its size is too big",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::TooLarge),
        warning: false,
        meaning: "Firefox did not store the cookie: its name and value are longer than 4096 bytes together.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedByPermissionManager",
        before: "Cookie ",
        after: " has been rejected by user set permissions",
        capture: Capture::Header,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox did not store the cookie: the user's cookie permission for this site blocks it.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedEmptyNameAndValue",
        before: "",
        after: "Cookie with an empty name and an empty value has been rejected",
        capture: Capture::Nothing,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::NoCookieContent),
        warning: false,
        meaning: "Firefox ignored a Set-Cookie line with neither a name nor a value.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidCharName",
        before: "Cookie ",
        after: " has been rejected for invalid characters in the name",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SyntaxError),
        warning: false,
        meaning: "Firefox did not store the cookie: its name holds a character no cookie name may (a control character).",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidCharValue",
        before: "Cookie ",
        after: " has been rejected for invalid characters in the value",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SyntaxError),
        warning: false,
        meaning: "Firefox did not store the cookie: its value holds a character no cookie value may (a control character).",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidCharAttributes",
        before: "Cookie ",
        after: " has been rejected for invalid characters in the attributes",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SyntaxError),
        warning: false,
        meaning: "Firefox did not store the cookie: its attributes hold a character a Set-Cookie line may not (a control character).",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidDomain",
        before: "Cookie ",
        after: " has been rejected for invalid domain",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::InvalidDomain),
        warning: false,
        meaning: "Firefox did not store the cookie: its Domain attribute does not cover the host that sent it, or is a public suffix.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidPrefix",
        before: "Cookie ",
        after: " has been rejected for invalid prefix",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::InvalidPrefix),
        warning: false,
        meaning: "Firefox did not store the cookie: a __Secure- or __Host- name without what the prefix demands (Secure; for __Host-, also Path=/ and no Domain).",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedInvalidPath",
        before: "Cookie ",
        after: " has been rejected for invalid path",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox did not store the cookie: its Path attribute is invalid.",
        unmodelled: "the engine, as RFC 6265bis, ignores a Path it cannot use (the default path is taken) and stores the cookie; it has no refusal for a path",
    },
    FirefoxLine {
        key: "CookieRejectedAttributePathOversize",
        before: "Cookie ",
        after: " has been rejected because its path attribute is too big",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox did not store the cookie: its Path attribute is longer than 1024 bytes.",
        unmodelled: "RFC 6265bis and the engine ignore an attribute longer than 1024 bytes and store the cookie without it; this Firefox refuses the cookie instead",
    },
    FirefoxLine {
        key: "CookieRejectedAttributeDomainOversize",
        before: "Cookie ",
        after: " has been rejected because its domain attribute is too big",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox did not store the cookie: its Domain attribute is longer than 1024 bytes.",
        unmodelled: "RFC 6265bis and the engine ignore an attribute longer than 1024 bytes and store the cookie without it; this Firefox refuses the cookie instead",
    },
    FirefoxLine {
        key: "CookieRejectedAttributeExpiryOversize",
        before: "Cookie ",
        after: " has been rejected because its expiration date is over the limit",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox did not store the cookie: its expiry is further away than Firefox allows.",
        unmodelled: "the engine has no clock: it reads an expiry only as past or future, never as too far",
    },
    FirefoxLine {
        key: "CookieRejectedHttpOnlyButFromScript",
        before: "Cookie ",
        after: " has been rejected because there is already an HTTP-Only cookie but script tried to store a new one",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox refused a cookie that script set with document.cookie: an HttpOnly cookie of that name exists.",
        unmodelled: "the engine models cookies set by HTTP answers, not by document.cookie",
    },
    FirefoxLine {
        key: "CookieRejectedSecureButNonHttps",
        before: "Cookie ",
        after: " has been rejected because a non-HTTPS cookie can't be set as secure",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::SecureOnly),
        warning: false,
        meaning: "Firefox did not store the cookie: it says Secure but came from a URL that is not secure (not https).",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedThirdParty",
        before: "Cookie ",
        after: " has been rejected as third-party",
        capture: Capture::Header,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox did not store the cookie: it came in a cross-site (third-party) answer, and the user's setting blocks third-party cookies.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieRejectedNonsecureOverSecure",
        before: "Cookie ",
        after: " has been rejected because there is an existing secure cookie",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: None,
        warning: false,
        meaning: "Firefox did not store the cookie: an answer that is not secure may not replace a Secure cookie of the same name.",
        unmodelled: "the engine does not model \"leave secure cookies alone\" (RFC 6265bis §5.7 step 16)",
    },
    FirefoxLine {
        key: "CookieRejectedPartitionedRequiresSecure",
        before: "Cookie ",
        after: " has been rejected because it has the Partitioned attribute but is missing the secure attribute",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::PartitionedNotSecure),
        warning: false,
        meaning: "Firefox did not store the cookie: Partitioned needs Secure (CHIPS), and the line has no Secure.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieAttributeIgnored",
        before: " for the cookie ",
        after: " has been rejected because its size is too big",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::Stored),
        warning: true,
        meaning: "Firefox dropped one attribute of the cookie, longer than 1024 bytes, and stored the cookie without it.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieForeignNoPartitionedWarning",
        before: "Cookie ",
        after: " will soon be rejected because it is foreign and does not have the Partitioned attribute",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: true,
        meaning: "A warning: a third-party cookie without Partitioned, which this Firefox still stored (in the page's site's partition); once unpartitioned third-party cookies are blocked it will refuse it.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieForeignNoPartitionedError",
        before: "Cookie ",
        after: " has been rejected because it is foreign and does not have the Partitioned attribute",
        capture: Capture::Name,
        side: CookieSide::SetCookie,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox did not store the cookie: it is a third-party (foreign) cookie without Partitioned, and this Firefox blocks unpartitioned third-party cookies.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieBlockedCrossSiteRedirect",
        before: "Cookie ",
        after: " with the SameSite attribute value Lax or Strict was omitted because of a cross-site redirect",
        capture: Capture::Name,
        side: CookieSide::Request,
        reason: Some(CookieReason::SameSiteLax),
        warning: false,
        meaning: "Firefox did not send the cookie: it has SameSite=Lax or Strict, and the request reached its site through a cross-site redirect, which Firefox counts as cross-site.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieBlockedByPermission",
        before: "Request to access cookies or storage on ",
        after: " was blocked because of custom cookie permission",
        capture: Capture::Url,
        side: CookieSide::Request,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox gave this resource no cookies: a custom cookie permission blocks them for its site.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieBlockedTracker",
        before: "Request to access cookies or storage on ",
        after: " was blocked because it came from a tracker",
        capture: Capture::Url,
        side: CookieSide::Request,
        reason: None,
        warning: false,
        meaning: "Firefox gave this resource no cookies: its site is on Enhanced Tracking Protection's tracker list.",
        unmodelled: "the engine has no tracker list: it blocks third-party cookies by the setting alone",
    },
    FirefoxLine {
        key: "CookieBlockedAll",
        before: "Request to access cookies or storage on ",
        after: " was blocked because we are blocking all storage access requests",
        capture: Capture::Url,
        side: CookieSide::Request,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox gave this resource no cookies: the user blocks all cookies.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookieBlockedForeign",
        before: "Request to access cookies or storage on ",
        after: " was blocked because we are blocking all third-party storage access requests",
        capture: Capture::Url,
        side: CookieSide::Request,
        reason: Some(CookieReason::ThirdPartyBlocked),
        warning: false,
        meaning: "Firefox gave this third-party resource no cookies: third-party cookies are blocked.",
        unmodelled: "",
    },
    FirefoxLine {
        key: "CookiePartitionedForeign2",
        before: "Partitioned cookie or storage access was provided to ",
        after: " because it is loaded in the third-party context",
        capture: Capture::Url,
        side: CookieSide::Request,
        reason: Some(CookieReason::OtherPartition),
        warning: false,
        meaning: "Firefox gave this third-party resource only its jar for this page's site (Total Cookie Protection): cookies its site set elsewhere, on a visit, are not sent.",
        unmodelled: "",
    },
];

/// Firefox cookie lines that refuse or block nothing: named, not reproduced.
const FIREFOX_NOTES: &[(&str, &str)] = &[
    (
        " has been overwritten",
        "Firefox's note that an attribute of the cookie was given twice (CookieAttributeOverwritten): the last one counts and the cookie is stored; nothing was blocked",
    ),
    (
        "value for cookie",
        "Firefox's note about an attribute value it ignores (e.g. CookieInvalidMaxAgeAttribute): the cookie is stored; nothing was blocked",
    ),
];

fn read_firefox(flat: &str, lower: &str) -> Option<CookieMessage> {
    FIREFOX.iter().find_map(|t| {
        let p = lower.find(&t.after.to_ascii_lowercase())?;
        let captured = (!t.before.is_empty())
            .then(|| {
                let before = t.before.to_ascii_lowercase();
                let q = lower[..p].rfind(&before)?;
                let v = flat[q + before.len()..p].trim();
                (!v.is_empty()).then(|| v.to_string())
            })
            .flatten();
        let mut m = CookieMessage {
            browser: MessageBrowser::Firefox,
            key: t.key,
            name: None,
            line: None,
            url: None,
            attribute: None,
            side: t.side,
            reason: t.reason,
            warning: t.warning,
            meaning: t.meaning.to_string(),
            notes: vec![],
        };
        match (t.capture, captured) {
            (Capture::Name, Some(v)) => m.name = Some(v),
            (Capture::Header, Some(v)) => {
                // "%1 is the cookie response header": its first pair names it.
                if v.contains('=') {
                    m.name = Some(pair_name(&v).to_string()).filter(|n| !n.is_empty());
                    m.line = Some(v);
                } else {
                    m.name = Some(v);
                }
            }
            (Capture::Url, Some(v)) => m.url = Some(v),
            _ => {}
        }
        if t.key == "CookieAttributeIgnored" {
            let lead = "the value of the attribute ";
            m.attribute = lower[..p].find(lead).and_then(|a| {
                let from = a + lead.len();
                let to = lower[from..p].find(" for the cookie ")? + from;
                Some(flat[from..to].trim().to_string()).filter(|s| !s.is_empty())
            });
        }
        Some(m)
    })
}

/// A `Set-Cookie` line's name: what comes before its first `=` (none without one).
fn pair_name(line: &str) -> &str {
    let pair = line.split(';').next().unwrap_or_default();
    pair.split_once('=').map(|(n, _)| n.trim()).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Chromium

/// One of DevTools' blocked-cookie reasons (`Network.CookieBlockedReason`,
/// `Network.SetCookieBlockedReason`, and their `Audits` forms).
struct DevtoolsReason {
    id: &'static str,
    /// In `CookieBlockedReason` (the cookie was not sent).
    request: bool,
    /// In `SetCookieBlockedReason` (the line was not stored).
    set: bool,
    reason: Option<CookieReason>,
    why_request: &'static str,
    why_set: &'static str,
    unmodelled: &'static str,
}

const CROSS_SCHEME: &str = " (cross-site because its scheme differs from the page's: http and https on the same site)";

const DEVTOOLS: &[DevtoolsReason] = &[
    DevtoolsReason {
        id: "SecureOnly",
        request: true,
        set: true,
        reason: Some(CookieReason::SecureOnly),
        why_request: "the cookie is Secure and the request's URL is not secure (not https)",
        why_set: "the line says Secure and did not come over a secure connection",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "NotOnPath",
        request: true,
        set: false,
        reason: Some(CookieReason::NotOnPath),
        why_request: "the cookie's Path does not cover the request's path",
        why_set: "",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "DomainMismatch",
        request: true,
        set: false,
        reason: Some(CookieReason::DomainMismatch),
        why_request: "the cookie belongs to another host (or domain) of the site than the request's",
        why_set: "",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "SameSiteStrict",
        request: true,
        set: true,
        reason: Some(CookieReason::SameSiteStrict),
        why_request: "the cookie has SameSite=Strict and the request is cross-site",
        why_set: "the line has SameSite=Strict and came in the answer to a cross-site request",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "SameSiteLax",
        request: true,
        set: true,
        reason: Some(CookieReason::SameSiteLax),
        why_request: "the cookie has SameSite=Lax and the request is cross-site and not a top-level navigation",
        why_set: "the line has SameSite=Lax and came in the answer to a cross-site request that is not a top-level navigation",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "SameSiteUnspecifiedTreatedAsLax",
        request: true,
        set: true,
        reason: Some(CookieReason::SameSiteUnspecifiedTreatedAsLax),
        why_request: "the cookie has no SameSite, which counts as Lax, and the request is cross-site and not a top-level navigation",
        why_set: "the line has no SameSite, which counts as Lax, and came in the answer to a cross-site request that is not a top-level navigation",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "SameSiteNoneInsecure",
        request: true,
        set: true,
        reason: Some(CookieReason::SameSiteNoneInsecure),
        why_request: "the cookie has SameSite=None without Secure, which needs Secure",
        why_set: "the line has SameSite=None without Secure, which needs Secure",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "UserPreferences",
        request: true,
        set: true,
        reason: Some(CookieReason::ThirdPartyBlocked),
        why_request: "the user's setting blocks third-party cookies, and the request is cross-site",
        why_set: "the user's setting blocks third-party cookies, and the answer is cross-site",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "ThirdPartyPhaseout",
        request: true,
        set: true,
        reason: Some(CookieReason::ThirdPartyBlocked),
        why_request: "third-party cookies are blocked (Chrome's third-party cookie phase-out, a flag or the browser's configuration), and the request is cross-site",
        why_set: "third-party cookies are blocked (Chrome's third-party cookie phase-out, a flag or the browser's configuration), and the answer is cross-site",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "ThirdPartyBlockedInFirstPartySet",
        request: true,
        set: true,
        reason: Some(CookieReason::ThirdPartyBlocked),
        why_request: "third-party cookies are blocked, even within the sites' Related Website Set (First-Party Set)",
        why_set: "third-party cookies are blocked, even within the sites' Related Website Set (First-Party Set)",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "NameValuePairExceedsMaxSize",
        request: true,
        set: true,
        reason: Some(CookieReason::TooLarge),
        why_request: "the cookie's name and value are longer than 4096 bytes together",
        why_set: "the line's name and value are longer than 4096 bytes together",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "InvalidDomain",
        request: false,
        set: true,
        reason: Some(CookieReason::InvalidDomain),
        why_request: "",
        why_set: "the line's Domain does not cover the host that sent it, or is a public suffix",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "InvalidPrefix",
        request: false,
        set: true,
        reason: Some(CookieReason::InvalidPrefix),
        why_request: "",
        why_set: "a __Secure- or __Host- name without what the prefix demands (Secure; for __Host-, also Path=/ and no Domain)",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "DisallowedCharacter",
        request: false,
        set: true,
        reason: Some(CookieReason::SyntaxError),
        why_request: "",
        why_set: "the line holds a control character (or a tab inside a name, value or attribute)",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "NoCookieContent",
        request: false,
        set: true,
        reason: Some(CookieReason::NoCookieContent),
        why_request: "",
        why_set: "the line is empty, or has neither a name nor a value",
        unmodelled: "",
    },
    DevtoolsReason {
        id: "SyntaxError",
        request: false,
        set: true,
        reason: None,
        why_request: "",
        why_set: "Chromium's cookie parser could not read the line",
        unmodelled: "Chromium reports SyntaxError for a line its parser refuses without naming why; the engine refuses a line only for a control character (DisallowedCharacter), for having no name and value (NoCookieContent) or for its size (NameValuePairExceedsMaxSize)",
    },
    DevtoolsReason {
        id: "SchemeNotSupported",
        request: false,
        set: true,
        reason: None,
        why_request: "",
        why_set: "the answer's scheme may not set cookies (it is not http or https)",
        unmodelled: "the engine's requests are http(s), whose answers may always set cookies",
    },
    DevtoolsReason {
        id: "OverwriteSecure",
        request: false,
        set: true,
        reason: None,
        why_request: "",
        why_set: "an answer that is not secure would have replaced a Secure cookie of the same name",
        unmodelled: "the engine does not model \"leave secure cookies alone\" (RFC 6265bis §5.7 step 16)",
    },
    DevtoolsReason {
        id: "UnknownError",
        request: true,
        set: true,
        reason: None,
        why_request: "Chromium does not say why",
        why_set: "Chromium does not say why",
        unmodelled: "DevTools gives no reason to reproduce",
    },
    DevtoolsReason {
        id: "PortMismatch",
        request: true,
        set: false,
        reason: None,
        why_request: "the cookie was set by another port of the host, and this Chromium binds cookies to their port",
        why_set: "",
        unmodelled: "the engine does not bind cookies to their origin's port (Chromium's port binding is behind a flag); cookies ignore ports, as in RFC 6265bis",
    },
    DevtoolsReason {
        id: "SchemeMismatch",
        request: true,
        set: false,
        reason: None,
        why_request: "the cookie was set over another scheme (http or https), and this Chromium binds cookies to their scheme",
        why_set: "",
        unmodelled: "the engine does not bind cookies to the scheme that set them (Chromium's scheme binding); only Secure restricts the scheme, as in RFC 6265bis",
    },
    DevtoolsReason {
        id: "AnonymousContext",
        request: true,
        set: false,
        reason: None,
        why_request: "the request comes from an anonymous (credentialless) iframe, which gets no unpartitioned cookies",
        why_set: "",
        unmodelled: "the engine models a top-level page, not an anonymous iframe",
    },
    DevtoolsReason {
        id: "DomainNonASCII",
        request: true,
        set: true,
        reason: None,
        why_request: "the cookie's Domain holds characters that are not ASCII",
        why_set: "the line's Domain holds characters that are not ASCII",
        unmodelled: "the engine reads a Domain as written, with no check for non-ASCII characters",
    },
    DevtoolsReason {
        id: "SamePartyFromCrossPartyContext",
        request: true,
        set: true,
        reason: None,
        why_request: "the cookie has SameParty (a First-Party Sets attribute Chromium has removed) and the request is cross-party",
        why_set: "the line has SameParty (a First-Party Sets attribute Chromium has removed) and came from a cross-party context",
        unmodelled: "SameParty is gone from Chromium, and the engine does not model it",
    },
    DevtoolsReason {
        id: "SamePartyConflictsWithOtherAttributes",
        request: false,
        set: true,
        reason: None,
        why_request: "",
        why_set: "the line has SameParty (a removed attribute) together with attributes that conflict with it",
        unmodelled: "SameParty is gone from Chromium, and the engine does not model it",
    },
];

fn devtools(id: &str) -> Option<&'static DevtoolsReason> {
    // The Issues panel's names (`Audits.CookieExclusionReason`): `Exclude` + the reason.
    let id = id.strip_prefix("Exclude").unwrap_or(id);
    let id = match id {
        "ThirdPartyCookieBlockedInFirstPartySet" => "ThirdPartyBlockedInFirstPartySet",
        _ if SCHEMEFUL_IDS.contains(&id) => &id["Schemeful".len()..],
        _ => id,
    };
    DEVTOOLS.iter().find(|d| d.id == id)
}

/// DevTools' identifier as printed, with `Schemeful` where it was.
const SCHEMEFUL_IDS: [&str; 3] = [
    "SchemefulSameSiteStrict",
    "SchemefulSameSiteLax",
    "SchemefulSameSiteUnspecifiedTreatedAsLax",
];

/// The Network panel's tooltips (and a few other DevTools texts), lowercase,
/// without quotes or backticks: the phrase, the side when the text tells, the reason.
const DEVTOOLS_TEXTS: &[(&str, Option<CookieSide>, &str)] = &[
    // SetCookieBlockedReason first: their texts are the more specific.
    (
        "had the secure attribute but was not received over a secure connection",
        Some(CookieSide::SetCookie),
        "SecureOnly",
    ),
    (
        "had the samesite=strict attribute but came from a cross-site response",
        Some(CookieSide::SetCookie),
        "SameSiteStrict",
    ),
    (
        "had the samesite=lax attribute but came from a cross-site response",
        Some(CookieSide::SetCookie),
        "SameSiteLax",
    ),
    (
        "set-cookie header didn't specify a samesite attribute",
        Some(CookieSide::SetCookie),
        "SameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "had the samesite=none attribute but did not have the secure attribute",
        Some(CookieSide::SetCookie),
        "SameSiteNoneInsecure",
    ),
    (
        "set-cookie header was blocked due to user preferences",
        Some(CookieSide::SetCookie),
        "UserPreferences",
    ),
    (
        "setting this cookie was blocked due to third-party cookie phaseout",
        Some(CookieSide::SetCookie),
        "ThirdPartyPhaseout",
    ),
    (
        "setting this cookie was blocked either because of chrome flags or browser configuration",
        Some(CookieSide::SetCookie),
        "ThirdPartyPhaseout",
    ),
    (
        "set-cookie header had invalid syntax",
        Some(CookieSide::SetCookie),
        "SyntaxError",
    ),
    (
        "set-cookie header contained a disallowed character",
        Some(CookieSide::SetCookie),
        "DisallowedCharacter",
    ),
    (
        "the scheme of this connection is not allowed to store cookies",
        Some(CookieSide::SetCookie),
        "SchemeNotSupported",
    ),
    (
        "would have overwritten a cookie with the secure attribute",
        Some(CookieSide::SetCookie),
        "OverwriteSecure",
    ),
    (
        "its domain attribute was invalid with regards to the current host url",
        Some(CookieSide::SetCookie),
        "InvalidDomain",
    ),
    (
        "prefix in its name and broke the additional rules applied to cookies with these prefixes",
        Some(CookieSide::SetCookie),
        "InvalidPrefix",
    ),
    (
        "an unknown error was encountered when trying to store this cookie",
        Some(CookieSide::SetCookie),
        "UnknownError",
    ),
    (
        "blocked because the cookie was too large",
        Some(CookieSide::SetCookie),
        "NameValuePairExceedsMaxSize",
    ),
    (
        "set-cookie header is ignored in response from url",
        Some(CookieSide::SetCookie),
        "NameValuePairExceedsMaxSize",
    ),
    (
        "had the sameparty attribute but also had other conflicting attributes",
        Some(CookieSide::SetCookie),
        "SamePartyConflictsWithOtherAttributes",
    ),
    // CookieBlockedReason.
    (
        "had the secure attribute and the connection was not secure",
        Some(CookieSide::Request),
        "SecureOnly",
    ),
    (
        "path was not an exact match for or a superdirectory of the request url's path",
        Some(CookieSide::Request),
        "NotOnPath",
    ),
    (
        "neither did the request url's domain exactly match the cookie's domain",
        Some(CookieSide::Request),
        "DomainMismatch",
    ),
    (
        "had the samesite=strict attribute and the request was made from a different site",
        Some(CookieSide::Request),
        "SameSiteStrict",
    ),
    (
        "had the samesite=strict attribute but the request was cross-site",
        Some(CookieSide::Request),
        "SameSiteStrict",
    ),
    (
        "had the samesite=lax attribute and the request was made from a different site",
        Some(CookieSide::Request),
        "SameSiteLax",
    ),
    (
        "had the samesite=lax attribute but the request was cross-site",
        Some(CookieSide::Request),
        "SameSiteLax",
    ),
    (
        "didn't specify a samesite attribute when it was stored",
        Some(CookieSide::Request),
        "SameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "had the samesite=none attribute but was not marked secure",
        Some(CookieSide::Request),
        "SameSiteNoneInsecure",
    ),
    (
        "this cookie was blocked due to user preferences",
        Some(CookieSide::Request),
        "UserPreferences",
    ),
    (
        "this cookie was blocked due to third-party cookie phaseout",
        Some(CookieSide::Request),
        "ThirdPartyPhaseout",
    ),
    (
        "this cookie was blocked either because of chrome flags or browser configuration",
        Some(CookieSide::Request),
        "ThirdPartyPhaseout",
    ),
    (
        "an unknown error was encountered when trying to send this cookie",
        Some(CookieSide::Request),
        "UnknownError",
    ),
    (
        "this cookie was blocked because it was too large",
        Some(CookieSide::Request),
        "NameValuePairExceedsMaxSize",
    ),
    (
        "had the sameparty attribute but the request was cross-party",
        None,
        "SamePartyFromCrossPartyContext",
    ),
    // The console's and the Issues panel's words.
    (
        "third-party cookie is blocked in chrome either because of chrome flags or browser configuration",
        None,
        "ThirdPartyPhaseout",
    ),
    (
        "mark cross-site cookies as secure to allow setting them in cross-site contexts",
        Some(CookieSide::SetCookie),
        "SameSiteNoneInsecure",
    ),
    (
        "indicate whether to send a cookie in a cross-site request by specifying its samesite attribute",
        Some(CookieSide::Request),
        "SameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "cookie is blocked when set in cross-site context",
        Some(CookieSide::SetCookie),
        "ThirdPartyPhaseout",
    ),
    (
        "cookie wasn't sent due to port mismatch",
        Some(CookieSide::Request),
        "PortMismatch",
    ),
    // Chrome 77–84's console warnings, still pasted.
    (
        "was set without the samesite attribute",
        Some(CookieSide::Request),
        "SameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "was set with samesite=none but without secure",
        Some(CookieSide::Request),
        "SameSiteNoneInsecure",
    ),
];

const CROSS_SCHEME_TEXT: &str = "because the url has a different scheme than the current site";

/// Words that are not a cookie's name when they stand beside a reason.
const NOT_A_NAME: &[&str] = &[
    "blockedreasons",
    "blockedreason",
    "reason",
    "reasons",
    "cookie",
    "cookies",
    "name",
    "blocked",
    "request",
    "response",
    "set-cookie",
    "samesite",
    "secure",
    "httponly",
    "path",
    "domain",
    "partitioned",
    "chrome",
    "chromium",
    "devtools",
    "warning",
    "error",
    "issue",
    "not",
    "sent",
    "stored",
    "blockedcookies",
    "associatedcookies",
    "cookieline",
];

/// Whether `word` can be a cookie name (an RFC 9110 token, not too long) and
/// is not one of the words that only describe.
fn cookie_name(word: &str) -> Option<String> {
    let ok = token(word) && !NOT_A_NAME.contains(&word.to_ascii_lowercase().as_str()) && devtools(word).is_none();
    ok.then(|| word.to_string())
}

/// Whether `word` is an RFC 9110 token (a cookie's or an attribute's name), not too long.
fn token(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 256
        && word
            .chars()
            .all(|c| c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?={}`'".contains(c))
}

/// The identifiers a paste holds, in order (each once).
fn identifiers(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = vec![];
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if devtools(word).is_some() && !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// A JSON string member's value (`"key": "value"`), unescaped enough for a cookie line.
fn json_string(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = text[at..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The cookie's name and line pasted beside a Chromium reason.
#[derive(Default)]
struct Beside {
    name: Option<String>,
    line: Option<String>,
}

/// Cuts a line at the first DevTools identifier in it (a reason pasted after the value).
fn before_identifier<'a>(line: &'a str, ids: &[&str]) -> &'a str {
    let cut = ids.iter().filter_map(|id| line.find(id)).min().unwrap_or(line.len());
    line[..cut]
        .trim()
        .trim_end_matches(['-', '—', '|', ':', ',', '(', '['])
        .trim()
}

fn beside(raw: &str, lines: &[String], ids: &[&str], prose: bool) -> Beside {
    let mut b = Beside::default();
    // The protocol's JSON: `"cookieLine": "…"`, `"cookie": {"name": "…"}`.
    if let Some(line) = json_string(raw, "cookieLine").filter(|l| !l.trim().is_empty()) {
        b.name = cookie_name(pair_name(&line));
        b.line = Some(line);
        return b;
    }
    if let Some(name) = json_string(raw, "name").and_then(|n| cookie_name(&n)) {
        b.name = Some(name);
        return b;
    }
    // "Set-Cookie: sid=1; SameSite=Lax".
    for l in lines {
        if let Some(i) = l.to_ascii_lowercase().find("set-cookie:") {
            let v = before_identifier(l[i + "set-cookie:".len()..].trim(), ids).replace('`', "");
            if !v.is_empty() {
                b.name = cookie_name(pair_name(&v));
                b.line = Some(v);
                return b;
            }
        }
    }
    // A name (or name=value, or a line with attributes) on a line of its own
    // or beside the identifier; lines of DevTools prose are skipped.
    let with_id = lines.iter().filter(|l| ids.iter().any(|id| l.contains(id)));
    let others = lines.iter().filter(|l| !ids.iter().any(|id| l.contains(id)));
    for l in with_id.chain(others) {
        if prose && l.split_whitespace().count() > 6 {
            continue;
        }
        // A quoted word: "sid", 'sid', `sid`.
        for q in ['"', '\'', '`'] {
            let mut parts = l.split(q);
            parts.next();
            if let Some(name) = parts.step_by(2).find_map(cookie_name) {
                b.name = Some(name);
                return b;
            }
        }
        let mut rest = l.clone();
        for id in ids {
            rest = rest.replace(id, " ");
        }
        // A row of DevTools' cookie table (tab-separated): the name comes first.
        if rest.contains('\t') {
            if let Some(name) = rest
                .split('\t')
                .map(str::trim)
                .find(|f| !f.is_empty())
                .and_then(cookie_name)
            {
                b.name = Some(name);
                return b;
            }
        }
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || ":-—–|,[](){}\"'`".contains(c));
        if rest.contains('=') && (!rest.contains(' ') || rest.contains("; ")) {
            if let Some(name) = cookie_name(pair_name(rest)) {
                b.name = Some(name);
                b.line = rest.contains(';').then(|| rest.to_string());
                return b;
            }
        }
        // One word left once the describing ones ("blockedCookies:", "cookie") are dropped.
        let words: Vec<&str> = rest
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| ":-—–|,[](){}\"'`".contains(c)))
            .filter(|w| !w.is_empty() && !NOT_A_NAME.contains(&w.to_ascii_lowercase().as_str()))
            .collect();
        if let [word] = words[..] {
            if let Some(name) = cookie_name(word) {
                b.name = Some(name);
                return b;
            }
        }
    }
    b
}

/// Which list a reason that is in both of DevTools' lists came from, by the
/// words around it.
fn side_from_context(lower: &str, beside: &Beside) -> Option<CookieSide> {
    const SET: [&str; 6] = [
        "blockedcookies",
        "setcookieblockedreason",
        "responsereceivedextrainfo",
        "set-cookie",
        "response cookies",
        "cookieline",
    ];
    const REQUEST: [&str; 4] = [
        "associatedcookies",
        "requestwillbesentextrainfo",
        "request cookies",
        "cookieblockedreason",
    ];
    if beside.line.is_some() || SET.iter().any(|w| lower.contains(w)) {
        Some(CookieSide::SetCookie)
    } else if REQUEST.iter().any(|w| lower.contains(w)) {
        Some(CookieSide::Request)
    } else {
        None
    }
}

fn read_chromium(raw: &str, lines: &[String], flat: &str, lower: &str) -> Option<CookieMessage> {
    let joined = lines.join("\n");
    let ids = identifiers(&joined);
    let mut notes = vec![];
    // The tooltip text first, then the identifiers.
    let text = DEVTOOLS_TEXTS.iter().find(|(phrase, ..)| lower.contains(phrase));
    let (printed, fixed_side) = match text {
        Some((_, side, id)) => (id.to_string(), *side),
        None => {
            let first = ids.first()?;
            if ids.len() > 1 {
                notes.push(format!(
                    "DevTools also lists {}: the engine gives one reason per cookie, and the first is read",
                    ids[1..].join(", ")
                ));
            }
            (first.to_string(), None)
        }
    };
    let schemeful = printed.starts_with("Schemeful") || (text.is_some() && lower.contains(CROSS_SCHEME_TEXT));
    let d = devtools(&printed)?;
    let key: &'static str = if schemeful {
        SCHEMEFUL_IDS
            .iter()
            .find(|s| s.ends_with(d.id))
            .copied()
            .unwrap_or(d.id)
    } else {
        d.id
    };
    let b = beside(raw, lines, &ids, text.is_some());
    let side = match (fixed_side, d.request, d.set) {
        (Some(s), ..) => s,
        (None, true, false) => CookieSide::Request,
        (None, false, true) => CookieSide::SetCookie,
        _ => side_from_context(lower, &b).unwrap_or_else(|| {
            notes.push(format!(
                "{} is in both of DevTools' lists (a cookie not sent, a Set-Cookie line not stored) and the paste does not say which: a cookie not sent is assumed",
                d.id
            ));
            CookieSide::Request
        }),
    };
    let (why, did) = match side {
        CookieSide::Request => (d.why_request, "send"),
        CookieSide::SetCookie => (d.why_set, "store"),
    };
    // An identifier named for the other list (e.g. NotOnPath beside a Set-Cookie line).
    let why = if why.is_empty() {
        if d.why_request.is_empty() {
            d.why_set
        } else {
            d.why_request
        }
    } else {
        why
    };
    let named = b.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
    let warning = lower.contains("a future release of chrome");
    let meaning = if warning {
        format!("A warning of an older Chrome: it will not {did} the cookie{named}, because {why}.")
    } else {
        format!(
            "Chromium did not {did} the cookie{named}: {why}{}.",
            if schemeful { CROSS_SCHEME } else { "" }
        )
    };
    let url = lower.find("resource at ").and_then(|i| {
        let from = i + "resource at ".len();
        let end = lower[from..].find(" was set").map(|e| e + from)?;
        Some(flat[from..end].trim().to_string())
    });
    Some(CookieMessage {
        browser: MessageBrowser::Chromium,
        key,
        name: b.name,
        line: b.line,
        url,
        attribute: None,
        side,
        reason: d.reason,
        warning,
        meaning,
        notes,
    })
}

// ---------------------------------------------------------------------------
// Reading

/// The paste's lines without what quoting adds: a leading `>` (Markdown,
/// e-mail), code fences; trimmed.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let mut l = l.trim();
            while let Some(rest) = l.strip_prefix('>') {
                l = rest.trim_start();
            }
            let inner = l.trim_matches('`');
            if (l.starts_with("```") || l.starts_with("~~~")) && !inner.trim().contains(' ') {
                return None;
            }
            (!l.is_empty()).then(|| l.to_string())
        })
        .collect()
}

/// One line of text: double quotes (straight, curly, guillemets) and
/// backticks dropped, single curly quotes straightened, white space one space.
fn flatten(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        for c in line.chars().chain([' ']) {
            let c = match c {
                '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂' | '`' => continue,
                '‘' | '’' | '‚' | '‛' | '′' => '\'',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
                continue;
            }
            out.push(c);
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Reads one pasted cookie message: a Firefox console line, or a Chromium
/// DevTools blocked-cookie reason (its identifier or its tooltip text, with
/// the cookie's name or line beside it when pasted).
pub fn read_cookie_message(text: &str) -> Result<CookieMessage, NotACookieMessage> {
    if text.len() > MAX_PASTE {
        return Err(not_recognised(format!(
            "the text is {} bytes long: a cookie message is one line (paste at most {MAX_PASTE} bytes)",
            text.len()
        )));
    }
    let lines = lines_of(text);
    let flat = flatten(&lines);
    if flat.is_empty() {
        return Err(not_recognised("the text is empty"));
    }
    if !flat.chars().any(char::is_alphanumeric) {
        return Err(not_recognised("the text holds no words"));
    }
    // ASCII lowercase keeps every byte where it was: positions found in it hold in `flat`.
    let lower = flat.to_ascii_lowercase();
    if let Some(m) = read_firefox(&flat, &lower) {
        return Ok(m);
    }
    if let Some(m) = read_chromium(text, &lines, &flat, &lower) {
        return Ok(m);
    }
    if let Some((_, hint)) = FIREFOX_NOTES.iter().find(|(phrase, _)| lower.contains(phrase)) {
        if lower.contains("cookie") {
            return Err(not_recognised(*hint));
        }
    }
    if super::console_message::parse(text).is_ok() {
        return Err(not_recognised(
            "this is a CORS console message, not a cookie message: read it as one (diagnose::console_message)",
        ));
    }
    if lower.contains("cookie") && (lower.contains("reject") || lower.contains("block")) {
        let excerpt: String = flat.chars().take(160).collect();
        return Err(not_recognised(format!(
            "it speaks of a cookie, but it is none of the Firefox lines or Chromium reasons corscope knows: '{excerpt}'"
        )));
    }
    Err(not_recognised(concat!(
        "paste Firefox's console line (Cookie “…” has been rejected …) or Chromium's reason from DevTools",
        " (Network › the request › Cookies: e.g. SameSiteLax, or the text its warning icon shows);",
        " Safari prints no cookie messages"
    )))
}

// ---------------------------------------------------------------------------
// Reproducing

/// The page a reproduction assumes when none is given.
pub const DEFAULT_PAGE: &str = "https://site-a.example";

/// Where a decision holds the verdict on the message's cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CookieList {
    /// `Decision::held_cookies`: a cookie the browser was to hold before the request.
    Held,
    /// `Decision::set_cookies`: a `Set-Cookie` line of an answer.
    SetCookie,
    /// `Decision::cookies`: a held cookie on a request.
    Request,
}

/// The cookie of a reproduction: where its verdict is, and how to find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieTarget {
    pub list: CookieList,
    pub name: String,
    /// The `Set-Cookie` line (held and answer lines are found by it).
    pub line: String,
    pub hop: usize,
}

/// A scenario that reproduces a cookie message, with what had to be assumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieReproduction {
    /// `None` when the engine does not reproduce the message (see `not_reproduced`).
    pub scenario: Option<Scenario>,
    /// The browser whose decision reproduces it.
    pub browser: Browser,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<CookieTarget>,
    /// What the message did not say and the scenario assumes.
    pub assumptions: Vec<String>,
    /// Why there is no scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_reproduced: Option<String>,
}

impl CookieReproduction {
    /// The decision's reason for the message's cookie, and whether it went
    /// (sent, or stored).
    pub fn verdict(&self, d: &Decision) -> Option<(CookieReason, bool)> {
        found(self.target.as_ref()?, d).map(|(reason, went, _)| (reason, went))
    }
}

/// The decision's verdict on the target cookie: reason, whether it went, why.
fn found<'d>(t: &CookieTarget, d: &'d Decision) -> Option<(CookieReason, bool, &'d str)> {
    match t.list {
        CookieList::Held => d
            .held_cookies
            .iter()
            .find(|v| v.line == t.line)
            .map(|v| (v.reason, v.stored, v.why.as_str())),
        CookieList::SetCookie => d
            .set_cookies
            .iter()
            .find(|v| v.line == t.line && v.hop == Some(t.hop))
            .map(|v| (v.reason, v.stored, v.why.as_str())),
        CookieList::Request => d
            .cookies
            .iter()
            .find(|c| c.name == t.name && c.hop == t.hop)
            .map(|c| (c.reason, c.sent, c.why.as_str())),
    }
}

/// One way to reproduce a message: a scenario, its cookie, its assumptions.
struct Candidate {
    scenario: Scenario,
    target: CookieTarget,
    assumptions: Vec<String>,
}

/// What every candidate of one message shares.
struct Setup<'a> {
    message: &'a CookieMessage,
    browser: Browser,
    page: String,
    /// The request's host: another site than the page's.
    host: String,
    name: String,
    default_setting: CookieSetting,
}

fn acao(page: &str) -> Vec<(String, String)> {
    vec![
        ("Access-Control-Allow-Origin".into(), page.into()),
        ("Access-Control-Allow-Credentials".into(), "true".into()),
    ]
}

impl Setup<'_> {
    fn scenario(
        &self,
        page: &str,
        url: &str,
        held: Vec<HeldCookie>,
        setting: Option<CookieSetting>,
        server: Server,
    ) -> Scenario {
        let mut request = RequestSpec::get(url);
        request.credentials = CredentialsMode::Include;
        Scenario {
            name: format!("{} cookie message: {}", self.message.browser.as_str(), self.message.key),
            page: page.to_string(),
            request,
            server,
            expect: None,
            network: Network::default(),
            cookies: Cookies { setting, held },
        }
    }

    /// The request's answer: CORS lets the page read it; `set_cookie` in it.
    fn answer(&self, page: &str, set_cookie: Option<&str>) -> Server {
        let mut headers = acao(page);
        if let Some(line) = set_cookie {
            headers.push(("Set-Cookie".into(), line.to_string()));
        }
        Server::Single(Hop {
            url: None,
            preflight: None,
            response: Some(Answer {
                status: 200,
                headers,
                body: None,
            }),
        })
    }

    fn visit(line: &str, url: &str) -> HeldCookie {
        HeldCookie {
            set_cookie: line.to_string(),
            url: url.to_string(),
            via: Via::Visit,
            from: None,
        }
    }

    /// The page as http (for a request to an http URL, which an https page
    /// may not make: mixed content), and what that assumes.
    fn http_page(&self) -> (String, Option<String>) {
        match self.page.strip_prefix("https://") {
            Some(rest) => {
                let page = format!("http://{rest}");
                let why = format!("the page is {page} (an https page may not fetch an http URL: mixed content)");
                (page, Some(why))
            }
            None => (self.page.clone(), None),
        }
    }

    /// The setting a candidate needs, written down when it is not the browser's default.
    fn setting(&self, want: CookieSetting, why: &str, assumptions: &mut Vec<String>) -> Option<CookieSetting> {
        if want == self.default_setting {
            assumptions.push(format!(
                "third-party cookies are {want}, the engine's default for {}{why}",
                self.browser
            ));
            None
        } else {
            assumptions.push(format!("third-party cookies are {want}{why}"));
            Some(want)
        }
    }

    /// A `Set-Cookie` line that gives `reason`, with what it assumes.
    fn line_for(&self, reason: CookieReason) -> (String, Vec<String>) {
        let n = self.name.as_str();
        let mut assumed = vec![];
        let line = match reason {
            CookieReason::SameSiteLax => {
                if self.message.key == "CookieRejectedForNonSameSiteness" {
                    assumed.push("the line says SameSite=Lax (Firefox's message says Lax or Strict)".to_string());
                }
                format!("{n}=1; SameSite=Lax")
            }
            CookieReason::SameSiteStrict => format!("{n}=1; SameSite=Strict"),
            CookieReason::SameSiteUnspecifiedTreatedAsLax => format!("{n}=1"),
            CookieReason::SameSiteNoneInsecure => format!("{n}=1; SameSite=None"),
            CookieReason::ThirdPartyBlocked | CookieReason::OtherPartition => format!("{n}=1; SameSite=None; Secure"),
            CookieReason::PartitionedNotSecure => format!("{n}=1; Partitioned"),
            CookieReason::SecureOnly => format!("{n}=1; Secure"),
            CookieReason::NotOnPath => format!("{n}=1; Path=/account"),
            CookieReason::DomainMismatch => format!("{n}=1"),
            CookieReason::InvalidDomain => {
                assumed.push("the line's Domain is elsewhere.example, which does not cover the host".to_string());
                format!("{n}=1; Domain=elsewhere.example")
            }
            CookieReason::InvalidPrefix => {
                let lower = n.to_ascii_lowercase();
                if lower.starts_with("__secure-") {
                    assumed.push("the line lacks Secure".to_string());
                    format!("{n}=1")
                } else {
                    let name = if lower.starts_with("__host-") {
                        n.to_string()
                    } else {
                        assumed.push(format!(
                            "the cookie is named __Host-{n} (the message's name has no prefix)"
                        ));
                        format!("__Host-{n}")
                    };
                    assumed.push("the __Host- line has a Domain attribute, which that prefix forbids".to_string());
                    format!("{name}=1; Secure; SameSite=None; Path=/; Domain={}", self.host)
                }
            }
            CookieReason::TooLarge => {
                assumed.push("the cookie's value makes name and value 4097 bytes long".to_string());
                format!("{n}={}", "x".repeat(4097usize.saturating_sub(n.len()).max(1)))
            }
            CookieReason::SyntaxError => {
                assumed.push("the line holds a control character (U+0001) in the value".to_string());
                format!("{n}=1\u{1}")
            }
            CookieReason::NoCookieContent => "=".to_string(),
            CookieReason::Stored if self.message.key == "CookieAttributeIgnored" => {
                let attribute = self
                    .message
                    .attribute
                    .as_deref()
                    .filter(|a| token(a))
                    .unwrap_or_else(|| {
                        assumed.push("the message names no attribute: Path is assumed".to_string());
                        "Path"
                    });
                assumed.push(format!("the {attribute} attribute's value is 1025 bytes long"));
                format!("{n}=1; {attribute}=/{}", "a".repeat(1024))
            }
            CookieReason::Stored => {
                assumed.push("the line says SameSite=Relaxed, none of the three values".to_string());
                format!("{n}=1; SameSite=Relaxed")
            }
            _ => format!("{n}=1"),
        };
        (line, assumed)
    }

    /// Ways to show a `Set-Cookie` line refused (or stored) for `reason`.
    fn set_cookie_candidates(&self, reason: CookieReason) -> Vec<Candidate> {
        let (synthesised, line_assumed) = self.line_for(reason);
        let mut lines = vec![];
        if let Some(l) = &self.message.line {
            lines.push((l.clone(), vec![]));
        }
        if self.message.line.as_deref() != Some(synthesised.as_str()) {
            let mut assumed = line_assumed;
            if self.message.line.is_none() {
                assumed.insert(
                    0,
                    format!(
                        "the message does not print the Set-Cookie line: '{}' is assumed",
                        shorten(&synthesised)
                    ),
                );
            } else {
                assumed.insert(
                    0,
                    format!(
                        "the pasted line does not show the reason here: '{}' is assumed instead",
                        shorten(&synthesised)
                    ),
                );
            }
            lines.push((synthesised, assumed));
        }
        let secure_only = reason == CookieReason::SecureOnly;
        let mut out = vec![];
        for (line, assumed) in lines {
            let target = |list, hop| CookieTarget {
                list,
                name: pair_name(&line).to_string(),
                line: line.clone(),
                hop,
            };
            // A visit over http (Secure from an insecure URL).
            if secure_only {
                let url = format!("http://{}/", self.host);
                let mut assumptions = assumed.clone();
                assumptions.push(format!(
                    "the line came in the answer to a visit to {url}, which is not secure"
                ));
                let request = format!("https://{}/api", self.host);
                out.push(Candidate {
                    scenario: self.scenario(
                        &self.page,
                        &request,
                        vec![Self::visit(&line, &url)],
                        None,
                        self.answer(&self.page, None),
                    ),
                    target: target(CookieList::Held, 0),
                    assumptions,
                });
                let (page, why) = self.http_page();
                let mut assumptions = assumed.clone();
                assumptions.extend(why);
                assumptions.push(format!(
                    "the request goes to http://{}/api, which is not secure",
                    self.host
                ));
                out.push(Candidate {
                    scenario: self.scenario(
                        &page,
                        &format!("http://{}/api", self.host),
                        vec![],
                        None,
                        self.answer(&page, Some(&line)),
                    ),
                    target: target(CookieList::SetCookie, 0),
                    assumptions,
                });
                continue;
            }
            let url = format!("https://{}/api", self.host);
            let answer = |setting: Option<CookieSetting>, mut assumptions: Vec<String>| {
                assumptions.push(format!("the line came in the answer to the request to {url}"));
                Candidate {
                    scenario: self.scenario(&self.page, &url, vec![], setting, self.answer(&self.page, Some(&line))),
                    target: target(CookieList::SetCookie, 0),
                    assumptions,
                }
            };
            if reason == CookieReason::ThirdPartyBlocked {
                let mut assumptions = assumed.clone();
                let why = match self.message.key {
                    "CookieForeignNoPartitionedWarning" | "CookieForeignNoPartitionedError" => {
                        " (Firefox blocking unpartitioned third-party cookies is modelled as third-party cookies blocked)"
                    }
                    "CookieRejectedByPermissionManager" => {
                        " (the engine has no per-site permission: the third-party setting stands in for the user's permission)"
                    }
                    _ => "",
                };
                let setting = self.setting(CookieSetting::Blocked, why, &mut assumptions);
                out.push(answer(setting, assumptions));
                continue;
            }
            // With the browser's default setting, then with third-party cookies
            // allowed (a blocked setting would refuse the line for that first),
            // then as a first-party visit (the reason does not need a cross-site answer).
            out.push(answer(None, assumed.clone()));
            if reason != CookieReason::Stored && self.default_setting != CookieSetting::Allowed {
                let mut assumptions = assumed.clone();
                assumptions.push(format!(
                    "third-party cookies are allowed (with them {}, {}'s default here, the line would be refused for that first)",
                    self.default_setting, self.browser
                ));
                out.push(answer(Some(CookieSetting::Allowed), assumptions));
            }
            let visit = format!("https://{}/", self.host);
            let mut assumptions = assumed.clone();
            assumptions.push(format!(
                "the line came in the answer to a visit to {visit} (first-party: in the answer to a cross-site request this browser would refuse it for another reason first)"
            ));
            out.push(Candidate {
                scenario: self.scenario(
                    &self.page,
                    &url,
                    vec![Self::visit(&line, &visit)],
                    None,
                    self.answer(&self.page, None),
                ),
                target: target(CookieList::Held, 0),
                assumptions,
            });
        }
        out
    }

    /// Ways to show a held cookie not sent for `reason`.
    fn request_candidates(&self, reason: CookieReason) -> Vec<Candidate> {
        let (line, mut assumptions) = self.line_for(reason);
        assumptions.insert(
            0,
            format!(
                "the browser holds the cookie, set by '{}' on a visit to its site",
                shorten(&line)
            ),
        );
        let host = self.host.as_str();
        let mut page = self.page.clone();
        let mut url = format!("https://{host}/api");
        let mut visit = format!("https://{host}/");
        let mut setting = None;
        let mut list = CookieList::Request;
        match reason {
            CookieReason::SecureOnly => {
                let (p, why) = self.http_page();
                page = p;
                assumptions.extend(why);
                url = format!("http://{host}/api");
                assumptions.push(format!("the request goes to {url}, which is not secure"));
            }
            CookieReason::NotOnPath => {
                visit = format!("https://{host}/account/");
                assumptions.push("the cookie's Path is /account, and the request's path is /api".into());
            }
            CookieReason::DomainMismatch => {
                visit = format!("https://www.{host}/");
                assumptions.push(format!(
                    "the cookie was set by www.{host} without Domain (host-only), and the request goes to {host}"
                ));
            }
            CookieReason::ThirdPartyBlocked => {
                setting = self.setting(CookieSetting::Blocked, "", &mut assumptions);
            }
            CookieReason::OtherPartition => {
                setting = self.setting(CookieSetting::Partitioned, "", &mut assumptions);
            }
            CookieReason::SameSiteNoneInsecure | CookieReason::TooLarge => {
                list = CookieList::Held;
                assumptions.push(format!(
                    "the engine's {} never stores such a cookie, so it never reaches a request: the held cookie shows the reason",
                    self.browser
                ));
            }
            _ => {}
        }
        if self.message.key.starts_with("Schemeful") {
            page = format!("http://{host}");
            assumptions.push(format!(
                "the page is {page}: the request's site with another scheme (cross-site by Schemeful Same-Site)"
            ));
        }
        let target = CookieTarget {
            list,
            name: pair_name(&line).to_string(),
            line: line.clone(),
            hop: 0,
        };
        if self.message.key == "CookieBlockedCrossSiteRedirect" {
            return vec![self.redirect_back(&line, assumptions)];
        }
        let server = self.answer(&page, None);
        vec![Candidate {
            scenario: self.scenario(&page, &url, vec![Self::visit(&line, &visit)], setting, server),
            target,
            assumptions,
        }]
    }

    /// Firefox's cross-site redirect: the request leaves for another site and
    /// is redirected back to the page's own, whose Lax cookie stays home.
    fn redirect_back(&self, line: &str, mut assumptions: Vec<String>) -> Candidate {
        let first = format!("https://{}/api", self.host);
        let back = format!("{}/api", self.page);
        assumptions.push(format!(
            "the cookie is the page's own site's, SameSite=Lax (the message says Lax or Strict); the request to {first} is redirected back to {back}"
        ));
        let mut redirect = acao(&self.page);
        redirect.push(("Location".into(), back.clone()));
        // After a cross-origin redirect the request's origin is "null" (tainted).
        let server = Server::Chain(vec![
            Hop {
                url: Some(first.clone()),
                preflight: None,
                response: Some(Answer {
                    status: 307,
                    headers: redirect,
                    body: None,
                }),
            },
            Hop {
                url: Some(back),
                preflight: None,
                response: Some(Answer {
                    status: 200,
                    headers: acao("null"),
                    body: None,
                }),
            },
        ]);
        Candidate {
            scenario: self.scenario(
                &self.page,
                &first,
                vec![Self::visit(line, &format!("{}/", self.page))],
                None,
                server,
            ),
            target: CookieTarget {
                list: CookieList::Request,
                name: pair_name(line).to_string(),
                line: line.to_string(),
                hop: 1,
            },
            assumptions,
        }
    }
}

/// A line as shown in a sentence: long ones cut.
fn shorten(line: &str) -> String {
    let printable: String = line
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if printable.chars().count() > 80 {
        format!("{}…", printable.chars().take(60).collect::<String>())
    } else {
        printable
    }
}

/// Why the engine does not reproduce `message`, when its tables say so.
fn unmodelled(message: &CookieMessage) -> &'static str {
    match message.browser {
        MessageBrowser::Firefox => FIREFOX
            .iter()
            .find(|t| t.key == message.key)
            .map(|t| t.unmodelled)
            .unwrap_or_default(),
        _ => devtools(message.key).map(|d| d.unmodelled).unwrap_or_default(),
    }
}

/// Builds a scenario that reproduces `message`: `page` (an origin; empty for
/// [`DEFAULT_PAGE`]) credentialed-fetches `https://site-b.example/api`,
/// whose CORS headers allow it, with the cookie the browser held or the
/// `Set-Cookie` line its answer carried, and the third-party setting needed.
/// The engine's decision for the message's browser gives the message's reason
/// for that cookie (each way tried is checked); where it does not, there is
/// no scenario and `not_reproduced` says why.
pub fn reproduce_cookie(message: &CookieMessage, page: &str) -> CookieReproduction {
    // The reproduction is checked against the cookie layer (the wasm app's
    // is installed after its first view; this runs after it too).
    crate::install_cookies();
    let browser = message.browser.engine_browser();
    let mut assumptions = vec![];
    let page = match Origin::parse(if page.trim().is_empty() { DEFAULT_PAGE } else { page }) {
        Ok(o @ Origin::Tuple { .. }) if o.to_string().starts_with("http") => o.to_string(),
        _ => {
            assumptions.push(format!("'{page}' is not a page's origin: {DEFAULT_PAGE} is assumed"));
            DEFAULT_PAGE.to_string()
        }
    };
    assumptions.push(format!(
        "{}'s message does not name the page: {page} is assumed — change it to yours",
        message.browser.as_str()
    ));
    let fail = |assumptions: Vec<String>, why: String| CookieReproduction {
        scenario: None,
        browser,
        target: None,
        assumptions,
        not_reproduced: Some(why),
    };
    let Some(reason) = message.reason else {
        let why = unmodelled(message);
        return fail(
            assumptions,
            if why.is_empty() {
                "the engine has no reason for this message".into()
            } else {
                why.to_string()
            },
        );
    };
    let name = match message.name.as_deref().map(|n| (n, cookie_name(n))) {
        Some((_, Some(n))) => n,
        Some((n, None)) => {
            assumptions.push(format!(
                "'{}' cannot stand as a name in a Set-Cookie line: sid is assumed",
                shorten(n)
            ));
            "sid".into()
        }
        None => {
            assumptions.push("the message names no cookie: sid is assumed".into());
            "sid".into()
        }
    };
    if message.warning && reason != CookieReason::Stored {
        assumptions.push(
            "the message only warns (the browser that printed it still sent or stored the cookie): the scenario shows the refusal it announces"
                .into(),
        );
    }
    let site = Origin::parse(&page).ok().and_then(|o| o.registrable_domain());
    let host = if site.as_deref() == Some("site-b.example") {
        "site-c.example"
    } else {
        "site-b.example"
    };
    let setup = Setup {
        message,
        browser,
        page,
        host: host.to_string(),
        name,
        default_setting: browser.quirks().cookie_setting,
    };
    let candidates = match message.side {
        CookieSide::SetCookie => setup.set_cookie_candidates(reason),
        CookieSide::Request => setup.request_candidates(reason),
    };
    let went = reason == CookieReason::Stored;
    let mut got = None;
    for c in candidates {
        let d = crate::verdict(&c.scenario, browser);
        match found(&c.target, &d) {
            Some((r, w, _)) if (r, w) == (reason, went) => {
                assumptions.extend(c.assumptions);
                return CookieReproduction {
                    scenario: Some(c.scenario),
                    browser,
                    target: Some(c.target),
                    assumptions,
                    not_reproduced: None,
                };
            }
            Some((r, _, why)) if got.is_none() => got = Some((r, why.to_string())),
            _ => {}
        }
    }
    let specific = unmodelled(message);
    let why = if !specific.is_empty() {
        specific.to_string()
    } else {
        match got {
            Some((r, why)) => format!(
                "the engine's {browser} gives {r} for this cookie, not {reason}, in every situation tried ({why})"
            ),
            None => format!("the engine's {browser} shows no verdict for this cookie in the situations tried"),
        }
    };
    fail(assumptions, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_devtools_text_names_a_known_reason() {
        for (phrase, _, id) in DEVTOOLS_TEXTS {
            assert!(devtools(id).is_some(), "{id}");
            assert_eq!(*phrase, phrase.to_ascii_lowercase(), "{phrase}");
            assert!(!phrase.contains(['"', '`']), "{phrase}");
        }
        for d in DEVTOOLS {
            assert!(d.request || d.set, "{}", d.id);
            assert!(d.reason.is_some() || !d.unmodelled.is_empty(), "{}", d.id);
        }
        for t in FIREFOX {
            assert!(t.reason.is_some() || !t.unmodelled.is_empty(), "{}", t.key);
            assert!(!t.after.contains(['"', '`', '“', '”']), "{}", t.key);
        }
    }

    #[test]
    fn flattening_drops_quotes_and_quoting() {
        let lines = lines_of("> Cookie “a”\n>  has been `rejected`\n```\n");
        assert_eq!(flatten(&lines), "Cookie a has been rejected");
        assert_eq!(flatten(&lines_of("can’t  \t x")), "can't x");
    }

    #[test]
    fn json_strings_are_unescaped() {
        assert_eq!(
            json_string(r#"{"cookieLine" : "a=\"b\"; Path=/\u0041"}"#, "cookieLine").as_deref(),
            Some("a=\"b\"; Path=/A")
        );
        assert_eq!(json_string(r#"{"cookieLine": "unterminated"#, "cookieLine"), None);
    }
}
