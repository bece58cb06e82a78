//! Entry point of the web app: waits for the deploy's configuration (read by `js/boot.js` while
//! the wasm was downloading), then mounts [`antrean::App`] into `#antrean-app`, which the start-up
//! script shows (and removes its shell) once the page's own content has rendered: a page whose code
//! is a chunk of its own renders a moment later than the main module starts.

use wasm_bindgen::JsCast;

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        antrean::deploy::load().await;
        let root = leptos::prelude::document()
            .get_element_by_id("antrean-app")
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        match root {
            Some(root) => leptos::mount::mount_to(root, antrean::App).forget(),
            None => leptos::mount::mount_to_body(antrean::App),
        }
    });
}
