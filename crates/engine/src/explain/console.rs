//! The text each browser's console prints for a failed request
//! (`shared/browser-console-messages.md`: Chromium's `cors_error_string.cc`,
//! Firefox's `security.properties`).

use crate::decision::{Console, Decision, Failure, Stage};
use crate::origin::Origin;
use crate::scenario::Scenario;

const CHROMIUM_NO_CORS_HINT: &str =
    " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
const CHROMIUM_VALID_VALUE_HINT: &str = " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";

/// The console messages for a decision (both `None` when nothing failed).
pub fn console_messages(scenario: &Scenario, decision: &Decision) -> Console {
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
        firefox: firefox(failure, &failed_url, status, &method),
    }
}

fn chromium(
    failure: &Failure,
    stage: Option<Stage>,
    page: &str,
    url: &str,
    first_url: &str,
    method: &str,
) -> Option<String> {
    let preflight = stage == Some(Stage::Preflight);
    let type_error = |text: String| {
        Some(format!(
            "Uncaught (in promise) TypeError: Failed to execute 'fetch' on 'Window': {text}"
        ))
    };
    let (reason, prefixed) = match failure {
        Failure::InvalidUrl { url, reason } if reason.contains("credentials") => {
            return type_error(format!("Request cannot be constructed from a URL that includes credentials: {url}"))
        }
        Failure::InvalidUrl { url, .. } => return type_error(format!("Failed to parse URL from {url}")),
        Failure::InvalidMethod { method } => return type_error(format!("'{method}' is not a valid HTTP method.")),
        Failure::ForbiddenMethod { method } => {
            return type_error(format!("'{}' HTTP method is unsupported.", method.to_ascii_uppercase()))
        }
        Failure::InvalidHeader { name, .. } => return type_error(format!("'{name}' is not a valid HTTP header field name.")),
        Failure::BodyWithGetOrHead { .. } => return type_error("Request with GET/HEAD method cannot have body.".into()),
        Failure::NoCorsMethod { method } => return type_error(format!("'{method}' is unsupported in no-cors mode.")),
        Failure::MixedContent { url } => {
            return Some(format!(
                "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{url}'. This request has been blocked; the content must be served over HTTPS."
            ))
        }
        Failure::RedirectLimit => return Some(format!("{method} {first_url} net::ERR_TOO_MANY_REDIRECTS")),
        Failure::RedirectModeError | Failure::RedirectInvalidLocation { .. } | Failure::RedirectNotHttp { .. } | Failure::NoCorsRedirectMode => {
            return Some(format!("{method} {first_url} net::ERR_FAILED"))
        }
        Failure::DisallowedByMode => ("Cross origin requests are not allowed by request mode.".to_string(), false),
        Failure::UnsupportedScheme { .. } => (
            "Cross origin requests are only supported for protocol schemes: http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted.".to_string(),
            false,
        ),
        Failure::WildcardOriginWithCredentials => (
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.".to_string(),
            preflight,
        ),
        Failure::MissingAllowOrigin => (
            format!("No 'Access-Control-Allow-Origin' header is present on the requested resource.{CHROMIUM_NO_CORS_HINT}"),
            preflight,
        ),
        Failure::MultipleAllowOrigin { value } => (
            format!("The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{CHROMIUM_VALID_VALUE_HINT}"),
            preflight,
        ),
        Failure::InvalidAllowOrigin { value } => (
            format!("The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{CHROMIUM_VALID_VALUE_HINT}"),
            preflight,
        ),
        Failure::AllowOriginMismatch { value } => (
            format!("The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{CHROMIUM_VALID_VALUE_HINT}"),
            preflight,
        ),
        Failure::InvalidAllowCredentials { value } => (
            format!("The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'."),
            preflight,
        ),
        Failure::PreflightInvalidStatus { .. } => ("It does not have HTTP ok status.".to_string(), true),
        Failure::PreflightRedirect { .. } => ("Redirect is not allowed for a preflight request.".to_string(), true),
        Failure::InvalidAllowMethods { .. } => {
            ("Cannot parse Access-Control-Allow-Methods response header field in preflight response.".to_string(), false)
        }
        Failure::InvalidAllowHeaders { .. } => {
            ("Cannot parse Access-Control-Allow-Headers response header field in preflight response.".to_string(), false)
        }
        Failure::MethodNotAllowed { method } => {
            (format!("Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."), false)
        }
        Failure::HeaderNotAllowed { name } => (
            format!("Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response."),
            false,
        ),
        Failure::RedirectContainsCredentials { location } => (
            format!("Redirect location '{location}' contains a username and password, which is disallowed for cross-origin requests."),
            false,
        ),
    };
    let redirected = if url != first_url {
        format!("(redirected from '{first_url}') ")
    } else {
        String::new()
    };
    let prefix = if prefixed {
        "Response to preflight request doesn't pass access control check: "
    } else {
        ""
    };
    Some(format!(
        "Access to fetch at '{url}' {redirected}from origin '{page}' has been blocked by CORS policy: {prefix}{reason}"
    ))
}

fn firefox(failure: &Failure, url: &str, status: u16, _method: &str) -> Option<String> {
    let blocked = |reason: String| {
        Some(format!("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. (Reason: {reason}"))
    };
    match failure {
        Failure::MissingAllowOrigin => blocked(format!("CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {status}.")),
        Failure::MultipleAllowOrigin { .. } => blocked("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).".into()),
        Failure::AllowOriginMismatch { value } | Failure::InvalidAllowOrigin { value } => {
            blocked(format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’)."))
        }
        Failure::WildcardOriginWithCredentials => Some(format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘{url}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
        )),
        Failure::InvalidAllowCredentials { .. } => {
            blocked("expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).".into())
        }
        Failure::PreflightInvalidStatus { status } => {
            blocked(format!("CORS preflight response did not succeed). Status code: {status}."))
        }
        Failure::PreflightRedirect { .. } => blocked("CORS request external redirect not allowed).".into()),
        Failure::MethodNotAllowed { .. } => blocked("Did not find method in CORS header ‘Access-Control-Allow-Methods’).".into()),
        Failure::InvalidAllowMethods { token } => {
            blocked(format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Methods’)."))
        }
        Failure::InvalidAllowHeaders { token } => {
            blocked(format!("invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Headers’)."))
        }
        Failure::HeaderNotAllowed { name } => blocked(format!(
            "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
        )),
        Failure::UnsupportedScheme { .. } => blocked("CORS request not http).".into()),
        Failure::RedirectLimit
        | Failure::RedirectModeError
        | Failure::RedirectContainsCredentials { .. }
        | Failure::RedirectInvalidLocation { .. }
        | Failure::RedirectNotHttp { .. } => blocked("CORS request did not succeed). Status code: (null).".into()),
        Failure::MixedContent { url } => Some(format!("Blocked loading mixed active content “{url}”")),
        _ => None,
    }
}
