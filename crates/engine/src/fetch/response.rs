//! The filtered response script receives: basic, CORS or opaque, with the
//! status and the headers it may read.
//! <https://fetch.spec.whatwg.org/#concept-filtered-response>

use super::exposed_headers::{basic_exposed, cors_exposed};
use super::main_fetch::Tainting;
use super::{End, Run};
use crate::decision::{Check, Outcome, ResponseType};
use crate::scenario::Answer;

/// "If request's response tainting is "basic"/"cors"/"opaque", set response to
/// a basic/CORS/opaque filtered response" (main fetch).
pub(crate) fn filtered_response(
    run: &mut Run,
    tainting: Tainting,
    response: &Answer,
    credentials_include: bool,
    hop: usize,
) -> End {
    match tainting {
        Tainting::Basic => {
            run.trace.record(
                hop,
                "https://fetch.spec.whatwg.org/#concept-filtered-response",
                Check::ResponseType,
                true,
                || {
                    (
                        "basic",
                        "a same-origin response: script reads the status, the body and every header except Set-Cookie",
                    )
                },
            );
            let exposed = basic_exposed(&response.headers);
            End::resolved(Outcome::Allowed, ResponseType::Basic, response.status, exposed)
        }
        Tainting::Cors => {
            let exposed = cors_exposed(&response.headers, credentials_include);
            run.trace.record(
                hop,
                "https://fetch.spec.whatwg.org/#concept-filtered-response-cors",
                Check::ResponseType,
                true,
                || {
                    let sentence = format!(
                        "a CORS response: script reads the status, the body and {}",
                        if exposed.is_empty() {
                            "no headers of those sent beyond the safelisted ones".to_string()
                        } else {
                            format!("the headers {}", exposed.join(", "))
                        }
                    );
                    ("cors", sentence)
                },
            );
            End::resolved(Outcome::Allowed, ResponseType::Cors, response.status, exposed)
        }
        Tainting::Opaque => {
            run.trace.record(
                hop,
                "https://fetch.spec.whatwg.org/#concept-filtered-response-opaque",
                Check::ResponseType,
                true,
                || {
                    (
                        "opaque",
                        "an opaque response: status 0, no headers, no body — the page cannot read anything",
                    )
                },
            );
            End::resolved(Outcome::Opaque, ResponseType::Opaque, 0, vec![])
        }
    }
}
