//! Mounts the corscope app; everything else lives in the library.

fn main() {
    corscope::mark("corscope-start");
    corscope::install_panic_panel();
    corscope::install_url_parser();
    leptos::mount::mount_to_body(corscope::App);
    corscope::mark("corscope-interactive");
}
