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

criterion_group!(benches, verdicts);
criterion_main!(benches);
