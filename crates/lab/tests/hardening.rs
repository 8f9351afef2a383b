//! The lab must not become a hole on the machine: it listens on loopback
//! only, fetches nothing (it is not a proxy), refuses unusable configurations
//! with a 400 that says why, keeps its journal bounded under a flood, and
//! survives malformed HTTP from a raw TCP client.

use corscope_engine::lab::percent_encode;
use corscope_lab::journal::MAX_JOURNAL_BYTES;
use corscope_lab::{start, LabConfig, LabHandle};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

async fn lab() -> LabHandle {
    start(LabConfig {
        https_port: None,
        journal_capacity: 1_000_000,
        ..LabConfig::ephemeral(std::env::temp_dir())
    })
    .await
    .expect("the lab starts")
}

/// Sends raw bytes and returns what came back (until close or timeout).
fn raw(port: u16, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let _ = s.write_all(bytes);
    let mut out = vec![];
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn get(port: u16, path: &str) -> String {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("VmRSS:")
                .map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lab_listens_on_loopback_only() {
    let lab = lab().await;
    // Every address of this machine that is not loopback refuses the lab port.
    let out = std::process::Command::new("hostname").arg("-I").output();
    let addrs: Vec<std::net::IpAddr> = out
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .filter_map(|a| a.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    for addr in addrs.iter().filter(|a| !a.is_loopback()) {
        let reached = std::net::TcpStream::connect_timeout(&(*addr, lab.lab_port).into(), Duration::from_millis(300));
        assert!(reached.is_err(), "the lab answered on {addr}");
    }
    assert!(get(lab.lab_port, "/closed").starts_with("HTTP/1.1 200"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_configurations_get_a_400_that_says_why() {
    let lab = lab().await;
    let port = lab.lab_port;
    let bad_name = r#"{"response":{"status":200,"headers":[["X A","1"]]}}"#;
    let out = get(port, &format!("/s/v1?run=h&cfg={}", percent_encode(bad_name)));
    assert!(
        out.starts_with("HTTP/1.1 400") && out.contains("not a valid header name"),
        "{out}"
    );
    let big = format!(r#"{{"response":{{"status":200,"body":"{}"}}}}"#, "x".repeat(20_000));
    let out = get(port, &format!("/s/v1?run=h&cfg={}", percent_encode(&big)));
    assert!(out.starts_with("HTTP/1.1 400"), "{out}");
    assert!(out.contains("at most 16384"), "{out}");
    let out = get(port, "/s/v1?run=h&cfg=%7Bnot%20json");
    assert!(
        out.starts_with("HTTP/1.1 400") && out.contains("not a valid server answer"),
        "{out}"
    );
    let out = get(port, "/s/v1?run=h&cfg=%7B%22response%22%3A%7B%22status%22%3A42%7D%7D");
    assert!(out.starts_with("HTTP/1.1 400"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_http_from_a_raw_client_does_not_hurt_it() {
    let lab = lab().await;
    let port = lab.lab_port;
    let garbage: Vec<Vec<u8>> = vec![
        b"GARBAGE\r\n\r\n".to_vec(),
        (0u8..=255).cycle().take(4096).collect(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"GET /s/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".to_vec(),
        b"GET /s/v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000)).into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(200_000)).into_bytes(),
        (0..300)
            .map(|i| format!("X-{i}: v\r\n"))
            .collect::<String>()
            .into_bytes(),
        b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(), // never finished
        b"\r\n\r\n\r\n".to_vec(),
        b"POST /s/v1?run=x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nshort".to_vec(),
    ];
    for g in &garbage {
        let _ = tokio::task::spawn_blocking({
            let g = g.clone();
            move || raw(port, &g)
        })
        .await;
    }
    // Many half-open connections at once, then a normal request.
    let held: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    let ok = tokio::task::spawn_blocking(move || get(port, "/closed")).await.unwrap();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    drop(held);
    let ok = tokio::task::spawn_blocking(move || get(port, "/open")).await.unwrap();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_keeps_the_journal_and_the_memory_bounded() {
    let lab = lab().await;
    let port = lab.lab_port;
    let flood = |n: usize| {
        tokio::task::spawn_blocking(move || {
            let big = "v".repeat(6000);
            for i in 0..n {
                let req = format!(
                    "GET /closed?run=flood-{i} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: {big}\r\nX-B: {big}\r\nX-C: {big}\r\nConnection: close\r\n\r\n"
                );
                let _ = raw(port, req.as_bytes());
            }
        })
    };
    // Fill the journal past its bound once, then measure while flooding more.
    flood(4_000).await.unwrap();
    let after_fill = rss_kib();
    assert!(lab.journal.bytes() <= MAX_JOURNAL_BYTES);
    for _ in 0..2 {
        flood(4_000).await.unwrap();
    }
    let after_flood = rss_kib();
    assert!(lab.journal.bytes() <= MAX_JOURNAL_BYTES, "{}", lab.journal.bytes());
    assert!(lab.journal.len() < 12_000, "old entries go: {}", lab.journal.len());
    // Memory stays flat: the second and third floods add (much) less than the journal's bound.
    let growth = after_flood.saturating_sub(after_fill);
    assert!(
        growth < 16 * 1024,
        "RSS grew {growth} KiB after the journal was full ({after_fill} → {after_flood})"
    );
    // The newest entries are there.
    assert_eq!(lab.journal.run("flood-3999").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lab_is_not_a_proxy_and_fetches_nothing() {
    let lab = lab().await;
    // A canary on loopback: any connection to it means the lab fetched something.
    let canary = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    canary.set_nonblocking(true).unwrap();
    let c = canary.local_addr().unwrap().port();
    let target = format!("http://127.0.0.1:{c}/secret");
    let (port, page) = (lab.lab_port, lab.page_port);
    // A redirect to the canary is handed to the browser, never followed.
    let chain = format!(
        r#"[{{"response":{{"status":302,"headers":[["Location","{target}"],["Access-Control-Allow-Origin","*"]]}}}},{{"response":{{"status":200}}}}]"#
    );
    let redirect = get(port, &format!("/s/v1?run=p&cfg={}", percent_encode(&chain)));
    assert!(redirect.starts_with("HTTP/1.1 302"), "{redirect}");
    assert!(
        redirect.to_ascii_lowercase().contains(&format!("location: {target}")),
        "{redirect}"
    );
    let proxy_style = [
        // Absolute-form request targets, as sent to a forward proxy.
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{c}\r\nConnection: close\r\n\r\n"),
        format!("POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{c}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        // A tunnel.
        format!("CONNECT 127.0.0.1:{c} HTTP/1.1\r\nHost: 127.0.0.1:{c}\r\nConnection: close\r\n\r\n"),
        // The canary as the Host, and as a query parameter.
        format!("GET /open HTTP/1.1\r\nHost: 127.0.0.1:{c}\r\nConnection: close\r\n\r\n"),
        format!(
            "GET /open?url={} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            percent_encode(&target)
        ),
    ];
    for request in &proxy_style {
        for p in [port, page] {
            let _ = raw(p, request.as_bytes());
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    match canary.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("the lab connected to another server: {other:?}"),
    }
    assert!(get(port, "/closed").starts_with("HTTP/1.1 200"));
}

/// A thousand connections that send half a request head (or nothing) are
/// closed once the header timeout passes, and the lab answers others meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_half_sent_requests_are_closed_and_the_lab_keeps_answering() {
    // Two descriptors per connection in this process (client and lab).
    // SAFETY: getrlimit/setrlimit on this process with a valid struct.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max.min(8192);
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
    let lab = start(LabConfig {
        https_port: None,
        header_timeout: Duration::from_secs(1),
        ..LabConfig::ephemeral(std::env::temp_dir())
    })
    .await
    .expect("the lab starts");
    let port = lab.lab_port;
    let result = tokio::task::spawn_blocking(move || {
        let mut held = vec![];
        for i in 0..1000 {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            if i % 2 == 0 {
                s.write_all(b"GET /open?run=half HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
                    .expect("write");
            }
            held.push(s);
        }
        let answered = get(port, "/open").starts_with("HTTP/1.1 200");
        std::thread::sleep(Duration::from_millis(2500));
        let closed = held
            .iter_mut()
            .filter(|s: &&mut TcpStream| {
                s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
                let mut buf = [0u8; 256];
                // Closed: end of stream, a reset, or the 408 hyper sends first and then the end.
                loop {
                    match (&**s).read(&mut buf) {
                        Ok(0) => return true,
                        Ok(_) => continue,
                        Err(e) => {
                            return e.kind() != std::io::ErrorKind::WouldBlock
                                && e.kind() != std::io::ErrorKind::TimedOut
                        }
                    }
                }
            })
            .count();
        (answered, closed)
    })
    .await
    .unwrap();
    assert!(result.0, "the lab answered while a thousand connections hung");
    assert_eq!(
        result.1, 1000,
        "half-sent connections still open after the header timeout"
    );
    assert!(get(port, "/open").starts_with("HTTP/1.1 200"));
}

/// What a real server can send goes on the wire byte for byte, and what a
/// browser can send is taken and journaled as sent (crate::wire).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_header_bytes_go_out_and_come_in_as_they_are() {
    let lab = lab().await;
    let port = lab.lab_port;
    let cfg = r#"{"response":{"status":200,"headers":[["X-A","a\u0000b"],["X-B","c\rd\ne: f"],["X-C","\u0001\u000b\u000c\u007f"],["X-D","plain"]]}}"#;
    let request = format!(
        "GET /s/v1?run=raw&cfg={} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sent: a\x01b\x0b\x7f\r\nConnection: close\r\n\r\n",
        percent_encode(cfg)
    );
    let out = tokio::task::spawn_blocking(move || raw(port, request.as_bytes()))
        .await
        .unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    for line in [
        "x-a: a\0b\r\n",
        "x-b: c\rd\ne: f\r\n",
        "x-c: \u{1}\u{b}\u{c}\u{7f}\r\n",
        "x-d: plain\r\n",
    ] {
        assert!(out.contains(line), "{line:?} not in {out:?}");
    }
    assert!(!out.contains("~raw"), "an escape leaked: {out:?}");
    let entry = &lab.journal.run("raw")[0];
    let sent = entry
        .headers
        .iter()
        .find(|(n, _)| n == "x-sent")
        .map(|(_, v)| v.as_str());
    assert_eq!(sent, Some("a\u{1}b\u{b}\u{7f}"));
    // A body after such a head is passed on untouched, and the next request on
    // the connection is read as usual.
    let two = "POST /s/v1?run=raw2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sent: \x01\r\nContent-Length: 3\r\n\r\n\x01\r\nGET /closed HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let out = tokio::task::spawn_blocking(move || raw(port, two.as_bytes()))
        .await
        .unwrap();
    assert_eq!(out.matches("HTTP/1.1 200").count(), 2, "{out}");
    assert!(out.contains("closed: no CORS headers"), "{out}");
}

/// The head as a browser reads it: up to the first empty line (CR LF or LF
/// ends a line), names lowercase, and what follows it.
fn browser_head(out: &str) -> (Vec<String>, String) {
    let mut lines = vec![];
    let mut rest = out;
    loop {
        let end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..end].trim_end_matches('\r').to_string();
        rest = rest.get(end + 1..).unwrap_or("");
        if line.is_empty() {
            return (lines, rest.to_string());
        }
        lines.push(line.to_ascii_lowercase());
    }
}

/// An answer whose value holds CR LF cannot take the head away from the lab:
/// its protective lines come first, and its connection is closed after it, so
/// a forged second answer in its bytes never answers the next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_line_break_cannot_push_out_the_labs_lines_or_split_the_connection() {
    let lab = lab().await;
    for port in [lab.lab_port, lab.frame_port] {
        // The injection issue 26 found: a page in place of the answer.
        let html = "v\r\nContent-Type: text/html\r\n\r\n<script>fetch('/journal?prefix=')</script>";
        // Response splitting: an empty body, then a forged answer for the next request.
        let split = "v\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 7\r\n\r\nforged!";
        for (case, value) in [
            ("html", html),
            ("split", split),
            ("bare LF", "v\nX-Forged: 1\n\nforged!"),
        ] {
            let cfg = serde_json::json!({"response": {"status": 200, "headers": [["X-A", value]], "body": "lab body"}});
            let first = format!(
                "GET /s/v1?run=split&cfg={} HTTP/1.1\r\nHost: localhost\r\n\r\n",
                percent_encode(&cfg.to_string())
            );
            // The next request, sent at once on the same connection (pipelined).
            let pipelined = format!("{first}GET /closed?run=next HTTP/1.1\r\nHost: localhost\r\n\r\n");
            let out = tokio::task::spawn_blocking(move || raw(port, pipelined.as_bytes()))
                .await
                .unwrap();
            let (head, rest) = browser_head(&out);
            assert!(head[0].starts_with("http/1.1 200"), "{case}: {out:?}");
            assert_eq!(
                &head[1..4],
                [
                    "content-security-policy: sandbox",
                    "x-content-type-options: nosniff",
                    "connection: close"
                ],
                "{case}: the lab's lines come before any the scenario wrote: {out:?}"
            );
            // The connection ended after the first answer: the pipelined request
            // was not answered on it, by a forgery or at all.
            assert!(!out.contains("closed: no CORS headers"), "{case}: {out:?}");
            assert_eq!(
                out.matches("HTTP/1.1 200").count(),
                1 + usize::from(rest.contains("HTTP/1.1 200")),
                "{case}"
            );
            assert!(
                lab.journal.run("next").is_empty(),
                "{case}: the next request was read on that connection"
            );
        }
        // On a new connection the lab answers as itself.
        let out = tokio::task::spawn_blocking(move || get(port, "/closed")).await.unwrap();
        assert!(out.contains("closed: no CORS headers"), "{out}");
        // Without raw bytes the connection is kept: two pipelined requests, two answers.
        let two = "GET /open HTTP/1.1\r\nHost: localhost\r\n\r\nGET /closed HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        let out = tokio::task::spawn_blocking(move || raw(port, two.as_bytes()))
            .await
            .unwrap();
        assert_eq!(out.matches("HTTP/1.1 200").count(), 2, "{out}");
    }
}

/// A raw line break can make no line that leaves state in the browser
/// (cookies for localhost reach every local app), and the plain lines are dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_scenario_answer_sets_a_cookie_or_other_lasting_state() {
    let lab = lab().await;
    let port = lab.lab_port;
    for value in [
        "v\r\nSet-Cookie: sid=planted",
        "v\nset-cookie: sid=planted",
        "v\rClear-Site-Data: \"*\"",
    ] {
        let cfg = serde_json::json!({"response": {"status": 200, "headers": [["X-A", value]]}});
        let path = format!("/s/v1?cfg={}", percent_encode(&cfg.to_string()));
        let out = tokio::task::spawn_blocking(move || get(port, &path)).await.unwrap();
        assert!(out.starts_with("HTTP/1.1 400"), "{value:?}: {out:?}");
        assert!(!out.to_ascii_lowercase().contains("set-cookie: sid"), "{out:?}");
    }
    let cfg = r#"{"response":{"status":200,"headers":[["Set-Cookie","sid=planted; Path=/"],["Strict-Transport-Security","max-age=99"],["X-Kept","1"]]}}"#;
    let path = format!("/s/v1?cfg={}", percent_encode(cfg));
    let out = tokio::task::spawn_blocking(move || get(port, &path)).await.unwrap();
    let (head, _) = browser_head(&out);
    assert!(head.iter().any(|l| l == "x-kept: 1"), "{head:?}");
    assert!(
        head.iter()
            .all(|l| !l.starts_with("set-cookie") && !l.starts_with("strict-transport")),
        "{head:?}"
    );
}
