//! Every locale Firefox ESR ships, read: its CORS console messages, filled
//! in by `scripts/firefox-locales.py` from Debian's language packs, must be
//! recognised with their URL (and the reason is counted). Run by
//! `./scripts/firefox-locales.sh`, which downloads the packs (ignored in the
//! suite: they are not in the repository).

use corscope_engine::diagnose::console_message::parse;
use std::collections::BTreeMap;

#[test]
#[ignore = "needs the language packs: ./scripts/firefox-locales.sh"]
fn every_firefox_locale_is_read() {
    let path = std::env::var("CORSCOPE_FIREFOX_MESSAGES").expect("CORSCOPE_FIREFOX_MESSAGES");
    let all: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut with_url, mut with_reason) = (0, 0);
    let mut misses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &all {
        let (paste, locale) = (e["paste"].as_str().unwrap(), e["locale"].as_str().unwrap());
        let mut miss = |why: String| misses.entry(locale.to_string()).or_default().push(why);
        match parse(paste) {
            Ok(m) => {
                match m.url.as_deref() == e["url"].as_str() {
                    true => with_url += 1,
                    false => miss(format!("url {:?}: {paste}", m.url)),
                }
                let got = serde_json::to_value(&m.reason).unwrap()["reason"]
                    .as_str()
                    .unwrap()
                    .to_string();
                match got == e["reason"].as_str().unwrap() {
                    true => with_reason += 1,
                    false => miss(format!("reason {got}, not {}: {paste}", e["reason"])),
                }
            }
            Err(err) => miss(format!("{err}: {paste}")),
        }
    }
    let locales = all
        .iter()
        .map(|e| e["locale"].as_str().unwrap())
        .collect::<std::collections::BTreeSet<_>>();
    for (locale, whys) in &misses {
        for why in whys {
            println!("miss [{locale}] {why}");
        }
    }
    let n = all.len();
    println!("{} locales, {n} messages: recognised with the URL {with_url} ({:.1} %), with the reason {with_reason} ({:.1} %)",
        locales.len(), 100.0 * with_url as f64 / n as f64, 100.0 * with_reason as f64 / n as f64);
    assert!(locales.len() >= 90, "{} locales", locales.len());
    assert!(with_url * 100 >= n * 95, "{with_url}/{n}");
    assert!(with_reason * 100 >= n * 95, "{with_reason}/{n}");
}
