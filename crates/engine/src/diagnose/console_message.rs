//! Reading a pasted console error: every CORS message variant of Chromium,
//! Firefox and Safari (`shared/browser-console-messages.md`), turned into what
//! it says (URL, page origin, kind, reason) and into a scenario that
//! reproduces it. Text that is not one of those messages is "not recognised",
//! never a guess.

use crate::decision::Stage;
pub use crate::explain::console_templates::MessageBrowser;
use crate::explain::console_templates::FIREFOX_LOCAL_NETWORK;
use crate::explain::console_templates::{
    capture, read, straighten, Kind, Prefix, Template, CHROMIUM_ENVELOPE, CHROMIUM_OLD_ENVELOPES, CHROMIUM_OLD_LOADING,
    CHROMIUM_OLD_ORIGIN, CHROMIUM_OLD_STATUS, CHROMIUM_PREFLIGHT_PREFIX, CHROMIUM_PRIVATE_NETWORK,
    CHROMIUM_REDIRECT_ENVELOPE, FIREFOX_LEAD, FIREFOX_LOCALIZED_DISABLED, FIREFOX_LOCALIZED_INVALID,
    FIREFOX_LOCALIZED_LEADS, FIREFOX_LOCALIZED_MULTIPLE, FIREFOX_LOCALIZED_NOT_HTTP, FIREFOX_LOCALIZED_ORIGIN_HEADER,
    FIREFOX_LOCALIZED_PREFLIGHT, FIREFOX_LOCALIZED_REDIRECT, FIREFOX_OLD_ADVICE, FIREFOX_REASON, FIREFOX_WARNING,
    FIREFOX_WARNING_LEAD, SAFARI_CHECKS, SAFARI_FETCH, SAFARI_REDIRECTION, SAFARI_XHR,
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
    /// Safari: "Cannot make any requests from null." — the page's origin is
    /// opaque (a page opened from a file, a sandboxed frame, a data: URL).
    OpaqueOrigin,
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
            Reason::OpaqueOrigin => {
                "the page's origin is 'null' (opened from a file, a sandboxed frame or a data: URL), and Safari refuses its cross-origin requests".into()
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
    /// The URL that failed, as pasted (even where it looks redacted:
    /// [`ConsoleMessage::known_url`] is the one to use).
    pub url: Option<String>,
    /// The first URL, when the message says the request was redirected.
    pub initial_url: Option<String>,
    /// The page origin, when the message names it (Chromium, Safari), as
    /// pasted ([`ConsoleMessage::known_page_origin`] is the one to use).
    pub page_origin: Option<String>,
    /// Where it failed, as far as the message tells.
    pub stage: Stage,
    /// Whether the message says the preflight failed.
    pub preflight: bool,
    pub status: Option<u16>,
    pub reason: Reason,
    /// What was pasted but looks redacted (`URL 'XXXXX'`, `page origin '*'`):
    /// kept as pasted, used as unknown, and said so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redacted: Vec<String>,
}

impl ConsoleMessage {
    /// The URL, unless it looks redacted.
    pub fn known_url(&self) -> Option<&str> {
        self.url.as_deref().filter(|u| !looks_redacted(u))
    }

    /// The page origin, unless it looks redacted.
    pub fn known_page_origin(&self) -> Option<&str> {
        self.page_origin.as_deref().filter(|o| !looks_redacted(o))
    }
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
            // A reply's quoting ("> ", ">> ").
            let line = line.trim().trim_start_matches(|c: char| c == '>' || c.is_whitespace());
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

/// The console's source links ("main.js:42", "VM123:1", "(index):1") that a
/// copy glues into the middle of a message, taken out (never inside a URL).
fn without_source_links(text: &str) -> String {
    const EXTENSIONS: [&str; 10] = ["js", "mjs", "cjs", "ts", "jsx", "tsx", "vue", "html", "htm", "php"];
    let bytes = text.as_bytes();
    let name_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'(' | b')' | b'@' | b'$');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        // A link: name chars, then ':digits' (and ':digits' again), at a word start.
        let at_word_start = i == 0 || !name_char(bytes[i - 1]) && bytes[i - 1] != b'/' && bytes[i - 1] != b':';
        let at_glue = i > 0 && bytes[i - 1] == b':' && (i < 2 || bytes[i - 2] != b'/');
        if (at_word_start || at_glue) && name_char(bytes[i]) {
            let mut j = i;
            while j < text.len() && name_char(bytes[j]) {
                j += 1;
            }
            let name = &text[i..j];
            let digits = |from: usize| {
                let mut k = from;
                while k < text.len() && bytes[k].is_ascii_digit() {
                    k += 1;
                }
                k
            };
            if j < text.len() && bytes[j] == b':' && !text[j..].starts_with("://") {
                let end = digits(j + 1);
                let is_link = end > j + 1
                    && (name == "(index)"
                        || name
                            .strip_prefix("VM")
                            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                        || name.rsplit_once('.').is_some_and(|(_, ext)| EXTENSIONS.contains(&ext)));
                let word_after = end == text.len() || !bytes[end].is_ascii_alphanumeric();
                if is_link && word_after {
                    let end = if end < text.len() && bytes[end] == b':' {
                        digits(end + 1)
                    } else {
                        end
                    };
                    // "resource.app.js:17": the sentence's own last word stays.
                    if let Some((word, _)) = name.split_once('.') {
                        if name.matches('.').count() >= 2
                            && word.bytes().all(|b| b.is_ascii_lowercase())
                            && word.len() > 4
                        {
                            out.push_str(word);
                            out.push('.');
                        }
                    }
                    out.push(' ');
                    i = end;
                    continue;
                }
            }
            out.push_str(name);
            i = j;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Markdown's backticks where the console prints quotes.
fn without_backticks(text: &str) -> String {
    let text = text.trim().trim_start_matches('`').trim_end_matches('`');
    text.replace("'`", "'")
        .replace("`'", "'")
        .replace(" at `", " at '")
        .replace("origin `", "origin '")
        .replace("` from origin", "' from origin")
        .replace("` has been blocked", "' has been blocked")
        .replace("load `", "load ")
        .replace("` due to", " due to")
        .replace("`. (Reason", ". (Reason")
}

/// Curly quotes become straight ones (copying often changes them), and runs of
/// white space one space.
fn normalise(text: &str) -> String {
    let text = without_backticks(&without_source_links(&without_noise(text)));
    let straight: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut text = straight
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // A paste without its last period reads as one with it.
    if text.ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == '\'' || c == '"') {
        text.push('.');
    }
    text
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
/// second line, or Chromium's network line). A paste hard-wrapped inside its
/// words (an e-mail reply, a narrow terminal) is read with its lines glued
/// back too, and that reading is kept when it reads more.
pub fn parse(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    let first = parse_one(text);
    if !text.trim().contains('\n') {
        return first;
    }
    let glued = glue_wrapped_lines(text);
    let score = |r: &Result<ConsoleMessage, NotRecognised>| match r {
        Ok(m) => 3 + usize::from(m.url.is_some()) + usize::from(m.page_origin.is_some()),
        Err(_) => 0,
    };
    match parse_one(&glued) {
        second if score(&second) > score(&first) => second,
        _ => first,
    }
}

/// The lines of a paste glued where a wrap cut a word ("o" + "rigin"): a
/// line that ends in a letter, digit or mark and one that starts with one
/// (after a reply's "> ") are joined without a space.
fn glue_wrapped_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        let line = line
            .strip_prefix('>')
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .unwrap_or(line);
        let cut =
            i > 0 && out.ends_with(|c: char| !c.is_whitespace()) && line.starts_with(|c: char| !c.is_whitespace());
        if i > 0 && !cut {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn parse_one(text: &str) -> Result<ConsoleMessage, NotRecognised> {
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
    if text.contains(FIREFOX_REASON) {
        return parse_firefox(&text);
    }
    if let Some(m) = parse_firefox_without_reason(&text) {
        return Ok(m);
    }
    if text.contains(FIREFOX_LOCAL_NETWORK) {
        return parse_firefox_local_network(&text);
    }
    if let Some(m) = parse_safari(&text) {
        return m;
    }
    if let Some(m) = parse_firefox_same_origin(&text) {
        return Ok(m);
    }
    // WebKit's "Fetch API cannot load URL." with no reason (what WebKitGTK
    // 2.50 prints for a same-origin-mode request to another origin, checked in
    // tests/e2e_console_text.rs): nothing tells why, so nothing is guessed.
    if let Some(url) = between(&text, SAFARI_FETCH, ".").filter(|u| !u.contains(' ')) {
        return Err(not_recognised(format!(
            "Safari's \"Fetch API cannot load {url}\" names no reason (it prints this for a request with mode \
             'same-origin' to another origin, among others): paste the line above it, if there is one"
        )));
    }
    if let Some(m) = parse_firefox_translated(&text) {
        return Ok(m);
    }
    // A reason alone, without its envelope (or with the envelope cut off).
    if let Some(m) = reason_alone(&text) {
        return Ok(m);
    }
    if let Some(m) = firefox_reason_alone(&text) {
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

    /// A header's value that ends a line (Safari's "… has an invalid value:
    /// V"): up to the next line's words, or Safari's "(name, line N)".
    fn token(&self) -> Option<String> {
        let v = self.get("token")?;
        let end = [" (", " Fetch API ", " XMLHttpRequest "]
            .iter()
            .filter_map(|m| v.find(m))
            .min()
            .unwrap_or(v.len());
        Some(v[..end].trim().to_string())
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
        Kind::InvalidAllowMethods => Reason::InvalidAllowMethods { token: c.token() },
        Kind::InvalidAllowHeaders => Reason::InvalidAllowHeaders { token: c.token() },
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
        Kind::OpaqueOrigin => Reason::OpaqueOrigin,
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

/// Whether a pasted URL or origin looks elided or redacted (`*`, `XXXXX`,
/// `http://...`, `[URL]`, `<your-api>`, empty). An IPv6 host's brackets
/// (`http://[::1]:8080`) are not a mark.
pub(crate) fn looks_redacted(t: &str) -> bool {
    let t = &without_ipv6_host(t);
    let lower = t.to_ascii_lowercase();
    t.is_empty()
        || t == "*"
        || t.contains("**")
        || t.contains("...")
        || t.contains('…')
        || lower.contains("xxx")
        || bracketed_mark(t)
        || t.contains('<')
        || lower.contains("redacted")
        || STAND_INS.iter().any(|w| lower.contains(w))
}

/// Names people write in place of their own hosts.
const STAND_INS: [&str; 8] = [
    "my-api.",
    "your-api",
    "your-domain",
    "yourdomain",
    "my-domain",
    "my-site.",
    "your-site",
    "your-server",
];

/// A `[…]` that stands for a value: the whole of it, in the host, or a
/// whole path segment (`[URL]`, `https://[host]/x`, `/users/[id]`) — not a
/// query's `filter[size]=20`.
fn bracketed_mark(t: &str) -> bool {
    if t.starts_with('[') {
        return true;
    }
    let rest = t.split_once("://").map_or(t, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.split(['?', '#']).next().unwrap_or_default();
    host.contains('[') || path.split('/').any(|seg| seg.starts_with('[') && seg.ends_with(']'))
}

/// `t` with the brackets of an IPv6 host (`scheme://[hex:…]`) taken out.
fn without_ipv6_host(t: &str) -> String {
    let Some(open) = t.find("://[").map(|i| i + 3) else {
        return t.to_string();
    };
    match t[open..].find(']') {
        Some(len)
            if len > 1
                && t[open + 1..open + len]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '%')) =>
        {
            format!("{}{}{}", &t[..open], &t[open + 1..open + len], &t[open + len + 1..])
        }
        _ => t.to_string(),
    }
}

/// A URL or origin as printed (white space that a line break put inside it
/// taken out, quotes and backticks around it dropped), or `None` where it was
/// not pasted (or blank). One that looks redacted is kept as pasted and
/// noted in `redacted` as `what 'value'`.
fn take(redacted: &mut Vec<String>, raw: Option<&str>, what: &str) -> Option<String> {
    let raw = raw?;
    let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let t = joined.trim_matches(|c| matches!(c, '`' | '\'' | '"'));
    if looks_redacted(t) {
        redacted.push(format!("{what} '{}'", raw.trim()));
    }
    (!t.is_empty()).then(|| t.to_string())
}

fn parse_chromium(text: &str) -> Result<ConsoleMessage, NotRecognised> {
    if let Some((from, _to)) = redirect_envelope(text) {
        // Older Chromium: the redirect's own answer failed the check, so the
        // URL that failed is the one requested, not the redirect's target.
        let rest = after(text, CHROMIUM_ENVELOPE).unwrap_or_default();
        let mut m = chromium_reason(rest, text)?;
        m.url = take(&mut m.redacted, Some(&from), "URL");
        m.page_origin = take(
            &mut m.redacted,
            between(text, CHROMIUM_OLD_ORIGIN.0, CHROMIUM_OLD_ORIGIN.1),
            "page origin",
        );
        return Ok(m);
    }
    let has_envelope = text.contains("Access to ");
    let envelope = after(text, "Access to ").unwrap_or(text);
    let resource = envelope
        .split(" at '")
        .next()
        .map(|r| r.trim().to_string())
        .filter(|r| has_envelope && !r.is_empty() && r.len() <= 40);
    let raw_url = between(envelope, " at '", "'").or_else(|| {
        // "Failed to load U: Redirect from 'U' has been blocked …" (no target
        // named), or a paste that starts inside the URL ("…/path' from origin").
        between(text, CHROMIUM_REDIRECT_ENVELOPE.0, "'")
            .or_else(|| between(text, CHROMIUM_OLD_ENVELOPES[2].0, CHROMIUM_OLD_ENVELOPES[2].1))
            .or_else(|| {
                let (head, _) = text.split_once("' from origin '")?;
                (!has_envelope && !head.contains(' ')).then_some(head)
            })
    });
    let raw_initial = between(envelope, "(redirected from '", "')");
    let raw_origin = between(envelope, "from origin '", "'");
    let rest = after(envelope, CHROMIUM_ENVELOPE).unwrap_or_default();
    // Not recognised: say what was read all the same.
    let mut m = chromium_reason(rest, text).map_err(|e| {
        let read: Vec<String> = [("URL", raw_url), ("page origin", raw_origin)]
            .iter()
            .filter_map(|(what, v)| v.map(|v| format!("{what} '{v}'")))
            .collect();
        match read.is_empty() {
            true => e,
            false => not_recognised(format!("{} (read: {})", e.hint, read.join(", "))),
        }
    })?;
    m.resource = resource;
    m.url = take(&mut m.redacted, raw_url, "URL");
    m.initial_url = take(&mut m.redacted, raw_initial, "first URL");
    m.page_origin = take(&mut m.redacted, raw_origin, "page origin");
    Ok(m)
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
    let found = read_reason(MessageBrowser::Chromium, rest, true)
        .or_else(|| read_reason(MessageBrowser::Chromium, rest, false));
    // "… the request origin http://x:1." (the origin, unquoted, ends the sentence).
    let named_origin = found.as_ref().and_then(|(_, v)| v.get("origin")).and_then(|o| {
        let word = o.split_whitespace().next()?.trim_end_matches('.');
        Some(word.to_string())
    });
    let (reason, stage, preflight, status) = match found {
        Some((t, values)) => (
            reason(t.kind, &values),
            if preflight_prefix { Stage::Preflight } else { t.stage },
            preflight_prefix || t.stage == Stage::Preflight || t.prefix == Prefix::Always,
            values.get("status").and_then(|s| {
                s.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .ok()
            }),
        ),
        None => match private_network(rest) {
            Some(detail) => (Reason::PrivateNetwork { detail }, Stage::Preflight, true, None),
            None => {
                return Err(not_recognised(format!(
                    "Chromium's CORS message, but its reason is not one corscope knows: '{}'",
                    excerpt(rest)
                )))
            }
        },
    };
    let mut redacted = vec![];
    Ok(ConsoleMessage {
        browser: MessageBrowser::Chromium,
        resource: None,
        url: None,
        initial_url: None,
        page_origin: take(&mut redacted, named_origin.as_deref(), "page origin"),
        stage,
        preflight,
        status: status.or_else(|| status_in(text)),
        reason,
        redacted,
    })
}

/// Chromium before 2019: "XMLHttpRequest cannot load URL. reason Origin 'X'
/// is therefore not allowed access. The response had HTTP status code N.";
/// before 2017 for fonts, images and scripts: "Font from origin 'U' has been
/// blocked from loading by Cross-Origin Resource Sharing policy: reason".
fn parse_chromium_old(text: &str) -> Option<ConsoleMessage> {
    let (resource, url, rest) = if let Some(rest) = after(text, CHROMIUM_OLD_LOADING.1) {
        let head = text.split(CHROMIUM_OLD_LOADING.1).next().unwrap_or_default();
        let (what, url) = head.rsplit_once(CHROMIUM_OLD_LOADING.0)?;
        let what = what.rsplit(' ').next().unwrap_or_default().to_ascii_lowercase();
        (what, url, rest)
    } else {
        let (envelope, url, rest) = CHROMIUM_OLD_ENVELOPES.iter().find_map(|(start, end)| {
            let body = after(text, start)?;
            let cut = body.find(end)?;
            Some((*start, &body[..cut], &body[cut + end.len()..]))
        })?;
        let what = if envelope.starts_with("XMLHttpRequest") {
            "XMLHttpRequest"
        } else {
            "fetch"
        };
        (what.to_string(), url, rest)
    };
    let mut m = chromium_reason(rest, text).ok()?;
    m.url = take(&mut m.redacted, Some(url), "URL");
    m.resource = Some(resource);
    if let Some(o) = take(
        &mut m.redacted,
        between(rest, CHROMIUM_OLD_ORIGIN.0, CHROMIUM_OLD_ORIGIN.1),
        "page origin",
    ) {
        m.page_origin = Some(o);
    }
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

/// Firefox's reason pasted without its line ("Reason: CORS request did not succeed").
fn firefox_reason_alone(text: &str) -> Option<ConsoleMessage> {
    let rest = text.trim().trim_start_matches('(');
    let rest = rest
        .strip_prefix(FIREFOX_REASON.trim_start_matches('(').trim_end())?
        .trim();
    let rest = format!("{})", rest.trim_end_matches('.').trim_end_matches(')'));
    let (t, values) = read_reason(MessageBrowser::Firefox, &rest, true)?;
    Some(firefox_message(t, &values, text, None, vec![]))
}

/// A message of Firefox's row `t` (Firefox names no page origin).
fn firefox_message(
    t: &Template,
    values: &Captured,
    text: &str,
    url: Option<String>,
    redacted: Vec<String>,
) -> ConsoleMessage {
    ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url,
        initial_url: None,
        page_origin: None,
        stage: t.stage,
        preflight: t.stage == Stage::Preflight,
        status: status_in(text),
        reason: reason(t.kind, values),
        redacted,
    }
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
    let warning = text.contains(FIREFOX_WARNING) || text.contains("will disallow reading");
    let raw_url = if warning {
        between(text, FIREFOX_WARNING_LEAD, " soon").or_else(|| between(text, "the remote resource at ", " soon"))
    } else {
        after(text, "the remote resource at ")
            .and_then(|body| body.find(FIREFOX_REASON).map(|i| &body[..i]))
            // A paste that starts inside the URL: what is left of it.
            .or_else(|| {
                let head = text[..text.find(FIREFOX_REASON)?].trim();
                (!head.is_empty() && !head.contains(char::is_whitespace)).then_some(head)
            })
    };
    // Some English locales (en-CA) quote with straight double quotes.
    let rest = after(text, FIREFOX_REASON).unwrap_or_default().replace('"', "'");
    let Some((t, values)) = read_reason(MessageBrowser::Firefox, &rest, true) else {
        let read = raw_url
            .map(|u| format!(" (read: URL '{}')", u.trim()))
            .unwrap_or_default();
        return Err(not_recognised(format!(
            "Firefox's CORS message, but its reason is not one corscope knows: '{}'{read}",
            excerpt(&rest)
        )));
    };
    let mut redacted = vec![];
    let url = take(
        &mut redacted,
        raw_url.map(|u| u.trim().trim_end_matches('.').trim_end()),
        "URL",
    );
    Ok(firefox_message(t, &values, text, url, redacted))
}

/// Firefox before 2016: "… disallows reading the remote resource at URL. This
/// can be fixed by moving the resource to the same domain or enabling CORS."
/// It names no reason: the missing Allow-Origin it almost always was.
fn parse_firefox_without_reason(text: &str) -> Option<ConsoleMessage> {
    let url = between(text, FIREFOX_LEAD, FIREFOX_OLD_ADVICE)?;
    let mut redacted = vec![];
    Some(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: take(&mut redacted, Some(url.trim_end_matches('.')), "URL"),
        initial_url: None,
        page_origin: None,
        stage: Stage::Response,
        preflight: false,
        status: status_in(text),
        reason: Reason::MissingAllowOrigin,
        redacted,
    })
}

/// Firefox in another language (German, Italian, French, Spanish, Chinese,
/// Japanese, …): the words are translated, but the URL, the header names and
/// the quoted values are not, and they tell what happened; where no header
/// is named, the translated words of each locale do
/// ([`crate::explain::console_templates::FIREFOX_LOCALIZED_LEADS`] and after).
fn parse_firefox_translated(text: &str) -> Option<ConsoleMessage> {
    let start = ["https://", "http://", "file://"]
        .iter()
        .filter_map(|s| text.find(s))
        .min()?;
    let lead = &text[..start];
    // A locale whose words corscope has, or any other: a sentence before the
    // URL and a parenthesis after it that names CORS (checked below).
    let known = FIREFOX_LOCALIZED_LEADS.iter().any(|w| lead.contains(w));
    if !known && lead.chars().filter(|c| !c.is_whitespace()).count() < 10 {
        return None;
    }
    let is_quote = |c: char| {
        matches!(
            c,
            '\'' | '"' | '«' | '»' | '„' | '‚' | '‘' | '’' | '“' | '”' | '「' | '」' | '`'
        )
    };
    // Firefox prints URLs serialised (ASCII): a letter of the sentence glued
    // to it ("…/config.json에") ends it.
    let len = text[start..]
        .find(|c: char| c.is_whitespace() || is_quote(c) || !c.is_ascii() || c == ',')
        .unwrap_or(text.len() - start);
    let url = text[start..start + len].trim_end_matches(['.', ',', ')']);
    let zone: String = text[start + len..]
        .chars()
        .map(|c| if is_quote(c) { '\'' } else { c })
        .collect();
    let about_cors = zone.contains("CORS") || zone.contains("Access-Control-");
    if !(known || about_cors && zone.contains(['(', '（'])) {
        return None;
    }
    let quoted = quoted_words(&zone);
    let value = quoted
        .iter()
        .find(|q| !q.starts_with("Access-Control-"))
        .map(|v| v.to_string());
    let any = |words: &[&str]| words.iter().any(|w| zone.contains(w));
    let has = |h: &str| zone.contains(h);
    let (kind, stage) = if has("Access-Control-Allow-Headers") && has("Authorization") && quoted.contains(&"*") {
        (Reason::AuthorizationNotCoveredByWildcard, Stage::Preflight)
    } else if has("Access-Control-Allow-Headers") {
        match value {
            Some(_) if any(FIREFOX_LOCALIZED_INVALID) && !any(FIREFOX_LOCALIZED_PREFLIGHT) => {
                (Reason::InvalidAllowHeaders { token: value }, Stage::Preflight)
            }
            Some(name) => (Reason::HeaderNotAllowed { name }, Stage::Preflight),
            None => (Reason::InvalidAllowHeaders { token: None }, Stage::Preflight),
        }
    } else if has("Access-Control-Allow-Methods") {
        match value {
            Some(token) if any(FIREFOX_LOCALIZED_INVALID) => {
                (Reason::InvalidAllowMethods { token: Some(token) }, Stage::Preflight)
            }
            _ => (Reason::MethodNotAllowed { method: None }, Stage::Preflight),
        }
    } else if has("Access-Control-Allow-Credentials") {
        if quoted.contains(&"*") {
            // Spanish names the wrong header here; the '*' tells.
            (Reason::WildcardOriginWithCredentials, Stage::Response)
        } else {
            (Reason::InvalidAllowCredentials { value: None }, Stage::Response)
        }
    } else if has("Access-Control-Allow-Origin") {
        match value {
            _ if any(FIREFOX_LOCALIZED_MULTIPLE) => (Reason::MultipleAllowOrigin { value: None }, Stage::Response),
            Some(v) if v == "*" => (Reason::WildcardOriginWithCredentials, Stage::Response),
            Some(v) => (Reason::AllowOriginMismatch { value: v }, Stage::Response),
            None => (Reason::MissingAllowOrigin, Stage::Response),
        }
    } else if any(FIREFOX_LOCALIZED_NOT_HTTP) {
        (Reason::CorsDisabledScheme, Stage::Request)
    } else if quoted.iter().any(|q| FIREFOX_LOCALIZED_ORIGIN_HEADER.contains(q)) {
        (Reason::OriginHeaderNotAdded, Stage::Request)
    } else if any(FIREFOX_LOCALIZED_REDIRECT) {
        (Reason::PreflightRedirect, Stage::Preflight)
    } else if any(FIREFOX_LOCALIZED_PREFLIGHT) {
        (Reason::PreflightInvalidStatus, Stage::Preflight)
    } else if any(FIREFOX_LOCALIZED_DISABLED) {
        (Reason::CorsDisabled, Stage::Request)
    } else {
        (Reason::DidNotSucceed, Stage::Request)
    };
    let status: Option<u16> = zone
        .rsplit(|c: char| !c.is_ascii_digit())
        .find(|n| n.len() == 3)
        .and_then(|n| n.parse().ok())
        .filter(|s| (100..=599).contains(s));
    let mut redacted = vec![];
    Some(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: None,
        url: take(&mut redacted, Some(url), "URL"),
        initial_url: None,
        page_origin: None,
        preflight: stage == Stage::Preflight,
        stage,
        status,
        reason: kind,
        redacted,
    })
}

/// The 'quoted' words of a text (no white space inside, or French-style
/// spaces just inside both quotes), skipping lone apostrophes ("l'header 'X'"
/// gives X).
fn quoted_words(text: &str) -> Vec<&str> {
    let marks: Vec<usize> = text.match_indices('\'').map(|(i, _)| i).collect();
    let mut out = vec![];
    let mut i = 0;
    while i + 1 < marks.len() {
        let inside = &text[marks[i] + 1..marks[i + 1]];
        let spaced = inside.len() > 2 && inside.starts_with(' ') && inside.ends_with(' ');
        let word = inside.trim();
        if !word.is_empty() && !word.contains(char::is_whitespace) && (spaced || word == inside) {
            out.push(word);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Firefox's "Security Error: Content at PAGE may not load data from URL."
/// (`CheckSameOriginError`), what a `fetch()` with mode `same-origin` to
/// another origin prints there (checked in tests/e2e_console_text.rs).
fn parse_firefox_same_origin(text: &str) -> Option<ConsoleMessage> {
    let page = between(text, "Content at ", " may not load data from ")?;
    let url = after(text, " may not load data from ")?
        .split(' ')
        .next()?
        .trim_end_matches('.');
    let mut redacted = vec![];
    // The page's address as printed, down to its origin.
    let origin = page
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split(['/', '?', '#']).next().unwrap_or_default()));
    Some(ConsoleMessage {
        browser: MessageBrowser::Firefox,
        resource: Some("fetch".into()),
        url: take(&mut redacted, Some(url), "URL"),
        initial_url: None,
        page_origin: take(&mut redacted, origin.as_deref(), "page origin"),
        stage: Stage::Request,
        preflight: false,
        status: None,
        reason: Reason::DisallowedByMode,
        redacted,
    })
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
        redacted: vec![],
    })
}

/// Safari's messages, or `None` when the text has none of them. The URL is
/// on its "… cannot load URL due to access control checks." line, or (older
/// Safari) "XMLHttpRequest cannot load URL. reason", or "Fetch API cannot
/// load URL" with the reason on the next line.
fn parse_safari(text: &str) -> Option<Result<ConsoleMessage, NotRecognised>> {
    let checks = text.contains(SAFARI_CHECKS.trim_start());
    // Chromium's reason, pasted alone ("… in preflight response"), not Safari's.
    if !checks && text.contains(" in preflight response") {
        return None;
    }
    let raw_url = between(text, SAFARI_FETCH, SAFARI_CHECKS)
        .or_else(|| between(text, SAFARI_XHR, SAFARI_CHECKS))
        .or_else(|| between(text, SAFARI_REDIRECTION.0, SAFARI_REDIRECTION.1))
        .or_else(|| {
            let word = after(text, " cannot load ")?.split(' ').next()?;
            Some(word.trim_end_matches('.'))
        })
        .or_else(|| {
            // Another loader's line ("Cannot load image URL due to …"): the URL just before.
            let head = &text[..text.find(SAFARI_CHECKS)?];
            head.rsplit(' ').next().filter(|w| w.contains("://"))
        });
    let resource = if text.contains(SAFARI_XHR.trim_end()) {
        Some("XMLHttpRequest".to_string())
    } else if raw_url.is_some() {
        Some("fetch".to_string())
    } else {
        None
    };
    let mut redacted = vec![];
    let Some((t, values)) = read_reason(MessageBrowser::Safari, text, false) else {
        // The generic line alone: read, and reproduced with the likeliest cause
        // (reproduce.rs says so and lists the others).
        return checks.then(|| {
            Ok(ConsoleMessage {
                browser: MessageBrowser::Safari,
                resource,
                url: take(&mut redacted, raw_url, "URL"),
                initial_url: None,
                page_origin: None,
                stage: Stage::Response,
                preflight: false,
                status: status_in(text),
                reason: Reason::AccessControlChecks,
                redacted,
            })
        });
    };
    let url = take(&mut redacted, raw_url, "URL");
    let page_origin = take(&mut redacted, values.get("origin").as_deref(), "page origin")
        // "Cannot make any requests from null.": the page's origin is 'null'.
        .or_else(|| (t.kind == Kind::OpaqueOrigin).then(|| "null".to_string()));
    Some(Ok(ConsoleMessage {
        browser: MessageBrowser::Safari,
        resource,
        url,
        initial_url: None,
        page_origin,
        stage: t.stage,
        preflight: t.stage == Stage::Preflight,
        status: status_in(text),
        reason: reason(t.kind, &values),
        redacted,
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
        assert!(
            err.hint
                .contains("read: URL 'https://api.example/', page origin 'https://app.example'"),
            "{err}"
        );
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
