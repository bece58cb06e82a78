//! Entry point of the web app: waits for the deploy's configuration (read by `js/boot.js` while
//! the wasm was downloading), then mounts [`antrean::App`] on the page body.

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        antrean::deploy::load().await;
        leptos::mount::mount_to_body(antrean::App);
    });
}
