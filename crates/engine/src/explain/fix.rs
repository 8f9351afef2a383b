//! The smallest server-side fix: header (or status) changes that turn a blocked
//! scenario into an allowed one, found by fixing the failing check and deciding
//! again until nothing fails; or advice for the page when no server change helps.

use crate::decision::{Browser, Change, Decision, Failure, Fix, FixChange, Outcome, Stage, Target};
use crate::fetch::header_list::extract_token_list;
use crate::scenario::{Answer, Hop, Scenario, Server};

/// Applies server changes to a copy of the scenario.
pub fn apply_fix(scenario: &Scenario, changes: &[FixChange]) -> Scenario {
    let mut s = scenario.clone();
    for c in changes {
        if let Server::Chain(hops) = &mut s.server {
            while hops.len() <= c.hop {
                hops.push(Hop::default());
            }
        }
        let Some(hop) = s.server.hops_mut().get_mut(c.hop) else {
            continue;
        };
        let answer = match c.target {
            Target::Preflight => hop.preflight.get_or_insert_with(Answer::default_preflight),
            Target::Response => hop.response.get_or_insert_with(Answer::default_response),
        };
        match &c.change {
            Change::SetHeader { name, value } => {
                let at = answer.headers.iter().position(|(n, _)| n.eq_ignore_ascii_case(name));
                answer.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                let line = (name.clone(), value.clone());
                match at {
                    Some(i) => answer.headers.insert(i.min(answer.headers.len()), line),
                    None => answer.headers.push(line),
                }
            }
            Change::RemoveHeader { name } => answer.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name)),
            Change::SetStatus { status } => answer.status = *status,
        }
    }
    s
}

fn set(hop: usize, target: Target, name: &str, value: impl Into<String>) -> FixChange {
    FixChange {
        hop,
        target,
        change: Change::SetHeader {
            name: name.into(),
            value: value.into(),
        },
    }
}

/// The change that repairs one failure, or `None` when the server cannot.
fn repair(scenario: &Scenario, d: &Decision) -> Option<Vec<FixChange>> {
    let failure = d.failure.as_ref()?;
    let last = d.sent.last()?;
    let hop = last.hop;
    let target = if d.stage == Some(Stage::Preflight) {
        Target::Preflight
    } else {
        Target::Response
    };
    let origin = last.origin.clone().unwrap_or_else(|| "null".into());
    let answers = scenario.server.hops().get(hop).cloned().unwrap_or_default();
    let answer = match target {
        Target::Preflight => answers.preflight_or_default(),
        Target::Response => answers.response_or_default(),
    };
    let include = scenario.request.credentials == crate::scenario::CredentialsMode::Include;
    Some(match failure {
        Failure::MissingAllowOrigin
        | Failure::MultipleAllowOrigin { .. }
        | Failure::InvalidAllowOrigin { .. }
        | Failure::AllowOriginMismatch { .. }
        | Failure::WildcardOriginWithCredentials => {
            let mut v = vec![set(hop, target, "Access-Control-Allow-Origin", origin)];
            if include {
                v.push(set(hop, target, "Access-Control-Allow-Credentials", "true"));
            }
            v
        }
        Failure::InvalidAllowCredentials { .. } => vec![set(hop, target, "Access-Control-Allow-Credentials", "true")],
        Failure::PreflightInvalidStatus { .. } => {
            vec![FixChange {
                hop,
                target: Target::Preflight,
                change: Change::SetStatus { status: 204 },
            }]
        }
        Failure::PreflightRedirect { .. } => vec![
            FixChange {
                hop,
                target: Target::Preflight,
                change: Change::SetStatus { status: 204 },
            },
            FixChange {
                hop,
                target: Target::Preflight,
                change: Change::RemoveHeader {
                    name: "Location".into(),
                },
            },
        ],
        Failure::InvalidAllowMethods { .. } | Failure::MethodNotAllowed { .. } => {
            let method = d
                .sent
                .iter()
                .find(|s| s.preflight && s.hop == hop)?
                .access_control_request_method
                .clone()?;
            let mut list: Vec<String> = extract_token_list(&answer.headers, "Access-Control-Allow-Methods")
                .tokens()
                .to_vec();
            // Methods compare exactly; older Chromium compared upper-cased: list both.
            for m in [method.clone(), method.to_ascii_uppercase()] {
                if !list.contains(&m) {
                    list.push(m);
                }
            }
            vec![set(
                hop,
                Target::Preflight,
                "Access-Control-Allow-Methods",
                list.join(", "),
            )]
        }
        Failure::InvalidAllowHeaders { .. } | Failure::HeaderNotAllowed { .. } => {
            let requested = d
                .sent
                .iter()
                .find(|s| s.preflight && s.hop == hop)?
                .access_control_request_headers
                .clone()
                .unwrap_or_default();
            let mut list: Vec<String> = extract_token_list(&answer.headers, "Access-Control-Allow-Headers")
                .tokens()
                .to_vec();
            let mut wanted: Vec<String> = requested
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !wanted.iter().any(|w| w == "authorization")
                && scenario
                    .request
                    .headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
            {
                wanted.push("authorization".into());
            }
            for name in wanted {
                if !list.iter().any(|l| l.eq_ignore_ascii_case(&name)) {
                    list.push(name);
                }
            }
            vec![set(
                hop,
                Target::Preflight,
                "Access-Control-Allow-Headers",
                list.join(", "),
            )]
        }
        Failure::RedirectContainsCredentials { location } => {
            let u = crate::origin::web_url::WebUrl::parse(location).ok()?;
            vec![set(hop, Target::Response, "Location", u.without_credentials())]
        }
        Failure::UnparsableResponse { name } => {
            let (_, value) = answer.headers.iter().find(|(n, v)| n == name && v.contains('\0'))?;
            vec![set(hop, target, name, value.replace('\0', ""))]
        }
        _ => return None,
    })
}

/// Advice for failures only the page (or the server's structure) can avoid.
fn client_advice(f: &Failure) -> String {
    match f {
        Failure::InvalidUrl { .. } => "Pass fetch() an absolute http(s) URL without a username or password.".into(),
        Failure::UnsupportedScheme { .. } => {
            "Serve the resource over http or https; CORS does not apply to other schemes.".into()
        }
        Failure::InvalidMethod { .. } | Failure::ForbiddenMethod { .. } => {
            "Use a valid method that is not CONNECT, TRACE or TRACK.".into()
        }
        Failure::InvalidHeader { .. } => "Remove the invalid header name or value from the request.".into(),
        Failure::BodyWithGetOrHead { .. } => {
            "Send the body with POST, PUT or PATCH, or drop it from the GET/HEAD request.".into()
        }
        Failure::DisallowedByMode => {
            "Use mode 'cors' (the default) for cross-origin URLs; 'same-origin' refuses them.".into()
        }
        Failure::NoCorsMethod { .. } => {
            "Mode 'no-cors' allows only GET, HEAD and POST; use mode 'cors' and let the server allow the method.".into()
        }
        Failure::NoCorsRedirectMode => "Mode 'no-cors' needs redirect: 'follow'.".into(),
        Failure::MixedContent { .. } => {
            "Request the https:// URL (serve the API over TLS); an https page may not fetch http:// URLs.".into()
        }
        Failure::RedirectModeError => "Request the final URL directly, or use redirect: 'follow'.".into(),
        Failure::RedirectLimit => "Break the redirect loop on the server: browsers stop after 20 redirects.".into(),
        Failure::RedirectInvalidLocation { .. } => "Send exactly one valid Location header with the redirect.".into(),
        Failure::RedirectNotHttp { .. } => "Redirect only to http or https URLs.".into(),
        Failure::LocalNetworkAccess { insecure_page: true, space } => format!(
            "Serve the page over https: a public page that is not a secure context may not reach the {space} address space. No server header helps (Access-Control-Allow-Private-Network has no effect now)."
        ),
        Failure::LocalNetworkAccess { space, .. } => format!(
            "Allow this site to reach the {space} network when the browser asks (Chromium: site settings → Local network access; Firefox: the permission icon in the address bar). No server header can grant it: Access-Control-Allow-Private-Network has no effect now."
        ),
        _ => "No server change can fix this.".into(),
    }
}

/// The fix for a decision that is not `allowed` (`None` for allowed and opaque ones).
pub(crate) fn compute_fix(scenario: &Scenario, browser: Browser, decision: &Decision) -> Option<Fix> {
    if matches!(decision.outcome, Outcome::Allowed | Outcome::Opaque) {
        return None;
    }
    let mut changes: Vec<FixChange> = vec![];
    let mut current = decision.clone();
    // Each round repairs one failing check; a chain has a bounded number of them.
    for _ in 0..64 {
        match current.outcome {
            Outcome::Allowed | Outcome::Opaque => {
                return Some(Fix {
                    server: changes,
                    client: None,
                })
            }
            _ => {}
        }
        let failure = current.failure.clone()?;
        let patched = apply_fix(scenario, &changes);
        match repair(&patched, &current) {
            Some(more) => changes.extend(more),
            None => {
                return Some(Fix {
                    server: vec![],
                    client: Some(client_advice(&failure)),
                });
            }
        }
        current = crate::decide(&apply_fix(scenario, &changes), browser);
    }
    Some(Fix {
        server: vec![],
        client: Some(client_advice(current.failure.as_ref()?)),
    })
}
