//! corscope's single-page app: build a request, run it for real from the
//! page's own origin, and show what the browser let the page see.

pub mod components;
pub mod probe;

use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="top">
            <h1>"corscope"</h1>
            <p class="tagline">"What does the browser really do with your cross-origin request — and why?"</p>
        </header>
        <main data-testid="app-ready">
            <components::probe_panel::ProbePanel />
        </main>
    }
}
