//! Browser seam: the queue of comments written offline ([`crate::queue`]), kept in
//! `localStorage` and sent when the connection returns.
//!
//! Sends happen one at a time across every tab of the site: the whole round (read the
//! queue, send, write back) runs under the Web Lock `balasan-queue`, so two tabs coming
//! back online never send the same comment at once; backends that store a key's comment
//! once get the key again in any case. A round runs when a comment is queued, when a form
//! starts (a later visit), on the `online` event, and at the time the next waiting comment
//! is due.
//!
//! How a comment ended is kept in its entry until a page tells the reader: the form of its
//! article (on this page or another tab) at once, or any page's form after a short while,
//! as a notice, when no such form is open.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::outcome::Outcome;
use crate::queue::{give_back, Entry, Step};
use crate::send;
use crate::storage::{self, Draft};
use crate::view::state::FormState;
#[cfg(feature = "browser")]
use crate::{
    queue::{Done, PREFIX},
    random,
};

/// How long an ended comment waits for its article's form to tell the reader, before any
/// page's form does.
const OWNER_GRACE_MS: u64 = 3_000;

/// How long a round that sent holds the lock after writing what came of it. Another tab's
/// copy of `localStorage` catches up with the write asynchronously (its own process in
/// Chromium); the lock's next holder must read the comment as sent, not send it again.
const SETTLE_MS: i32 = 250;

struct Outbox {
    /// This load of the page, as entries name the page that queued them.
    page: String,
    forms: Vec<(u32, FormState)>,
    #[cfg(feature = "browser")]
    next_id: u32,
    /// A round is running; `again`: something changed meanwhile, run another.
    running: bool,
    again: bool,
    /// The connection came back since the last round began.
    back: bool,
    /// The timeout set for the next comment due, when it fires, and what it calls ([`wake`]).
    timer: Option<i32>,
    due: Option<u64>,
    tick: Option<js_sys::Function>,
}

thread_local! {
    // A constant start: no lazy-initialisation code in the wasm.
    static OUTBOX: RefCell<Outbox> = const {
        RefCell::new(Outbox {
            page: String::new(),
            forms: Vec::new(),
            #[cfg(feature = "browser")]
            next_id: 0,
            running: false,
            again: false,
            back: false,
            timer: None,
            due: None,
            tick: None,
        })
    };
}

// Forms register only when mounted in a browser; the server-side render queues nothing.

/// A form the outbox may send for and tell; dropping it (unmounting) lets go of the form.
#[cfg(feature = "browser")]
pub struct Registered(u32);

#[cfg(feature = "browser")]
impl Drop for Registered {
    fn drop(&mut self) {
        OUTBOX.with_borrow_mut(|o| o.forms.retain(|(id, _)| *id != self.0));
    }
}

/// Lets the outbox send the comments of `state`'s backend and tell its reader.
#[cfg(feature = "browser")]
pub fn register(state: FormState) -> Registered {
    start();
    OUTBOX.with_borrow_mut(|o| {
        o.next_id += 1;
        o.forms.push((o.next_id, state));
        Registered(o.next_id)
    })
}

/// This load of the page.
pub fn page() -> String {
    OUTBOX.with_borrow(|o| o.page.clone())
}

/// Keeps `entry` and sends it when it can. `false` when storage refused it (full, or
/// blocked): then nothing is queued.
pub fn put(entry: &Entry) -> bool {
    let stored = storage::keep(entry);
    if stored {
        wake();
    }
    stored
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn mounted() -> Vec<FormState> {
    OUTBOX.with_borrow(|o| o.forms.iter().map(|(_, f)| *f).collect())
}

/// Installs the listeners once per page: `online`, `storage` (another tab queued or ended
/// a comment), `pagehide` (this page's comments for backends that must not get them twice
/// go back to the reader).
#[cfg(feature = "browser")]
fn start() {
    if OUTBOX.with_borrow(|o| !o.page.is_empty()) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    // They live as long as the page: the closures are never freed.
    let listen = |name: &str, f: Box<dyn FnMut(web_sys::Event)>| {
        let c = Closure::wrap(f);
        let _ = window.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
        c.forget();
    };
    listen(
        "online",
        Box::new(|_| {
            OUTBOX.with_borrow_mut(|o| o.back = true);
            wake();
        }),
    );
    listen(
        "storage",
        Box::new(|ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() else {
                return;
            };
            let changed = ev
                .key()
                .filter(|k| k.starts_with(PREFIX))
                .and(ev.new_value())
                .as_deref()
                .and_then(Entry::parse);
            // Another tab queued a comment of an article open here, or ended one.
            match changed {
                Some(e) if e.done.is_some() => {
                    let at = tell(&e, None, None, &mounted(), now());
                    if at.is_some() {
                        wake_at(at, true);
                    }
                }
                Some(e) => waiting(&e, &mounted()),
                None => {}
            }
        }),
    );
    listen("pagehide", Box::new(|_| leave()));
    let tick = Closure::<dyn FnMut()>::new(wake).into_js_value();
    OUTBOX.with_borrow_mut(|o| {
        o.page = random::token();
        o.tick = Some(tick.unchecked_into());
    });
}

/// The page goes away: its comments that only it may send are given back.
#[cfg(feature = "browser")]
fn leave() {
    let (page, t) = (page(), now());
    for mut e in storage::queued() {
        if !e.anywhere && e.page == page && e.done.is_none() {
            e.end(Done::Returned, t);
            storage::keep(&e);
        }
    }
}

/// Runs a round soon (or another one after the current one).
pub fn wake() {
    let busy = OUTBOX.with_borrow_mut(|o| {
        o.again = o.running;
        std::mem::replace(&mut o.running, true)
    });
    if !busy {
        wasm_bindgen_futures::spawn_local(async {
            loop {
                locked().await;
                mark_round();
                let again = OUTBOX.with_borrow_mut(|o| {
                    o.running = std::mem::take(&mut o.again);
                    o.running
                });
                if !again {
                    break;
                }
            }
        });
    }
}

#[wasm_bindgen]
extern "C" {
    /// Says that a round has ended and let go of the lock: `performance.mark("balasan:round")`,
    /// which the end-to-end tests (and a site's performance tools) can wait for.
    #[wasm_bindgen(catch, js_namespace = performance, js_name = mark)]
    fn mark(name: &str) -> Result<JsValue, JsValue>;
}

fn mark_round() {
    let _ = mark("balasan:round");
}

/// One round under the Web Lock, or without it where the browser has none (there the
/// idempotency key and the page-only rule still hold).
async fn locked() {
    let locks = web_sys::window()
        .map(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()).unwrap_or_default())
        .filter(|l| !l.is_undefined());
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &"request".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        round().await;
        return;
    };
    let held = Closure::once_into_js(|| {
        wasm_bindgen_futures::future_to_promise(async {
            if round().await {
                sleep(SETTLE_MS).await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let granted = request
        .call2(&locks, &"balasan-queue".into(), &held)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match granted {
        Some(p) => drop(JsFuture::from(p).await),
        None => drop(round().await),
    }
}

/// Sends what is due, one comment at a time, tells readers how comments ended, and sets
/// the timer for the next one due. `true` if it sent anything.
async fn round() -> bool {
    let page = page();
    let mut next: Option<u64> = None;
    // Each comment at most once a round, even if storage would not take its new state.
    let mut tried: Vec<String> = Vec::new();
    let mut sent = false;
    // Under the lock, as every write of an entry another tab may send: written outside it,
    // a copy read before another tab's send could overwrite the sent one.
    if OUTBOX.with_borrow_mut(|o| std::mem::take(&mut o.back)) {
        for mut e in storage::queued() {
            if e.connection_back() {
                storage::keep(&e);
            }
        }
    }
    loop {
        let (forms, t) = (mounted(), now());
        let mut due = None;
        for mut e in storage::queued() {
            if e.done.is_some() {
                if let Some(at) = tell(&e, None, None, &forms, t) {
                    next = Some(next.map_or(at, |n| n.min(at)));
                }
                continue;
            }
            let Some(form) = forms.iter().find(|f| f.sends_to(&e.preset, &e.endpoint)) else {
                continue;
            };
            match e.step(t, &page, form.max_queue_age_ms()) {
                Step::Send if due.is_none() && !tried.contains(&e.key) => due = Some((e, *form)),
                Step::Send | Step::Leave => {}
                Step::Wait(at) => {
                    next = Some(next.map_or(at, |n| n.min(at)));
                    waiting(&e, &forms);
                }
                Step::End(done) => {
                    e.end(done, t);
                    storage::keep(&e);
                    tell(&e, None, None, &forms, t);
                }
            }
        }
        let Some((mut e, form)) = due else {
            break;
        };
        tried.push(e.key.clone());
        sent = true;
        let backend = form.backend();
        let (outcome, id) = match send::post(&e.request).await {
            // A server in trouble (or a gateway in front of it) is asked again later, where
            // asking again cannot store a second copy.
            Ok(reply) if reply.status >= 500 && e.anywhere => (Outcome::Unreachable, None),
            Ok(reply) => (backend.interpret(&reply), reply.created_id()),
            // Something answered but the browser refused the reply (CORS): not a connection
            // to wait for.
            Err(Outcome::Unreachable) if send::answers(&e.request.url).await => (
                Outcome::Failed("refused by the browser (CORS)".into()),
                None,
            ),
            Err(outcome) => (outcome, None),
        };
        let t = now();
        let ended = e.after(&outcome, t);
        storage::keep(&e);
        if ended.is_some() {
            tell(&e, Some(&outcome), id, &mounted(), t);
        } else {
            waiting(&e, &mounted());
            if !matches!(outcome, Outcome::TooFast { .. }) {
                // No connection: the others wait for this one's next attempt.
                next = Some(e.not_before);
                break;
            }
        }
    }
    // What this round saw decides the next one.
    wake_at(next, false);
    sent
}

/// Runs a round at `at` (none: no timer). With `keep_sooner`, a timer already set for
/// sooner stays; without, `at` replaces it (a round has just read the whole queue).
fn wake_at(at: Option<u64>, keep_sooner: bool) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let t = now();
    OUTBOX.with_borrow_mut(|o| {
        let sooner = o.due.is_some_and(|d| at.is_some_and(|at| d <= at) && d > t);
        if keep_sooner && sooner {
            return;
        }
        if let Some(handle) = o.timer.take() {
            w.clear_timeout_with_handle(handle);
        }
        o.due = None;
        if let (Some(at), Some(tick)) = (at, &o.tick) {
            let delay = at.saturating_sub(t).min(i32::MAX as u64) as i32;
            o.timer = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(tick, delay)
                .ok();
            o.due = Some(at);
        }
    });
}

/// Resolves after `ms`.
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |ok, _| {
        let set = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&ok, ms)
                .ok()
        });
        if set.is_none() {
            let _ = ok.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// The form of `e`'s article, if open here.
fn owner(e: &Entry, forms: &[FormState]) -> Option<FormState> {
    forms
        .iter()
        .copied()
        .find(|f| f.writes(&e.thread, &e.scope))
}

/// A comment still waits: its article's form says so, if it has nothing else to say.
fn waiting(e: &Entry, forms: &[FormState]) {
    if let Some(f) = owner(e, forms) {
        f.queued(e.anywhere, false);
    }
}

/// Tells the reader how `e` ended and forgets it: in its article's form if one is open
/// here; otherwise, once its article's form has had time to (another tab), as a notice in
/// this page's first form, with the text put back into its article's draft. Returns when
/// to try again if it is too early.
fn tell(
    e: &Entry,
    outcome: Option<&Outcome>,
    id: Option<String>,
    forms: &[FormState],
    t: u64,
) -> Option<u64> {
    let done = e.done?;
    if let Some(f) = owner(e, forms) {
        f.ended(e, done, outcome, id);
    } else {
        let first = forms.first()?;
        let ready = e.done_at + OWNER_GRACE_MS;
        if t < ready {
            return Some(ready);
        }
        if done.returned() {
            let draft = Draft::new(&e.thread, &e.scope);
            let kept = draft.load();
            if kept.trim().is_empty() {
                draft.save_reply(&e.reply);
            }
            draft.save(&give_back(&kept, &e.comment.content));
        }
        first.notice(done, &e.title);
    }
    storage::forget(&e.key);
    None
}
