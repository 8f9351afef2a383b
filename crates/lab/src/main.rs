//! `corscope-lab`: the lab server and the command line.

use clap::{Parser, Subcommand};
use corscope_engine::{Browser, CredentialsMode, RequestMode};
use corscope_lab::audit::Severity;
use corscope_lab::explain::{is_permalink, run_diagnose, run_explain, run_explain_link, ExplainOptions};
use corscope_lab::probe::ProbeRequest;
use corscope_lab::{start, LabConfig};
use std::io::Read;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "corscope-lab", version, about = "corscope's lab server and CLI")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app on the page origin and lab targets on other loopback origins.
    Serve {
        /// Port of the page origin (http://localhost:PORT).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Port of the lab origins (localhost, api.localhost and 127.0.0.1).
        #[arg(long, default_value_t = 8081)]
        lab_port: u16,
        /// The built app (Trunk's dist folder).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The path the app is served under.
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Port of the https lab origin (self-signed certificate made at start).
        #[arg(long, default_value_t = 8443)]
        https_port: u16,
        /// Listen on this address instead of loopback (e.g. 0.0.0.0). The lab
        /// then answers anyone who can reach this machine.
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
    },
    /// Explain scenarios: what the browser does, step by step, and the fix.
    Explain {
        /// A scenario file (one scenario or an array), `-` for standard input,
        /// or a corscope permalink (a URL with `#s1=…`).
        file: String,
        /// Print JSON instead of the step list.
        #[arg(long)]
        json: bool,
        /// Which browser's behaviour to predict.
        #[arg(long, default_value = "chromium")]
        browser: Browser,
        /// Print the Markdown bug report (with curl commands and the permalink).
        #[arg(long)]
        report: bool,
        /// Print the fix as configuration for nine servers, each re-checked.
        #[arg(long)]
        servers: bool,
        /// The corscope page that permalinks point at.
        #[arg(long, default_value = corscope_lab::explain::DEFAULT_APP_URL)]
        app_url: String,
    },
    /// Read a pasted console error (Chromium, Firefox or Safari): what it means,
    /// a scenario that reproduces it, its explanation and permalink.
    Diagnose {
        /// The message; `-` (or nothing) reads standard input.
        message: Option<String>,
        /// The page origin to assume when the message does not name it (Firefox).
        #[arg(long, default_value = "https://app.example")]
        page: String,
        /// The corscope page that permalinks point at.
        #[arg(long, default_value = corscope_lab::explain::DEFAULT_APP_URL)]
        app_url: String,
        /// Print the Markdown bug report.
        #[arg(long)]
        report: bool,
    },
    /// Send what a browser at ORIGIN would send (preflight included, redirects
    /// followed the browser's way), record the answers as a scenario, explain it.
    Probe {
        url: String,
        /// The page origin the browser would send, e.g. https://shop.example (or null).
        #[arg(long)]
        origin: String,
        #[arg(long, default_value = "GET")]
        method: String,
        /// A request header, 'Name: value' (repeatable).
        #[arg(long = "header", short = 'H')]
        headers: Vec<String>,
        /// A request body.
        #[arg(long)]
        data: Option<String>,
        /// omit, same-origin or include.
        #[arg(long, default_value = "same-origin", value_parser = parse_credentials)]
        credentials: CredentialsMode,
        /// cors, no-cors or same-origin.
        #[arg(long, default_value = "cors", value_parser = parse_mode)]
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
        #[arg(long, default_value = corscope_lab::explain::DEFAULT_APP_URL)]
        app_url: String,
    },
    /// Probe URLs with hostile and tricky origins and report risky CORS policies.
    Audit {
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
        #[arg(long)]
        fail_on: Option<Severity>,
        #[arg(long, default_value_t = 10.0)]
        timeout: f64,
        #[arg(long)]
        insecure: bool,
        #[arg(long, default_value = "chromium")]
        browser: Browser,
    },
}

fn parse_credentials(s: &str) -> Result<CredentialsMode, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("'{s}' is not a credentials mode (omit, same-origin, include)"))
}

fn parse_mode(s: &str) -> Result<RequestMode, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("'{s}' is not a request mode (cors, no-cors, same-origin)"))
}

fn read_urls(list: &str) -> Vec<String> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn read_stdin() -> String {
    let mut s = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut s) {
        eprintln!("error: cannot read standard input: {e}");
        std::process::exit(2);
    }
    s
}

fn finish((out, code): (String, i32)) -> ! {
    if code == 0 {
        print!("{out}");
    } else {
        eprint!("{out}");
    }
    std::process::exit(code);
}

fn main() {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            port,
            lab_port,
            dist,
            base_path,
            https_port,
            bind,
        } => {
            if let Some(addr) = bind.filter(|a| !a.is_loopback()) {
                eprintln!(
                    "warning: --bind {addr}: the lab listens beyond loopback; anyone who can reach this machine can use its endpoints and read its journal"
                );
            }
            if !dist.join("index.html").exists() {
                eprintln!(
                    "warning: {} has no index.html: build the app first (trunk build --release)",
                    dist.display()
                );
            }
            let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
            runtime.block_on(async move {
                let config = LabConfig {
                    page_port: port,
                    lab_port,
                    dist,
                    base_path: base_path.clone(),
                    https_port: Some(https_port),
                    bind,
                    ..LabConfig::default()
                };
                let lab = match start(config).await {
                    Ok(lab) => lab,
                    Err(e) => {
                        let on = bind.map_or("loopback".to_string(), |a| a.to_string());
                        eprintln!("error: cannot listen on {on} ports {port}/{lab_port}/{https_port}: {e}");
                        std::process::exit(1);
                    }
                };
                let base = format!("/{}/", base_path.trim_matches('/')).replace("//", "/");
                println!("corscope is ready: open {}{base}", lab.page_origin());
                println!(
                    "lab origins: {} http://api.localhost:{} http://127.0.0.1:{} {}",
                    lab.lab_origin(),
                    lab.lab_port,
                    lab.lab_port,
                    lab.https_origin().unwrap_or_default()
                );
                let _ = tokio::signal::ctrl_c().await;
                drop(lab);
            });
        }
        Command::Explain {
            file,
            json,
            browser,
            report,
            servers,
            app_url,
        } => {
            let opts = ExplainOptions {
                json,
                browser,
                report,
                servers,
                app_url,
            };
            if file != "-" && !std::path::Path::new(&file).exists() && is_permalink(&file) {
                finish(run_explain_link(&file, &opts));
            }
            let text = if file == "-" {
                read_stdin()
            } else {
                match std::fs::read_to_string(&file) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("error: cannot read {file}: {e}");
                        std::process::exit(2);
                    }
                }
            };
            finish(run_explain(&text, &opts));
        }
        Command::Probe {
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
        } => {
            let mut parsed = vec![];
            for h in &headers {
                match corscope_engine::header_list::parse_header_line(h) {
                    Some(line) => parsed.push(line),
                    None => {
                        eprintln!("error: --header '{h}' must look like 'Name: value'");
                        std::process::exit(2);
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
            let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
            let result = runtime.block_on(async {
                let client = corscope_lab::probe::client(timeout, insecure)?;
                corscope_lab::probe::probe(&client, &request, timeout).await
            });
            finish(match result {
                Ok(report) => (corscope_lab::explain::render_probe(&report, json, &app_url), 0),
                Err(e @ corscope_lab::probe::ProbeError::InvalidInput(_)) => (format!("error: {e}\n"), 2),
                Err(e) => (format!("error: {e}\n"), 4),
            });
        }
        Command::Audit {
            urls,
            file,
            concurrency,
            json,
            fail_on,
            timeout,
            insecure,
            browser,
        } => {
            let mut all: Vec<String> = vec![];
            for u in urls {
                if u == "-" {
                    all.extend(read_urls(&read_stdin()));
                } else {
                    all.push(u);
                }
            }
            if let Some(f) = file {
                match std::fs::read_to_string(&f) {
                    Ok(t) => all.extend(read_urls(&t)),
                    Err(e) => {
                        eprintln!("error: cannot read {}: {e}", f.display());
                        std::process::exit(2);
                    }
                }
            }
            if all.is_empty() {
                eprintln!("error: no URLs to audit (give them as arguments, with --file, or - for standard input)");
                std::process::exit(2);
            }
            let timeout = std::time::Duration::from_secs_f64(timeout.max(0.05));
            let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
            let audits = match runtime.block_on(corscope_lab::audit::audit_all(
                all,
                concurrency,
                timeout,
                insecure,
                browser,
            )) {
                Ok(audits) => audits,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(4);
                }
            };
            let out = if json {
                serde_json::to_string_pretty(&audits).unwrap_or_default() + "\n"
            } else {
                corscope_lab::audit::render(&audits)
            };
            print!("{out}");
            std::process::exit(corscope_lab::audit::exit_code(&audits, fail_on));
        }
        Command::Diagnose {
            message,
            page,
            app_url,
            report,
        } => {
            let text = match message.as_deref() {
                None | Some("-") => read_stdin(),
                Some(m) => m.to_string(),
            };
            let opts = ExplainOptions {
                report,
                app_url,
                ..ExplainOptions::default()
            };
            finish(run_diagnose(&text, &page, &opts));
        }
    }
}
