//! Diagnosis: reading a CORS console message pasted from Chromium, Firefox or
//! Safari ([`console_message`]), and building the scenario that reproduces
//! it ([`reproduce`]); a request copied from DevTools as cURL or fetch
//! ([`copied_request`]).

pub mod console_message;
pub mod copied_request;
pub mod har;
pub mod reproduce;
