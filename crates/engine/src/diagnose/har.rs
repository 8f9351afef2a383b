//! A HAR export (DevTools' "Export HAR", HAR 1.2 or Firefox's 1.1), read into
//! one scenario per cross-origin exchange: the request as the page made it,
//! and the real status and headers of its preflight and response as the
//! server's answers, so the explanation is about what the server really sent
//! (`shared/CAPTURES.md`). No HAR says why a CORS check failed: the engine
//! decides it from the recorded headers. Lenient: a BOM, missing fields,
//! Chrome's `_` fields.

use super::{LooseNumber, LooseText};
use crate::origin::Origin;
use crate::scenario::{Answer, CredentialsMode, Hop, RequestSpec, Scenario, Server};
use serde::Deserialize;

// The parts of HAR 1.2 (and Firefox's 1.1) read here; every other field —
// bodies, timings, cache, Chrome's `_` fields — is skipped unread. Missing
// fields read as absent, a string field of another type as absent.
#[derive(Deserialize)]
struct Har {
    log: Option<Log>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Log {
    pages: Option<Vec<Page>>,
    entries: Option<Vec<Entry>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Page {
    title: LooseText,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    #[serde(deserialize_with = "super::null_as_default")]
    request: Request,
    #[serde(deserialize_with = "super::null_as_default")]
    response: Response,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Request {
    method: LooseText,
    url: LooseText,
    headers: Option<Vec<NameValue>>,
    cookies: Option<Vec<serde_json::Value>>,
    #[serde(rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PostData {
    text: LooseText,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Response {
    status: LooseNumber,
    headers: Option<Vec<NameValue>>,
    #[serde(rename = "redirectURL")]
    redirect_url: LooseText,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NameValue {
    name: LooseText,
    value: LooseText,
}

/// One cross-origin exchange of a HAR, as a scenario, and what was assumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarExchange {
    pub scenario: Scenario,
    pub assumptions: Vec<String>,
}

/// Whether the text is a HAR (a JSON object with `log.entries`).
pub fn looks_like_har(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && t.contains("\"log\"") && t.contains("\"entries\"")
}

fn headers_of(headers: &Option<Vec<NameValue>>) -> Vec<(String, String)> {
    headers
        .iter()
        .flatten()
        .filter_map(|h| Some((h.name.0.clone()?, h.value.0.clone().unwrap_or_default())))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Reads every cross-origin exchange of a HAR, in the order of its requests.
pub fn parse_har(text: &str) -> Result<Vec<HarExchange>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let har: Har = serde_json::from_str(text).map_err(|e| format!("not a HAR file: {e}"))?;
    let log = har.log.unwrap_or_default();
    let entries = log.entries.ok_or("not a HAR file: it has no log.entries")?;
    let entries = &entries[..];
    let title_origin = log
        .pages
        .as_deref()
        .and_then(<[Page]>::first)
        .and_then(|p| p.title.0.as_deref())
        .and_then(|t| Origin::parse(t).ok())
        .map(|o| o.serialize())
        .filter(|o| o != "null");
    let mut out = vec![];
    let is_preflight = |e: &Entry| {
        e.request.method.0.as_deref() == Some("OPTIONS")
            && header(&headers_of(&e.request.headers), "access-control-request-method").is_some()
    };
    let url_of = |e: &Entry| e.request.url.0.clone().unwrap_or_default();
    let answer = |r: &Response| Answer {
        status: r.status.0.and_then(|s| u16::try_from(s).ok()).unwrap_or(0),
        headers: headers_of(&r.headers),
        body: None,
    };
    // The preflight of entry `i`: the nearest OPTIONS entry for its URL before
    // it, or after it before the next request to that URL (DevTools may list
    // a preflight after the request it was sent for).
    let preflight_of = |i: usize| {
        let url = url_of(&entries[i]);
        let same = |p: &&Entry| url_of(p) == url;
        entries[..i]
            .iter()
            .rev()
            .find(|p| is_preflight(p) && same(p))
            .or_else(|| {
                entries[i + 1..]
                    .iter()
                    .take_while(|p| is_preflight(p) || !same(p))
                    .find(|p| is_preflight(p) && same(p))
            })
            .map(|p| answer(&p.response))
            .filter(|a| (100..=599).contains(&a.status))
    };
    // Entries already read as a later hop of a redirect chain.
    let mut followed = vec![false; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if is_preflight(e) || followed[i] {
            continue;
        }
        let request_headers = headers_of(&e.request.headers);
        let url = url_of(e);
        let Ok(target) = Origin::parse(&url) else { continue };
        let mut assumptions = vec![];
        let page = match header(&request_headers, "origin").filter(|o| *o != "null") {
            Some(o) => o.to_string(),
            None => match &title_origin {
                Some(o) => {
                    assumptions.push("the page origin is the HAR's page title".into());
                    o.clone()
                }
                None => continue,
            },
        };
        if page == target.serialize() {
            continue; // same-origin: no CORS
        }
        // The hops: this entry, then each later entry its redirect's Location names.
        let mut hops = vec![];
        let mut at = i;
        loop {
            let response = Some(answer(&entries[at].response)).filter(|a| (100..=599).contains(&a.status));
            let location = response
                .as_ref()
                .filter(|a| (300..=399).contains(&a.status))
                .and_then(|a| header(&a.headers, "location").map(str::to_string))
                .or_else(|| entries[at].response.redirect_url.0.clone().filter(|l| !l.is_empty()));
            let here = url_of(&entries[at]);
            hops.push(Hop {
                url: (at != i).then(|| here.clone()),
                preflight: preflight_of(at),
                response,
            });
            let next = location
                .and_then(|l| crate::origin::web_url::WebUrl::parse(&here).ok()?.join(&l).ok())
                .and_then(|next| {
                    (at + 1..entries.len())
                        .find(|&j| !is_preflight(&entries[j]) && url_of(&entries[j]) == next.as_str())
                });
            match next {
                Some(j) if hops.len() <= 20 => {
                    followed[j] = true;
                    at = j;
                }
                _ => break,
            }
        }
        if hops.len() > 1 {
            assumptions.push(format!(
                "a redirect chain of {} hops, followed through the HAR's entries",
                hops.len()
            ));
        }
        if hops.last().is_some_and(|h| h.response.is_none()) {
            assumptions.push(
                "the request itself was never sent (status 0): the preflight failed, or it was blocked before".into(),
            );
        }
        let cookies = header(&request_headers, "cookie").is_some();
        let held = held_cookies(&e.request, &request_headers, &url, &page, &mut assumptions);
        let credentials = if cookies || e.request.cookies.as_ref().is_some_and(|c| !c.is_empty()) {
            CredentialsMode::Include
        } else {
            assumptions.push(
                "no cookies recorded (Chrome's sanitized exports drop them): credentials are assumed not included"
                    .into(),
            );
            CredentialsMode::SameOrigin
        };
        let script_headers: Vec<(String, String)> = request_headers
            .iter()
            .filter(|(n, v)| super::set_by_script(n, v))
            .cloned()
            .collect();
        if e.request
            .post_data
            .as_ref()
            .and_then(|p| p.text.0.as_ref())
            .is_some_and(|t| !t.is_empty())
        {
            assumptions
                .push("the request body is left out (it is not needed to decide, and it stays on this machine)".into());
        }
        let method = e.request.method.0.clone().unwrap_or_else(|| "GET".into());
        let server = if hops.len() == 1 {
            Server::Single(hops.remove(0))
        } else {
            Server::Chain(hops)
        };
        out.push(HarExchange {
            scenario: Scenario {
                name: format!("HAR: {method} {url}"),
                page,
                request: RequestSpec {
                    method,
                    headers: script_headers,
                    // What was sent stays here: a body is kept as empty (its
                    // presence matters to the checks, its content does not).
                    body: e.request.post_data.is_some().then(String::new),
                    credentials,
                    ..RequestSpec::get(&url)
                },
                server,
                expect: None,
                network: Default::default(),
                cookies: held,
            },
            assumptions,
        });
    }
    Ok(out)
}

/// The cookies that went with a request, as cookies the browser held: from
/// the HAR's `request.cookies` (with the attributes it records) or else its
/// `Cookie` line (names and values only). Each was sent, so what a HAR does
/// not say is assumed to be what lets it go: `SameSite=None` (with `Secure`
/// over https) for a cross-site request, and third-party cookies allowed.
fn held_cookies(
    request: &Request,
    headers: &[(String, String)],
    url: &str,
    page: &str,
    assumptions: &mut Vec<String>,
) -> crate::scenario::Cookies {
    use crate::scenario::{CookieSetting, Cookies, HeldCookie};
    let Ok(target) = crate::origin::web_url::WebUrl::parse(url) else {
        return Cookies::default();
    };
    let https = target.scheme() == "https";
    let cross_site = Origin::parse(page).is_ok_and(|p| !crate::cookies::same_site::same_site(&p, &target, false).0);
    let assumed_attributes = if cross_site && https {
        "; SameSite=None; Secure"
    } else if cross_site {
        "; SameSite=None"
    } else {
        ""
    };
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    let mut lines: Vec<String> = vec![];
    let mut guessed = false;
    for c in request.cookies.iter().flatten() {
        let name = text(c, "name");
        if name.is_empty() && text(c, "value").is_empty() {
            continue;
        }
        let mut line = format!("{name}={}", text(c, "value"));
        let path = text(c, "path");
        if path.starts_with('/') {
            line.push_str(&format!("; Path={path}"));
        }
        let same_site = text(c, "sameSite");
        let secure = c.get("secure").and_then(|s| s.as_bool()).unwrap_or(false);
        if same_site.is_empty() {
            guessed = true;
            line.push_str(assumed_attributes);
        } else {
            line.push_str(&format!("; SameSite={same_site}"));
            if secure {
                line.push_str("; Secure");
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        if let Some(cookie) = header(headers, "cookie") {
            for pair in cookie.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                guessed = true;
                lines.push(format!("{pair}{assumed_attributes}"));
            }
        }
    }
    if lines.is_empty() {
        return Cookies::default();
    }
    let origin = Origin::of_web_url(&target).serialize();
    if guessed {
        assumptions.push(format!(
            "the HAR does not record how its cookies were set: each is assumed set by a visit to {origin}{}",
            if assumed_attributes.is_empty() {
                String::new()
            } else {
                format!(
                    ", with{} (they went with a cross-site request)",
                    assumed_attributes.replace(';', "")
                )
            }
        ));
    }
    let setting = cross_site.then(|| {
        assumptions.push("cookies went with a cross-site request: third-party cookies were allowed".into());
        CookieSetting::Allowed
    });
    Cookies {
        setting,
        held: lines
            .into_iter()
            .map(|set_cookie| HeldCookie {
                set_cookie,
                url: format!("{origin}/"),
                via: Default::default(),
                from: None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decide, Browser, Outcome};

    const HAR: &str = "\u{feff}{\"log\": {\"version\": \"1.2\", \"pages\": [{\"title\": \"https://shop.example/cart\"}], \"entries\": [
      {\"request\": {\"method\": \"GET\", \"url\": \"https://shop.example/app.js\", \"headers\": []}, \"response\": {\"status\": 200, \"headers\": []}},
      {\"_resourceType\": \"preflight\", \"request\": {\"method\": \"OPTIONS\", \"url\": \"https://api.example/orders\", \"headers\": [
          {\"name\": \"Origin\", \"value\": \"https://shop.example\"}, {\"name\": \"Access-Control-Request-Method\", \"value\": \"PUT\"}]},
       \"response\": {\"status\": 204, \"headers\": [{\"name\": \"access-control-allow-origin\", \"value\": \"https://shop.example\"}]}},
      {\"request\": {\"method\": \"PUT\", \"url\": \"https://api.example/orders\", \"headers\": [
          {\"name\": \"origin\", \"value\": \"https://shop.example\"}, {\"name\": \"content-type\", \"value\": \"application/json\"}],
          \"postData\": {\"text\": \"{}\"}},
       \"response\": {\"status\": 0, \"headers\": [], \"_error\": \"net::ERR_FAILED\"}},
      {\"request\": {\"method\": \"GET\", \"url\": \"https://api.example/items\", \"headers\": [{\"name\": \"Origin\", \"value\": \"https://shop.example\"}]},
       \"response\": {\"status\": 200, \"headers\": [{\"name\": \"Access-Control-Allow-Origin\", \"value\": \"*\"}]}}
    ]}}";

    #[test]
    fn the_cookies_a_request_carried_are_held_cookies_of_its_scenario() {
        let har = r#"{"log": {"entries": [
          {"request": {"method": "GET", "url": "https://api.example/me", "headers": [
              {"name": "Origin", "value": "https://shop.example"}, {"name": "Cookie", "value": "sid=abc; theme=dark"}]},
           "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "https://shop.example"},
              {"name": "Access-Control-Allow-Credentials", "value": "true"}, {"name": "Set-Cookie", "value": "seen=1; SameSite=Lax"}]}},
          {"request": {"method": "GET", "url": "https://api.example/cart", "headers": [{"name": "Origin", "value": "https://shop.example"}],
              "cookies": [{"name": "cart", "value": "7", "path": "/", "secure": true, "sameSite": "None"}, {"bad": 1}, 5]},
           "response": {"status": 200, "headers": []}}
        ]}}"#;
        let all = parse_har(har).unwrap();
        let s = &all[0].scenario;
        let lines: Vec<&str> = s.cookies.held.iter().map(|h| h.set_cookie.as_str()).collect();
        assert_eq!(
            lines,
            ["sid=abc; SameSite=None; Secure", "theme=dark; SameSite=None; Secure"]
        );
        assert!(all[0]
            .assumptions
            .iter()
            .any(|a| a.contains("assumed set by a visit to https://api.example")));
        let d = decide(s, Browser::Chromium);
        assert_eq!(d.sent[0].cookie.as_deref(), Some("sid=abc; theme=dark"));
        // The answer's Set-Cookie is kept and predicted (a Lax cookie from a cross-site answer).
        assert_eq!(d.set_cookies[0].reason, crate::CookieReason::SameSiteLax);
        // Recorded attributes are kept; an unusable entry is skipped.
        assert_eq!(
            all[1].scenario.cookies.held[0].set_cookie,
            "cart=7; Path=/; SameSite=None; Secure"
        );
        assert_eq!(all[1].scenario.cookies.held.len(), 1);
        // A permalink keeps them.
        let back = crate::share::permalink::decode(&crate::share::permalink::encode(s)).unwrap();
        assert_eq!(back.cookies, s.cookies);
    }

    #[test]
    fn each_cross_origin_exchange_is_explained_with_its_real_answers() {
        assert!(looks_like_har(HAR));
        let all = parse_har(HAR).unwrap();
        assert_eq!(
            all.len(),
            2,
            "the same-origin script and the preflight's own entry are not exchanges"
        );
        let put = &all[0].scenario;
        assert_eq!(
            (put.page.as_str(), put.request.method.as_str()),
            ("https://shop.example", "PUT")
        );
        let d = decide(put, Browser::Chromium);
        // The real preflight allowed the origin but not the method PUT.
        assert_eq!(d.outcome, Outcome::Blocked);
        assert!(d.console.chromium.unwrap().contains("Method PUT is not allowed"));
        assert!(all[0].assumptions.iter().any(|a| a.contains("never sent")));
        assert_eq!(decide(&all[1].scenario, Browser::Chromium).outcome, Outcome::Allowed);
        assert!(parse_har("{\"log\": {}}").unwrap_err().contains("log.entries"));
        assert!(parse_har("[").unwrap_err().starts_with("not a HAR file"));
    }

    #[test]
    fn fields_of_other_types_and_bodies_are_passed_over() {
        // null headers, a numeric value, an object where a string belongs, a
        // response body and Chrome's `_` fields: read as absent, not refused.
        let body = "x".repeat(100_000);
        let har = format!(
            r#"{{"log": {{"pages": null, "entries": [
              {{"_initiator": {{"type": "script"}}, "request": {{"method": "POST", "url": "https://api.example/a",
                "headers": [{{"name": "Origin", "value": "https://shop.example"}}, {{"name": "X-N", "value": 7}}, {{"value": "no name"}}],
                "postData": {{"mimeType": "text/plain", "text": {{"not": "text"}}}}, "cookies": null}},
               "response": {{"status": 200, "headers": null, "content": {{"size": 100000, "text": "{body}"}}, "redirectURL": null}}}}
            ]}}}}"#
        );
        let all = parse_har(&har).unwrap();
        assert_eq!(all.len(), 1);
        let s = &all[0].scenario;
        assert_eq!(
            (s.request.method.as_str(), s.request.body.as_deref()),
            ("POST", Some(""))
        );
        assert_eq!(s.request.headers, vec![("X-N".to_string(), String::new())]);
        assert_eq!(decide(s, Browser::Chromium).outcome, Outcome::Blocked);
    }

    #[test]
    fn a_status_as_text_and_a_null_response_are_read() {
        // Some tools write the status as a string; an entry cut off by a
        // crash has a null response (never sent).
        let har = r#"{"log": {"entries": [
          {"request": {"method": "GET", "url": "https://api.example/a", "headers": [{"name": "Origin", "value": "https://shop.example"}]},
           "response": {"status": "200", "headers": [{"name": "Access-Control-Allow-Origin", "value": "https://shop.example"}]}},
          {"request": {"method": "GET", "url": "https://api.example/b", "headers": [{"name": "Origin", "value": "https://shop.example"}]},
           "response": null}
        ]}}"#;
        let all = parse_har(har).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(decide(&all[0].scenario, Browser::Chromium).outcome, Outcome::Allowed);
        assert!(all[1].assumptions.iter().any(|a| a.contains("never sent")));
    }

    #[test]
    fn a_redirect_is_followed_through_the_entries() {
        let har = r#"{"log": {"entries": [
          {"request": {"method": "GET", "url": "https://api.example/old", "headers": [{"name": "Origin", "value": "https://shop.example"}]},
           "response": {"status": 302, "redirectURL": "", "headers": [{"name": "Location", "value": "/new?x=1"},
               {"name": "Access-Control-Allow-Origin", "value": "https://shop.example"}]}},
          {"request": {"method": "GET", "url": "https://api.example/new?x=1", "headers": [{"name": "Origin", "value": "https://shop.example"}]},
           "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "https://other.example"}]}}
        ]}}"#;
        let all = parse_har(har).unwrap();
        assert_eq!(
            all.len(),
            1,
            "the second entry is the first's next hop, not an exchange of its own"
        );
        let s = &all[0].scenario;
        assert_eq!(s.server.hops().len(), 2);
        assert_eq!(s.server.hops()[1].url.as_deref(), Some("https://api.example/new?x=1"));
        assert!(all[0]
            .assumptions
            .iter()
            .any(|a| a.contains("redirect chain of 2 hops")));
        let d = decide(s, Browser::Chromium);
        assert_eq!((d.outcome, d.sent.len()), (Outcome::Blocked, 2), "{d:?}");
        assert!(d.console.chromium.unwrap().contains("https://other.example"));
    }
}
