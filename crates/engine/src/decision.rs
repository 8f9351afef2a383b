//! The decision is a value: the outcome, the stage it was decided at, what went
//! on the wire, the ordered trace of checks, the console text each browser
//! prints, and the smallest server-side fix.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What the page sees. <shared/scenario-format.md#outcomes>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// `fetch()` resolves with a readable response (`basic` or `cors`).
    Allowed,
    /// `fetch()` rejects with a TypeError after something went on the wire.
    Blocked,
    /// `fetch()` resolves with an opaque (or opaque-redirect) response.
    Opaque,
    /// `fetch()` rejects before anything is sent.
    Rejected,
}

/// Where a request that was not allowed stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Request,
    Preflight,
    Response,
    Redirect,
}

macro_rules! names {
    ($t:ty { $($v:ident => $s:literal),* }) => {
        impl $t {
            pub fn as_str(&self) -> &'static str { match self { $(Self::$v => $s),* } }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}
names!(Outcome { Allowed => "allowed", Blocked => "blocked", Opaque => "opaque", Rejected => "rejected" });
names!(Stage { Request => "request", Preflight => "preflight", Response => "response", Redirect => "redirect" });

/// The browser whose behaviour to predict, where browsers differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    #[default]
    Chromium,
    Firefox,
    /// WebKit: Safari on the Mac and every browser on iOS (checked live in
    /// WebKitGTK, whose network stack is libsoup where Safari's is CFNetwork).
    WebKit,
    /// The Fetch Standard as written, where browsers still differ from it.
    Spec,
}
names!(Browser { Chromium => "chromium", Firefox => "firefox", WebKit => "webkit", Spec => "spec" });

impl std::str::FromStr for Browser {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "chromium" | "chrome" => Ok(Browser::Chromium),
            "firefox" | "gecko" => Ok(Browser::Firefox),
            "webkit" | "safari" | "webkitgtk" => Ok(Browser::WebKit),
            "spec" => Ok(Browser::Spec),
            other => Err(format!("unknown browser '{other}' (chromium, firefox, webkit or spec)")),
        }
    }
}

impl Browser {
    /// The name people know it by ("Safari / WebKit").
    pub fn label(&self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::WebKit => "Safari / WebKit",
            Browser::Spec => "the Fetch Standard",
        }
    }

    /// The browser named at the start of "Name version" ("Firefox 153.0",
    /// "Chromium 156.0.8078.114", "Safari 26.1", "WebKit 2.50.6"), as a run's
    /// record names it; `None` for anything else.
    pub fn from_name_and_version(text: &str) -> Option<Browser> {
        match text.split_whitespace().next()?.parse() {
            Ok(Browser::Spec) | Err(_) => None,
            Ok(b) => Some(b),
        }
    }
}

/// The response type script sees. <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseType {
    Basic,
    Cors,
    Opaque,
    Opaqueredirect,
    Error,
}

/// One check in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Which hop of a redirect chain (0 for the first URL).
    pub hop: usize,
    /// The spec section that defines the check.
    pub spec: &'static str,
    /// What was checked: a name for code and tests, words (`Display`) for people.
    pub check: Check,
    /// The values the check looked at.
    pub seen: String,
    pub passed: bool,
    /// One plain sentence.
    pub sentence: String,
}

/// Whether [`crate::decide`] records the trace and console text, or only the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trace {
    /// Every step, with what it saw and a sentence.
    On,
    /// The verdict, what was sent and what is exposed; no steps, no strings built for them.
    Off,
}

/// Which answer a CORS check looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    Response,
    RedirectResponse,
    PreflightResponse,
}
names!(Checked { Response => "response", RedirectResponse => "redirect response", PreflightResponse => "preflight response" });

/// What one step of the trace checked. Code and tests match on these; the
/// words are for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    PageOrigin,
    ParseUrl,
    UrlWithoutCredentials,
    MethodIsToken,
    ForbiddenMethod,
    NormalizeMethod,
    NoCorsMethod,
    ValidHeader,
    ForbiddenRequestHeader,
    NoCorsGuard,
    NoBodyForGetOrHead,
    BodyContentType,
    DataUrl,
    HttpUrl,
    MixedContent,
    LocalNetworkAccess,
    ServerAnswer,
    ResponseHead,
    HopUrl,
    SameOrigin,
    RequestMode,
    NoCorsRedirectMode,
    ResponseTainting,
    PreflightNeeded,
    SendPreflight,
    PreflightAnswer,
    PreflightRedirected,
    PreflightOkStatus,
    ParseAllowMethods,
    ParseAllowHeaders,
    MethodAllowed,
    AuthorizationListed,
    RequestHeaderAllowed,
    RequestHeadersAllowed,
    PreflightCacheLifetime,
    SendRequest,
    AllowOrigin(Checked),
    AllowCredentials(Checked),
    RedirectMode,
    ParseLocation,
    RedirectToHttp,
    RedirectLimit,
    LocationWithoutCredentials,
    TaintedOrigin,
    MethodAfterRedirect,
    FollowRedirect,
    ResponseType,
    HeldCookie,
    Cookie,
    SetCookie,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            Check::PageOrigin => "page origin",
            Check::ParseUrl => "parse the URL",
            Check::UrlWithoutCredentials => "URL without credentials",
            Check::MethodIsToken => "method is a token",
            Check::ForbiddenMethod => "forbidden method",
            Check::NormalizeMethod => "normalize method",
            Check::NoCorsMethod => "no-cors method",
            Check::ValidHeader => "valid header",
            Check::ForbiddenRequestHeader => "forbidden request-header",
            Check::NoCorsGuard => "no-cors guard",
            Check::NoBodyForGetOrHead => "no body for GET or HEAD",
            Check::BodyContentType => "body's Content-Type",
            Check::DataUrl => "data: URL",
            Check::HttpUrl => "HTTP(S) URL",
            Check::MixedContent => "mixed content",
            Check::LocalNetworkAccess => "Local Network Access",
            Check::ServerAnswer => "server answer",
            Check::ResponseHead => "response head",
            Check::HopUrl => "hop URL",
            Check::SameOrigin => "same origin",
            Check::RequestMode => "request mode",
            Check::NoCorsRedirectMode => "no-cors redirect mode",
            Check::ResponseTainting => "response tainting",
            Check::PreflightNeeded => "preflight needed",
            Check::SendPreflight => "send preflight",
            Check::PreflightAnswer => "preflight answer",
            Check::PreflightRedirected => "preflight status",
            Check::PreflightOkStatus => "preflight status is an ok status (2xx)",
            Check::ParseAllowMethods => "parse Access-Control-Allow-Methods",
            Check::ParseAllowHeaders => "parse Access-Control-Allow-Headers",
            Check::MethodAllowed => "method allowed",
            Check::AuthorizationListed => "Authorization listed by name",
            Check::RequestHeaderAllowed => "request header allowed",
            Check::RequestHeadersAllowed => "request headers allowed",
            Check::PreflightCacheLifetime => "preflight cache lifetime",
            Check::SendRequest => "send request",
            Check::AllowOrigin(what) => return write!(f, "{what}: Access-Control-Allow-Origin"),
            Check::AllowCredentials(what) => return write!(f, "{what}: Access-Control-Allow-Credentials"),
            Check::RedirectMode => "redirect mode",
            Check::ParseLocation => "parse Location",
            Check::RedirectToHttp => "redirect to HTTP(S)",
            Check::RedirectLimit => "redirect limit",
            Check::LocationWithoutCredentials => "Location without credentials",
            Check::TaintedOrigin => "tainted origin",
            Check::MethodAfterRedirect => "method after redirect",
            Check::FollowRedirect => "follow redirect",
            Check::ResponseType => "response type",
            Check::HeldCookie => "cookie the browser holds",
            Check::Cookie => "cookie on the request",
            Check::SetCookie => "Set-Cookie in the answer",
        };
        f.write_str(words)
    }
}

/// Serialized as its words, as the trace always was.
impl Serialize for Check {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Which request went out, as the server would see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SentRequest {
    pub hop: usize,
    pub preflight: bool,
    pub method: String,
    pub url: String,
    /// The `Origin` header value, if one is sent.
    pub origin: Option<String>,
    /// For a preflight: `Access-Control-Request-Method`.
    pub access_control_request_method: Option<String>,
    /// For a preflight: `Access-Control-Request-Headers`, if sent.
    pub access_control_request_headers: Option<String>,
    /// Header names sent by script (for the actual request).
    pub headers: Vec<String>,
    pub credentials: bool,
    /// The `Cookie` line, when cookies go with it (never on a preflight).
    pub cookie: Option<String>,
}

/// Why a request did not succeed, with the data each browser's message needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Failure {
    InvalidUrl {
        url: String,
        reason: String,
    },
    UnsupportedScheme {
        scheme: String,
    },
    InvalidMethod {
        method: String,
    },
    ForbiddenMethod {
        method: String,
    },
    InvalidHeader {
        name: String,
        value: String,
    },
    BodyWithGetOrHead {
        method: String,
    },
    DisallowedByMode,
    NoCorsMethod {
        method: String,
    },
    NoCorsRedirectMode,
    MixedContent {
        url: String,
    },
    MissingAllowOrigin,
    MultipleAllowOrigin {
        value: String,
    },
    InvalidAllowOrigin {
        value: String,
    },
    AllowOriginMismatch {
        value: String,
    },
    WildcardOriginWithCredentials,
    InvalidAllowCredentials {
        value: String,
    },
    PreflightInvalidStatus {
        status: u16,
    },
    PreflightRedirect {
        status: u16,
    },
    InvalidAllowMethods {
        token: String,
    },
    InvalidAllowHeaders {
        token: String,
    },
    MethodNotAllowed {
        method: String,
    },
    HeaderNotAllowed {
        name: String,
    },
    RedirectContainsCredentials {
        location: String,
    },
    RedirectInvalidLocation {
        location: String,
    },
    RedirectNotHttp {
        location: String,
    },
    RedirectModeError,
    RedirectLimit,
    /// Local Network Access: the permission was denied or not answered, or
    /// (`insecure_page`) the page is not a secure context.
    LocalNetworkAccess {
        space: String,
        insecure_page: bool,
    },
    /// The browser could not read the answer as HTTP (a NUL in the value of
    /// `name`): a network error, whatever its CORS headers say.
    UnparsableResponse {
        name: String,
    },
}

/// A change to one server answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// Send exactly one line `name: value` (replacing any lines of that name).
    SetHeader {
        name: String,
        value: String,
    },
    SetStatus {
        status: u16,
    },
    RemoveHeader {
        name: String,
    },
}

/// Which answer a change applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Preflight,
    Response,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixChange {
    pub hop: usize,
    pub target: Target,
    #[serde(flatten)]
    pub change: Change,
}

/// The smallest fix: server changes that make the scenario allowed, or advice
/// for the page when no server change can help.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub server: Vec<FixChange>,
    /// Set when the server cannot fix it (a client-side mistake).
    pub client: Option<String>,
}

/// What each browser's console prints for this decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Console {
    pub chromium: Option<String>,
    pub firefox: Option<String>,
    /// Safari / WebKit: the reason line, then "Fetch API cannot load URL due
    /// to access control checks." (two lines, as its console prints them).
    pub webkit: Option<String>,
}

impl Console {
    /// What `browser`'s console prints (`Spec`: nothing).
    pub fn of(&self, browser: Browser) -> Option<&String> {
        match browser {
            Browser::Chromium => self.chromium.as_ref(),
            Browser::Firefox => self.firefox.as_ref(),
            Browser::WebKit => self.webkit.as_ref(),
            Browser::Spec => None,
        }
    }
}

/// The engine's answer for one scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub browser: Browser,
    pub outcome: Outcome,
    pub stage: Option<Stage>,
    /// Whether a CORS preflight goes out (on any hop).
    pub preflight: bool,
    /// The names in the first preflight's `Access-Control-Request-Headers`.
    pub request_headers: Vec<String>,
    /// Lowercase names of the response headers script can read.
    pub exposed: Vec<String>,
    pub response_type: ResponseType,
    /// The status script sees (0 for opaque responses and errors).
    pub status: u16,
    pub failure: Option<Failure>,
    pub sent: Vec<SentRequest>,
    pub steps: Vec<Step>,
    pub console: Console,
    pub fix: Option<Fix>,
    /// Preflight cache lifetime this browser would use, in seconds (when a preflight succeeded).
    pub preflight_max_age: Option<u64>,
    /// The third-party cookie setting the cookies were decided with.
    pub cookie_setting: crate::scenario::CookieSetting,
    /// The scenario's held cookies: whether the browser kept each when it was set.
    pub held_cookies: Vec<crate::cookies::SetCookieVerdict>,
    /// Each held cookie on each request (hop): sent or not, and why.
    pub cookies: Vec<crate::cookies::CookieOnRequest>,
    /// Each `Set-Cookie` line of the answers: stored or not, where, and why.
    pub set_cookies: Vec<crate::cookies::SetCookieVerdict>,
}

impl Fix {
    /// The hop whose server the fix configures: the last one it changes (a
    /// chain is fixed at its end), 0 when it changes none.
    pub fn configured_hop(&self) -> usize {
        self.server.iter().map(|c| c.hop).max().unwrap_or(0)
    }
}

impl FixChange {
    /// One line for people: what to send, where.
    pub fn describe(&self) -> String {
        let target = match self.target {
            Target::Preflight => "preflight (OPTIONS) answer",
            Target::Response => "response",
        };
        let hop = if self.hop > 0 {
            format!(" of redirect hop {}", self.hop)
        } else {
            String::new()
        };
        match &self.change {
            Change::SetHeader { name, value } => format!("{name}: {value} — in the {target}{hop}"),
            Change::SetStatus { status } => format!("status {status} — for the {target}{hop}"),
            Change::RemoveHeader { name } => format!("remove {name} — from the {target}{hop}"),
        }
    }
}

impl Decision {
    /// "allowed", or the outcome with its stage ("blocked at preflight").
    pub fn verdict(&self) -> String {
        match self.stage {
            Some(stage) => format!("{} at {}", self.outcome, stage),
            None => self.outcome.to_string(),
        }
    }

    /// What a second, identical run sends right after this one: the preflight
    /// is left out while its answer is cached (a Max-Age of 0 caches nothing).
    /// <https://fetch.spec.whatwg.org/#cors-preflight-cache>
    pub fn sent_when_repeated(&self) -> impl Iterator<Item = &SentRequest> {
        let cached = self.preflight_max_age.unwrap_or(0) > 0;
        self.sent.iter().filter(move |r| !(cached && r.preflight))
    }

    /// The steps that failed (normally one, the last).
    pub fn failed_step(&self) -> Option<&Step> {
        self.steps.iter().rev().find(|s| !s.passed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_names_its_browser_with_a_version() {
        assert_eq!(Browser::from_name_and_version("Firefox 153.0"), Some(Browser::Firefox));
        assert_eq!(
            Browser::from_name_and_version("Chromium 156.0.8078.114"),
            Some(Browser::Chromium)
        );
        assert_eq!(Browser::from_name_and_version("Safari 18.1"), Some(Browser::WebKit));
        assert_eq!(Browser::from_name_and_version("WebKit 2.50.6"), Some(Browser::WebKit));
        assert_eq!(
            Browser::from_name_and_version("WebKitGTK (Safari's engine, AppleWebKit/605.1.15)"),
            Some(Browser::WebKit)
        );
        assert_eq!(Browser::from_name_and_version("Edge 140"), None);
        assert_eq!(Browser::from_name_and_version("spec"), None);
        assert_eq!(Browser::from_name_and_version(""), None);
    }
}
