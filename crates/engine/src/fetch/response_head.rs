//! The response head as the browser reads it off the wire. A scenario's answer
//! is the lines a server sends (the lab writes them byte for byte, NUL, CR and
//! LF included); the Fetch algorithms see the header list the browser parses
//! from them. The Fetch Standard leaves that parsing to HTTP: RFC 9112 §5
//! (field lines; obs-fold §5.2), §2.2 (a bare CR) and RFC 9110 §5.5 (CR, LF
//! and NUL in a value). Answers whose values hold none of the three are the
//! header list as they are.

use std::borrow::Cow;

use super::method::is_token;
use super::quirks::Quirks;
use super::{End, Run};
use crate::decision::{Check, Failure, Outcome, Stage};
use crate::scenario::Answer;

const SPEC: &str = "https://www.rfc-editor.org/rfc/rfc9112#section-5";

/// Reads the answer of hop `hop` as the browser does ([`receive`]), noting in
/// the trace when that changed its lines; a NUL is a network error at `stage`.
pub(crate) fn read_head<'h>(
    run: &mut Run,
    hop: usize,
    answer: Cow<'h, Answer>,
    stage: Stage,
) -> Result<Cow<'h, Answer>, End> {
    let parsed = receive(&answer, run.browser.quirks()).map(|c| match c {
        Cow::Borrowed(_) => None,
        Cow::Owned(parsed) => Some(parsed),
    });
    match parsed {
        Ok(None) => Ok(answer),
        Ok(Some(parsed)) => {
            run.trace.record(hop, SPEC, Check::ResponseHead, true, || {
                let lines: Vec<String> = parsed.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                (
                    lines.join(" | "),
                    "the answer's CR and LF bytes make these the header lines the browser reads",
                )
            });
            Ok(Cow::Owned(parsed))
        }
        Err(Unparsable { name }) => {
            run.trace.record(hop, SPEC, Check::ResponseHead, false, || {
                (
                    format!("a NUL byte in {name}"),
                    "the browser refuses an answer with a NUL in a header: a network error, whatever its CORS headers say",
                )
            });
            Err(End::failed(
                Outcome::Blocked,
                stage,
                Failure::UnparsableResponse { name },
            ))
        }
    }
}

/// An answer the browser refuses as a whole: a NUL in the value of `name`.
/// RFC 9110 §5.5 lets a recipient reject the message or replace the NUL with
/// SP; Chromium 156 and Firefox ESR 153 reject it (a network error, checked
/// live: the matrix's "raw bytes" rows), and so does the engine's spec mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unparsable {
    pub(crate) name: String,
}

/// The answer as the browser's header list, or why it has none.
pub(crate) fn receive<'a>(answer: &'a Answer, quirks: &Quirks) -> Result<Cow<'a, Answer>, Unparsable> {
    let special = |v: &str| v.bytes().any(|b| matches!(b, 0 | b'\r' | b'\n'));
    if !answer.headers.iter().any(|(_, v)| special(v)) {
        return Ok(Cow::Borrowed(answer));
    }
    if let Some((name, _)) = answer.headers.iter().find(|(_, v)| v.contains('\0')) {
        return Err(Unparsable { name: name.clone() });
    }
    let mut raw = String::new();
    for (name, value) in &answer.headers {
        raw.push_str(name);
        raw.push_str(": ");
        raw.push_str(value);
        raw.push_str("\r\n");
    }
    Ok(Cow::Owned(Answer {
        headers: parse_field_lines(end_of_head(&raw), quirks),
        ..answer.clone()
    }))
}

/// The head up to its end: an empty line (LF LF, or LF CR LF) ends it early,
/// and what follows is the body.
fn end_of_head(raw: &str) -> &str {
    let lf_lf = raw.find("\n\n");
    let lf_cr_lf = raw.find("\n\r\n");
    match lf_lf.into_iter().chain(lf_cr_lf).min() {
        Some(at) => &raw[..=at],
        None => raw,
    }
}

/// RFC 9112 §5: one field line per line (LF ends a line, one CR before it is
/// dropped), a line that starts with SP or HT continuing the one before
/// (obs-fold), lines without a colon or a token name ignored.
fn parse_field_lines(raw: &str, quirks: &Quirks) -> Vec<(String, String)> {
    let trim = |v: &str| v.trim_matches([' ', '\t']).to_string();
    let mut lines: Vec<&str> = raw
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect();
    // Not in the spec: quirks.rs, bare_cr_ends_line.
    if quirks.bare_cr_ends_line {
        lines = lines
            .iter()
            .flat_map(|l| l.split('\r'))
            .filter(|l| !l.is_empty())
            .collect();
    }
    let mut out: Vec<(String, String)> = vec![];
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // RFC 9112 §5.2: an obs-fold is replaced by SP before the value is read.
            if let Some((_, value)) = out.last_mut() {
                // Not in the spec: quirks.rs, keeps_folded_whitespace.
                *value = if quirks.keeps_folded_whitespace {
                    trim(&format!("{value}{line}"))
                } else {
                    trim(&format!(
                        "{} {}",
                        value.trim_end_matches([' ', '\t']),
                        line.trim_start()
                    ))
                };
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        // Not in the spec: quirks.rs, trims_space_before_colon.
        let name = if quirks.trims_space_before_colon {
            name.trim_end_matches([' ', '\t'])
        } else {
            name
        };
        if !is_token(name) {
            continue;
        }
        // Not in the spec: quirks.rs, skips_leading_cr_in_values.
        let value = if quirks.skips_leading_cr_in_values {
            value.trim_start_matches([' ', '\t', '\r'])
        } else {
            value
        };
        // Not in the spec: quirks.rs, bare_cr_reads_as_space.
        if quirks.bare_cr_reads_as_space {
            out.push((name.to_string(), trim(&value.replace('\r', " "))));
            continue;
        }
        // RFC 9112 §2.2: a bare CR makes the element invalid (this line goes).
        if value.contains('\r') {
            continue;
        }
        out.push((name.to_string(), trim(value)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Browser;

    fn lines(browser: Browser, sent: &[(&str, &str)]) -> Result<Vec<(String, String)>, Unparsable> {
        receive(&Answer::new(200, sent), browser.quirks()).map(|a| a.headers.clone())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    const ALL: [Browser; 3] = [Browser::Spec, Browser::Chromium, Browser::Firefox];

    #[test]
    fn plain_answers_are_the_header_list_as_they_are() {
        let sent = [("X-A", " a\u{1}\u{b} "), ("X-A", "b")];
        for b in ALL {
            assert!(matches!(
                receive(&Answer::new(200, &sent), b.quirks()),
                Ok(Cow::Borrowed(_))
            ));
        }
    }

    #[test]
    fn a_nul_anywhere_refuses_the_whole_answer() {
        for b in ALL {
            let e = lines(b, &[("Access-Control-Allow-Origin", "*"), ("X-A", "a\0b")]).unwrap_err();
            assert_eq!(e.name, "X-A");
        }
    }

    #[test]
    fn a_lf_starts_a_new_line_and_an_empty_line_ends_the_head() {
        for b in ALL {
            let got = lines(
                b,
                &[
                    ("X-A", "a\nAccess-Control-Allow-Origin: *"),
                    ("X-B", "b\nnocolon\nX C: 1\n: 2"),
                ],
            )
            .unwrap();
            assert_eq!(
                got,
                pairs(&[("X-A", "a"), ("Access-Control-Allow-Origin", "*"), ("X-B", "b")]),
                "{b:?}"
            );
            let got = lines(b, &[("X-A", "a\n\nbody"), ("Access-Control-Allow-Origin", "*")]).unwrap();
            assert_eq!(got, pairs(&[("X-A", "a")]), "{b:?}");
        }
    }

    #[test]
    fn folded_lines_continue_the_value_chromium_with_one_space_firefox_as_sent() {
        let sent = [("X-A", "a\n\t  b  "), ("Access-Control-Allow-Origin", "\n *")];
        let folded = |x: &str| pairs(&[("X-A", x), ("Access-Control-Allow-Origin", "*")]);
        assert_eq!(lines(Browser::Spec, &sent).unwrap(), folded("a b"));
        assert_eq!(lines(Browser::Chromium, &sent).unwrap(), folded("a b"));
        assert_eq!(lines(Browser::Firefox, &sent).unwrap(), folded("a\t  b"));
    }

    #[test]
    fn a_bare_cr_ends_a_line_in_chromium_and_drops_it_elsewhere() {
        let sent = [
            ("Access-Control-Allow-Origin", "*\rX-A: 1"),
            ("X-B", "a\r"),
            ("X-C", "\rX-D: 2"),
        ];
        assert_eq!(lines(Browser::Spec, &sent).unwrap(), pairs(&[]));
        assert_eq!(
            lines(Browser::Chromium, &sent).unwrap(),
            pairs(&[
                ("Access-Control-Allow-Origin", "*"),
                ("X-A", "1"),
                ("X-B", "a"),
                ("X-C", ""),
                ("X-D", "2")
            ])
        );
        assert_eq!(lines(Browser::Firefox, &sent).unwrap(), pairs(&[("X-C", "X-D: 2")]));
    }

    #[test]
    fn space_before_the_colon_is_dropped_by_chromium_and_refused_elsewhere() {
        let sent = [("X-A", "a\nX-B : 1")];
        assert_eq!(
            lines(Browser::Chromium, &sent).unwrap(),
            pairs(&[("X-A", "a"), ("X-B", "1")])
        );
        for b in [Browser::Spec, Browser::Firefox] {
            assert_eq!(lines(b, &sent).unwrap(), pairs(&[("X-A", "a")]));
        }
    }
}
