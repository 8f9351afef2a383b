//! A scenario with cookies, run for real on the lab's cookie hosts: its hosts
//! mapped onto names that keep their site relations (the page's site onto
//! `corscope-a.localhost`, a second host of it onto
//! `api.corscope-a.localhost`, each other site onto `corscope-b.localhost`,
//! then `corscope-c.localhost`), its `Set-Cookie` lines registered for the run
//! ([`CookieTicket`]), and the steps that give the browser its held cookies
//! (a visit, or a credentialed fetch from the cookie page on a page's origin)
//! before the cookie page on the page's origin runs the request.

use super::{run_url, CookieTicket, COOKIE_PAGE_PATH, SCENARIO_PATH, VISIT_PARAM};
use crate::origin::web_url::WebUrl;
use crate::origin::Origin;
use crate::scenario::{Scenario, Server, Via};

/// One step that gives the browser a held cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetUp {
    /// A top-level visit to this URL.
    Visit(String),
    /// The cookie page on `page` fetches `url` with credentials.
    Fetch { page: String, url: String },
}

/// What to do to run a scenario with its cookies on the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieRunPlan {
    /// The scenario on the lab (the engine's prediction is for this one).
    pub scenario: Scenario,
    /// The lines the run may set: register it before anything else.
    pub ticket: CookieTicket,
    pub set_up: Vec<SetUp>,
    /// The page's origin on the lab: the cookie page there runs the request
    /// ([`cookie_page_url`]).
    pub page: String,
    /// Which lab host stands for which of the scenario's, for people.
    pub hosts: Vec<(String, String)>,
}

/// The cookie page on `page` running `request` (its fragment: a
/// [`super::CookieRun`] as JSON, percent-encoded), step `n` of `run` (the
/// lab tells the page that registered the run what script saw).
pub fn cookie_page_url(page: &str, request: &super::CookieRun, run: &str, n: usize) -> String {
    let json = serde_json::to_string(request).unwrap_or_default();
    let fragment: String = form_urlencoded::byte_serialize(json.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let run: String = form_urlencoded::byte_serialize(run.as_bytes()).collect();
    format!("{page}{COOKIE_PAGE_PATH}?run={run}&n={n}#{fragment}")
}

const A: [&str; 2] = ["corscope-a.localhost", "api.corscope-a.localhost"];
const OTHERS: [&str; 2] = ["corscope-b.localhost", "corscope-c.localhost"];

struct Map {
    /// (host, lab host)
    hosts: Vec<(String, String)>,
    /// (site domain, lab site)
    sites: Vec<(String, String)>,
    ports: super::CookieHostPorts,
    /// The one other port of each scheme the scenario names (mapped onto the
    /// lab's scenario origin of that scheme).
    other: std::cell::RefCell<Vec<(String, u16)>>,
}

impl Map {
    /// The lab origin of a URL's origin, and whether cookies can be set and
    /// the cookie page opened there (the cookie hosts' own ports).
    fn place(&self, url: &WebUrl) -> Result<(String, bool), String> {
        let host = url.host_str().unwrap_or_default();
        let lab = self
            .hosts
            .iter()
            .find(|(h, _)| h == host)
            .map(|(_, l)| l.clone())
            .ok_or_else(|| format!("{host} has no place on the lab"))?;
        let scheme = url.scheme();
        let (own, other) = match scheme {
            "https" => (Some(self.ports.https), self.ports.https_other),
            "http" => (self.ports.http, self.ports.http_other),
            s => return Err(format!("{s}: URLs cannot run on the lab")),
        };
        let port = url.port_or_known_default();
        if port == crate::origin::default_port(scheme) {
            let own = own.ok_or("this lab has no http cookie hosts")?;
            return Ok((format!("{scheme}://{lab}:{own}"), true));
        }
        // Another port: the lab's scenario origin of that scheme, for one port.
        let port = port.unwrap_or_default().to_string();
        let mut taken = self.other.borrow_mut();
        match taken.iter().find(|(s, _)| s == scheme) {
            Some((_, p)) if p.to_string() != port => {
                return Err(format!(
                    "{}: a second port other than the default for {scheme}: the lab has one",
                    url.as_str()
                ))
            }
            Some(_) => {}
            None => taken.push((scheme.to_string(), port.parse().unwrap_or_default())),
        }
        let other = other.ok_or_else(|| format!("{}: this lab has no other {scheme} port", url.as_str()))?;
        Ok((format!("{scheme}://{lab}:{other}"), false))
    }

    fn origin(&self, url: &WebUrl) -> Result<String, String> {
        self.place(url).map(|(o, _)| o)
    }

    /// The lab origin of a place cookies are set, or the cookie page opened.
    fn cookie_origin(&self, url: &WebUrl) -> Result<String, String> {
        match self.place(url)? {
            (o, true) => Ok(o),
            (_, false) => Err(format!(
                "{}: cookies are set, and the page runs, on the default port only",
                url.as_str()
            )),
        }
    }

    /// A URL where a cookie is set, on the lab.
    fn cookie_url(&self, text: &str) -> Result<String, String> {
        let u = WebUrl::parse(text.trim()).map_err(|e| format!("'{text}': {e}"))?;
        let query = u.query().map(|q| format!("?{q}")).unwrap_or_default();
        Ok(format!("{}{}{query}", self.cookie_origin(&u)?, u.path()))
    }

    /// An origin value (Access-Control-Allow-Origin): mapped when it is one of the scenario's.
    fn value(&self, v: &str) -> String {
        match WebUrl::parse(v.trim()) {
            Ok(u) if Origin::of_web_url(&u).serialize() == v.trim() => {
                self.origin(&u).unwrap_or_else(|_| v.to_string())
            }
            _ => v.to_string(),
        }
    }

    /// A `Set-Cookie` line with its `Domain` on the lab.
    fn line(&self, line: &str) -> String {
        let mut parts: Vec<String> = line.split(';').map(str::to_string).collect();
        for part in parts.iter_mut().skip(1) {
            let (name, value) = part.split_once('=').unwrap_or((part.as_str(), ""));
            if !name.trim().eq_ignore_ascii_case("domain") {
                continue;
            }
            let d = value.trim().trim_start_matches('.').to_ascii_lowercase();
            let lab = self
                .hosts
                .iter()
                .chain(&self.sites)
                .find(|(h, _)| *h == d)
                .map(|(_, l)| l.clone());
            if let Some(lab) = lab {
                *part = format!(" Domain={lab}");
            }
        }
        parts.join(";")
    }
}

fn site_of_host(host: &str) -> String {
    crate::origin::registrable_domain(host).unwrap_or_else(|| host.to_string())
}

/// Plans the run of `s` (with run id `run`) on the cookie hosts at `ports`.
pub fn plan(s: &Scenario, ports: super::CookieHostPorts, run: &str) -> Result<CookieRunPlan, String> {
    let page = WebUrl::parse(s.page.trim()).map_err(|e| format!("the page: {e}"))?;
    // Every host the scenario names, the page's first.
    let mut urls = vec![page.clone()];
    let mut push = |t: &str| -> Result<(), String> {
        urls.push(WebUrl::parse(t.trim()).map_err(|e| format!("'{t}': {e}"))?);
        Ok(())
    };
    push(&s.request.url)?;
    for h in &s.cookies.held {
        push(&h.url)?;
        if let Some(f) = &h.from {
            push(f)?;
        }
    }
    for hop in s.server.hops() {
        if let Some(u) = &hop.url {
            push(u)?;
        }
        for (n, v) in hop.response.iter().flat_map(|a| &a.headers) {
            if n.eq_ignore_ascii_case("location") {
                if WebUrl::parse(v.trim()).is_err() {
                    return Err(format!(
                        "the Location '{v}' is not an absolute URL: the lab follows absolute ones"
                    ));
                }
                push(v)?;
            }
        }
    }
    let page_host = page.host_str().unwrap_or_default().to_string();
    let page_site = site_of_host(&page_host);
    let mut map = Map {
        hosts: vec![(page_host, A[0].to_string())],
        sites: vec![(page_site.clone(), A[0].to_string())],
        ports,
        other: Default::default(),
    };
    let (mut a_next, mut other_next) = (1, 0);
    for u in &urls {
        let host = u.host_str().unwrap_or_default().to_string();
        if map.hosts.iter().any(|(h, _)| *h == host) {
            continue;
        }
        let site = site_of_host(&host);
        if site == page_site {
            let lab = A
                .get(a_next)
                .ok_or("more than two hosts of the page's site: the lab has two names for it")?;
            a_next += 1;
            map.hosts.push((host, lab.to_string()));
        } else if map.sites.iter().any(|(s, _)| *s == site) {
            return Err(format!(
                "{host}: two hosts of another site than the page's: the lab has one name for each"
            ));
        } else {
            let lab = OTHERS
                .get(other_next)
                .ok_or("more than three sites: the lab's cookie hosts are three sites")?;
            other_next += 1;
            map.hosts.push((host, lab.to_string()));
            map.sites.push((site, lab.to_string()));
        }
    }
    // The server part: hops on the lab's scenario endpoint, values mapped.
    let mut server = s.server.clone();
    let mut answers = vec![];
    let mut at = WebUrl::parse(s.request.url.trim()).map_err(|e| e.to_string())?;
    for hop in server.hops_mut() {
        if let Some(u) = &hop.url {
            at = WebUrl::parse(u.trim()).map_err(|e| e.to_string())?;
            hop.url = Some(format!("{}{SCENARIO_PATH}", map.origin(&at)?));
        }
        // A Set-Cookie goes out on the cookie hosts' own ports only.
        let sets_cookies = [&hop.preflight, &hop.response]
            .into_iter()
            .flatten()
            .any(|a| a.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("set-cookie")));
        if sets_cookies {
            map.cookie_origin(&at)?;
        }
        for a in [hop.preflight.as_mut(), hop.response.as_mut()].into_iter().flatten() {
            for (n, v) in &mut a.headers {
                if n.eq_ignore_ascii_case("set-cookie") {
                    *v = map.line(v);
                    answers.push(v.clone());
                } else if n.eq_ignore_ascii_case("location") {
                    let u = WebUrl::parse(v.trim()).map_err(|e| e.to_string())?;
                    *v = format!("{}{SCENARIO_PATH}", map.origin(&u)?);
                } else {
                    *v = map.value(v);
                }
            }
        }
    }
    let target = WebUrl::parse(s.request.url.trim()).map_err(|e| e.to_string())?;
    let url = run_url(&format!("{}{SCENARIO_PATH}", map.origin(&target)?), &server, run);
    let page_origin = map.cookie_origin(&page)?;
    let mut mapped = s.clone();
    mapped.page = page_origin.clone();
    mapped.request.url = url;
    mapped.server = match server {
        Server::Single(h) => Server::Single(h),
        Server::Chain(v) => Server::Chain(v),
    };
    mapped.expect = None;
    let mut set_up = vec![];
    for (n, h) in mapped.cookies.held.iter_mut().enumerate() {
        h.set_cookie = map.line(&h.set_cookie);
        h.url = map.cookie_url(&h.url)?;
        let sep = if h.url.contains('?') { '&' } else { '?' };
        let visit = format!("{}{sep}{VISIT_PARAM}={run}.{n}", h.url);
        match (&h.via, &h.from) {
            (Via::Fetch, Some(from)) => {
                let from = map.cookie_origin(&WebUrl::parse(from.trim()).map_err(|e| e.to_string())?)?;
                h.from = Some(from.clone());
                set_up.push(SetUp::Fetch { page: from, url: visit });
            }
            _ => set_up.push(SetUp::Visit(visit)),
        }
    }
    let ticket = CookieTicket {
        run: run.to_string(),
        held: mapped
            .cookies
            .held
            .iter()
            .map(|h| (h.url.clone(), h.set_cookie.clone()))
            .collect(),
        answers,
    };
    ticket.check()?;
    Ok(CookieRunPlan {
        scenario: mapped,
        ticket,
        set_up,
        page: page_origin,
        hosts: map.hosts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_keep_their_relations_on_the_lab() {
        let s = crate::parse_scenario(
            r#"{"page": "https://shop.example", "request": {"url": "https://api.example/me?x=1", "credentials": "include"},
                "cookies": {"held": [{"set_cookie": "sid=1; Domain=api.example; SameSite=None; Secure", "url": "https://api.example/login"},
                                     {"set_cookie": "p=1; Secure; Partitioned", "url": "https://api.example/", "via": "fetch", "from": "https://shop.example"},
                                     {"set_cookie": "own=1", "url": "https://www.shop.example/"}]},
                "server": {"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://shop.example"],
                    ["Access-Control-Allow-Credentials", "true"], ["Set-Cookie", "n=1; Domain=.API.example; Secure"]]}}}"#,
        )
        .unwrap();
        let ports = crate::lab::CookieHostPorts {
            https: 8444,
            http: Some(8445),
            https_other: Some(8443),
            http_other: Some(8081),
        };
        let p = plan(&s, ports, "r1").unwrap();
        assert_eq!(p.page, "https://corscope-a.localhost:8444");
        assert!(p
            .scenario
            .request
            .url
            .starts_with("https://corscope-b.localhost:8444/s/v1?run=r1"));
        let held: Vec<&str> = p.scenario.cookies.held.iter().map(|h| h.set_cookie.as_str()).collect();
        assert_eq!(held[0], "sid=1; Domain=corscope-b.localhost; SameSite=None; Secure");
        assert_eq!(p.scenario.cookies.held[2].url, "https://api.corscope-a.localhost:8444/");
        assert_eq!(
            p.set_up[0],
            SetUp::Visit("https://corscope-b.localhost:8444/login?corscope-visit=r1.0".into())
        );
        assert_eq!(
            p.set_up[1],
            SetUp::Fetch {
                page: "https://corscope-a.localhost:8444".into(),
                url: "https://corscope-b.localhost:8444/?corscope-visit=r1.1".into()
            }
        );
        let answer = &p.scenario.server.hops()[0].response.as_ref().unwrap().headers;
        assert_eq!(answer[0].1, "https://corscope-a.localhost:8444");
        assert_eq!(p.ticket.answers, ["n=1; Domain=corscope-b.localhost; Secure"]);
        // A Domain the lab has no name for (here a public suffix) cannot run on the lab.
        let mut bad = s.clone();
        bad.cookies.held[0].set_cookie = "x=1; Domain=example".into();
        assert!(plan(&bad, ports, "r2").unwrap_err().contains("its own names only"));
        // The engine's same verdict for both.
        let (d, e) = (
            crate::decide(&s, crate::Browser::Chromium),
            crate::decide(&p.scenario, crate::Browser::Chromium),
        );
        assert_eq!(d.outcome, e.outcome);
        let sent = |d: &crate::Decision| d.cookies.iter().map(|c| (c.name.clone(), c.sent)).collect::<Vec<_>>();
        assert_eq!(sent(&d), sent(&e));
    }

    #[test]
    fn what_the_lab_cannot_hold_is_said() {
        let one = |page: &str, url: &str| {
            crate::parse_scenario(&format!(r#"{{"page": "{page}", "request": {{"url": "{url}"}}}}"#)).unwrap()
        };
        let ports = crate::lab::CookieHostPorts {
            https: 1,
            ..Default::default()
        };
        assert!(plan(&one("https://a.example", "https://a.example:8443/"), ports, "r")
            .unwrap_err()
            .contains("port"));
        assert!(plan(&one("http://a.example", "https://b.example/"), ports, "r")
            .unwrap_err()
            .contains("http"));
        // One other port per scheme, on the lab's scenario origin; a page there cannot run.
        let other = crate::lab::CookieHostPorts {
            https_other: Some(2),
            ..ports
        };
        let p = plan(&one("https://a.example:3000", "https://a.example/"), other, "r");
        assert!(p.unwrap_err().contains("default port only"));
        let p = plan(&one("https://a.example", "https://a.example:5000/x"), other, "r").unwrap();
        assert!(p
            .scenario
            .request
            .url
            .starts_with("https://corscope-a.localhost:2/s/v1"));
        let s = crate::parse_scenario(
            r#"{"page": "https://a.example", "request": {"url": "https://a.example:5000/x"},
                "server": {"response": {"status": 200, "headers": [["Set-Cookie", "a=1"]]}}}"#,
        )
        .unwrap();
        assert!(plan(&s, other, "r").unwrap_err().contains("default port only"));
        let s = crate::parse_scenario(
            r#"{"page": "https://a.example", "request": {"url": "https://x.b.example/"},
                "cookies": {"held": [{"set_cookie": "a=1", "url": "https://y.b.example/"}]}}"#,
        )
        .unwrap();
        assert!(plan(&s, ports, "r").unwrap_err().contains("two hosts of another site"));
    }
}
