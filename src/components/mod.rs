//! One component per file.

pub mod console_paste;
pub mod cookies;
pub mod history;
pub mod lab_bar;
pub mod lessons;
pub mod matrix;
pub mod origin_table;
pub mod prediction;
pub mod preflight_table;
pub mod request_builder;
pub mod sequence;
pub mod server_editor;
pub mod share;
