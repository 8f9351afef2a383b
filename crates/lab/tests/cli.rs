//! The `corscope-lab` binary itself: explain a permalink and print the bug
//! report, diagnose a console message, probe and audit a lab on loopback, with
//! the exit codes scripts rely on.

use corscope_lab::{start, LabConfig};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corscope-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run corscope-lab");
    if let Some(text) = stdin {
        // A command that refuses its arguments exits without reading: a broken pipe then is no failure.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("output")
}

/// A lab on free loopback ports, without the https origin.
async fn http_lab() -> corscope_lab::LabHandle {
    start(LabConfig {
        https_port: None,
        ..LabConfig::ephemeral(std::env::temp_dir())
    })
    .await
    .expect("the lab starts")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_file_with_an_unusable_scenario_still_explains_the_others() {
    let file = r#"[
  {"name": "good one", "page": "https://app.example", "request": {"url": "https://api.example/x"}},
  {"name": "bad one", "page": "https://app.example", "request": {"url": "https://api.example/x"},
   "server": {"response": {"status": 700}}}
]"#;
    let out = cli(&["explain", "-"], Some(file));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("error: scenario 1 (from line 3): [1].server.response.status"),
        "{t}"
    );
    assert!(
        t.contains("good one") && t.contains("verdict:"),
        "the good one is explained: {t}"
    );
}

#[test]
fn explain_takes_a_permalink_and_prints_the_report() {
    let s = corscope_engine::parse_scenario(
        r#"{"page":"https://app.example","request":{"url":"https://api.example/x","method":"DELETE"},
           "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
    )
    .unwrap();
    let link = corscope_engine::share::permalink::link("https://corscope.example/", &s);
    let out = cli(
        &["explain", &link, "--report", "--app-url", "https://corscope.example/"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("is blocked at preflight") && t.contains("curl -i -X OPTIONS"),
        "{t}"
    );
    assert!(t.contains(&format!("({link})")), "{t}");
    let out = cli(&["explain", &link[..link.len() - 12]], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("cut short") || text(&out).contains("not valid"),
        "{}",
        text(&out)
    );
}

/// `--browser webkit` (or `safari`) predicts for Safari's engine and prints its console lines.
#[test]
fn explain_predicts_for_safari() {
    let scenario = r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/v1/cart","method":"PUT"},
        "server":{"preflight":{"status":404},"response":{"status":200}}}"#;
    for name in ["webkit", "safari"] {
        let out = cli(&["explain", "-", "--browser", name], Some(scenario));
        let t = text(&out);
        assert!(out.status.success() || out.status.code() == Some(1), "{t}");
        assert!(t.contains("webkit"), "{t}");
        // WebKit checks the preflight's status first (quirks.rs): its reason line says so.
        assert!(
            t.contains("Preflight response is not successful. Status code: 404"),
            "{t}"
        );
        assert!(
            t.contains("Fetch API cannot load https://api.shop.example/v1/cart due to access control checks."),
            "{t}"
        );
    }
    let out = cli(&["explain", "-", "--browser", "netscape"], Some(scenario));
    assert!(!out.status.success());
    assert!(
        text(&out).contains("chromium, firefox, webkit or spec"),
        "{}",
        text(&out)
    );
}

#[test]
fn diagnose_reads_a_message_from_stdin() {
    let msg = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
    let out = cli(&["diagnose", "--page", "https://shop.example"], Some(msg));
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("recognised: Firefox console") && t.contains("verdict: blocked at response"),
        "{t}"
    );
    assert!(
        t.contains("fix (on the server): Access-Control-Allow-Origin: https://shop.example"),
        "{t}"
    );
    let out = cli(&["diagnose", "TypeError: Failed to fetch"], None);
    assert_eq!(out.status.code(), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_and_audit_a_lab_on_loopback() {
    let lab = http_lab().await;
    let port = lab.lab_port;
    let out = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "probe",
                &format!("http://127.0.0.1:{port}/policy/exact"),
                "--origin",
                "https://app.example",
                "--method",
                "PUT",
                "-H",
                "Content-Type: application/json",
                "--credentials",
                "include",
                "--json",
            ],
            None,
        )
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"]["outcome"], "allowed", "{v:#}");
    assert_eq!(v["decision"]["preflight"], true);
    assert_eq!(v["exchanges"][0]["method"], "OPTIONS");
    assert_eq!(v["exchanges"][1]["method"], "PUT");
    assert!(v["permalink"].as_str().unwrap().contains("#s1="));
    // The same probe from another origin: blocked, still exit 0 (a verdict, not an error).
    let out = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "probe",
                &format!("http://127.0.0.1:{port}/policy/exact"),
                "--origin",
                "https://evil.example",
            ],
            None,
        )
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("verdict: blocked at response"), "{}", text(&out));

    let urls = format!(
        "http://127.0.0.1:{port}/policy/reflect-credentials\n# a comment\nhttp://127.0.0.1:{port}/policy/wildcard\n"
    );
    let out = tokio::task::spawn_blocking(move || cli(&["audit", "-", "--fail-on", "high"], Some(&urls)))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[critical] arbitrary"), "{}", text(&out));
    let out = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "audit",
                &format!("http://127.0.0.1:{port}/policy/wildcard"),
                "--fail-on",
                "medium",
                "--json",
            ],
            None,
        )
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["findings"][0]["kind"], "wildcard", "`*` is reported, low");
    assert_eq!(v[0]["findings"][0]["severity"], "low");
    // --shard K/N keeps every Nth URL from the Kth; --jsonl prints one audit a line as each finishes.
    let urls: String = ["reflect", "wildcard", "exact", "prefix", "suffix", "null-credentials"]
        .iter()
        .map(|p| format!("http://127.0.0.1:{port}/policy/{p}\n"))
        .collect();
    let out = tokio::task::spawn_blocking(move || cli(&["audit", "-", "--shard", "2/3", "--jsonl"], Some(&urls)))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let mut audited: Vec<&str> = lines.iter().map(|v| v["url"].as_str().unwrap()).collect();
    audited.sort();
    assert_eq!(audited.len(), 2, "{lines:?}");
    assert!(
        audited[0].ends_with("/policy/suffix") && audited[1].ends_with("/policy/wildcard"),
        "{audited:?}"
    );
    for bad in ["0/3", "4/3", "x", "1/0"] {
        let out = cli(&["audit", "http://127.0.0.1:9/", "--shard", bad], None);
        assert_eq!(out.status.code(), Some(2), "--shard {bad}: {}", text(&out));
    }
    // Nothing listens there: an error, exit 4, no finding.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = closed.local_addr().unwrap().port();
    drop(closed);
    let out = tokio::task::spawn_blocking(move || cli(&["audit", &format!("http://127.0.0.1:{dead}/")], None))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(text(&out).contains("cannot connect"), "{}", text(&out));
}

/// Starts `corscope-lab serve` on free ports, waits until it says it is ready,
/// checks the page answers, stops it, and returns what it printed on stderr.
fn serve_and_stop(extra: &[&str]) -> String {
    use std::io::{BufRead, BufReader, Read};
    let dist = std::env::temp_dir().join(format!("corscope-cli-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_corscope-lab"))
        .args(["serve", "--port", "0", "--lab-port", "0", "--https-port", "0", "--dist"])
        .arg(&dist)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run corscope-lab serve");
    let mut ready = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    let port: u16 = ready
        .trim_end()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let answers = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(
        ready.starts_with("corscope is ready: open http://localhost:"),
        "{ready}{stderr}"
    );
    assert!(answers, "the page port {port} does not answer on 127.0.0.1");
    stderr
}

#[test]
fn serve_warns_when_bound_beyond_loopback_and_only_then() {
    let wide = serve_and_stop(&["--bind", "0.0.0.0"]);
    assert!(
        wide.contains("warning: --bind 0.0.0.0: the lab listens beyond loopback"),
        "{wide}"
    );
    let narrow = serve_and_stop(&["--bind", "127.0.0.1"]);
    assert!(!narrow.contains("beyond loopback"), "{narrow}");
    let default = serve_and_stop(&[]);
    assert!(!default.contains("warning"), "{default}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_sends_what_a_copied_curl_says() {
    let lab = http_lab().await;
    let port = lab.lab_port;
    let copy = format!("curl 'http://127.0.0.1:{port}/policy/exact' -H 'accept: */*' -H 'origin: https://app.example'");
    let out = tokio::task::spawn_blocking(move || cli(&["probe", "--from-curl", "-"], Some(&copy)))
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("verdict: allowed"), "{}", text(&out));
    let entries = lab.journal.runs_with_prefix("");
    assert!(
        entries
            .iter()
            .any(|e| e.header("origin") == Some("https://app.example") && e.url == "/policy/exact"),
        "the lab saw the copy's Origin: {entries:?}"
    );
    let out = cli(
        &["probe", "--from-curl", "-"],
        Some("curl 'http://127.0.0.1:9/' --frobnicate"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--frobnicate"));
    let out = cli(&["probe"], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn explain_reads_a_har_export_with_the_real_answers() {
    let har =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blocked-preflight.har")).unwrap();
    assert!(har.starts_with('\u{feff}'), "the file keeps its BOM");
    let out = cli(&["explain", "-"], Some(&har));
    let t = text(&out);
    assert!(
        t.contains("== HAR: PUT https://api.example/orders") && t.contains("verdict: blocked at preflight"),
        "{t}"
    );
    assert!(
        t.contains("Method PUT is not allowed"),
        "the real preflight answer is explained: {t}"
    );
    assert!(
        t.contains("== HAR: GET https://api.example/items") && t.contains("verdict: allowed"),
        "{t}"
    );
    assert!(
        t.contains("assumed (HAR: PUT https://api.example/orders): the request itself was never sent"),
        "{t}"
    );
    let out = cli(&["explain", "-"], Some("{\"log\": {\"entries\": []}}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("no cross-origin exchange"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_url_points_the_lab_at_each_scenario_of_a_file() {
    let lab = http_lab().await;
    let origin = format!("http://127.0.0.1:{}", lab.lab_port);
    let file = r#"[
      {"page": "http://localhost:8080", "request": {"url": "http://api.example/a"},
       "server": {"response": {"status": 201, "headers": [["Access-Control-Allow-Origin", "*"], ["X-Case", "one & two"]]}}},
      {"page": "http://localhost:8080", "request": {"url": "http://api.example/b"},
       "server": {"response": {"status": 418}}}
    ]"#;
    let lab_arg = origin.clone();
    let out =
        tokio::task::spawn_blocking(move || cli(&["run-url", "-", "--lab", &lab_arg, "--run", "bench"], Some(file)))
            .await
            .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let urls: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
    let client = reqwest::Client::new();
    let first = client
        .get(&urls[0])
        .header("origin", "https://x.example")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status().as_u16(), 201);
    assert_eq!(first.headers()["x-case"], "one & two");
    assert_eq!(client.get(&urls[1]).send().await.unwrap().status().as_u16(), 418);
    let runs: Vec<String> = lab
        .journal
        .runs_with_prefix("bench-")
        .iter()
        .map(|e| e.run.clone())
        .collect();
    assert!(
        runs.contains(&"bench-0".to_string()) && runs.contains(&"bench-1".to_string()),
        "{runs:?}"
    );
    let out = cli(&["run-url", "-", "--lab", "not a lab"], Some(file));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = cli(&["run-url", "-"], Some("{\"page\": 3}"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// `--json` output is JSON only, whatever the input: what reading a HAR had to
/// assume is in each object, a file's unusable scenario is named on standard
/// error, and a copied request's assumptions go to standard error too.
#[test]
fn every_json_output_is_only_json() {
    let har =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blocked-preflight.har")).unwrap();
    let out = cli(&["explain", "-", "--json"], Some(&har));
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("explain --json on a HAR is JSON");
    let assumed = v[0]["assumptions"].as_array().expect("assumptions");
    assert!(
        assumed.iter().any(|a| a.as_str().unwrap().contains("never sent")),
        "{v:#}"
    );
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // In text mode the assumptions are on standard error, beside the text.
    let out = cli(&["explain", "-"], Some(&har));
    assert!(String::from_utf8_lossy(&out.stderr).contains("assumed (HAR: PUT"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("assumed ("));
    // A file with one unusable scenario: the others as JSON, the problem on standard error, exit 2.
    let file = r#"[{"page":"https://a.example","request":{"url":"https://b.example/x"}},{"page":"https://a.example","request":{"url":1}}]"#;
    let out = cli(&["explain", "-", "--json"], Some(file));
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON only");
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("request.url"));
    // A permalink.
    let s = corscope_engine::parse_scenario(r#"{"page":"https://a.example","request":{"url":"https://b.example/x"}}"#)
        .unwrap();
    let link = corscope_engine::share::permalink::link("https://corscope.example/", &s);
    let out = cli(&["explain", &link, "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON only");
    assert_eq!(v[0]["outcome"], "blocked");
    for browser in ["chromium", "firefox", "webkit", "spec"] {
        let out = cli(&["explain", "-", "--json", "--browser", browser], Some(&har));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap_or_else(|e| panic!("{browser}: {e}"));
    }
}
