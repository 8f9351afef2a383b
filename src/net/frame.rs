//! Runs a request from the lab's same-origin page (`crates/lab/src/frame.rs`):
//! the lab's app origin answers no scenario, so a request a page sends to its
//! own origin is sent from a page on the lab's frame origin, which this page
//! frames and asks by `postMessage` (`corscope_engine::lab::FRAME_PATH` has
//! the messages). Only the answer of that frame, from that origin, is taken.

use super::probe::Observed;
use corscope_engine::RequestSpec;
use futures::channel::oneshot;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long the frame may take to load before a run says it could not.
const READY_MS: i32 = 10_000;

struct Frame {
    origin: String,
    element: web_sys::HtmlIFrameElement,
    ready: bool,
    waiting: Vec<oneshot::Sender<()>>,
    pending: HashMap<u32, oneshot::Sender<String>>,
    next: u32,
}

thread_local! {
    static FRAME: RefCell<Option<Frame>> = const { RefCell::new(None) };
    static LISTENING: RefCell<bool> = const { RefCell::new(false) };
}

fn rejected(message: &str) -> Observed {
    Observed::Rejected {
        name: "Error".into(),
        message: format!("corscope could not use the lab's same-origin page: {message}"),
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Takes the frame's messages: from its origin and its window only.
fn on_message(event: web_sys::MessageEvent) {
    FRAME.with(|cell| {
        let mut cell = cell.borrow_mut();
        let Some(frame) = cell.as_mut() else { return };
        let from_frame = frame
            .element
            .content_window()
            .zip(event.source())
            .is_some_and(|(w, s)| js_sys::Object::is(w.as_ref(), s.as_ref()));
        if event.origin() != frame.origin || !from_frame {
            return;
        }
        let data = event.data();
        match get(&data, "corscope").as_string().as_deref() {
            Some("ready") => {
                frame.ready = true;
                for w in frame.waiting.drain(..) {
                    let _ = w.send(());
                }
            }
            Some("ran") => {
                let id = get(&data, "id").as_f64().unwrap_or(-1.0) as u32;
                if let (Some(tx), Some(observed)) = (frame.pending.remove(&id), get(&data, "observed").as_string()) {
                    let _ = tx.send(observed);
                }
            }
            _ => {}
        }
    });
}

/// The frame on `origin`, made (and its listener installed) on first use.
fn ensure(origin: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    super::listen_to_messages(&LISTENING, on_message)?;
    if FRAME.with(|f| f.borrow().as_ref().is_some_and(|f| f.origin == origin)) {
        return Ok(());
    }
    let document = window.document().ok_or("no document")?;
    let element: web_sys::HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| "cannot make a frame")?
        .unchecked_into();
    let parent = window.location().origin().map_err(|_| "no origin")?;
    let parent: String = js_sys::encode_uri_component(&parent).into();
    element.set_src(&format!("{origin}{}?parent={parent}", corscope_engine::lab::FRAME_PATH));
    element.set_title("corscope lab: same-origin page (runs requests to its own origin)");
    let _ = element.set_attribute("hidden", "");
    let _ = element.set_attribute("data-testid", "lab-frame");
    document
        .body()
        .ok_or("no body")?
        .append_child(&element)
        .map_err(|_| "cannot add the frame")?;
    FRAME.with(|f| {
        if let Some(old) = f.borrow_mut().replace(Frame {
            origin: origin.to_string(),
            element,
            ready: false,
            waiting: vec![],
            pending: HashMap::new(),
            next: 0,
        }) {
            old.element.remove();
        }
    });
    Ok(())
}

/// Runs `request` (fetching `url`, on `origin`) from the lab's same-origin page there.
pub async fn run(request: &RequestSpec, url: &str, origin: &str) -> Observed {
    if let Err(e) = ensure(origin) {
        return rejected(&e);
    }
    // Wait until the frame says it is ready.
    let ready = FRAME.with(|f| {
        let mut f = f.borrow_mut();
        let frame = f.as_mut()?;
        if frame.ready {
            return None;
        }
        let (tx, rx) = oneshot::channel();
        frame.waiting.push(tx);
        Some(rx)
    });
    if let Some(rx) = ready {
        use futures::future::{select, Either};
        match select(rx, Box::pin(super::sleep(READY_MS))).await {
            Either::Left((Ok(()), _)) => {}
            _ => return rejected(&format!("{origin} did not answer (is the lab still running?)")),
        }
    }
    let Ok(request_json) = serde_json::to_string(request) else {
        return rejected("the request cannot be written");
    };
    let (tx, rx) = oneshot::channel();
    let posted = FRAME.with(|f| -> Result<(), String> {
        let mut f = f.borrow_mut();
        let frame = f.as_mut().ok_or("no frame")?;
        let id = frame.next;
        frame.next += 1;
        let target = frame.element.content_window().ok_or("the frame has no window")?;
        let ask = js_sys::Object::new();
        for (k, v) in [
            ("corscope", JsValue::from_str("run")),
            ("id", JsValue::from(id)),
            ("url", JsValue::from_str(url)),
            ("request", JsValue::from_str(&request_json)),
        ] {
            let _ = js_sys::Reflect::set(&ask, &JsValue::from_str(k), &v);
        }
        target
            .post_message(&ask, &frame.origin)
            .map_err(|_| "the frame cannot be asked".to_string())?;
        frame.pending.insert(id, tx);
        Ok(())
    });
    if let Err(e) = posted {
        return rejected(&e);
    }
    match rx.await {
        Ok(json) => serde_json::from_str(&json).unwrap_or_else(|e| rejected(&format!("its answer is unreadable: {e}"))),
        Err(_) => rejected("the frame went away"),
    }
}
