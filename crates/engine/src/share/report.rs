//! The copyable bug report: the scenario, what the browser did (when it ran
//! live), the engine's verdict and steps, the console text, the permalink, and
//! curl commands that replay the preflight and the request server-to-server
//! with the page's Origin header.

use crate::decision::Decision;
use crate::fetch::request_header::cors_unsafe_request_header_names;
use crate::origin::Origin;
use crate::scenario::Scenario;

/// What the browser did in a live run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Browser name and version, e.g. "Chromium 156.0.7000.1".
    pub browser: String,
    /// The outcome word (allowed, blocked, opaque).
    pub outcome: String,
    /// Status, response type or the error, in a few words.
    pub detail: String,
}

/// `s` as one shell word.
pub(crate) fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// curl commands for the preflight (when the request needs one) and the
/// request, with the Origin header the browser sends.
pub(crate) fn curl_commands(scenario: &Scenario, decision: &Decision) -> Vec<String> {
    let page_origin = Origin::parse(&scenario.page)
        .map(|o| o.serialize())
        .unwrap_or_else(|_| scenario.page.clone());
    let r = &scenario.request;
    let method = crate::fetch::method::normalize(&r.method);
    let mut out = vec![];
    let preflight = decision.sent.iter().find(|s| s.preflight);
    let needs_preflight = !crate::fetch::method::is_cors_safelisted_method(&method)
        || !cors_unsafe_request_header_names(&r.headers).is_empty();
    if preflight.is_some() || (needs_preflight && decision.sent.is_empty()) {
        let origin = preflight
            .and_then(|p| p.origin.clone())
            .unwrap_or_else(|| page_origin.clone());
        let url = preflight.map(|p| p.url.clone()).unwrap_or_else(|| r.url.clone());
        let acrm = preflight
            .and_then(|p| p.access_control_request_method.clone())
            .unwrap_or_else(|| method.clone());
        let acrh = preflight
            .map(|p| p.access_control_request_headers.clone())
            .unwrap_or_else(|| {
                let names = crate::fetch::request_header::sorted_lowercase_names(
                    cors_unsafe_request_header_names(&r.headers)
                        .iter()
                        .map(|u| u.name.as_str()),
                );
                (!names.is_empty()).then(|| names.join(","))
            });
        let mut cmd = format!(
            "curl -i -X OPTIONS {} -H {} -H {}",
            shell_quote(&url),
            shell_quote(&format!("Origin: {origin}")),
            shell_quote(&format!("Access-Control-Request-Method: {acrm}"))
        );
        if let Some(h) = acrh {
            cmd.push_str(&format!(
                " -H {}",
                shell_quote(&format!("Access-Control-Request-Headers: {h}"))
            ));
        }
        out.push(cmd);
    }
    let actual = decision.sent.iter().find(|s| !s.preflight);
    let origin = actual
        .and_then(|a| a.origin.clone())
        .or_else(|| (decision.sent.is_empty() || preflight.is_some()).then(|| page_origin.clone()));
    let mut cmd = format!("curl -i -X {} {}", shell_quote(&method), shell_quote(&r.url));
    if let Some(o) = origin {
        cmd.push_str(&format!(" -H {}", shell_quote(&format!("Origin: {o}"))));
    }
    for (n, v) in &r.headers {
        cmd.push_str(&format!(" -H {}", shell_quote(&format!("{n}: {v}"))));
    }
    if let Some(body) = &r.body {
        cmd.push_str(&format!(" --data-raw {}", shell_quote(body)));
    }
    out.push(cmd);
    out
}

fn fence(lang: &str, body: &str) -> String {
    // A fence longer than any run of backticks inside.
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}{lang}\n{body}\n{ticks}\n")
}

/// The bug report, as Markdown.
pub fn bug_report(scenario: &Scenario, decision: &Decision, observed: Option<&Observed>, permalink: &str) -> String {
    let mut md = String::new();
    let browser_name = decision.browser.label();
    let page = Origin::parse(&scenario.page)
        .map(|o| o.serialize())
        .unwrap_or_else(|_| scenario.page.clone());
    md.push_str(&format!(
        "## CORS: {} {} from {page} is {}\n\n",
        scenario.request.method,
        scenario.request.url,
        decision.verdict()
    ));
    if !scenario.name.is_empty() {
        md.push_str(&format!("{}\n\n", scenario.name));
    }
    match observed {
        Some(o) => md.push_str(&format!(
            "- **Observed** in {}: **{}** ({})\n",
            o.browser, o.outcome, o.detail
        )),
        None => md.push_str("- **Observed**: not run live\n"),
    }
    let why = decision
        .failed_step()
        .map(|s| format!(" — {}", s.sentence))
        .unwrap_or_default();
    md.push_str(&format!(
        "- **corscope predicts** ({browser_name}): **{}**{why}\n",
        decision.verdict()
    ));
    if decision.preflight {
        let h = if decision.request_headers.is_empty() {
            String::new()
        } else {
            format!(
                ", Access-Control-Request-Headers: {}",
                decision.request_headers.join(",")
            )
        };
        md.push_str(&format!("- Preflight: yes{h}\n"));
    } else {
        md.push_str("- Preflight: no\n");
    }
    md.push_str(&format!("- Reproduce: [open in corscope]({permalink})\n\n"));
    md.push_str("### The exchange (predicted)\n\n");
    md.push_str(&fence(
        "text",
        crate::explain::sequence::predicted(scenario, decision)
            .text()
            .trim_end(),
    ));
    if !decision.held_cookies.is_empty() || !decision.set_cookies.is_empty() {
        md.push_str(&format!(
            "\n### Cookies (third-party cookies: {})\n\n",
            decision.cookie_setting
        ));
        for h in &decision.held_cookies {
            let kept = if h.stored { "held" } else { "never held" };
            md.push_str(&format!("- `{}`: {kept} — {}\n", h.line.replace('`', "'"), h.why));
        }
        for c in &decision.cookies {
            let sent = if c.sent { "sent" } else { "not sent" };
            md.push_str(&format!("- hop {}: {} {sent} — {}\n", c.hop, c.name, c.why));
        }
        for c in &decision.set_cookies {
            let stored = if c.stored { "stored" } else { "not stored" };
            md.push_str(&format!(
                "- Set-Cookie `{}`: {stored} — {}\n",
                c.line.replace('`', "'"),
                c.why
            ));
        }
    }
    md.push_str("\n### Steps\n\n");
    for (i, s) in decision.steps.iter().enumerate() {
        let mark = if s.passed { "✓" } else { "✗" };
        md.push_str(&format!(
            "{}. {mark} **{}**: {} (`{}`)\n",
            i + 1,
            s.check,
            s.sentence,
            s.seen.replace('`', "'")
        ));
    }
    let consoles: Vec<(&str, &String)> = [
        ("Chromium", &decision.console.chromium),
        ("Firefox", &decision.console.firefox),
        ("Safari / WebKit", &decision.console.webkit),
    ]
    .into_iter()
    .filter_map(|(b, t)| t.as_ref().map(|t| (b, t)))
    .collect();
    if !consoles.is_empty() {
        md.push_str("\n### Console\n\n");
        for (b, t) in consoles {
            md.push_str(&format!("{b}:\n\n{}\n", fence("text", t)));
        }
    }
    md.push_str("\n### Replay with curl (server-to-server)\n\n");
    md.push_str(&fence("sh", &curl_commands(scenario, decision).join("\n")));
    if let Some(fix) = &decision.fix {
        md.push_str("\n### Fix\n\n");
        if let Some(c) = &fix.client {
            md.push_str(&format!("In the page: {c}\n"));
        }
        for c in &fix.server {
            md.push_str(&format!("- `{}`\n", c.describe()));
        }
    }
    md.push_str("\n### Scenario\n\n");
    md.push_str(&fence(
        "json",
        &serde_json::to_string_pretty(scenario).unwrap_or_default(),
    ));
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{explain, parse_scenario, Browser};

    fn scenario() -> Scenario {
        parse_scenario(
            r#"{"name":"PUT blocked","page":"https://app.example","request":{"url":"https://api.example/items/1","method":"PUT","headers":[["Content-Type","application/json"],["X-Note","it's"]],"body":"{\"a\":1}"},
               "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET"]]}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn curl_replays_the_preflight_and_the_request_with_the_origin() {
        let s = scenario();
        let d = explain(&s, Browser::Chromium);
        let cmds = curl_commands(&s, &d);
        assert_eq!(cmds.len(), 2, "{cmds:?}");
        assert_eq!(
            cmds[0],
            "curl -i -X OPTIONS https://api.example/items/1 -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,x-note'"
        );
        assert!(cmds[1].starts_with("curl -i -X PUT https://api.example/items/1 -H 'Origin: https://app.example' -H 'Content-Type: application/json'"), "{}", cmds[1]);
        assert!(cmds[1].contains(r#"-H 'X-Note: it'\''s'"#), "{}", cmds[1]);
        assert!(cmds[1].ends_with(r#"--data-raw '{"a":1}'"#), "{}", cmds[1]);
    }

    #[test]
    fn a_simple_request_has_one_command() {
        let s = parse_scenario(r#"{"page":"https://app.example","request":{"url":"https://api.example/x"}}"#).unwrap();
        let d = explain(&s, Browser::Chromium);
        assert_eq!(
            curl_commands(&s, &d),
            vec!["curl -i -X GET https://api.example/x -H 'Origin: https://app.example'".to_string()]
        );
    }

    #[test]
    fn the_report_has_every_part() {
        let s = scenario();
        let d = explain(&s, Browser::Chromium);
        let observed = Observed {
            browser: "Chromium 156.0".into(),
            outcome: "blocked".into(),
            detail: "TypeError: Failed to fetch".into(),
        };
        let md = bug_report(&s, &d, Some(&observed), "https://corscope.example/#s1=abc");
        assert!(
            md.contains("### The exchange (predicted)\n\n```text\n1. page script → browser: fetch("),
            "{md}"
        );
        for part in [
            "## CORS: PUT https://api.example/items/1 from https://app.example is blocked at preflight",
            "**Observed** in Chromium 156.0: **blocked** (TypeError: Failed to fetch)",
            "**corscope predicts** (Chromium): **blocked at preflight**",
            "[open in corscope](https://corscope.example/#s1=abc)",
            "### Steps",
            "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
            "curl -i -X OPTIONS",
            "### Fix",
            "Access-Control-Allow-Methods",
            "\"url\": \"https://api.example/items/1\"",
        ] {
            assert!(md.contains(part), "missing {part:?} in\n{md}");
        }
    }

    #[test]
    fn backticks_in_values_do_not_break_the_fences() {
        let mut s = scenario();
        s.request.body = Some("```".into());
        let d = explain(&s, Browser::Chromium);
        let md = bug_report(&s, &d, None, "x");
        assert!(md.contains("````sh\n"), "{md}");
    }
}
