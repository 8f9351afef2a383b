//! Reading a pasted console error: every CORS message variant of Chromium,
//! Firefox and Safari (`shared/browser-console-messages.md`), turned into what
//! it says (URL, page origin, kind, reason) and into a scenario that
//! reproduces it. Text that is not one of those messages is "not recognised",
//! never a guess.

use crate::decision::Stage;
pub use crate::explain::console_templates::MessageBrowser;
use crate::explain::console_templates::FIREFOX_LOCAL_NETWORK;
use crate::explain::console_templates::{
    capture, read, straighten, Kind, Prefix, Template, CHROMIUM_ENVELOPE, CHROMIUM_OLD_ENVELOPES, CHROMIUM_OLD_ORIGIN,
    CHROMIUM_OLD_STATUS, CHROMIUM_PREFLIGHT_PREFIX, CHROMIUM_PRIVATE_NETWORK, CHROMIUM_REDIRECT_ENVELOPE, FIREFOX_LEAD,
    FIREFOX_OLD_ADVICE, FIREFOX_REASON, FIREFOX_WARNING, FIREFOX_WARNING_LEAD, SAFARI_CHECKS, SAFARI_FETCH,
    SAFARI_REDIRECTION, SAFARI_XHR,
};
use serde::Serialize;
use std::fmt;

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
    /// Safari's "… due to access control checks." pasted without the reason
    /// line printed above it: some CORS check failed, which one is not said.
    AccessControlChecks,
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
    /// Local Network Access: the permission was denied or not answered, or
    /// (`insecure_page`) the page is not a secure context. `space`: the
    /// target's address space, when the message tells.
    LocalNetworkAccess {
        space: Option<String>,
        insecure_page: bool,
    },
    /// Private Network Access (the predecessor of Local Network Access) and
    /// CORS-RFC1918 before it.
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
            Reason::AccessControlChecks => {
                "a CORS check failed; Safari's line above this one names which (it was not pasted)".into()
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
            Reason::LocalNetworkAccess { insecure_page: true, space } => format!(
                "Local Network Access: a page that is not a secure context (http:) may not reach the {} address space",
                space.as_deref().unwrap_or("local")
            ),
            Reason::LocalNetworkAccess { space, .. } => format!(
                "Local Network Access: the browser did not get the user's permission for this page to reach the {} address space",
                space.as_deref().unwrap_or("local or loopback")
            ),
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

/// What DevTools puts around a message: a source prefix (`index.html:1`,
/// `VM386:48`), Safari's `[Error]`, "Understand this error" — dropped, line by line.
fn without_noise(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("[Error]").map(str::trim_start).unwrap_or(line);
            let line = line
                .strip_suffix("Understand this error")
                .map(str::trim_end)
                .unwrap_or(line);
            // "file.js:12 Access to …": a first word that ends in :digits.
            match line.split_once(' ') {
                Some((first, rest))
                    if first.rsplit_once(':').is_some_and(|(name, n)| {
                        !name.is_empty()
                            && !n.is_empty()
                            && n.bytes().all(|b| b.is_ascii_digit())
                            && !name.contains("//")
                    }) =>
                {
                    rest
                }
                _ => line,
            }
        })
        .filter(|l| *l != "Understand this error")
        .collect::<Vec<_>>()
        .join("\n")
}

/// Curly quotes become straight ones (copying often changes them), and runs of
/// white space one space.
fn normalise(text: &str) -> String {
    let text = without_noise(text);
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

/// Where a message starts, for a paste holding several.
const MESSAGE_STARTS: [&str; 8] = [
    "Access to ",
    "Cross-Origin Request Blocked",
    "Cross-Origin Request Warning",
    "XMLHttpRequest cannot load ",
    "Fetch API cannot load ",
    "Failed to load http",
    "Redirect from '",
    "Local Network Access ",
];

/// Reads every message of a paste (one per CORS message it holds, in
/// order); a paste with none is read as one text.
pub fn parse_all(text: &str) -> Vec<Result<ConsoleMessage, NotRecognised>> {
    let mut starts: Vec<usize> = MESSAGE_STARTS
        .iter()
        .flat_map(|m| text.match_indices(m).map(|(i, _)| i))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    // Safari prints the reason before its "cannot load" line: they are one message.
    starts.retain(|&i| !text[i..].starts_with("Fetch API cannot load ") || !text[..i].contains("[Error]"));
    if starts.len() < 2 {
        return vec![parse(text)];
    }
    let mut pieces: Vec<&str> = vec![];
    for (k, &i) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let from = if k == 0 { 0 } else { i };
        pieces.push(&text[from..end]);
    }
    pieces.into_iter().map(parse).collect()
}

/// Reads one pasted console message (it may carry a file:line prefix, a
/// second line, or Chromium's network line).
pub fn parse(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let text = normalise(text);
    if text.is_empty() {
        return Err(not_recognised("the text is empty"));
    }
    if text.contains(CHROMIUM_ENVELOPE.trim_end_matches(": ")) {
        return parse_chromium(&text);
    }
    if let Some(m) = parse_chromium_old(&text) {
        return Ok(m);
    }
    if text.contains("The Same Origin Policy") && text.contains(FIREFOX_REASON) {
        return parse_firefox(&text);
    }
    if let Some(m) = parse_firefox_without_reason(&text).or_else(|| parse_firefox_translated(&text)) {
        return Ok(m);
    }
    if text.contains(FIREFOX_LOCAL_NETWORK) {
        return parse_firefox_local_network(&text);
    }
    if let Some(m) = parse_safari(&text) {
        return m;
    }
    // A reason alone, without its envelope (or with the envelope cut off).
    if let Some(m) = reason_alone(&text) {
        return Ok(m);
    }
    if text.contains("Failed to fetch")
        || text.contains("NetworkError when attempting to fetch resource")
        || text.contains("Load failed")
    {
        return Err(not_recognised(SCRIPT_ERROR_HINT));
    }
    Err(not_recognised(
        "this is not one of the CORS messages Chromium, Firefox or Safari print",
    ))
}

const SCRIPT_ERROR_HINT: &str = concat!(
    "this is what script sees of any failed fetch (a TypeError); the reason is only in the browser's console:",
    " paste the line that starts with \"Access to fetch at\" (Chromium), \"Cross-Origin Request Blocked\" (Firefox)",
    " or the Safari line above \"cannot load\""
);

/// The first of `browser`'s rows that `text` says, with its values.
fn read_reason(browser: MessageBrowser, text: &str, anchored: bool) -> Option<(&'static Template, Captured)> {
    read(browser).find_map(|t| capture(t, text, anchored).map(|values| (t, Captured(values))))
}

/// The values read out of a message.
struct Captured(Vec<(&'static str, String)>);

impl Captured {
    fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    }

    fn required(&self, name: &str) -> String {
        self.get(name).unwrap_or_default()
    }
}

/// The reason a row means, with the values the message printed.
fn reason(kind: Kind, c: &Captured) -> Reason {
    match kind {
        Kind::DisallowedByMode => Reason::DisallowedByMode,
        Kind::InvalidResponse => Reason::InvalidResponse,
        Kind::WildcardOriginWithCredentials => Reason::WildcardOriginWithCredentials,
        Kind::MissingAllowOrigin => Reason::MissingAllowOrigin,
        Kind::MultipleAllowOrigin => Reason::MultipleAllowOrigin { value: c.get("value") },
        Kind::InvalidAllowOrigin => Reason::InvalidAllowOrigin {
            value: c.required("value"),
        },
        Kind::AllowOriginMismatch => Reason::AllowOriginMismatch {
            value: c.required("value"),
        },
        Kind::OriginNotAllowed => Reason::OriginNotAllowed,
        Kind::InvalidAllowCredentials => Reason::InvalidAllowCredentials {
            value: c.get("value").filter(|v| !v.is_empty()),
        },
        Kind::CorsDisabledScheme => Reason::CorsDisabledScheme,
        Kind::PreflightInvalidStatus => Reason::PreflightInvalidStatus,
        Kind::PreflightRedirect => Reason::PreflightRedirect,
        Kind::InvalidAllowMethods => Reason::InvalidAllowMethods { token: c.get("token") },
        Kind::InvalidAllowHeaders => Reason::InvalidAllowHeaders { token: c.get("token") },
        Kind::MethodNotAllowed => Reason::MethodNotAllowed {
            method: c.get("method"),
        },
        Kind::HeaderNotAllowed => Reason::HeaderNotAllowed {
            name: c.required("name"),
        },
        Kind::AuthorizationNotCoveredByWildcard => Reason::AuthorizationNotCoveredByWildcard,
        Kind::RedirectContainsCredentials => Reason::RedirectContainsCredentials {
            location: c.required("location"),
        },
        Kind::RedirectNotCorsScheme => Reason::RedirectNotCorsScheme,
        Kind::CorsDisabled => Reason::CorsDisabled,
        Kind::DidNotSucceed => Reason::DidNotSucceed,
        Kind::OriginHeaderNotAdded => Reason::OriginHeaderNotAdded,
        Kind::LocalNetworkDenied | Kind::LocalNetworkInsecure => Reason::LocalNetworkAccess {
            space: c.get("space").or_else(|| {
                // Firefox names the address, not the space.
                let address = c.get("address")?;
                let url = crate::origin::web_url::WebUrl::parse(&format!("http://{address}/")).ok()?;
                Some(crate::fetch::local_network::space_of_host(url.host(), &[]).to_string())
            }),
            insecure_page: kind == Kind::LocalNetworkInsecure || c.get("secure").as_deref() == Some("false"),
        },
    }
}

/// The first 160 characters of an unknown reason, for the message.
fn excerpt(rest: &str) -> String {
    rest.chars().take(160).collect()
}

/// A URL or origin as printed, or `None` where it was elided (`*`, `XXXXX`,
/// `http://...`, `[redacted]`, empty).
fn usable(text: Option<&str>) -> Option<String> {
    let t = text?.trim();
    let elided =
        t.is_empty() || t == "*" || t.contains("...") || t.contains('…') || t.contains("XXX") || t.contains('[');
    (!elided).then(|| t.to_string())
}

fn parse_chromium(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    if let Some((from, to)) = redirect_envelope(text) {
        let rest = after(text, CHROMIUM_ENVELOPE).unwrap_or_default();
        let mut m = chromium_reason(rest, text)?;
        m.url = usable(Some(&to));
        m.initial_url = usable(Some(&from));
        m.page_origin = usable(between(text, CHROMIUM_OLD_ORIGIN.0, CHROMIUM_OLD_ORIGIN.1));
        return Ok(m);
    }
    let envelope = after(text, "Access to ").unwrap_or(text);
    let resource = envelope.split(" at '").next().unwrap_or_default().trim().to_string();
    let url = usable(between(envelope, " at '", "'"));
    let initial_url = usable(between(envelope, "(redirected from '", "')"));
    let page_origin = usable(between(envelope, "from origin '", "'"));
    let rest = after(envelope, CHROMIUM_ENVELOPE).unwrap_or_default();
    let (preflight_prefix, rest) = match rest.strip_prefix(CHROMIUM_PREFLIGHT_PREFIX) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (reason, stage) = if let Some((t, values)) = read_reason(MessageBrowser::Chromium, rest, true) {
        (reason(t.kind, &values), t.stage)
    } else if let Some(detail) = private_network(rest) {
        (Reason::PrivateNetwork { detail }, Stage::Preflight)
    } else {
        return Err(not_recognised(format!(
            "Chromium's CORS message, but its reason is not one corscope knows: '{}'",
            excerpt(rest)
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

/// "Redirect from 'X' to 'Y' has been blocked by CORS policy: …".
fn redirect_envelope(text: &str) -> Option<(String, String)> {
    let from = between(text, CHROMIUM_REDIRECT_ENVELOPE.0, CHROMIUM_REDIRECT_ENVELOPE.1)?;
    let to = between(text, &format!("{from}{}", CHROMIUM_REDIRECT_ENVELOPE.1), "'")?;
    Some((from.to_string(), to.to_string()))
}

/// A Chromium reason (after the envelope), as a message with no URL yet.
fn chromium_reason(rest: &str, text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let (preflight_prefix, rest) = match rest.strip_prefix(CHROMIUM_PREFLIGHT_PREFIX) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (t, values) = read_reason(MessageBrowser::Chromium, rest, true)
        .or_else(|| read_reason(MessageBrowser::Chromium, rest, false))
        .ok_or_else(|| {
            not_recognised(format!(
                "Chromium's CORS message, but its reason is not one corscope knows: '{}'",
                excerpt(rest)
            ))
        })?;
    let preflight = preflight_prefix || t.stage == Stage::Preflight || t.prefix == Prefix::Always;
    Ok(ConsoleMessage {
        browser: MessageBrowser::Chromium,
        resource: None,
        url: None,
        initial_url: None,
        page_origin: None,
        stage: if preflight_prefix { Stage::Preflight } else { t.stage },
        preflight,
        status: values
            .get("status")
            .and_then(|s| s.parse().ok())
            .or_else(|| status_in(text)),
        reason: reason(t.kind, &values),
    })
}

/// Chromium before 2019: "XMLHttpRequest cannot load URL. reason Origin 'X'
/// is therefore not allowed access. The response had HTTP status code N."
fn parse_chromium_old(text: &str) -> Option<ConsoleMessage> {
    let (envelope, url, rest) = CHROMIUM_OLD_ENVELOPES.iter().find_map(|(start, end)| {
        let body = after(text, start)?;
        let cut = body.find(end)?;
        Some((*start, &body[..cut], &body[cut + end.len()..]))
    })?;
    let mut m = chromium_reason(rest, text).ok()?;
    m.url = usable(Some(url));
    m.resource = Some(
        if envelope.starts_with("XMLHttpRequest") {
            "XMLHttpRequest"
        } else {
            "fetch"
        }
        .into(),
    );
    m.page_origin = usable(between(rest, CHROMIUM_OLD_ORIGIN.0, CHROMIUM_OLD_ORIGIN.1));
    m.status = m.status.or_else(|| {
        let n: String = after(rest, CHROMIUM_OLD_STATUS)?
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        n.parse().ok()
    });
    Some(m)
}

/// A Chromium reason pasted without the line it belongs to.
fn reason_alone(text: &str) -> Option<ConsoleMessage> {
    let rest = text.trim().trim_start_matches("CORS policy:").trim_start();
    let m = chromium_reason(rest, text).ok()?;
    Some(m)
}

/// Private Network Access (and CORS-RFC1918) reasons, as a short detail.
fn private_network(rest: &str) -> Option<String> {
    CHROMIUM_PRIVATE_NETWORK
        .iter()
        .map(|(start, detail)| (straighten(start), detail))
        .find(|(start, _)| {
            rest.starts_with(start.as_str()) || (start.starts_with('\'') && rest.contains(start.as_str()))
        })
        .map(|(_, d)| d.to_string())
}

fn parse_firefox(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let warning = text.contains(FIREFOX_WARNING);
    let lead = if warning { FIREFOX_WARNING_LEAD } else { FIREFOX_LEAD };
    let body = after(text, lead).ok_or_else(|| not_recognised("Firefox's message, but its URL is cut off"))?;
    let (url, rest) = if warning {
        let url = body.split(" soon.").next().unwrap_or_default();
        (url, after(body, FIREFOX_REASON).unwrap_or_default())
    } else {
        let end = format!(". {FIREFOX_REASON}");
        let i = body
            .find(&end)
            .ok_or_else(|| not_recognised("Firefox's message, but its reason is cut off"))?;
        (&body[..i], &body[i + end.len()..])
    };
    let url = url.trim().trim_matches('\'').to_string();
    let Some((t, values)) = read_reason(MessageBrowser::Firefox, rest, true) else {
        return Err(not_recognised(format!(
            "Firefox's CORS message, but its reason is not one corscope knows: '{}'",
            excerpt(rest)
        )));
    };
    Ok(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: (!url.is_empty()).then_some(url),
        initial_url: None,
        page_origin: None,
        stage: t.stage,
        preflight: t.stage == Stage::Preflight,
        status: status_in(text),
        reason: reason(t.kind, &values),
    })
}

/// Firefox before 2016: "… disallows reading the remote resource at URL. This
/// can be fixed by moving the resource to the same domain or enabling CORS."
/// It names no reason: the missing Allow-Origin it almost always was.
fn parse_firefox_without_reason(text: &str) -> Option<ConsoleMessage> {
    let url = between(text, FIREFOX_LEAD, FIREFOX_OLD_ADVICE)?;
    Some(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: usable(Some(url.trim_end_matches('.'))),
        initial_url: None,
        page_origin: None,
        stage: Stage::Response,
        preflight: false,
        status: status_in(text),
        reason: Reason::MissingAllowOrigin,
    })
}

/// Firefox in another language (German, Chinese, Italian, …): the words are
/// translated, but the URL, the `(Reason: …)` parentheses, the header names
/// and the quoted values are not, and they tell what happened.
fn parse_firefox_translated(text: &str) -> Option<ConsoleMessage> {
    let url = text
        .split([' ', '“', '”', '"', '\'', '«', '»'])
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))?
        .trim_end_matches(['.', ',', ')', '。']);
    let open = text.find(url)? + url.len();
    let reason = &text[open..];
    let start = reason.find(['(', '（'])?;
    let reason = &reason[start..];
    if !reason.contains("Access-Control-") && !reason.contains("CORS") {
        return None;
    }
    // Double quotes (Italian, French) count as quotes too.
    let single = reason.replace('"', "'");
    let quoted = quoted_words(&single);
    let value_after = |header: &str| {
        quoted
            .iter()
            .skip_while(|q| **q != header)
            .nth(1)
            .map(|v| v.to_string())
    };
    let (kind, stage) = if reason.contains("Access-Control-Allow-Headers") {
        let name = quoted
            .iter()
            .find(|q| !q.starts_with("Access-Control-"))
            .map(|v| v.to_string());
        match name {
            Some(name) => (Reason::HeaderNotAllowed { name }, Stage::Preflight),
            None => (Reason::InvalidAllowHeaders { token: None }, Stage::Preflight),
        }
    } else if reason.contains("Access-Control-Allow-Methods") {
        (Reason::MethodNotAllowed { method: None }, Stage::Preflight)
    } else if reason.contains("Access-Control-Allow-Credentials") {
        (Reason::InvalidAllowCredentials { value: None }, Stage::Response)
    } else if reason.contains("Access-Control-Allow-Origin") {
        match value_after("Access-Control-Allow-Origin") {
            Some(v) if v == "*" => (Reason::WildcardOriginWithCredentials, Stage::Response),
            Some(v) => (Reason::AllowOriginMismatch { value: v }, Stage::Response),
            None => (Reason::MissingAllowOrigin, Stage::Response),
        }
    } else {
        return None;
    };
    let status: Option<u16> = reason
        .rsplit(|c: char| !c.is_ascii_digit())
        .find(|n| n.len() == 3)
        .and_then(|n| n.parse().ok())
        .filter(|s| (100..=599).contains(s));
    Some(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: usable(Some(url)),
        initial_url: None,
        page_origin: None,
        preflight: stage == Stage::Preflight,
        stage,
        status,
        reason: kind,
    })
}

/// The 'quoted' words of a text (no white space inside), skipping lone
/// apostrophes ("l'header 'X'" gives X).
fn quoted_words(text: &str) -> Vec<&str> {
    let marks: Vec<usize> = text.match_indices('\'').map(|(i, _)| i).collect();
    let mut out = vec![];
    let mut i = 0;
    while i + 1 < marks.len() {
        let inside = &text[marks[i] + 1..marks[i + 1]];
        if !inside.is_empty() && !inside.contains(char::is_whitespace) {
            out.push(inside);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Firefox's Local Network Access lines ("Local Network Access permission required: …").
fn parse_firefox_local_network(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let found = read(MessageBrowser::Firefox)
        .filter(|t| t.kind == Kind::LocalNetworkDenied)
        .find_map(|t| capture(t, text, false).map(Captured));
    let Some(values) = found else {
        return Err(not_recognised("Firefox's Local Network Access line, but cut off"));
    };
    let url = match (values.get("via"), values.get("target"), values.get("port")) {
        (Some(via), Some(target), Some(port)) => Some(format!("{via}://{target}:{port}/")),
        _ => None,
    };
    Ok(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url,
        initial_url: None,
        page_origin: values.get("page"),
        stage: Stage::Request,
        preflight: false,
        status: None,
        reason: reason(Kind::LocalNetworkDenied, &values),
    })
}

/// Safari's messages, or `None` when the text has none of them.
fn parse_safari(text: &str) -> Option<Result<ConsoleMessage, NotRecognised>> {
    let url = between(text, SAFARI_FETCH, SAFARI_CHECKS)
        .or_else(|| between(text, SAFARI_XHR, SAFARI_CHECKS))
        .or_else(|| between(text, SAFARI_REDIRECTION.0, SAFARI_REDIRECTION.1))
        .map(str::to_string);
    let resource = if text.contains(SAFARI_XHR.trim_end()) {
        Some("XMLHttpRequest".to_string())
    } else if url.is_some() {
        Some("fetch".to_string())
    } else {
        None
    };
    let Some((t, values)) = read_reason(MessageBrowser::Safari, text, false) else {
        // The generic line alone: read, and reproduced with the likeliest cause
        // (reproduce.rs says so and lists the others).
        return url.is_some().then(|| {
            Ok(ConsoleMessage {
                browser: MessageBrowser::Safari,
                resource,
                url,
                initial_url: None,
                page_origin: None,
                stage: Stage::Response,
                preflight: false,
                status: status_in(text),
                reason: Reason::AccessControlChecks,
            })
        });
    };
    Some(Ok(ConsoleMessage {
        browser: MessageBrowser::Safari,
        resource,
        url,
        initial_url: None,
        page_origin: values.get("origin"),
        stage: t.stage,
        preflight: t.stage == Stage::Preflight,
        status: status_in(text),
        reason: reason(t.kind, &values),
    }))
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
