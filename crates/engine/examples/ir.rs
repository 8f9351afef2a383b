// scratch: decisions for instruction counting (not committed)
use corscope_engine::{parse_scenarios, verdict, Browser};
fn main() {
    let text = std::fs::read_to_string("/work/shared/scenarios/seed-examples.json").unwrap();
    let s = parse_scenarios(&text).unwrap();
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(1000);
    let mut k = 0usize;
    for _ in 0..n {
        for x in &s {
            k += std::hint::black_box(verdict(std::hint::black_box(x), Browser::Chromium))
                .sent
                .len();
        }
    }
    println!("{k}");
}
