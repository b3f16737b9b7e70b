//! Browser seam: the list on the page. Mounts [`CommentList`] before the form's element,
//! loads pages into it (aborted when the form goes), adds the reader's accepted comment,
//! and keeps the form under the comment it answers as the thread changes.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, HtmlElement};

#[cfg(feature = "split")]
use super::unavailable;
use super::{CommentList, ListState};
use crate::list::loaded::Loaded;
use crate::list::{Body, ListComment};
use crate::presets::ListAsk;
use crate::send;
use crate::storage;
use crate::view::effect;
use crate::view::reply::{find_anywhere, focus_in, focus_on_or_free, place_after, Place};
use crate::view::state::FormState;

/// Puts the list of `form` before `host`, and loads it. The handle takes it off the page;
/// its effects and requests belong to the form's owner, which stops and aborts them.
#[cfg(not(feature = "split"))]
pub fn bind(host: &HtmlElement, form: FormState) -> Option<Box<dyn std::any::Any>> {
    mount_list(host, form, false)
}

/// Puts the list of `form` before `host` once its code has come (feature `split`: the
/// list's code is a wasm of its own, fetched now), and loads it. The handle takes it off
/// the page, or keeps it from coming when the form goes first. While the code cannot be
/// fetched, the list's notice stands in its place, with a button that tries again; the
/// form goes on without it.
#[cfg(feature = "split")]
pub fn bind(host: &HtmlElement, form: FormState) -> Option<Box<dyn std::any::Any>> {
    // A form whose list does not show does not fetch its code.
    ListState::new(form, clock)?;
    let slot: Slot = Default::default();
    PendingList {
        host: host.clone(),
        form,
        owner: Owner::current()?,
        slot: std::rc::Rc::downgrade(&slot),
        fetching: Default::default(),
    }
    .fetch(false);
    // The form holds the only strong reference: when it goes, so does what is in it.
    Some(Box::new(slot))
}

/// Where a form's list goes once mounted, or the notice standing in for it.
#[cfg(feature = "split")]
type Slot = std::rc::Rc<Held>;
#[cfg(feature = "split")]
type Held = std::cell::RefCell<Option<Box<dyn std::any::Any>>>;

/// The list of a form whose code is on its way.
#[cfg(feature = "split")]
#[derive(Clone)]
struct PendingList {
    host: HtmlElement,
    form: FormState,
    owner: Owner,
    /// The form's slot, held weakly: a fetch on its way or the notice's button keeps
    /// nothing on the page once the form is gone.
    slot: std::rc::Weak<Held>,
    /// A fetch is on its way: the notice's button does nothing meanwhile.
    fetching: std::rc::Rc<std::cell::Cell<bool>>,
}

#[cfg(feature = "split")]
impl PendingList {
    /// Fetches the list's code and mounts the list, in place of the notice if one is
    /// shown (`from_button`: the notice's button was pressed).
    fn fetch(self, from_button: bool) {
        if self.fetching.replace(true) {
            return;
        }
        // The reader pressed the notice's button from there: the list's first comment gets
        // the focus when it shows (the notice and its button leave).
        let focused = from_button
            && self
                .host
                .previous_element_sibling()
                .is_some_and(|notice| focus_in(&notice).is_some());
        wasm_bindgen_futures::spawn_local(async move {
            // An Err: the glue's link to the list's wasm said why in the console
            // (scripts/post-build.mjs).
            let result = later(self.host.clone(), self.form, self.owner.clone(), focused).await;
            self.fetching.set(false);
            let Some(slot) = self.slot.upgrade().filter(|_| !self.form.gone()) else {
                return;
            };
            let shown: Option<Box<dyn std::any::Any>> = match result {
                // The notice's handle goes with the old value: it leaves the page.
                Ok(Some(mounted)) => Some(Box::new(mounted)),
                Ok(None) => return,
                // The notice stays, or comes.
                Err(_) if from_button => return,
                Err(_) => {
                    let again = self.clone();
                    let notice =
                        unavailable::show(&self.host, self.form, move || again.clone().fetch(true));
                    notice.map(|n| Box::new(n) as Box<dyn std::any::Any>)
                }
            };
            let old = slot.replace(shown);
            drop(old);
        });
    }
}

/// What the list's own wasm runs: [`mount_list`] within the form's owner, unless the form
/// went while the code came.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(list, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later(
    host: HtmlElement,
    form: FormState,
    owner: Owner,
    focused: bool,
) -> Result<
    Option<send_wrapper::SendWrapper<Box<dyn std::any::Any>>>,
    leptos::wasm_split::SplitLoaderError,
> {
    if form.gone() {
        return Ok(None);
    }
    Ok(owner
        .with(|| mount_list(&host, form, focused))
        .map(send_wrapper::SendWrapper::new))
}

/// The list, mounted before `host`, its first page asked for. `focused`: the reader asked
/// for the list from a button that is gone (the notice's): the first comment that shows
/// gets the focus, unless the reader went on elsewhere.
fn mount_list(
    host: &HtmlElement,
    form: FormState,
    focused: bool,
) -> Option<Box<dyn std::any::Any>> {
    let list = ListState::new(form, clock)?;
    let doc = host.owner_document()?;
    let holder: HtmlElement = doc.create_element("div").ok()?.unchecked_into();
    let handle = mount_to(holder.clone(), move || view! { <CommentList list /> });
    let root = holder.first_element_child()?;
    let _ = host.before_with_node_1(&root);
    list.root.set_value(Some(root));
    form.listed();
    on_cleanup(move || {
        list.loading
            .with_value(|l| l.iter().for_each(AbortController::abort))
    });
    load(list, None, focused);
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
            if !sent.pending {
                // A reload soon after must not get a cached list from before it.
                let thread = list.fixed().ask.thread.clone();
                storage::Published::mark(&thread, js_sys::Date::now() as u64);
            }
            let (id, reply) = (sent.id, comment.parent.is_some());
            let backend_id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                show(list, false, move |l| l.add_own(comment, id)).await;
                if reply && !list.form.gone() {
                    list.focus_own_reply(backend_id);
                }
            });
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
        // Pressed from the keyboard (or a browser that focuses what is clicked): then the
        // focus has somewhere to go when the last page hides the button.
        let focused = self.root.get_value().is_some_and(|root| {
            let more = root.query_selector(".balasan-more").ok().flatten();
            focus_in(&root).is_some_and(|f| more.is_some_and(|m| m.is_same_node(Some(&f))))
        });
        load(*self, next, focused);
    }

    /// After "Muat komentar lainnya", pressed with the focus on it, brought the last page,
    /// which hides it: the focus goes to the first of the comments it brought (that the
    /// page shows), not to the top of the page. The same for the `first` page, asked for
    /// from the notice that stood in for the list. Not once the reader went on elsewhere.
    fn focus_brought(&self, brought: &[String], first: bool) {
        if self.form.gone() || brought.is_empty() {
            return;
        }
        let Some(root) = self.root.get_value() else {
            return;
        };
        let Some(more) = root.query_selector(".balasan-more").ok().flatten() else {
            return;
        };
        let free = if first {
            focus_on_or_free(&root, None)
        } else {
            more.has_attribute("hidden") && focus_on_or_free(&root, Some(&more))
        };
        if free {
            brought.iter().any(|id| focus_comment(&root, id));
        }
    }

    /// After the reader's reply was sent: the focus goes to it (`id`: the backend's id for
    /// it, if it said one), in its place in the thread (which shows it "awaiting
    /// moderation" where it is held), so the reader stays where they were while the form
    /// goes home. Only from the form (or from nowhere).
    fn focus_own_reply(&self, id: Option<String>) {
        let Some(root) = self.root.get_value() else {
            return;
        };
        let respond = find_anywhere(&root, &self.fixed().respond_id);
        if !respond.is_some_and(|r| focus_on_or_free(&r, None)) {
            return;
        }
        let id = id.or_else(|| {
            self.loaded.with_untracked(|l| {
                let own = l.comments.iter().rev().find(|c| c.is_own());
                own.map(|c| c.id.clone())
            })
        });
        if let Some(id) = id {
            focus_comment(&root, &id);
        }
    }

    /// The reader came by a link to the comments (`#comments`, `#comment-N`), which found
    /// nothing while only the form was on the page: now that the first page shows, the
    /// page goes there, as the browser would have (to the form, where an article has no
    /// comment yet: the list then takes no room).
    fn go_to_link(&self) {
        if self.form.gone() {
            return;
        }
        let Some(root) = self.root.get_value() else {
            return;
        };
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let Some(id) = hash
            .strip_prefix('#')
            .filter(|id| *id == root.id() || id.starts_with("comment-"))
        else {
            return;
        };
        let target = match find_anywhere(&root, id) {
            Some(el) if !el.has_attribute("hidden") => Some(el),
            _ if id == root.id() => find_anywhere(&root, &self.fixed().respond_id),
            _ => None,
        };
        if let Some(target) = target {
            target.scroll_into_view();
        }
    }

    /// The notice's retry button: the page that failed, again.
    pub(super) fn retry(&self) {
        if let Some(page) = self.loaded.try_update(Loaded::retry).flatten() {
            load(*self, page, false);
        }
    }
}

/// Fetches a page (the first, or the one `next` names) into the list; on failure, the
/// notice with its retry button. `focused`: "Muat komentar lainnya" had the focus.
fn load(list: ListState, next: Option<String>, focused: bool) {
    let fixed = list.fixed();
    let ask = ListAsk {
        fresh: storage::Published::fresh(&fixed.ask.thread, js_sys::Date::now() as u64),
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
            Some(page) => {
                // A page asked for from a focused button ("Muat komentar lainnya", or the
                // notice's "Coba lagi"): its comments, for the focus.
                let brought: Vec<String> = if focused {
                    page.comments.iter().map(|c| c.id.clone()).collect()
                } else {
                    Vec::new()
                };
                let first = ask.next.is_none();
                show(list, first, move |l| l.add_page(page)).await;
                list.focus_brought(&brought, first);
                if first {
                    list.go_to_link();
                }
            }
            None => {
                web_sys::console::error_1(
                    &("balasan: the comment list could not be read from ".to_owned() + &url).into(),
                );
                list.loaded.update(|l| l.failed(ask.next));
            }
        }
    });
}

/// Puts the focus on the comment `id` (its `article`, focusable by script only, not a stop
/// for Tab); `false` when the page does not show it.
fn focus_comment(root: &web_sys::Element, id: &str) -> bool {
    let Some(el) = find_anywhere(root, &format!("div-comment-{id}"))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return false;
    };
    let _ = el.set_attribute("tabindex", "-1");
    let _ = el.focus();
    true
}

/// Changes what the list holds and, once the page shows it, puts the form under the
/// comment it answers: a remembered reply finds its comment once it is loaded, and a
/// comment that moved (its parent came on a later page) takes the form along. The reader's
/// focus, caret, selection and the text box's scroll stay where they were.
async fn show(list: ListState, first: bool, change: impl FnOnce(&mut Loaded)) {
    if list.form.gone() {
        return; // unmounted before this ran: its signals are gone
    }
    let root = list.root.get_value();
    let respond = root
        .as_ref()
        .and_then(|r| find_anywhere(r, &list.fixed().respond_id));
    let place = respond.as_ref().and_then(Place::take);
    // The first page arrives above a form the reader may already be at.
    let seen_at = respond
        .as_ref()
        .filter(|_| first && !anchors_scroll())
        .and_then(reader_at);
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
    // The form the reader is at stays where it is on screen, whatever came above it, as
    // scroll anchoring keeps it where the browser has that (not Safari, at the time of
    // writing).
    if let (Some(before), Some(window)) = (seen_at, web_sys::window()) {
        let moved = respond.get_bounding_client_rect().top() - before;
        if moved.abs() >= 1.0 {
            window.scroll_by_with_x_and_y(0.0, moved);
        }
    }
    if let Some(place) = place.filter(|_| !list.form.gone()) {
        place.restore();
    }
}

/// The form's top in the viewport, when the reader is at the form: the focus is in it, or
/// it fills the screen from its upper half down (not a heading peeking in at the bottom
/// under the paragraph being read).
fn reader_at(respond: &web_sys::Element) -> Option<f64> {
    let height = web_sys::window()?.inner_height().ok()?.as_f64()?;
    let rect = respond.get_bounding_client_rect();
    let at = focus_in(respond).is_some() || rect.top() < height / 2.0 && rect.bottom() > 0.0;
    at.then(|| rect.top())
}

/// Whether the browser keeps what the reader sees in place by itself when content comes
/// above it (CSS scroll anchoring, on unless the page turned it off).
fn anchors_scroll() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let root = window.document().and_then(|d| d.scrolling_element());
    let style = root.and_then(|r| window.get_computed_style(&r).ok().flatten());
    style
        .and_then(|s| s.get_property_value("overflow-anchor").ok())
        .as_deref()
        == Some("auto")
}
