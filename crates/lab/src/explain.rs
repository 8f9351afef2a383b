//! `corscope-lab explain`: the engine's decision for each scenario in a file,
//! as a readable step list or as JSON.

use corscope_engine::{
    diagnose::console_message, diagnose::reproduce, explain, explain::server_config, share::permalink, share::report,
    Browser, Decision, Scenario,
};
use std::fmt::Write;

/// The JSON shape printed by `explain --json` (one object per scenario). Each
/// request in `sent` lists its `cookies` (each held cookie: `name`, `sent`,
/// `reason`) and its answer's `set_cookies` (`name`, `stored`, `partition`,
/// `reason`); a preflight has neither.
pub fn decision_json(scenario: &Scenario, d: &Decision) -> serde_json::Value {
    let sent: Vec<serde_json::Value> = d
        .sent
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                let (cookies, set_cookies) = if r.preflight {
                    (vec![], vec![])
                } else {
                    (
                        d.cookies.iter().filter(|c| c.hop == r.hop).collect(),
                        d.set_cookies
                            .iter()
                            .filter(|c| c.hop == Some(r.hop))
                            .collect::<Vec<_>>(),
                    )
                };
                o.insert("cookies".into(), serde_json::json!(cookies));
                o.insert("set_cookies".into(), serde_json::json!(set_cookies));
            }
            v
        })
        .collect();
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
        "sent": sent,
        "trace": d.steps,
        "preflight_max_age": d.preflight_max_age,
        "cookie_setting": d.cookie_setting,
        "held_cookies": d.held_cookies,
        "cookie_fix": explain::cookie_fix::options(scenario, d),
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
    if !d.held_cookies.is_empty() || !d.set_cookies.is_empty() {
        let _ = writeln!(out, "   third-party cookies: {}", d.cookie_setting);
        for r in d.sent.iter().filter(|r| !r.preflight) {
            let hop = if r.hop > 0 {
                format!(" (hop {})", r.hop)
            } else {
                String::new()
            };
            let _ = writeln!(out, "   Cookie{hop}: {}", r.cookie.as_deref().unwrap_or("(none)"));
        }
        for c in d.cookies.iter().filter(|c| !c.sent) {
            let _ = writeln!(out, "   cookie {} not sent [hop {}]: {}", c.name, c.hop, c.why);
        }
        for c in &d.set_cookies {
            let _ = writeln!(
                out,
                "   Set-Cookie {}: {} — {}",
                c.name,
                if c.stored { "stored" } else { "not stored" },
                c.why
            );
        }
        for o in explain::cookie_fix::options(scenario, d) {
            let works = match &o.works_in {
                Some(b) if b.is_empty() => {
                    " (the cookie still does not go in any browser's default setting)".to_string()
                }
                Some(b) => format!(
                    " (then it goes in {})",
                    b.iter().map(|b| b.label()).collect::<Vec<_>>().join(", ")
                ),
                None => String::new(),
            };
            let _ = writeln!(out, "   cookie fix: {}{works} — costs: {}", o.title, o.cost);
        }
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
    if let Some(c) = &d.console.webkit {
        let _ = writeln!(
            out,
            "   Safari / WebKit console: {}",
            c.replace('\n', "\n                            ")
        );
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

/// How `explain` prints.
#[derive(Clone, Debug)]
pub struct ExplainOptions {
    pub json: bool,
    pub browser: Browser,
    /// Print the Markdown bug report instead of the step list.
    pub report: bool,
    /// Print each server's configuration for the fix, re-checked.
    pub servers: bool,
    /// The corscope page permalinks point at.
    pub app_url: String,
}

impl Default for ExplainOptions {
    fn default() -> Self {
        ExplainOptions {
            json: false,
            browser: Browser::Chromium,
            report: false,
            servers: false,
            app_url: DEFAULT_APP_URL.into(),
        }
    }
}

/// Where permalinks point unless `--app-url` says otherwise: the page `serve` starts.
pub const DEFAULT_APP_URL: &str = "http://localhost:8080/";

/// Whether a command-line argument is a permalink rather than a file name.
pub fn is_permalink(arg: &str) -> bool {
    permalink::scenario_part(arg).is_some()
}

/// The server configurations that fix a decision, as text.
pub fn render_servers(scenario: &Scenario, d: &Decision) -> String {
    let mut out = String::new();
    let Some(all) = server_config::for_decision(scenario, d) else {
        let _ = writeln!(out, "   (no server change to configure)");
        return out;
    };
    for f in all.servers {
        let _ = writeln!(out, "   --- {} (re-checked: {})", f.name, f.rechecked);
        for line in f.config.lines() {
            let _ = writeln!(out, "   {line}");
        }
        for r in &f.risks {
            let _ = writeln!(out, "   warning ({}): {}", r.severity, r.text);
        }
    }
    out
}

/// A probe's result: what went out and came back, the explanation, the
/// recorded scenario and its permalink (or all of it as JSON).
pub fn render_probe(report: &crate::probe::ProbeReport, json: bool, app_url: &str) -> String {
    let link = permalink::link(app_url, &report.scenario);
    if json {
        let v = serde_json::json!({
            "scenario": report.scenario,
            "decision": decision_json(&report.scenario, &report.decision),
            "exchanges": report.exchanges,
            "permalink": link,
        });
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let _ = writeln!(out, "== sent and received");
    for x in &report.exchanges {
        let what = if x.preflight { " (preflight)" } else { "" };
        let _ = writeln!(out, "   {} {}{what} -> {}", x.method, x.url, x.status);
        for (n, v) in x
            .request_headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("origin") || n.to_ascii_lowercase().starts_with("access-control-"))
        {
            let _ = writeln!(out, "      > {n}: {v}");
        }
        for (n, v) in x.response_headers.iter().filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            n.starts_with("access-control-") || n == "vary" || n == "location"
        }) {
            let _ = writeln!(out, "      < {n}: {v}");
        }
    }
    if report.exchanges.is_empty() {
        let _ = writeln!(out, "   nothing: the browser would not send this request");
    }
    out.push_str(&render_text(&report.scenario, &report.decision));
    let _ = writeln!(out, "   permalink: {link}");
    let _ = writeln!(out, "== scenario");
    out.push_str(&serde_json::to_string_pretty(&report.scenario).unwrap_or_default());
    out.push('\n');
    out
}

/// Explains scenarios (already read): the output and the exit code. With
/// `--json`, each object also holds what reading its source had to assume
/// (`assumed[i]` for `scenarios[i]`; a HAR's exchanges), so standard output is
/// JSON only.
pub fn explain_scenarios(scenarios: &[Scenario], assumed: &[Vec<String>], opts: &ExplainOptions) -> (String, i32) {
    if opts.json {
        let all: Vec<serde_json::Value> = scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let d = explain(s, opts.browser);
                let mut v = decision_json(s, &d);
                v["permalink"] = permalink::link(&opts.app_url, s).into();
                v["assumptions"] = assumed.get(i).cloned().unwrap_or_default().into();
                if opts.report {
                    v["report"] = report::bug_report(s, &d, None, &permalink::link(&opts.app_url, s)).into();
                }
                v
            })
            .collect();
        let text = serde_json::to_string_pretty(&all).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        return (text + "\n", 0);
    }
    let text: Vec<String> = scenarios
        .iter()
        .map(|s| {
            let d = explain(s, opts.browser);
            let link = permalink::link(&opts.app_url, s);
            if opts.report {
                return report::bug_report(s, &d, None, &link);
            }
            let mut t = render_text(s, &d);
            let _ = writeln!(t, "   permalink: {link}");
            if opts.servers {
                t.push_str(&render_servers(s, &d));
            }
            t
        })
        .collect();
    (text.join("\n"), 0)
}

/// What a command printed: standard output (JSON only with `--json`),
/// standard error (what was assumed, what could not be used), the exit code.
#[derive(Debug, Default)]
pub struct Printed {
    pub out: String,
    pub err: String,
    pub code: i32,
}

impl Printed {
    fn failed(err: String) -> Printed {
        Printed {
            out: String::new(),
            err,
            code: 2,
        }
    }
}

/// Runs `explain` on a file's text.
pub fn run_explain(text: &str, opts: &ExplainOptions) -> Printed {
    // A HAR export: one explanation per cross-origin exchange, with its real answers.
    if corscope_engine::diagnose::har::looks_like_har(text) {
        return match corscope_engine::diagnose::har::parse_har(text) {
            Ok(exchanges) if exchanges.is_empty() => Printed::failed("the HAR holds no cross-origin exchange\n".into()),
            Ok(exchanges) => {
                // What was assumed: in the JSON, or on standard error beside the text.
                let err: String = exchanges
                    .iter()
                    .flat_map(|x| {
                        x.assumptions
                            .iter()
                            .map(move |a| format!("assumed ({}): {a}\n", x.scenario.name))
                    })
                    .collect();
                let assumed: Vec<Vec<String>> = exchanges.iter().map(|x| x.assumptions.clone()).collect();
                let scenarios: Vec<_> = exchanges.into_iter().map(|x| x.scenario).collect();
                let (out, code) = explain_scenarios(&scenarios, &assumed, opts);
                Printed {
                    out,
                    err: if opts.json { String::new() } else { err },
                    code,
                }
            }
            Err(e) => Printed::failed(format!("error: {e}\n")),
        };
    }
    match corscope_engine::parse_scenario_file(text) {
        Ok(file) => {
            // The usable ones are still explained; each other one is named on
            // standard error (exit 2).
            let err: String = file.problems.iter().map(|p| format!("error: {p}\n")).collect();
            let (out, code) = if file.scenarios.is_empty() && !file.problems.is_empty() {
                (String::new(), 0)
            } else {
                explain_scenarios(&file.scenarios, &[], opts)
            };
            Printed {
                out,
                code: if file.problems.is_empty() { code } else { 2 },
                err,
            }
        }
        Err(e) => Printed::failed(format!("error: the scenario file is not valid: {e}\n")),
    }
}

/// Runs `explain` on a permalink.
pub fn run_explain_link(link: &str, opts: &ExplainOptions) -> Printed {
    match permalink::decode(link) {
        Ok(s) => {
            let (out, code) = explain_scenarios(&[s], &[], opts);
            Printed {
                out,
                err: String::new(),
                code,
            }
        }
        Err(e) => Printed::failed(format!("error: {e}\n")),
    }
}

/// `corscope-lab diagnose`: a pasted console message, turned into a scenario,
/// explained, with its permalink.
/// A cookie message read back: what it says, what the reproduction had to
/// assume, and the reproduction explained (or why there is none).
fn diagnose_cookie(
    m: &corscope_engine::diagnose::cookie_message::CookieMessage,
    page: &str,
    opts: &ExplainOptions,
) -> (String, i32) {
    let r = corscope_engine::diagnose::cookie_message::reproduce_cookie(m, page);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "recognised: {} cookie message ({}): {}",
        m.browser.as_str(),
        m.key,
        m.meaning
    );
    if let Some(n) = m.name.as_ref().or(m.line.as_ref()) {
        let _ = writeln!(out, "cookie: {n}");
    }
    for a in r.assumptions.iter().chain(&m.notes) {
        let _ = writeln!(out, "assumed: {a}");
    }
    let Some(scenario) = r.scenario else {
        let _ = writeln!(
            out,
            "not reproduced: {}",
            r.not_reproduced.as_deref().unwrap_or("the engine has no such case")
        );
        return (out, 0);
    };
    let opts = ExplainOptions {
        browser: r.browser,
        ..opts.clone()
    };
    let (text, code) = explain_scenarios(&[scenario], &[], &opts);
    out.push_str(&text);
    (out, code)
}

pub fn run_diagnose(text: &str, page: &str, opts: &ExplainOptions) -> (String, i32) {
    let message = match console_message::parse(text) {
        Ok(m) => m,
        Err(e) => {
            // A cookie message (Firefox's console, Chromium's DevTools) is read apart.
            return match corscope_engine::diagnose::cookie_message::read_cookie_message(text) {
                Ok(m) => diagnose_cookie(&m, page, opts),
                Err(_) => (format!("{e}\n"), 3),
            };
        }
    };
    let repro = reproduce::reproduce(&message, page);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "recognised: {} console, {}",
        message.browser.as_str(),
        message.reason.describe()
    );
    if let Some(u) = &message.url {
        let _ = writeln!(out, "url: {u}");
    }
    if let Some(o) = &message.page_origin {
        let _ = writeln!(out, "page origin: {o}");
    }
    let _ = writeln!(
        out,
        "stage: {}{}",
        message.stage,
        if message.preflight { " (preflight)" } else { "" }
    );
    for a in &repro.assumptions {
        let _ = writeln!(out, "assumed: {a}");
    }
    if let Some(a) = &repro.advice {
        let _ = writeln!(out, "advice: {a}");
    }
    let Some(scenario) = repro.scenario else {
        return (out, 0);
    };
    let opts = ExplainOptions {
        browser: message.browser.engine_browser(),
        ..opts.clone()
    };
    let (text, code) = explain_scenarios(&[scenario], &[], &opts);
    out.push_str(&text);
    (out, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUT: &str = r#"{"name":"put","page":"https://app.example","request":{"url":"https://api.example/x","method":"PUT","headers":[["X-Trace","1"]]},
        "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET"]]}}}"#;

    #[test]
    fn text_output_names_the_failing_step_and_the_fix() {
        let Printed { out, code, .. } = run_explain(PUT, &ExplainOptions::default());
        assert_eq!(code, 0);
        assert!(out.contains("verdict: blocked at preflight"), "{out}");
        assert!(out.contains("FAIL method allowed"), "{out}");
        assert!(out.contains("Access-Control-Allow-Methods: GET, PUT"), "{out}");
        assert!(out.contains("Method PUT is not allowed"), "{out}");
    }

    #[test]
    fn json_output_has_the_contract_fields() {
        let Printed { out, code, .. } = run_explain(
            &format!("[{PUT}]"),
            &ExplainOptions {
                json: true,
                browser: Browser::Firefox,
                ..Default::default()
            },
        );
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
    fn json_output_says_which_cookie_went_and_which_was_stored() {
        let scenario = r#"{"page": "https://site-a.test", "request": {"url": "https://site-b.test/api", "credentials": "include"},
            "cookies": {"held": [{"set_cookie": "sid=1; SameSite=None; Secure", "url": "https://site-b.test/"}]},
            "server": {"response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://site-a.test"],
                ["Access-Control-Allow-Credentials", "true"], ["Set-Cookie", "p=1; Secure; SameSite=None; Partitioned"]]}}}"#;
        for (browser, sent, stored) in [(Browser::Chromium, false, true), (Browser::WebKit, false, false)] {
            let Printed { out, code, .. } = run_explain(
                scenario,
                &ExplainOptions {
                    json: true,
                    browser,
                    ..Default::default()
                },
            );
            assert_eq!(code, 0);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let request = &v[0]["sent"][0];
            assert_eq!(request["cookies"][0]["name"], "sid");
            assert_eq!(request["cookies"][0]["sent"], sent);
            assert_eq!(request["cookies"][0]["reason"], "third_party_blocked", "{browser}");
            let set = &request["set_cookies"][0];
            assert_eq!(
                (set["name"].as_str(), set["stored"].as_bool()),
                (Some("p"), Some(stored)),
                "{browser}"
            );
            if stored {
                assert_eq!(set["partition"], "https://site-a.test");
            }
            assert_eq!(v[0]["cookie_setting"], "blocked");
        }
        let Printed { out, .. } = run_explain(scenario, &ExplainOptions::default());
        assert!(
            out.contains("third-party cookies: blocked") && out.contains("Cookie: (none)"),
            "{out}"
        );
        assert!(out.contains("cookie fix: Serve the API on the page's site"), "{out}");
        let Printed { out, .. } = run_explain(
            scenario,
            &ExplainOptions {
                json: true,
                ..Default::default()
            },
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v[0]["cookie_fix"]
            .as_array()
            .is_some_and(|o| o.iter().any(|x| x["key"] == "partitioned")));
    }

    #[test]
    fn diagnose_reads_a_cookie_message_and_explains_its_reproduction() {
        let line =
            "Cookie “sid” rejected because it has the “SameSite=None” attribute but is missing the “secure” attribute.";
        let (out, code) = run_diagnose(line, "https://app.example", &ExplainOptions::default());
        assert_eq!(code, 0, "{out}");
        assert!(out.starts_with("recognised: Firefox cookie message"), "{out}");
        assert!(out.contains("Set-Cookie sid: not stored"), "{out}");
        let (out, code) = run_diagnose("SameSiteLax", "https://app.example", &ExplainOptions::default());
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("cookie sid not sent") || out.contains("not sent"), "{out}");
        let (out, code) = run_diagnose("nothing to see", "https://app.example", &ExplainOptions::default());
        assert_eq!(code, 3, "{out}");
    }

    #[test]
    fn a_malformed_file_names_the_field_and_exits_2() {
        let Printed { err: out, code, .. } = run_explain(
            "{\"page\":\"https://a\",\n\"request\":{\"url\":1}}",
            &ExplainOptions::default(),
        );
        assert_eq!(code, 2);
        assert!(out.contains("request.url") && out.contains("line 2"), "{out}");
    }

    #[test]
    fn a_permalink_explains_like_its_file() {
        let s = corscope_engine::parse_scenario(PUT).unwrap();
        let link = permalink::link("https://corscope.example/", &s);
        assert!(is_permalink(&link) && is_permalink("s1=abc") && !is_permalink("scenarios.json"));
        let Printed {
            out: from_link, code, ..
        } = run_explain_link(&link, &ExplainOptions::default());
        assert_eq!(code, 0);
        let Printed { out: from_file, .. } = run_explain(PUT, &ExplainOptions::default());
        assert_eq!(
            from_link.replace("https://corscope.example/", DEFAULT_APP_URL),
            from_file
        );
        let Printed { err: out, code, .. } = run_explain_link(&link[..link.len() - 9], &ExplainOptions::default());
        assert_eq!(code, 2);
        assert!(out.contains("cut short") || out.contains("not valid"), "{out}");
    }

    #[test]
    fn the_report_and_the_server_fixes_print() {
        let opts = ExplainOptions {
            report: true,
            ..Default::default()
        };
        let Printed { out, .. } = run_explain(PUT, &opts);
        assert!(
            out.contains("### Replay with curl") && out.contains("curl -i -X OPTIONS"),
            "{out}"
        );
        assert!(out.contains("(http://localhost:8080/#s1="), "{out}");
        let opts = ExplainOptions {
            servers: true,
            ..Default::default()
        };
        let Printed { out, .. } = run_explain(PUT, &opts);
        assert_eq!(out.matches("(re-checked: allowed)").count(), 9, "{out}");
    }

    #[test]
    fn diagnose_turns_a_console_message_into_an_explanation() {
        let msg = "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";
        let (out, code) = run_diagnose(msg, "https://page.example", &ExplainOptions::default());
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("recognised: Chromium console"), "{out}");
        assert!(out.contains("verdict: blocked at preflight"), "{out}");
        assert!(out.contains("permalink: http://localhost:8080/#s1="), "{out}");
        let (out, code) = run_diagnose(
            "TypeError: Failed to fetch",
            "https://page.example",
            &ExplainOptions::default(),
        );
        assert_eq!(code, 3);
        assert!(out.starts_with("not recognised"), "{out}");
    }
}
