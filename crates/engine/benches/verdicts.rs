//! Verdicts per second: the seed scenarios decided with the full explanation
//! (trace, console text, fix), with the trace only, and verdict-only.
//! Run: cargo bench -p corscope-engine --bench verdicts

use corscope_engine::{decide, explain, parse_scenarios, verdict, Browser};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn seed() -> Vec<corscope_engine::Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/scenarios/seed-examples.json"
    );
    let text = std::fs::read_to_string(path).expect("shared/scenarios/seed-examples.json beside the repository");
    parse_scenarios(&text).expect("seed parses")
}

fn verdicts(c: &mut Criterion) {
    let scenarios = seed();
    let mut group = c.benchmark_group("seed");
    group.throughput(Throughput::Elements(scenarios.len() as u64));
    group.bench_function("explain (trace + console + fix)", |b| {
        b.iter(|| {
            for s in &scenarios {
                black_box(explain(black_box(s), Browser::Chromium));
            }
        })
    });
    group.bench_function("decide with trace", |b| {
        b.iter(|| {
            for s in &scenarios {
                black_box(decide(black_box(s), Browser::Chromium));
            }
        })
    });
    group.bench_function("decide without trace", |b| {
        b.iter(|| {
            for s in &scenarios {
                black_box(verdict(black_box(s), Browser::Chromium));
            }
        })
    });
    group.finish();
}

/// Reading a 30 MB HAR export (300 exchanges, each with a 100 KB response
/// body, which is passed over unread).
fn har(c: &mut Criterion) {
    let body = "x".repeat(100_000);
    let mut har = String::from(r#"{"log": {"version": "1.2", "entries": ["#);
    for i in 0..300 {
        if i > 0 {
            har.push(',');
        }
        har.push_str(&format!(
            r#"{{"request": {{"method": "GET", "url": "https://api.example/{i}", "headers": [{{"name": "Origin", "value": "https://shop.example"}}]}},
              "response": {{"status": 200, "headers": [{{"name": "Access-Control-Allow-Origin", "value": "https://shop.example"}}],
                "content": {{"size": 100000, "text": "{body}"}}}}, "timings": {{"wait": 1.5}}}}"#
        ));
    }
    har.push_str("]}}");
    let mut group = c.benchmark_group("har");
    group.throughput(Throughput::Bytes(har.len() as u64));
    group.sample_size(20);
    group.bench_function("parse a 30 MB HAR", |b| {
        b.iter(|| {
            let read = corscope_engine::diagnose::har::parse_har(&har).unwrap();
            assert_eq!(read.len(), 300);
            read
        })
    });
    group.finish();
}

criterion_group!(benches, verdicts, har);
criterion_main!(benches);
