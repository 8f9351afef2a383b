//! corscope's rule engine: what a browser does with a cross-origin `fetch()`
//! and why, following the CORS parts of the WHATWG Fetch Standard. Pure: no
//! I/O, no clocks, no panics on any input.

pub mod console;
pub mod console_message;
pub mod decision;
mod fetch;
pub mod fix;
pub mod lab;
pub mod origin;
pub mod permalink;
pub mod public_suffix;
pub mod report;
pub mod scenario;
pub mod server_config;

pub use decision::{
    Browser, Change, Check, Checked, Console, Decision, Failure, Fix, FixChange, Outcome, ResponseType, SentRequest,
    Stage, Step, Target, Trace,
};
pub use fetch::{header_list, request_header};
pub use fix::apply_fix;
pub use origin::{compare, Comparison, Origin};
pub use scenario::{
    parse_scenario, parse_scenarios, Answer, CredentialsMode, Hop, RedirectMode, RequestMode, RequestSpec, Scenario,
    ScenarioError, Server,
};

/// Decides what `browser` does with the scenario, and why: the verdict, the
/// trace and the console text each browser prints.
pub fn decide(scenario: &Scenario, browser: Browser) -> Decision {
    let mut decision = fetch::decide(scenario, browser, Trace::On);
    decision.console = console::console_messages(scenario, &decision);
    decision
}

/// The verdict alone: what is sent, the outcome and what is exposed, with no
/// trace or console text (the fast path for the matrix, the audit and probes).
pub fn verdict(scenario: &Scenario, browser: Browser) -> Decision {
    fetch::decide(scenario, browser, Trace::Off)
}

/// Decides the scenario for `browser` and adds the smallest fix.
pub fn explain(scenario: &Scenario, browser: Browser) -> Decision {
    let mut decision = decide(scenario, browser);
    decision.fix = fix::compute_fix(scenario, browser, &decision);
    decision
}
