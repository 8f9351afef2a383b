//! The Public Suffix List, for registrable domains and so same-site.
//! <https://url.spec.whatwg.org/#host-registrable-domain>
//!
//! Natively the list (crates/engine/data/public_suffix_list.dat) is compiled
//! in (feature `embedded-psl`). The wasm app leaves it out of the first page
//! load and hands the text over with [`install`] once fetched.

use publicsuffix::{List, Psl};
use std::sync::OnceLock;

static LIST: OnceLock<List> = OnceLock::new();

#[cfg(feature = "embedded-psl")]
const EMBEDDED: &str = include_str!("../../data/public_suffix_list.dat");

/// Parses and installs the list; a second call keeps the first list.
pub fn install(text: &str) -> Result<(), String> {
    #[cfg(not(feature = "url"))]
    let text = &with_ascii_rules(text);
    let list: List = text
        .parse()
        .map_err(|e| format!("the Public Suffix List does not parse: {e}"))?;
    let _ = LIST.set(list);
    Ok(())
}

/// Without IDNA compiled in (no `url` feature), each non-ASCII rule is added
/// again in its ASCII form, as the `publicsuffix` crate's `punycode` feature
/// does, converted by the installed URL parser (the page's `URL`).
#[cfg_attr(feature = "url", allow(dead_code))]
fn with_ascii_rules(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16 * 1024);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        let rule = line.split_whitespace().next().unwrap_or_default();
        if rule.is_ascii() || rule.starts_with("//") {
            continue;
        }
        let (prefix, name) = match rule.strip_prefix("*.") {
            Some(name) => ("*.", name),
            None => rule.strip_prefix('!').map_or(("", rule), |name| ("!", name)),
        };
        if let Ok(url) = super::web_url::WebUrl::parse(&format!("http://{name}/")) {
            if let Some(host) = url.host_str() {
                out.push_str(prefix);
                out.push_str(host);
                out.push('\n');
            }
        }
    }
    out
}

fn list() -> Option<&'static List> {
    #[cfg(feature = "embedded-psl")]
    if LIST.get().is_none() {
        let _ = install(EMBEDDED);
    }
    LIST.get()
}

/// Whether registrable domains can be computed yet.
pub fn is_loaded() -> bool {
    list().is_some()
}

/// The registrable domain of a domain host: `Some(None)` for a public suffix
/// itself, `None` while the list is not loaded.
pub(crate) fn registrable_domain(host: &str) -> Option<Option<String>> {
    let list = list()?;
    Some(
        list.domain(host.as_bytes())
            .and_then(|d| std::str::from_utf8(d.as_bytes()).ok().map(str::to_string)),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn non_ascii_rules_are_added_in_their_ascii_form() {
        let text = "// ===BEGIN ICANN DOMAINS===\ncom\n公司.cn\n*.ファミリーマート\n!例.公司.cn\n// 注释\n";
        assert_eq!(
            super::with_ascii_rules(text),
            "// ===BEGIN ICANN DOMAINS===\ncom\n公司.cn\nxn--55qx5d.cn\n*.ファミリーマート\n*.xn--bck1dqbybe0esgb\n\
             !例.公司.cn\n!xn--fsq.xn--55qx5d.cn\n// 注释\n"
        );
    }
}
