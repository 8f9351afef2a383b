//! The cookies that go with a request, and its `Cookie` line.
//! <https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.8.3>
//! (the retrieval algorithm), with CHIPS's partition check and each
//! browser's third-party setting (fetch/quirks.rs).

use super::same_site::{same_site, site_of};
use super::set_cookie::SameSite;
use super::storage::{domain_match, secure_for_cookies, setting_words};
use super::{CookieOnRequest, CookieReason, Jar, Record};
use crate::fetch::quirks::Quirks;
use crate::origin::web_url::WebUrl;
use crate::origin::Origin;
use crate::scenario::CookieSetting;

/// "Path-match" (§5.1.4).
fn path_match(request_path: &str, cookie_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

/// Every cookie of the jar for a request to `url` from the top-level page
/// `page`: sent or not and why, and the `Cookie` line (`None` when none goes).
/// `credentials` is Fetch's "include credentials" for this request;
/// `after_cross_site` says an earlier hop of its redirect chain was cross-site.
#[allow(clippy::too_many_arguments)]
pub(crate) fn cookies_for(
    jar: &Jar,
    url: &WebUrl,
    page: &Origin,
    credentials: bool,
    after_cross_site: bool,
    quirks: &Quirks,
    setting: CookieSetting,
    hop: usize,
) -> (Vec<CookieOnRequest>, Option<String>) {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let (same, site_reason) = same_site(page, url, quirks.cookie_same_site_ignores_scheme);
    // Not in the spec: quirks.rs cookie_same_site_counts_redirect_chain and
    // cookie_third_party_counts_redirect_chain.
    // WebKit judges SameSite on a hop back on the page's own origin by itself
    // again (its third-party rule still counts the chain).
    let home = quirks.cookie_redirect_chain_ends_at_page_origin && page.is_origin_of(url);
    let chained = |rule: bool| same && after_cross_site && rule;
    let chain_words = "the request followed a cross-site redirect, and this browser then treats it as cross-site";
    let (same_for_same_site, same_site_reason) = if chained(quirks.cookie_same_site_counts_redirect_chain) && !home {
        (false, chain_words.to_string())
    } else {
        (same, site_reason.clone())
    };
    let (same, site_reason) = if chained(quirks.cookie_third_party_counts_redirect_chain) {
        (false, chain_words.to_string())
    } else {
        (same, site_reason)
    };
    let page_site = site_of(page);
    let secure = secure_for_cookies(url, quirks);
    let mut out = Vec::with_capacity(jar.records.len());
    let mut sent: Vec<&Record> = vec![];
    for r in &jar.records {
        let verdict = |reason: CookieReason, why: String| CookieOnRequest {
            hop,
            name: r.name.clone(),
            sent: matches!(
                reason,
                CookieReason::SameSite | CookieReason::ThirdPartyAllowed | CookieReason::SamePartition
            ),
            reason,
            devtools: reason.devtools(),
            why,
        };
        let domain_ok = if r.host_only {
            host == r.domain
        } else {
            domain_match(&host, &r.domain)
        };
        let v = if !domain_ok {
            verdict(
                CookieReason::DomainMismatch,
                format!(
                    "the cookie belongs to {}{}, not to {host}",
                    if r.host_only { "the host " } else { "the domain " },
                    r.domain
                ),
            )
        } else if !path_match(url.path(), &r.path) {
            verdict(
                CookieReason::NotOnPath,
                format!("the cookie's Path is {}, and {} is not under it", r.path, url.path()),
            )
        } else if !credentials {
            verdict(
                CookieReason::NoCredentials,
                "this request goes without credentials, so no cookie goes with it".into(),
            )
        } else if r.secure && !secure {
            verdict(
                CookieReason::SecureOnly,
                format!(
                    "a Secure cookie goes only to secure URLs, and {} is not one here",
                    url.as_str()
                ),
            )
        } else if r.partition.as_deref().is_some_and(|p| p != page_site) {
            verdict(
                CookieReason::OtherPartition,
                format!(
                    "the cookie is in {}'s jar, and this page is on {page_site}",
                    r.partition.as_deref().unwrap_or_default()
                ),
            )
        } else if let (false, Some(reason)) = (same_for_same_site, cross_site_block(r.same_site, quirks)) {
            let what = match reason {
                CookieReason::SameSiteUnspecifiedTreatedAsLax => "no SameSite, which counts as Lax".to_string(),
                _ => format!("SameSite={}", r.same_site.as_str()),
            };
            verdict(
                reason,
                format!("the cookie has {what}, and this request is cross-site ({same_site_reason})"),
            )
        } else if same {
            verdict(
                CookieReason::SameSite,
                format!("sent: the request is same-site with the page ({site_reason})"),
            )
        } else if r.partition.is_some() {
            verdict(
                CookieReason::SamePartition,
                format!("sent: a partitioned cookie of {page_site}, this page's site"),
            )
        } else {
            match setting {
                CookieSetting::Allowed | CookieSetting::VisitedOnly => verdict(
                    CookieReason::ThirdPartyAllowed,
                    format!(
                        "sent as a third-party cookie (the request is cross-site: {site_reason}), and third-party cookies are {}",
                        setting_words(setting)
                    ),
                ),
                CookieSetting::Blocked => verdict(
                    CookieReason::ThirdPartyBlocked,
                    format!("a third-party cookie (the request is cross-site: {site_reason}), and third-party cookies are blocked"),
                ),
                CookieSetting::Partitioned => verdict(
                    CookieReason::OtherPartition,
                    format!(
                        "third-party cookies are partitioned: this cookie is in {}'s own jar, and a page on {page_site} gets only its own",
                        site_of(&Origin::of_web_url(url))
                    ),
                ),
            }
        };
        if v.sent {
            sent.push(r);
        }
        out.push(v);
    }
    // §5.8.3 step 2: longer paths first, then older cookies first (stable sort).
    sent.sort_by_key(|r| std::cmp::Reverse(r.path.len()));
    let line = (!sent.is_empty()).then(|| sent.iter().map(|r| r.pair()).collect::<Vec<_>>().join("; "));
    (out, line)
}

/// Why a cookie of this `SameSite` does not go cross-site, if it does not.
fn cross_site_block(same_site: SameSite, quirks: &Quirks) -> Option<CookieReason> {
    match same_site {
        SameSite::Strict => Some(CookieReason::SameSiteStrict),
        SameSite::Lax => Some(CookieReason::SameSiteLax),
        SameSite::Default if !quirks.cookie_unspecified_is_none => Some(CookieReason::SameSiteUnspecifiedTreatedAsLax),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_match_follows_5_1_4() {
        assert!(path_match("/api/x", "/api"));
        assert!(path_match("/api", "/api"));
        assert!(path_match("/api/x", "/api/"));
        assert!(!path_match("/apix", "/api"));
        assert!(path_match("/anything", "/"));
    }
}
