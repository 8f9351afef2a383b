//! Same-site and cross-site requests, and the site a cookie partition is keyed to.
//! <https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.2>
//! The page is always a top-level document here, so its origin is the "site
//! for cookies"; a request is same-site when its current URL is schemefully
//! same-site with it (ports never count). Each hop of a redirect chain is
//! judged on its own URL, as for any request that is not a navigation.

use crate::origin::web_url::WebUrl;
use crate::origin::{compare, Origin};

/// Whether a request to `url` from a top-level page of origin `page` is
/// same-site, with the reason (an opaque page is cross-site with everything).
/// `schemeless`: the browser ignores the scheme (quirks.rs
/// `cookie_same_site_ignores_scheme`; the spec's same-site is schemeful).
pub(crate) fn same_site(page: &Origin, url: &WebUrl, schemeless: bool) -> (bool, String) {
    let target = Origin::of_web_url(url);
    if let (true, Origin::Tuple { scheme: a, .. }, Origin::Tuple { scheme: b, host, port }) =
        (schemeless, page, &target)
    {
        if a != b {
            let as_page = Origin::Tuple {
                scheme: a.clone(),
                host: host.clone(),
                port: *port,
            };
            let c = compare(page, &as_page);
            let why = format!(
                "{} (this browser ignores the scheme, {b} and {a}, when it decides same-site for cookies)",
                c.same_site_reason
            );
            return (c.same_site, why);
        }
    }
    let c = compare(page, &target);
    (c.same_site, c.same_site_reason)
}

/// A site as a partition key is written: `scheme://registrable-domain` (or
/// the host, for an IP address or a name with no registrable domain);
/// `null` for an opaque origin.
/// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site>
pub(crate) fn site_of(origin: &Origin) -> String {
    match origin {
        Origin::Opaque { .. } => "null".into(),
        Origin::Tuple { scheme, host, .. } => {
            format!("{scheme}://{}", origin.registrable_domain().as_deref().unwrap_or(host))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> WebUrl {
        WebUrl::parse(u).unwrap()
    }

    #[test]
    fn ports_and_subdomains_stay_same_site_schemes_do_not() {
        let page = Origin::parse("https://site-a.example").unwrap();
        assert!(same_site(&page, &url("https://api.site-a.example:8443/x"), false).0);
        assert!(!same_site(&page, &url("http://site-a.example/x"), false).0);
        assert!(!same_site(&page, &url("https://site-b.example/"), false).0);
        let local = Origin::parse("http://localhost:8080").unwrap();
        assert!(same_site(&local, &url("http://localhost:8081/"), false).0);
        // Each *.localhost name is a site of its own (the list's default rule).
        assert!(!same_site(&local, &url("http://api.localhost:8081/"), false).0);
        assert!(!same_site(&local, &url("http://127.0.0.1:8081/"), false).0);
        // Schemeless (Firefox, WebKit): http and https of one site are one site.
        let http = Origin::parse("http://site-a.example").unwrap();
        assert!(!same_site(&http, &url("https://site-a.example/"), false).0);
        assert!(same_site(&http, &url("https://api.site-a.example/"), true).0);
        assert!(!same_site(&http, &url("https://site-b.example/"), true).0);
    }

    #[test]
    fn sites_are_scheme_and_registrable_domain() {
        assert_eq!(
            site_of(&Origin::parse("https://api.site-a.example:8443").unwrap()),
            "https://site-a.example"
        );
        assert_eq!(
            site_of(&Origin::parse("http://127.0.0.1:8081").unwrap()),
            "http://127.0.0.1"
        );
        assert_eq!(
            site_of(&Origin::parse("http://a.corscope.localhost:1").unwrap()),
            "http://corscope.localhost"
        );
        assert_eq!(site_of(&Origin::parse("null").unwrap()), "null");
    }
}
