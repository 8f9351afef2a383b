//! The journal: what the browser sent to the lab, per run id, in a bounded ring.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

pub use corscope_engine::lab::JournalEntry;

/// Every header line of a request or response, as (name, value) text, with
/// the bytes the wire escaped ([`crate::wire`]) given back. HTTP/2 may send
/// the `Cookie` line as several fields (one per cookie): they are joined
/// with "; " into one line where the first stood (RFC 9113 §8.2.3).
pub fn header_lines(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = Vec::with_capacity(headers.len());
    let mut cookie: Option<usize> = None;
    for (n, v) in headers {
        let value = String::from_utf8_lossy(&crate::wire::unescape(v.as_bytes())).into_owned();
        if n == axum::http::header::COOKIE {
            if let Some(i) = cookie {
                lines[i].1.push_str("; ");
                lines[i].1.push_str(&value);
                continue;
            }
            cookie = Some(lines.len());
        }
        lines.push((n.as_str().to_string(), value));
    }
    lines
}

/// Longest URL or header value kept in an entry (the rest is cut, marked).
pub const MAX_FIELD_BYTES: usize = 4096;
/// The journal's whole size bound: the oldest entries go first past it.
pub const MAX_JOURNAL_BYTES: usize = 32 * 1024 * 1024;

fn cut(text: &mut String) {
    if text.len() > MAX_FIELD_BYTES {
        let mut end = MAX_FIELD_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("…(cut)");
    }
}

/// Roughly how many bytes an entry holds.
fn entry_size(e: &JournalEntry) -> usize {
    96 + e.run.len()
        + e.method.len()
        + e.url.len()
        + e.host.len()
        + e.headers.iter().map(|(n, v)| 48 + n.len() + v.len()).sum::<usize>()
}

/// The entry with every field cut to [`MAX_FIELD_BYTES`] and at most 128 header lines.
fn bounded(mut e: JournalEntry) -> JournalEntry {
    cut(&mut e.run);
    cut(&mut e.method);
    cut(&mut e.url);
    cut(&mut e.host);
    e.headers.truncate(128);
    for (n, v) in e.headers.iter_mut() {
        cut(n);
        cut(v);
    }
    e
}

#[derive(Default)]
struct Ring {
    next_seq: u64,
    bytes: usize,
    entries: VecDeque<JournalEntry>,
}

/// A bounded, shared journal. The oldest entries go first when it is full.
#[derive(Clone)]
pub struct Journal {
    capacity: usize,
    ring: Arc<Mutex<Ring>>,
}

impl Journal {
    pub fn new(capacity: usize) -> Journal {
        Journal {
            capacity: capacity.max(1),
            ring: Arc::default(),
        }
    }

    pub fn record(&self, entry: JournalEntry) {
        let mut entry = bounded(entry);
        let size = entry_size(&entry);
        let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        entry.seq = ring.next_seq;
        ring.next_seq += 1;
        while !ring.entries.is_empty() && (ring.entries.len() >= self.capacity || ring.bytes + size > MAX_JOURNAL_BYTES)
        {
            if let Some(old) = ring.entries.pop_front() {
                ring.bytes -= entry_size(&old);
            }
        }
        ring.bytes += size;
        ring.entries.push_back(entry);
    }

    /// Roughly how many bytes the entries hold (at most [`MAX_JOURNAL_BYTES`]).
    pub fn bytes(&self) -> usize {
        self.ring.lock().unwrap_or_else(|e| e.into_inner()).bytes
    }

    /// The entries of one run, oldest first.
    pub fn run(&self, run: &str) -> Vec<JournalEntry> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.entries.iter().filter(|e| e.run == run).cloned().collect()
    }

    /// The entries of every run whose id starts with `prefix`, oldest first.
    pub fn runs_with_prefix(&self, prefix: &str) -> Vec<JournalEntry> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.entries
            .iter()
            .filter(|e| e.run.starts_with(prefix))
            .cloned()
            .collect()
    }

    pub fn len(&self) -> usize {
        self.ring.lock().unwrap_or_else(|e| e.into_inner()).entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(run: &str) -> JournalEntry {
        JournalEntry {
            seq: 0,
            run: run.into(),
            method: "GET".into(),
            url: "/".into(),
            host: "h".into(),
            headers: vec![],
            cookies: false,
        }
    }

    #[test]
    fn cookie_fields_of_http2_are_one_line() {
        let mut h = axum::http::HeaderMap::new();
        h.append("cookie", "a=1".parse().unwrap());
        h.append("accept", "*/*".parse().unwrap());
        h.append("cookie", "b=2".parse().unwrap());
        assert_eq!(
            header_lines(&h),
            [
                ("cookie".to_string(), "a=1; b=2".to_string()),
                ("accept".into(), "*/*".into())
            ]
        );
    }

    #[test]
    fn the_ring_drops_the_oldest_entries_when_full() {
        let j = Journal::new(3);
        for r in ["a", "b", "c", "d"] {
            j.record(entry(r));
        }
        assert_eq!(j.len(), 3);
        assert!(j.run("a").is_empty());
        assert_eq!(j.run("d")[0].seq, 3);
    }

    #[test]
    fn huge_entries_are_cut_and_the_bytes_stay_bounded() {
        let j = Journal::new(1_000_000);
        for i in 0..2_000 {
            let mut e = entry(&format!("r{i}"));
            e.url = "x".repeat(100_000);
            e.headers = (0..200).map(|k| (format!("h{k}"), "v".repeat(5_000))).collect();
            j.record(e);
        }
        assert!(j.bytes() <= MAX_JOURNAL_BYTES, "{}", j.bytes());
        let last = j.run("r1999");
        assert_eq!(last.len(), 1);
        assert!(last[0].url.len() < MAX_FIELD_BYTES + 16 && last[0].url.ends_with("…(cut)"));
        assert_eq!(last[0].headers.len(), 128);
    }
}
