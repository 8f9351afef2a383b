//! The journal: what the browser sent to the lab, per run id, in a bounded ring.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// One request as the lab received it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct JournalEntry {
    /// Order of arrival, across all runs.
    pub seq: u64,
    pub run: String,
    pub method: String,
    /// Path and query.
    pub url: String,
    /// The Host header (tells which lab origin was used).
    pub host: String,
    /// Every request header line, names lowercase, in order.
    pub headers: Vec<(String, String)>,
    pub cookies: bool,
}

impl JournalEntry {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Ring {
    next_seq: u64,
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

    pub fn record(&self, mut entry: JournalEntry) {
        let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        entry.seq = ring.next_seq;
        ring.next_seq += 1;
        if ring.entries.len() >= self.capacity {
            ring.entries.pop_front();
        }
        ring.entries.push_back(entry);
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
    fn the_ring_drops_the_oldest_entries_when_full() {
        let j = Journal::new(3);
        for r in ["a", "b", "c", "d"] {
            j.record(entry(r));
        }
        assert_eq!(j.len(), 3);
        assert!(j.run("a").is_empty());
        assert_eq!(j.run("d")[0].seq, 3);
    }
}
