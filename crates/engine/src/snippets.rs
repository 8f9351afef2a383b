//! Server configuration that sends the CORS headers a (fixed) scenario needs,
//! for common servers: Express `cors`, axum/tower-http `CorsLayer`, nginx.

use crate::header_list::{extract_token_list, get};
use crate::scenario::Scenario;

/// The CORS policy a scenario's first hop expresses, read from its answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub allow_origin: Option<String>,
    pub allow_credentials: bool,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age: Option<String>,
}

impl Policy {
    pub fn of(scenario: &Scenario) -> Policy {
        let hop = scenario.server.hops().first().cloned().unwrap_or_default();
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
            max_age: get(&pre, "Access-Control-Max-Age"),
        }
    }
}

fn quoted_list(items: &[String], quote: char) -> String {
    items
        .iter()
        .map(|i| format!("{quote}{i}{quote}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Express with the `cors` middleware.
pub fn express(p: &Policy) -> String {
    let mut opts = vec![];
    match p.allow_origin.as_deref() {
        Some("*") | None => opts.push("  origin: '*',".to_string()),
        Some(o) => opts.push(format!("  origin: '{o}',")),
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
    if let Some(m) = &p.max_age {
        opts.push(format!("  maxAge: {m},"));
    }
    format!(
        "const cors = require('cors');\n\n// Before your routes, so OPTIONS preflights are answered too.\napp.use(cors({{\n{}\n}}));",
        opts.join("\n")
    )
}

/// axum with tower-http's `CorsLayer`.
pub fn axum(p: &Policy) -> String {
    let mut lines = vec![
        "use tower_http::cors::{AllowOrigin, Any, CorsLayer};".to_string(),
        String::new(),
    ];
    lines.push("let cors = CorsLayer::new()".into());
    match p.allow_origin.as_deref() {
        Some("*") | None => lines.push("    .allow_origin(Any)".into()),
        Some(o) => lines.push(format!(
            "    .allow_origin(AllowOrigin::exact(\"{o}\".parse().unwrap()))"
        )),
    }
    if p.allow_credentials {
        lines.push("    .allow_credentials(true)".into());
    }
    if p.allow_methods.iter().any(|m| m == "*") && !p.allow_credentials {
        lines.push("    .allow_methods(Any)".into());
    } else if !p.allow_methods.is_empty() {
        let ms: Vec<String> = p
            .allow_methods
            .iter()
            .filter(|m| *m != "*")
            .map(|m| format!("\"{m}\".parse::<http::Method>().unwrap()"))
            .collect();
        lines.push(format!("    .allow_methods([{}])", ms.join(", ")));
    }
    if p.allow_headers.iter().any(|h| h == "*") && !p.allow_credentials && p.allow_headers.len() == 1 {
        lines.push("    .allow_headers(Any)".into());
    } else if !p.allow_headers.is_empty() {
        let hs: Vec<String> = p
            .allow_headers
            .iter()
            .filter(|h| *h != "*")
            .map(|h| format!("http::HeaderName::from_static(\"{}\")", h.to_ascii_lowercase()))
            .collect();
        lines.push(format!("    .allow_headers([{}])", hs.join(", ")));
    }
    if !p.expose_headers.is_empty() {
        let hs: Vec<String> = p
            .expose_headers
            .iter()
            .filter(|h| *h != "*")
            .map(|h| format!("http::HeaderName::from_static(\"{}\")", h.to_ascii_lowercase()))
            .collect();
        lines.push(format!("    .expose_headers([{}])", hs.join(", ")));
    }
    if let Some(m) = &p.max_age {
        lines.push(format!("    .max_age(std::time::Duration::from_secs({m}))"));
    }
    let last = lines.len() - 1;
    lines[last].push(';');
    lines.push(String::new());
    lines.push("let app = Router::new() /* routes */ .layer(cors);".into());
    lines.join("\n")
}

/// nginx, answering preflights itself.
pub fn nginx(p: &Policy) -> String {
    let origin = p.allow_origin.clone().unwrap_or_else(|| "*".into());
    let mut common = vec![format!(
        "    add_header Access-Control-Allow-Origin \"{origin}\" always;"
    )];
    if origin != "*" {
        common.push("    add_header Vary Origin always;".into());
    }
    if p.allow_credentials {
        common.push("    add_header Access-Control-Allow-Credentials \"true\" always;".into());
    }
    let mut pre = common.iter().map(|l| format!("    {l}")).collect::<Vec<_>>();
    if !p.allow_methods.is_empty() {
        pre.push(format!(
            "        add_header Access-Control-Allow-Methods \"{}\" always;",
            p.allow_methods.join(", ")
        ));
    }
    if !p.allow_headers.is_empty() {
        pre.push(format!(
            "        add_header Access-Control-Allow-Headers \"{}\" always;",
            p.allow_headers.join(", ")
        ));
    }
    if let Some(m) = &p.max_age {
        pre.push(format!("        add_header Access-Control-Max-Age \"{m}\" always;"));
    }
    let mut out = vec![
        "location /api/ {".to_string(),
        "    if ($request_method = OPTIONS) {".into(),
    ];
    out.extend(pre);
    out.push("        return 204;".into());
    out.push("    }".into());
    out.extend(common);
    if !p.expose_headers.is_empty() {
        out.push(format!(
            "    add_header Access-Control-Expose-Headers \"{}\" always;",
            p.expose_headers.join(", ")
        ));
    }
    out.push("    # proxy_pass ...;".into());
    out.push("}".into());
    out.join("\n")
}

/// Every snippet, as (server name, code).
pub fn all(scenario: &Scenario) -> Vec<(&'static str, String)> {
    let p = Policy::of(scenario);
    vec![
        ("Express (cors)", express(&p)),
        ("axum (tower-http CorsLayer)", axum(&p)),
        ("nginx", nginx(&p)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_scenario;

    #[test]
    fn snippets_carry_the_fixed_policy() {
        let s = parse_scenario(
            r#"{"page":"https://app.example","request":{"url":"https://api.example/","method":"PUT"},
               "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Credentials","true"]]},
                         "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        )
        .unwrap();
        let all = all(&s);
        assert!(all[0].1.contains("origin: 'https://app.example'") && all[0].1.contains("credentials: true"));
        assert!(all[0].1.contains("methods: ['PUT']"));
        assert!(
            all[1].1.contains("AllowOrigin::exact(\"https://app.example\"")
                && all[1].1.contains(".allow_credentials(true)")
        );
        assert!(all[2]
            .1
            .contains("add_header Access-Control-Allow-Methods \"PUT\" always;"));
        assert!(all[2].1.contains("Vary Origin"));
    }
}
