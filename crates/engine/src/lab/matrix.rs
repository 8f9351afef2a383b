//! The differential matrix: a deterministic set of scenarios across methods,
//! request headers, credentials and modes, and server answers (Allow-Origin
//! exact, wildcard, mismatched, repeated, listed, null; Allow-Methods and
//! Allow-Headers lists and wildcards; preflight statuses; Expose-Headers), run
//! live in real browsers and compared with the engine's prediction.

use super::SCENARIO_PATH;
use crate::origin::web_url::WebUrl;
use crate::scenario::{Answer, CredentialsMode, Hop, RedirectMode, RequestMode, RequestSpec, Scenario, Server};

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

/// Redirect chains: hops on the page origin, the target and a second
/// cross-origin `other`, with each redirect status, Allow-Origin on the
/// redirect and on the final answer, credentials and redirect modes.
fn redirect_chains(page: &str, target: &str, other: &str, n: &mut usize) -> Vec<Scenario> {
    let acao = "Access-Control-Allow-Origin";
    let chains: [(&str, Vec<&str>); 5] = [
        ("cross→same cross", vec![target, target]),
        ("cross→other cross", vec![target, other]),
        ("cross→page", vec![target, page]),
        ("page→cross", vec![page, target]),
        ("cross→other→cross", vec![target, other, target]),
    ];
    let requests: [(&str, &str, Pairs, Option<&str>); 4] = [
        ("GET", "GET", vec![], None),
        (
            "POST text",
            "POST",
            pairs(&[("Content-Type", "text/plain")]),
            Some("a=1"),
        ),
        ("PUT x-custom", "PUT", pairs(&[("X-Custom", "1")]), Some("{}")),
        (
            "POST json",
            "POST",
            pairs(&[("Content-Type", "application/json")]),
            Some("{}"),
        ),
    ];
    let redirect_acao = |k: usize| -> (&'static str, Pairs) {
        match k % 3 {
            0 => ("redirect ACAO *", pairs(&[(acao, "*")])),
            1 => ("redirect ACAO exact", vec![(acao.into(), page.into())]),
            _ => ("redirect no ACAO", vec![]),
        }
    };
    let final_acao = |k: usize, creds: bool| -> (&'static str, Pairs) {
        let mut v = match k % 4 {
            0 => ("final ACAO *", pairs(&[(acao, "*")])),
            1 => ("final ACAO exact", vec![(acao.into(), page.into())]),
            2 => ("final ACAO null", pairs(&[(acao, "null")])),
            _ => ("final no ACAO", vec![]),
        };
        if creds {
            v.1.push(("Access-Control-Allow-Credentials".into(), "true".into()));
        }
        v
    };
    let preflight_acao = |k: usize| -> Pairs {
        let value = match k % 3 {
            0 => "*".to_string(),
            1 => page.to_string(),
            _ => "null".to_string(),
        };
        vec![
            (acao.into(), value),
            ("Access-Control-Allow-Methods".into(), "PUT, POST".into()),
            ("Access-Control-Allow-Headers".into(), "X-Custom, Content-Type".into()),
            ("Access-Control-Allow-Credentials".into(), "true".into()),
        ]
    };
    let statuses = [301u16, 302, 303, 307, 308];
    let mut out = vec![];
    for (ci, (clabel, hops)) in chains.iter().enumerate() {
        for (ri, (rlabel, method, headers, body)) in requests.iter().enumerate() {
            for creds in [false, true] {
                for v in 0..3 {
                    let k = ci * 5 + ri * 3 + v + usize::from(creds);
                    let status = statuses[k % statuses.len()];
                    let redirect = match k % 7 {
                        5 => RedirectMode::Error,
                        6 => RedirectMode::Manual,
                        _ => RedirectMode::Follow,
                    };
                    let urls: Vec<String> = hops.iter().map(|o| format!("{o}{SCENARIO_PATH}")).collect();
                    let (ra_label, ra) = redirect_acao(k);
                    let (fa_label, fa) = final_acao(k / 2 + v, creds);
                    let mut chain = vec![];
                    for (i, url) in urls.iter().enumerate() {
                        let response = if i + 1 < urls.len() {
                            let mut h = ra.clone();
                            if creds && !h.is_empty() {
                                h.push(("Access-Control-Allow-Credentials".into(), "true".into()));
                            }
                            h.push(("Location".into(), urls[i + 1].clone()));
                            Answer {
                                status,
                                headers: h,
                                body: None,
                            }
                        } else {
                            let mut h = fa.clone();
                            h.push(("X-Total".into(), "3".into()));
                            h.push(("Access-Control-Expose-Headers".into(), "X-Total".into()));
                            Answer {
                                status: 200,
                                headers: h,
                                body: Some("done".into()),
                            }
                        };
                        chain.push(Hop {
                            url: Some(url.clone()),
                            preflight: Some(Answer {
                                status: 204,
                                headers: preflight_acao(k + i),
                                body: None,
                            }),
                            response: Some(response),
                        });
                    }
                    *n += 1;
                    out.push(Scenario {
                        name: format!(
                            "#{n} redirect {clabel} {status} {rlabel} creds={} redirect={} | {ra_label}, {fa_label}",
                            if creds { "include" } else { "same-origin" },
                            redirect.as_str()
                        ),
                        page: page.into(),
                        request: RequestSpec {
                            method: method.to_string(),
                            headers: headers.clone(),
                            body: body.map(str::to_string),
                            credentials: if creds {
                                CredentialsMode::Include
                            } else {
                                CredentialsMode::SameOrigin
                            },
                            redirect,
                            ..RequestSpec::get(&urls[0])
                        },
                        server: Server::Chain(chain),
                        expect: None,
                        network: Default::default(),
                        cookies: Default::default(),
                    });
                }
            }
        }
    }
    out
}

/// Scenarios against an https lab origin from the (http) page: another scheme
/// is another origin, and Allow-Origin must name the page's scheme.
fn https_rows(page: &str, secure: &str, target: &str, n: &mut usize) -> Vec<Scenario> {
    let acao = "Access-Control-Allow-Origin";
    let https_page = page.replacen("http://", "https://", 1);
    let origins: [(&str, Pairs); 4] = [
        ("ACAO exact", vec![(acao.into(), page.into())]),
        ("ACAO *", pairs(&[(acao, "*")])),
        ("ACAO https page", vec![(acao.into(), https_page)]),
        ("no ACAO", vec![]),
    ];
    let mut out = vec![];
    for (label, lines) in &origins {
        for (method, headers) in [("GET", vec![]), ("PUT", pairs(&[("X-Custom", "1")]))] {
            let mut preflight = lines.clone();
            preflight.extend(pairs(&[
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "x-custom"),
            ]));
            *n += 1;
            out.push(Scenario {
                name: format!("#{n} https lab {method} | {label}"),
                page: page.into(),
                request: RequestSpec {
                    method: method.into(),
                    headers,
                    body: (method == "PUT").then(|| "x".into()),
                    ..RequestSpec::get(&format!("{secure}{SCENARIO_PATH}"))
                },
                server: Server::Single(Hop {
                    url: None,
                    preflight: Some(Answer {
                        status: 204,
                        headers: preflight,
                        body: None,
                    }),
                    response: Some(Answer {
                        status: 200,
                        headers: lines.clone(),
                        body: Some("tls".into()),
                    }),
                }),
                expect: None,
                network: Default::default(),
                cookies: Default::default(),
            });
        }
        // http lab → https lab: a cross-origin hop from a cross-origin URL (tainting).
        *n += 1;
        let mut redirect = pairs(&[(acao, "*")]);
        redirect.push(("Location".into(), format!("{secure}{SCENARIO_PATH}")));
        out.push(Scenario {
            name: format!("#{n} redirect http lab→https lab 302 GET | final {label}"),
            page: page.into(),
            request: RequestSpec::get(&format!("{target}{SCENARIO_PATH}")),
            server: Server::Chain(vec![
                Hop {
                    url: Some(format!("{target}{SCENARIO_PATH}")),
                    preflight: None,
                    response: Some(Answer {
                        status: 302,
                        headers: redirect,
                        body: None,
                    }),
                },
                Hop {
                    url: Some(format!("{secure}{SCENARIO_PATH}")),
                    preflight: None,
                    response: Some(Answer {
                        status: 200,
                        headers: lines.clone(),
                        body: None,
                    }),
                },
            ]),
            expect: None,
            network: Default::default(),
            cookies: Default::default(),
        });
    }
    out
}

/// The matrix for a page at `page` calling lab targets at `target` and `other`
/// (two origins, cross-origin to the page and to each other; scenario URLs are
/// `{origin}/s/v1`), and at the https lab origin `secure` when there is one.
/// The page's own origin serves the same-origin rows.
pub fn generate(page: &str, target: &str, other: &str, secure: Option<&str>) -> Vec<Scenario> {
    let url = format!("{target}{SCENARIO_PATH}");
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
                    let creds = credentials.as_str();
                    let answers = format!("preflight {pe_label}, {pa_label} | response {re_label}, {ra_label}");
                    out.push(Scenario {
                        name: format!("#{n} {method} [{hlabel}] creds={creds} | {answers}"),
                        page: page.into(),
                        request: RequestSpec {
                            method: method.to_string(),
                            headers: hs.clone(),
                            body,
                            credentials,
                            ..RequestSpec::get(&url)
                        },
                        server: Server::Single(Hop {
                            url: None,
                            preflight: Some(Answer {
                                status: *pe_status,
                                headers: preflight,
                                body: None,
                            }),
                            response: Some(Answer {
                                status: *re_status,
                                headers: response,
                                body: Some("ok".into()),
                            }),
                        }),
                        expect: None,
                        network: Default::default(),
                        cookies: Default::default(),
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
                    network: Default::default(),
                    cookies: Default::default(),
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
                    ..RequestSpec::get(&format!("{page}{SCENARIO_PATH}"))
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
                network: Default::default(),
                cookies: Default::default(),
            });
        }
    }
    out.extend(redirect_chains(page, target, other, &mut n));
    if let Some(secure) = secure {
        out.extend(https_rows(page, secure, target, &mut n));
    }
    out.extend(repeated_lines(page, target, &mut n));
    out.extend(raw_bytes(page, target, &mut n));
    out
}

/// Header bytes a real server or page can send and the HTTP library would
/// refuse (the lab writes and takes them raw: NUL, CR, LF and other control
/// bytes in values), read as each browser reads them (fetch/response_head.rs).
/// Named "raw bytes": tests/e2e_raw_wire.rs also compares their header values.
pub fn raw_bytes(page: &str, target: &str, n: &mut usize) -> Vec<Scenario> {
    let url = format!("{target}{SCENARIO_PATH}");
    let acao = "Access-Control-Allow-Origin";
    let aceh = ("Access-Control-Expose-Headers", "*");
    let star = (acao, "*");
    let page_nul = format!("\0{page}");
    let responses: Vec<(&str, CredentialsMode, Pairs)> = vec![
        ("ACAO *NUL", CredentialsMode::Omit, pairs(&[(acao, "*\0")])),
        (
            "ACAO NUL then the page",
            CredentialsMode::Omit,
            pairs(&[(acao, &page_nul)]),
        ),
        (
            "NUL in another header",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\0b")]),
        ),
        ("ACAO * VT", CredentialsMode::Omit, pairs(&[(acao, "*\u{b}")])),
        ("ACAO FF *", CredentialsMode::Omit, pairs(&[(acao, "\u{c}*")])),
        ("ACAO * SOH", CredentialsMode::Omit, pairs(&[(acao, "*\u{1}")])),
        (
            "control bytes in another header",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\u{1}b\u{7f}c\u{1f}")]),
        ),
        (
            "ACAO * CR X-A",
            CredentialsMode::Omit,
            pairs(&[(acao, "*\rX-A: 1"), aceh]),
        ),
        (
            "ACAO * LF X-A",
            CredentialsMode::Omit,
            pairs(&[(acao, "*\nX-A: 1"), aceh]),
        ),
        (
            "ACAO * CR",
            CredentialsMode::Omit,
            pairs(&[(acao, "*\r"), aceh, ("X-B", "1")]),
        ),
        (
            "CR inside another header",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\rb")]),
        ),
        (
            "CR at the start of a value",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "\rX-B: 2")]),
        ),
        (
            "LF then lines that are not fields",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\nnocolon\nX B: 1\n: 2")]),
        ),
        (
            "LF then a space before the colon",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\nX-B : 1")]),
        ),
        (
            "folded value",
            CredentialsMode::Omit,
            pairs(&[star, aceh, ("X-A", "a\n\t  b  "), ("X-B", "c\r\n d")]),
        ),
        (
            "ACAO folded onto an empty value",
            CredentialsMode::Omit,
            pairs(&[(acao, "\n *")]),
        ),
        ("ACAO * folded with x", CredentialsMode::Omit, pairs(&[(acao, "*\n x")])),
        (
            "empty line ends the head",
            CredentialsMode::Omit,
            pairs(&[("X-A", "a\n\nbody"), star]),
        ),
        (
            "second ACAO in another value",
            CredentialsMode::Omit,
            pairs(&[star, ("X-A", "a\nAccess-Control-Allow-Origin: *")]),
        ),
        (
            "ACAO in another value",
            CredentialsMode::Omit,
            pairs(&[("X-A", "a\nAccess-Control-Allow-Origin: *")]),
        ),
        (
            "ACEH in another value",
            CredentialsMode::Omit,
            pairs(&[star, ("X-A", "1\nAccess-Control-Expose-Headers: x-a")]),
        ),
        (
            "ACAC in another value",
            CredentialsMode::Include,
            vec![
                (acao.into(), page.into()),
                ("X-A".into(), "1\nAccess-Control-Allow-Credentials: true".into()),
            ],
        ),
    ];
    let mut out = vec![];
    out.extend(get_rows("raw bytes", page, &url, responses, n));
    // A NUL in a preflight answer; control bytes in the page's own headers.
    let allow_all = pairs(&[
        star,
        ("Access-Control-Allow-Headers", "*"),
        ("Access-Control-Allow-Methods", "*"),
    ]);
    let requests: Vec<(&str, Pairs, Pairs)> = vec![
        (
            "NUL in the preflight answer",
            pairs(&[("X-A", "1")]),
            [allow_all.clone(), pairs(&[("X-Note", "\0")])].concat(),
        ),
        (
            "request header with SOH",
            pairs(&[("X-A", "a\u{1}b")]),
            allow_all.clone(),
        ),
        (
            "request header with VT FF DEL",
            pairs(&[("X-A", "\u{b}a\u{c}\u{7f}")]),
            allow_all.clone(),
        ),
        ("Accept with SOH", pairs(&[("Accept", "a\u{1}b")]), allow_all.clone()),
        (
            "Content-Language with SOH",
            pairs(&[("Content-Language", "a\u{1}b")]),
            pairs(&[star]),
        ),
    ];
    for (label, headers, preflight) in requests {
        *n += 1;
        out.push(row(
            format!("#{n} raw bytes | {label}"),
            page,
            RequestSpec {
                headers,
                ..RequestSpec::get(&url)
            },
            Some(preflight),
            pairs(&[star]),
        ));
    }
    out
}

/// Repeated and empty header lines (issue #16): request headers of one
/// safelisted name sent twice or more (the browsers join them before the
/// safelist checks), and empty or whitespace-only lines of every CORS
/// response header beside a good one.
fn repeated_lines(page: &str, target: &str, n: &mut usize) -> Vec<Scenario> {
    let url = format!("{target}{SCENARIO_PATH}");
    let long = |len: usize| "a".repeat(len);
    let requests: Vec<(&str, &str, Pairs)> = vec![
        (
            "8 Accept of 128 bytes",
            "GET",
            (0..8).map(|_| ("Accept".to_string(), long(128))).collect(),
        ),
        ("8 Accept of 120 bytes + Accept-Language of 70", "GET", {
            let mut h: Pairs = (0..8).map(|_| ("Accept".to_string(), long(120))).collect();
            h.push(("Accept-Language".into(), long(70)));
            h
        }),
        (
            "Accept twice",
            "GET",
            pairs(&[("Accept", "text/html"), ("Accept", "application/json")]),
        ),
        (
            "Content-Type text/plain twice",
            "POST",
            pairs(&[("Content-Type", "text/plain"), ("Content-Type", "text/plain")]),
        ),
        (
            "Content-Language twice",
            "POST",
            pairs(&[("Content-Language", "en"), ("Content-Language", "de")]),
        ),
        (
            "Accept-Language twice",
            "GET",
            pairs(&[("Accept-Language", "en"), ("Accept-Language", "de")]),
        ),
        (
            "Range twice",
            "GET",
            pairs(&[("Range", "bytes=0-1"), ("Range", "bytes=2-3")]),
        ),
    ];
    let mut out = vec![];
    let passing_preflight = pairs(&[
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "GET, POST"),
        (
            "Access-Control-Allow-Headers",
            "accept, accept-language, content-language, content-type, range",
        ),
    ]);
    for (label, method, headers) in requests {
        *n += 1;
        out.push(row(
            format!("#{n} repeated request header | {label}"),
            page,
            RequestSpec {
                method: method.into(),
                headers,
                body: (method == "POST").then(|| "x".into()),
                ..RequestSpec::get(&url)
            },
            Some(passing_preflight.clone()),
            pairs(&[("Access-Control-Allow-Origin", "*"), ("Content-Range", "bytes 0-1/2")]),
        ));
    }
    // Empty and whitespace-only lines beside a good one, for each CORS response header.
    let acao = "Access-Control-Allow-Origin";
    let responses: Vec<(String, CredentialsMode, Pairs)> = vec![
        (
            "ACAO '' then *".into(),
            CredentialsMode::Omit,
            pairs(&[(acao, ""), (acao, "*")]),
        ),
        (
            "ACAO * then ''".into(),
            CredentialsMode::Omit,
            pairs(&[(acao, "*"), (acao, "")]),
        ),
        (
            "ACAO '' then the page".into(),
            CredentialsMode::Omit,
            vec![(acao.into(), String::new()), (acao.into(), page.into())],
        ),
        (
            "ACAO '  ' then *".into(),
            CredentialsMode::Omit,
            pairs(&[(acao, "  "), (acao, "*")]),
        ),
        ("ACAO '' alone".into(), CredentialsMode::Omit, pairs(&[(acao, "")])),
        (
            "ACAC '' then true".into(),
            CredentialsMode::Include,
            vec![
                (acao.into(), page.into()),
                ("Access-Control-Allow-Credentials".into(), String::new()),
                ("Access-Control-Allow-Credentials".into(), "true".into()),
            ],
        ),
        (
            "ACEH '' then x-a".into(),
            CredentialsMode::Omit,
            pairs(&[
                (acao, "*"),
                ("Access-Control-Expose-Headers", ""),
                ("Access-Control-Expose-Headers", "x-a"),
                ("X-A", "1"),
            ]),
        ),
    ];
    out.extend(get_rows("empty response line", page, &url, responses, n));
    // The preflight's own headers: an empty line beside a good one.
    let preflights: Vec<(&str, Pairs)> = vec![
        (
            "ACAM '' then PUT",
            pairs(&[
                ("Access-Control-Allow-Methods", ""),
                ("Access-Control-Allow-Methods", "PUT"),
            ]),
        ),
        (
            "ACAH '' then x-custom",
            pairs(&[
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", ""),
                ("Access-Control-Allow-Headers", "x-custom"),
            ]),
        ),
        (
            "ACMA '' then 600",
            pairs(&[
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "x-custom"),
                ("Access-Control-Max-Age", ""),
                ("Access-Control-Max-Age", "600"),
            ]),
        ),
        (
            "ACAO '' then * on the preflight",
            pairs(&[
                (acao, ""),
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "x-custom"),
            ]),
        ),
    ];
    for (label, mut lines) in preflights {
        if !lines.iter().any(|(n, _)| n == acao) {
            lines.insert(0, (acao.into(), "*".into()));
        } else {
            lines.insert(1, (acao.into(), "*".into()));
        }
        *n += 1;
        out.push(row(
            format!("#{n} empty preflight line | {label}"),
            page,
            RequestSpec {
                method: "PUT".into(),
                headers: pairs(&[("X-Custom", "1")]),
                body: Some("x".into()),
                ..RequestSpec::get(&url)
            },
            Some(lines),
            pairs(&[(acao, "*")]),
        ));
    }
    out
}

/// One scenario on one hop: the preflight's lines (204), the response's (200).
/// One GET row per answer (`label`, credentials mode, the answer's lines), numbered on from `n`.
fn get_rows<L: std::fmt::Display>(
    kind: &str,
    page: &str,
    url: &str,
    answers: Vec<(L, CredentialsMode, Pairs)>,
    n: &mut usize,
) -> Vec<Scenario> {
    answers
        .into_iter()
        .map(|(label, credentials, lines)| {
            *n += 1;
            let request = RequestSpec {
                credentials,
                ..RequestSpec::get(url)
            };
            row(format!("#{n} {kind} | {label}"), page, request, None, lines)
        })
        .collect()
}

fn row(name: String, page: &str, request: RequestSpec, preflight: Option<Pairs>, response: Pairs) -> Scenario {
    Scenario {
        name,
        page: page.into(),
        request,
        server: Server::Single(Hop {
            url: None,
            preflight: preflight.map(|headers| Answer {
                status: 204,
                headers,
                body: None,
            }),
            response: Some(Answer {
                status: 200,
                headers: response,
                body: Some("ok".into()),
            }),
        }),
        expect: None,
        network: Default::default(),
        cookies: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hosted_page_runs_every_row_but_those_at_its_own_origin() {
        let page = "http://127.0.0.1:9000";
        let lab = ["http://localhost:8081".to_string(), "http://127.0.0.1:8081".to_string()];
        let all = generate(page, &lab[0], &lab[1], None);
        let (run, left): (Vec<_>, Vec<_>) = all.iter().partition(|s| runnable_on(s, &lab));
        assert!(
            !left.is_empty() && run.len() > 500,
            "{} run, {} left out",
            run.len(),
            left.len()
        );
        for s in &left {
            let text = serde_json::to_string(s).unwrap();
            assert!(
                text.contains(&format!("{page}/")),
                "{}: names no page-origin URL",
                s.name
            );
        }
        let with_page_origin = all.iter().filter(|s| s.request.url.starts_with(page)).count();
        assert!(with_page_origin > 0 && with_page_origin <= left.len());
    }
    use crate::{decide, Browser, Outcome};

    #[test]
    fn the_matrix_has_over_500_scenarios_covering_every_outcome() {
        let m = generate(
            "http://localhost:8080",
            "http://localhost:8081",
            "http://api.localhost:8081",
            Some("https://localhost:8443"),
        );
        assert!(m.len() >= 500, "{}", m.len());
        let decisions: Vec<_> = m.iter().map(|s| decide(s, Browser::Chromium)).collect();
        for o in [Outcome::Allowed, Outcome::Blocked, Outcome::Opaque, Outcome::Rejected] {
            assert!(decisions.iter().any(|d| d.outcome == o), "no {o}");
        }
        let preflights = decisions.iter().filter(|d| d.preflight).count();
        assert!(preflights > 150 && preflights < m.len() - 100, "{preflights}");
        let tainted = decisions
            .iter()
            .filter(|d| d.sent.iter().any(|r| r.origin.as_deref() == Some("null")))
            .count();
        assert!(tainted > 10, "{tainted} tainted chains");
        let names: std::collections::HashSet<_> = m.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names.len(), m.len(), "names are unique");
    }
}

/// Whether the lab can run `scenario`: every http(s) URL it sends to (the
/// request, each hop, each Location) is at one of `lab` origins. A page the lab
/// does not serve (a hosted corscope) cannot run same-origin rows: its own
/// origin is a static file server, not the scenario endpoint.
pub fn runnable_on(scenario: &Scenario, lab: &[String]) -> bool {
    urls_named(scenario).all(|u| match WebUrl::parse(u) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => lab.contains(&u.origin().serialize()),
        _ => true,
    })
}

/// Every URL a scenario may send to: the request's, each hop's, each Location.
pub fn urls_named(scenario: &Scenario) -> impl Iterator<Item = &str> {
    let hops = scenario.server.hops();
    let hop_urls = hops.iter().filter_map(|h| h.url.as_deref());
    let locations = hops
        .iter()
        .flat_map(|h| [&h.preflight, &h.response])
        .flatten()
        .flat_map(|a| a.headers.iter())
        .filter(|(n, _)| n.eq_ignore_ascii_case("Location"))
        .map(|(_, v)| v.as_str());
    std::iter::once(scenario.request.url.as_str())
        .chain(hop_urls)
        .chain(locations)
}

/// Live (a scenario, a lesson, the Matrix's own scenarios): mapped onto the
/// lab's scenario origins (`lab`, without the same-origin page `frame`), then,
/// when it sends to its own page, moved onto `frame` ([`onto_frame`]).
pub fn map_onto_lab_live(scenario: &Scenario, page: &str, lab: &[String], frame: Option<&str>) -> Scenario {
    let targets: Vec<String> = lab.iter().filter(|o| Some(o.as_str()) != frame).cloned().collect();
    let mapped = map_onto_lab(scenario, page, &targets);
    match frame {
        Some(f) => onto_frame(&mapped, f).unwrap_or(mapped),
        None => mapped,
    }
}

/// A scenario that sends to its own page's origin, moved to the lab's
/// same-origin page `frame` (its page and every mention of the page's origin:
/// URLs, Location and Allow-Origin values); `None` when it never sends there.
/// The lab's app origin answers no scenario (its role is to read what the lab
/// recorded), so such a scenario runs from the frame the lab serves on `frame`.
pub fn onto_frame(scenario: &Scenario, frame: &str) -> Option<Scenario> {
    use crate::origin::Origin;
    let page = Origin::parse(&scenario.page).ok()?.serialize();
    let origin_of = |u: &str| WebUrl::parse(u).ok().map(|u| u.origin().serialize());
    if !urls_named(scenario).any(|u| origin_of(u).as_deref() == Some(page.as_str())) {
        return None;
    }
    // The page's origin in a URL becomes the frame's; credentials and the rest stay.
    let (frame_scheme, frame_authority) = frame.split_once("://").unwrap_or(("http", frame));
    let url = |u: &str| {
        if origin_of(u).as_deref() != Some(page.as_str()) {
            return u.to_string();
        }
        let Some((_, rest)) = u.split_once("://") else {
            return u.to_string();
        };
        let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
        let userinfo = authority
            .rsplit_once('@')
            .map(|(ui, _)| format!("{ui}@"))
            .unwrap_or_default();
        format!("{frame_scheme}://{userinfo}{frame_authority}{tail}")
    };
    let mut s = scenario.clone();
    s.page = frame.to_string();
    s.request.url = url(&s.request.url);
    for hop in s.server.hops_mut() {
        if let Some(u) = &hop.url {
            hop.url = Some(url(u));
        }
        for answer in [&mut hop.preflight, &mut hop.response].into_iter().flatten() {
            for (name, value) in answer.headers.iter_mut() {
                if name.eq_ignore_ascii_case("Access-Control-Allow-Origin") {
                    *value = value
                        .split(", ")
                        .map(|o| if o == page { frame } else { o })
                        .collect::<Vec<_>>()
                        .join(", ");
                } else if name.eq_ignore_ascii_case("Location") {
                    *value = url(value);
                }
            }
        }
    }
    Some(s)
}

/// Maps a scenario written for other hosts onto the lab: the page becomes
/// `page`, every other origin it names (request URL, hop URLs, Location and
/// Allow-Origin values) becomes one of `lab` in order of appearance, and URLs
/// point at the lab's scenario endpoint `/s/v1`. Same-origin, cross-origin and
/// "this is not the page's origin" relations are kept.
pub fn map_onto_lab(scenario: &Scenario, page: &str, lab: &[String]) -> Scenario {
    use crate::origin::Origin;
    struct Table<'a> {
        pairs: Vec<(String, String)>,
        lab: &'a [String],
    }
    impl Table<'_> {
        /// An origin in a value, its surrounding whitespace kept; a value that
        /// is not an origin gets the known origins written inside it mapped
        /// (`http://page/` stays the page's origin with a slash).
        fn origin(&mut self, value: &str) -> String {
            let core = value.trim_matches([' ', '\t']);
            if core.len() != value.len() {
                let start = value.len() - value.trim_start_matches([' ', '\t']).len();
                let end = start + core.len();
                return format!("{}{}{}", &value[..start], self.origin(core), &value[end..]);
            }
            let is_origin = WebUrl::parse(value).is_ok_and(|u| u.origin().serialize() == value);
            if !is_origin {
                let mut out = value.to_string();
                for (from, to) in &self.pairs {
                    out = out.replace(from.as_str(), to);
                }
                return out;
            }
            let origin = value;
            if let Some((_, to)) = self.pairs.iter().find(|(from, _)| from == origin) {
                return to.clone();
            }
            let n = self.pairs.len();
            let to = self
                .lab
                .get(n - 1)
                .cloned()
                .unwrap_or_else(|| format!("http://127.0.0.{n}:1"));
            self.pairs.push((origin.to_string(), to.clone()));
            to
        }
        fn url(&mut self, url: &str) -> String {
            match WebUrl::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {
                    let mapped = format!("{}{SCENARIO_PATH}", self.origin(&u.origin().serialize()));
                    // Credentials in a URL stay (they are what some scenarios test),
                    // already percent-encoded as the parser serialized them.
                    match u.credentials() {
                        ("", "") => mapped,
                        (user, password) => {
                            let (scheme, rest) = mapped.split_once("://").unwrap_or(("http", &mapped));
                            let password = if password.is_empty() {
                                String::new()
                            } else {
                                format!(":{password}")
                            };
                            format!("{scheme}://{user}{password}@{rest}")
                        }
                    }
                }
                _ => url.to_string(),
            }
        }
    }
    let original_page = Origin::parse(&scenario.page).map(|o| o.serialize()).unwrap_or_default();
    let mut table = Table {
        pairs: vec![(original_page, page.to_string())],
        lab,
    };
    let mut s = scenario.clone();
    s.page = page.to_string();
    s.request.url = table.url(&s.request.url);
    for hop in s.server.hops_mut() {
        if let Some(u) = &hop.url {
            hop.url = Some(table.url(u));
        }
        for answer in [&mut hop.preflight, &mut hop.response].into_iter().flatten() {
            for (name, value) in answer.headers.iter_mut() {
                if name.eq_ignore_ascii_case("Access-Control-Allow-Origin") {
                    *value = value
                        .split(", ")
                        .map(|o| table.origin(o))
                        .collect::<Vec<_>>()
                        .join(", ");
                } else if name.eq_ignore_ascii_case("Location") {
                    *value = table.url(value);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod map_tests {
    use super::*;
    use crate::{decide, parse_scenario, Browser};

    #[test]
    fn a_scenario_sending_to_its_own_page_moves_to_the_frame_whole() {
        let page = "http://localhost:9000";
        let frame = "http://localhost:9002";
        let lab = ["http://localhost:9001".to_string(), "http://127.0.0.1:9001".to_string()];
        let all = generate(page, &lab[0], &lab[1], None);
        let mut moved = 0;
        for s in &all {
            match onto_frame(s, frame) {
                Some(m) => {
                    moved += 1;
                    assert_eq!(m.page, frame);
                    assert!(urls_named(&m).all(|u| !u.starts_with(page)), "{}", m.name);
                    for b in [Browser::Chromium, Browser::Firefox] {
                        assert_eq!(decide(&m, b).outcome, decide(s, b).outcome, "{}", s.name);
                    }
                    let mut with_frame = lab.to_vec();
                    with_frame.push(frame.into());
                    assert!(runnable_on(&m, &with_frame), "{}", m.name);
                }
                None => assert!(urls_named(s).all(|u| !u.starts_with(page)), "{}", s.name),
            }
        }
        assert!(moved > 0 && moved < all.len(), "{moved} of {}", all.len());
        // Credentials in a URL stay where they were.
        let s = parse_scenario(&format!(
            r#"{{"page":"{page}","request":{{"url":"http://127.0.0.1:9001/s/v1"}},
               "server":{{"response":{{"status":301,"headers":[["Location","http://u:p@localhost:9000/s/v1?x#f"]]}}}}}}"#
        ))
        .unwrap();
        let m = onto_frame(&s, frame).unwrap();
        let location = &m.server.hops()[0].response.as_ref().unwrap().headers[0].1;
        assert_eq!(location, "http://u:p@localhost:9002/s/v1?x#f");
    }

    #[test]
    fn live_mapping_sends_a_same_origin_scenario_to_the_frame_and_nothing_else_there() {
        let lab = vec![
            "http://localhost:9001".to_string(),
            "http://api.localhost:9001".to_string(),
            "http://localhost:9002".to_string(),
        ];
        let frame = Some("http://localhost:9002");
        let same =
            parse_scenario(r#"{"page":"https://app.example","request":{"url":"https://app.example/a"}}"#).unwrap();
        let m = map_onto_lab_live(&same, "http://localhost:9000", &lab, frame);
        assert_eq!(
            (m.page.as_str(), m.request.url.as_str()),
            ("http://localhost:9002", "http://localhost:9002/s/v1")
        );
        let cross = parse_scenario(
            r#"{"page":"https://app.example","request":{"url":"https://a.example/"},
            "server":{"response":{"status":302,"headers":[["Location","https://b.example/"]]}}}"#,
        )
        .unwrap();
        let m = map_onto_lab_live(&cross, "http://localhost:9000", &lab, frame);
        assert_eq!(m.page, "http://localhost:9000");
        assert!(urls_named(&m).all(|u| !u.starts_with("http://localhost:9002")), "{m:?}");
        // Without a frame (a hosted page), the page stays this page.
        let m = map_onto_lab_live(&same, "https://u.github.io", &lab[..2], None);
        assert_eq!(m.request.url, "https://u.github.io/s/v1");
    }

    #[test]
    fn mapping_onto_the_lab_keeps_what_is_and_is_not_the_page_origin() {
        let s = parse_scenario(
            r#"{"page":"http://example.com","request":{"url":"https://api.example.com/v1/profile"},
               "server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://example.com"]]}}}"#,
        )
        .unwrap();
        let lab = vec![
            "http://localhost:9001".to_string(),
            "http://api.localhost:9001".to_string(),
        ];
        let m = map_onto_lab(&s, "http://localhost:9000", &lab);
        assert_eq!(m.request.url, "http://localhost:9001/s/v1");
        let acao = &m.server.hops()[0].response.as_ref().unwrap().headers[0].1;
        assert_eq!(acao, "http://api.localhost:9001");
        assert_eq!(
            decide(&m, Browser::Chromium).outcome,
            decide(&s, Browser::Chromium).outcome
        );
    }
}
