//! Audit throughput against the lab on loopback: 390 endpoints (every policy
//! the lab serves, 30 times), as many concurrent audits as `--concurrency`
//! would run. Prints URLs/s and requests/s. `cargo bench -p corscope-lab --bench audit`

use corscope_engine::Browser;
use corscope_lab::audit::audit_with;
use corscope_lab::policies::POLICIES;
use corscope_lab::probe::client_with;
use corscope_lab::{start, LabConfig};
use std::time::{Duration, Instant};

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let lab = start(LabConfig {
            page_port: 0,
            lab_port: 0,
            frame_port: 0,
            dist: std::env::temp_dir(),
            base_path: "/".into(),
            journal_capacity: 10_000,
            https_port: None,
            ..LabConfig::ephemeral(std::env::temp_dir())
        })
        .await
        .expect("lab");
        let host = "api.target.localhost";
        let client = client_with(
            Duration::from_secs(10),
            false,
            &[(host.to_string(), std::net::SocketAddr::from(([127, 0, 0, 1], lab.lab_port)))],
        )
        .expect("an HTTP client");
        let urls: Vec<String> = (0..30)
            .flat_map(|i| POLICIES.iter().map(move |(p, _)| format!("http://{host}:{}/policy/{p}?n={i}", lab.lab_port)))
            .collect();
        for concurrency in [1, 8, 32] {
            let start = Instant::now();
            let audits = audit_with(&client, urls.clone(), concurrency, Duration::from_secs(10), Browser::Chromium).await;
            let seconds = start.elapsed().as_secs_f64();
            let requests: usize = audits.iter().map(|a| a.requests).sum();
            let errors = audits.iter().filter(|a| a.error.is_some()).count();
            let findings: usize = audits.iter().map(|a| a.findings.len()).sum();
            println!(
                "audit concurrency {concurrency:>2}: {} URLs in {seconds:.2} s = {:.0} URLs/s, {:.0} requests/s ({findings} findings, {errors} errors)",
                urls.len(),
                urls.len() as f64 / seconds,
                requests as f64 / seconds
            );
        }
    });
}
