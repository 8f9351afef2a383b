//! Request headers as `fetch()` treats them before anything is sent: validity,
//! forbidden request-headers (silently dropped), CORS-safelisted request-headers
//! with their value rules, the no-CORS guard, and the CORS-unsafe request-header
//! names that end up in `Access-Control-Request-Headers`.
//! <https://fetch.spec.whatwg.org/#terminology-headers>

use crate::fetch::method::{is_forbidden_method, is_token};

/// <https://fetch.spec.whatwg.org/#header-name>: a field-name token.
pub(crate) fn is_valid_header_name(name: &str) -> bool {
    is_token(name)
}

/// <https://fetch.spec.whatwg.org/#header-value>: no leading or trailing HTTP
/// tab or space, and no NUL, CR or LF. (`fetch()` normalizes leading and trailing
/// whitespace first, so only the inner bytes can make it invalid.)
pub(crate) fn is_valid_header_value(value: &str) -> bool {
    !value.bytes().any(|b| matches!(b, 0 | b'\r' | b'\n'))
}

/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>: strip leading
/// and trailing HTTP whitespace bytes.
pub(crate) fn normalize_value(value: &str) -> &str {
    // Byte-wise: these are ASCII, so every cut is on a char boundary.
    let is_whitespace = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let bytes = value.as_bytes();
    let start = bytes.iter().position(|b| !is_whitespace(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_whitespace(b)).map_or(start, |i| i + 1);
    &value[start..end]
}

/// Why a forbidden request-header is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForbiddenReason {
    Listed,
    ProxyOrSecPrefix,
    MethodOverride(String),
}

/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub(crate) fn forbidden_request_header(name: &str, value: &str) -> Option<ForbiddenReason> {
    const LISTED: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    if LISTED.iter().any(|l| l.eq_ignore_ascii_case(name)) {
        return Some(ForbiddenReason::Listed);
    }
    let starts_with = |prefix: &str| name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    if starts_with("proxy-") || starts_with("sec-") {
        return Some(ForbiddenReason::ProxyOrSecPrefix);
    }
    // "If name is a byte-case-insensitive match for one of `X-HTTP-Method`,
    // `X-HTTP-Method-Override`, `X-Method-Override`: ... If any method in
    // methods is a forbidden method, return true."
    if ["x-http-method", "x-http-method-override", "x-method-override"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        if let Some(m) = value.split(',').map(normalize_value).find(|m| is_forbidden_method(m)) {
            return Some(ForbiddenReason::MethodOverride(m.to_string()));
        }
    }
    None
}

/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>
pub(crate) fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09)
        || matches!(
            b,
            b'"' | b'(' | b')' | b':' | b'<' | b'>' | b'?' | b'@' | b'[' | b'\\' | b']' | b'{' | b'}' | 0x7F
        )
}

/// Why a request header is, or is not, CORS-safelisted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Safelist {
    Safelisted,
    /// The name is not one of Accept, Accept-Language, Content-Language, Content-Type, Range.
    NameNotSafelisted,
    /// "If value's length is greater than 128, then return false."
    ValueTooLong(usize),
    /// The value holds a CORS-unsafe request-header byte (or, for the language
    /// headers, a byte outside `0-9A-Za-z *,-.;=`).
    UnsafeByte(u8),
    /// Content-Type whose MIME type does not parse, or whose essence is not one
    /// of the three form types.
    ContentTypeEssence(String),
    /// Range that is not a simple `bytes=start-[end]` range.
    RangeNotSimple,
}

impl Safelist {
    pub(crate) fn is_safelisted(&self) -> bool {
        matches!(self, Safelist::Safelisted)
    }

    /// One plain sentence for the trace.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Safelist::Safelisted => format!("{name} is a CORS-safelisted request-header with this value"),
            Safelist::NameNotSafelisted => format!(
                "{name} is not one of the CORS-safelisted request-header names (Accept, Accept-Language, Content-Language, Content-Type, Range)"
            ),
            Safelist::ValueTooLong(n) => {
                format!("{name}'s value is {n} bytes; safelisted values are at most 128 bytes")
            }
            Safelist::UnsafeByte(b) => format!(
                "{name}'s value contains the byte 0x{b:02X} ({}), which is not allowed in a safelisted value",
                if b.is_ascii_graphic() { format!("'{}'", *b as char) } else { "a control byte".into() }
            ),
            Safelist::ContentTypeEssence(e) if e.is_empty() => {
                format!("{name}'s value is not a valid MIME type")
            }
            Safelist::ContentTypeEssence(e) => format!(
                "{name} is {e}; only application/x-www-form-urlencoded, multipart/form-data and text/plain are safelisted"
            ),
            Safelist::RangeNotSimple => {
                format!("{name} is not a single `bytes=start-end` range (suffix ranges and lists need a preflight)")
            }
        }
    }
}

/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub(crate) fn cors_safelisted_request_header(name: &str, value: &str) -> Safelist {
    // "If value's length is greater than 128, then return false."
    if value.len() > 128 {
        return Safelist::ValueTooLong(value.len());
    }
    let unsafe_byte = || value.bytes().find(|b| is_cors_unsafe_request_header_byte(*b));
    // The name lower-cased on the stack: every safelisted name is 16 bytes or fewer.
    let mut lower = [0u8; 16];
    let name = match lower.get_mut(..name.len()) {
        Some(buf) => {
            buf.copy_from_slice(name.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or_default()
        }
        None => "",
    };
    match name {
        "accept" => match unsafe_byte() {
            Some(b) => Safelist::UnsafeByte(b),
            None => Safelist::Safelisted,
        },
        "accept-language" | "content-language" => {
            // "If value contains a byte that is not in the range 0x30 (0) to 0x39 (9),
            // not in the range 0x41 (A) to 0x5A (Z), not in the range 0x61 (a) to
            // 0x7A (z), and is not 0x20 (SP), 0x2A (*), 0x2C (,), 0x2D (-), 0x2E (.),
            // 0x3B (;), or 0x3D (=), then return false."
            match value
                .bytes()
                .find(|b| !(b.is_ascii_alphanumeric() || b" *,-.;=".contains(b)))
            {
                Some(b) => Safelist::UnsafeByte(b),
                None => Safelist::Safelisted,
            }
        }
        "content-type" => {
            if let Some(b) = unsafe_byte() {
                return Safelist::UnsafeByte(b);
            }
            match mime_essence(value) {
                Some(e)
                    if matches!(
                        e.as_str(),
                        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                    ) =>
                {
                    Safelist::Safelisted
                }
                Some(e) => Safelist::ContentTypeEssence(e),
                None => Safelist::ContentTypeEssence(String::new()),
            }
        }
        "range" => {
            if is_simple_range(value) {
                Safelist::Safelisted
            } else {
                Safelist::RangeNotSimple
            }
        }
        _ => Safelist::NameNotSafelisted,
    }
}

/// [`cors_safelisted_request_header`]'s verdict alone, building nothing.
pub(crate) fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    if name.eq_ignore_ascii_case("content-type") {
        if value.len() > 128 || value.bytes().any(is_cors_unsafe_request_header_byte) {
            return false;
        }
        let Some((typ, subtype)) = mime_type_and_subtype(value) else {
            return false;
        };
        let is = |t: &str, s: &str| typ.eq_ignore_ascii_case(t) && subtype.eq_ignore_ascii_case(s);
        return is("application", "x-www-form-urlencoded") || is("multipart", "form-data") || is("text", "plain");
    }
    cors_safelisted_request_header(name, value).is_safelisted()
}

/// A MIME type's type and subtype as written, or `None` when it does not
/// parse. <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
fn mime_type_and_subtype(value: &str) -> Option<(&str, &str)> {
    let (typ, rest) = normalize_value(value).split_once('/')?;
    let subtype = rest.split(';').next().unwrap_or("");
    let subtype = subtype.trim_end_matches([' ', '\t', '\n', '\r']);
    (is_token(typ) && is_token(subtype)).then_some((typ, subtype))
}

/// The essence (`type/subtype`, lowercased) of a MIME type, or `None` when it
/// does not parse. <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
pub(crate) fn mime_essence(value: &str) -> Option<String> {
    let (typ, subtype) = mime_type_and_subtype(value)?;
    Some(format!("{}/{}", typ.to_ascii_lowercase(), subtype.to_ascii_lowercase()))
}

/// <https://fetch.spec.whatwg.org/#simple-range-header-value> with
/// allowWhitespace false; also "if rangeEnd is non-null and rangeStart is
/// greater than rangeEnd" and "if rangeStart is null" fail the safelist.
pub(crate) fn is_simple_range(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = rest.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(start) || !(end.is_empty() || digits(end)) {
        return false;
    }
    if end.is_empty() {
        return true;
    }
    match (start.parse::<u128>(), end.parse::<u128>()) {
        (Ok(s), Ok(e)) => s <= e,
        _ => false,
    }
}

/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header>: the
/// `request-no-cors` guard drops every other header.
pub(crate) fn is_no_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "accept" | "accept-language" | "content-language" | "content-type"
    ) && cors_safelisted_request_header(name, value).is_safelisted()
}

/// Why a header name is CORS-unsafe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeName {
    pub name: String,
    pub why: UnsafeWhy,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnsafeWhy {
    NotSafelisted(Safelist),
    /// "If safelistValueSize is greater than 1024": every safelisted header counts.
    TotalOver1024(usize),
}

/// "If safelistValueSize is greater than 1024".
pub(crate) const SAFELIST_VALUE_LIMIT: usize = 1024;

/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>, returning
/// the reasons too. The plain names (lowercase, sorted, unique) are
/// [`sorted_lowercase_names`] of this.
pub(crate) fn cors_unsafe_request_header_names(headers: &[(String, String)]) -> Vec<UnsafeName> {
    let mut unsafe_names = vec![];
    let mut potentially_unsafe = vec![];
    let mut safelist_value_size = 0usize;
    for (name, value) in headers {
        let verdict = cors_safelisted_request_header(name, value);
        if verdict.is_safelisted() {
            potentially_unsafe.push(name.clone());
            safelist_value_size += value.len();
        } else {
            unsafe_names.push(UnsafeName {
                name: name.clone(),
                why: UnsafeWhy::NotSafelisted(verdict),
            });
        }
    }
    if safelist_value_size > SAFELIST_VALUE_LIMIT {
        for name in potentially_unsafe {
            unsafe_names.push(UnsafeName {
                name,
                why: UnsafeWhy::TotalOver1024(safelist_value_size),
            });
        }
    }
    unsafe_names
}

/// <https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set>
pub(crate) fn sorted_lowercase_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = names.into_iter().map(|n| n.to_ascii_lowercase()).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_bare_verdict_is_the_full_one(
            name in "(?i)(content-type|accept|range|x-a)",
            value in proptest::prop_oneof![
                "[ \\t]?(?i)(text/plain|multipart/form-data|application/x-www-form-urlencoded|application/json|text /plain)[ \\t]?(;[ a-z=]{0,10})?",
                "[ a-zA-Z/;=+\\-*.,\\t\"x]{0,40}",
            ],
        ) {
            proptest::prop_assert_eq!(
                is_cors_safelisted_request_header(&name, &value),
                cors_safelisted_request_header(&name, &value).is_safelisted()
            );
        }
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn cookie_origin_and_sec_headers_are_forbidden() {
        assert_eq!(forbidden_request_header("Cookie", "a=b"), Some(ForbiddenReason::Listed));
        assert_eq!(forbidden_request_header("origin", "x"), Some(ForbiddenReason::Listed));
        assert_eq!(
            forbidden_request_header("Sec-Fetch-Mode", "cors"),
            Some(ForbiddenReason::ProxyOrSecPrefix)
        );
        assert_eq!(forbidden_request_header("X-Custom", "1"), None);
    }

    #[test]
    fn method_override_headers_are_forbidden_only_with_a_forbidden_method() {
        assert!(forbidden_request_header("X-HTTP-Method-Override", "GET, trace").is_some());
        assert!(forbidden_request_header("X-HTTP-Method-Override", "PATCH").is_none());
    }

    #[test]
    fn content_type_with_parameters_is_judged_by_its_essence() {
        assert!(cors_safelisted_request_header("Content-Type", "text/plain;charset=UTF-8").is_safelisted());
        assert!(cors_safelisted_request_header("content-type", "Multipart/Form-Data; boundary=x").is_safelisted());
        assert_eq!(
            cors_safelisted_request_header("Content-Type", "application/json"),
            Safelist::ContentTypeEssence("application/json".into())
        );
        assert_eq!(
            cors_safelisted_request_header("Content-Type", "text/plain; charset=\"utf-8\""),
            Safelist::UnsafeByte(b'"')
        );
        assert_eq!(
            cors_safelisted_request_header("Content-Type", "textplain"),
            Safelist::ContentTypeEssence(String::new())
        );
    }

    #[test]
    fn a_200_byte_accept_language_is_not_safelisted() {
        let long = "en-US,".repeat(34);
        assert_eq!(
            cors_safelisted_request_header("Accept-Language", &long),
            Safelist::ValueTooLong(long.len())
        );
        assert!(cors_safelisted_request_header("Accept-Language", "en-US,en;q=0.9").is_safelisted());
        assert_eq!(
            cors_safelisted_request_header("Content-Language", "en_US"),
            Safelist::UnsafeByte(b'_')
        );
    }

    #[test]
    fn accept_rejects_unsafe_bytes_only() {
        assert!(cors_safelisted_request_header("Accept", "application/json, text/*;q=0.5").is_safelisted());
        assert_eq!(
            cors_safelisted_request_header("Accept", "a{b}"),
            Safelist::UnsafeByte(b'{')
        );
    }

    #[test]
    fn only_simple_byte_ranges_are_safelisted() {
        assert!(is_simple_range("bytes=0-"));
        assert!(is_simple_range("bytes=5-10"));
        assert!(!is_simple_range("bytes=10-5"));
        assert!(!is_simple_range("bytes=-500"));
        assert!(!is_simple_range("bytes=0-1,5-6"));
        assert!(!is_simple_range("bytes = 0-1"));
        assert!(!is_simple_range("items=0-1"));
    }

    #[test]
    fn unsafe_names_are_lowercased_sorted_and_unique() {
        let names = cors_unsafe_request_header_names(&h(&[
            ("X-B", "1"),
            ("Content-Type", "application/json"),
            ("x-a", "2"),
            ("X-B", "3"),
            ("Accept", "*/*"),
        ]));
        let sorted = sorted_lowercase_names(names.iter().map(|u| u.name.as_str()));
        assert_eq!(sorted, vec!["content-type", "x-a", "x-b"]);
    }

    #[test]
    fn safelisted_values_over_1024_bytes_in_total_all_become_unsafe() {
        let v = "a".repeat(100);
        let headers: Vec<(String, String)> = (0..11).map(|_| ("Accept".to_string(), v.clone())).collect();
        let names = cors_unsafe_request_header_names(&headers);
        assert_eq!(names.len(), 11);
        assert!(matches!(names[0].why, UnsafeWhy::TotalOver1024(1100)));
        assert!(cors_unsafe_request_header_names(&headers[..10]).is_empty());
    }

    #[test]
    fn no_cors_guard_keeps_only_four_names_with_safe_values() {
        assert!(is_no_cors_safelisted_request_header("Accept", "*/*"));
        assert!(!is_no_cors_safelisted_request_header("Range", "bytes=0-"));
        assert!(!is_no_cors_safelisted_request_header("X-Custom", "1"));
        assert!(!is_no_cors_safelisted_request_header(
            "Content-Type",
            "application/json"
        ));
    }
}
