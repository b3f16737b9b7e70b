//! Browser seam: the list of approved comments above the form. The markup comes from
//! [`crate::list::html`] (WordPress's classes and structure, every backend value escaped);
//! HTML comments go in through [`super::sanitize`], as nodes.
//!
//! Fetched when the wasm is there (the loader brings it when the form nears the screen),
//! it never holds the form back: a list that cannot be loaded shows a short notice with a
//! retry button, and the form works as before. The reader's own accepted comment appears
//! in its place at once, a held one only to them, with the moderation note.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, Document, Element, Event, HtmlElement};

use super::effect;
use super::reply::{find_anywhere, keeping_focus};
use super::sanitize::sanitized;
use super::state::FormState;
use crate::i18n::{Key, Texts};
use crate::list::html::{thread, Markup};
use crate::list::thread::rows;
use crate::list::{Body, ListComment, OWN_PREFIX};
use crate::presets::{ListAsk, Preset};
use crate::send;

/// What the list holds.
#[derive(Default)]
struct Loaded {
    comments: Vec<ListComment>,
    total: Option<u64>,
    /// What to ask for the next page, when there is one.
    next: Option<String>,
    /// The page that failed to load (`Some(None)`: the first), for the retry button.
    failed: Option<Option<String>>,
    /// Comments the reader sent since the page loaded (ids `baru-N`).
    own: u32,
}

/// The list's elements, and what it needs to load and show comments.
struct List {
    doc: Document,
    title: Element,
    list: Element,
    more: Element,
    notice: Element,
    loaded: RefCell<Loaded>,
    state: FormState,
    texts: Texts,
    respond_id: String,
    /// The backend whose list shape is read, and the address its list URL starts from.
    reader: Preset,
    base: String,
    ask: ListAsk,
    /// The list's requests on their way, which the form's owner aborts when it goes.
    loading: Loading,
}

/// Requests on their way: each has its own controller (its timeout aborts it alone).
type Loading = Rc<RefCell<Vec<AbortController>>>;

type OnClick = Closure<dyn FnMut(Event)>;

/// The list on the page: dropping it removes its elements and their listeners. Its effect
/// and its requests belong to the form's owner, which stops and aborts them.
#[derive(Default)]
pub struct Bound {
    listeners: Vec<(Element, OnClick)>,
    added: Vec<Element>,
}

impl Drop for Bound {
    fn drop(&mut self) {
        for e in &self.added {
            e.remove();
        }
        for (el, f) in &self.listeners {
            let _ = el.remove_event_listener_with_callback("click", f.as_ref().unchecked_ref());
        }
    }
}

impl Bound {
    /// Calls `f` on a click at `el` until the list goes.
    fn on_click(&mut self, el: &Element, f: impl FnMut(Event) + 'static) {
        let f = OnClick::new(f);
        let _ = el.add_event_listener_with_callback("click", f.as_ref().unchecked_ref());
        self.listeners.push((el.clone(), f));
    }
}

/// Puts the list before the form in `host`, and loads it.
pub fn bind(host: &HtmlElement, state: FormState) -> Bound {
    let mut bound = Bound::default();
    let (on, reader, base, theme, texts) = state.config(|c| {
        // A list URL of the site's own speaks the native list's shape.
        let (reader, base) = match &c.list.url {
            Some(u) => (Preset::Balasan, u.clone()),
            None => (c.backend.preset, c.backend.endpoint.clone()),
        };
        (c.list.on, reader, base, c.theme.name(), c.texts.clone())
    });
    let ask = state.config(|c| ListAsk {
        thread: state.page(|p| p.thread.clone()),
        newest_first: c.list.newest_first,
        per_page: c.list.per_page,
        next: None,
    });
    if !on || reader.list_url(&base, &ask).is_none() {
        return bound;
    }
    let Some(doc) = host.owner_document() else {
        return bound;
    };
    let root = el(&doc, "div", "comments-area balasan balasan-comments", None);
    attr(&root, "part", "comments");
    attr(&root, "lang", texts.lang().tag());
    attr(&root, "data-theme", theme);
    root.set_id(&state.id("comments"));
    let part = |tag: &str, class: &str, name: &str| {
        let e = el(&doc, tag, class, Some(&root));
        attr(&e, "part", name);
        e
    };
    let title = part("h2", "comments-title", "comments-title");
    let list = part("ol", "comment-list", "comment-list");
    let more = part("button", "balasan-more", "more");
    attr(&more, "type", "button");
    more.set_text_content(Some(texts.get(Key::MoreComments)));
    let notice = part("p", "balasan-alert", "alert");
    attr(&notice, "role", "alert");
    let retry = doc.create_element("button").expect("a button");
    attr(&retry, "type", "button");
    retry.set_text_content(Some(texts.get(Key::Retry)));
    let _ = notice.append_with_str_1(texts.get(Key::ListFailed));
    let _ = notice.append_with_str_1(" ");
    let _ = notice.append_child(&retry);
    for e in [&title, &more, &notice] {
        hide(e, true);
    }
    let _ = host.before_with_node_1(&root);
    bound.added.push(root);

    let loading = Loading::default();
    let aborted = SendWrapper::new(loading.clone());
    on_cleanup(move || aborted.borrow().iter().for_each(AbortController::abort));
    let list = Rc::new(List {
        doc,
        title,
        list,
        more,
        notice,
        loaded: RefCell::default(),
        state,
        texts,
        respond_id: state.id("respond"),
        reader,
        base,
        ask,
        loading,
    });
    load(list.clone(), None);
    let l = list.clone();
    bound.on_click(&list.more, move |_: Event| {
        let next = l.loaded.borrow().next.clone();
        load(l.clone(), next);
    });
    let l = list.clone();
    bound.on_click(&retry, move |_: Event| {
        if let Some(page) = l.loaded.borrow_mut().failed.take() {
            load(l.clone(), page);
        }
    });
    effect(move || {
        // Tracks the status: an accepted send is taken once, then shown.
        state.shown.track();
        if let Some(sent) = state.take_accepted() {
            let mut loaded = list.loaded.borrow_mut();
            loaded.own += 1;
            let own = format!("{OWN_PREFIX}{}", loaded.own);
            let id = sent.id.unwrap_or(own);
            loaded.comments.push(ListComment {
                id,
                parent: sent.parent,
                author: sent.comment.author,
                url: sent.comment.url,
                body: Body::Text(sent.comment.content),
                created: (js_sys::Date::now() / 1000.0) as i64,
                pending: sent.pending,
            });
            loaded.total = loaded.total.map(|t| t + u64::from(!sent.pending));
            drop(loaded);
            render(&list);
        }
    });
    bound
}

/// Fetches a page (the first, or the one `next` names) and shows the list; on failure, the
/// notice with its retry button.
fn load(list: Rc<List>, next: Option<String>) {
    let ask = ListAsk {
        next,
        ..list.ask.clone()
    };
    let Some(url) = list.reader.list_url(&list.base, &ask) else {
        return;
    };
    let timeout = list.state.config(|c| c.backend.timeout_ms);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        list.loading.borrow_mut().push(controller.clone());
        let answer = send::get(&url, timeout, Some(&controller)).await;
        list.loading.borrow_mut().retain(|c| *c != controller);
        let page = match answer {
            _ if list.state.gone() => return, // unmounted meanwhile: aborted, nothing to show
            Ok(reply) => list.reader.read_list(&reply, &ask),
            Err(_) => None,
        };
        let failed = page.is_none();
        hide(&list.notice, !failed);
        let mut loaded = list.loaded.borrow_mut();
        match page {
            Some(page) => {
                for c in page.comments {
                    if !loaded.comments.iter().any(|k| k.id == c.id) {
                        loaded.comments.push(c);
                    }
                }
                loaded.total = page.total.or(loaded.total);
                loaded.next = page.next;
            }
            None => {
                web_sys::console::error_1(
                    &("balasan: the comment list could not be read from ".to_owned() + &url).into(),
                );
                loaded.failed = Some(ask.next);
            }
        }
        drop(loaded);
        if !failed {
            render(&list);
        }
    });
}

/// Shows every comment loaded so far, threaded.
fn render(list: &List) {
    let loaded = list.loaded.borrow();
    let (max_depth, newest) = list.state.config(|c| (c.list.depth, c.list.newest_first));
    let count = loaded
        .total
        .unwrap_or_else(|| loaded.comments.iter().filter(|c| !c.pending).count() as u64);
    let title = list.state.page(|page| page.title.clone());
    let heading = match count {
        0 => String::new(),
        1 => list.texts.fill(Key::CommentsOne, &title),
        n => list
            .texts
            .fill_all(Key::CommentsMany, &[&n.to_string(), &title]),
    };
    list.title.set_text_content(Some(&heading));
    hide(&list.title, count == 0);
    hide(&list.more, loaded.next.is_none());
    let markup = Markup {
        texts: &list.texts,
        respond_id: &list.respond_id,
        max_depth,
        now: (js_sys::Date::now() / 1000.0) as i64,
        // The reader's time zone, for the day a date falls on.
        offset: -(js_sys::Date::new_0().get_timezone_offset() as i64) * 60,
    };
    let html = thread(
        &loaded.comments,
        &rows(&loaded.comments, newest, max_depth),
        &markup,
    );
    let rebuild = || {
        // Markup of the widget's own, every backend value escaped in it (`list::html`);
        // HTML comments go in through the sanitizer, as nodes.
        list.list.set_inner_html(&html);
        let Ok(holes) = list.list.query_selector_all("[data-balasan-html]") else {
            return;
        };
        for k in 0..holes.length() {
            let Some(hole) = holes.item(k).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let at = hole.get_attribute("data-balasan-html");
            let c = at.and_then(|i| loaded.comments.get(i.parse::<usize>().ok()?));
            if let Some(Body::Html(body)) = c.map(|c| &c.body) {
                let _ = hole.append_child(&sanitized(&list.doc, body));
            }
            let _ = hole.remove_attribute("data-balasan-html");
        }
    };
    // The form may be inside the list (answering a comment): rebuilding takes it out, so it
    // is put back under the comment it answers, with the reader's focus and caret. A
    // remembered reply finds its comment here too, once the list shows it.
    match find_anywhere(&list.list, &list.respond_id) {
        Some(respond) => keeping_focus(&respond, &mut || {
            let inside = list.list.contains(Some(&respond));
            if inside {
                let _ = list.list.before_with_node_1(&respond);
            }
            rebuild();
            let replying = list.state.shown.with_untracked(|s| s.reply_to.clone());
            match replying.and_then(|r| find_anywhere(&list.list, &r.below)) {
                Some(below) => {
                    let _ = below.after_with_node_1(&respond);
                }
                None if inside => list.state.reply(None),
                None => {}
            }
        }),
        None => rebuild(),
    }
}

/// A new element, appended to `parent` when given. Not inlined: the list makes many.
#[inline(never)]
fn el(doc: &Document, tag: &str, class: &str, parent: Option<&Element>) -> Element {
    let e = doc.create_element(tag).expect("an element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(p) = parent {
        let _ = p.append_child(&e);
    }
    e
}

#[inline(never)]
fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

fn hide(e: &Element, hidden: bool) {
    let _ = e.toggle_attribute_with_force("hidden", hidden);
}
