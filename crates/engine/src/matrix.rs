//! The differential matrix: a deterministic set of scenarios across methods,
//! request headers, credentials and modes, and server answers (Allow-Origin
//! exact, wildcard, mismatched, repeated, listed, null; Allow-Methods and
//! Allow-Headers lists and wildcards; preflight statuses; Expose-Headers), run
//! live in real browsers and compared with the engine's prediction.

use crate::scenario::{Answer, CredentialsMode, Hop, RequestMode, RequestSpec, Scenario, Server};

type Pairs = Vec<(String, String)>;

fn pairs(items: &[(&str, &str)]) -> Pairs {
    items.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// Request header sets: (label, headers).
fn header_sets() -> Vec<(&'static str, Pairs)> {
    let long_language = "en-US,en;q=0.9,".repeat(12);
    vec![
        ("no headers", vec![]),
        ("text/plain", pairs(&[("Content-Type", "text/plain;charset=UTF-8")])),
        ("json", pairs(&[("Content-Type", "application/json")])),
        ("x-custom", pairs(&[("X-Custom", "1")])),
        ("authorization", pairs(&[("Authorization", "Bearer t0k3n")])),
        ("long accept-language", vec![("Accept-Language".into(), long_language)]),
        ("range", pairs(&[("Range", "bytes=0-10")])),
        ("x-b x-a", pairs(&[("X-B", "2"), ("X-A", "1")])),
        ("unsafe accept", pairs(&[("Accept", "text/{x}")])),
    ]
}

const METHODS: [&str; 8] = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "patch",
    "Wibbley-Wobbley",
];

/// Allow-Origin variants: (label, lines).
fn allow_origins(page: &str) -> Vec<(&'static str, Pairs)> {
    let acao = "Access-Control-Allow-Origin";
    vec![
        ("no ACAO", vec![]),
        ("ACAO *", pairs(&[(acao, "*")])),
        ("ACAO exact", vec![(acao.into(), page.into())]),
        (
            "ACAO exact+ACAC",
            vec![
                (acao.into(), page.into()),
                ("Access-Control-Allow-Credentials".into(), "true".into()),
            ],
        ),
        ("ACAO mismatch", pairs(&[(acao, "http://localhost:1")])),
        (
            "ACAO twice",
            vec![(acao.into(), page.into()), (acao.into(), page.into())],
        ),
        ("ACAO list", vec![(acao.into(), format!("{page}, http://localhost:1"))]),
        ("ACAO null", pairs(&[(acao, "null")])),
        ("ACAO trailing slash", vec![(acao.into(), format!("{page}/"))]),
        (
            "ACAO * +ACAC",
            pairs(&[(acao, "*"), ("Access-Control-Allow-Credentials", "true")]),
        ),
    ]
}

/// Preflight-only variants: (label, status, extra lines).
fn preflight_extras() -> Vec<(&'static str, u16, Pairs)> {
    let m = "Access-Control-Allow-Methods";
    let h = "Access-Control-Allow-Headers";
    vec![
        ("204 nothing", 204, vec![]),
        ("204 methods *", 204, pairs(&[(m, "*"), (h, "*")])),
        (
            "204 listed",
            204,
            pairs(&[
                (m, "PUT, DELETE, PATCH, Wibbley-Wobbley"),
                (
                    h,
                    "Content-Type, X-Custom, X-A, X-B, Authorization, Accept, Accept-Language, Range",
                ),
            ]),
        ),
        (
            "204 lower listed",
            204,
            pairs(&[(m, "put, patch, WIBBLEY-WOBBLEY"), (h, "content-type, x-custom")]),
        ),
        (
            "204 * and Authorization",
            204,
            pairs(&[(m, "*"), (h, "*, Authorization")]),
        ),
        ("200 invalid methods", 200, pairs(&[(m, "PUT DELETE"), (h, "*")])),
        ("204 invalid headers", 204, pairs(&[(m, "*"), (h, "X-Custom X-A")])),
        ("404", 404, pairs(&[(m, "*"), (h, "*")])),
        ("500", 500, pairs(&[(m, "*"), (h, "*")])),
    ]
}

/// Response-only variants: (label, status, extra lines).
fn response_extras() -> Vec<(&'static str, u16, Pairs)> {
    let e = "Access-Control-Expose-Headers";
    vec![
        ("200", 200, pairs(&[("Content-Type", "text/plain"), ("X-Total", "3")])),
        (
            "200 expose X-Total",
            200,
            pairs(&[("X-Total", "3"), ("X-Other", "1"), (e, "X-Total")]),
        ),
        (
            "200 expose *",
            200,
            pairs(&[("X-Total", "3"), ("Content-Language", "en"), (e, "*")]),
        ),
        (
            "201 expose list",
            201,
            pairs(&[("X-Total", "3"), ("ETag", "\"v1\""), (e, "x-total, etag")]),
        ),
        ("500", 500, pairs(&[("X-Total", "3")])),
    ]
}

/// The matrix for a page at `page` calling lab targets at `target` (an origin,
/// cross-origin to the page; scenario URLs are `{target}/s/v1`). `same` is the
/// page's own origin serving the lab endpoints (same-origin rows).
pub fn generate(page: &str, target: &str) -> Vec<Scenario> {
    let url = format!("{target}/s/v1");
    let origins = allow_origins(page);
    let pre = preflight_extras();
    let res = response_extras();
    let headers = header_sets();
    let mut out = vec![];
    let mut n = 0usize;
    for (mi, method) in METHODS.iter().enumerate() {
        for (hi, (hlabel, hs)) in headers.iter().enumerate() {
            for credentials in [CredentialsMode::SameOrigin, CredentialsMode::Include] {
                // Four server variants per request, spread over the combinations.
                for k in 0..4 {
                    let seed = mi * 31 + hi * 17 + k * 7 + usize::from(credentials == CredentialsMode::Include) * 3;
                    let (pa_label, pa) = &origins[(seed + k) % origins.len()];
                    let (ra_label, ra) = &origins[(seed * 3 + 1) % origins.len()];
                    let (pe_label, pe_status, pe) = &pre[(seed / 2 + k) % pre.len()];
                    let (re_label, re_status, re) = &res[(seed + mi) % res.len()];
                    let mut preflight = pa.clone();
                    preflight.extend(pe.clone());
                    let mut response = ra.clone();
                    response.extend(re.clone());
                    let body = matches!(*method, "POST" | "PUT" | "PATCH" | "patch" | "Wibbley-Wobbley")
                        .then(|| "{}".to_string());
                    n += 1;
                    out.push(Scenario {
                        name: format!(
                            "#{n} {method} [{hlabel}] creds={} | preflight {pe_label}, {pa_label} | response {re_label}, {ra_label}",
                            credentials.as_str()
                        ),
                        page: page.into(),
                        request: RequestSpec { method: method.to_string(), headers: hs.clone(), body, credentials, ..RequestSpec::get(&url) },
                        server: Server::Single(Hop {
                            url: None,
                            preflight: Some(Answer { status: *pe_status, headers: preflight, body: None }),
                            response: Some(Answer { status: *re_status, headers: response, body: Some("ok".into()) }),
                        }),
                        expect: None,
                    });
                }
            }
        }
    }
    // no-cors and same-origin modes, and same-origin targets.
    for (i, method) in ["GET", "POST", "PUT"].iter().enumerate() {
        for (hi, (hlabel, hs)) in headers.iter().enumerate().step_by(2) {
            for mode in [RequestMode::NoCors, RequestMode::SameOrigin] {
                let (ra_label, ra) = &origins[(i + hi) % origins.len()];
                n += 1;
                out.push(Scenario {
                    name: format!(
                        "#{n} {method} [{hlabel}] mode={} | response 200, {ra_label}",
                        mode.as_str()
                    ),
                    page: page.into(),
                    request: RequestSpec {
                        method: method.to_string(),
                        headers: hs.clone(),
                        mode,
                        body: (*method != "GET").then(|| "x".to_string()),
                        ..RequestSpec::get(&url)
                    },
                    server: Server::Single(Hop {
                        url: None,
                        preflight: None,
                        response: Some(Answer {
                            status: 200,
                            headers: ra.clone(),
                            body: Some("ok".into()),
                        }),
                    }),
                    expect: None,
                });
            }
        }
    }
    for (hi, (hlabel, hs)) in headers.iter().enumerate() {
        for method in ["GET", "PUT"] {
            n += 1;
            out.push(Scenario {
                name: format!("#{n} same-origin {method} [{hlabel}]"),
                page: page.into(),
                request: RequestSpec {
                    method: method.into(),
                    headers: hs.clone(),
                    body: (method == "PUT").then(|| "x".to_string()),
                    ..RequestSpec::get(&format!("{page}/s/v1"))
                },
                server: Server::Single(Hop {
                    url: None,
                    preflight: None,
                    response: Some(Answer {
                        status: 200,
                        headers: pairs(&[("X-Total", "3"), ("Content-Type", "text/plain")]),
                        body: Some(format!("ok {hi}")),
                    }),
                }),
                expect: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fetch::decide, Browser, Outcome};

    #[test]
    fn the_matrix_has_over_500_scenarios_covering_every_outcome() {
        let m = generate("http://localhost:8080", "http://localhost:8081");
        assert!(m.len() >= 500, "{}", m.len());
        let decisions: Vec<_> = m.iter().map(|s| decide(s, Browser::Chromium)).collect();
        for o in [Outcome::Allowed, Outcome::Blocked, Outcome::Opaque, Outcome::Rejected] {
            assert!(decisions.iter().any(|d| d.outcome == o), "no {o}");
        }
        let preflights = decisions.iter().filter(|d| d.preflight).count();
        assert!(preflights > 150 && preflights < m.len() - 100, "{preflights}");
        let names: std::collections::HashSet<_> = m.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names.len(), m.len(), "names are unique");
    }
}
