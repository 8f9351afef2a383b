//! Storing a `Set-Cookie` line, or not, and in which jar.
//! <https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.7>
//! (the storage model), with the name prefixes (§4.1.3), CHIPS's partition
//! (<https://datatracker.ietf.org/doc/html/draft-cutler-httpbis-partitioned-cookies>)
//! and each browser's third-party setting (not standard; fetch/quirks.rs).

use super::same_site::{same_site, site_of};
use super::set_cookie::{parse, Ignored, SameSite};
use super::{CookieReason, Jar, Record, SetCookieVerdict};
use crate::fetch::quirks::Quirks;
use crate::origin::web_url::WebUrl;
use crate::origin::{is_trustworthy_url, Origin};
use crate::scenario::CookieSetting;

/// Where a line arrived: the URL that answered it, the top-level page, and
/// whether the answer was a top-level visit to the URL itself.
pub(crate) struct Context<'a> {
    pub(crate) url: &'a WebUrl,
    pub(crate) page: &'a Origin,
    pub(crate) visit: bool,
}

/// Whether `url` counts as secure for cookies (§5.7 "secure protocol", which
/// the user agent defines): https, and here every potentially trustworthy
/// URL (`http://localhost`…) unless the browser says otherwise
/// (quirks.rs `cookie_secure_needs_https`).
pub(crate) fn secure_for_cookies(url: &WebUrl, quirks: &Quirks) -> bool {
    url.scheme() == "https" || (is_trustworthy_url(url) && !quirks.cookie_secure_needs_https)
}

/// "Domain-match" (§5.1.3).
pub(crate) fn domain_match(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && !host.starts_with('[')
            && host.parse::<std::net::Ipv4Addr>().is_err())
}

/// "Default-path" (§5.1.4): the URL's path up to its last `/`.
pub(crate) fn default_path(url: &WebUrl) -> String {
    let path = url.path();
    match path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) if path.starts_with('/') => path[..i].to_string(),
        _ => "/".into(),
    }
}

/// Stores `line` in `jar`, or says why not.
pub(crate) fn store(
    jar: &mut Jar,
    line: &str,
    ctx: &Context,
    quirks: &Quirks,
    setting: CookieSetting,
) -> SetCookieVerdict {
    let refuse = |name: &str, reason: CookieReason, why: String| SetCookieVerdict {
        hop: None,
        name: name.to_string(),
        line: line.to_string(),
        stored: false,
        partition: None,
        reason,
        devtools: reason.devtools(),
        why,
    };
    let cookie = match parse(line) {
        Ok(c) => c,
        Err(Ignored::ControlCharacter) => {
            return refuse(
                "",
                CookieReason::SyntaxError,
                "the line holds a control character, so the browser ignores it whole".into(),
            )
        }
        Err(Ignored::Empty) => {
            return refuse(
                "",
                CookieReason::NoCookieContent,
                "the line has neither a name nor a value, so the browser ignores it".into(),
            )
        }
        Err(Ignored::TooLarge) => {
            return refuse(
                "",
                CookieReason::TooLarge,
                "name and value are longer than 4096 bytes together, so the browser ignores the line".into(),
            )
        }
    };
    let name = cookie.name.as_str();
    let notes = if cookie.notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", cookie.notes.join("; "))
    };
    let host = ctx.url.host_str().unwrap_or_default().to_ascii_lowercase();
    // §5.7 steps on Domain: a public suffix only as the host itself; the host
    // must domain-match it.
    let (domain, host_only) = match &cookie.domain {
        None => (host.clone(), true),
        Some(d) => {
            let suffix = crate::origin::registrable_domain(d).is_none() && d.parse::<std::net::IpAddr>().is_err();
            if suffix && *d == host {
                (host.clone(), true)
            } else if suffix {
                return refuse(
                    name,
                    CookieReason::InvalidDomain,
                    format!("Domain={d} is a public suffix: no site may set a cookie for all of it"),
                );
            } else if !domain_match(&host, d) {
                return refuse(
                    name,
                    CookieReason::InvalidDomain,
                    format!("Domain={d} does not cover {host}, the host that sent the line"),
                );
            } else {
                (d.clone(), false)
            }
        }
    };
    let path = cookie.path.clone().unwrap_or_else(|| default_path(ctx.url));
    let secure_url = secure_for_cookies(ctx.url, quirks);
    if cookie.secure && !secure_url {
        let why = if ctx.url.scheme() == "https" || !is_trustworthy_url(ctx.url) {
            format!(
                "a Secure cookie may only be set by a secure URL, and {} is not",
                ctx.url.as_str()
            )
        } else {
            // quirks.rs cookie_secure_needs_https
            format!(
                "this browser stores a Secure cookie only from https, and {} is http (loopback does not count, unlike in the spec)",
                ctx.url.as_str()
            )
        };
        return refuse(name, CookieReason::SecureOnly, why);
    }
    // The context the line arrived in: a top-level visit is the URL's own site.
    let (same, site_reason) = if ctx.visit {
        (true, "a top-level visit is the site's own context".to_string())
    } else {
        same_site(ctx.page, ctx.url, quirks.cookie_same_site_ignores_scheme)
    };
    // The third-party setting comes first: a browser that blocks the cookie
    // for it says so alone (Chromium's DevTools lists only UserPreferences).
    let partitioned = cookie.partitioned && !quirks.cookie_ignores_partitioned;
    let blocked = match setting {
        CookieSetting::Blocked => !(partitioned && quirks.cookie_blocked_keeps_partitioned),
        CookieSetting::VisitedOnly => true,
        CookieSetting::Allowed | CookieSetting::Partitioned => false,
    };
    if !same && blocked {
        return refuse(
            name,
            CookieReason::ThirdPartyBlocked,
            format!(
                "a third-party cookie (the answer is cross-site to the page: {site_reason}), and third-party cookies are {}",
                setting_words(setting)
            ),
        );
    }
    if !same && !quirks.cookie_same_site_not_checked_on_set {
        let reason = match cookie.same_site {
            SameSite::Strict => Some(CookieReason::SameSiteStrict),
            SameSite::Lax => Some(CookieReason::SameSiteLax),
            SameSite::Default if !quirks.cookie_unspecified_is_none => {
                Some(CookieReason::SameSiteUnspecifiedTreatedAsLax)
            }
            _ => None,
        };
        if let Some(reason) = reason {
            let what = match reason {
                CookieReason::SameSiteUnspecifiedTreatedAsLax => "no SameSite, which counts as Lax,".to_string(),
                _ => format!("SameSite={}", cookie.same_site.as_str()),
            };
            return refuse(
                name,
                reason,
                format!("the cookie has {what} and came in a cross-site answer ({site_reason}): only same-site answers may set it"),
            );
        }
    }
    if cookie.same_site == SameSite::None && !cookie.secure && !quirks.cookie_none_without_secure_kept {
        return refuse(
            name,
            CookieReason::SameSiteNoneInsecure,
            "SameSite=None without Secure is ignored: a cookie for cross-site use must be Secure".into(),
        );
    }
    // §4.1.3: the prefixes, compared without regard to case.
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("__secure-") && !cookie.secure {
        return refuse(
            name,
            CookieReason::InvalidPrefix,
            "a __Secure- cookie must say Secure".into(),
        );
    }
    if lower.starts_with("__host-")
        && (!cookie.secure || cookie.domain.is_some() || cookie.path.as_deref() != Some("/"))
    {
        return refuse(
            name,
            CookieReason::InvalidPrefix,
            "a __Host- cookie must say Secure and Path=/ and have no Domain".into(),
        );
    }
    if partitioned && !cookie.secure {
        return refuse(
            name,
            CookieReason::PartitionedNotSecure,
            "a Partitioned cookie must be Secure (CHIPS)".into(),
        );
    }
    let page_site = if ctx.visit {
        site_of(&Origin::of_web_url(ctx.url))
    } else {
        site_of(ctx.page)
    };
    // The jar: CHIPS keys a Partitioned cookie to the top-level site; a
    // cross-site answer meets the browser's third-party setting.
    let partition = if same {
        partitioned.then(|| page_site.clone())
    } else {
        match setting {
            CookieSetting::Allowed => partitioned.then(|| page_site.clone()),
            CookieSetting::Partitioned => Some(page_site.clone()),
            // Blocked and kept: a Partitioned cookie (checked above).
            CookieSetting::Blocked | CookieSetting::VisitedOnly => Some(page_site.clone()),
        }
    };
    // Replace an existing cookie of the same name, domain, path and jar.
    let existing = jar
        .records
        .iter()
        .position(|r| r.name == cookie.name && r.domain == domain && r.path == path && r.partition == partition);
    if cookie.expired {
        if let Some(i) = existing {
            jar.records.remove(i);
        }
        return SetCookieVerdict {
            partition,
            ..refuse(
                name,
                CookieReason::Expired,
                "the line's Max-Age or Expires is in the past: it deletes the cookie instead of storing it".into(),
            )
        };
    }
    let record = Record {
        name: cookie.name.clone(),
        value: cookie.value.clone(),
        domain,
        host_only,
        path,
        secure: cookie.secure,
        same_site: cookie.same_site,
        partition: partition.clone(),
    };
    match existing {
        Some(i) => jar.records[i] = record,
        None => jar.records.push(record),
    }
    let why = match &partition {
        Some(p) if !same && setting == CookieSetting::Partitioned && !partitioned => format!(
            "stored in {p}'s jar: third-party cookies are partitioned, so it goes only with requests from pages of that site{notes}"
        ),
        Some(p) => format!("stored Partitioned, keyed to {p}: it goes only with requests from pages of that site{notes}"),
        None if same => format!("stored: the answer is same-site with the page ({site_reason}){notes}"),
        None => format!("stored: a third-party cookie, and third-party cookies are allowed{notes}"),
    };
    SetCookieVerdict {
        hop: None,
        name: name.to_string(),
        line: line.to_string(),
        stored: true,
        partition,
        reason: CookieReason::Stored,
        devtools: None,
        why,
    }
}

/// The setting in words, for sentences.
pub(crate) fn setting_words(setting: CookieSetting) -> &'static str {
    match setting {
        CookieSetting::Allowed => "allowed",
        CookieSetting::Blocked => "blocked",
        CookieSetting::Partitioned => "partitioned (each top-level site has its own jar)",
        CookieSetting::VisitedOnly => "accepted only from sites the user visits",
    }
}
