//! The built app inside the binary (feature `embed-app`): Trunk's `dist/`,
//! built before the lab, served on the page origin with `index.html` for
//! every path that is no file (the app routes itself).

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../dist/"]
struct App;

/// Whether the binary holds a built app (a release built before `trunk build` has none).
pub fn has_app() -> bool {
    App::get("index.html").is_some()
}

/// One embedded file, or `index.html`; its pre-compressed copy (`NAME.br`,
/// `NAME.gz`, written by the build) when the browser accepts that encoding.
pub async fn serve(uri: Uri, request: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let (path, file) = match App::get(path) {
        Some(f) => (path, Some(f)),
        // A missing file is a 404 (a page can tell a part failed to download);
        // any other path is the app, which routes itself.
        None if crate::server::is_file_path(path) => {
            return (StatusCode::NOT_FOUND, "no such file").into_response();
        }
        None => ("index.html", App::get("index.html")),
    };
    match file {
        Some(f) => {
            let mime = f.metadata.mimetype().to_string();
            let accepted = request
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let copy = ["br", "gzip"].into_iter().find_map(|encoding| {
                let suffix = if encoding == "br" { "br" } else { "gz" };
                accepts(accepted, encoding)
                    .then(|| App::get(&format!("{path}.{suffix}")))
                    .flatten()
                    .map(|c| (encoding, c))
            });
            let vary = (header::VARY, "accept-encoding".to_string());
            match copy {
                Some((encoding, c)) => (
                    [
                        (header::CONTENT_TYPE, mime),
                        (header::CONTENT_ENCODING, encoding.into()),
                        vary,
                    ],
                    c.data.into_owned(),
                )
                    .into_response(),
                None => ([(header::CONTENT_TYPE, mime), vary], f.data.into_owned()).into_response(),
            }
        }
        None => (
            StatusCode::NOT_FOUND,
            "this corscope-lab was built without the app (trunk build, then cargo build --features embed-app)",
        )
            .into_response(),
    }
}

/// Whether an `Accept-Encoding` value accepts `encoding` (named, and not with `q=0`).
fn accepts(header: &str, encoding: &str) -> bool {
    header.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts.next().is_some_and(|name| name.eq_ignore_ascii_case(encoding))
            && !parts.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn files_and_places_in_the_app_are_told_apart() {
        use crate::server::is_file_path;
        assert!(is_file_path("/corscope-1a2b_bg.wasm"));
        assert!(is_file_path("/corscope/split_later-1a2b.wasm.br"));
        assert!(!is_file_path("/some/where"));
        assert!(!is_file_path("/"));
        assert!(!is_file_path("/corscope/"));
        assert!(!is_file_path("/.well-known/"));
    }

    #[test]
    fn accept_encoding_is_read_by_name_and_weight() {
        assert!(super::accepts("gzip, deflate, br, zstd", "br"));
        assert!(super::accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!super::accepts("gzip, br;q=0", "br"));
        assert!(!super::accepts("gzip", "br"));
        assert!(!super::accepts("", "gzip"));
    }
}
