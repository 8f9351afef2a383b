//! What to do when a cookie does not arrive (or is not stored): the real
//! options, what each costs, and — computed, not guessed — in which browsers
//! (each with its default setting) the cookie then arrives. Each option is the
//! scenario changed the way the option says, decided again.

use crate::cookies::CookieReason;
use crate::decision::{Browser, Decision};
use crate::scenario::{CredentialsMode, Scenario};
use serde::Serialize;

/// One way out, and in which browsers it works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CookieOption {
    /// Short name, for code and tests: `include_credentials`, `one_site`,
    /// `same_site_none`, `partitioned`, `same_origin_proxy`, `token`.
    pub key: &'static str,
    pub title: String,
    pub how: String,
    pub cost: String,
    /// The browsers (each with its default cookie setting) in which every
    /// cookie that did not go then goes; `None` where no cookie is needed.
    pub works_in: Option<Vec<Browser>>,
}

const BROWSERS: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::WebKit];

/// The names of the cookies that did not go with the last hop's request, and
/// the lines not stored, in `d`.
fn missing(d: &Decision) -> Vec<String> {
    let last = d.sent.iter().filter(|r| !r.preflight).map(|r| r.hop).max();
    let mut names: Vec<String> = d
        .cookies
        .iter()
        .filter(|c| Some(c.hop) == last && !c.sent)
        .filter(|c| !matches!(c.reason, CookieReason::DomainMismatch | CookieReason::NotOnPath))
        .map(|c| c.name.clone())
        .collect();
    names.extend(d.held_cookies.iter().filter(|h| !h.stored).map(|h| h.name.clone()));
    names.sort();
    names.dedup();
    names
}

/// The browsers in which `changed` sends every cookie of `names` on its last hop.
fn works_in(changed: &Scenario, names: &[String]) -> Vec<Browser> {
    BROWSERS
        .into_iter()
        .filter(|b| {
            let mut s = changed.clone();
            s.cookies.setting = None;
            let d = crate::verdict(&s, *b);
            let last = d.sent.iter().filter(|r| !r.preflight).map(|r| r.hop).max();
            names
                .iter()
                .all(|n| d.cookies.iter().any(|c| Some(c.hop) == last && c.sent && c.name == *n))
        })
        .collect()
}

/// Rewrites each held cookie's line with `f` (the attributes after the pair).
fn with_lines(s: &Scenario, f: impl Fn(&str) -> String) -> Scenario {
    let mut s = s.clone();
    for h in &mut s.cookies.held {
        h.set_cookie = f(&h.set_cookie);
    }
    s
}

/// Drops SameSite, Secure and Partitioned attributes from a line, then adds `extra`.
fn reattribute(line: &str, extra: &str) -> String {
    let mut parts = line.split(';').map(str::trim);
    let pair = parts.next().unwrap_or_default().to_string();
    let kept: Vec<&str> = parts
        .filter(|a| {
            let name = a.split('=').next().unwrap_or_default().trim().to_ascii_lowercase();
            !matches!(name.as_str(), "samesite" | "secure" | "partitioned") && !a.is_empty()
        })
        .collect();
    let mut out = pair;
    for a in kept {
        out.push_str("; ");
        out.push_str(a);
    }
    out + extra
}

/// The options for a decision whose cookies did not all go; empty when they
/// did, or when the scenario holds none.
pub fn options(scenario: &Scenario, d: &Decision) -> Vec<CookieOption> {
    let names = missing(d);
    if names.is_empty() {
        return vec![];
    }
    let mut out = vec![];
    if d.cookies.iter().any(|c| c.reason == CookieReason::NoCredentials) {
        let mut s = scenario.clone();
        s.request.credentials = CredentialsMode::Include;
        out.push(CookieOption {
            key: "include_credentials",
            title: "Send credentials: fetch(url, { credentials: 'include' })".into(),
            how: "Without it a cross-origin request carries no cookie at all, and the answer's Set-Cookie is ignored.".into(),
            cost: "The server must then answer with the exact origin and Access-Control-Allow-Credentials: true (never '*').".into(),
            works_in: Some(works_in(&s, &names)),
        });
    }
    // The page and the API on one site: the API moves under the page's registrable domain.
    let page = crate::origin::Origin::parse(&scenario.page).ok();
    if let Some(site) = page.as_ref().and_then(|p| p.registrable_domain()) {
        let moved = |url: &str| -> String {
            let Ok(u) = crate::origin::web_url::WebUrl::parse(url) else {
                return url.to_string();
            };
            let host = u.host_str().unwrap_or_default();
            let already = crate::origin::registrable_domain(host).as_deref() == Some(site.as_str());
            if already {
                return url.to_string();
            }
            url.replacen(host, &format!("api.{site}"), 1)
        };
        let mut s = scenario.clone();
        s.request.url = moved(&s.request.url);
        for hop in s.server.hops_mut() {
            if let Some(u) = &hop.url {
                hop.url = Some(moved(u));
            }
        }
        for h in &mut s.cookies.held {
            h.url = moved(&h.url);
        }
        if s != *scenario {
            out.push(CookieOption {
                key: "one_site",
                title: format!("Serve the API on the page's site (api.{site})"),
                how: "A request to a host of the same registrable domain is same-site: SameSite, third-party blocking and partitioning no longer apply (CORS still does between origins).".into(),
                cost: "A DNS name and a certificate for the API under your site; the cookie is then set by that host.".into(),
                works_in: Some(works_in(&s, &names)),
            });
        }
    }
    let none = with_lines(scenario, |l| reattribute(l, "; SameSite=None; Secure"));
    out.push(CookieOption {
        key: "same_site_none",
        title: "Set the cookie with SameSite=None; Secure".into(),
        how: "Only such a cookie may go with a cross-site request (and only over https).".into(),
        cost: "It then goes with every cross-site request (guard against CSRF); browsers that block or partition third-party cookies still keep it back.".into(),
        works_in: Some(works_in(&none, &names)),
    });
    let partitioned = with_lines(scenario, |l| reattribute(l, "; SameSite=None; Secure; Partitioned"));
    out.push(CookieOption {
        key: "partitioned",
        title: "Set it Partitioned (CHIPS), set by the API while the page is open".into(),
        how: "A Partitioned cookie set in a cross-site answer is kept in a jar of the page's site, even where third-party cookies are blocked (Chromium).".into(),
        cost: "One cookie per top-level site: the API cannot recognise the same user across sites. Set it from the cross-site answer, not on a visit to the API.".into(),
        works_in: Some({
            // Set the way CHIPS means: by a credentialed fetch from the page.
            let mut s = partitioned.clone();
            for h in &mut s.cookies.held {
                h.via = crate::scenario::Via::Fetch;
                h.from = Some(scenario.page.clone());
            }
            works_in(&s, &names)
        }),
    });
    out.push(CookieOption {
        key: "same_origin_proxy",
        title: "Proxy the API through the page's own origin (/api → the API)".into(),
        how: "The page fetches its own origin; your web server forwards to the API. No CORS, and the cookie is first-party.".into(),
        cost: "A server hop and its configuration; the API sees the proxy, not the browser.".into(),
        works_in: Some(BROWSERS.to_vec()),
    });
    out.push(CookieOption {
        key: "token",
        title: "Use a token instead of a cookie (Authorization: Bearer …)".into(),
        how: "Script sends the token itself; no cookie rule applies.".into(),
        cost: "A preflight for the Authorization header (list it in Access-Control-Allow-Headers); the token lives where script can read it (no HttpOnly).".into(),
        works_in: None,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_third_party_cookie_gets_computed_options() {
        let s = crate::parse_scenario(
            r#"{"page": "https://app.example", "request": {"url": "https://api.other.example/me", "credentials": "include"},
                "cookies": {"held": [{"set_cookie": "sid=1; SameSite=Lax", "url": "https://api.other.example/"}]}}"#,
        )
        .unwrap();
        let d = crate::decide(&s, Browser::Chromium);
        let o = options(&s, &d);
        let by = |k: &str| o.iter().find(|x| x.key == k).unwrap();
        // One site: works everywhere (same-site).
        assert_eq!(by("one_site").works_in.as_deref(), Some(&BROWSERS[..]));
        // SameSite=None; Secure: still blocked by each default third-party setting.
        assert_eq!(by("same_site_none").works_in.as_deref(), Some(&[][..]));
        // Partitioned, set by the answer: Chromium and Firefox keep it; WebKit ignores the attribute and blocks it.
        assert_eq!(
            by("partitioned").works_in.as_deref(),
            Some(&[Browser::Chromium, Browser::Firefox][..])
        );
        assert!(o.iter().all(|x| x.key != "include_credentials"));
        // Everything went: no options.
        let s = crate::parse_scenario(
            r#"{"page": "https://app.example", "request": {"url": "https://api.app.example/me", "credentials": "include"},
                "cookies": {"held": [{"set_cookie": "sid=1", "url": "https://api.app.example/"}]}}"#,
        )
        .unwrap();
        assert!(options(&s, &crate::decide(&s, Browser::Chromium)).is_empty());
    }

    #[test]
    fn without_credentials_the_first_option_is_to_include_them() {
        let s = crate::parse_scenario(
            r#"{"page": "https://app.example", "request": {"url": "https://api.app.example/me"},
                "cookies": {"held": [{"set_cookie": "sid=1", "url": "https://api.app.example/"}]}}"#,
        )
        .unwrap();
        let o = options(&s, &crate::decide(&s, Browser::Firefox));
        assert_eq!(o[0].key, "include_credentials");
        assert_eq!(o[0].works_in.as_deref(), Some(&BROWSERS[..]));
    }
}
