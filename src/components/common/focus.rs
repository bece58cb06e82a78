//! Moves keyboard and screen-reader focus to a page's heading when the page appears (each step
//! and page announces itself, as the accessibility requirements ask).

use leptos::prelude::*;

/// Focuses the heading once it is in the document.
pub fn focus_on_mount(heading: NodeRef<leptos::html::H1>) {
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
}
