//! Diagnosis: reading a CORS console message pasted from Chromium, Firefox or
//! Safari, and building the scenario that reproduces it ([`console_message`]).

pub mod console_message;
