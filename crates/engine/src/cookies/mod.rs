//! Cookies on a `fetch()`: which of the browser's cookies go with each
//! request, and which `Set-Cookie` lines of the answers are stored, where and
//! why. After RFC 6265bis (draft-ietf-httpbis-rfc6265bis), with CHIPS for
//! `Partitioned`; one file per algorithm:
//! - [`set_cookie`]: parsing a `Set-Cookie` line (§5.6);
//! - [`storage`]: storing it, or not (§5.7), and in which partition (CHIPS);
//! - [`same_site`]: same-site and cross-site requests (§5.2), partition sites;
//! - [`retrieval`]: the cookies and the `Cookie` line of a request (§5.8).
//!
//! Every browser's policy (Lax by default, third-party blocking and
//! partitioning, `Secure` over `http://localhost`) is a row in
//! `fetch/quirks.rs`; the scenario's setting overrides the browser's default.
//! Fetch decides when: cookies go only on a credentialed request (never a
//! preflight), and an answer's lines are stored only for one
//! (<https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>).

pub(crate) mod retrieval;
pub(crate) mod same_site;
pub(crate) mod set_cookie;
pub(crate) mod storage;

use serde::Serialize;
use set_cookie::SameSite;

/// The cookie names in a request's `Cookie` line (each pair's text before
/// `=`, §5.8.3's serialisation read back), sorted.
pub fn names_in_cookie_line(line: &str) -> Vec<String> {
    let mut v: Vec<String> = line
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}

/// Why a cookie went with a request or not, or why a `Set-Cookie` line was
/// stored or not. The code (`as_str`) is what `--json` prints; Chromium's
/// DevTools name, where it has one, is [`CookieReason::devtools`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieReason {
    // Sent.
    /// The request is same-site with the page.
    SameSite,
    /// A cross-site request, and the setting lets third-party cookies go.
    ThirdPartyAllowed,
    /// A partitioned cookie of the page's own top-level site.
    SamePartition,
    // Not sent.
    /// The request goes without credentials (mode `omit`, `same-origin` to
    /// another origin, or a preflight).
    NoCredentials,
    DomainMismatch,
    NotOnPath,
    /// A `Secure` cookie and a URL that is not secure.
    SecureOnly,
    SameSiteStrict,
    SameSiteLax,
    /// No `SameSite`, which RFC 6265bis (and Chromium) enforce as `Lax`.
    SameSiteUnspecifiedTreatedAsLax,
    /// The third-party cookie setting blocks it.
    ThirdPartyBlocked,
    /// The cookie is in another top-level site's jar than the page's.
    OtherPartition,
    // Set-Cookie.
    Stored,
    /// A control character in the line.
    SyntaxError,
    NoCookieContent,
    TooLarge,
    /// `Domain` that does not cover the URL's host, or a public suffix.
    InvalidDomain,
    /// `__Secure-` or `__Host-` without what the prefix demands.
    InvalidPrefix,
    SameSiteNoneInsecure,
    /// `Partitioned` without `Secure`.
    PartitionedNotSecure,
    /// `Max-Age` ≤ 0 or an `Expires` in the past: the line deletes the cookie.
    Expired,
}

impl CookieReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CookieReason::SameSite => "same_site",
            CookieReason::ThirdPartyAllowed => "third_party_allowed",
            CookieReason::SamePartition => "same_partition",
            CookieReason::NoCredentials => "no_credentials",
            CookieReason::DomainMismatch => "domain_mismatch",
            CookieReason::NotOnPath => "not_on_path",
            CookieReason::SecureOnly => "secure_only",
            CookieReason::SameSiteStrict => "same_site_strict",
            CookieReason::SameSiteLax => "same_site_lax",
            CookieReason::SameSiteUnspecifiedTreatedAsLax => "same_site_unspecified_treated_as_lax",
            CookieReason::ThirdPartyBlocked => "third_party_blocked",
            CookieReason::OtherPartition => "other_partition",
            CookieReason::Stored => "stored",
            CookieReason::SyntaxError => "syntax_error",
            CookieReason::NoCookieContent => "no_cookie_content",
            CookieReason::TooLarge => "too_large",
            CookieReason::InvalidDomain => "invalid_domain",
            CookieReason::InvalidPrefix => "invalid_prefix",
            CookieReason::SameSiteNoneInsecure => "same_site_none_insecure",
            CookieReason::PartitionedNotSecure => "partitioned_not_secure",
            CookieReason::Expired => "expired",
        }
    }

    /// Chromium DevTools' name for a blocked cookie (`CookieBlockedReason`,
    /// `SetCookieBlockedReason`), where it has one. A cookie of another
    /// partition is not listed by DevTools at all.
    pub fn devtools(self) -> Option<&'static str> {
        Some(match self {
            CookieReason::DomainMismatch => "DomainMismatch",
            CookieReason::NotOnPath => "NotOnPath",
            CookieReason::SecureOnly => "SecureOnly",
            CookieReason::SameSiteStrict => "SameSiteStrict",
            CookieReason::SameSiteLax => "SameSiteLax",
            CookieReason::SameSiteUnspecifiedTreatedAsLax => "SameSiteUnspecifiedTreatedAsLax",
            // The user's setting; Chromium's own phase-out says "ThirdPartyPhaseout".
            CookieReason::ThirdPartyBlocked => "UserPreferences",
            CookieReason::SyntaxError => "DisallowedCharacter",
            CookieReason::NoCookieContent => "NoCookieContent",
            CookieReason::TooLarge => "NameValuePairExceedsMaxSize",
            CookieReason::InvalidDomain => "InvalidDomain",
            CookieReason::InvalidPrefix => "InvalidPrefix",
            CookieReason::SameSiteNoneInsecure => "SameSiteNoneInsecure",
            _ => return None,
        })
    }
}

impl std::fmt::Display for CookieReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CookieReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One of the browser's cookies on one request: sent or not, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieOnRequest {
    pub hop: usize,
    pub name: String,
    pub sent: bool,
    pub reason: CookieReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devtools: Option<&'static str>,
    pub why: String,
}

/// One `Set-Cookie` line: stored or not, in which partition, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SetCookieVerdict {
    /// The hop whose answer carried it (`None`: a cookie the scenario says
    /// the browser already holds).
    pub hop: Option<usize>,
    pub name: String,
    pub line: String,
    pub stored: bool,
    /// The top-level site whose jar holds it (`None`: the unpartitioned jar).
    pub partition: Option<String>,
    pub reason: CookieReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devtools: Option<&'static str>,
    pub why: String,
}

/// A stored cookie (§5.7's cookie record, with the CHIPS partition).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) domain: String,
    pub(crate) host_only: bool,
    pub(crate) path: String,
    pub(crate) secure: bool,
    pub(crate) same_site: SameSite,
    pub(crate) partition: Option<String>,
}

impl Record {
    /// `name=value`, or the value alone for a nameless cookie (§5.8.3).
    pub(crate) fn pair(&self) -> String {
        if self.name.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.name, self.value)
        }
    }
}

/// The browser's cookie store, in creation order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Jar {
    pub(crate) records: Vec<Record>,
}
