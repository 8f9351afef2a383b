//! Diagnosis: reading a CORS console message pasted from Chromium, Firefox or
//! Safari ([`console_message`]), and building the scenario that reproduces
//! it ([`reproduce`]).

pub mod console_message;
pub mod reproduce;
