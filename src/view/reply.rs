//! Browser seam: "Balas" moves the form under a comment, as WordPress's `comment-reply.js`
//! does, and "Batalkan balasan" puts it back.
//!
//! Any `a.comment-reply-link` on the page whose `data-respondelement` names this form's
//! `#respond` works: the list's own links and, on a WordPress page, the theme's. Each says
//! which comment it answers (`data-commentid`), under which element the form goes
//! (`data-belowelement`) and the heading to show (`data-replyto`, or "Tinggalkan Balasan ke
//! %s" with `data-author`).

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlElement, Node};

use super::effect;
use super::state::{FormState, ReplyTo};
use crate::i18n::Key;

/// "Batalkan balasan": the form answers the article again, and focus goes back to the
/// "Balas" the reader came from.
pub fn cancel(ev: &Event, state: FormState) {
    ev.prevent_default();
    let near = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    let link = state
        .shown
        .with_untracked(|s| {
            let below = &s.reply_to.as_ref()?.below;
            find_anywhere(near.as_ref()?, below)
        })
        .and_then(|b| b.query_selector(".comment-reply-link").ok().flatten());
    state.reply(None);
    focus(link);
}

/// Lets reply links move the form `respond` (the `#respond` the components rendered, on
/// the page) while its owner lives.
pub fn follow(respond: Element, state: FormState) {
    let respond_id = respond.id();
    // Clicks anywhere on the page (through shadow roots too): theme links live outside.
    let on_click = {
        let respond = respond.clone();
        move |ev: Event| {
            let Some(link) = clicked_link(&ev) else {
                return;
            };
            if link.get_attribute("data-respondelement").as_deref() != Some(respond_id.as_str()) {
                return; // another form's link
            }
            let (Some(id), Some(below)) = (
                link.get_attribute("data-commentid"),
                link.get_attribute("data-belowelement"),
            ) else {
                return;
            };
            ev.prevent_default();
            let title = link.get_attribute("data-replyto").unwrap_or_else(|| {
                let author = link.get_attribute("data-author").unwrap_or_default();
                state.config(|c| c.texts.fill(Key::ReplyTo, &author))
            });
            state.reply(Some(ReplyTo { id, title, below }));
            // Into the text box; the move keeps the focus where it is.
            focus(respond.query_selector("textarea").ok().flatten());
        }
    };
    // On the document's root element, as before the wasm: a theme's handler on `document`
    // that stops the click must not keep it from the form.
    let root: Element = respond
        .owner_document()
        .and_then(|d| d.document_element())
        .expect("a document element");
    let listener = Closure::<dyn FnMut(Event)>::new(on_click);
    let _ = root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    let listener = send_wrapper::SendWrapper::new((root, listener));
    on_cleanup(move || {
        let (root, f) = &*listener;
        let _ = root.remove_event_listener_with_callback("click", f.as_ref().unchecked_ref());
    });

    // Where the form lives when it answers the article.
    let home = respond.parent_node();
    let home_next = respond.next_sibling();
    let last = RefCell::new(None::<ReplyTo>);
    effect(move || {
        let reply = state.shown.with(|s| s.reply_to.clone());
        // Other things shown change too: act only when the answered comment does.
        if *last.borrow() == reply {
            return;
        }
        last.replace(reply.clone());
        match &reply {
            // Until the comment is on the page (a remembered reply, the list still loading),
            // the form stays where it is; the list places it when it shows.
            Some(r) => {
                if let Some(below) = find_anywhere(&respond, &r.below) {
                    place_after(&respond, &below);
                }
            }
            None => {
                let at_home = respond
                    .parent_node()
                    .is_some_and(|p| home.as_ref().is_some_and(|h| p.is_same_node(Some(h))));
                if let (false, Some(home)) = (at_home, &home) {
                    keeping_focus(&respond, &mut || {
                        let _ = home.insert_before(&respond, home_next.as_ref());
                    });
                }
            }
        }
    });
}

fn focus(el: Option<Element>) {
    if let Some(e) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = e.focus();
    }
}

/// Puts the form right after `below`, unless it is there already (a move takes focus away,
/// which [`keeping_focus`] gives back).
pub(super) fn place_after(respond: &Element, below: &Element) {
    if !below
        .next_sibling()
        .is_some_and(|n| n.is_same_node(Some(respond)))
    {
        keeping_focus(respond, &mut || {
            let _ = below.after_with_node_1(respond);
        });
    }
}

/// Runs `move_it` (which moves `respond` in the page) and gives the reader's [`Place`] in
/// the form back. `dyn`, not generic: one copy of it in the wasm for all its callers.
#[inline(never)]
fn keeping_focus(respond: &Element, move_it: &mut dyn FnMut()) {
    let place = Place::take(respond);
    move_it();
    if let Some(place) = place {
        place.restore();
    }
}

/// Where the reader is in a form about to move: the focused field, its caret or selection,
/// and how far it is scrolled. A browser drops the focus of a moved node, and a moved text
/// box starts at its top.
pub(super) struct Place {
    field: HtmlElement,
    caret: Option<(u32, u32)>,
    scroll: i32,
}

impl Place {
    /// The reader's place, when the focus is in `respond`.
    pub(super) fn take(respond: &Element) -> Option<Place> {
        let field = focus_in(respond)?;
        Some(Place {
            caret: selection(&field),
            scroll: field.scroll_top(),
            field,
        })
    }

    /// Puts the focus, the caret or selection and the scroll back: what the move took.
    /// A focus that went on to something else meanwhile (the form sent the reader to its
    /// message) stays there.
    pub(super) fn restore(self) {
        if !focus_on_or_free(&self.field, None) {
            return;
        }
        let _ = self.field.focus();
        if let Some(range) = self.caret {
            select(&self.field, range);
        }
        self.field.set_scroll_top(self.scroll);
    }
}

/// The selection (or the caret, as an empty one) in a text field, where it has one
/// (`type="email"` has none).
pub(crate) fn selection(el: &Element) -> Option<(u32, u32)> {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some((t.selection_start().ok()??, t.selection_end().ok()??));
    }
    let i = el.dyn_ref::<web_sys::HtmlInputElement>()?;
    Some((i.selection_start().ok()??, i.selection_end().ok()??))
}

/// Puts a selection back (a field without a caret refuses, which changes nothing).
pub(crate) fn select(el: &Element, (start, end): (u32, u32)) {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = t.set_selection_range(start, end);
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = i.set_selection_range(start, end);
    }
}

/// The focused element, when it is inside `respond` (through a shadow root too).
pub(crate) fn focus_in(respond: &Element) -> Option<HtmlElement> {
    let node: Node = respond.get_root_node();
    let active = match node.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => respond.owner_document()?.active_element(),
    }?;
    respond
        .contains(Some(&active))
        .then(|| active.dyn_into().ok())
        .flatten()
}

/// Whether the focus is on `on` (`None`: anywhere inside `within`), or nowhere (on the
/// page's body, where a browser drops it): then the widget may move it without taking the
/// reader from something else.
pub(crate) fn focus_on_or_free(within: &Element, on: Option<&Element>) -> bool {
    let Some(document) = within.owner_document() else {
        return false;
    };
    match focus_in(within) {
        Some(focused) => on.is_none_or(|el| el.is_same_node(Some(&focused))),
        None => match document.active_element() {
            None => true,
            Some(active) => document
                .body()
                .is_some_and(|b| b.is_same_node(Some(&active))),
        },
    }
}

/// The reply link a click landed on, through shadow roots too.
fn clicked_link(ev: &Event) -> Option<Element> {
    let path = ev.composed_path();
    path.iter()
        .filter_map(|t| t.dyn_into::<Element>().ok())
        .find(|e| e.class_list().contains("comment-reply-link"))
}

/// An element by id in the tree that holds `near` (the page, or a shadow root).
pub(super) fn find_anywhere(near: &Element, id: &str) -> Option<Element> {
    let node: Node = near.get_root_node();
    if let Some(shadow) = node.dyn_ref::<web_sys::ShadowRoot>() {
        return shadow.get_element_by_id(id);
    }
    near.owner_document()?.get_element_by_id(id)
}
