//! The lab as one program (feature `embed-app`): the app built into the
//! binary is served with no dist folder. Needs Trunk's dist/ at build time
//! (the test command builds it first).
#![cfg(feature = "embed-app")]

use corscope_lab::{start, LabConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_is_served_from_the_binary_without_a_dist_folder() {
    assert!(
        corscope_lab::embedded::has_app(),
        "build the app first: trunk build --release"
    );
    let lab = start(LabConfig {
        embedded_app: true,
        https_port: None,
        ..LabConfig::ephemeral("/nonexistent".into())
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let get = |path: String| {
        let http = http.clone();
        async move {
            let res = http.get(path).send().await.unwrap();
            let kind = res.headers()[reqwest::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .to_string();
            (res.status().as_u16(), kind, res.bytes().await.unwrap())
        }
    };
    let page = lab.page_origin();
    let (status, kind, body) = get(format!("{page}/")).await;
    assert_eq!((status, kind.as_str()), (200, "text/html"));
    let html = String::from_utf8_lossy(&body).to_string();
    let wasm = html
        .split('"')
        .find(|s| s.ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("no wasm in {html}"))
        .trim_start_matches('/')
        .to_string();
    let (status, kind, body) = get(format!("{page}/{wasm}")).await;
    assert_eq!((status, kind.as_str()), (200, "application/wasm"));
    assert_eq!(&body[..4], b"\0asm");
    // Pre-compressed copies, chosen by Accept-Encoding: brotli first, then gzip;
    // each decodes to the file itself.
    let encoded = |accept: &'static str| {
        let http = http.clone();
        let url = format!("{page}/{wasm}");
        async move {
            let res = http.get(url).header("accept-encoding", accept).send().await.unwrap();
            let encoding = res
                .headers()
                .get(reqwest::header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_string());
            assert_eq!(res.headers()[reqwest::header::VARY], "accept-encoding");
            (encoding, res.bytes().await.unwrap())
        }
    };
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist");
    let (encoding, br) = encoded("gzip, deflate, br, zstd").await;
    assert_eq!(encoding.as_deref(), Some("br"));
    assert_eq!(br, std::fs::read(dist.join(format!("{wasm}.br"))).unwrap());
    assert!(br.len() < body.len() / 2, "brotli {} of {} bytes", br.len(), body.len());
    let (encoding, gz) = encoded("gzip, deflate").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    // A gzip member: a 10-byte header (no name), raw deflate, an 8-byte trailer.
    assert_eq!(&gz[..3], b"\x1f\x8b\x08");
    let inflated = miniz_oxide::inflate::decompress_to_vec(&gz[10..gz.len() - 8]).unwrap();
    assert_eq!(inflated, body);
    let (encoding, plain) = encoded("identity").await;
    assert_eq!((encoding, plain), (None, body));
    // A missing file is a 404, not the app.
    let (status, _, _) = get(format!("{page}/split_gone-0000.wasm")).await;
    assert_eq!(status, 404);
    // Any other path is the app (it routes itself).
    let (status, kind, _) = get(format!("{page}/some/where")).await;
    assert_eq!((status, kind.as_str()), (200, "text/html"));
}
