//! `corscope-lab probe`: sends, server-to-server, exactly what a browser at
//! any origin would send — the engine decides each request (preflight or not,
//! its Origin, Access-Control-Request-*, redirects followed the browser's way)
//! and the network supplies each answer — and records the answers as a
//! scenario the engine explains and anyone can replay.

use corscope_engine::{Answer, Browser, Decision, Hop, RequestSpec, Scenario, Server};
use std::fmt;
use std::time::Duration;

/// What to probe: the request a page at `origin` makes, as the `browser` would.
#[derive(Clone, Debug)]
pub struct ProbeRequest {
    /// The page origin the browser would send (`https://shop.example`, or `null`).
    pub origin: String,
    pub request: RequestSpec,
    pub browser: Browser,
}

impl ProbeRequest {
    pub fn get(url: &str, origin: &str) -> ProbeRequest {
        ProbeRequest {
            origin: origin.into(),
            request: RequestSpec::get(url),
            browser: Browser::Chromium,
        }
    }
}

/// One request that went out and its answer (the lab contract's type).
pub use corscope_engine::lab::Exchange;

/// The probe's result: the recorded scenario and the engine's decision on it.
#[derive(Clone, Debug)]
pub struct ProbeReport {
    pub scenario: Scenario,
    pub decision: Decision,
    pub exchanges: Vec<Exchange>,
}

/// A failure that is not a CORS verdict.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ProbeError {
    /// The origin, URL, method or a header cannot be used.
    InvalidInput(String),
    Timeout {
        url: String,
        seconds: f64,
    },
    Dns {
        url: String,
        message: String,
    },
    Tls {
        url: String,
        message: String,
    },
    Connect {
        url: String,
        message: String,
    },
    Http {
        url: String,
        message: String,
    },
    /// The HTTP client could not be set up (TLS backend, resolver).
    Client(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::InvalidInput(m) => write!(f, "invalid input: {m}"),
            ProbeError::Timeout { url, seconds } => {
                write!(
                    f,
                    "timeout: {url} did not answer within {seconds} s (not a CORS verdict)"
                )
            }
            ProbeError::Dns { url, message } => {
                write!(f, "DNS failure for {url}: {message} (not a CORS verdict)")
            }
            ProbeError::Tls { url, message } => write!(f, "TLS error for {url}: {message} (not a CORS verdict)"),
            ProbeError::Connect { url, message } => {
                write!(f, "cannot connect to {url}: {message} (not a CORS verdict)")
            }
            ProbeError::Http { url, message } => write!(f, "HTTP error for {url}: {message} (not a CORS verdict)"),
            ProbeError::Client(message) => write!(f, "the HTTP client could not be set up: {message}"),
        }
    }
}

impl std::error::Error for ProbeError {}

/// Sorts a transport error by its cause, from the error chain's text.
pub fn classify(url: &str, chain: &str, timeout: bool, connect: bool, seconds: f64) -> ProbeError {
    let lower = chain.to_ascii_lowercase();
    let message = chain.to_string();
    let url = url.to_string();
    if timeout {
        ProbeError::Timeout { url, seconds }
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        ProbeError::Dns { url, message }
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        ProbeError::Tls { url, message }
    } else if connect {
        ProbeError::Connect { url, message }
    } else {
        ProbeError::Http { url, message }
    }
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The HTTP client probes use: no redirects of its own (the engine follows
/// them), a per-request timeout, and optionally any certificate.
pub fn client(timeout: Duration, accept_invalid_certs: bool) -> Result<reqwest::Client, ProbeError> {
    client_with(timeout, accept_invalid_certs, &[])
}

/// Resolves `localhost` and `*.localhost` to loopback as browsers do (RFC 6761
/// §6.3, the URL Standard's "localhost"; the system resolver often cannot),
/// every other name with the system resolver.
struct LoopbackNames;

impl reqwest::dns::Resolve for LoopbackNames {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> = if host == "localhost" || host.ends_with(".localhost") {
                vec![
                    std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)),
                    std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0)),
                ]
            } else {
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect()
            };
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// [`client`], with host names pinned to addresses (like curl's `--resolve`).
pub fn client_with(
    timeout: Duration,
    accept_invalid_certs: bool,
    resolve: &[(String, std::net::SocketAddr)],
) -> Result<reqwest::Client, ProbeError> {
    let mut b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .danger_accept_invalid_certs(accept_invalid_certs)
        .user_agent(concat!("corscope-lab/", env!("CARGO_PKG_VERSION"), " (probe)"));
    b = b.dns_resolver(std::sync::Arc::new(LoopbackNames));
    for (host, addr) in resolve {
        b = b.resolve(host, *addr);
    }
    // Never a default client instead: it would follow redirects and never time out.
    b.build().map_err(|e| ProbeError::Client(e.to_string()))
}

/// Sends one request; returns the status and every header line of the answer.
pub async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    seconds: f64,
) -> Result<(u16, Vec<(String, String)>), ProbeError> {
    let response = send_raw(client, method, url, headers, body, seconds).await?;
    Ok((
        response.status().as_u16(),
        crate::journal::header_lines(response.headers()),
    ))
}

/// The start of an answer's body as text, at most `PROBE_BODY_PREVIEW` bytes
/// (what arrives with no 2-second gap; a slow body is cut, not an error).
async fn body_preview(mut response: reqwest::Response) -> Option<String> {
    let mut bytes = vec![];
    let limit = corscope_engine::lab::PROBE_BODY_PREVIEW;
    while bytes.len() < limit {
        match tokio::time::timeout(Duration::from_secs(2), response.chunk()).await {
            Ok(Ok(Some(chunk))) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(limit);
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

async fn send_raw(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    seconds: f64,
) -> Result<reqwest::Response, ProbeError> {
    let m = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|_| ProbeError::InvalidInput(format!("'{method}' is not an HTTP method")))?;
    let mut req = client.request(m, url);
    for (n, v) in headers {
        let name = reqwest::header::HeaderName::from_bytes(n.as_bytes())
            .map_err(|_| ProbeError::InvalidInput(format!("'{n}' is not a header name")))?;
        let value = reqwest::header::HeaderValue::from_str(v)
            .map_err(|_| ProbeError::InvalidInput(format!("the value of {n} cannot be sent")))?;
        req = req.header(name, value);
    }
    if let Some(b) = body {
        req = req.body(b.to_string());
    }
    let response = req
        .send()
        .await
        .map_err(|e| classify(url, &error_chain(&e), e.is_timeout(), e.is_connect(), seconds))?;
    Ok(response)
}

/// What the browser sends for one engine-predicted request: its Origin, the
/// preflight's Access-Control-Request-*, or the script's headers.
fn wire_headers(sent: &corscope_engine::SentRequest, request: &RequestSpec) -> Vec<(String, String)> {
    let mut h = vec![];
    if let Some(o) = &sent.origin {
        h.push(("Origin".to_string(), o.clone()));
    }
    if sent.preflight {
        if let Some(m) = &sent.access_control_request_method {
            h.push(("Access-Control-Request-Method".into(), m.clone()));
        }
        if let Some(r) = &sent.access_control_request_headers {
            h.push(("Access-Control-Request-Headers".into(), r.clone()));
        }
        h.push(("Accept".into(), "*/*".into()));
    } else {
        for (n, v) in &request.headers {
            if sent.headers.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                h.push((n.clone(), v.clone()));
            }
        }
    }
    h
}

/// Probes `req.request.url` as a page at `req.origin` would fetch it.
pub async fn probe(client: &reqwest::Client, req: &ProbeRequest, timeout: Duration) -> Result<ProbeReport, ProbeError> {
    corscope_engine::Origin::parse(&req.origin).map_err(|e| ProbeError::InvalidInput(format!("origin: {e}")))?;
    let url = &req.request.url;
    url::Url::parse(url).map_err(|e| ProbeError::InvalidInput(format!("'{url}' is not an absolute URL: {e}")))?;
    let mut scenario = Scenario {
        name: format!("probe of {url} from {}", req.origin),
        page: req.origin.clone(),
        request: req.request.clone(),
        server: Server::Chain(vec![]),
        expect: None,
        network: Default::default(),
        cookies: Default::default(),
    };
    let mut hops: Vec<Hop> = vec![];
    let mut exchanges: Vec<Exchange> = vec![];
    // Each round: the engine says what the browser sends next, given the
    // answers so far; that request goes out and its answer is recorded.
    for _ in 0..64 {
        scenario.server = Server::Chain(hops.clone());
        let d = corscope_engine::verdict(&scenario, req.browser);
        let Some(next) = d.sent.get(exchanges.len()).cloned() else {
            break;
        };
        let headers = wire_headers(&next, &scenario.request);
        let method = if next.preflight {
            "OPTIONS".to_string()
        } else {
            next.method.clone()
        };
        let body = (!next.preflight && !matches!(next.method.as_str(), "GET" | "HEAD"))
            .then(|| scenario.request.body.clone())
            .flatten();
        let response = send_raw(
            client,
            &method,
            &next.url,
            &headers,
            body.as_deref(),
            timeout.as_secs_f64(),
        )
        .await?;
        let status = response.status().as_u16();
        let lines = crate::journal::header_lines(response.headers());
        let preview = body_preview(response).await;
        while hops.len() <= next.hop {
            hops.push(Hop::default());
        }
        let hop = &mut hops[next.hop];
        hop.url = Some(next.url.clone());
        let answer = Answer {
            status,
            headers: lines.clone(),
            body: None,
        };
        if next.preflight {
            hop.preflight = Some(answer);
        } else {
            hop.response = Some(answer);
        }
        exchanges.push(Exchange {
            hop: next.hop,
            preflight: next.preflight,
            method,
            url: next.url.clone(),
            request_headers: headers,
            status,
            response_headers: lines,
            body: preview,
        });
    }
    scenario.server = match hops.len() {
        0 => Server::default(),
        1 => {
            let mut only = hops.remove(0);
            only.url = None;
            Server::Single(only)
        }
        _ => Server::Chain(hops),
    };
    let decision = corscope_engine::explain(&scenario, req.browser);
    Ok(ProbeReport {
        scenario,
        decision,
        exchanges,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_are_sorted_by_cause() {
        let c = |chain: &str, t, k| classify("https://x.example/", chain, t, k, 5.0);
        assert!(matches!(
            c("error sending request: operation timed out", true, false),
            ProbeError::Timeout { .. }
        ));
        assert!(matches!(
            c("error sending request: client error (Connect): dns error: failed to lookup address information: Name or service not known", false, true),
            ProbeError::Dns { .. }
        ));
        assert!(matches!(
            c(
                "error sending request: client error (Connect): invalid peer certificate: UnknownIssuer",
                false,
                true
            ),
            ProbeError::Tls { .. }
        ));
        assert!(matches!(
            c(
                "error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)",
                false,
                true
            ),
            ProbeError::Connect { .. }
        ));
        assert!(c("x", false, false).to_string().contains("not a CORS verdict"));
    }
}
