//! The widget as a component for Leptos apps: `<Comments endpoint=… />` puts the whole
//! comment section (the list and the "Tinggalkan Balasan" form) where it stands, with the
//! same settings as the script tag's attributes.
//!
//! # Usage
//! ```no_run
//! use balasan::Comments;
//! use leptos::prelude::*;
//!
//! #[component]
//! fn Article() -> impl IntoView {
//!     view! {
//!         <article>"…"</article>
//!         <Comments endpoint="https://kabar.contoh.id/api/comments" post_id="123" />
//!     }
//! }
//! ```

use leptos::html::Div;
use leptos::prelude::*;

use crate::mount::{mount, Mounted};

/// The comment section of one article: mounted when it is on the page, and gone with
/// everything it holds (signals, listeners, requests) when the component is.
#[component]
pub fn Comments(
    /// Where comments are sent (`data-endpoint`).
    #[prop(into)]
    endpoint: String,
    /// The article's id at the backend (`data-post-id`); the page's path when empty.
    #[prop(into, optional)]
    post_id: String,
    /// Any other setting, by its attribute name on the script tag:
    /// `vec![("data-lang".into(), "en".into())]`. A bad one is named in the console.
    #[prop(optional)]
    settings: Vec<(String, String)>,
) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    // Held by the component's owner: when the component goes, so does the mounted
    // section (its form, list, listeners and requests).
    let mounted = StoredValue::new_local(None::<Mounted>);
    let mut all = vec![("data-endpoint".to_owned(), endpoint)];
    if !post_id.is_empty() {
        all.push(("data-post-id".to_owned(), post_id));
    }
    all.extend(settings);
    let all = StoredValue::new(all);
    // Once the element is on the page: the form finds its place (ids free on the page,
    // reply links) from there.
    Effect::new(move || {
        if let Some(el) = host.get() {
            if mounted.with_value(Option::is_none) {
                let settings = all.get_value();
                // Untracked: nothing the mount reads may re-run this effect, whose re-run
                // would clean the section's owner up under it.
                mounted.set_value(Some(untrack(|| mount(&el, settings))));
            }
        }
    });
    // The list goes before the form's element: inside the section's own element, not
    // among the app's nodes.
    view! {
        <div class="balasan-host">
            <div node_ref=host></div>
        </div>
    }
}
