//! `corscope-lab`: the lab server and the command line.

use clap::{Parser, Subcommand};
use corscope_engine::Browser;
use corscope_lab::{explain::run_explain, start, LabConfig};
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
        /// A scenario file (one scenario or an array); `-` reads standard input.
        file: PathBuf,
        /// Print JSON instead of the step list.
        #[arg(long)]
        json: bool,
        /// Which browser's behaviour to predict.
        #[arg(long, default_value = "chromium")]
        browser: Browser,
    },
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
        Command::Explain { file, json, browser } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).map(|_| s)
            } else {
                std::fs::read_to_string(&file)
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", file.display());
                    std::process::exit(2);
                }
            };
            let (out, code) = run_explain(&text, json, browser);
            if code == 0 {
                print!("{out}");
            } else {
                eprint!("{out}");
            }
            std::process::exit(code);
        }
    }
}
