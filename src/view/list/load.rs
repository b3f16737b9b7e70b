//! Browser seam: the list on the page. Mounts [`CommentList`] before the form's element,
//! loads pages into it (aborted when the form goes), adds the reader's accepted comment,
//! and keeps the form under the comment it answers as the thread changes.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, HtmlElement};

use super::{CommentList, ListState};
use crate::list::loaded::Loaded;
use crate::list::{Body, ListComment};
use crate::presets::ListAsk;
use crate::send;
use crate::view::effect;
use crate::view::reply::{find_anywhere, place_after, Place};
use crate::view::state::FormState;

/// Puts the list of `form` before `host`, and loads it. The handle takes it off the page;
/// its effects and requests belong to the form's owner, which stops and aborts them.
pub fn bind(host: &HtmlElement, form: FormState) -> Option<Box<dyn std::any::Any>> {
    let list = ListState::new(form, clock)?;
    let doc = host.owner_document()?;
    let holder: HtmlElement = doc.create_element("div").ok()?.unchecked_into();
    let handle = mount_to(holder.clone(), move || view! { <CommentList list /> });
    let root = holder.first_element_child()?;
    let _ = host.before_with_node_1(&root);
    list.root.set_value(Some(root));
    on_cleanup(move || {
        list.loading
            .with_value(|l| l.iter().for_each(AbortController::abort))
    });
    load(list, None);
    effect(move || {
        // Tracks the status: an accepted send is taken once, then shown.
        form.shown.track();
        if let Some(sent) = form.take_accepted() {
            let comment = ListComment {
                id: String::new(),
                parent: sent.parent,
                author: sent.comment.author,
                url: sent.comment.url,
                body: Body::Text(sent.comment.content),
                created: clock().0,
                pending: sent.pending,
            };
            let id = sent.id;
            wasm_bindgen_futures::spawn_local(show(list, move |l| l.add_own(comment, id)));
        }
    });
    Some(Box::new(handle))
}

/// Unix seconds now, and the reader's offset from UTC.
fn clock() -> (i64, i64) {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i64) * 60;
    ((js_sys::Date::now() / 1000.0) as i64, offset)
}

impl ListState {
    /// "Muat komentar lainnya".
    pub(super) fn more(&self) {
        let next = self.loaded.with_untracked(|l| l.next.clone());
        load(*self, next);
    }

    /// The notice's retry button: the page that failed, again.
    pub(super) fn retry(&self) {
        if let Some(page) = self.loaded.try_update(Loaded::retry).flatten() {
            load(*self, page);
        }
    }
}

/// Fetches a page (the first, or the one `next` names) into the list; on failure, the
/// notice with its retry button.
fn load(list: ListState, next: Option<String>) {
    let fixed = list.fixed();
    let ask = ListAsk {
        next,
        ..fixed.ask.clone()
    };
    let Some(url) = fixed.reader.list_url(&fixed.base, &ask) else {
        return;
    };
    let reader = fixed.reader;
    let timeout = list.form.config(|c| c.backend.timeout_ms);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        // Each request has its own controller: its timeout aborts it alone.
        list.loading.update_value(|l| l.push(controller.clone()));
        let answer = send::get(&url, timeout, Some(&controller)).await;
        if list.form.gone() {
            return; // unmounted meanwhile: aborted, nothing to show
        }
        list.loading
            .update_value(|l| l.retain(|c| *c != controller));
        match answer.ok().and_then(|reply| reader.read_list(&reply, &ask)) {
            Some(page) => show(list, move |l| l.add_page(page)).await,
            None => {
                web_sys::console::error_1(
                    &("balasan: the comment list could not be read from ".to_owned() + &url).into(),
                );
                list.loaded.update(|l| l.failed(ask.next));
            }
        }
    });
}

/// Changes what the list holds and, once the page shows it, puts the form under the
/// comment it answers: a remembered reply finds its comment once it is loaded, and a
/// comment that moved (its parent came on a later page) takes the form along. The reader's
/// focus, caret, selection and the text box's scroll stay where they were.
async fn show(list: ListState, change: impl FnOnce(&mut Loaded)) {
    if list.form.gone() {
        return; // unmounted before this ran: its signals are gone
    }
    let root = list.root.get_value();
    let respond = root
        .as_ref()
        .and_then(|r| find_anywhere(r, &list.fixed().respond_id));
    let place = respond.as_ref().and_then(Place::take);
    list.loaded.update(|l| {
        change(l);
        l.now = clock().0;
    });
    // The signal wakes every render effect it changes at once, each queued on the
    // executor before this task's next turn: after one tick the page shows the change
    // (a comment's new replies included, built with it). The browser test
    // `the_form_goes_along_when_the_comment_it_answers_moves_in_the_thread` holds it to that.
    leptos::task::tick().await;
    let (Some(root), Some(respond)) = (root, respond.filter(|_| !list.form.gone())) else {
        return;
    };
    let reply = list.form.shown.with_untracked(|s| s.reply_to.clone());
    match reply.and_then(|r| find_anywhere(&root, &r.below)) {
        Some(below) => place_after(&respond, &below),
        // Its comment went with the form inside it: the form goes home (the reply
        // module's effect moves it, a turn later).
        None if !respond.is_connected() => {
            list.form.reply(None);
            leptos::task::tick().await;
        }
        None => {}
    }
    if let Some(place) = place.filter(|_| !list.form.gone()) {
        place.restore();
    }
}
