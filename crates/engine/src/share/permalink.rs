//! Permalinks: a whole scenario in a URL fragment, compact and versioned.
//!
//! Version 1 is `#s1=` followed by the scenario's JSON (the v1 scenario format),
//! compressed with raw DEFLATE and written in unpadded base64url. A later
//! version gets a new prefix (`s2=`); `decode` keeps reading every older one.

use crate::scenario::{parse_scenario, Scenario, ScenarioError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;

/// The fragment key of the current version.
pub(crate) const PREFIX_V1: &str = "s1=";

/// A decoded scenario may be at most this large (a link is not a zip bomb).
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermalinkError {
    /// The text holds no `s1=` (or later) part.
    NoScenario,
    /// `sN=` with a version this build does not know.
    UnknownVersion { version: String },
    /// Not base64url: the first bad character and its position.
    NotBase64 { position: usize, character: char },
    /// The compressed data ends early or is damaged (a link cut short by a chat or mail client).
    Truncated,
    /// The scenario would be larger than [`MAX_SCENARIO_BYTES`].
    TooLarge,
    /// The data is not UTF-8 text.
    NotText,
    /// The text is not a valid scenario.
    Scenario(ScenarioError),
}

impl fmt::Display for PermalinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermalinkError::NoScenario => f.write_str("the link holds no scenario (its fragment has no 's1=' part)"),
            PermalinkError::UnknownVersion { version } => write!(
                f,
                "the link is in scenario version {version}, which this corscope does not know (it reads version 1)"
            ),
            PermalinkError::NotBase64 { position, character } => write!(
                f,
                "the link is damaged: character {position} of the scenario data ('{character}') is not base64url"
            ),
            PermalinkError::Truncated => {
                f.write_str("the link is cut short or damaged: its scenario data does not decompress")
            }
            PermalinkError::TooLarge => write!(f, "the link's scenario is larger than {MAX_SCENARIO_BYTES} bytes"),
            PermalinkError::NotText => f.write_str("the link's scenario data is not UTF-8 text"),
            PermalinkError::Scenario(e) => write!(f, "the link's scenario is not valid: {e}"),
        }
    }
}

impl std::error::Error for PermalinkError {}

// The compression is a seam: natively (feature `deflate`) miniz_oxide packs
// and unpacks; a page uses its browser's CompressionStream('deflate-raw')
// (no DEFLATE code in the wasm) with the steps below: [`payload`], then
// [`fragment_of_packed`]; [`packed_data`], then [`scenario_of_unpacked`].

/// The text a v1 link compresses: the scenario's JSON.
pub fn payload(scenario: &Scenario) -> String {
    serde_json::to_string(scenario).unwrap_or_default()
}

/// The fragment (without `#`) for a payload compressed with raw DEFLATE (RFC 1951).
pub fn fragment_of_packed(packed: &[u8]) -> String {
    format!("{PREFIX_V1}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// `base` (a page URL) with `fragment` as its fragment.
pub fn link_with_fragment(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// The compressed scenario data a link carries: its version checked and its
/// base64url read. Unpack it (at most [`MAX_SCENARIO_BYTES`]), then
/// [`scenario_of_unpacked`].
pub fn packed_data(text: &str) -> Result<Vec<u8>, PermalinkError> {
    let (version, data) = scenario_part(text).ok_or(PermalinkError::NoScenario)?;
    if version != "1" {
        return Err(PermalinkError::UnknownVersion {
            version: version.to_string(),
        });
    }
    if let Some((position, character)) = data
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(PermalinkError::NotBase64 {
            position: position + 1,
            character,
        });
    }
    // A length of 1 mod 4 cannot be base64; it only happens to a cut link.
    URL_SAFE_NO_PAD.decode(data).map_err(|_| PermalinkError::Truncated)
}

/// The scenario from a link's unpacked data.
pub fn scenario_of_unpacked(json: Vec<u8>) -> Result<Scenario, PermalinkError> {
    if json.len() > MAX_SCENARIO_BYTES {
        return Err(PermalinkError::TooLarge);
    }
    let text = String::from_utf8(json).map_err(|_| PermalinkError::NotText)?;
    parse_scenario(&text).map_err(PermalinkError::Scenario)
}

/// The fragment (without `#`) that carries `scenario`.
#[cfg(feature = "deflate")]
pub fn encode(scenario: &Scenario) -> String {
    fragment_of_packed(&miniz_oxide::deflate::compress_to_vec(payload(scenario).as_bytes(), 9))
}

/// `base` (a page URL) with the scenario in its fragment.
#[cfg(feature = "deflate")]
pub fn link(base: &str, scenario: &Scenario) -> String {
    link_with_fragment(base, &encode(scenario))
}

/// Reads a scenario from a whole link, a fragment (`#s1=…`) or the bare `s1=…` part.
#[cfg(feature = "deflate")]
pub fn decode(text: &str) -> Result<Scenario, PermalinkError> {
    let packed = packed_data(text)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCENARIO_BYTES).map_err(|e| match e
        .status
    {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PermalinkError::TooLarge,
        _ => PermalinkError::Truncated,
    })?;
    scenario_of_unpacked(json)
}

/// The `sN=DATA` part of a link, a fragment or the bare part, as (N, DATA):
/// `None` when the text carries no scenario at all.
pub fn scenario_part(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    // The fragment may carry other `&`-separated parts; take the scenario's.
    fragment
        .split('&')
        .filter_map(|p| p.strip_prefix('s')?.split_once('='))
        .find(|(version, _)| is_digits(version))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(all(test, feature = "deflate"))]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"name":"PUT with a custom header","page":"https://app.example",
        "request":{"url":"https://api.example/items/1","method":"PUT","headers":[["Content-Type","application/json"],["X-Trace","1"]],"body":"{\"done\":true}","credentials":"include"},
        "server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET"]]},
                  "response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#;

    fn scenario() -> Scenario {
        parse_scenario(SCENARIO).unwrap()
    }

    #[test]
    fn a_link_round_trips_the_whole_scenario() {
        let s = scenario();
        let url = link("https://corscope.example/app/?x=1#old", &s);
        assert!(url.starts_with("https://corscope.example/app/?x=1#s1="), "{url}");
        assert_eq!(decode(&url).unwrap(), s);
        assert_eq!(decode(&encode(&s)).unwrap(), s);
        assert_eq!(decode(&format!("#{}", encode(&s))).unwrap(), s);
    }

    #[test]
    fn a_link_is_shorter_than_the_json() {
        let s = scenario();
        let json = serde_json::to_string(&s).unwrap();
        assert!(encode(&s).len() < json.len(), "{} vs {}", encode(&s).len(), json.len());
    }

    #[test]
    fn a_chain_round_trips() {
        let s = parse_scenario(
            r#"{"page":"https://a.example","request":{"url":"https://b.example/x"},
               "server":[{"url":"https://b.example/x","response":{"status":302,"headers":[["Location","https://c.example/"]]}},{"url":"https://c.example/"}]}"#,
        )
        .unwrap();
        assert_eq!(decode(&encode(&s)).unwrap(), s);
    }

    #[test]
    fn a_truncated_link_is_reported_as_cut_short() {
        let full = encode(&scenario());
        for cut in [full.len() - 1, full.len() - 7, full.len() / 2, 5] {
            let err = decode(&full[..cut]).unwrap_err();
            assert!(
                matches!(err, PermalinkError::Truncated | PermalinkError::Scenario(_)),
                "cut at {cut}: {err:?}"
            );
        }
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        assert_eq!(decode("https://x.example/#top"), Err(PermalinkError::NoScenario));
        assert_eq!(decode(""), Err(PermalinkError::NoScenario));
        assert!(matches!(decode("#s9=abc"), Err(PermalinkError::UnknownVersion { version }) if version == "9"));
        assert!(matches!(
            decode("#s1=ab%20cd"),
            Err(PermalinkError::NotBase64 {
                position: 3,
                character: '%'
            })
        ));
        let not_a_scenario = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"page\":1}", 9));
        let err = decode(&format!("s1={not_a_scenario}")).unwrap_err();
        assert!(err.to_string().contains("page"), "{err}");
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let big = vec![b' '; MAX_SCENARIO_BYTES * 4];
        let data = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&big, 9));
        assert_eq!(decode(&format!("s1={data}")), Err(PermalinkError::TooLarge));
    }

    #[test]
    fn unpacked_data_is_bounded_and_must_be_text() {
        // What a page that unpacks with its browser's DecompressionStream hands back.
        let s = scenario();
        assert_eq!(scenario_of_unpacked(payload(&s).into_bytes()), Ok(s));
        assert_eq!(
            scenario_of_unpacked(vec![b' '; MAX_SCENARIO_BYTES + 1]),
            Err(PermalinkError::TooLarge)
        );
        assert_eq!(scenario_of_unpacked(vec![0xff, 0xfe]), Err(PermalinkError::NotText));
        assert_eq!(
            packed_data("#s1=ab%"),
            Err(PermalinkError::NotBase64 {
                position: 3,
                character: '%'
            })
        );
    }

    #[test]
    fn other_fragment_parts_are_ignored() {
        let s = scenario();
        assert_eq!(decode(&format!("#tab=matrix&{}", encode(&s))).unwrap(), s);
    }
}
