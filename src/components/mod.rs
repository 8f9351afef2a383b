//! One component per file.

pub mod probe_panel;
