//! Which response headers script can read: everything but `Set-Cookie` for a
//! basic response; the CORS-safelisted response-header names plus
//! `Access-Control-Expose-Headers` for a CORS response.
//! <https://fetch.spec.whatwg.org/#concept-filtered-response-cors>

use crate::fetch::header_list::{extract_token_list, Headers};

/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
pub(crate) const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
pub(crate) fn is_forbidden_response_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

fn sent_names(headers: &Headers) -> Vec<String> {
    let mut names: Vec<String> = headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    names
}

/// A basic filtered response hides only the forbidden response-header names.
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-basic>
pub(crate) fn basic_exposed(headers: &Headers) -> Vec<String> {
    let mut names = sent_names(headers);
    names.retain(|n| !is_forbidden_response_header_name(n));
    names
}

/// The names of the headers the server sent that a CORS response exposes.
/// "If request's credentials mode is not "include" and headerNames contains
/// `*`, then set response's CORS-exposed header-name list to all unique header
/// names in response's header list. Otherwise, if headerNames is non-null or
/// failure, then set response's CORS-exposed header-name list to headerNames."
pub(crate) fn cors_exposed(headers: &Headers, credentials_include: bool) -> Vec<String> {
    let listed = extract_token_list(headers, "Access-Control-Expose-Headers");
    let all = !credentials_include && listed.contains_wildcard();
    let listed = listed.tokens();
    let mut names = sent_names(headers);
    names.retain(|n| {
        !is_forbidden_response_header_name(n)
            && (all
                || CORS_SAFELISTED_RESPONSE_HEADER_NAMES.contains(&n.as_str())
                || listed.iter().any(|l| l.eq_ignore_ascii_case(n)))
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn cors_responses_expose_only_safelisted_names_by_default() {
        let hs = h(&[("Content-Type", "text/plain"), ("X-Secret", "1"), ("ETag", "\"x\"")]);
        assert_eq!(cors_exposed(&hs, false), vec!["content-type"]);
    }

    #[test]
    fn expose_headers_lists_names_case_insensitively() {
        let hs = h(&[("X-Total", "3"), ("Access-Control-Expose-Headers", "x-total")]);
        assert_eq!(cors_exposed(&hs, false), vec!["x-total"]);
    }

    #[test]
    fn expose_wildcard_works_only_without_credentials_and_never_for_set_cookie() {
        let hs = h(&[
            ("X-A", "1"),
            ("Set-Cookie", "a=b"),
            ("Access-Control-Expose-Headers", "*"),
        ]);
        assert_eq!(cors_exposed(&hs, false), vec!["access-control-expose-headers", "x-a"]);
        assert!(cors_exposed(&hs, true).is_empty());
    }

    #[test]
    fn basic_responses_hide_only_set_cookie() {
        let hs = h(&[("X-A", "1"), ("Set-Cookie", "a=b"), ("Content-Type", "x/y")]);
        assert_eq!(basic_exposed(&hs), vec!["content-type", "x-a"]);
    }
}
