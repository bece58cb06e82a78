//! Moves keyboard and screen-reader focus to a page's heading when the page appears (each step
//! and page announces itself, as the accessibility requirements ask).

use leptos::prelude::*;

/// Focuses the heading once it is in the document and shown: in the frame after it was added,
/// since on a deep link the start-up script shows the app only once its page has rendered (an
/// element that is still hidden cannot take focus).
pub fn focus_on_mount<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(element) = target.get() {
            request_animation_frame(move || {
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&element).focus();
            });
        }
    });
}
