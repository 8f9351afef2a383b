//! Raw DEFLATE (RFC 1951) with the browser's own `CompressionStream` and
//! `DecompressionStream` ('deflate-raw'), for permalinks (#18: no DEFLATE
//! code in the wasm; natively the engine uses miniz_oxide, feature `deflate`).
//! <https://compression.spec.whatwg.org/>

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream` (web-sys has it only behind its unstable APIs).
    #[wasm_bindgen(js_name = CompressionStream)]
    type CompressionStream;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(js_name = DecompressionStream)]
    type DecompressionStream;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// Why data could not be unpacked.
#[derive(Debug, PartialEq)]
pub enum Unpack {
    /// Not a whole raw DEFLATE stream (cut short, or damaged).
    Damaged,
    /// It would unpack to more than the limit.
    TooLarge,
    /// This browser has no DecompressionStream.
    Unsupported,
}

fn stream_of(bytes: &[u8]) -> Result<web_sys::ReadableStream, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    Ok(web_sys::Blob::new_with_u8_array_sequence(&parts)?.stream())
}

/// Reads a stream to its end, at most `limit` bytes (`None`: more than that).
async fn read_all(stream: web_sys::ReadableStream, limit: usize) -> Result<Option<Vec<u8>>, JsValue> {
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let step = JsFuture::from(reader.read()).await?;
        if Reflect::get(&step, &"done".into())?.as_bool().unwrap_or(true) {
            return Ok(Some(out));
        }
        let chunk: Uint8Array = Reflect::get(&step, &"value".into())?.unchecked_into();
        if out.len() + chunk.length() as usize > limit {
            let _ = reader.cancel();
            return Ok(None);
        }
        out.extend_from_slice(&chunk.to_vec());
    }
}

/// `bytes` packed with raw DEFLATE.
pub async fn pack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let run = async {
        let transform = CompressionStream::new("deflate-raw")?;
        let packed = stream_of(bytes)?.pipe_through(transform.unchecked_ref());
        read_all(packed, usize::MAX).await
    };
    match run.await {
        Ok(Some(packed)) => Ok(packed),
        _ => Err("this browser cannot compress a link (no CompressionStream 'deflate-raw')".into()),
    }
}

/// Raw DEFLATE data unpacked, at most `limit` bytes.
pub async fn unpack(packed: &[u8], limit: usize) -> Result<Vec<u8>, Unpack> {
    let Ok(transform) = DecompressionStream::new("deflate-raw") else {
        return Err(Unpack::Unsupported);
    };
    let Ok(input) = stream_of(packed) else {
        return Err(Unpack::Damaged);
    };
    // A stream cut short or damaged errors the read (a TypeError).
    match read_all(input.pipe_through(transform.unchecked_ref()), limit).await {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Unpack::TooLarge),
        Err(_) => Err(Unpack::Damaged),
    }
}
