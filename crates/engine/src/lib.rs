//! corscope's rule engine: what a browser does with a cross-origin `fetch()`
//! and why, following the CORS parts of the WHATWG Fetch Standard. Pure: no
//! I/O, no clocks, no panics on any input.
//!
//! Layers, each depending only on those above it in this list:
//! - [`scenario`]: the input format (request, server answers, expectations);
//! - [`origin`]: origins and sites, with the Public Suffix List;
//! - [`cookies`]: RFC 6265bis and CHIPS: which cookies go, which are stored;
//! - `fetch`: the Fetch Standard's algorithms, producing the [`Decision`] and its trace;
//! - [`explain`]: console text, the fix and server configurations, from a decision;
//! - [`diagnose`], [`share`], [`lab`]: the product — console messages read
//!   back, permalinks and bug reports, the lab contract and the matrix.

mod ascii;
pub mod cookies;
pub mod decision;
pub mod diagnose;
pub mod explain;
mod fetch;
pub mod lab;
pub mod learn;
pub mod origin;
pub mod scenario;
pub mod share;

pub use cookies::{CookieOnRequest, CookieReason, SetCookieVerdict};
pub use decision::{
    Browser, Change, Check, Checked, Console, Decision, Failure, Fix, FixChange, Outcome, ResponseType, SentRequest,
    Stage, Step, Target, Trace,
};
pub use explain::fix::apply_fix;
pub use explain::Severity;
pub use fetch::local_network::space_of_url;
pub use fetch::{header_list, request_header};
pub use origin::web_url::{install_url_parser, UrlParser, UrlParts};
pub use origin::{compare, Comparison, Origin};
pub use scenario::{
    parse_scenario, parse_scenario_file, parse_scenarios, AddressSpace, Answer, CookieSetting, Cookies,
    CredentialsMode, HeldCookie, Hop, Network, Permission, Problem, RedirectMode, RequestMode, RequestSpec, Scenario,
    ScenarioError, ScenarioFile, Server, Via,
};

/// The header lines `browser` reads from an answer sent byte for byte
/// (`fetch/response_head.rs`), or the header whose NUL refuses the answer.
pub fn received_headers(answer: &Answer, browser: Browser) -> Result<Vec<(String, String)>, String> {
    fetch::response_head::receive(answer, browser.quirks())
        .map(|a| a.headers.clone())
        .map_err(|u| u.name)
}

/// Installs the cookie layer (`cookies/`): the wasm app calls this after its
/// first view (natively, feature `inline-cookies`, it is always there).
pub fn install_cookies() {
    fetch::cookie_setup::install();
}

/// Whether decisions say which cookies go and which are stored.
pub fn cookies_installed() -> bool {
    fetch::cookie_setup::layer().is_some()
}

/// Decides what `browser` does with the scenario, and why: the verdict, the
/// trace and the console text each browser prints.
pub fn decide(scenario: &Scenario, browser: Browser) -> Decision {
    let mut decision = steps(scenario, browser);
    decision.console = explain::console::console_messages(scenario, &decision);
    decision
}

/// The verdict and its trace, step by step, without console text or fix: what
/// the page's first view shows at once; [`explain_further`] adds the rest.
pub fn steps(scenario: &Scenario, browser: Browser) -> Decision {
    fetch::decide(scenario, browser, Trace::On)
}

/// Adds to a decision from [`steps`] the console text each browser prints and
/// the smallest fix: then it is what [`explain`] gives.
pub fn explain_further(scenario: &Scenario, browser: Browser, decision: &mut Decision) {
    decision.console = explain::console::console_messages(scenario, decision);
    decision.fix = explain::fix::compute_fix(scenario, browser, decision);
}

/// The verdict alone: what is sent, the outcome and what is exposed, with no
/// trace or console text (the fast path for the matrix, the audit and probes).
pub fn verdict(scenario: &Scenario, browser: Browser) -> Decision {
    fetch::decide(scenario, browser, Trace::Off)
}

/// Decides the scenario for `browser` and adds the smallest fix.
pub fn explain(scenario: &Scenario, browser: Browser) -> Decision {
    let mut decision = steps(scenario, browser);
    explain_further(scenario, browser, &mut decision);
    decision
}
