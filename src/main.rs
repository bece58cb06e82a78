//! Entry point of the web app: waits for the deploy's configuration (read by `js/boot.js` while
//! the wasm was downloading), then mounts [`antrean::App`] on the page body.

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        antrean::deploy::load().await;
        // The start-up script's shell (the first screen's text, painted before the wasm arrived)
        // gives way to the app in the same frame.
        if let Some(shell) = leptos::prelude::document().get_element_by_id("antrean-shell") {
            shell.remove();
        }
        leptos::mount::mount_to_body(antrean::App);
    });
}
