//! Moves keyboard and screen-reader focus to what a change brings: a page's heading when the page
//! appears (each step and page announces itself, as the accessibility requirements ask), a
//! question or a notice when it appears.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

thread_local! {
    /// The address the visit started on, until the citizen has gone to another page of the app:
    /// the first page keeps the browser's own starting point (the skip link first), every page
    /// after it takes focus. (The first page may render twice, when the language is settled.)
    static FIRST_ADDRESS: RefCell<Option<String>> = const { RefCell::new(None) };
    static NAVIGATED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the citizen has left the page the visit started on.
fn navigated() -> bool {
    if NAVIGATED.with(Cell::get) {
        return true;
    }
    // The router's location: it changes before the next page renders (the address bar only once
    // that page's code has arrived).
    let location = leptos_router::hooks::use_location();
    let here = format!("{}?{}", location.pathname.get_untracked(), location.search.get_untracked());
    let moved = FIRST_ADDRESS.with(|first| {
        let mut first = first.borrow_mut();
        *first.get_or_insert_with(|| here.clone()) != here
    });
    NAVIGATED.with(|navigated| navigated.set(moved));
    moved
}

/// Focuses the element once it is in the document and shown: in the frame after it was added,
/// since on a deep link the start-up script shows the app only once its page has rendered (an
/// element that is still hidden cannot take focus).
pub fn focus_on_mount<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + Send + Sync + 'static,
{
    navigated();
    Effect::new(move |_| {
        if let Some(element) = target.get() {
            request_animation_frame(move || {
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&element).focus();
            });
        }
    });
}

/// For a page's heading: focuses it when the page was reached from another page of the app, not
/// when it is the first page of the visit.
pub fn focus_on_navigation<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + Send + Sync + 'static,
{
    if navigated() {
        focus_on_mount(target);
    }
}
