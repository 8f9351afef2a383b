//! corscope's lab: serves the built app on the page origin and gives it real
//! cross-origin targets on other loopback origins, with a journal of every
//! request the browser actually sent (preflights included).

pub mod audit;
pub mod cli;
pub mod cookie_hosts;
#[cfg(feature = "embed-app")]
pub mod embedded;
pub mod explain;
pub mod frame;
pub mod journal;
pub mod policies;
pub mod probe;
pub mod server;
pub mod trust;
pub mod wire;

pub use journal::{Journal, JournalEntry};
pub use server::{app, start, LabConfig, LabHandle};
