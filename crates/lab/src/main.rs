//! `corscope-lab`: the lab server and the command line.

use clap::{Parser, Subcommand};
use corscope_engine::Browser;
use corscope_lab::explain::{is_permalink, run_diagnose, run_explain, run_explain_link, ExplainOptions};
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
        } => {
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
                    ..LabConfig::default()
                };
                let lab = match start(config).await {
                    Ok(lab) => lab,
                    Err(e) => {
                        eprintln!("error: cannot listen on loopback ports {port}/{lab_port}: {e}");
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
