//! Browser seam: brings the pre-rendered form to life. The loader put the form's markup on
//! the page (rendered from [`super::markup`]); this finds its parts by id and ties them to
//! [`FormState`]'s signals: what the reader types flows into the state, and what changes
//! (values, errors next to fields, the question, the button, the messages) flows back into
//! the DOM through effects.
//!
//! The widget never re-renders the form, so its nodes stay the reader's: text, caret and
//! focus are untouched when the wasm arrives, and markup that a browser extension,
//! a translation or a theme added around them does no harm. A part that is missing (an
//! adopted theme form without a website field, say) is named in the console and left out.

use std::cell::RefCell;
use std::rc::Rc;

use balasan_core::Field;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

use super::control::set_value;
pub use super::control::value_of;

use super::state::{FormState, Status};
use super::{effect, Ids};
use crate::form::problem_message;
use crate::i18n::Key;

/// An event listener on one of the form's elements.
struct Listener {
    el: Element,
    event: &'static str,
    f: Closure<dyn FnMut(Event)>,
}

/// A bound form. Dropping it removes its listeners; the form's markup stays, what the
/// widget added (the list) goes. Its effects belong to the owner it was bound under, which
/// stops them.
pub struct Bound {
    listeners: Vec<Listener>,
    added: Vec<Element>,
}

impl Drop for Bound {
    fn drop(&mut self) {
        for e in &self.added {
            e.remove();
        }
        for l in &self.listeners {
            let _ =
                l.el.remove_event_listener_with_callback(l.event, l.f.as_ref().unchecked_ref());
        }
    }
}

impl Bound {
    /// Removes `el` (added to the page by the widget) when the form is unbound.
    pub(super) fn keep(&mut self, el: Element) {
        self.added.push(el);
    }

    /// Calls `f` on `event` at `el` until the form is unbound.
    pub(super) fn listen(
        &mut self,
        el: &Element,
        event: &'static str,
        f: impl FnMut(Event) + 'static,
    ) {
        self.listen_boxed(el, event, Box::new(f));
    }

    /// One type for every listener: each closure type given to `Closure::new` would cost the
    /// wasm its own glue.
    fn listen_boxed(&mut self, el: &Element, event: &'static str, f: Box<dyn FnMut(Event)>) {
        let f = Closure::wrap(f);
        let _ = el.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        self.listeners.push(Listener {
            el: el.clone(),
            event,
            f,
        });
    }
}

/// Ties the form in `root` (ids from `ids`) to `state`, speaking its texts. Its effects
/// belong to the current owner.
pub fn bind(root: &HtmlElement, ids: &Ids, state: FormState) -> Bound {
    let mut bound = Bound {
        listeners: Vec::new(),
        added: Vec::new(),
    };
    let text = move |key: Key| state.config(|c| c.texts.get(key).to_owned());
    let find = |base: &str| -> Option<Element> {
        let found = root
            .query_selector(&format!("[id=\"{}\"]", ids.of(base)))
            .ok()
            .flatten();
        if found.is_none() {
            web_sys::console::error_1(
                &format!(
                    "balasan: the form on the page has no #{}; that part is left out",
                    ids.of(base)
                )
                .into(),
            );
        }
        found
    };
    {
        let has_captcha = state.shown.with_untracked(|s| s.challenge.is_some());
        for field in Field::ALL {
            if field == Field::Captcha && !has_captcha {
                continue;
            }
            let Some(el) = find(field.facts().wordpress) else {
                continue;
            };
            bound.listen(&el, "input", move |ev| {
                state.edit(field, value_of(&target(&ev)))
            });
            // Only a different value is written: writing the same one would move the caret.
            let value = state.value(field);
            let control = el.clone();
            effect(move || {
                let v = value.get();
                if value_of(&control) != v {
                    set_value(&control, &v);
                }
            });
            let notes = (field == Field::Email).then(|| ids.of("email-notes"));
            let error_id = ids.error(field);
            let control = el.clone();
            let message = Rc::new(RefCell::new(None::<Element>));
            effect(move || {
                let problem = state.problem(field);
                show_problem(&control, problem, field, &notes, &error_id, &message, text);
            });
        }
        if let Some(consent) = find("wp-comment-cookies-consent") {
            bound.listen(&consent, "change", move |ev| {
                let checked = target(&ev)
                    .dyn_ref::<HtmlInputElement>()
                    .is_some_and(HtmlInputElement::checked);
                state.consent.set(checked);
            });
            effect(move || {
                if let Some(c) = consent.dyn_ref::<HtmlInputElement>() {
                    c.set_checked(state.consent.get());
                }
            });
        }
        if let Some(hp) = find("balasan-hp") {
            bound.listen(&hp, "input", move |ev| {
                state.honeypot.set(value_of(&target(&ev)))
            });
        }
        if has_captcha {
            if let Some(q) = root.query_selector(".balasan-question").ok().flatten() {
                effect(move || {
                    let shown = state
                        .shown
                        .with(|s| s.challenge.as_ref().and_then(|c| c.text()))
                        .unwrap_or_else(|| text(Key::CaptchaLoading));
                    q.set_text_content(Some(&shown));
                });
            }
        }
        if let Some(submit) = find("submit") {
            effect(move || {
                if let Some(b) = submit.dyn_ref::<HtmlInputElement>() {
                    b.set_disabled(state.sending());
                }
            });
        }
        let said = move |(key, arg): (Key, Option<String>)| match arg {
            Some(arg) => state.config(|c| c.texts.fill(key, &arg)),
            None => text(key),
        };
        // Until the reader acts (status Idle), the regions keep what the loader put there
        // (a post sent without the wasm came back stored, say).
        if let Some(alert) = root.query_selector("[role=alert]").ok().flatten() {
            effect(move || {
                if state.shown.with(|s| s.status == Status::Idle) {
                    return;
                }
                let shown = state.shown.with(|s| match &s.status {
                    Status::Invalid(n) => said((Key::Summary, Some(n.to_string()))),
                    Status::NoChallenge => text(Key::CaptchaUnavailable),
                    Status::Done(o) if !o.accepted() => said(o.message()),
                    Status::Told(k, arg, true) => said((*k, arg.clone())),
                    _ => String::new(),
                });
                alert.set_text_content(Some(&shown));
            });
        }
        if let Some(status) = root.query_selector("[role=status]").ok().flatten() {
            effect(move || {
                if state.shown.with(|s| s.status == Status::Idle) {
                    return;
                }
                let shown = state.shown.with(|s| match &s.status {
                    Status::Sending => text(Key::Sending),
                    Status::Done(o) if o.accepted() => said(o.message()),
                    Status::Told(k, arg, false) => said((*k, arg.clone())),
                    _ => String::new(),
                });
                status.set_text_content(Some(&shown));
            });
        }
        if let Some(form) = find("commentform") {
            bound.listen(&form, "submit", move |ev| {
                ev.prevent_default();
                state.submit();
            });
        }
        // Focus moves once per request (the count), not whenever anything else is shown.
        super::reply::bind(&mut bound, root, ids, state);
        #[cfg(feature = "list")]
        super::list::bind(&mut bound, root, ids, state);
        let focus_root = root.clone();
        let focus_ids = ids.clone();
        let done = std::cell::Cell::new(None::<u32>);
        effect(move || {
            let request = state.shown.with(|s| s.focus);
            let seen = request.map(|(_, n)| n);
            if let Some((field, _)) = request.filter(|_| done.replace(seen) != seen) {
                let id = focus_ids.of(field.facts().wordpress);
                if let Some(el) = focus_root
                    .query_selector(&format!("[id=\"{id}\"]"))
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            }
        });
    }
    bound
}

/// A field's error: `aria-invalid`, the message in a `span.balasan-error` right after the
/// input, and `aria-describedby` pointing at it (and at the email note, for the email).
fn show_problem(
    control: &Element,
    problem: Option<balasan_core::Problem>,
    field: Field,
    notes: &Option<String>,
    error_id: &str,
    message: &RefCell<Option<Element>>,
    text: impl Fn(Key) -> String,
) {
    let described = match (notes, problem.is_some()) {
        (Some(n), true) => Some(format!("{n} {error_id}")),
        (Some(n), false) => Some(n.clone()),
        (None, true) => Some(error_id.to_owned()),
        (None, false) => None,
    };
    match described {
        Some(d) => control.set_attribute("aria-describedby", &d).ok(),
        None => control.remove_attribute("aria-describedby").ok(),
    };
    match problem {
        Some(p) => {
            let _ = control.set_attribute("aria-invalid", "true");
            let existing = message.borrow().clone();
            let span = existing.or_else(|| {
                let doc = control.owner_document()?;
                let span = doc.create_element("span").ok()?;
                span.set_class_name("balasan-error");
                span.set_id(error_id);
                let _ = span.set_attribute("part", "error");
                let _ = control.after_with_node_1(&span);
                *message.borrow_mut() = Some(span.clone());
                Some(span)
            });
            if let Some(span) = span {
                span.set_text_content(Some(&text(problem_message(field, p))));
            }
        }
        None => {
            let _ = control.remove_attribute("aria-invalid");
            if let Some(span) = message.borrow_mut().take() {
                span.remove();
            }
        }
    }
}

fn target(ev: &Event) -> Element {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .expect("an event from an element")
}
