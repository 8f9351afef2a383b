//! `corscope-lab explain`: the engine's decision for each scenario in a file,
//! as a readable step list or as JSON.

use corscope_engine::{explain, parse_scenarios, Browser, Decision, Scenario};
use std::fmt::Write;

/// The JSON shape printed by `explain --json` (one object per scenario).
pub fn decision_json(scenario: &Scenario, d: &Decision) -> serde_json::Value {
    serde_json::json!({
        "name": scenario.name,
        "browser": d.browser,
        "preflight": d.preflight,
        "request_headers": d.request_headers,
        "outcome": d.outcome,
        "stage": d.stage,
        "exposed": d.exposed,
        "response_type": d.response_type,
        "status": d.status,
        "failure": d.failure,
        "console": d.console,
        "fix": d.fix,
        "sent": d.sent,
        "trace": d.steps,
        "preflight_max_age": d.preflight_max_age,
    })
}

/// The readable explanation of one decision.
pub fn render_text(scenario: &Scenario, d: &Decision) -> String {
    let mut out = String::new();
    let title = if scenario.name.is_empty() {
        scenario.request.url.as_str()
    } else {
        scenario.name.as_str()
    };
    let _ = writeln!(out, "== {title}");
    let _ = writeln!(
        out,
        "   {} {} from {} ({})",
        scenario.request.method, scenario.request.url, scenario.page, d.browser
    );
    let verdict = d.verdict();
    let _ = writeln!(out, "   verdict: {verdict}");
    let _ = writeln!(
        out,
        "   preflight: {}{}",
        if d.preflight { "yes" } else { "no" },
        if d.preflight && !d.request_headers.is_empty() {
            format!(" (Access-Control-Request-Headers: {})", d.request_headers.join(","))
        } else {
            String::new()
        }
    );
    if !d.exposed.is_empty() {
        let _ = writeln!(out, "   readable headers: {}", d.exposed.join(", "));
    }
    let _ = writeln!(out, "   steps:");
    for (i, s) in d.steps.iter().enumerate() {
        let mark = if s.passed { "ok  " } else { "FAIL" };
        let hop = if s.hop > 0 {
            format!(" [hop {}]", s.hop)
        } else {
            String::new()
        };
        let _ = writeln!(out, "   {:>2}. {mark} {}{hop}: {}", i + 1, s.check, s.sentence);
        let _ = writeln!(out, "           seen: {}", s.seen);
        let _ = writeln!(out, "           spec: {}", s.spec);
    }
    if let Some(c) = &d.console.chromium {
        let _ = writeln!(out, "   Chromium console: {c}");
    }
    if let Some(c) = &d.console.firefox {
        let _ = writeln!(out, "   Firefox console:  {c}");
    }
    if let Some(fix) = &d.fix {
        if let Some(advice) = &fix.client {
            let _ = writeln!(out, "   fix (in the page): {advice}");
        }
        for c in &fix.server {
            let _ = writeln!(out, "   fix (on the server): {}", c.describe());
        }
    }
    out
}

/// Runs `explain` on the file text; returns the output and the exit code.
pub fn run_explain(text: &str, json: bool, browser: Browser) -> (String, i32) {
    let scenarios = match parse_scenarios(text) {
        Ok(s) => s,
        Err(e) => return (format!("error: the scenario file is not valid: {e}\n"), 2),
    };
    if json {
        let all: Vec<serde_json::Value> = scenarios
            .iter()
            .map(|s| decision_json(s, &explain(s, browser)))
            .collect();
        let text = serde_json::to_string_pretty(&all).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        return (text + "\n", 0);
    }
    let text: Vec<String> = scenarios.iter().map(|s| render_text(s, &explain(s, browser))).collect();
    (text.join("\n"), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUT: &str = r#"{"name":"put","page":"https://app.example","request":{"url":"https://api.example/x","method":"PUT","headers":[["X-Trace","1"]]},
        "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET"]]}}}"#;

    #[test]
    fn text_output_names_the_failing_step_and_the_fix() {
        let (out, code) = run_explain(PUT, false, Browser::Chromium);
        assert_eq!(code, 0);
        assert!(out.contains("verdict: blocked at preflight"), "{out}");
        assert!(out.contains("FAIL method allowed"), "{out}");
        assert!(out.contains("Access-Control-Allow-Methods: GET, PUT"), "{out}");
        assert!(out.contains("Method PUT is not allowed"), "{out}");
    }

    #[test]
    fn json_output_has_the_contract_fields() {
        let (out, code) = run_explain(&format!("[{PUT}]"), true, Browser::Firefox);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let d = &v[0];
        assert_eq!(d["preflight"], true);
        assert_eq!(d["request_headers"], serde_json::json!(["x-trace"]));
        assert_eq!(d["outcome"], "blocked");
        assert_eq!(d["stage"], "preflight");
        assert_eq!(d["exposed"], serde_json::json!([]));
        assert!(d["trace"].as_array().unwrap().len() > 3);
    }

    #[test]
    fn a_malformed_file_names_the_field_and_exits_2() {
        let (out, code) = run_explain(
            "{\"page\":\"https://a\",\n\"request\":{\"url\":1}}",
            false,
            Browser::Chromium,
        );
        assert_eq!(code, 2);
        assert!(out.contains("request.url") && out.contains("line 2"), "{out}");
    }
}
