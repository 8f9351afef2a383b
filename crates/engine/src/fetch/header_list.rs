//! Reading a response's header list the way the Fetch Standard does: `get`
//! (all lines of a name combined with ", ") and "extract header list values"
//! for the comma-separated `Access-Control-Allow-*` and `-Expose-Headers` lists.
//! <https://fetch.spec.whatwg.org/#concept-header-list-get>

use crate::fetch::method::is_token;
use crate::fetch::request_header::normalize_value;

/// The header lines of one response, as `[name, value]` pairs.
pub type Headers = [(String, String)];

/// Every value of `name` (case-insensitive), in order, whitespace-normalized.
pub fn values<'a>(headers: &'a Headers, name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| normalize_value(v))
        .collect()
}

/// <https://fetch.spec.whatwg.org/#concept-header-list-get>: "the values of all
/// headers in list whose name is a byte-case-insensitive match for name,
/// separated from each other by 0x2C 0x20, in order", or `None`.
pub fn get(headers: &Headers, name: &str) -> Option<String> {
    let vs = values(headers, name);
    if vs.is_empty() {
        None
    } else {
        Some(vs.join(", "))
    }
}

/// One `Name: value` line as people type it (name and value trimmed), or
/// `None` when it has no colon or no name.
pub fn parse_header_line(line: &str) -> Option<(String, String)> {
    match line.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => Some((name.trim().to_string(), value.trim().to_string())),
        _ => None,
    }
}

/// The result of extracting a comma-separated token list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListValues {
    /// The header is absent.
    Absent,
    /// The parsed tokens, in order (empty elements skipped, as `#rule` allows).
    Tokens(Vec<String>),
    /// An element that is not a token: the whole list is a failure.
    Invalid { token: String },
}

impl ListValues {
    pub(crate) fn tokens(&self) -> &[String] {
        match self {
            ListValues::Tokens(t) => t,
            _ => &[],
        }
    }

    pub(crate) fn contains_wildcard(&self) -> bool {
        self.tokens().iter().any(|t| t == "*")
    }
}

/// <https://fetch.spec.whatwg.org/#extract-header-list-values> for a `#token`
/// list such as `Access-Control-Allow-Methods: GET, POST`.
pub(crate) fn extract_token_list(headers: &Headers, name: &str) -> ListValues {
    let vs = values(headers, name);
    if vs.is_empty() {
        return ListValues::Absent;
    }
    let mut tokens = vec![];
    for v in vs {
        for item in v.split(',') {
            let item = normalize_value(item);
            if item.is_empty() {
                continue;
            }
            if !is_token(item) {
                return ListValues::Invalid {
                    token: item.to_string(),
                };
            }
            tokens.push(item.to_string());
        }
    }
    ListValues::Tokens(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn get_combines_repeated_lines_with_comma_space() {
        let hs = h(&[("A", " x "), ("b", "y"), ("a", "z")]);
        assert_eq!(get(&hs, "a").as_deref(), Some("x, z"));
        assert_eq!(get(&hs, "c"), None);
    }

    #[test]
    fn token_lists_skip_empty_elements_and_trim_whitespace() {
        let hs = h(&[
            ("Access-Control-Allow-Methods", " GET ,, PUT,"),
            ("access-control-allow-methods", "DELETE"),
        ]);
        assert_eq!(
            extract_token_list(&hs, "Access-Control-Allow-Methods"),
            ListValues::Tokens(vec!["GET".into(), "PUT".into(), "DELETE".into()])
        );
    }

    #[test]
    fn space_separated_lists_are_invalid() {
        let hs = h(&[("Access-Control-Allow-Headers", "X-A X-B")]);
        assert_eq!(
            extract_token_list(&hs, "Access-Control-Allow-Headers"),
            ListValues::Invalid {
                token: "X-A X-B".into()
            }
        );
    }
}
