//! The floor for the page-weight and time-to-interactive benchmarks: a
//! one-button Leptos CSR app, built and measured like corscope itself.

use leptos::prelude::*;

fn main() {
    corscope::mark("corscope-start");
    leptos::mount::mount_to_body(|| {
        let clicks = RwSignal::new(0u32);
        view! {
            <main data-testid="app-ready">
                <button on:click=move |_| clicks.update(|n| *n += 1)>"Clicked " {clicks} " times"</button>
            </main>
        }
    });
    corscope::mark("corscope-interactive");
}
