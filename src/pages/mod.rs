//! One module per page; a page's private parts live in its folder.

/// Declares `$route`, the route unit of the page component `$page`, whose code (the page and
/// everything only it uses) is split into a chunk of wasm of its own: fetched when the route is
/// first visited, or before that when the browser is idle (`js/chunk-packs.js`).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        lazy_page!(@route $(#[$doc])* $route, (), leptos::prelude::view! { <$page /> });
    };
    // A page with a stylesheet of its own, shown once the stylesheet is there (`browser::stylesheet`).
    ($(#[$doc:meta])* $route:ident => $page:ident, styled by $file:literal) => {
        // (The stylesheet is asked for before the page's chunk, at the same time.)
        lazy_page!(@route $(#[$doc])* $route, { let _ = crate::browser::start_stylesheet($file); }, {
            let styled = async {
                crate::browser::stylesheet($file).await;
                leptos::prelude::view! { <$page /> }
            };
            leptos::prelude::view! { {leptos::prelude::Suspend::new(styled)} }
        });
    };
    (@route $(#[$doc:meta])* $route:ident, $start:expr, $view:expr) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $start;
                $route
            }

            fn view(_route: Self) -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any($view)
            }
        }
    };
}

pub mod booking;
pub mod check_in;
pub mod config_error;
pub mod directory;
pub mod draw;
pub mod hall;
pub mod home;
pub mod mpp;
pub mod not_found;
pub mod service;
pub mod staff;
pub mod tickets;
