//! Status classes the Fetch Standard names.

/// A redirect status. <https://fetch.spec.whatwg.org/#redirect-status>
pub(crate) fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// <https://fetch.spec.whatwg.org/#ok-status>
pub(crate) fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}
