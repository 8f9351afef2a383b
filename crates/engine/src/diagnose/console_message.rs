//! Reading a pasted console error: every CORS message variant of Chromium,
//! Firefox and Safari (`shared/browser-console-messages.md`), turned into what
//! it says (URL, page origin, kind, reason) and into a scenario that
//! reproduces it. Text that is not one of those messages is "not recognised",
//! never a guess.

use crate::decision::Stage;
use crate::scenario::{Answer, CredentialsMode, Hop, RequestMode, RequestSpec, Scenario, Server};
use serde::Serialize;
use std::fmt;

/// Whose console printed the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageBrowser {
    Chromium,
    Firefox,
    Safari,
}

impl MessageBrowser {
    pub fn as_str(&self) -> &'static str {
        match self {
            MessageBrowser::Chromium => "Chromium",
            MessageBrowser::Firefox => "Firefox",
            MessageBrowser::Safari => "Safari",
        }
    }

    /// The engine's model for this browser (Safari is explained with the Fetch Standard).
    pub fn engine_browser(&self) -> crate::Browser {
        match self {
            MessageBrowser::Chromium => crate::Browser::Chromium,
            MessageBrowser::Firefox => crate::Browser::Firefox,
            MessageBrowser::Safari => crate::Browser::Spec,
        }
    }
}

/// What the message says went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    DisallowedByMode,
    /// Chromium: the preflight failed with a network error.
    InvalidResponse,
    WildcardOriginWithCredentials,
    MissingAllowOrigin,
    MultipleAllowOrigin {
        value: Option<String>,
    },
    InvalidAllowOrigin {
        value: String,
    },
    AllowOriginMismatch {
        value: String,
    },
    /// Safari: a missing or a mismatched Allow-Origin (it does not tell them apart).
    OriginNotAllowed,
    InvalidAllowCredentials {
        value: Option<String>,
    },
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightRedirect,
    InvalidAllowMethods {
        token: Option<String>,
    },
    InvalidAllowHeaders {
        token: Option<String>,
    },
    MethodNotAllowed {
        method: Option<String>,
    },
    HeaderNotAllowed {
        name: String,
    },
    /// Firefox's warning: `*` in Allow-Headers does not cover Authorization.
    AuthorizationNotCoveredByWildcard,
    RedirectContainsCredentials {
        location: String,
    },
    RedirectNotCorsScheme,
    /// Private/Local Network Access and its predecessor (CORS-RFC1918).
    PrivateNetwork {
        detail: String,
    },
    /// Firefox: CORS is switched off in about:config.
    CorsDisabled,
    /// Firefox: the request failed at the network level (not a CORS verdict).
    DidNotSucceed,
    /// Firefox: an extension's content script cannot send Origin.
    OriginHeaderNotAdded,
}

impl Reason {
    /// One sentence for people.
    pub fn describe(&self) -> String {
        match self {
            Reason::DisallowedByMode => "the request used mode 'same-origin' for another origin".into(),
            Reason::InvalidResponse => "the preflight failed with a network error (no valid HTTP answer)".into(),
            Reason::WildcardOriginWithCredentials => {
                "Access-Control-Allow-Origin is '*' but the request includes credentials".into()
            }
            Reason::MissingAllowOrigin => "the answer has no Access-Control-Allow-Origin header".into(),
            Reason::MultipleAllowOrigin { value: Some(v) } => {
                format!("Access-Control-Allow-Origin holds more than one value ('{v}')")
            }
            Reason::MultipleAllowOrigin { value: None } => {
                "the answer has more than one Access-Control-Allow-Origin header".into()
            }
            Reason::InvalidAllowOrigin { value } => format!("Access-Control-Allow-Origin '{value}' is not an origin"),
            Reason::AllowOriginMismatch { value } => {
                format!("Access-Control-Allow-Origin '{value}' is not the page's origin")
            }
            Reason::OriginNotAllowed => {
                "Access-Control-Allow-Origin is missing or names another origin (Safari does not say which)".into()
            }
            Reason::InvalidAllowCredentials { value } => format!(
                "credentials are included but Access-Control-Allow-Credentials is '{}', not 'true'",
                value.clone().unwrap_or_default()
            ),
            Reason::CorsDisabledScheme => "the URL's scheme does not support CORS (file:, a custom scheme)".into(),
            Reason::PreflightInvalidStatus => "the preflight (OPTIONS) answer is not a 2xx status".into(),
            Reason::PreflightRedirect => "the preflight (OPTIONS) answer is a redirect".into(),
            Reason::InvalidAllowMethods { token } => match token {
                Some(t) => format!("Access-Control-Allow-Methods has the invalid token '{t}'"),
                None => "Access-Control-Allow-Methods is not a list of tokens".into(),
            },
            Reason::InvalidAllowHeaders { token } => match token {
                Some(t) => format!("Access-Control-Allow-Headers has the invalid token '{t}'"),
                None => "Access-Control-Allow-Headers is not a list of tokens".into(),
            },
            Reason::MethodNotAllowed { method: Some(m) } => {
                format!("the preflight answer does not allow the method {m}")
            }
            Reason::MethodNotAllowed { method: None } => "the preflight answer does not allow the method".into(),
            Reason::HeaderNotAllowed { name } => format!("the preflight answer does not allow the header {name}"),
            Reason::AuthorizationNotCoveredByWildcard => {
                "Access-Control-Allow-Headers: * does not cover Authorization (a warning today, an error soon)".into()
            }
            Reason::RedirectContainsCredentials { location } => {
                format!("a redirect points at '{location}', which has a user name and password")
            }
            Reason::RedirectNotCorsScheme => "a redirect points at a URL whose scheme does not support CORS".into(),
            Reason::PrivateNetwork { detail } => format!("Private Network Access: {detail}"),
            Reason::CorsDisabled => "CORS is switched off in this Firefox (content.cors.disable)".into(),
            Reason::DidNotSucceed => {
                "the request failed at the network level (DNS, TLS, refused connection, an extension or mixed content) — not a CORS verdict".into()
            }
            Reason::OriginHeaderNotAdded => {
                "the request came from an extension's content script, which cannot send an Origin header".into()
            }
        }
    }
}

/// A recognised console message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsoleMessage {
    pub browser: MessageBrowser,
    /// The resource kind Chromium names (`fetch`, `XMLHttpRequest`, `script`, …).
    pub resource: Option<String>,
    /// The URL that failed.
    pub url: Option<String>,
    /// The first URL, when the message says the request was redirected.
    pub initial_url: Option<String>,
    /// The page origin, when the message names it (Chromium, Safari).
    pub page_origin: Option<String>,
    /// Where it failed, as far as the message tells.
    pub stage: Stage,
    /// Whether the message says the preflight failed.
    pub preflight: bool,
    pub status: Option<u16>,
    pub reason: Reason,
}

/// Why the text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRecognised {
    /// What the text looked like, when that helps (e.g. script's `TypeError`).
    pub hint: String,
}

impl fmt::Display for NotRecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not recognised: {}", self.hint)
    }
}

impl std::error::Error for NotRecognised {}

fn not_recognised(hint: impl Into<String>) -> NotRecognised {
    NotRecognised { hint: hint.into() }
}

/// Curly quotes become straight ones (copying often changes them), and runs of
/// white space one space.
fn normalise(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    straight
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn after<'a>(text: &'a str, start: &str) -> Option<&'a str> {
    text.find(start).map(|i| &text[i + start.len()..])
}

/// "Status code: 404" (Firefox, Safari) or Chromium's network line "… net::ERR_FAILED 404".
fn status_in(text: &str) -> Option<u16> {
    let digits = |s: &str| -> Option<u16> {
        let n: String = s.trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
        n.parse().ok().filter(|s| (100..=599).contains(s))
    };
    after(text, "Status code:")
        .and_then(digits)
        .or_else(|| after(text, "net::ERR_FAILED").and_then(digits))
}

/// Reads one pasted console message (it may carry a file:line prefix, a
/// second line, or Chromium's network line).
pub fn parse(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let text = normalise(text);
    if text.is_empty() {
        return Err(not_recognised("the text is empty"));
    }
    if text.contains("has been blocked by CORS policy") {
        return parse_chromium(&text);
    }
    if text.contains("The Same Origin Policy") && text.contains("(Reason:") {
        return parse_firefox(&text);
    }
    if let Some(m) = parse_safari(&text) {
        return m;
    }
    if text.contains("Failed to fetch")
        || text.contains("NetworkError when attempting to fetch resource")
        || text.contains("Load failed")
    {
        return Err(not_recognised(
            "this is what script sees of any failed fetch (a TypeError); the reason is only in the browser's console: paste the line that starts with \"Access to fetch at\" (Chromium), \"Cross-Origin Request Blocked\" (Firefox) or the Safari line above \"cannot load\"",
        ));
    }
    Err(not_recognised(
        "this is not one of the CORS messages Chromium, Firefox or Safari print",
    ))
}

fn parse_chromium(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let envelope =
        after(text, "Access to ").ok_or_else(|| not_recognised("Chromium's message lost its start ('Access to …')"))?;
    let resource = envelope.split(" at '").next().unwrap_or_default().trim().to_string();
    let url = between(envelope, " at '", "'").map(str::to_string);
    let initial_url = between(envelope, "(redirected from '", "')").map(str::to_string);
    let page_origin = between(envelope, "from origin '", "'").map(str::to_string);
    let rest = after(envelope, "has been blocked by CORS policy: ").unwrap_or_default();
    let (preflight_prefix, rest) =
        match rest.strip_prefix("Response to preflight request doesn't pass access control check: ") {
            Some(r) => (true, r),
            None => (false, rest),
        };
    if url.is_none() || page_origin.is_none() {
        return Err(not_recognised("Chromium's message, but its URL or origin is cut off"));
    }
    let quoted = |start: &str, end: &str| between(rest, start, end).map(str::to_string);
    let starts = |p: &str| rest.starts_with(p);
    let (reason, stage) = if starts("Cross origin requests are not allowed by request mode.") {
        (Reason::DisallowedByMode, Stage::Request)
    } else if starts("The response is invalid.") {
        (Reason::InvalidResponse, Stage::Preflight)
    } else if starts(
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*'",
    ) {
        (Reason::WildcardOriginWithCredentials, Stage::Response)
    } else if starts("No 'Access-Control-Allow-Origin' header is present") {
        (Reason::MissingAllowOrigin, Stage::Response)
    } else if let (true, Some(v)) = (
        starts("The 'Access-Control-Allow-Origin' header contains multiple values"),
        quoted("multiple values '", "', but only one"),
    ) {
        (Reason::MultipleAllowOrigin { value: Some(v) }, Stage::Response)
    } else if let (true, Some(v)) = (
        starts("The 'Access-Control-Allow-Origin' header contains the invalid value"),
        quoted("the invalid value '", "'."),
    ) {
        (Reason::InvalidAllowOrigin { value: v }, Stage::Response)
    } else if let (true, Some(v)) = (
        starts("The 'Access-Control-Allow-Origin' header has a value"),
        quoted("has a value '", "' that is not equal"),
    ) {
        (Reason::AllowOriginMismatch { value: v }, Stage::Response)
    } else if let (true, Some(v)) = (
        starts("The value of the 'Access-Control-Allow-Credentials' header in the response is"),
        quoted("in the response is '", "' which must be"),
    ) {
        let value = (!v.is_empty()).then_some(v);
        (Reason::InvalidAllowCredentials { value }, Stage::Response)
    } else if starts("Cross origin requests are only supported for protocol schemes") {
        (Reason::CorsDisabledScheme, Stage::Request)
    } else if starts("It does not have HTTP ok status.") {
        (Reason::PreflightInvalidStatus, Stage::Preflight)
    } else if starts("Redirect is not allowed for a preflight request.") {
        (Reason::PreflightRedirect, Stage::Preflight)
    } else if starts("Cannot parse Access-Control-Allow-Methods") {
        (Reason::InvalidAllowMethods { token: None }, Stage::Preflight)
    } else if starts("Cannot parse Access-Control-Allow-Headers") {
        (Reason::InvalidAllowHeaders { token: None }, Stage::Preflight)
    } else if let (true, Some(m)) = (
        starts("Method "),
        quoted(
            "Method ",
            " is not allowed by Access-Control-Allow-Methods in preflight response.",
        ),
    ) {
        (Reason::MethodNotAllowed { method: Some(m) }, Stage::Preflight)
    } else if let Some(h) = quoted(
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers in preflight response.",
    )
    .filter(|_| starts("Request header field "))
    {
        (Reason::HeaderNotAllowed { name: h }, Stage::Preflight)
    } else if let (true, Some(v)) = (
        starts("Redirect location '"),
        quoted("Redirect location '", "' contains a username and password"),
    ) {
        (Reason::RedirectContainsCredentials { location: v }, Stage::Redirect)
    } else if let Some(detail) = private_network(rest) {
        (Reason::PrivateNetwork { detail }, Stage::Preflight)
    } else {
        return Err(not_recognised(format!(
            "Chromium's CORS message, but its reason is not one corscope knows: '{}'",
            rest.chars().take(160).collect::<String>()
        )));
    };
    let preflight = preflight_prefix || matches!(stage, Stage::Preflight);
    let stage = if preflight_prefix { Stage::Preflight } else { stage };
    Ok(ConsoleMessage {
        browser: MessageBrowser::Chromium,
        resource: Some(resource),
        url,
        initial_url,
        page_origin,
        stage,
        preflight,
        status: status_in(text),
        reason,
    })
}

/// Private Network Access (and CORS-RFC1918) reasons, as a short detail.
fn private_network(rest: &str) -> Option<String> {
    let table: [(&str, &str); 10] = [
        ("The request client is not a secure context and the resource is in more-private address space", "an http (insecure) page requested a more private address space; serve the page over https"),
        ("Request had a target IP address space of", "the request's declared target address space did not match the address it reached"),
        ("Request had no target IP address space, yet the resource is in address space", "the request declared no target address space but reached a private one"),
        ("No 'Access-Control-Allow-Private-Network' header was present", "the preflight answer lacks Access-Control-Allow-Private-Network: true"),
        ("The 'Access-Control-Allow-Private-Network' header in the preflight response", "Access-Control-Allow-Private-Network in the preflight answer is not 'true'"),
        ("No 'Private-Network-Access-Id' header was present", "the preflight answer lacks Private-Network-Access-Id (permission prompt experiment)"),
        ("No 'Private-Network-Access-Name' header was present", "the preflight answer lacks Private-Network-Access-Name (permission prompt experiment)"),
        ("Unable to ask for permission to access the", "the browser could not ask the user for permission to reach the local network"),
        ("Permission was denied for this request to access the", "the user denied this site access to the local network"),
        ("'Access-Control-Allow-External' header", "the preflight answer lacks Access-Control-Allow-External: true (CORS-RFC1918, the predecessor of Private Network Access)"),
    ];
    table
        .iter()
        .find(|(start, _)| rest.starts_with(start) || (start.starts_with('\'') && rest.contains(start)))
        .map(|(_, d)| d.to_string())
}

fn parse_firefox(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let warning = text.contains("Cross-Origin Request Warning");
    let lead = if warning {
        "The Same Origin Policy will disallow reading the remote resource at "
    } else {
        "The Same Origin Policy disallows reading the remote resource at "
    };
    let body = after(text, lead).ok_or_else(|| not_recognised("Firefox's message, but its URL is cut off"))?;
    let (url, rest) = if warning {
        let url = body.split(" soon.").next().unwrap_or_default();
        (url, after(body, "(Reason: ").unwrap_or_default())
    } else {
        let i = body
            .find(". (Reason: ")
            .ok_or_else(|| not_recognised("Firefox's message, but its reason is cut off"))?;
        (&body[..i], &body[i + ". (Reason: ".len()..])
    };
    let url = url.trim().trim_matches('\'').to_string();
    let quoted = |start: &str, end: &str| between(rest, start, end).map(str::to_string);
    let starts = |p: &str| rest.starts_with(p);
    let (reason, stage, preflight) = if warning && rest.contains("the `Authorization` header is not covered") {
        (Reason::AuthorizationNotCoveredByWildcard, Stage::Preflight, true)
    } else if starts("CORS disabled)") {
        (Reason::CorsDisabled, Stage::Request, false)
    } else if starts("CORS request did not succeed)") {
        (Reason::DidNotSucceed, Stage::Request, false)
    } else if starts("CORS header 'Origin' cannot be added)") {
        (Reason::OriginHeaderNotAdded, Stage::Request, false)
    } else if starts("CORS request external redirect not allowed)") {
        (Reason::PreflightRedirect, Stage::Preflight, true)
    } else if starts("CORS request not http)") {
        (Reason::CorsDisabledScheme, Stage::Request, false)
    } else if starts("CORS header 'Access-Control-Allow-Origin' missing)") {
        (Reason::MissingAllowOrigin, Stage::Response, false)
    } else if starts("Multiple CORS header 'Access-Control-Allow-Origin' not allowed)") {
        (Reason::MultipleAllowOrigin { value: None }, Stage::Response, false)
    } else if let (true, Some(v)) = (
        starts("CORS header 'Access-Control-Allow-Origin' does not match"),
        quoted("does not match '", "')"),
    ) {
        (Reason::AllowOriginMismatch { value: v }, Stage::Response, false)
    } else if starts("Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*')") {
        (Reason::WildcardOriginWithCredentials, Stage::Response, false)
    } else if starts("Did not find method in CORS header 'Access-Control-Allow-Methods')") {
        (Reason::MethodNotAllowed { method: None }, Stage::Preflight, true)
    } else if starts("expected 'true' in CORS header 'Access-Control-Allow-Credentials')") {
        (Reason::InvalidAllowCredentials { value: None }, Stage::Response, false)
    } else if starts("CORS preflight response did not succeed)") || starts("CORS preflight channel did not succeed)") {
        (Reason::PreflightInvalidStatus, Stage::Preflight, true)
    } else if let (true, Some(t)) = (
        starts("invalid token '") && rest.contains("' in CORS header 'Access-Control-Allow-Methods')"),
        quoted("invalid token '", "' in CORS header"),
    ) {
        (Reason::InvalidAllowMethods { token: Some(t) }, Stage::Preflight, true)
    } else if let (true, Some(t)) = (
        starts("invalid token '") && rest.contains("' in CORS header 'Access-Control-Allow-Headers')"),
        quoted("invalid token '", "' in CORS header"),
    ) {
        (Reason::InvalidAllowHeaders { token: Some(t) }, Stage::Preflight, true)
    } else if let (true, Some(h)) = (
        starts("header '") && rest.contains("is not allowed according to header 'Access-Control-Allow-Headers'"),
        quoted("header '", "' is not allowed"),
    ) {
        (Reason::HeaderNotAllowed { name: h }, Stage::Preflight, true)
    } else if let (true, Some(h)) = (
        starts("missing token '"),
        quoted("missing token '", "' in CORS header 'Access-Control-Allow-Headers'"),
    ) {
        (Reason::HeaderNotAllowed { name: h }, Stage::Preflight, true)
    } else {
        return Err(not_recognised(format!(
            "Firefox's CORS message, but its reason is not one corscope knows: '{}'",
            rest.chars().take(160).collect::<String>()
        )));
    };
    Ok(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: (!url.is_empty()).then_some(url),
        initial_url: None,
        page_origin: None,
        stage,
        preflight,
        status: status_in(text),
        reason,
    })
}

/// Safari's messages, or `None` when the text has none of them.
fn parse_safari(text: &str) -> Option<Result<ConsoleMessage, NotRecognised>> {
    let url = between(text, "Fetch API cannot load ", " due to access control checks")
        .or_else(|| between(text, "XMLHttpRequest cannot load ", " due to access control checks"))
        .map(str::to_string);
    let resource = if text.contains("XMLHttpRequest cannot load") {
        Some("XMLHttpRequest".to_string())
    } else if url.is_some() {
        Some("fetch".to_string())
    } else {
        None
    };
    let mut page_origin = None;
    let (reason, stage, preflight) = if text
        .contains("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true")
    {
        (Reason::WildcardOriginWithCredentials, Stage::Response, false)
    } else if text.contains("Access-Control-Allow-Origin cannot contain more than one origin") {
        (Reason::MultipleAllowOrigin { value: None }, Stage::Response, false)
    } else if let Some(o) = between(text, "Origin ", " is not allowed by Access-Control-Allow-Origin") {
        page_origin = Some(o.to_string());
        (Reason::OriginNotAllowed, Stage::Response, false)
    } else if text.contains("Credentials flag is true, but Access-Control-Allow-Credentials is not") {
        (Reason::InvalidAllowCredentials { value: None }, Stage::Response, false)
    } else if text.contains("Preflight response is not successful") {
        (Reason::PreflightInvalidStatus, Stage::Preflight, true)
    } else if text.contains("not allowed to follow a cross-origin CORS redirection with non CORS scheme") {
        (Reason::RedirectNotCorsScheme, Stage::Redirect, false)
    } else if let Some(u) = between(text, "redirection URL ", " has credentials") {
        (
            Reason::RedirectContainsCredentials {
                location: u.to_string(),
            },
            Stage::Redirect,
            false,
        )
    } else if let Some(m) = between(text, "Method ", " is not allowed by Access-Control-Allow-Methods.") {
        (
            Reason::MethodNotAllowed {
                method: Some(m.to_string()),
            },
            Stage::Preflight,
            true,
        )
    } else if let Some(h) = between(
        text,
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers.",
    ) {
        (Reason::HeaderNotAllowed { name: h.to_string() }, Stage::Preflight, true)
    } else if url.is_some() {
        return Some(Err(not_recognised(
            "Safari's \"cannot load … due to access control checks\" line names no reason: paste the line printed above it too",
        )));
    } else {
        return None;
    };
    Some(Ok(ConsoleMessage {
        browser: MessageBrowser::Safari,
        resource,
        url,
        initial_url: None,
        page_origin,
        stage,
        preflight,
        status: status_in(text),
        reason,
    }))
}

/// A scenario that reproduces a message, with what had to be assumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reproduction {
    /// `None` when the engine does not model the cause (network errors,
    /// Private Network Access, browser settings).
    pub scenario: Option<Scenario>,
    /// What the message did not say and the scenario assumes.
    pub assumptions: Vec<String>,
    /// Advice when there is no scenario (or in addition to the engine's fix).
    pub advice: Option<String>,
}

const PLACEHOLDER_URL: &str = "https://api.example/resource";

fn hop(preflight: Option<Answer>, response: Answer) -> Hop {
    Hop {
        url: None,
        preflight,
        response: Some(response),
    }
}

fn acao(origin: &str) -> (String, String) {
    ("Access-Control-Allow-Origin".into(), origin.into())
}

/// A preflight answer that lets `method` and `headers` through for `origin`.
fn passing_preflight(origin: &str, method: &str, headers: &[(String, String)], include: bool) -> Answer {
    let mut h = vec![acao(origin)];
    if include {
        h.push(("Access-Control-Allow-Credentials".into(), "true".into()));
    }
    h.push(("Access-Control-Allow-Methods".into(), method.into()));
    let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    if !names.is_empty() {
        h.push(("Access-Control-Allow-Headers".into(), names.join(", ")));
    }
    Answer {
        status: 204,
        headers: h,
        body: None,
    }
}

/// A value for a request header that makes it need a preflight.
fn unsafe_value(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json".into(),
        "authorization" => "Bearer example-token".into(),
        "accept" | "accept-language" | "content-language" => "x{}".into(),
        "range" => "bytes=0-1,2-3".into(),
        _ => "1".into(),
    }
}

/// Makes the request one that needs a preflight: the most common cause, a JSON body's Content-Type.
fn preflighted(request: &mut RequestSpec, assumptions: &mut Vec<String>) {
    request.method = "POST".into();
    request.headers = vec![("Content-Type".into(), "application/json".into())];
    request.body = Some("{}".into());
    assumptions.push(
        "the message does not say why a preflight was sent: a POST with Content-Type: application/json (the most common cause) is assumed".into(),
    );
}

/// The answer that failed the check: the preflight's (for a preflighted
/// request, which the message says) or the response's.
fn failing_answer<'a>(
    in_preflight: bool,
    request: &mut RequestSpec,
    assumptions: &mut Vec<String>,
    preflight: &'a mut Option<Answer>,
    response: &'a mut Answer,
) -> &'a mut Vec<(String, String)> {
    if in_preflight {
        preflighted(request, assumptions);
        &mut preflight.insert(Answer::new(204, &[])).headers
    } else {
        &mut response.headers
    }
}

/// Builds a scenario that reproduces `message`. `fallback_page` is used when
/// the message does not name the page origin (Firefox, some Safari lines).
pub fn reproduce(message: &ConsoleMessage, fallback_page: &str) -> Reproduction {
    let mut assumptions = vec![];
    let page = match message.page_origin.as_deref() {
        Some(o) if o != "null" || message.initial_url.is_none() => o.to_string(),
        _ => {
            assumptions.push(format!(
                "{}'s message does not name the page origin: {fallback_page} is assumed — change it to yours",
                message.browser.as_str()
            ));
            fallback_page.to_string()
        }
    };
    let url = match &message.url {
        Some(u) if url::Url::parse(u).is_ok() => u.clone(),
        _ => {
            assumptions.push(format!("the message names no usable URL: {PLACEHOLDER_URL} is assumed"));
            PLACEHOLDER_URL.into()
        }
    };
    let no_scenario = |advice: &str, assumptions: Vec<String>| Reproduction {
        scenario: None,
        assumptions,
        advice: Some(advice.into()),
    };
    let mut request = RequestSpec::get(&url);
    let mut preflight: Option<Answer> = None;
    let mut response = Answer::new(message.status.filter(|s| *s < 300).unwrap_or(200), &[]);
    let mut redirect_to: Option<String> = None;
    // A preflight that passes, for failures of the actual response.
    let with_passing_preflight = |request: &RequestSpec, include: bool| {
        Some(passing_preflight(&page, &request.method, &request.headers, include))
    };
    match &message.reason {
        Reason::InvalidResponse => {
            return no_scenario(
                "The preflight got no valid HTTP answer (e.g. the connection closed). Make the server answer OPTIONS with a 2xx status and the CORS headers; check proxies and firewalls in front of it.",
                assumptions,
            )
        }
        Reason::PrivateNetwork { .. } => {
            return no_scenario(
                "Private Network Access is not modelled by corscope's engine. A public page reaching a private or local address needs the page on https and the server to answer the preflight with Access-Control-Allow-Private-Network: true (or, in newer Chromium, the user's permission).",
                assumptions,
            )
        }
        Reason::CorsDisabled => {
            return no_scenario(
                "This Firefox has CORS switched off (about:config: content.cors.disable). Set it back to false; no server change helps.",
                assumptions,
            )
        }
        Reason::DidNotSucceed => {
            return no_scenario(
                "The request never got an HTTP answer: check that the URL is right, the server is up, its TLS certificate is valid, no extension blocks it, and an https page does not call an http URL (mixed content). This is not a CORS header problem.",
                assumptions,
            )
        }
        Reason::OriginHeaderNotAdded => {
            return no_scenario(
                "Extension content scripts cannot send an Origin header: make the request from the extension's background script, with host permissions for the URL.",
                assumptions,
            )
        }
        Reason::DisallowedByMode => request.mode = RequestMode::SameOrigin,
        Reason::CorsDisabledScheme => {}
        Reason::WildcardOriginWithCredentials => {
            request.credentials = CredentialsMode::Include;
            assumptions.push("the request was made with credentials: 'include'".into());
            failing_answer(message.preflight, &mut request, &mut assumptions, &mut preflight, &mut response).push(acao("*"));
        }
        Reason::MissingAllowOrigin | Reason::OriginNotAllowed => {
            if message.preflight {
                preflighted(&mut request, &mut assumptions);
                preflight = Some(Answer::new(message.status.filter(|s| (200..300).contains(s)).unwrap_or(204), &[]));
            }
            if message.reason == Reason::OriginNotAllowed {
                assumptions.push("Safari does not tell a missing Allow-Origin from a wrong one: a missing one is assumed".into());
            }
            if message.browser == MessageBrowser::Firefox {
                assumptions.push("Firefox's message does not say whether the preflight or the response lacked the header: the response is assumed".into());
            }
        }
        Reason::MultipleAllowOrigin { value } => {
            let lines: Vec<(String, String)> = match (message.browser, value) {
                (MessageBrowser::Chromium, Some(v)) => vec![acao(v)],
                (MessageBrowser::Firefox, _) => {
                    assumptions.push("Firefox does not print the values: two header lines are assumed".into());
                    vec![acao(&page), acao("https://other.example")]
                }
                _ => {
                    assumptions.push("the message does not print the values: a list of two origins is assumed".into());
                    vec![acao(&format!("{page}, https://other.example"))]
                }
            };
            *failing_answer(message.preflight, &mut request, &mut assumptions, &mut preflight, &mut response) = lines;
        }
        Reason::InvalidAllowOrigin { value } | Reason::AllowOriginMismatch { value } => {
            failing_answer(message.preflight, &mut request, &mut assumptions, &mut preflight, &mut response).push(acao(value));
        }
        Reason::InvalidAllowCredentials { value } => {
            request.credentials = CredentialsMode::Include;
            let mut lines = vec![acao(&page)];
            if let Some(v) = value {
                lines.push(("Access-Control-Allow-Credentials".into(), v.clone()));
            } else if message.browser != MessageBrowser::Chromium {
                assumptions.push("the message does not print the value: a missing Access-Control-Allow-Credentials is assumed".into());
            }
            *failing_answer(message.preflight, &mut request, &mut assumptions, &mut preflight, &mut response) = lines;
        }
        Reason::PreflightInvalidStatus => {
            preflighted(&mut request, &mut assumptions);
            let status = message.status.filter(|s| !(200..300).contains(s)).unwrap_or_else(|| {
                assumptions.push("the message does not print the preflight's status: 404 (OPTIONS not routed) is assumed".into());
                404
            });
            // With Allow-Origin: Chromium checks it before the status.
            preflight = Some(Answer {
                status,
                headers: vec![acao(&page)],
                body: None,
            });
        }
        Reason::PreflightRedirect => {
            preflighted(&mut request, &mut assumptions);
            let location = format!("{}/", url.trim_end_matches('/'));
            preflight = Some(Answer {
                status: 301,
                headers: vec![acao(&page), ("Location".into(), location)],
                body: None,
            });
            assumptions.push("the preflight was answered with a 301 redirect (e.g. an added trailing slash)".into());
        }
        Reason::InvalidAllowMethods { token } => {
            request.method = "PUT".into();
            let token = token.clone().unwrap_or_else(|| {
                assumptions.push("the message does not print the bad value: 'PUT;' is assumed".into());
                "PUT;".into()
            });
            assumptions.push("the method is assumed to be PUT".into());
            preflight = Some(Answer {
                status: 204,
                headers: vec![acao(&page), ("Access-Control-Allow-Methods".into(), format!("GET, {token}"))],
                body: None,
            });
        }
        Reason::InvalidAllowHeaders { token } => {
            request.headers = vec![("X-Requested-With".into(), "corscope".into())];
            let token = token.clone().unwrap_or_else(|| {
                assumptions.push("the message does not print the bad value: 'X-Requested-With;' is assumed".into());
                "X-Requested-With;".into()
            });
            assumptions.push("the request is assumed to send X-Requested-With".into());
            preflight = Some(Answer {
                status: 204,
                headers: vec![acao(&page), ("Access-Control-Allow-Headers".into(), token)],
                body: None,
            });
        }
        Reason::MethodNotAllowed { method } => {
            request.method = method.clone().unwrap_or_else(|| {
                assumptions.push("Firefox does not print the method: PUT is assumed".into());
                "PUT".into()
            });
            preflight = Some(Answer {
                status: 204,
                headers: vec![acao(&page), ("Access-Control-Allow-Methods".into(), "GET, POST".into())],
                body: None,
            });
        }
        Reason::HeaderNotAllowed { name } => {
            request.headers = vec![(name.clone(), unsafe_value(name))];
            preflight = Some(Answer {
                status: 204,
                headers: vec![acao(&page)],
                body: None,
            });
        }
        Reason::AuthorizationNotCoveredByWildcard => {
            request.headers = vec![("Authorization".into(), unsafe_value("authorization"))];
            preflight = Some(Answer {
                status: 204,
                headers: vec![acao(&page), ("Access-Control-Allow-Headers".into(), "*".into())],
                body: None,
            });
        }
        Reason::RedirectContainsCredentials { location } => redirect_to = Some(location.clone()),
        Reason::RedirectNotCorsScheme => {
            assumptions.push("the redirect's target is not printed: ftp://files.example/resource is assumed".into());
            redirect_to = Some("ftp://files.example/resource".into());
        }
    }
    let include = request.credentials == CredentialsMode::Include;
    // Failures of the actual response still need their preflight to pass.
    if preflight.is_none() && message.stage != Stage::Preflight && message.preflight {
        preflight = with_passing_preflight(&request, include);
    }
    // Failures of the preflight: the actual response would pass.
    if message.stage == Stage::Preflight && response.headers.is_empty() {
        response.headers.push(acao(&page));
        if include {
            response
                .headers
                .push(("Access-Control-Allow-Credentials".into(), "true".into()));
        }
    }
    let server = if let Some(to) = redirect_to {
        // The first URL redirects; it passes its own CORS check.
        let mut first = Answer::new(302, &[("Location", to.as_str())]);
        first.headers.push(acao(&page));
        Server::Chain(vec![
            Hop {
                url: Some(url.clone()),
                preflight: None,
                response: Some(first),
            },
            Hop {
                url: url::Url::parse(&to).ok().map(|_| to.clone()),
                preflight: None,
                response: Some(Answer::new(200, &[])),
            },
        ])
    } else if let Some(initial) = message.initial_url.as_ref().filter(|u| url::Url::parse(u).is_ok()) {
        // Chromium: "(redirected from '…')": the first URL redirects (307 keeps the method).
        let mut first = Answer::new(307, &[("Location", url.as_str())]);
        first.headers.push(acao(&page));
        if include {
            first
                .headers
                .push(("Access-Control-Allow-Credentials".into(), "true".into()));
        }
        let first_preflight = preflight
            .as_ref()
            .map(|_| passing_preflight(&page, &request.method, &request.headers, include));
        request.url = initial.clone();
        assumptions.push("the first URL answered with a 307 redirect that passed its own checks".into());
        Server::Chain(vec![
            Hop {
                url: Some(initial.clone()),
                preflight: first_preflight,
                response: Some(first),
            },
            Hop {
                url: Some(url.clone()),
                preflight,
                response: Some(response),
            },
        ])
    } else {
        Server::Single(hop(preflight, response))
    };
    let name = format!("{} console: {}", message.browser.as_str(), message.reason.describe());
    Reproduction {
        scenario: Some(Scenario {
            name,
            page,
            request,
            server,
            expect: None,
        }),
        assumptions,
        advice: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_errors_are_not_guessed_at() {
        for text in [
            "TypeError: Failed to fetch",
            "TypeError: NetworkError when attempting to fetch resource.",
            "TypeError: Load failed",
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.hint.contains("console"), "{text}: {err}");
        }
        assert!(parse("Uncaught ReferenceError: x is not defined").is_err());
        assert!(parse("   ").is_err());
    }

    #[test]
    fn an_unknown_chromium_reason_is_not_recognised() {
        let err = parse("Access to fetch at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: Something new happened.").unwrap_err();
        assert!(err.hint.contains("Something new happened"), "{err}");
    }

    #[test]
    fn curly_quotes_and_line_breaks_do_not_matter() {
        let a = parse("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.").unwrap();
        let b = parse("Cross-Origin Request Blocked: The Same Origin Policy disallows reading\n the remote resource at https://api.example/x. (Reason: CORS header 'Access-Control-Allow-Origin' missing). Status code: 200.").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.status, Some(200));
        assert_eq!(a.url.as_deref(), Some("https://api.example/x"));
    }
}
