//! The explanation, computed from a decision: the console text each browser
//! prints ([`console`]), the smallest server-side fix ([`fix`]) and the
//! configuration for real servers that sends it, re-checked ([`server_config`]).

pub mod console;
pub(crate) mod console_templates;
pub mod cookie_fix;
pub mod fix;
pub mod sequence;
pub mod server_config;

use serde::Serialize;

/// How bad a risk in a server's configuration is (the fix's warnings and the
/// lab's audit); ordered from harmless to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

crate::scenario::words!(Severity, "severity" {
    Info => "info", Low => "low", Medium => "medium", High => "high", Critical => "critical"
});
