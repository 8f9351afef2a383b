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
    let list: List = text
        .parse()
        .map_err(|e| format!("the Public Suffix List does not parse: {e}"))?;
    let _ = LIST.set(list);
    Ok(())
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
