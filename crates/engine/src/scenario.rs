//! The scenario format (v1, `shared/scenario-format.md`): the page, the request
//! it makes and what the server answers. Parsing names the field (and, for
//! JSON errors, the line) that is wrong.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestMode {
    #[default]
    Cors,
    NoCors,
    SameOrigin,
}

/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialsMode {
    Omit,
    #[default]
    SameOrigin,
    Include,
}

/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    #[default]
    Follow,
    Error,
    Manual,
}

/// The Fetch Standard's words for a mode: `as_str`, `Display` and `FromStr`
/// (exactly those words), with `what` naming the kind in the error.
macro_rules! words {
    ($t:ty, $what:literal { $($v:ident => $s:literal),* }) => {
        impl $t {
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                match text {
                    $($s => Ok(Self::$v),)*
                    _ => Err(format!("'{text}' is not a {} ({})", $what, [$($s),*].join(", "))),
                }
            }
        }
    };
}
pub(crate) use words;

words!(RequestMode, "request mode" { Cors => "cors", NoCors => "no-cors", SameOrigin => "same-origin" });
words!(CredentialsMode, "credentials mode" { Omit => "omit", SameOrigin => "same-origin", Include => "include" });
words!(RedirectMode, "redirect mode" { Follow => "follow", Error => "error", Manual => "manual" });

fn default_method() -> String {
    "GET".into()
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

/// "Is 100–599": the one rule for a status in a server answer, with its message
/// (the parser, [`Scenario::validate`] and the app's answer editor use it).
pub(crate) fn check_status(status: u16) -> Result<(), String> {
    if (100..=599).contains(&status) {
        Ok(())
    } else {
        Err(format!("{status} is not an HTTP status (100–599)"))
    }
}

/// A status as typed: a number that passes [`check_status`].
pub fn parse_status(text: &str) -> Result<u16, String> {
    let text = text.trim();
    let status: u16 = text
        .parse()
        .map_err(|_| format!("'{text}' is not an HTTP status (100–599)"))?;
    check_status(status)?;
    Ok(status)
}

/// The one rule for a header line in a server answer: a token name. The value
/// may hold any byte, NUL, CR and LF included: a real server can send them
/// (the lab writes them raw), and what a browser makes of them is the
/// engine's to predict ([`crate::fetch::response`]).
pub fn check_header_line(name: &str, _value: &str) -> Result<(), String> {
    if !crate::fetch::request_header::is_valid_header_name(name) {
        return Err(format!("'{name}' is not a valid header name"));
    }
    Ok(())
}

/// Checks made while parsing, so that an unusable value is reported with its
/// line and column (as [`ScenarioError::Json`]) like any other parse error.
mod checked {
    use serde::de::{Deserialize, Deserializer, Error};

    pub fn page<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let text = String::deserialize(d)?;
        crate::origin::Origin::parse(&text).map_err(D::Error::custom)?;
        Ok(text)
    }

    pub fn url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let text = String::deserialize(d)?;
        crate::origin::web_url::WebUrl::parse(&text)
            .map_err(|e| D::Error::custom(format!("'{text}' is not an absolute URL: {e}")))?;
        Ok(Some(text))
    }

    pub fn status<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
        let status = u16::deserialize(d)?;
        super::check_status(status).map_err(D::Error::custom)?;
        Ok(status)
    }

    pub fn header_lines<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        let lines = Vec::<(String, String)>::deserialize(d)?;
        for (n, v) in &lines {
            super::check_header_line(n, v).map_err(D::Error::custom)?;
        }
        Ok(lines)
    }
}

/// What `fetch()` is called with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSpec {
    pub url: String,
    #[serde(default = "default_method")]
    pub method: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub mode: RequestMode,
    #[serde(default, skip_serializing_if = "is_default")]
    pub credentials: CredentialsMode,
    #[serde(default, skip_serializing_if = "is_default")]
    pub redirect: RedirectMode,
}

impl RequestSpec {
    pub fn get(url: &str) -> RequestSpec {
        RequestSpec {
            url: url.into(),
            method: default_method(),
            headers: vec![],
            body: None,
            mode: RequestMode::default(),
            credentials: CredentialsMode::default(),
            redirect: RedirectMode::default(),
        }
    }
}

/// A status and header lines, for a preflight or a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(deserialize_with = "checked::status")]
    pub status: u16,
    #[serde(default, deserialize_with = "checked::header_lines")]
    pub headers: Vec<(String, String)>,
    /// Response body text (used by the lab; ignored by the engine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl Answer {
    pub fn new(status: u16, headers: &[(&str, &str)]) -> Answer {
        Answer {
            status,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: None,
        }
    }

    /// "a server with no CORS support: 404, no headers".
    pub(crate) fn default_preflight() -> Answer {
        Answer::new(404, &[])
    }

    pub(crate) fn default_response() -> Answer {
        Answer::new(200, &[])
    }
}

/// One URL's answers: the preflight (if one is sent) and the response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Hop {
    /// The URL this hop answers for (required in a redirect chain).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "checked::url")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Answer>,
}

impl Hop {
    /// The preflight answer, or a server's without CORS support (borrowed when given).
    pub fn preflight_or_default(&self) -> Cow<'_, Answer> {
        match &self.preflight {
            Some(a) => Cow::Borrowed(a),
            None => Cow::Owned(Answer::default_preflight()),
        }
    }

    /// The response, or a plain 200 (borrowed when given).
    pub fn response_or_default(&self) -> Cow<'_, Answer> {
        match &self.response {
            Some(a) => Cow::Borrowed(a),
            None => Cow::Owned(Answer::default_response()),
        }
    }
}

/// `server`: one hop (an object) or a redirect chain (an array).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    Single(Hop),
    Chain(Vec<Hop>),
}

impl Default for Server {
    fn default() -> Self {
        Server::Single(Hop::default())
    }
}

impl Server {
    /// The hops in visiting order (one for `Single`).
    pub fn hops(&self) -> &[Hop] {
        match self {
            Server::Single(h) => std::slice::from_ref(h),
            Server::Chain(v) => v,
        }
    }

    /// The names (lowercase) of the headers the actual answers name, in any hop.
    pub fn response_header_names(&self) -> std::collections::BTreeSet<String> {
        self.hops()
            .iter()
            .flat_map(|h| &h.response)
            .flat_map(|a| a.headers.iter().map(|(n, _)| n.to_ascii_lowercase()))
            .collect()
    }

    pub(crate) fn hops_mut(&mut self) -> &mut [Hop] {
        match self {
            Server::Single(h) => std::slice::from_mut(h),
            Server::Chain(v) => v,
        }
    }
}

impl Serialize for Server {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Server::Single(h) => h.serialize(s),
            Server::Chain(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Server {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Server;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object {preflight, response} or an array of {url, preflight, response}")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Server, A::Error> {
                Hop::deserialize(de::value::MapAccessDeserializer::new(map)).map(Server::Single)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Server, A::Error> {
                Vec::<Hop>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Server::Chain)
            }
        }
        d.deserialize_any(V)
    }
}

/// What a browser is expected to do (test data; the engine ignores it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Expect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_headers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<crate::Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposed: Option<Vec<String>>,
    /// Per hop, the names of the cookies on its request (sorted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies_sent: Option<Vec<Vec<String>>>,
    /// The cookies the answers' `Set-Cookie` lines stored (sorted); a
    /// partitioned one as `name@site`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies_stored: Option<Vec<String>>,
}

/// One cross-origin situation. <shared/scenario-format.md>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default)]
    pub name: String,
    #[serde(deserialize_with = "checked::page")]
    pub page: String,
    pub request: RequestSpec,
    #[serde(default)]
    pub server: Server,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// Where the page and the hosts are on the network, and the Local Network
    /// Access permission (absent: from the hosts' names, permission granted).
    #[serde(default, skip_serializing_if = "Network::is_default")]
    pub network: Network,
    /// The cookies the browser holds before the request, and its third-party
    /// cookie setting (absent: none held, the browser's default setting).
    #[serde(default, skip_serializing_if = "Cookies::is_default")]
    pub cookies: Cookies,
}

/// A browser's third-party cookie setting: what it does with a cookie on a
/// request to another site than the page's (none of it standard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CookieSetting {
    /// Third-party cookies are sent and stored, SameSite permitting.
    Allowed,
    /// Neither sent nor stored (a `Partitioned` cookie excepted where the
    /// browser keeps those: Chromium).
    Blocked,
    /// Each top-level site gets its own jar for other sites' cookies (Firefox's
    /// Total Cookie Protection): a site's own cookies are not sent from another.
    Partitioned,
    /// Cookies a site set while visited are sent from other sites; no new ones
    /// are stored from them (WebKit's "no third party" accept policy).
    VisitedOnly,
}

words!(CookieSetting, "third-party cookie setting" {
    Allowed => "allowed", Blocked => "blocked", Partitioned => "partitioned", VisitedOnly => "visited-only"
});

/// How a held cookie came to be: a top-level visit to its URL, or a
/// credentialed `fetch()` of its URL from a page (`from`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    #[default]
    Visit,
    Fetch,
}

words!(Via, "way a cookie was set" { Visit => "visit", Fetch => "fetch" });

/// A cookie the browser holds, as the `Set-Cookie` line that made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCookie {
    pub set_cookie: String,
    /// The URL whose answer carried the line.
    pub url: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub via: Via,
    /// For `via: fetch`, the page (origin) that made the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// The scenario's cookies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cookies {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<CookieSetting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<HeldCookie>,
}

impl Cookies {
    pub fn is_default(&self) -> bool {
        *self == Cookies::default()
    }
}

/// An address space of the WICG Local Network Access spec, from the most
/// private: <https://wicg.github.io/local-network-access/#address-space>
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressSpace {
    Loopback,
    Local,
    Public,
}

/// The user's answer to the browser's Local Network Access prompt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    /// Allowed (also what is assumed when a scenario does not say).
    #[default]
    Granted,
    Denied,
    /// Not answered: the request waits; it fails if the prompt is dismissed
    /// (headless browsers dismiss it themselves).
    Prompt,
}

words!(AddressSpace, "address space" { Loopback => "loopback", Local => "local", Public => "public" });
words!(Permission, "permission" { Granted => "granted", Denied => "denied", Prompt => "prompt" });

/// The network around a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// The page's address space where its host does not tell (a public site
    /// served from 127.0.0.1 in a test is `public`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_space: Option<AddressSpace>,
    /// Host names and the IP address each resolves to (`["printer.lan", "192.168.1.9"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolves: Vec<(String, String)>,
    /// The Local Network Access permission of the page.
    #[serde(default, skip_serializing_if = "is_default")]
    pub permission: Permission,
}

impl Network {
    fn is_default(&self) -> bool {
        *self == Network::default()
    }
}

/// A scenario file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScenarioError {
    /// Not JSON, or JSON of the wrong shape: the field path, line and column.
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but a value is unusable.
    Invalid { path: String, message: String },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Json {
                path,
                line,
                column,
                message,
            } => {
                if path.is_empty() || path == "." {
                    write!(f, "line {line}, column {column}: {message}")
                } else {
                    write!(f, "{path} (line {line}, column {column}): {message}")
                }
            }
            ScenarioError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(#[allow(dead_code)] Vec<serde::de::IgnoredAny>),
    One(#[allow(dead_code)] serde::de::IgnoredAny),
}

fn parse_at<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ScenarioError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let result: Result<T, _> = serde_path_to_error::deserialize(de);
    result.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ScenarioError::Json {
            path,
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        }
    })
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Parses a file holding one scenario or an array of them; the first
/// unusable scenario is the error (see [`parse_scenario_file`] to keep the others).
pub fn parse_scenarios(text: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let file = parse_scenario_file(text)?;
    match file.problems.into_iter().next() {
        Some(problem) => Err(problem.error),
        None => Ok(file.scenarios),
    }
}

/// One unusable scenario of a file: its index, the line it starts on, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub index: usize,
    pub line: usize,
    pub error: ScenarioError,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario {} (from line {}): {}", self.index, self.line, self.error)
    }
}

/// A file's scenarios: every usable one, and a [`Problem`] for each other.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ScenarioFile {
    pub scenarios: Vec<Scenario>,
    pub problems: Vec<Problem>,
}

/// Parses a file holding one scenario or an array of them, keeping every
/// usable scenario of an array: one bad scenario does not lose the others.
/// `Err` only when the text is not JSON, or its one scenario is unusable.
pub fn parse_scenario_file(text: &str) -> Result<ScenarioFile, ScenarioError> {
    let shape: OneOrMany = parse_at(text)?;
    if let OneOrMany::One(_) = shape {
        return Ok(ScenarioFile {
            scenarios: vec![parse_scenario(text)?],
            problems: vec![],
        });
    }
    let elements: Vec<&serde_json::value::RawValue> = serde_json::from_str(text).map_err(|e| ScenarioError::Json {
        path: String::new(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let mut file = ScenarioFile::default();
    for (index, raw) in elements.iter().enumerate() {
        // Where the element starts in the file: its errors point into the file.
        let offset = (raw.get().as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column0 = offset - before.rfind('\n').map_or(0, |p| p + 1);
        let parsed = parse_at::<Scenario>(raw.get()).and_then(|s| s.validate().map(|_| s));
        match parsed {
            Ok(s) => file.scenarios.push(s),
            Err(error) => {
                let error = match error {
                    ScenarioError::Json {
                        path,
                        line: l,
                        column,
                        message,
                    } => ScenarioError::Json {
                        path: format!(
                            "[{index}]{}",
                            if path == "." { String::new() } else { format!(".{path}") }
                        ),
                        column: if l == 1 { column + column0 } else { column },
                        line: l + line - 1,
                        message,
                    },
                    ScenarioError::Invalid { path, message } => ScenarioError::Invalid {
                        path: format!("[{index}].{path}"),
                        message,
                    },
                };
                file.problems.push(Problem { index, line, error });
            }
        }
    }
    Ok(file)
}

/// Parses one scenario.
pub fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    let s: Scenario = parse_at(text)?;
    s.validate()?;
    Ok(s)
}

impl Scenario {
    /// Checks what a browser would not even start with: the page must be an
    /// origin, statuses must be HTTP statuses, and header lines must be sendable.
    /// (Bad request values are not errors: `fetch()` rejects them, and the engine
    /// explains that.)
    pub(crate) fn validate(&self) -> Result<(), ScenarioError> {
        let invalid = |path: String, message: String| ScenarioError::Invalid { path, message };
        crate::origin::Origin::parse(&self.page).map_err(|e| invalid("page".into(), e.to_string()))?;
        let chain = matches!(self.server, Server::Chain(_));
        if chain && self.server.hops().is_empty() {
            return Err(invalid(
                "server".into(),
                "a redirect chain needs at least one hop".into(),
            ));
        }
        for (i, hop) in self.server.hops().iter().enumerate() {
            let base = if chain { format!("server[{i}]") } else { "server".into() };
            if let Some(u) = &hop.url {
                crate::origin::web_url::WebUrl::parse(u)
                    .map_err(|e| invalid(format!("{base}.url"), format!("'{u}' is not an absolute URL: {e}")))?;
            }
            for (what, answer) in [("preflight", &hop.preflight), ("response", &hop.response)] {
                let Some(a) = answer else { continue };
                check_status(a.status).map_err(|m| invalid(format!("{base}.{what}.status"), m))?;
                for (j, (n, v)) in a.headers.iter().enumerate() {
                    check_header_line(n, v).map_err(|m| invalid(format!("{base}.{what}.headers[{j}]"), m))?;
                }
            }
        }
        for (i, held) in self.cookies.held.iter().enumerate() {
            let path = format!("cookies.held[{i}]");
            crate::origin::web_url::WebUrl::parse(held.url.trim()).map_err(|e| {
                invalid(
                    format!("{path}.url"),
                    format!("'{}' is not an absolute URL: {e}", held.url),
                )
            })?;
            match (held.via, &held.from) {
                (Via::Fetch, None) => {
                    return Err(invalid(
                        format!("{path}.from"),
                        "a cookie set by a fetch needs the page that made it ('from')".into(),
                    ))
                }
                (_, Some(from)) => {
                    crate::origin::Origin::parse(from).map_err(|e| invalid(format!("{path}.from"), e.to_string()))?;
                }
                _ => {}
            }
        }
        for (i, (name, ip)) in self.network.resolves.iter().enumerate() {
            let path = format!("network.resolves[{i}]");
            if name.trim().is_empty() || name.contains(['/', ':', ' ']) {
                return Err(invalid(path, format!("'{name}' is not a host name")));
            }
            ip.parse::<std::net::IpAddr>()
                .map_err(|_| invalid(path, format!("'{ip}' is not an IP address (e.g. 192.168.1.9 or ::1)")))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_scenario_does_not_lose_the_others() {
        let text = r#"[
  {"page": "https://a.example", "request": {"url": "https://b.example/"}},
  {"page": "nope", "request": {"url": "https://b.example/"}},
  {"page": "https://a.example", "request": {"url": "https://b.example/"},
   "server": {"response": {"status": 99}}},
  {"page": "https://a.example", "request": {"url": 5}},
  {"name": "kept", "page": "https://a.example", "request": {"url": "https://c.example/"}}
]"#;
        let file = parse_scenario_file(text).unwrap();
        assert_eq!(file.scenarios.len(), 2);
        assert_eq!(file.scenarios[1].name, "kept");
        let problems: Vec<String> = file.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            file.problems.iter().map(|p| (p.index, p.line)).collect::<Vec<_>>(),
            [(1, 3), (2, 4), (3, 6)],
            "{problems:#?}"
        );
        assert!(problems[0].contains("[1].page"), "{problems:#?}");
        assert!(problems[1].contains("[2].server.response.status"), "{problems:#?}");
        assert!(
            problems[2].contains("[3].request.url") && problems[2].contains("line 6"),
            "{problems:#?}"
        );
        // Not JSON at all, or one unusable scenario: an error, as before.
        assert!(parse_scenario_file("[{").is_err());
        assert!(parse_scenario_file(r#"{"page": "nope", "request": {"url": "https://b/"}}"#).is_err());
    }

    #[test]
    fn defaults_fill_in_a_minimal_scenario() {
        let s = parse_scenario(r#"{"page":"https://a.example","request":{"url":"https://b.example/x"}}"#).unwrap();
        assert_eq!(s.request.method, "GET");
        assert_eq!(s.request.mode, RequestMode::Cors);
        assert_eq!(s.request.credentials, CredentialsMode::SameOrigin);
        assert_eq!(s.server.hops().len(), 1);
        assert_eq!(s.server.hops()[0].response_or_default().status, 200);
        assert_eq!(s.server.hops()[0].preflight_or_default().status, 404);
    }

    #[test]
    fn a_chain_is_an_array_of_hops() {
        let s = parse_scenario(
            r#"{"page":"https://a.example","request":{"url":"https://b.example/x"},
               "server":[{"url":"https://b.example/x","response":{"status":302,"headers":[["Location","https://c.example/"]]}},
                         {"url":"https://c.example/"}]}"#,
        )
        .unwrap();
        assert_eq!(s.server.hops().len(), 2);
    }

    #[test]
    fn a_wrong_type_names_the_field_and_line() {
        let err = parse_scenarios(
            "[\n{\"page\":\"https://a.example\",\n\"request\":{\"url\":\"https://b/\",\n\"mode\":\"cros\"}}]",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("[0].request.mode"), "{text}");
        assert!(text.contains("line 4"), "{text}");
    }

    #[test]
    fn a_missing_page_is_named() {
        let err = parse_scenario(r#"{"request":{"url":"https://b/"}}"#).unwrap_err();
        assert!(err.to_string().contains("page"), "{err}");
    }

    #[test]
    fn invalid_values_name_their_path() {
        let err = parse_scenarios(
            r#"[{"page":"https://a","request":{"url":"https://b/"}},{"page":"nope","request":{"url":"https://b/"}}]"#,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("[1].page"), "{err}");
        let err = parse_scenario(
            r#"{"page":"https://a","request":{"url":"https://b/"},"server":{"response":{"status":99}}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("server.response.status"), "{err}");
        let err = parse_scenario(r#"{"page":"https://a","request":{"url":"https://b/"},"server":{"response":{"status":200,"headers":[["X Y","b"]]}}}"#).unwrap_err();
        assert!(err.to_string().contains("'X Y' is not a valid header name"), "{err}");
        // Bytes a real server can send are a scenario value, not an error.
        let s = parse_scenario(r#"{"page":"https://a","request":{"url":"https://b/"},"server":{"response":{"status":200,"headers":[["X","a\u0000\r\n\u000bb"]]}}}"#).unwrap();
        assert_eq!(s.server.hops()[0].response_or_default().headers[0].1, "a\0\r\n\u{b}b");
    }

    #[test]
    fn unusable_values_are_reported_with_their_line() {
        let err = parse_scenarios("[\n{\"page\": \"nope\",\n \"request\": {\"url\": \"https://b/\"}}]").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("[0].page (line 2"), "{text}");
        assert!(text.contains("not an absolute URL"), "{text}");
        let err = parse_scenario(
            "{\"page\":\"https://a\",\"request\":{\"url\":\"https://b/\"},\n\"server\":[{\"url\":\"x\"}]}",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("server[0].url (line 2"), "{err}");
    }

    #[test]
    fn not_json_gives_a_line() {
        let err = parse_scenarios("{\n\"page\": ,}").unwrap_err();
        assert!(matches!(err, ScenarioError::Json { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn round_trips_through_json() {
        let text = r#"{"name":"n","page":"https://a.example","request":{"url":"https://b.example/x","method":"PUT","headers":[["X-A","1"]],"credentials":"include"},"server":{"preflight":{"status":204,"headers":[["A","b"]]}}}"#;
        let s = parse_scenario(text).unwrap();
        let again = parse_scenario(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn one_rule_for_a_status_and_a_header_line() {
        assert_eq!(parse_status(" 204 "), Ok(204));
        assert_eq!(
            parse_status("abc").unwrap_err(),
            "'abc' is not an HTTP status (100–599)"
        );
        assert_eq!(parse_status("700").unwrap_err(), "700 is not an HTTP status (100–599)");
        assert!(check_header_line("X-A", "1\u{1}").is_ok());
        assert_eq!(
            check_header_line("X A", "1").unwrap_err(),
            "'X A' is not a valid header name"
        );
        assert!(check_header_line("X-A", "a\0\rb\n").is_ok());
        // The parser reports the same words, with the line.
        let e = parse_scenario(r#"{"page":"https://a.example","request":{"url":"https://b.example/"},"server":{"response":{"status":700}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("700 is not an HTTP status (100–599)"), "{e}");
    }

    #[test]
    fn modes_parse_from_their_words_only() {
        assert_eq!("no-cors".parse::<RequestMode>(), Ok(RequestMode::NoCors));
        assert_eq!("include".parse::<CredentialsMode>(), Ok(CredentialsMode::Include));
        assert_eq!(RedirectMode::Manual.to_string(), "manual");
        let e = "Include".parse::<CredentialsMode>().unwrap_err();
        assert_eq!(e, "'Include' is not a credentials mode (omit, same-origin, include)");
    }
}
