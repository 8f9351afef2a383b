//! Fixes for real servers: the configuration that sends the CORS headers a
//! fixed scenario needs, for nine common servers and frameworks, each with a
//! model of the headers that configuration really produces (reflected origin,
//! `Vary`, echoed method or headers, its preflight status). The engine decides
//! the scenario again with those headers, so every fix shown is re-checked.
//! Risky policies (allowing `null`, credentials with an origin that may be
//! reflected, a varying Allow-Origin without `Vary: Origin`) are flagged.

use super::Severity;
use crate::decision::{Browser, Decision, Outcome};
use crate::fetch::header_list::{extract_token_list, get, values};
use crate::scenario::{Answer, Scenario};
use serde::Serialize;

/// The CORS policy one hop of a (fixed) scenario expresses, read from its answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub allow_origin: Option<String>,
    pub allow_credentials: bool,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age: Option<u64>,
}

impl Policy {
    pub fn of(scenario: &Scenario, hop: usize) -> Policy {
        let hop = scenario.server.hops().get(hop).cloned().unwrap_or_default();
        let pre = hop.preflight.map(|a| a.headers).unwrap_or_default();
        let res = hop.response.map(|a| a.headers).unwrap_or_default();
        let either = |name: &str| get(&res, name).or_else(|| get(&pre, name));
        Policy {
            allow_origin: either("Access-Control-Allow-Origin"),
            allow_credentials: either("Access-Control-Allow-Credentials").as_deref() == Some("true"),
            allow_methods: extract_token_list(&pre, "Access-Control-Allow-Methods")
                .tokens()
                .to_vec(),
            allow_headers: extract_token_list(&pre, "Access-Control-Allow-Headers")
                .tokens()
                .to_vec(),
            expose_headers: extract_token_list(&res, "Access-Control-Expose-Headers")
                .tokens()
                .to_vec(),
            max_age: get(&pre, "Access-Control-Max-Age").and_then(|m| m.trim().parse().ok()),
        }
    }

    /// Why this policy cannot be written into a configuration file safely, if
    /// it cannot: a value with quotes, `$` or other bytes that would change the
    /// meaning of a generated Express, nginx, Apache… snippet (scenarios come
    /// from links and files). Origins must be `*`, `null` or an origin as
    /// serialized; method and header names plain tokens.
    pub(crate) fn unwritable(&self) -> Option<String> {
        if let Some(o) = self.allow_origin.as_deref() {
            let serialized = crate::origin::Origin::parse(o).map(|p| p.serialize());
            if o != "*" && o != "null" && serialized.as_deref() != Ok(o) {
                return Some(format!(
                    "Access-Control-Allow-Origin '{o}' is not one origin (scheme://host[:port]), so no configuration is written for it"
                ));
            }
        }
        let plain = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.*".contains(&b));
        let lists = [&self.allow_methods, &self.allow_headers, &self.expose_headers];
        if let Some(t) = lists.iter().flat_map(|l| l.iter()).find(|t| !plain(t)) {
            return Some(format!(
                "'{t}' holds characters that would need quoting in a configuration file (only letters, digits, '-', '_', '.' and '*' are written)"
            ));
        }
        None
    }

    fn any_origin(&self) -> bool {
        matches!(self.allow_origin.as_deref(), Some("*") | None)
    }

    fn origin(&self) -> String {
        self.allow_origin.clone().unwrap_or_else(|| "*".into())
    }
}

/// What the browser sends a server at one hop: the request's Origin and, for a
/// preflight, the requested method and headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub origin: Option<String>,
    pub method: String,
    pub headers: Vec<String>,
}

impl Request {
    fn of(decision: &Decision, hop: usize) -> Request {
        let pre = decision.sent.iter().find(|s| s.hop == hop && s.preflight);
        let actual = decision.sent.iter().find(|s| s.hop == hop && !s.preflight);
        let origin = pre.or(actual).and_then(|s| s.origin.clone());
        Request {
            origin,
            method: pre
                .and_then(|p| p.access_control_request_method.clone())
                .or_else(|| actual.map(|a| a.method.clone()))
                .unwrap_or_else(|| "GET".into()),
            headers: pre
                .and_then(|p| p.access_control_request_headers.clone())
                .map(|h| h.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }
}

/// The servers corscope writes configuration for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerKind {
    Express,
    Axum,
    Nginx,
    Apache,
    Caddy,
    FlaskCors,
    DjangoCorsHeaders,
    Spring,
    AspNetCore,
}

impl ServerKind {
    pub(crate) const ALL: [ServerKind; 9] = [
        ServerKind::Express,
        ServerKind::Axum,
        ServerKind::Nginx,
        ServerKind::Apache,
        ServerKind::Caddy,
        ServerKind::FlaskCors,
        ServerKind::DjangoCorsHeaders,
        ServerKind::Spring,
        ServerKind::AspNetCore,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            ServerKind::Express => "Express (cors)",
            ServerKind::Axum => "axum (tower-http CorsLayer)",
            ServerKind::Nginx => "nginx",
            ServerKind::Apache => "Apache httpd (mod_headers)",
            ServerKind::Caddy => "Caddy",
            ServerKind::FlaskCors => "Flask (Flask-CORS)",
            ServerKind::DjangoCorsHeaders => "Django (django-cors-headers)",
            ServerKind::Spring => "Spring (WebMvcConfigurer)",
            ServerKind::AspNetCore => "ASP.NET Core (CORS middleware)",
        }
    }

    /// How this server's CORS support answers (from each project's documentation).
    fn behaviour(&self) -> Behaviour {
        let b = Behaviour {
            preflight_status: 204,
            reflect_origin: false,
            vary: "Origin",
            echo_method: false,
            echo_headers: false,
            default_methods: None,
        };
        match self {
            // cors: optionsSuccessStatus 204; a fixed origin string is sent as is,
            // with Vary: Origin; without allowedHeaders it reflects the request's.
            ServerKind::Express => Behaviour {
                default_methods: Some("GET,HEAD,PUT,PATCH,POST,DELETE"),
                echo_headers: true,
                ..b
            },
            // CorsLayer: 200 to preflights; AllowOrigin::exact sends its value;
            // Vary lists the three request headers it looks at.
            ServerKind::Axum => Behaviour {
                preflight_status: 200,
                vary: "origin, access-control-request-method, access-control-request-headers",
                ..b
            },
            ServerKind::Nginx | ServerKind::Apache | ServerKind::Caddy => b,
            // Flask-CORS: reflects a listed origin, 200 to preflights, sends the
            // requested headers that the allow list matches.
            ServerKind::FlaskCors => Behaviour {
                preflight_status: 200,
                reflect_origin: true,
                echo_headers: true,
                ..b
            },
            // django-cors-headers: reflects a listed origin, 200 to preflights.
            ServerKind::DjangoCorsHeaders => Behaviour {
                preflight_status: 200,
                reflect_origin: true,
                vary: "origin",
                ..b
            },
            // Spring: reflects a listed origin, echoes requested headers, 200.
            ServerKind::Spring => Behaviour {
                preflight_status: 200,
                reflect_origin: true,
                echo_headers: true,
                vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                ..b
            },
            // ASP.NET Core: reflects a listed origin, echoes the requested
            // method and headers, 204 to preflights.
            ServerKind::AspNetCore => Behaviour {
                reflect_origin: true,
                echo_method: true,
                echo_headers: true,
                ..b
            },
        }
    }

    pub fn config(&self, p: &Policy) -> String {
        match self {
            ServerKind::Express => express(p),
            ServerKind::Axum => axum(p),
            ServerKind::Nginx => nginx(p),
            ServerKind::Apache => apache(p),
            ServerKind::Caddy => caddy(p),
            ServerKind::FlaskCors => flask(p),
            ServerKind::DjangoCorsHeaders => django(p),
            ServerKind::Spring => spring(p),
            ServerKind::AspNetCore => aspnet(p),
        }
    }
}

#[derive(Clone, Copy)]
struct Behaviour {
    preflight_status: u16,
    /// Sends the request's Origin when it is allowed (rather than a fixed value).
    reflect_origin: bool,
    vary: &'static str,
    echo_method: bool,
    /// Answers Allow-Headers with the requested headers that are allowed
    /// (all of them when no list is configured).
    echo_headers: bool,
    default_methods: Option<&'static str>,
}

fn line(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_string(), value.into())
}

/// The CORS header lines `kind` configured with `p` sends to `req`.
pub(crate) fn emitted(kind: ServerKind, p: &Policy, req: &Request) -> (Answer, Answer) {
    let b = kind.behaviour();
    let mut common = vec![];
    let origin = if p.any_origin() {
        Some("*".to_string())
    } else if b.reflect_origin {
        req.origin.clone().filter(|o| Some(o) == p.allow_origin.as_ref())
    } else {
        p.allow_origin.clone()
    };
    if let Some(o) = &origin {
        common.push(line("Access-Control-Allow-Origin", o.clone()));
        if o != "*" {
            common.push(line("Vary", b.vary));
        }
    }
    if p.allow_credentials && origin.is_some() {
        common.push(line("Access-Control-Allow-Credentials", "true"));
    }
    let mut pre = common.clone();
    if origin.is_some() {
        let methods = if b.echo_method && (p.allow_methods.iter().any(|m| m == &req.method || m == "*")) {
            req.method.clone()
        } else if !p.allow_methods.is_empty() {
            p.allow_methods.join(", ")
        } else {
            b.default_methods.map(str::to_string).unwrap_or_default()
        };
        if !methods.is_empty() {
            pre.push(line("Access-Control-Allow-Methods", methods));
        }
        let headers = if b.echo_headers {
            if p.allow_headers.is_empty() || p.allow_headers.iter().any(|h| h == "*") {
                req.headers.clone()
            } else {
                req.headers
                    .iter()
                    .filter(|h| p.allow_headers.iter().any(|a| a.eq_ignore_ascii_case(h)))
                    .cloned()
                    .collect()
            }
        } else {
            p.allow_headers.clone()
        };
        if !headers.is_empty() {
            pre.push(line("Access-Control-Allow-Headers", headers.join(", ")));
        }
        if let Some(m) = p.max_age {
            pre.push(line("Access-Control-Max-Age", m.to_string()));
        }
    }
    let mut res = common;
    if !p.expose_headers.is_empty() && origin.is_some() {
        res.push(line("Access-Control-Expose-Headers", p.expose_headers.join(", ")));
    }
    (
        Answer {
            status: b.preflight_status,
            headers: pre,
            body: None,
        },
        Answer {
            status: 200,
            headers: res,
            body: None,
        },
    )
}

/// Replaces an answer's CORS lines (and `Vary`) with `emitted`'s.
fn with_cors_lines(answer: &Answer, cors: &Answer, status: Option<u16>) -> Answer {
    let mut headers: Vec<(String, String)> = answer
        .headers
        .iter()
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            !n.starts_with("access-control-") && n != "vary"
        })
        .cloned()
        .collect();
    headers.extend(cors.headers.iter().cloned());
    Answer {
        status: status.unwrap_or(answer.status),
        headers,
        body: answer.body.clone(),
    }
}

/// Something about a policy that works but is dangerous or fragile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Risk {
    pub severity: Severity,
    pub text: String,
}

/// The risks in the answers one hop of a scenario sends.
pub fn risks(scenario: &Scenario, hop: usize) -> Vec<Risk> {
    let Some(h) = scenario.server.hops().get(hop) else {
        return vec![];
    };
    let mut out = vec![];
    let answers: Vec<&Answer> = [&h.preflight, &h.response].into_iter().flatten().collect();
    let acao = answers
        .iter()
        .find_map(|a| get(&a.headers, "Access-Control-Allow-Origin"));
    let credentials = answers
        .iter()
        .any(|a| get(&a.headers, "Access-Control-Allow-Credentials").as_deref() == Some("true"));
    match acao.as_deref() {
        Some("null") => out.push(Risk {
            severity: if credentials { Severity::High } else { Severity::Medium },
            text: "Access-Control-Allow-Origin: null lets any sandboxed iframe, data: or file: page read the answer; serve the page from a real origin and allow that instead.".into(),
        }),
        Some("*") | None => {}
        Some(_) => {
            if credentials {
                out.push(Risk {
                    severity: Severity::High,
                    text: "With credentials, never produce this value by echoing the request's Origin: that lets any site read your users' data. Compare the Origin with an exact list of trusted origins.".into(),
                });
            }
            if let Some(res) = &h.response {
                let vary = values(&res.headers, "Vary").join(",").to_ascii_lowercase();
                if !vary.split(',').any(|v| v.trim() == "origin" || v.trim() == "*") {
                    out.push(Risk {
                        severity: Severity::Medium,
                        text: "Access-Control-Allow-Origin names one origin but the response has no Vary: Origin; a cache (CDN, proxy, the browser) can serve one origin's answer to another. Send Vary: Origin whenever the value depends on the request.".into(),
                    });
                }
            }
        }
    }
    out
}

/// One server's fix, re-checked by the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerFix {
    pub server: ServerKind,
    pub name: &'static str,
    pub config: String,
    /// The header lines this configuration sends (preflight, response).
    pub preflight: Answer,
    pub response: Answer,
    /// What the engine decides with exactly those headers.
    pub rechecked: Outcome,
    pub risks: Vec<Risk>,
    /// Set when no configuration was written, and why ([`Policy::unwritable`]).
    pub refused: Option<String>,
}

/// The server-side fix for a decision, configured for every server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerFixes {
    /// Risks of the fixed answers themselves (before any framework's behaviour).
    pub risks: Vec<Risk>,
    pub servers: Vec<ServerFix>,
}

/// The fixes for this decision: its fix applied to the scenario at the hop
/// it configures, for every server, each re-checked; `None` when the fix
/// changes no server answer (or there is none).
pub fn for_decision(scenario: &Scenario, decision: &Decision) -> Option<ServerFixes> {
    let fix = decision.fix.as_ref().filter(|f| !f.server.is_empty())?;
    let hop = fix.configured_hop();
    let fixed = crate::apply_fix(scenario, &fix.server);
    Some(ServerFixes {
        risks: risks(&fixed, hop),
        servers: fixes(&fixed, hop, decision.browser),
    })
}

/// Configuration for every server that sends what `fixed` (a scenario with the
/// engine's fix applied) needs at `hop`, each re-checked against `browser`.
pub fn fixes(fixed: &Scenario, hop: usize, browser: Browser) -> Vec<ServerFix> {
    let policy = Policy::of(fixed, hop);
    let decision = crate::decide(fixed, browser);
    let request = Request::of(&decision, hop);
    ServerKind::ALL
        .iter()
        .map(|&kind| {
            let (pre, res) = emitted(kind, &policy, &request);
            let mut s = fixed.clone();
            if let Some(h) = s.server.hops_mut().get_mut(hop) {
                let old_pre = h.preflight.clone().unwrap_or_else(Answer::default_preflight);
                // The framework answers OPTIONS itself, with its own status.
                h.preflight = Some(with_cors_lines(&old_pre, &pre, Some(pre.status)));
                let old_res = h.response.clone().unwrap_or_else(Answer::default_response);
                h.response = Some(with_cors_lines(&old_res, &res, None));
            }
            let rechecked = crate::decide(&s, browser).outcome;
            let refused = policy.unwritable();
            ServerFix {
                server: kind,
                name: kind.name(),
                config: match &refused {
                    Some(why) => format!("(not generated: {why})"),
                    None => kind.config(&policy),
                },
                refused,
                preflight: pre,
                response: res,
                rechecked,
                risks: risks(&s, hop),
            }
        })
        .collect()
}

fn quoted_list(items: &[String], quote: char) -> String {
    items
        .iter()
        .map(|i| format!("{quote}{i}{quote}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn express(p: &Policy) -> String {
    let mut opts = vec![];
    if p.any_origin() {
        opts.push("  origin: '*',".to_string());
    } else {
        opts.push(format!("  origin: '{}',", p.origin()));
    }
    if p.allow_credentials {
        opts.push("  credentials: true,".into());
    }
    if !p.allow_methods.is_empty() {
        opts.push(format!("  methods: [{}],", quoted_list(&p.allow_methods, '\'')));
    }
    if !p.allow_headers.is_empty() {
        opts.push(format!("  allowedHeaders: [{}],", quoted_list(&p.allow_headers, '\'')));
    }
    if !p.expose_headers.is_empty() {
        opts.push(format!("  exposedHeaders: [{}],", quoted_list(&p.expose_headers, '\'')));
    }
    if let Some(m) = p.max_age {
        opts.push(format!("  maxAge: {m},"));
    }
    format!(
        "const cors = require('cors');\n\n// Before your routes, so OPTIONS preflights are answered too.\napp.use(cors({{\n{}\n}}));",
        opts.join("\n")
    )
}

fn axum(p: &Policy) -> String {
    let mut lines = vec![
        "use tower_http::cors::{AllowOrigin, Any, CorsLayer};".to_string(),
        String::new(),
        "let cors = CorsLayer::new()".into(),
    ];
    if p.any_origin() {
        lines.push("    .allow_origin(Any)".into());
    } else {
        lines.push(format!(
            "    .allow_origin(AllowOrigin::exact(\"{}\".parse().unwrap()))",
            p.origin()
        ));
    }
    if p.allow_credentials {
        lines.push("    .allow_credentials(true)".into());
    }
    let concrete = |items: &[String]| items.iter().filter(|i| *i != "*").cloned().collect::<Vec<_>>();
    if p.allow_methods.iter().any(|m| m == "*") && !p.allow_credentials {
        lines.push("    .allow_methods(Any)".into());
    } else if !p.allow_methods.is_empty() {
        let ms: Vec<String> = concrete(&p.allow_methods)
            .iter()
            .map(|m| format!("\"{m}\".parse::<http::Method>().unwrap()"))
            .collect();
        lines.push(format!("    .allow_methods([{}])", ms.join(", ")));
    }
    let header_names = |items: &[String]| {
        concrete(items)
            .iter()
            .map(|h| format!("http::HeaderName::from_static(\"{}\")", h.to_ascii_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if p.allow_headers.iter().any(|h| h == "*") && !p.allow_credentials && p.allow_headers.len() == 1 {
        lines.push("    .allow_headers(Any)".into());
    } else if !p.allow_headers.is_empty() {
        lines.push(format!("    .allow_headers([{}])", header_names(&p.allow_headers)));
    }
    if !p.expose_headers.is_empty() {
        lines.push(format!("    .expose_headers([{}])", header_names(&p.expose_headers)));
    }
    if let Some(m) = p.max_age {
        lines.push(format!("    .max_age(std::time::Duration::from_secs({m}))"));
    }
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
    lines.push(String::new());
    lines.push("let app = Router::new() /* routes */ .layer(cors);".into());
    lines.join("\n")
}

/// The header lines a hand-written server configuration sends: (name, value, preflight only).
fn plain_lines(p: &Policy) -> Vec<(&'static str, String, bool)> {
    let origin = p.origin();
    let mut v = vec![("Access-Control-Allow-Origin", origin.clone(), false)];
    if origin != "*" {
        v.push(("Vary", "Origin".into(), false));
    }
    if p.allow_credentials {
        v.push(("Access-Control-Allow-Credentials", "true".into(), false));
    }
    if !p.allow_methods.is_empty() {
        v.push(("Access-Control-Allow-Methods", p.allow_methods.join(", "), true));
    }
    if !p.allow_headers.is_empty() {
        v.push(("Access-Control-Allow-Headers", p.allow_headers.join(", "), true));
    }
    if let Some(m) = p.max_age {
        v.push(("Access-Control-Max-Age", m.to_string(), true));
    }
    if !p.expose_headers.is_empty() {
        v.push(("Access-Control-Expose-Headers", p.expose_headers.join(", "), false));
    }
    v
}

fn nginx(p: &Policy) -> String {
    let lines = plain_lines(p);
    let mut out = vec![
        "location /api/ {".to_string(),
        "    if ($request_method = OPTIONS) {".into(),
    ];
    for (n, v, _) in lines.iter().filter(|(n, _, _)| *n != "Access-Control-Expose-Headers") {
        out.push(format!("        add_header {n} \"{v}\" always;"));
    }
    out.push("        return 204;".into());
    out.push("    }".into());
    for (n, v, _) in lines.iter().filter(|(_, _, pre)| !pre) {
        out.push(format!("    add_header {n} \"{v}\" always;"));
    }
    out.push("    # proxy_pass ...;".into());
    out.push("}".into());
    out.join("\n")
}

fn apache(p: &Policy) -> String {
    let mut out = vec![
        "# Needs mod_headers and mod_rewrite.".to_string(),
        "<Location \"/api/\">".into(),
    ];
    for (n, v, pre) in plain_lines(p) {
        let cond = if pre {
            " \"expr=%{REQUEST_METHOD} == 'OPTIONS'\""
        } else {
            ""
        };
        out.push(format!("    Header always set {n} \"{v}\"{cond}"));
    }
    out.push("</Location>".into());
    out.push("RewriteEngine On".into());
    out.push("RewriteCond %{REQUEST_METHOD} OPTIONS".into());
    out.push("RewriteRule ^/api/ - [R=204,L]".into());
    out.join("\n")
}

fn caddy(p: &Policy) -> String {
    let mut out = vec!["example.com {".to_string(), "    @preflight method OPTIONS".into()];
    out.push("    handle @preflight {".into());
    for (n, v, _) in plain_lines(p)
        .iter()
        .filter(|(n, _, _)| *n != "Access-Control-Expose-Headers")
    {
        out.push(format!("        header {n} \"{v}\""));
    }
    out.push("        respond 204".into());
    out.push("    }".into());
    out.push("    handle {".into());
    for (n, v, _) in plain_lines(p).iter().filter(|(_, _, pre)| !pre) {
        out.push(format!("        header {n} \"{v}\""));
    }
    out.push("        reverse_proxy localhost:3000".into());
    out.push("    }".into());
    out.push("}".into());
    out.join("\n")
}

fn flask(p: &Policy) -> String {
    let mut args = vec!["app".to_string()];
    if p.any_origin() {
        args.push("origins=\"*\"".into());
    } else {
        args.push(format!("origins=[\"{}\"]", p.origin()));
    }
    if p.allow_credentials {
        args.push("supports_credentials=True".into());
    }
    if !p.allow_methods.is_empty() {
        args.push(format!("methods=[{}]", quoted_list(&p.allow_methods, '"')));
    }
    if !p.allow_headers.is_empty() {
        args.push(format!("allow_headers=[{}]", quoted_list(&p.allow_headers, '"')));
    }
    if !p.expose_headers.is_empty() {
        args.push(format!("expose_headers=[{}]", quoted_list(&p.expose_headers, '"')));
    }
    if let Some(m) = p.max_age {
        args.push(format!("max_age={m}"));
    }
    format!("from flask_cors import CORS\n\nCORS({})", args.join(", "))
}

fn django(p: &Policy) -> String {
    let mut out = vec![
        "# settings.py — 'corsheaders' in INSTALLED_APPS, and".to_string(),
        "# 'corsheaders.middleware.CorsMiddleware' high in MIDDLEWARE (before CommonMiddleware).".into(),
    ];
    if p.any_origin() {
        out.push("CORS_ALLOW_ALL_ORIGINS = True".into());
    } else {
        out.push(format!("CORS_ALLOWED_ORIGINS = [\"{}\"]", p.origin()));
    }
    if p.allow_credentials {
        out.push("CORS_ALLOW_CREDENTIALS = True".into());
    }
    if !p.allow_methods.is_empty() {
        out.push(format!("CORS_ALLOW_METHODS = [{}]", quoted_list(&p.allow_methods, '"')));
    }
    if !p.allow_headers.is_empty() {
        out.push(format!(
            "CORS_ALLOW_HEADERS = (*default_headers, {})",
            quoted_list(&p.allow_headers, '"')
        ));
        out.insert(0, "from corsheaders.defaults import default_headers".into());
    }
    if !p.expose_headers.is_empty() {
        out.push(format!(
            "CORS_EXPOSE_HEADERS = [{}]",
            quoted_list(&p.expose_headers, '"')
        ));
    }
    if let Some(m) = p.max_age {
        out.push(format!("CORS_PREFLIGHT_MAX_AGE = {m}"));
    }
    out.join("\n")
}

fn spring(p: &Policy) -> String {
    let mut chain = vec![format!("        registry.addMapping(\"/api/**\")")];
    chain.push(format!("            .allowedOrigins(\"{}\")", p.origin()));
    if !p.allow_methods.is_empty() {
        chain.push(format!(
            "            .allowedMethods({})",
            quoted_list(&p.allow_methods, '"')
        ));
    }
    if !p.allow_headers.is_empty() {
        chain.push(format!(
            "            .allowedHeaders({})",
            quoted_list(&p.allow_headers, '"')
        ));
    }
    if !p.expose_headers.is_empty() {
        chain.push(format!(
            "            .exposedHeaders({})",
            quoted_list(&p.expose_headers, '"')
        ));
    }
    if p.allow_credentials {
        chain.push("            .allowCredentials(true)".into());
    }
    if let Some(m) = p.max_age {
        chain.push(format!("            .maxAge({m})"));
    }
    if let Some(last) = chain.last_mut() {
        last.push(';');
    }
    format!(
        "@Configuration\npublic class CorsConfig implements WebMvcConfigurer {{\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {{\n{}\n    }}\n}}",
        chain.join("\n")
    )
}

fn aspnet(p: &Policy) -> String {
    let mut chain = vec![];
    if p.any_origin() {
        chain.push("policy.AllowAnyOrigin()".to_string());
    } else {
        chain.push(format!("policy.WithOrigins(\"{}\")", p.origin()));
    }
    if p.allow_methods.iter().any(|m| m == "*") {
        chain.push(".AllowAnyMethod()".into());
    } else if !p.allow_methods.is_empty() {
        chain.push(format!(".WithMethods({})", quoted_list(&p.allow_methods, '"')));
    }
    if p.allow_headers.iter().any(|h| h == "*") {
        chain.push(".AllowAnyHeader()".into());
    } else if !p.allow_headers.is_empty() {
        chain.push(format!(".WithHeaders({})", quoted_list(&p.allow_headers, '"')));
    }
    if !p.expose_headers.is_empty() {
        chain.push(format!(".WithExposedHeaders({})", quoted_list(&p.expose_headers, '"')));
    }
    if p.allow_credentials {
        chain.push(".AllowCredentials()".into());
    }
    if let Some(m) = p.max_age {
        chain.push(format!(".SetPreflightMaxAge(TimeSpan.FromSeconds({m}))"));
    }
    format!(
        "builder.Services.AddCors(options =>\n    options.AddPolicy(\"corscope\", policy =>\n        {}));\n// ...\napp.UseCors(\"corscope\"); // after UseRouting, before the endpoints",
        chain.join("\n            ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply_fix, explain, parse_scenario};

    fn fixed(text: &str, browser: Browser) -> (Scenario, usize) {
        let s = parse_scenario(text).unwrap();
        let d = explain(&s, browser);
        let fix = d.fix.unwrap();
        let hop = fix.configured_hop();
        (apply_fix(&s, &fix.server), hop)
    }

    const PUT_WITH_CREDENTIALS: &str = r#"{"page":"https://app.example","request":{"url":"https://api.example/items/1","method":"PUT","headers":[["Content-Type","application/json"],["X-Trace","1"]],"credentials":"include"},
        "server":{"preflight":{"status":404},"response":{"status":200,"headers":[["X-Total","3"],["Access-Control-Expose-Headers","X-Total"]]}}}"#;

    #[test]
    fn every_server_fix_is_allowed_when_the_engine_checks_its_headers() {
        for browser in [Browser::Chromium, Browser::Firefox, Browser::Spec] {
            let (s, hop) = fixed(PUT_WITH_CREDENTIALS, browser);
            let all = fixes(&s, hop, browser);
            assert_eq!(all.len(), 9);
            for f in &all {
                assert_eq!(f.rechecked, Outcome::Allowed, "{} for {browser}: {:#?}", f.name, f);
                assert!(f.config.contains("https://app.example"), "{}: {}", f.name, f.config);
            }
        }
    }

    #[test]
    fn a_framework_that_would_not_send_what_is_needed_is_caught() {
        // A policy without the method: the re-check must say so, not pass blindly.
        let (s, hop) = fixed(PUT_WITH_CREDENTIALS, Browser::Chromium);
        let mut p = Policy::of(&s, hop);
        p.allow_methods = vec!["GET".into()];
        let d = crate::decide(&s, Browser::Chromium);
        let (pre, _) = emitted(ServerKind::Nginx, &p, &Request::of(&d, hop));
        assert_eq!(
            get(&pre.headers, "Access-Control-Allow-Methods").as_deref(),
            Some("GET")
        );
        let mut broken = s.clone();
        broken.server.hops_mut()[0].preflight = Some(pre);
        assert_ne!(crate::decide(&broken, Browser::Chromium).outcome, Outcome::Allowed);
    }

    #[test]
    fn configs_say_what_the_policy_needs() {
        let (s, hop) = fixed(PUT_WITH_CREDENTIALS, Browser::Chromium);
        let all = fixes(&s, hop, Browser::Chromium);
        let config = |k: ServerKind| all.iter().find(|f| f.server == k).unwrap().config.clone();
        assert!(config(ServerKind::Express).contains("credentials: true"));
        assert!(config(ServerKind::Axum).contains(".allow_credentials(true)"));
        assert!(config(ServerKind::Nginx).contains("add_header Vary \"Origin\" always;"));
        assert!(config(ServerKind::Apache).contains("Header always set Access-Control-Allow-Credentials \"true\""));
        assert!(config(ServerKind::Caddy).contains("respond 204"));
        assert!(config(ServerKind::FlaskCors).contains("supports_credentials=True"));
        assert!(config(ServerKind::DjangoCorsHeaders).contains("CORS_ALLOW_CREDENTIALS = True"));
        assert!(config(ServerKind::Spring).contains(".allowCredentials(true)"));
        assert!(config(ServerKind::AspNetCore).contains(".AllowCredentials()"));
        assert!(
            config(ServerKind::Express).contains("exposedHeaders: ['X-Total']"),
            "{}",
            config(ServerKind::Express)
        );
        assert!(config(ServerKind::Spring).contains("x-trace") || config(ServerKind::Spring).contains("X-Trace"));
    }

    #[test]
    fn credentials_with_an_origin_warn_against_reflection() {
        let (s, hop) = fixed(PUT_WITH_CREDENTIALS, Browser::Chromium);
        let all = fixes(&s, hop, Browser::Chromium);
        for f in &all {
            assert!(
                f.risks
                    .iter()
                    .any(|r| r.text.contains("echoing") && r.severity == Severity::High),
                "{}",
                f.name
            );
            assert!(
                !f.risks.iter().any(|r| r.text.contains("Vary")),
                "{} sends Vary",
                f.name
            );
        }
        // The bare header fix has no Vary: flagged.
        assert!(risks(&s, hop).iter().any(|r| r.text.contains("Vary: Origin")));
    }

    #[test]
    fn allowing_null_is_flagged() {
        let (s, hop) = fixed(
            r#"{"page":"null","request":{"url":"https://api.example/x"},"server":{"response":{"status":200}}}"#,
            Browser::Chromium,
        );
        let r = risks(&s, hop);
        assert!(
            r.iter()
                .any(|r| r.text.contains("null") && r.severity == Severity::Medium),
            "{r:?}"
        );
        for f in fixes(&s, hop, Browser::Chromium) {
            assert_eq!(f.rechecked, Outcome::Allowed, "{}", f.name);
        }
    }

    #[test]
    fn a_public_api_gets_a_wildcard_and_no_warning() {
        let (s, hop) = fixed(
            r#"{"page":"https://app.example","request":{"url":"https://api.example/x","method":"PUT"},
               "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","*"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
            Browser::Chromium,
        );
        assert_eq!(Policy::of(&s, hop).allow_origin.as_deref(), Some("*"));
        assert!(risks(&s, hop).iter().all(|r| !r.text.contains("Vary")));
        let all = fixes(&s, hop, Browser::Chromium);
        for f in &all {
            assert_eq!(f.rechecked, Outcome::Allowed, "{}", f.name);
            assert!(f.risks.is_empty(), "{}: {:?}", f.name, f.risks);
        }
    }

    #[test]
    fn values_that_would_change_a_configuration_are_refused_not_written() {
        for origin in [
            "https://a.example'; evil()",
            "https://a.example\" always; return 200; \"",
            "$host",
        ] {
            let p = Policy {
                allow_origin: Some(origin.into()),
                ..Policy::default()
            };
            assert!(p.unwritable().is_some(), "{origin}");
        }
        let mut p = Policy {
            allow_headers: vec!["x-a'".into()],
            ..Policy::default()
        };
        assert!(p.unwritable().is_some());
        p.allow_headers = vec!["x-a".into(), "*".into()];
        p.allow_origin = Some("https://a.example:8443".into());
        assert_eq!(p.unwritable(), None);
        for kind in ServerKind::ALL {
            assert!(!kind.config(&p).is_empty());
        }
    }
}
