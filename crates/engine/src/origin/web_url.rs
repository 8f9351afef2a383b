//! A URL as the Fetch algorithms hold it: parsed by the WHATWG URL parser,
//! except for the plain absolute `http(s)://host[:port]/path?query` URLs most
//! scenarios hold, which are read directly, already in the form the parser
//! would serialize them to (`tests::the_fast_path_is_the_parser` holds it to
//! that). Deliberate difference from parsing every URL: none in results, only
//! in cost — the parser's general state machine is not run.
//! <https://url.spec.whatwg.org/#concept-basic-url-parser>
//!
//! The parser is a seam: natively (feature `url`) the `url` crate; in a page,
//! the browser's own `URL` (by definition what that browser does), installed
//! with [`install_url_parser`], so the wasm carries no URL parser or IDNA tables.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

/// A URL's parts as the WHATWG parser serializes them (those of the JS `URL` object).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlParts {
    pub href: String,
    /// Without the `:`.
    pub scheme: String,
    /// Percent-encoded, as serialized; empty when none.
    pub username: String,
    pub password: String,
    /// A domain, a dotted IPv4 or a bracketed IPv6 address; empty without a host.
    pub host: String,
    /// A port that is not the scheme's default.
    pub port: Option<u16>,
    pub path: String,
    /// Without the `?`; `None` without a query.
    pub query: Option<String>,
}

/// Parses `input` against an optional base URL, or says why it cannot.
pub type UrlParser = fn(input: &str, base: Option<&str>) -> Result<UrlParts, String>;

static PARSER: OnceLock<UrlParser> = OnceLock::new();

/// Installs the URL parser the engine uses (the page's `URL`). Without one, the
/// `url` feature's parser is used; without both, every URL is refused.
pub fn install_url_parser(parser: UrlParser) {
    let _ = PARSER.set(parser);
}

fn parse_parts(input: &str, base: Option<&str>) -> Result<UrlParts, String> {
    if let Some(parser) = PARSER.get() {
        return parser(input, base);
    }
    #[cfg(feature = "url")]
    {
        let base = base.map(url::Url::parse).transpose().map_err(|e| e.to_string())?;
        let u = url::Url::options()
            .base_url(base.as_ref())
            .parse(input)
            .map_err(|e| e.to_string())?;
        Ok(UrlParts {
            href: u.as_str().to_string(),
            scheme: u.scheme().to_string(),
            username: u.username().to_string(),
            password: u.password().unwrap_or_default().to_string(),
            host: u.host_str().unwrap_or_default().to_string(),
            port: u.port(),
            path: u.path().to_string(),
            query: u.query().map(String::from),
        })
    }
    #[cfg(not(feature = "url"))]
    {
        let _ = (input, base);
        Err("no URL parser is installed".into())
    }
}

/// A URL's host: <https://url.spec.whatwg.org/#concept-host>.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host<'a> {
    Domain(&'a str),
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

impl<'a> Host<'a> {
    /// A host as serialized (the parser has made an IPv4 host canonical).
    /// Deliberate difference: another scheme's opaque host that looks like an
    /// IPv4 address is read as one; only http(s) and ws(s) hosts are asked.
    pub(crate) fn of(serialized: &'a str) -> Option<Host<'a>> {
        if serialized.is_empty() {
            None
        } else if let Some(v6) = serialized.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            v6.parse().ok().map(Host::Ipv6)
        } else if let Ok(ip) = serialized.parse() {
            Some(Host::Ipv4(ip))
        } else {
            Some(Host::Domain(serialized))
        }
    }
}

/// A parsed URL.
#[derive(Clone, Debug)]
pub(crate) enum WebUrl {
    /// A plain http(s) URL, in the parser's serialization.
    Simple(Simple),
    /// Anything else, as the parser read it.
    Full(Box<UrlParts>),
}

#[derive(Clone, Debug)]
pub(crate) struct Simple {
    text: String,
    https: bool,
    /// Where the host is in `text`.
    host: (usize, usize),
    ipv4: Option<Ipv4Addr>,
    /// A port that is not the scheme's default.
    port: Option<u16>,
}

impl WebUrl {
    /// Parses `input` against `base` (<https://url.spec.whatwg.org/#concept-url-parser>).
    pub(crate) fn parse_with(input: &str, base: Option<&WebUrl>) -> Result<WebUrl, String> {
        match simple(input) {
            Some(s) => Ok(WebUrl::Simple(s)),
            None => parse_parts(input, base.map(WebUrl::as_str)).map(|p| WebUrl::Full(Box::new(p))),
        }
    }

    pub(crate) fn parse(input: &str) -> Result<WebUrl, String> {
        WebUrl::parse_with(input, None)
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            WebUrl::Simple(s) => &s.text,
            WebUrl::Full(u) => &u.href,
        }
    }

    pub(crate) fn scheme(&self) -> &str {
        match self {
            WebUrl::Simple(s) if s.https => "https",
            WebUrl::Simple(_) => "http",
            WebUrl::Full(u) => &u.scheme,
        }
    }

    pub(crate) fn host(&self) -> Option<Host<'_>> {
        match self {
            WebUrl::Simple(s) => Some(match s.ipv4 {
                Some(ip) => Host::Ipv4(ip),
                None => Host::Domain(&s.text[s.host.0..s.host.1]),
            }),
            WebUrl::Full(u) => Host::of(&u.host),
        }
    }

    /// The host as serialized (`None` for URLs without one).
    pub(crate) fn host_str(&self) -> Option<&str> {
        match self {
            WebUrl::Simple(s) => Some(&s.text[s.host.0..s.host.1]),
            WebUrl::Full(u) => (!u.host.is_empty()).then_some(u.host.as_str()),
        }
    }

    pub(crate) fn port_or_known_default(&self) -> Option<u16> {
        match self {
            WebUrl::Simple(s) => Some(s.port.unwrap_or(if s.https { 443 } else { 80 })),
            WebUrl::Full(u) => u.port.or_else(|| super::default_port(&u.scheme)),
        }
    }

    /// The username and password, as serialized (empty when none).
    pub(crate) fn credentials(&self) -> (&str, &str) {
        match self {
            WebUrl::Simple(_) => ("", ""),
            WebUrl::Full(u) => (&u.username, &u.password),
        }
    }

    /// Whether the URL includes a username or a password.
    pub(crate) fn has_credentials(&self) -> bool {
        self.credentials() != ("", "")
    }

    /// The path, from its `/` (an opaque path as it is).
    pub(crate) fn path(&self) -> &str {
        let text = self.as_str();
        match self {
            WebUrl::Simple(s) => {
                let tail = &text[s.host.1..];
                let from = tail.find('/').unwrap_or(tail.len());
                let tail = &tail[from..];
                &tail[..tail.find('?').unwrap_or(tail.len())]
            }
            WebUrl::Full(u) => &u.path,
        }
    }

    /// The query, without its `?`.
    pub(crate) fn query(&self) -> Option<&str> {
        match self {
            WebUrl::Simple(s) => s.text.split_once('?').map(|(_, q)| q),
            WebUrl::Full(u) => u.query.as_deref(),
        }
    }

    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub(crate) fn origin(&self) -> super::Origin {
        super::Origin::of_web_url(self)
    }

    /// This URL with its username and password removed.
    pub(crate) fn without_credentials(&self) -> String {
        match self {
            WebUrl::Full(u) if self.has_credentials() => {
                let at = u.href.find('@').map_or(0, |i| i + 1);
                format!("{}://{}", u.scheme, &u.href[at..])
            }
            other => other.as_str().to_string(),
        }
    }

    /// <https://url.spec.whatwg.org/#concept-url-parser> with this URL as the base.
    pub(crate) fn join(&self, input: &str) -> Result<WebUrl, String> {
        let input = input.trim_matches(|c: char| c <= ' ');
        WebUrl::parse_with(input, Some(self))
    }
}

impl PartialEq for WebUrl {
    fn eq(&self, other: &WebUrl) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fast path: `http://` or `https://` (lower case), a host of lower-case
/// ASCII letters, digits, `-` and `.` (no empty and no `xn--` label; one that
/// ends in a number only as a canonical dotted quad), an optional port that is
/// not the default one and has no leading zero, then nothing or a path of
/// characters the parser keeps as they are (no dot segment), and a query. No
/// credentials, backslash, fragment, whitespace or non-ASCII. `None`: use the parser.
fn simple(input: &str) -> Option<Simple> {
    let (https, rest) = match input.strip_prefix("http://") {
        Some(rest) => (false, rest),
        None => (true, input.strip_prefix("https://")?),
    };
    let start = input.len() - rest.len();
    let bytes = rest.as_bytes();
    let authority_end = bytes
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
        .unwrap_or(bytes.len());
    let authority = &bytes[..authority_end];
    let host_len = authority.iter().position(|&b| b == b':').unwrap_or(authority.len());
    let host = &authority[..host_len];
    // Labels: lower-case letters, digits and `-`; none empty; none `xn--`.
    // Decimal labels are kept for an IPv4 address.
    let mut label_start = 0;
    let mut last_numeric = true;
    let (mut octets, mut labels, mut canonical) = ([0u8; 4], 0, true);
    for i in 0..=host.len() {
        match host.get(i) {
            Some(b'.') | None => {
                let label = &host[label_start..i];
                if label.is_empty() || label.starts_with(b"xn--") {
                    return None;
                }
                let decimal = label.iter().all(u8::is_ascii_digit);
                last_numeric = decimal || label.starts_with(b"0x");
                let value = if decimal {
                    label
                        .iter()
                        .fold(0u32, |n, d| n.saturating_mul(10).saturating_add(u32::from(d - b'0')))
                } else {
                    u32::MAX
                };
                canonical &= decimal && labels < 4 && value <= 255 && (label.len() == 1 || label[0] != b'0');
                if canonical {
                    octets[labels] = value as u8;
                }
                labels += 1;
                label_start = i + 1;
            }
            Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' => {}
            Some(_) => return None,
        }
    }
    let ipv4 = if last_numeric {
        // The IPv4 parser takes such a host: only its canonical form here.
        if !canonical || labels != 4 {
            return None;
        }
        Some(Ipv4Addr::from(octets))
    } else {
        None
    };
    let port = match authority.get(host_len + 1..) {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.iter().all(u8::is_ascii_digit) || (p.len() > 1 && p[0] == b'0') {
                return None;
            }
            let n = p.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            if n > 65535 || n == if https { 443 } else { 80 } {
                return None;
            }
            Some(n as u16)
        }
    };
    let tail = &rest[authority_end..];
    let text = if tail.is_empty() {
        let mut text = String::with_capacity(input.len() + 1);
        text.push_str(input);
        text.push('/');
        text
    } else {
        if !tail.starts_with('/') || !plain_path_and_query(tail.as_bytes()) {
            return None;
        }
        input.to_string()
    };
    Some(Simple {
        text,
        https,
        host: (start, start + host_len),
        ipv4,
        port,
    })
}

/// A path (from its `/`) and optional query that the parser keeps byte for
/// byte: no character it percent-encodes, no dot segment to remove.
fn plain_path_and_query(tail: &[u8]) -> bool {
    let query_at = tail.iter().position(|&b| b == b'?').unwrap_or(tail.len());
    let (path, query) = tail.split_at(query_at);
    path.iter().all(|&b| KEPT[usize::from(b)] || b == b'\'')
        && !path.split(|&b| b == b'/').any(is_dot_segment)
        && query.iter().all(|&b| KEPT[usize::from(b)] || b == b'?')
}

/// The bytes kept as they are in a path and in a query (`'` only in a path,
/// `?` only in a query: added by the caller).
const KEPT: [bool; 256] = crate::ascii::alphanumeric_and(b"-._~!$&()*+,;=:@/%");

/// `.`, `..` or either written with `%2e` (any case).
fn is_dot_segment(segment: &[u8]) -> bool {
    let mut dots = 0;
    let mut rest = segment;
    while !rest.is_empty() {
        if rest[0] == b'.' {
            rest = &rest[1..];
        } else if rest.len() >= 3 && rest[0] == b'%' && rest[1] == b'2' && rest[2].eq_ignore_ascii_case(&b'e') {
            rest = &rest[3..];
        } else {
            return false;
        }
        dots += 1;
    }
    dots == 1 || dots == 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the fast path says, beside what the parser says.
    fn same_as_parser(input: &str) {
        let Some(s) = simple(input) else { return };
        let fast = WebUrl::Simple(s);
        let parsed =
            WebUrl::Full(Box::new(parse_parts(input, None).unwrap_or_else(|e| {
                panic!("{input}: the fast path took it, the parser refused: {e}")
            })));
        assert_eq!(fast.as_str(), parsed.as_str(), "{input}");
        assert_eq!(fast.scheme(), parsed.scheme(), "{input}");
        assert_eq!(fast.host(), parsed.host(), "{input}");
        assert_eq!(fast.host_str(), parsed.host_str(), "{input}");
        assert_eq!(fast.port_or_known_default(), parsed.port_or_known_default(), "{input}");
        assert_eq!(fast.credentials(), parsed.credentials(), "{input}");
        assert_eq!(fast.path(), parsed.path(), "{input}");
        assert_eq!(fast.query(), parsed.query(), "{input}");
    }

    #[test]
    fn plain_urls_take_the_fast_path_and_the_rest_the_parser() {
        for input in [
            "http://localhost:3000",
            "https://api.example.com/v1/items?x=1&y=%20",
            "http://127.0.0.1:8081/open",
            "http://a-b.c/d;e=f/'g'",
        ] {
            assert!(simple(input).is_some(), "{input}");
            same_as_parser(input);
        }
        for input in [
            "HTTP://A/",
            "http://a:80/",
            "http://1.2.3/",
            "http://01.2.3.4/",
            "http://0x7f.1/",
            "http://a..b/",
            "http://xn--nxasmq6b/",
            "http://u:p@a/",
            "http://a/./b",
            "http://a/%2E%2e/b",
            "http://a?x",
            "http://a/b#c",
            "http://a\\b",
            "http://a/b c",
            "http://a:/",
            "http://a:080/",
            "http://[::1]/",
            "http://é.example/",
            "data:text/plain,x",
            "http://a/?'",
        ] {
            assert!(simple(input).is_none(), "{input}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_fast_path_is_the_parser(
            scheme in prop_oneof!["http", "https", "HTTP", "ws"],
            host in prop_oneof![
                "[a-z0-9.\\-]{1,12}",
                "[a-zA-Z0-9.\\-x]{0,12}",
                "[0-9]{1,3}(\\.[0-9]{1,4}){0,4}",
                "[0-9a-fx.]{1,12}",
            ],
            port in prop_oneof![Just(String::new()), "[0-9]{0,6}".prop_map(|p| format!(":{p}"))],
            tail in "([/?#%.'@:a-zA-Z0-9\\\\ ]|%2e|%2E){0,12}",
        ) {
            same_as_parser(&format!("{scheme}://{host}{port}{tail}"));
        }
    }
}
