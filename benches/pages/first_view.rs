//! corscope's first view alone — the request, the server answers and the
//! prediction, with nothing deferred behind them — built and measured like the
//! app, to show what the first view weighs by itself.

use corscope::components::{prediction::Prediction, request_builder::RequestBuilder, server_editor::ServerEditor};
use leptos::prelude::*;

fn main() {
    corscope::mark("corscope-start");
    corscope::install_panic_panel();
    corscope::install_url_parser();
    leptos::mount::mount_to_body(|| {
        corscope::state::provide_inspector();
        view! {
            <main data-testid="app-ready">
                <div class="columns">
                    <div class="column"><RequestBuilder /><ServerEditor /></div>
                    <div class="column"><Prediction /></div>
                </div>
            </main>
        }
    });
    corscope::mark("corscope-interactive");
}
