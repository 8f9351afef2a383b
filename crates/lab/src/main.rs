//! `corscope-lab`: the lab server and the command line (`corscope_lab::cli`).

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let ran = corscope_lab::cli::run(corscope_lab::cli::Cli::parse());
    print!("{}", ran.stdout);
    eprint!("{}", ran.stderr);
    let _ = std::io::stdout().flush();
    ExitCode::from(ran.exit as u8)
}
