//! Origins as the HTML Standard defines them: parsing a page or URL into an
//! origin (a tuple or opaque), serializing it the way browsers write the
//! `Origin` header, and deciding same-origin and (schemeful) same-site with
//! the reason for each verdict.
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

pub mod public_suffix;
pub(crate) mod web_url;

use serde::Serialize;
use std::fmt;
use web_url::{Host, WebUrl};

/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// An opaque origin; `why` says where it came from (a `data:` URL, a sandbox…).
    Opaque { why: String },
    /// A tuple origin: scheme, host (ASCII, as serialized) and port (default filled in).
    Tuple { scheme: String, host: String, port: u16 },
}

/// Why a page or URL could not be turned into an origin.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginError {
    /// The text is not an absolute URL.
    InvalidUrl { input: String, reason: String },
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OriginError::InvalidUrl { input, reason } => {
                write!(f, "'{input}' is not an absolute URL: {reason}")
            }
        }
    }
}

impl std::error::Error for OriginError {}

impl Origin {
    /// Parses the page that calls `fetch()`: an origin, a full URL, or `null`
    /// for an opaque origin (a sandboxed iframe, a `data:` document).
    pub fn parse(input: &str) -> Result<Origin, OriginError> {
        let trimmed = input.trim();
        if trimmed.eq_ignore_ascii_case("null") {
            return Ok(Origin::Opaque {
                why: "the page's origin is opaque (\"null\"), as in a sandboxed iframe".into(),
            });
        }
        let url = WebUrl::parse(trimmed).map_err(|reason| OriginError::InvalidUrl {
            input: trimmed.to_string(),
            reason,
        })?;
        Ok(Origin::of_web_url(&url))
    }

    /// The origin of a parsed URL. `blob:` takes its inner URL's origin; `data:`,
    /// `file:`, `about:` and other non-special schemes are opaque.
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub(crate) fn of_web_url(url: &WebUrl) -> Origin {
        match url.scheme() {
            "http" | "https" | "ws" | "wss" | "ftp" => Origin::Tuple {
                scheme: url.scheme().to_string(),
                host: url.host_str().unwrap_or_default().to_string(),
                port: url.port_or_known_default().unwrap_or_default(),
            },
            "blob" => match WebUrl::parse(url.path()) {
                Ok(inner) if matches!(inner.scheme(), "http" | "https") => Origin::of_web_url(&inner),
                _ => Origin::Opaque {
                    why: "a 'blob:' URL without an http(s) URL inside has an opaque origin".into(),
                },
            },
            scheme => Origin::Opaque {
                why: format!("'{scheme}:' URLs have an opaque origin"),
            },
        }
    }

    /// Whether this origin is `url`'s origin, compared tuple to tuple (no
    /// origin is built for a plain URL).
    pub(crate) fn is_origin_of(&self, url: &WebUrl) -> bool {
        match (self, url) {
            (_, WebUrl::Full(_)) => self.same_origin(&Origin::of_web_url(url)),
            (Origin::Tuple { scheme, host, port }, simple) => {
                scheme == simple.scheme()
                    && Some(host.as_str()) == simple.host_str()
                    && Some(*port) == simple.port_or_known_default()
            }
            (Origin::Opaque { .. }, _) => false,
        }
    }

    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque { .. })
    }

    /// The ASCII serialization, which is also the `Origin` header value.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn serialize(&self) -> String {
        match self {
            Origin::Opaque { .. } => "null".to_string(),
            Origin::Tuple { scheme, host, port } => {
                let mut out = String::with_capacity(scheme.len() + host.len() + 9);
                out.push_str(scheme);
                out.push_str("://");
                out.push_str(host);
                if default_port(scheme) != Some(*port) {
                    out.push(':');
                    push_decimal(&mut out, *port);
                }
                out
            }
        }
    }

    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    /// The tuples are compared directly; [`compare`] gives the reason too.
    pub fn same_origin(&self, other: &Origin) -> bool {
        // Two opaque origins written down separately are never the same.
        matches!((self, other), (Origin::Tuple { .. }, Origin::Tuple { .. })) && self == other
    }

    /// A tuple origin's host as a URL host: an IPv4 or bracketed IPv6 literal,
    /// else a domain (`None` when opaque).
    pub(crate) fn url_host(&self) -> Option<Host<'_>> {
        let Origin::Tuple { host, .. } = self else {
            return None;
        };
        Host::of(host)
    }

    /// Whether a page of this origin is a secure context by its origin
    /// ("potentially trustworthy"; an opaque origin is not).
    /// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
    pub(crate) fn is_potentially_trustworthy(&self) -> bool {
        match self {
            Origin::Tuple { scheme, .. } => trustworthy(scheme, self.url_host()),
            Origin::Opaque { .. } => false,
        }
    }

    /// The registrable domain of a tuple origin's host, from the Public Suffix
    /// List; `None` for IP addresses, public suffixes themselves and opaque origins.
    /// <https://url.spec.whatwg.org/#host-registrable-domain>
    pub(crate) fn registrable_domain(&self) -> Option<String> {
        match self {
            Origin::Opaque { .. } => None,
            Origin::Tuple { host, .. } => registrable_domain(host),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialize())
    }
}

/// Appends `n` in decimal (without the formatting machinery: this is on
/// every decision's path).
fn push_decimal(out: &mut String, n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// <https://url.spec.whatwg.org/#default-port>
pub(crate) fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

fn is_ip(host: &str) -> bool {
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// <https://url.spec.whatwg.org/#host-registrable-domain> (`None` also while
/// the Public Suffix List is not loaded: see [`crate::origin::public_suffix`]).
pub(crate) fn registrable_domain(host: &str) -> Option<String> {
    if is_ip(host) || host.is_empty() {
        return None;
    }
    crate::origin::public_suffix::registrable_domain(host).flatten()
}

/// One part of an origin tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Scheme,
    Host,
    Port,
}

/// Two origins side by side, with the verdicts and the reason for each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub same_origin: bool,
    pub same_site: bool,
    /// Which parts of the tuple differ (empty when both are the same tuple or either is opaque).
    pub differs: Vec<Part>,
    pub registrable_domain_a: Option<String>,
    pub registrable_domain_b: Option<String>,
    pub same_origin_reason: String,
    pub same_site_reason: String,
}

/// Compares two origins for same-origin and schemeful same-site.
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-site>
pub fn compare(a: &Origin, b: &Origin) -> Comparison {
    let (sa, sb) = (a.serialize(), b.serialize());
    let (ra, rb) = (a.registrable_domain(), b.registrable_domain());
    match (a, b) {
        (Origin::Opaque { why }, _) | (_, Origin::Opaque { why }) => {
            // Two opaque origins are only the same if they are the same object;
            // two origins written down separately never are.
            let reason = format!("an opaque origin is only the same as itself: {why}");
            Comparison {
                a: sa,
                b: sb,
                same_origin: false,
                same_site: false,
                differs: vec![],
                registrable_domain_a: ra,
                registrable_domain_b: rb,
                same_origin_reason: reason.clone(),
                same_site_reason: reason,
            }
        }
        (
            Origin::Tuple {
                scheme: s1,
                host: h1,
                port: p1,
            },
            Origin::Tuple {
                scheme: s2,
                host: h2,
                port: p2,
            },
        ) => {
            let mut differs = vec![];
            let mut parts = vec![];
            if s1 != s2 {
                differs.push(Part::Scheme);
                parts.push(format!("scheme {s1} ≠ {s2}"));
            }
            if h1 != h2 {
                differs.push(Part::Host);
                parts.push(format!("host {h1} ≠ {h2}"));
            }
            if p1 != p2 {
                differs.push(Part::Port);
                parts.push(format!("port {p1} ≠ {p2}"));
            }
            let same_origin = differs.is_empty();
            let same_origin_reason = if same_origin {
                format!("scheme, host and port are equal ({s1}, {h1}, {p1})")
            } else {
                format!("cross-origin: {}", parts.join("; "))
            };
            let (same_site, same_site_reason) = if s1 != s2 {
                (false, format!("schemeful same-site needs the same scheme: {s1} ≠ {s2}"))
            } else if h1 == h2 {
                (true, format!("same scheme and the same host {h1}"))
            } else {
                match (&ra, &rb) {
                    _ if !crate::origin::public_suffix::is_loaded() => (
                        false,
                        "the Public Suffix List is still loading, so registrable domains are not known yet".to_string(),
                    ),
                    (Some(x), Some(y)) if x == y => (
                        true,
                        format!("same scheme and the same registrable domain {x}"),
                    ),
                    (Some(x), Some(y)) => (
                        false,
                        format!("registrable domains differ: {x} ≠ {y}"),
                    ),
                    _ => (
                        false,
                        format!(
                            "the hosts differ and {} no registrable domain (an IP address or a public suffix), so only the same host is same-site",
                            match (&ra, &rb) {
                                (None, None) => format!("neither {h1} nor {h2} has"),
                                (None, _) => format!("{h1} has"),
                                _ => format!("{h2} has"),
                            }
                        ),
                    ),
                }
            };
            Comparison {
                a: sa,
                b: sb,
                same_origin,
                same_site,
                differs,
                registrable_domain_a: ra,
                registrable_domain_b: rb,
                same_origin_reason,
                same_site_reason,
            }
        }
    }
}

/// Whether a URL is "potentially trustworthy", so that an `https` page may
/// fetch it without it being blocked as mixed content.
/// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
pub(crate) fn is_trustworthy_url(url: &WebUrl) -> bool {
    trustworthy(url.scheme(), url.host())
}

fn trustworthy(scheme: &str, host: Option<Host<'_>>) -> bool {
    match scheme {
        "https" | "wss" | "file" | "data" | "blob" | "about" => true,
        "http" | "ws" => match host {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(d)) => {
                let d = d.trim_end_matches('.');
                d == "localhost" || d.ends_with(".localhost")
            }
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    #[test]
    fn default_port_is_omitted_from_the_serialization() {
        assert_eq!(o("https://example.com:443/x").serialize(), "https://example.com");
        assert_eq!(o("http://example.com:8080").serialize(), "http://example.com:8080");
    }

    #[test]
    fn path_does_not_change_the_origin() {
        assert!(o("https://example.com").same_origin(&o("https://example.com/tutorial")));
    }

    #[test]
    fn scheme_host_and_port_each_make_it_cross_origin() {
        let c = compare(&o("https://example.com"), &o("http://example.com"));
        // The default ports differ too (443 and 80).
        assert_eq!(c.differs, vec![Part::Scheme, Part::Port]);
        assert!(!c.same_site);
        let c = compare(&o("https://example.com"), &o("https://api.example.com"));
        assert_eq!(c.differs, vec![Part::Host]);
        assert!(c.same_site);
        let c = compare(&o("https://example.com"), &o("https://example.com:8080"));
        assert_eq!(c.differs, vec![Part::Port]);
        assert!(c.same_site);
        let c = compare(&o("https://example.com"), &o("https://example.org"));
        assert!(!c.same_site);
        assert!(c.same_site_reason.contains("example.com ≠ example.org"));
    }

    #[test]
    fn host_case_and_idn_are_normalized_to_ascii() {
        assert_eq!(o("https://EXAMPLE.com").serialize(), "https://example.com");
        assert_eq!(o("https://bücher.example").serialize(), "https://xn--bcher-kva.example");
        assert!(o("https://bücher.example").same_origin(&o("https://xn--bcher-kva.example")));
    }

    #[test]
    fn ipv4_forms_normalize_and_ipv6_is_bracketed() {
        assert_eq!(o("http://0x7f.1:8080").serialize(), "http://127.0.0.1:8080");
        assert_eq!(o("http://[0:0::1]:81").serialize(), "http://[::1]:81");
        assert_eq!(o("http://127.0.0.1").registrable_domain(), None);
    }

    #[test]
    fn trailing_dot_is_a_different_host() {
        let c = compare(&o("https://example.com."), &o("https://example.com"));
        assert!(!c.same_origin);
        assert_eq!(c.differs, vec![Part::Host]);
    }

    #[test]
    fn localhost_and_loopback_ip_are_cross_site() {
        let c = compare(&o("http://localhost:8080"), &o("http://127.0.0.1:8080"));
        assert!(!c.same_origin);
        assert!(!c.same_site);
    }

    #[test]
    fn data_file_and_null_pages_are_opaque() {
        for p in ["data:text/html,hi", "file:///tmp/x.html", "null", "about:blank"] {
            let origin = o(p);
            assert!(origin.is_opaque(), "{p}");
            assert_eq!(origin.serialize(), "null");
            assert!(!origin.same_origin(&origin.clone()));
        }
    }

    #[test]
    fn blob_takes_its_inner_origin() {
        assert_eq!(o("blob:https://example.com/5f1c-aa").serialize(), "https://example.com");
    }

    #[test]
    fn registrable_domain_uses_the_public_suffix_list() {
        assert_eq!(
            o("https://a.b.example.co.uk").registrable_domain().as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            o("https://user.github.io").registrable_domain().as_deref(),
            Some("user.github.io")
        );
        assert_ne!(
            o("https://a.github.io").registrable_domain(),
            o("https://b.github.io").registrable_domain()
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Origin::parse("example.com").is_err());
        assert!(Origin::parse("http://").is_err());
        assert!(Origin::parse("").is_err());
    }

    #[test]
    fn loopback_and_localhost_are_potentially_trustworthy() {
        for u in [
            "http://localhost:1/",
            "http://api.localhost/",
            "http://127.9.0.1/",
            "http://[::1]/",
            "https://x.example/",
        ] {
            assert!(is_trustworthy_url(&web_url::WebUrl::parse(u).unwrap()), "{u}");
        }
        assert!(!is_trustworthy_url(
            &web_url::WebUrl::parse("http://example.com/").unwrap()
        ));
    }
}
