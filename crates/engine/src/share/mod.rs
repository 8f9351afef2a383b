//! Sharing a scenario: the permalink ([`permalink`]) and the Markdown bug
//! report with curl commands ([`report`]).

pub mod permalink;
pub mod report;
