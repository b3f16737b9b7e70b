//! What stands in for the list when its own wasm cannot be fetched (feature `split`): the
//! list's notice, in the reader's language, with a button that fetches it again.
//!
//! Built with web-sys, not as a Leptos component: the list's own component is in the wasm
//! that did not come, and mounting one more Leptos view from the form's wasm cost that wasm
//! 1.4 KB brotli (`node scripts/size.mjs`, measured with a three-element static view); these
//! few nodes cost a fraction of it. Nothing in the notice changes once shown.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

use crate::i18n::Key;
use crate::view::state::FormState;

/// The notice on the page, before the form; dropped, it leaves the page.
pub struct Notice {
    root: Element,
    _press: Closure<dyn FnMut(Event)>,
}

impl Drop for Notice {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Shows "Komentar belum dapat dimuat." and "Coba lagi" before `host`, with the list's
/// classes and parts, in `form`'s language and theme; the button calls `retry`.
pub fn show(host: &HtmlElement, form: FormState, retry: impl FnMut() + 'static) -> Option<Notice> {
    let doc = host.owner_document()?;
    let (lang, theme) = form.config(|c| (c.texts.lang().tag(), c.theme.name()));
    let element = |name: &str, attributes: &[(&str, &str)]| {
        let e = doc.create_element(name).ok()?;
        for (name, value) in attributes {
            e.set_attribute(name, value).ok()?;
        }
        Some(e)
    };
    let root = element(
        "div",
        &[
            ("class", "comments-area balasan balasan-comments"),
            ("part", "comments"),
            ("lang", lang),
            ("data-theme", theme),
        ],
    )?;
    let alert = element(
        "p",
        &[
            ("class", "balasan-alert"),
            ("role", "alert"),
            ("part", "alert"),
        ],
    )?;
    alert.set_text_content(Some(&(form.text(Key::ListFailed) + " ")));
    let button = element("button", &[("type", "button")])?;
    button.set_text_content(Some(&form.text(Key::Retry)));
    let mut retry = retry;
    let press = Closure::<dyn FnMut(Event)>::new(move |_: Event| retry());
    button
        .add_event_listener_with_callback("click", press.as_ref().unchecked_ref())
        .ok()?;
    alert.append_child(&button).ok()?;
    root.append_child(&alert).ok()?;
    host.before_with_node_1(&root).ok()?;
    Some(Notice {
        root,
        _press: press,
    })
}
