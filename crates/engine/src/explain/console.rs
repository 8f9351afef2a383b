//! The text each browser's console prints for a failed request
//! (`shared/browser-console-messages.md`: Chromium's `cors_error_string.cc`,
//! Firefox's `security.properties`).

use crate::decision::{Console, Decision, Failure, Stage};
use crate::origin::Origin;
use crate::scenario::Scenario;

use super::console_templates::{
    fill, printed, Kind, MessageBrowser, Prefix, Template, CHROMIUM_ENVELOPE, CHROMIUM_PREFLIGHT_PREFIX,
    FIREFOX_BLOCKED, FIREFOX_LEAD, FIREFOX_REASON, SAFARI_CHECKS, SAFARI_FETCH,
};

/// What WebKit prints for a request it refuses before sending (mixed content).
const SAFARI_NOT_ALLOWED: &str = "Not allowed to request resource";

// What Chromium prints for failures that are not CORS verdicts.
const CHROMIUM_TYPE_ERROR: &str = "Uncaught (in promise) TypeError: Failed to execute 'fetch' on 'Window': ";
const CHROMIUM_URL_CREDENTIALS: &str = "Request cannot be constructed from a URL that includes credentials: ";
const CHROMIUM_GET_WITH_BODY: &str = "Request with GET/HEAD method cannot have body.";
const CHROMIUM_MIXED_CONTENT: &str = concat!(
    "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{url}'.",
    " This request has been blocked; the content must be served over HTTPS."
);

/// The console messages for a decision (both `None` when nothing failed).
pub(crate) fn console_messages(scenario: &Scenario, decision: &Decision) -> Console {
    let Some(failure) = &decision.failure else {
        return Console::default();
    };
    let page = Origin::parse(&scenario.page)
        .map(|o| o.serialize())
        .unwrap_or_else(|_| scenario.page.clone());
    let initial = scenario.request.url.clone();
    // The URL that failed: the last one the browser sent to, or the initial one.
    let failed_url = decision
        .sent
        .last()
        .map(|s| s.url.clone())
        .unwrap_or_else(|| initial.clone());
    let first_url = decision
        .sent
        .first()
        .map(|s| s.url.clone())
        .unwrap_or_else(|| initial.clone());
    let hop = decision.sent.last().map(|s| s.hop).unwrap_or(0);
    let hop_answers = scenario.server.hops().get(hop).cloned().unwrap_or_default();
    let status = if decision.stage == Some(Stage::Preflight) {
        hop_answers.preflight_or_default().status
    } else {
        hop_answers.response_or_default().status
    };
    let method = decision
        .sent
        .iter()
        .rev()
        .find(|s| !s.preflight)
        .map(|s| s.method.clone())
        .unwrap_or_else(|| scenario.request.method.clone());
    Console {
        chromium: chromium(failure, decision.stage, &page, &failed_url, &first_url, &method),
        firefox: firefox(failure, &failed_url, status),
        webkit: webkit(failure, scenario, &page, &failed_url, status),
    }
}

/// The row for a failure, with its values (`None`: not a CORS message).
fn kind_of(failure: &Failure) -> Option<(Kind, Vec<(&'static str, &str)>)> {
    let none = vec![];
    Some(match failure {
        Failure::DisallowedByMode => (Kind::DisallowedByMode, none),
        Failure::UnsupportedScheme { .. } => (Kind::CorsDisabledScheme, none),
        Failure::WildcardOriginWithCredentials => (Kind::WildcardOriginWithCredentials, none),
        Failure::MissingAllowOrigin => (Kind::MissingAllowOrigin, none),
        Failure::MultipleAllowOrigin { value } => (Kind::MultipleAllowOrigin, vec![("value", value)]),
        Failure::InvalidAllowOrigin { value } => (Kind::InvalidAllowOrigin, vec![("value", value)]),
        Failure::AllowOriginMismatch { value } => (Kind::AllowOriginMismatch, vec![("value", value)]),
        Failure::InvalidAllowCredentials { value } => (Kind::InvalidAllowCredentials, vec![("value", value)]),
        Failure::PreflightInvalidStatus { .. } => (Kind::PreflightInvalidStatus, none),
        Failure::PreflightRedirect { .. } => (Kind::PreflightRedirect, none),
        Failure::InvalidAllowMethods { token } => (Kind::InvalidAllowMethods, vec![("token", token)]),
        Failure::InvalidAllowHeaders { token } => (Kind::InvalidAllowHeaders, vec![("token", token)]),
        Failure::MethodNotAllowed { method } => (Kind::MethodNotAllowed, vec![("method", method)]),
        Failure::HeaderNotAllowed { name } => (Kind::HeaderNotAllowed, vec![("name", name)]),
        Failure::RedirectContainsCredentials { location } => {
            (Kind::RedirectContainsCredentials, vec![("location", location)])
        }
        Failure::LocalNetworkAccess { space, insecure_page } => {
            let kind = if *insecure_page {
                Kind::LocalNetworkInsecure
            } else {
                Kind::LocalNetworkDenied
            };
            (kind, vec![("space", space)])
        }
        _ => return None,
    })
}

/// A row's words and tail, filled in.
fn words(t: &Template, values: &[(&str, &str)]) -> String {
    fill(&format!("{}{}", t.text, t.tail), values)
}

fn chromium(
    failure: &Failure,
    stage: Option<Stage>,
    page: &str,
    url: &str,
    first_url: &str,
    method: &str,
) -> Option<String> {
    let type_error = |text: String| Some(format!("{CHROMIUM_TYPE_ERROR}{text}"));
    match failure {
        Failure::InvalidUrl { url, reason } if reason.contains("credentials") => {
            return type_error(format!("{CHROMIUM_URL_CREDENTIALS}{url}"))
        }
        Failure::InvalidUrl { url, .. } => return type_error(format!("Failed to parse URL from {url}")),
        Failure::InvalidMethod { method } => return type_error(format!("'{method}' is not a valid HTTP method.")),
        Failure::ForbiddenMethod { method } => {
            return type_error(format!("'{}' HTTP method is unsupported.", method.to_ascii_uppercase()))
        }
        Failure::InvalidHeader { name, .. } => {
            return type_error(format!("'{name}' is not a valid HTTP header field name."))
        }
        Failure::BodyWithGetOrHead { .. } => return type_error(CHROMIUM_GET_WITH_BODY.into()),
        Failure::NoCorsMethod { method } => return type_error(format!("'{method}' is unsupported in no-cors mode.")),
        Failure::MixedContent { url } => {
            // The page's address, not its origin: a document URL has a path (checked live).
            let document = crate::origin::web_url::WebUrl::parse(page)
                .map_or_else(|_| page.to_string(), |u| u.as_str().to_string());
            return Some(fill(CHROMIUM_MIXED_CONTENT, &[("page", &document), ("url", url)]));
        }
        Failure::RedirectLimit => return Some(format!("{method} {first_url} net::ERR_TOO_MANY_REDIRECTS")),
        Failure::RedirectModeError
        | Failure::RedirectInvalidLocation { .. }
        | Failure::RedirectNotHttp { .. }
        | Failure::NoCorsRedirectMode => return Some(format!("{method} {first_url} net::ERR_FAILED")),
        // Chromium 156 prints no CORS line, only the load failure (checked live).
        Failure::UnparsableResponse { .. } => return Some(format!("{method} {url} net::ERR_INVALID_HTTP_RESPONSE")),
        _ => {}
    }
    let (kind, values) = kind_of(failure)?;
    let t = printed(MessageBrowser::Chromium, kind)?;
    let redirected = if url != first_url {
        format!("(redirected from '{first_url}') ")
    } else {
        String::new()
    };
    let prefix = match t.prefix {
        Prefix::Always => CHROMIUM_PREFLIGHT_PREFIX,
        Prefix::InPreflight if stage == Some(Stage::Preflight) => CHROMIUM_PREFLIGHT_PREFIX,
        _ => "",
    };
    let reason = words(t, &values);
    Some(format!(
        "Access to fetch at '{url}' {redirected}from origin '{page}' {CHROMIUM_ENVELOPE}{prefix}{reason}"
    ))
}

/// WebKit: the reason line (where WebCore names one), then the line script's
/// `TypeError: Load failed` comes with. `None` for failures that are not CORS
/// checks (what WebKit prints for those is not modelled yet).
fn webkit(failure: &Failure, scenario: &Scenario, page: &str, url: &str, status: u16) -> Option<String> {
    let status = status.to_string();
    let envelope = format!("{SAFARI_FETCH}{url}{SAFARI_CHECKS}.");
    // Checked live (WebKitGTK): the "[blocked] …" line is a warning before these.
    if let Failure::MixedContent { .. } = failure {
        return Some(format!("{SAFARI_NOT_ALLOWED}\n{envelope}"));
    }
    let (kind, values): (Kind, Vec<(&str, &str)>) = match failure {
        Failure::MissingAllowOrigin | Failure::AllowOriginMismatch { .. } | Failure::InvalidAllowOrigin { .. } => {
            (Kind::OriginNotAllowed, vec![("origin", page), ("status", &status)])
        }
        Failure::PreflightInvalidStatus { .. } => (Kind::PreflightInvalidStatus, vec![("status", &status)]),
        // WebKit names a refused request header as the page wrote it (checked live).
        Failure::HeaderNotAllowed { name } => {
            let written = scenario
                .request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or(name.as_str(), |(n, _)| n.as_str());
            (Kind::HeaderNotAllowed, vec![("name", written)])
        }
        Failure::WildcardOriginWithCredentials
        | Failure::MultipleAllowOrigin { .. }
        | Failure::InvalidAllowCredentials { .. }
        | Failure::MethodNotAllowed { .. } => kind_of(failure)?,
        _ => return None,
    };
    Some(match printed(MessageBrowser::Safari, kind) {
        Some(t) => format!("{}\n{envelope}", words(t, &values)),
        None => envelope,
    })
}

fn firefox(failure: &Failure, url: &str, status: u16) -> Option<String> {
    let status = status.to_string();
    let (kind, mut values) = match failure {
        Failure::MixedContent { url } => return Some(format!("Blocked loading mixed active content “{url}”")),
        // Checked live (WebDriver BiDi, ESR 153): a refused local network
        // request prints only the generic line; its own "Local Network Access …"
        // lines did not reach the web console here (the reader still knows them).
        Failure::LocalNetworkAccess { .. } => (Kind::DidNotSucceed, vec![("status", "(null)")]),
        // Firefox reads a wrong value as "does not match".
        Failure::InvalidAllowOrigin { value } => (Kind::AllowOriginMismatch, vec![("value", value.as_str())]),
        // UnparsableResponse: Firefox's console is not readable by the tests
        // here; like its other network errors, "did not succeed" (not checked).
        Failure::RedirectLimit
        | Failure::UnparsableResponse { .. }
        | Failure::RedirectModeError
        | Failure::RedirectContainsCredentials { .. }
        | Failure::RedirectInvalidLocation { .. }
        | Failure::RedirectNotHttp { .. } => (Kind::DidNotSucceed, vec![("status", "(null)")]),
        f => kind_of(f)?,
    };
    if !values.iter().any(|(n, _)| *n == "status") {
        values.push(("status", &status));
    }
    let t = printed(MessageBrowser::Firefox, kind)?;
    // Firefox quotes the URL in this one message.
    let url = if kind == Kind::WildcardOriginWithCredentials {
        format!("‘{url}’")
    } else {
        url.to_string()
    };
    Some(format!(
        "{FIREFOX_BLOCKED}{FIREFOX_LEAD}{url}. {FIREFOX_REASON}{}",
        words(t, &values)
    ))
}
