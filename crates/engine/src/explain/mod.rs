//! The explanation, computed from a decision: the console text each browser
//! prints ([`console`]), the smallest server-side fix ([`fix`]) and the
//! configuration for real servers that sends it, re-checked ([`server_config`]).

pub mod console;
pub(crate) mod console_templates;
pub mod fix;
pub mod server_config;
