//! Request methods: token syntax, normalization, forbidden and CORS-safelisted
//! methods. <https://fetch.spec.whatwg.org/#methods>

/// <https://httpwg.org/specs/rfc9110.html#rfc.section.5.6.2> — `tchar`.
pub(crate) fn is_token_char(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

/// `tchar` as a table: ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
const TCHAR: [bool; 256] = crate::ascii::alphanumeric_and(b"!#$%&'*+-.^_`|~");

/// A non-empty sequence of `tchar`.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// <https://fetch.spec.whatwg.org/#concept-method-normalize>: "To normalize a
/// method, if it is a byte-case-insensitive match for `DELETE`, `GET`, `HEAD`,
/// `OPTIONS`, `POST`, or `PUT`, byte-uppercase it." Others keep their case.
pub(crate) fn normalize(method: &str) -> String {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    match NORMALIZED.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(m) => m.to_string(),
        None => method.to_string(),
    }
}

/// <https://fetch.spec.whatwg.org/#forbidden-method>: `CONNECT`, `TRACE`, `TRACK`,
/// byte-case-insensitively.
pub(crate) fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>: `GET`, `HEAD` or `POST`
/// (after normalization, so byte-exact).
pub(crate) fn is_cors_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_six_standard_methods_are_uppercased() {
        assert_eq!(normalize("post"), "POST");
        assert_eq!(normalize("Delete"), "DELETE");
        assert_eq!(normalize("patch"), "patch");
        assert_eq!(normalize("Wibbley-Wobbley"), "Wibbley-Wobbley");
    }

    #[test]
    fn connect_trace_track_are_forbidden_in_any_case() {
        assert!(is_forbidden_method("trace"));
        assert!(is_forbidden_method("CONNECT"));
        assert!(is_forbidden_method("Track"));
        assert!(!is_forbidden_method("PATCH"));
    }

    #[test]
    fn lowercase_patch_is_not_safelisted_but_lowercase_post_normalizes() {
        assert!(is_cors_safelisted_method(&normalize("post")));
        assert!(!is_cors_safelisted_method(&normalize("patch")));
        assert!(!is_cors_safelisted_method("PUT"));
    }

    #[test]
    fn methods_must_be_tokens() {
        assert!(is_token("M-SEARCH"));
        assert!(!is_token("GET POST"));
        assert!(!is_token(""));
        assert!(!is_token("G(ET"));
    }
}
