//! The lab's HTTP side: one router served on the page origin and on the lab
//! origin(s), all on loopback. The page origin serves the built app; every
//! origin answers the lab endpoints, and the journal records what arrived.

use crate::journal::{Journal, JournalEntry};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::serve::ListenerExt as _;
use axum::{Json, Router};
use corscope_engine::lab::{self, LabInfo, LabOrigin, ScenarioQuery};
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::services::{ServeDir, ServeFile};

/// How to start the lab.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// Port of the page origin (`http://localhost:PORT`); 0 picks a free one.
    pub page_port: u16,
    /// Port of the lab origin (`http://localhost:PORT`, `http://127.0.0.1:PORT`,
    /// `http://api.localhost:PORT`); 0 picks a free one.
    pub lab_port: u16,
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The path the app is served under (`/` or e.g. `/corscope/`).
    pub base_path: String,
    /// Journal capacity (entries).
    pub journal_capacity: usize,
    /// Port of the https lab origin (`https://localhost:PORT`, a self-signed
    /// certificate made at start); 0 picks a free one, `None` leaves it out.
    pub https_port: Option<u16>,
    /// Listen on this address instead of loopback (`--bind`): the lab then
    /// answers anyone who can reach the machine.
    pub bind: Option<IpAddr>,
}

impl LabConfig {
    /// Free loopback ports for every origin (tests and benchmarks); `dist` need not exist.
    pub fn ephemeral(dist: PathBuf) -> LabConfig {
        LabConfig {
            page_port: 0,
            lab_port: 0,
            dist,
            base_path: "/".into(),
            journal_capacity: 100_000,
            https_port: Some(0),
            bind: None,
        }
    }
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            page_port: 8080,
            lab_port: 8081,
            dist: PathBuf::from("dist"),
            base_path: "/".into(),
            journal_capacity: 10_000,
            https_port: Some(8443),
            bind: None,
        }
    }
}

#[derive(Clone)]
struct AppState {
    https_port: Option<u16>,
    journal: Journal,
    page_port: u16,
    lab_port: u16,
}

#[derive(Deserialize)]
struct RunQuery {
    #[serde(default)]
    run: String,
    /// Every run whose id starts with this (a whole matrix batch at once).
    #[serde(default)]
    prefix: Option<String>,
}

/// Records each request to a lab endpoint in the journal.
async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Decoded as the journal lookup decodes it.
    let run = req.uri().query().map(lab::run_of_query).unwrap_or_default();
    let headers = crate::journal::header_lines(req.headers());
    state.journal.record(JournalEntry {
        seq: 0,
        run,
        method: req.method().as_str().to_string(),
        url: req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default(),
        host: req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string(),
        cookies: req.headers().contains_key(header::COOKIE),
        headers,
    });
    next.run(req).await
}

/// `/open`: allows any origin, method and header (`*`), preflights included.
async fn open(method: Method) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    if method == Method::OPTIONS {
        headers.insert("access-control-allow-methods", HeaderValue::from_static("*"));
        headers.insert("access-control-allow-headers", HeaderValue::from_static("*"));
        return (StatusCode::NO_CONTENT, headers).into_response();
    }
    (StatusCode::OK, headers, "open: any origin may read this\n").into_response()
}

/// `/closed`: no CORS headers at all.
async fn closed() -> Response {
    (StatusCode::OK, "closed: no CORS headers\n").into_response()
}

/// Largest accepted `/s` configuration (URL-decoded bytes).
pub const MAX_CONFIG_BYTES: usize = 16 * 1024;

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [("access-control-allow-origin", "*")],
        message + "\n",
    )
        .into_response()
}

/// Turns an answer from the scenario format into a response: the status, each
/// header line as given (repeated lines kept), and the body.
fn answer_response(answer: &corscope_engine::Answer) -> Response {
    let Ok(status) = StatusCode::from_u16(answer.status) else {
        return bad_request(format!("{} is not an HTTP status", answer.status));
    };
    let mut headers = HeaderMap::new();
    for (name, value) in &answer.headers {
        let (Ok(n), Ok(v)) = (
            header::HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) else {
            return bad_request(format!(
                "the header line '{name}: {value}' cannot be sent (invalid name, or CR, LF or NUL in the value)"
            ));
        };
        headers.append(n, v);
    }
    (status, headers, answer.body.clone().unwrap_or_default()).into_response()
}

pub use corscope_engine::lab::SCENARIO_PATH;

/// `/s/v1?run=ID&cfg=JSON[&hop=N]`: answers as the scenario's `server` part
/// says. `cfg` is one hop (`{"preflight": …, "response": …}`) or a redirect
/// chain (an array of hops); `hop` picks the chain's hop. OPTIONS gets the
/// preflight answer (default 404, no headers), anything else the response
/// (default 200, no headers). A `Location` that points at `/s/v1` (on any lab
/// origin) is sent on with the same run, the same cfg and the next hop.
async fn scenario_v1(method: Method, Query(q): Query<ScenarioQuery>) -> Response {
    if q.cfg.len() > MAX_CONFIG_BYTES {
        return bad_request(format!(
            "cfg is {} bytes; at most {MAX_CONFIG_BYTES} are accepted",
            q.cfg.len()
        ));
    }
    let server: corscope_engine::Server = if q.cfg.is_empty() {
        corscope_engine::Server::default()
    } else {
        match serde_json::from_str(&q.cfg) {
            Ok(h) => h,
            Err(e) => return bad_request(format!("cfg is not a valid server answer: {e}")),
        }
    };
    let hop = server.hops().get(q.hop).cloned().unwrap_or_default();
    if method == Method::OPTIONS {
        return answer_response(&hop.preflight_or_default());
    }
    let mut answer = hop.response_or_default().into_owned();
    for (name, value) in answer.headers.iter_mut() {
        if name.eq_ignore_ascii_case("location") {
            let base = value.split(['?', '#']).next().unwrap_or_default().to_string();
            if base.ends_with(SCENARIO_PATH) {
                let next = ScenarioQuery {
                    hop: q.hop + 1,
                    ..q.clone()
                };
                *value = format!("{base}?{}", next.encode());
            }
        }
    }
    answer_response(&answer)
}

/// `/journal?run=ID`: what the lab received for one run (readable from any origin).
async fn journal_endpoint(State(state): State<AppState>, Query(q): Query<RunQuery>) -> Response {
    let entries = match q.prefix.as_deref() {
        Some(p) if !p.is_empty() => state.journal.runs_with_prefix(p),
        _ => state.journal.run(&q.run),
    };
    ([("access-control-allow-origin", "*")], Json(entries)).into_response()
}

/// `/lab.json`: where the lab origins are, so the app can offer them.
async fn lab_info(State(state): State<AppState>) -> Response {
    let (lab, page) = (state.lab_port, state.page_port);
    let origin = |origin: String, note: &str| LabOrigin {
        origin,
        note: note.to_string(),
    };
    let mut origins = vec![
        origin(
            format!("http://localhost:{lab}"),
            "another port: cross-origin, same-site",
        ),
        origin(
            format!("http://api.localhost:{lab}"),
            "a *.localhost sub-domain: cross-origin",
        ),
        origin(
            format!("http://127.0.0.1:{lab}"),
            "a loopback IP: cross-origin, cross-site",
        ),
    ];
    if let Some(https) = state.https_port {
        origins.push(origin(
            format!("https://localhost:{https}"),
            "https with a self-signed certificate: another scheme",
        ));
    }
    origins.push(origin(
        format!("http://localhost:{page}"),
        "the page's own origin: same-origin",
    ));
    Json(LabInfo {
        page: format!("http://localhost:{page}"),
        origins,
    })
    .into_response()
}

/// The router, shared by every origin (tests call it without a socket).
pub fn app(
    journal: Journal,
    dist: PathBuf,
    base_path: &str,
    page_port: u16,
    lab_port: u16,
    https_port: Option<u16>,
) -> Router {
    let state = AppState {
        https_port,
        journal,
        page_port,
        lab_port,
    };
    let lab = Router::new()
        .route("/open", any(open))
        .route("/closed", any(closed))
        .route(SCENARIO_PATH, any(scenario_v1))
        .route("/policy/{name}", any(crate::policies::policy))
        .route_layer(middleware::from_fn_with_state(state.clone(), record));
    let index = dist.join("index.html");
    let files = ServeDir::new(&dist).fallback(ServeFile::new(index));
    let base = format!("/{}", base_path.trim_matches('/'));
    let router = lab
        .route(lab::JOURNAL_PATH, get(journal_endpoint))
        .route(lab::LAB_INFO_PATH, get(lab_info))
        .with_state(state);
    if base == "/" {
        router.fallback_service(files)
    } else {
        router.nest_service(&base, files)
    }
}

/// A running lab; dropping it stops the servers.
pub struct LabHandle {
    pub page_port: u16,
    pub lab_port: u16,
    pub https_port: Option<u16>,
    pub journal: Journal,
    stop: watch::Sender<bool>,
}

impl LabHandle {
    pub fn page_origin(&self) -> String {
        format!("http://localhost:{}", self.page_port)
    }

    pub fn lab_origin(&self) -> String {
        format!("http://localhost:{}", self.lab_port)
    }

    pub fn https_origin(&self) -> Option<String> {
        self.https_port.map(|p| format!("https://localhost:{p}"))
    }
}

impl Drop for LabHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Binds 127.0.0.1:port (and [::1] on the same port when the machine has it),
/// or `bind`:port when an address is given.
async fn bind_loopback(bind: Option<IpAddr>, port: u16) -> std::io::Result<(u16, Vec<TcpListener>)> {
    if let Some(addr) = bind {
        let l = TcpListener::bind(SocketAddr::new(addr, port)).await?;
        let actual = l.local_addr()?.port();
        return Ok((actual, vec![l]));
    }
    let v4 = TcpListener::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)).await?;
    let actual = v4.local_addr()?.port();
    let mut listeners = vec![v4];
    if let Ok(v6) = TcpListener::bind(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), actual)).await {
        listeners.push(v6);
    }
    Ok((actual, listeners))
}

/// The https origin's key: made once per process, so every certificate the
/// process makes has the same public key, and a browser can be told to trust
/// exactly that key ([`https_spki_sha256`]) instead of ignoring every
/// certificate error.
fn https_key() -> std::io::Result<&'static rcgen::KeyPair> {
    static KEY: std::sync::OnceLock<rcgen::KeyPair> = std::sync::OnceLock::new();
    if let Some(k) = KEY.get() {
        return Ok(k);
    }
    let k = rcgen::KeyPair::generate().map_err(std::io::Error::other)?;
    Ok(KEY.get_or_init(|| k))
}

/// The https origin's certificates, made once per process: a throwaway CA
/// (PEM) and the leaf it signs for localhost, api.localhost and 127.0.0.1
/// (PEM), so a browser profile can be told to trust exactly this CA.
fn https_certificates() -> std::io::Result<&'static (String, String)> {
    static CERTS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    if let Some(c) = CERTS.get() {
        return Ok(c);
    }
    let err = std::io::Error::other;
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "corscope lab (made at start, this process only)",
    );
    ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    let ca_key = rcgen::KeyPair::generate().map_err(err)?;
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(err)?;
    let names = vec![
        "localhost".to_string(),
        "api.localhost".to_string(),
        "127.0.0.1".to_string(),
    ];
    let key = https_key()?;
    let leaf = rcgen::CertificateParams::new(names)
        .and_then(|p| p.signed_by(key, &ca))
        .map_err(err)?;
    Ok(CERTS.get_or_init(|| (ca.pem(), leaf.pem())))
}

/// The CA that signs the https origin's certificate (PEM), for tests to trust.
pub fn https_ca_pem() -> std::io::Result<String> {
    Ok(https_certificates()?.0.clone())
}

/// Base64 of the SHA-256 of the https key's SubjectPublicKeyInfo, as Chromium's
/// `--ignore-certificate-errors-spki-list` takes it.
pub fn https_spki_sha256() -> std::io::Result<String> {
    use base64::Engine;
    use rcgen::PublicKeyData;
    use sha2::Digest;
    let spki = https_key()?.subject_public_key_info();
    Ok(base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(spki)))
}

/// Binds the https lab origin on 127.0.0.1 with a fresh self-signed certificate
/// for localhost, api.localhost and 127.0.0.1.
async fn bind_https(
    bind: Option<IpAddr>,
    port: u16,
) -> std::io::Result<(u16, std::net::TcpListener, axum_server::tls_rustls::RustlsConfig)> {
    let addr = bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener = std::net::TcpListener::bind(SocketAddr::new(addr, port))?;
    listener.set_nonblocking(true)?;
    let actual = listener.local_addr()?.port();
    let key = https_key()?;
    let (ca, leaf) = https_certificates()?;
    let chain = format!("{leaf}{ca}");
    let tls =
        axum_server::tls_rustls::RustlsConfig::from_pem(chain.into_bytes(), key.serialize_pem().into_bytes()).await?;
    Ok((actual, listener, tls))
}

/// Starts the page origin and the lab origin on loopback.
pub async fn start(config: LabConfig) -> std::io::Result<LabHandle> {
    let (page_port, page_listeners) = bind_loopback(config.bind, config.page_port).await?;
    let (lab_port, lab_listeners) = bind_loopback(config.bind, config.lab_port).await?;
    let journal = Journal::new(config.journal_capacity);
    let https = match config.https_port {
        Some(port) => Some(bind_https(config.bind, port).await?),
        None => None,
    };
    let https_port = https.as_ref().map(|(p, _, _)| *p);
    let router = app(
        journal.clone(),
        config.dist.clone(),
        &config.base_path,
        page_port,
        lab_port,
        https_port,
    );
    let (stop, stopped) = watch::channel(false);
    if let Some((_, listener, tls)) = https {
        let handle = axum_server::Handle::new();
        let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(tls).acceptor(axum_server::accept::NoDelayAcceptor);
        let server = axum_server::from_tcp(listener)?
            .acceptor(acceptor)
            .handle(handle.clone());
        let service = router.clone().into_make_service();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _ = stopped.wait_for(|s| *s).await;
            handle.shutdown();
        });
        tokio::spawn(async move {
            let _ = server.serve(service).await;
        });
    }
    for listener in page_listeners.into_iter().chain(lab_listeners) {
        // TCP_NODELAY: without it a response's small last write waits for the
        // client's delayed ACK (up to 40 ms on Linux) behind the one before it.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let router = router.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stopped.wait_for(|s| *s).await;
                })
                .await;
        });
    }
    Ok(LabHandle {
        page_port,
        lab_port,
        https_port,
        journal,
        stop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    fn router() -> (Journal, Router) {
        let j = Journal::new(100);
        (j.clone(), app(j, PathBuf::from("/nonexistent"), "/", 1, 2, None))
    }

    #[tokio::test]
    async fn open_allows_any_origin_and_answers_preflights() {
        let (j, r) = router();
        let res = r
            .clone()
            .oneshot(
                Request::builder()
                    .method("OPTIONS")
                    .uri("/open?run=x")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()["access-control-allow-methods"], "*");
        let res = r
            .oneshot(Request::builder().uri("/open?run=x").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let methods: Vec<String> = j.run("x").into_iter().map(|e| e.method).collect();
        assert_eq!(methods, vec!["OPTIONS", "GET"]);
    }

    #[tokio::test]
    async fn scenario_endpoint_answers_as_configured_and_keeps_repeated_lines() {
        let (j, r) = router();
        let cfg = r#"{"preflight":{"status":204,"headers":[["Access-Control-Allow-Methods","PUT"]]},"response":{"status":201,"headers":[["Access-Control-Allow-Origin","a"],["Access-Control-Allow-Origin","b"]],"body":"hi"}}"#;
        let uri = format!("/s/v1?run=s1&cfg={}", lab::percent_encode(cfg));
        let res = r
            .clone()
            .oneshot(
                Request::builder()
                    .method("OPTIONS")
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()["access-control-allow-methods"], "PUT");
        let res = r
            .clone()
            .oneshot(Request::builder().method("PUT").uri(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let acao: Vec<_> = res.headers().get_all("access-control-allow-origin").iter().collect();
        assert_eq!(acao, vec!["a", "b"]);
        assert_eq!(j.run("s1").len(), 2);
        let res = r
            .clone()
            .oneshot(Request::builder().uri("/s/v1?cfg=%7Bnope").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let big = format!("/s/v1?cfg={}", "a".repeat(MAX_CONFIG_BYTES + 1));
        let res = r
            .oneshot(Request::builder().uri(&big).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn a_chain_sends_its_location_on_to_the_next_hop() {
        let (_, r) = router();
        let cfg = r#"[{"response":{"status":302,"headers":[["Location","http://api.localhost:9/s/v1"]]}},{"response":{"status":200,"headers":[["X-Hop","1"]]}}]"#;
        let uri = format!("/s/v1?run=c1&cfg={}", lab::percent_encode(cfg));
        let res = r
            .clone()
            .oneshot(Request::builder().uri(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("http://api.localhost:9/s/v1?run=c1&hop=1&cfg="),
            "{location}"
        );
        let next = location.trim_start_matches("http://api.localhost:9");
        let res = r
            .oneshot(Request::builder().uri(next).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["x-hop"], "1");
    }

    #[tokio::test]
    async fn closed_sends_no_cors_headers() {
        let (_, r) = router();
        let res = r
            .oneshot(Request::builder().uri("/closed").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().get("access-control-allow-origin").is_none());
    }

    #[tokio::test]
    async fn a_run_id_is_recorded_and_looked_up_decoded_the_same_way() {
        let (_, r) = router();
        let run = "a%b+c&d é";
        let server = corscope_engine::Server::default();
        let url = lab::run_url("http://localhost:2/s/v1", &server, run);
        let path = &url["http://localhost:2".len()..];
        r.clone()
            .oneshot(Request::builder().uri(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let journal = lab::journal_url("", run);
        let res = r
            .oneshot(Request::builder().uri(journal).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let entries: Vec<JournalEntry> = serde_json::from_slice(&body).unwrap();
        assert_eq!(entries.len(), 1, "recorded under one id, looked up under another");
        assert_eq!(entries[0].run, run);
    }

    #[tokio::test]
    async fn lab_info_is_the_typed_contract() {
        let (_, r) = router();
        let res = r
            .oneshot(Request::builder().uri(lab::LAB_INFO_PATH).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let info: LabInfo = serde_json::from_slice(&body).unwrap();
        assert_eq!(info.page, "http://localhost:1");
        assert!(info.origins.iter().any(|o| o.origin == "http://api.localhost:2"));
    }

    #[tokio::test]
    async fn the_journal_is_readable_cross_origin_and_per_run() {
        let (_, r) = router();
        let req = Request::builder()
            .uri("/closed?run=r1")
            .header("origin", "http://x")
            .body(Body::empty())
            .unwrap();
        r.clone().oneshot(req).await.unwrap();
        let res = r
            .oneshot(Request::builder().uri("/journal?run=r1").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let entries: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(entries.as_array().unwrap().len(), 1);
        assert_eq!(entries[0]["headers"][0][0], "origin");
    }
}
