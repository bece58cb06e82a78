//! Moves keyboard and screen-reader focus to what a change brings: a page's heading when the page
//! appears (each step and page announces itself, as the accessibility requirements ask), a
//! question or a notice when it appears.

use std::cell::RefCell;

use leptos::prelude::*;

/// Where the visit is, for focus: the first page keeps the browser's own starting point (the skip
/// link first), every page after it takes focus.
enum Visit {
    /// No page shown yet.
    Starting,
    /// Still on the address the visit started on (the first page may render twice, when the
    /// language is settled).
    OnFirstPage(String),
    /// Gone to another page, or shown a page that always takes focus (a booking step, a checklist).
    Moved,
}

thread_local! {
    static VISIT: RefCell<Visit> = const { RefCell::new(Visit::Starting) };
}

/// Whether the citizen has left the page the visit started on.
fn navigated() -> bool {
    // The router's location: it changes before the next page renders (the address bar only once
    // that page's code has arrived).
    let location = leptos_router::hooks::use_location();
    let here = format!("{}?{}", location.pathname.get_untracked(), location.search.get_untracked());
    VISIT.with(|visit| {
        let mut visit = visit.borrow_mut();
        let moved = match &*visit {
            Visit::Moved => true,
            Visit::OnFirstPage(first) => *first != here,
            Visit::Starting => false,
        };
        *visit = if moved { Visit::Moved } else { Visit::OnFirstPage(here) };
        moved
    })
}

/// Focuses the element once it is in the document and shown: in the frame after it was added,
/// since on a deep link the start-up script shows the app only once its page has rendered (an
/// element that is still hidden cannot take focus).
pub fn focus_on_mount<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + Send + Sync + 'static,
{
    // A page that always takes focus has been shown: any later page counts as reached from it.
    VISIT.with(|visit| {
        let mut visit = visit.borrow_mut();
        if matches!(*visit, Visit::Starting) {
            *visit = Visit::Moved;
        }
    });
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
