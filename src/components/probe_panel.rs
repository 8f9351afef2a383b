//! The request form and the record of what the browser did.

use crate::probe::{self, Observed, ProbeRequest, ProbeResult};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Parses "Name: value" lines; blank lines are skipped.
pub fn parse_header_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                out.push((name.trim().to_string(), value.trim().to_string()))
            }
            _ => return Err(format!("header line {} must look like 'Name: value'", i + 1)),
        }
    }
    Ok(out)
}

fn lab_default_url() -> String {
    let location = web_sys::window().map(|w| w.location());
    let host = location.as_ref().and_then(|l| l.hostname().ok()).unwrap_or_default();
    let port: u16 = location
        .as_ref()
        .and_then(|l| l.port().ok())
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    if host == "localhost" || host == "127.0.0.1" {
        format!("http://localhost:{}/open", port.saturating_add(1))
    } else {
        "http://localhost:8081/open".into()
    }
}

#[component]
pub fn ProbePanel() -> impl IntoView {
    let (url, set_url) = signal(lab_default_url());
    let (method, set_method) = signal("GET".to_string());
    let (header_text, set_header_text) = signal(String::new());
    let (result, set_result) = signal::<Option<ProbeResult>>(None);
    let (error, set_error) = signal::<Option<String>>(None);
    let (running, set_running) = signal(false);

    let run = move |_| {
        let headers = match parse_header_lines(&header_text.get()) {
            Ok(h) => h,
            Err(e) => {
                set_error.set(Some(e));
                return;
            }
        };
        set_error.set(None);
        set_running.set(true);
        let request = ProbeRequest {
            url: url.get().trim().to_string(),
            method: method.get().trim().to_string(),
            headers,
        };
        spawn_local(async move {
            let r = probe::run(request).await;
            set_result.set(Some(r));
            set_running.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="probe-title">
            <h2 id="probe-title">"Run a request"</h2>
            <div class="row">
                <label for="method">"Method"</label>
                <input id="method" data-testid="method" prop:value=method
                    on:input=move |ev| set_method.set(event_target_value(&ev)) />
            </div>
            <div class="row">
                <label for="url">"URL"</label>
                <input id="url" data-testid="url" type="url" prop:value=url
                    on:input=move |ev| set_url.set(event_target_value(&ev)) />
            </div>
            <div class="row">
                <label for="headers">"Headers (one 'Name: value' per line)"</label>
                <textarea id="headers" data-testid="headers" rows="3" prop:value=header_text
                    on:input=move |ev| set_header_text.set(event_target_value(&ev))></textarea>
            </div>
            <button data-testid="run" on:click=run disabled=running>"Run"</button>
            <p class="error" data-testid="form-error" role="alert">{move || error.get()}</p>
            <div class="result" data-testid="result" aria-live="polite">
                {move || result.get().map(|r| view! { <ResultView result=r /> })}
            </div>
        </section>
    }
}

#[component]
fn ResultView(result: ProbeResult) -> impl IntoView {
    let summary = format!(
        "{} {} — {:.0} ms",
        result.request.method, result.request.url, result.duration_ms
    );
    let probed_url = result.request.url.clone();
    match result.observed {
        Observed::Resolved {
            response_type,
            status,
            headers,
        } => {
            let rows = headers
                .into_iter()
                .map(|(n, v)| view! { <tr><td>{n}</td><td>{v}</td></tr> })
                .collect_view();
            view! {
                <div data-testid="verdict" data-verdict="allowed" data-url=probed_url class="verdict allowed">
                    <strong>"Allowed: "</strong>
                    <span data-testid="response-type">{response_type}</span>
                    " response, status "
                    <span data-testid="status">{status}</span>
                </div>
                <p class="muted">{summary}</p>
                <table class="headers"><caption>"Headers the page can read"</caption>{rows}</table>
            }
            .into_any()
        }
        Observed::Rejected { name, message } => view! {
            <div data-testid="verdict" data-verdict="blocked" data-url=probed_url class="verdict blocked">
                <strong>"Blocked: "</strong>
                <span data-testid="error-name">{name}</span>": "
                <span data-testid="error-message">{message}</span>
            </div>
            <p class="muted">{summary}</p>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_parse_and_bad_lines_are_named() {
        assert_eq!(
            parse_header_lines("X-A: 1\n\n Y : two words ").unwrap(),
            vec![("X-A".into(), "1".into()), ("Y".into(), "two words".into())]
        );
        assert_eq!(
            parse_header_lines("X-A 1").unwrap_err(),
            "header line 1 must look like 'Name: value'"
        );
    }
}
