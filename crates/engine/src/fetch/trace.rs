//! The trace recorder every Fetch algorithm writes its steps to. With
//! [`Trace::Off`] nothing is recorded and no words are built.

use crate::decision::{Check, Step, Trace};

pub(crate) struct Tracer {
    on: bool,
    pub(crate) steps: Vec<Step>,
}

impl Tracer {
    pub(crate) fn new(trace: Trace) -> Tracer {
        Tracer {
            on: trace == Trace::On,
            steps: vec![],
        }
    }

    pub(crate) fn is_on(&self) -> bool {
        self.on
    }

    /// Records one step. `words` gives what the check saw and the sentence for
    /// people; it runs only when the trace is on.
    pub(crate) fn record<S: Into<String>, T: Into<String>>(
        &mut self,
        hop: usize,
        spec: &'static str,
        check: Check,
        passed: bool,
        words: impl FnOnce() -> (S, T),
    ) {
        if !self.on {
            return;
        }
        let (seen, sentence) = words();
        self.steps.push(Step {
            hop,
            spec,
            check,
            seen: seen.into(),
            passed,
            sentence: sentence.into(),
        });
    }
}
