//! Entry point of the web app: mounts [`antrean::App`] on the page body.

fn main() {
    leptos::mount::mount_to_body(antrean::App);
}
