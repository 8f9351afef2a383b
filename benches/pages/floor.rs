//! The floor for the page-weight and time-to-interactive benchmarks: a
//! one-button Leptos CSR app, built and measured like corscope itself.

use leptos::prelude::*;

/// The benchmark marks, as corscope sets them (not corscope's own `mark`:
/// linking its library would bring its split points' code in).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn main() {
    mark("corscope-start");
    leptos::mount::mount_to_body(|| {
        let clicks = RwSignal::new(0u32);
        view! {
            <main data-testid="app-ready">
                <button on:click=move |_| clicks.update(|n| *n += 1)>"Clicked " {clicks} " times"</button>
            </main>
        }
    });
    mark("corscope-interactive");
}
