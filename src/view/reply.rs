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
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, Node};

use super::bind::Bound;
use super::state::{FormState, ReplyTo};
use super::{effect, Ids};
use crate::i18n::Key;

/// Lets reply links move the form in `root` (the page or a shadow root holding it).
pub fn bind(bound: &mut Bound, root: &HtmlElement, ids: &Ids, state: FormState) {
    let Some(respond) = by_id(root, &ids.of("respond")) else {
        return;
    };
    // Where the form lives when it answers the article.
    let home = respond.parent_node();
    let home_next = respond.next_sibling();
    let respond_id = ids.of("respond");
    let document = root.owner_document().expect("an element in a document");
    let title = by_id(root, &ids.of("reply-title"));
    let cancel = by_id(root, &ids.of("cancel-comment-reply-link"));
    let title_text = title
        .as_ref()
        .and_then(|t| t.first_child())
        .and_then(|n| n.text_content());

    // Clicks anywhere on the page (or in the shadow root): theme links live outside.
    let listen_on: Element = document.document_element().expect("a document element");
    let on_click = {
        let (respond_id, respond) = (respond_id.clone(), respond.clone());
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
    bound.listen(&listen_on, "click", on_click);
    if let Some(cancel) = &cancel {
        let root = root.clone();
        bound.listen(cancel, "click", move |ev: Event| {
            ev.prevent_default();
            // Back to the "Balas" the reader came from.
            let link = state
                .shown
                .with_untracked(|s| {
                    s.reply_to
                        .as_ref()
                        .and_then(|r| find_anywhere(&root, &r.below))
                })
                .and_then(|b| b.query_selector(".comment-reply-link").ok().flatten());
            state.reply(None);
            focus(link);
        });
    }

    // Says where the form went, for readers who hear the page: focus alone lands in a
    // textarea whose label ("Komentar") does not say which comment it answers.
    let said = document.create_element("span").expect("an element");
    said.set_class_name("balasan-sr");
    let _ = said.set_attribute("aria-live", "polite");
    let _ = respond.append_child(&said);
    bound.keep(said.clone());

    let root = root.clone();
    let last = RefCell::new(None::<ReplyTo>);
    effect(move || {
        let reply = state.shown.with(|s| s.reply_to.clone());
        // Other things shown change too: act only when the answered comment does.
        if *last.borrow() == reply {
            return;
        }
        last.replace(reply.clone());
        let heading = match &reply {
            Some(r) => Some(r.title.clone()),
            None => title_text.clone(),
        };
        if let (Some(t), Some(text)) = (title.as_ref().and_then(|t| t.first_child()), heading) {
            t.set_text_content(Some(&text));
        }
        if let Some(c) = &cancel {
            c.toggle_attribute_with_force("hidden", reply.is_none())
                .ok();
        }
        said.set_text_content(reply.as_ref().map(|r| r.title.as_str()));
        match &reply {
            // Until the comment is on the page (a remembered reply, the list still loading),
            // the form stays where it is; the list places it when it shows.
            Some(r) => {
                if let Some(below) = find_anywhere(&root, &r.below) {
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

/// Runs `move_it` (which moves `respond` in the page) and gives focus, caret and selection
/// back to the field of the form that had them: a browser drops the focus of a moved node.
/// `dyn`, not generic: one copy of it in the wasm for all its callers.
#[inline(never)]
pub(super) fn keeping_focus(respond: &Element, move_it: &mut dyn FnMut()) {
    let had = focus_in(respond);
    let caret = had.as_ref().and_then(|el| super::control::selection(el));
    move_it();
    let Some(el) = had else {
        return;
    };
    let _ = el.focus();
    if let Some(range) = caret {
        super::control::select(&el, range);
    }
}

/// The focused element, when it is inside `respond` (through a shadow root too).
fn focus_in(respond: &Element) -> Option<HtmlElement> {
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

/// The reply link a click landed on, through shadow roots too.
fn clicked_link(ev: &Event) -> Option<Element> {
    let path = ev.composed_path();
    path.iter()
        .filter_map(|t| t.dyn_into::<Element>().ok())
        .find(|e| e.class_list().contains("comment-reply-link"))
}

fn by_id(root: &HtmlElement, id: &str) -> Option<Element> {
    root.query_selector(&format!("[id=\"{id}\"]"))
        .ok()
        .flatten()
}

/// An element by id in the tree that holds `near` (the page, or a shadow root).
pub(super) fn find_anywhere(near: &Element, id: &str) -> Option<Element> {
    let node: Node = near.get_root_node();
    if let Some(shadow) = node.dyn_ref::<web_sys::ShadowRoot>() {
        return shadow.get_element_by_id(id);
    }
    near.owner_document()?.get_element_by_id(id)
}
