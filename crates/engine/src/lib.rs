//! corscope's rule engine: what a browser does with a cross-origin `fetch()`
//! and why, following the CORS parts of the WHATWG Fetch Standard. Pure: no
//! I/O, no clocks, no panics on any input.

pub mod console;
pub mod console_message;
pub mod cors_check;
pub mod cors_preflight;
pub mod decision;
pub mod exposed_headers;
pub mod fetch;
pub mod fix;
pub mod header_list;
pub mod matrix;
pub mod method;
pub mod origin;
pub mod permalink;
pub mod public_suffix;
pub mod report;
pub mod request_header;
pub mod scenario;
pub mod server_config;

pub use decision::{
    Browser, Change, Console, Decision, Failure, Fix, FixChange, Outcome, ResponseType, SentRequest, Stage, Step,
    Target,
};
pub use fix::apply_fix;
pub use origin::{compare, Comparison, Origin};
pub use scenario::{
    parse_scenario, parse_scenarios, Answer, CredentialsMode, Hop, RedirectMode, RequestMode, RequestSpec, Scenario,
    ScenarioError, Server,
};

/// Decides the scenario for `browser` and adds the smallest fix.
pub fn explain(scenario: &Scenario, browser: Browser) -> Decision {
    let mut decision = fetch::decide(scenario, browser);
    decision.fix = fix::compute_fix(scenario, browser, &decision);
    decision
}
