//! The built app inside the binary (feature `embed-app`): Trunk's `dist/`,
//! built before the lab, served on the page origin with `index.html` for
//! every path that is no file (the app routes itself).

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../dist/"]
struct App;

/// Whether the binary holds a built app (a release built before `trunk build` has none).
pub fn has_app() -> bool {
    App::get("index.html").is_some()
}

/// One embedded file, or `index.html`.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let file = App::get(path).or_else(|| App::get("index.html"));
    match file {
        Some(f) => {
            let mime = f.metadata.mimetype().to_string();
            ([(header::CONTENT_TYPE, mime)], f.data.into_owned()).into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            "this corscope-lab was built without the app (trunk build, then cargo build --features embed-app)",
        )
            .into_response(),
    }
}
