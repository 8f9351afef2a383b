//! The command line: the arguments, one function per subcommand, and the one
//! place ([`Exit`]) that decides exit codes. `main` only parses and dispatches.

use crate::audit::Severity;
use crate::explain::{is_permalink, run_diagnose, run_explain, run_explain_link, ExplainOptions};
use crate::probe::{ProbeError, ProbeRequest};
use crate::{start, LabConfig};
use clap::{Parser, Subcommand};
use corscope_engine::{Browser, CredentialsMode, RequestMode};
use std::io::Read;
use std::path::PathBuf;

/// Every exit code the CLI uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// The verdict or the audit's findings say so, or the lab could not listen.
    Failure = 1,
    /// Bad input: usage, a file, a header, a scenario, a permalink.
    Usage = 2,
    /// A console message corscope does not recognise.
    Unrecognised = 3,
    /// The network failed (timeout, DNS, TLS, connection): not a CORS verdict.
    Network = 4,
}

impl Exit {
    /// The code the explain functions return, as an [`Exit`].
    fn of_code(code: i32) -> Exit {
        match code {
            0 => Exit::Success,
            2 => Exit::Usage,
            3 => Exit::Unrecognised,
            4 => Exit::Network,
            _ => Exit::Failure,
        }
    }
}

/// What a command printed and how it ended.
#[derive(Debug)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
    pub exit: Exit,
}

impl Ran {
    fn ok(stdout: String) -> Ran {
        Ran {
            stdout,
            stderr: String::new(),
            exit: Exit::Success,
        }
    }

    fn error(exit: Exit, message: String) -> Ran {
        Ran {
            stdout: String::new(),
            stderr: format!("error: {message}\n"),
            exit,
        }
    }

    /// Text and code from the explain functions: success on stdout, the rest on stderr.
    /// What an explanation printed: its standard output stays standard output
    /// (JSON only with `--json`), its notes go to standard error.
    fn printed(p: crate::explain::Printed) -> Ran {
        Ran {
            stdout: p.out,
            stderr: p.err,
            exit: Exit::of_code(p.code),
        }
    }

    fn of((text, code): (String, i32)) -> Ran {
        let exit = Exit::of_code(code);
        if exit == Exit::Success {
            Ran::ok(text)
        } else {
            Ran {
                stdout: String::new(),
                stderr: text,
                exit,
            }
        }
    }
}

#[derive(Parser)]
#[command(name = "corscope-lab", version, about = "corscope's lab server and CLI")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the app on the page origin and lab targets on other loopback origins.
    Serve(ServeArgs),
    /// Explain scenarios: what the browser does, step by step, and the fix.
    Explain(ExplainArgs),
    /// Read a pasted console error (Chromium, Firefox or Safari): what it means,
    /// a scenario that reproduces it, its explanation and permalink.
    Diagnose(DiagnoseArgs),
    /// Send what a browser at ORIGIN would send (preflight included, redirects
    /// followed the browser's way), record the answers as a scenario, explain it.
    Probe(ProbeArgs),
    /// Probe URLs with hostile and tricky origins and report risky CORS policies.
    Audit(AuditArgs),
    /// Print, for each scenario of a file, the lab URL that answers as its
    /// server says (the scenario endpoint with the scenario in its query).
    RunUrl(RunUrlArgs),
}

#[derive(clap::Args)]
pub struct RunUrlArgs {
    /// A scenario file (one scenario or an array), or `-` for standard input.
    file: String,
    /// The lab origin the URLs point at.
    #[arg(long, default_value = "http://localhost:8081")]
    lab: String,
    /// The run id the journal files the requests under (a scenario's index is
    /// added when the file has several).
    #[arg(long, default_value = "cli")]
    run: String,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Port of the app origin (http://localhost:PORT): the app, the journal,
    /// the lab info and the probe; never a scenario answer.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Port of the scenario origins (localhost, api.localhost and 127.0.0.1).
    #[arg(long, default_value_t = 8081)]
    lab_port: u16,
    /// Port of the lab's same-origin page (http://localhost:PORT): a scenario
    /// origin from which the app runs requests a page sends to its own origin.
    #[arg(long, default_value_t = 8082)]
    frame_port: u16,
    /// The built app (Trunk's dist folder); without it, the app built into
    /// this binary (feature embed-app), else ./dist.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// The path the app is served under.
    #[arg(long, default_value = "/")]
    base_path: String,
    /// Port of the https lab origin (self-signed certificate made at start).
    #[arg(long, default_value_t = 8443)]
    https_port: u16,
    /// Port of the cookie hosts (https://corscope-a.localhost:PORT and the
    /// other names only the lab answers; the same certificate).
    #[arg(long, default_value_t = 8444)]
    cookie_port: u16,
    /// Port of the cookie hosts over plain http (http://corscope-a.localhost:PORT…).
    #[arg(long, default_value_t = 8445)]
    cookie_http_port: u16,
    /// Listen on this address instead of loopback (e.g. 0.0.0.0). The lab
    /// then answers anyone who can reach this machine.
    #[arg(long)]
    bind: Option<std::net::IpAddr>,
    /// The hosted corscope to pair with (e.g. https://USER.github.io/corscope/):
    /// prints the link that opens it connected to this lab.
    #[arg(long)]
    hosted_page: Option<String>,
    /// The key a hosted page pairs with (default: a new one at each start; fix
    /// one to keep a paired page working across restarts). 16 or more characters.
    #[arg(long, env = "CORSCOPE_LAB_KEY", hide_env_values = true)]
    key: Option<String>,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A scenario file (one scenario or an array), `-` for standard input,
    /// or a corscope permalink (a URL with `#s1=…`).
    file: String,
    /// Print JSON instead of the step list.
    #[arg(long)]
    json: bool,
    /// Which browser's behaviour to predict: chromium, firefox, webkit (Safari) or spec.
    #[arg(long, default_value = "chromium")]
    browser: Browser,
    /// Print the Markdown bug report (with curl commands and the permalink).
    #[arg(long)]
    report: bool,
    /// Print the fix as configuration for nine servers, each re-checked.
    #[arg(long)]
    servers: bool,
    /// The corscope page that permalinks point at.
    #[arg(long, default_value = crate::explain::DEFAULT_APP_URL)]
    app_url: String,
}

#[derive(clap::Args)]
pub struct ProbeArgs {
    /// The URL (not needed with --from-curl).
    url: Option<String>,
    /// The page origin the browser would send, e.g. https://shop.example (or
    /// null); with --from-curl, the copy's Origin or Referer unless given.
    #[arg(long)]
    origin: Option<String>,
    /// A request copied from DevTools ("Copy as cURL", or "Copy as fetch"):
    /// a file, or - for standard input. Replaces URL, --method, -H and --data.
    #[arg(long)]
    from_curl: Option<String>,
    #[arg(long, default_value = "GET")]
    method: String,
    /// A request header, 'Name: value' (repeatable).
    #[arg(long = "header", short = 'H')]
    headers: Vec<String>,
    /// A request body.
    #[arg(long)]
    data: Option<String>,
    /// omit, same-origin or include.
    #[arg(long, default_value = "same-origin")]
    credentials: CredentialsMode,
    /// cors, no-cors or same-origin.
    #[arg(long, default_value = "cors")]
    mode: RequestMode,
    #[arg(long, default_value = "chromium")]
    browser: Browser,
    /// Print JSON (scenario, decision, exchanges, permalink).
    #[arg(long)]
    json: bool,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Accept any TLS certificate (e.g. the lab's self-signed one).
    #[arg(long)]
    insecure: bool,
    /// The corscope page that permalinks point at.
    #[arg(long, default_value = crate::explain::DEFAULT_APP_URL)]
    app_url: String,
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// URLs to audit; `-` reads them from standard input (one a line).
    urls: Vec<String>,
    /// A file of URLs, one a line (# starts a comment).
    #[arg(long)]
    file: Option<PathBuf>,
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    #[arg(long)]
    json: bool,
    /// Exit 1 when a finding is at least this severe (info, low, medium, high, critical).
    #[arg(long, value_parser = parse_severity)]
    fail_on: Option<Severity>,
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    #[arg(long)]
    insecure: bool,
    #[arg(long, default_value = "chromium")]
    browser: Browser,
    /// One JSON object a line, printed as each URL finishes (long runs).
    #[arg(long, conflicts_with = "json")]
    jsonl: bool,
    /// Audit only shard K of N (`2/4`): every Nth URL from the Kth, so N
    /// runners split one list with no coordination.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("'{text}' is not a shard: K/N with 1 ≤ K ≤ N, e.g. 2/4");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

#[derive(clap::Args)]
pub struct DiagnoseArgs {
    /// The message; `-` (or nothing) reads standard input.
    message: Option<String>,
    /// The page origin to assume when the message does not name it (Firefox).
    #[arg(long, default_value = "https://app.example")]
    page: String,
    /// The corscope page that permalinks point at.
    #[arg(long, default_value = crate::explain::DEFAULT_APP_URL)]
    app_url: String,
    /// Print the Markdown bug report.
    #[arg(long)]
    report: bool,
}

fn read_urls(list: &str) -> Vec<String> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn read_stdin() -> Result<String, Ran> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Ran::error(Exit::Usage, format!("cannot read standard input: {e}")))?;
    Ok(s)
}

fn runtime() -> Result<tokio::runtime::Runtime, Ran> {
    tokio::runtime::Runtime::new().map_err(|e| Ran::error(Exit::Failure, format!("cannot start a tokio runtime: {e}")))
}

/// Runs one command.
pub fn run(cli: Cli) -> Ran {
    let ran = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Explain(args) => explain(args),
        Command::Probe(args) => probe(args),
        Command::Audit(args) => audit(args),
        Command::Diagnose(args) => diagnose(args),
        Command::RunUrl(args) => run_url(args),
    };
    ran.unwrap_or_else(|e| e)
}

/// Whether this binary holds the built app.
fn embedded_app_available() -> bool {
    #[cfg(feature = "embed-app")]
    return crate::embedded::has_app();
    #[cfg(not(feature = "embed-app"))]
    false
}

/// The README's example of a hosted corscope (GitHub Pages).
const EXAMPLE_HOSTED_PAGE: &str = "https://USER.github.io/corscope/";

fn serve(args: ServeArgs) -> Result<Ran, Ran> {
    let ServeArgs {
        port,
        lab_port,
        frame_port,
        dist,
        base_path,
        https_port,
        cookie_port,
        cookie_http_port,
        bind,
        hosted_page,
        key,
    } = args;
    if let Some(k) = key
        .as_deref()
        .filter(|k| k.len() < 16 || !k.bytes().all(|b| b.is_ascii_graphic()))
    {
        let message = format!(
            "--key must be 16 or more printable characters, without spaces (got {} characters)",
            k.len()
        );
        return Err(Ran::error(Exit::Usage, message));
    }
    if let Some(page) = hosted_page.as_deref() {
        if !url::Url::parse(page).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
            return Err(Ran::error(
                Exit::Usage,
                format!("--hosted-page '{page}' is not an http(s) URL"),
            ));
        }
    }
    if let Some(addr) = bind.filter(|a| !a.is_loopback()) {
        eprintln!(
            "warning: --bind {addr}: the lab listens beyond loopback; anyone who can reach this machine can use its endpoints and read its journal"
        );
    }
    let embedded_app = dist.is_none() && embedded_app_available();
    let dist = dist.unwrap_or_else(|| PathBuf::from("dist"));
    if !embedded_app && !dist.join("index.html").exists() {
        eprintln!(
            "warning: {} has no index.html: build the app first (trunk build --release)",
            dist.display()
        );
    }
    let runtime = runtime()?;
    runtime.block_on(async move {
        let config = LabConfig {
            page_port: port,
            lab_port,
            frame_port,
            dist,
            base_path: base_path.clone(),
            https_port: Some(https_port),
            cookie_port: Some(cookie_port),
            cookie_http_port: Some(cookie_http_port),
            bind,
            key,
            embedded_app,
            ..LabConfig::default()
        };
        let lab = match start(config).await {
            Ok(lab) => lab,
            Err(e) => {
                let on = bind.map_or("loopback".to_string(), |a| a.to_string());
                let message = format!("cannot listen on {on} ports {port}/{lab_port}/{frame_port}/{https_port}/{cookie_port}/{cookie_http_port}: {e}");
                return Err(Ran::error(Exit::Failure, message));
            }
        };
        let base = format!("/{}/", base_path.trim_matches('/')).replace("//", "/");
        println!("corscope is ready: open {}{base}", lab.page_origin());
        println!(
            "scenario origins: {} http://api.localhost:{} http://127.0.0.1:{} {}; same-origin page: {}",
            lab.lab_origin(),
            lab.lab_port,
            lab.lab_port,
            lab.https_origin().unwrap_or_default(),
            lab.frame_origin()
        );
        if let (Some(port), Some(http)) = (lab.cookie_port, lab.cookie_http_port) {
            println!(
                "cookie hosts: https://{{{hosts}}}:{port} and http://{{{hosts}}}:{http}",
                hosts = corscope_engine::lab::COOKIE_HOSTS.join(",")
            );
        }
        // A hosted page reads the lab on its app origin, the only trusted one.
        let pairing = corscope_engine::lab::Pairing {
            lab: lab.page_origin(),
            key: Some(lab.key.clone()),
        };
        match hosted_page.as_deref() {
            Some(page) => println!("hosted corscope, paired with this lab: open {}", pairing.link(page)),
            None => println!(
                "hosted corscope: pass --hosted-page URL (e.g. {EXAMPLE_HOSTED_PAGE}) for the link that pairs it with this lab"
            ),
        }
        let _ = tokio::signal::ctrl_c().await;
        drop(lab);
        Ok(Ran::ok(String::new()))
    })
}

fn explain(args: ExplainArgs) -> Result<Ran, Ran> {
    let ExplainArgs {
        file,
        json,
        browser,
        report,
        servers,
        app_url,
    } = args;
    let opts = ExplainOptions {
        json,
        browser,
        report,
        servers,
        app_url,
    };
    if file != "-" && !std::path::Path::new(&file).exists() && is_permalink(&file) {
        return Ok(Ran::printed(run_explain_link(&file, &opts)));
    }
    let text = if file == "-" {
        read_stdin()?
    } else {
        match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => return Err(Ran::error(Exit::Usage, format!("cannot read {file}: {e}"))),
        }
    };
    Ok(Ran::printed(run_explain(&text, &opts)))
}

fn probe(args: ProbeArgs) -> Result<Ran, Ran> {
    let ProbeArgs {
        url,
        origin,
        method,
        headers,
        data,
        credentials,
        mode,
        browser,
        json,
        timeout,
        insecure,
        app_url,
        from_curl,
    } = args;
    let mut notes = String::new();
    let (url, origin, method, headers, data, credentials) = match from_curl {
        Some(source) => {
            let text = if source == "-" {
                read_stdin()?
            } else {
                std::fs::read_to_string(&source)
                    .map_err(|e| Ran::error(Exit::Usage, format!("cannot read {source}: {e}")))?
            };
            let fallback = origin.clone().unwrap_or_else(|| "https://app.example".into());
            let copy = corscope_engine::diagnose::copied_request::parse_copied_request(&text, &fallback)
                .map_err(|e| Ran::error(Exit::Usage, e.to_string()))?;
            for a in &copy.assumptions {
                notes.push_str(&format!("assumed: {a}\n"));
            }
            let r = copy.scenario.request;
            let headers = r.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
            (
                Some(r.url),
                Some(origin.unwrap_or(copy.scenario.page)),
                r.method,
                headers,
                r.body,
                r.credentials,
            )
        }
        None => (url, origin, method, headers, data, credentials),
    };
    let (Some(url), Some(origin)) = (url, origin) else {
        return Err(Ran::error(
            Exit::Usage,
            "probe needs a URL and --origin (or --from-curl FILE|-)".into(),
        ));
    };
    let mut parsed = vec![];
    for h in &headers {
        match corscope_engine::header_list::parse_header_line(h) {
            Some(line) => parsed.push(line),
            None => {
                return Err(Ran::error(
                    Exit::Usage,
                    format!("--header '{h}' must look like 'Name: value'"),
                ))
            }
        }
    }
    let request = ProbeRequest {
        origin,
        request: corscope_engine::RequestSpec {
            url,
            method,
            headers: parsed,
            body: data,
            mode,
            credentials,
            redirect: corscope_engine::RedirectMode::Follow,
        },
        browser,
    };
    let timeout = std::time::Duration::from_secs_f64(timeout.max(0.05));
    let runtime = runtime()?;
    let result = runtime.block_on(async {
        let client = crate::probe::client(timeout, insecure)?;
        crate::probe::probe(&client, &request, timeout).await
    });
    match result {
        Ok(report) => {
            let mut ran = Ran::ok(crate::explain::render_probe(&report, json, &app_url));
            ran.stderr = notes;
            Ok(ran)
        }
        Err(e @ ProbeError::InvalidInput(_)) => Err(Ran::error(Exit::Usage, e.to_string())),
        Err(e) => Err(Ran::error(Exit::Network, e.to_string())),
    }
}

fn audit(args: AuditArgs) -> Result<Ran, Ran> {
    let AuditArgs {
        urls,
        file,
        concurrency,
        json,
        fail_on,
        timeout,
        insecure,
        browser,
        jsonl,
        shard,
    } = args;
    let mut all: Vec<String> = vec![];
    for u in urls {
        if u == "-" {
            all.extend(read_urls(&read_stdin()?));
        } else {
            all.push(u);
        }
    }
    if let Some(f) = file {
        match std::fs::read_to_string(&f) {
            Ok(t) => all.extend(read_urls(&t)),
            Err(e) => return Err(Ran::error(Exit::Usage, format!("cannot read {}: {e}", f.display()))),
        }
    }
    if all.is_empty() {
        return Err(Ran::error(
            Exit::Usage,
            "no URLs to audit (give them as arguments, with --file, or - for standard input)".into(),
        ));
    }
    if let Some((k, n)) = shard {
        all = all.into_iter().skip(k - 1).step_by(n).collect();
    }
    let timeout = std::time::Duration::from_secs_f64(timeout.max(0.05));
    let runtime = runtime()?;
    let mut on_each = |a: &crate::audit::UrlAudit| {
        if jsonl {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", serde_json::to_string(a).unwrap_or_default());
            let _ = out.flush();
        }
    };
    let audited = crate::audit::audit_all(all, concurrency, timeout, insecure, browser, &mut on_each);
    let audits = match runtime.block_on(audited) {
        Ok(audits) => audits,
        Err(e) => return Err(Ran::error(Exit::Network, e.to_string())),
    };
    let out = if jsonl {
        String::new()
    } else if json {
        serde_json::to_string_pretty(&audits).unwrap_or_default() + "\n"
    } else {
        crate::audit::render(&audits)
    };
    Ok(Ran {
        stdout: out,
        stderr: String::new(),
        exit: Exit::of_code(crate::audit::exit_code(&audits, fail_on)),
    })
}

fn diagnose(args: DiagnoseArgs) -> Result<Ran, Ran> {
    let DiagnoseArgs {
        message,
        page,
        app_url,
        report,
    } = args;
    let text = match message.as_deref() {
        None | Some("-") => read_stdin()?,
        Some(m) => m.to_string(),
    };
    let opts = ExplainOptions {
        report,
        app_url,
        ..ExplainOptions::default()
    };
    Ok(Ran::of(run_diagnose(&text, &page, &opts)))
}

fn run_url(args: RunUrlArgs) -> Result<Ran, Ran> {
    let RunUrlArgs { file, lab, run } = args;
    let lab = corscope_engine::lab::lab_origin(&lab).map_err(|e| Ran::error(Exit::Usage, e))?;
    let text = if file == "-" {
        read_stdin()?
    } else {
        std::fs::read_to_string(&file).map_err(|e| Ran::error(Exit::Usage, format!("cannot read {file}: {e}")))?
    };
    let scenarios = corscope_engine::parse_scenarios(&text).map_err(|e| Ran::error(Exit::Usage, e.to_string()))?;
    let base = format!("{lab}{}", corscope_engine::lab::SCENARIO_PATH);
    let many = scenarios.len() > 1;
    let lines: String = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let id = if many { format!("{run}-{i}") } else { run.clone() };
            corscope_engine::lab::run_url(&base, &s.server, &id) + "\n"
        })
        .collect();
    Ok(Ran::ok(lines))
}

/// A severity in any case (`--fail-on HIGH`).
pub(crate) fn parse_severity(text: &str) -> Result<Severity, String> {
    text.to_ascii_lowercase().parse()
}
