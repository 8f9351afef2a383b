//! Diagnosis: reading a CORS console message pasted from Chromium, Firefox or
//! Safari ([`console_message`]), and building the scenario that reproduces
//! it ([`reproduce`]); a request copied from DevTools as cURL or fetch
//! ([`copied_request`]) or recorded in a HAR export ([`har`]).

pub mod console_message;
pub mod cookie_message;
pub mod copied_request;
pub mod har;
pub mod reproduce;

/// Whether a header line recorded by DevTools (a copy, a HAR) can be one the
/// page's script set: not one the browser adds itself — the forbidden ones
/// (Origin, Cookie, Referer, Sec-*, …), HTTP/2 pseudo-headers, DevTools' own
/// cache headers, and the browser's User-Agent, DNT, Chrome's X-Client-Data
/// and default `Accept: */*`. (Kept, User-Agent would predict a preflight
/// the browser never sent.)
pub(crate) fn set_by_script(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    crate::fetch::request_header::forbidden_request_header(name, value).is_none()
        && !name.starts_with(':')
        && !matches!(
            lower.as_str(),
            "priority"
                | "pragma"
                | "cache-control"
                | "user-agent"
                | "dnt"
                | "x-client-data"
                | "upgrade-insecure-requests"
        )
        && (lower != "accept" || value.trim() != "*/*")
}

/// A JSON value as DevTools' exports (HAR, fetch copies) are read: a string,
/// a whole number, an object's entries in their order (each value as text),
/// or anything else,
/// skipped without being built. Typed structs of these replace a
/// `serde_json::Value` tree (#18: a 30 MB HAR's bodies and timings are passed
/// over, not held).
enum Loose {
    Text(String),
    Number(u64),
    Entries(Vec<(String, Option<String>)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess};
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Loose;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                let mut out = vec![];
                while let Some((k, v)) = map.next_entry::<String, LooseText>()? {
                    out.push((k, v.0));
                }
                Ok(Loose::Entries(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose::Number(v))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// `null` read as the type's default (a HAR entry's `"response": null`).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

/// A value kept only if it is a string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LooseText(pub Option<String>);

impl<'de> serde::Deserialize<'de> for LooseText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LooseText(match Loose::deserialize(d)? {
            Loose::Text(t) => Some(t),
            _ => None,
        }))
    }
}

/// A whole number, also written as a string of digits (`"200"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LooseNumber(pub Option<u64>);

impl<'de> serde::Deserialize<'de> for LooseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LooseNumber(match Loose::deserialize(d)? {
            Loose::Number(n) => Some(n),
            Loose::Text(t) => t.trim().parse().ok(),
            _ => None,
        }))
    }
}

/// An object's entries in their order (a fetch copy's `headers`); anything
/// else reads as none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LooseEntries(pub Vec<(String, Option<String>)>);

impl<'de> serde::Deserialize<'de> for LooseEntries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LooseEntries(match Loose::deserialize(d)? {
            Loose::Entries(e) => e,
            _ => vec![],
        }))
    }
}
