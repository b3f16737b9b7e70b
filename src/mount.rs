//! Browser seam: putting a form into an element, and the JS API the loader calls.
//!
//! The loader puts the pre-rendered form on the page at once and marks its element with
//! `data-balasan-pre`; the widget then takes it over: Leptos mounts the same components
//! ([`CommentForm`], client-side, `mount_to`) into a detached element, starting from what
//! the pre-rendered form holds (values, the consent box, the loader's messages), and the
//! fresh form replaces the pre-rendered one in place, with the focus, caret, selection and
//! scroll of the field the reader was in. Not hydration: Leptos's hydration walks the DOM
//! by position and fails on a form a page translator or an extension changed.

use std::any::Any;
use std::cell::RefCell;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use balasan_core::Field;

use crate::config::{Config, Severity};
use crate::form::Page;
use crate::i18n::{Key, Texts};
use crate::storage::Draft;
use crate::view::reply::{focus_in, select, selection};
use crate::view::state::{FormState, Seed};
use crate::view::{CommentForm, Ids};

/// Marks an element holding a pre-rendered form (set by the loader).
const PRE: &str = "data-balasan-pre";
/// The id prefix the loader gave a pre-rendered form (it picks the free one, as
/// [`free_prefix`] does).
const IDS: &str = "data-balasan-ids";
/// When the loader showed the form (`Date.now()` ms).
const SHOWN: &str = "data-balasan-shown";
/// The loader restored the draft and the remembered reader into the form (the widget
/// does it when it did not).
const RESTORED: &str = "data-balasan-restored";

/// A mounted widget. Dropping it removes the form and frees its reactive state.
pub struct Mounted {
    /// Dropped in order: the note on bad settings, the list, the outbox's hold on the form,
    /// and last the components (Leptos's mount handle, which takes the form off the page).
    handles: Vec<Box<dyn Any>>,
    /// Owns the form's signals and effects (and the list's requests, which its cleanup
    /// aborts).
    owner: Option<Owner>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // The list, the outbox's hold on the form and the components first: nothing may
        // reach its signals once they are gone.
        self.handles.clear();
        if let Some(owner) = self.owner.take() {
            owner.cleanup();
        }
    }
}

/// Reads the settings (`(attribute, value)` pairs, as on a script tag), reports every bad
/// one in the console by name, and takes over the pre-rendered form in `el`, or shows a
/// notice when the settings make sending impossible.
pub fn mount<N, V>(el: &HtmlElement, settings: impl IntoIterator<Item = (N, V)>) -> Mounted
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let (config, problems) = Config::parse(settings);
    for p in &problems {
        let line = p.line().into();
        match p.severity {
            Severity::Unknown => web_sys::console::warn_1(&line),
            _ => web_sys::console::error_1(&line),
        }
    }
    let fatal = problems.iter().any(|p| p.severity == Severity::Fatal);
    // A bad value falls back to its default; the form says so to whoever set it up.
    let note = problems.iter().any(|p| p.severity == Severity::Invalid);
    let document = el.owner_document().expect("an element in a document");
    let page = page(&document, &config);
    let scope = config.id_prefix.clone().unwrap_or_default();
    let prefix = config
        .id_prefix
        .clone()
        .or_else(|| el.get_attribute(IDS))
        .unwrap_or_else(|| free_prefix(el, &document));
    let ids = Ids::new(prefix);
    let pre = el
        .has_attribute(PRE)
        .then(|| find(el, &ids, "respond").or_else(|| el.first_element_child()))
        .flatten();
    el.remove_attribute(PRE).ok();
    let mut handles: Vec<Box<dyn Any>> = Vec::new();
    if fatal {
        if let Some(pre) = &pre {
            // Sending is impossible; what the reader typed meanwhile waits in the draft.
            let seed = read_seed(pre, &ids);
            if !seed.comment.is_empty() {
                Draft::new(&page.thread, &scope).save(&seed.comment);
            }
        }
        el.set_text_content(None);
        if let Some(notice) = notice(&document, &config.texts, Key::ConfigBroken, true) {
            let _ = el.append_child(&notice);
        }
        return Mounted {
            handles,
            owner: None,
        };
    }
    // A form of the loader's is taken over from where it stands; without one (a page that
    // mounts the widget itself), the form is rendered into `el`.
    let mut seed = pre.as_ref().map(|p| read_seed(p, &ids)).unwrap_or_default();
    seed.from_page = pre.is_some() && el.has_attribute(RESTORED);
    // Whole milliseconds: parsing a float would bring float parsing into the wasm.
    seed.shown_at = el
        .get_attribute(SHOWN)
        .and_then(|t| t.parse::<u64>().ok())
        .map(|ms| ms as f64);
    if note {
        if let Some(n) = notice(&document, &config.texts, Key::ConfigNote, false) {
            let _ = el.before_with_node_1(&n);
            handles.push(Box::new(Removed(n)));
        }
    }
    // A root of its own: the form's state lives exactly as long as the form. (`mount_to`
    // also starts Leptos's executor on the browser's event loop, once per page.)
    let owner = Owner::new();
    let fresh: HtmlElement = document
        .create_element("div")
        .expect("an element")
        .unchecked_into();
    let (state, view) = owner.with(|| {
        let state = FormState::new(config, ids.clone(), page, &scope, seed);
        let view = mount_to(fresh.clone(), move || view! { <CommentForm state /> });
        (state, view)
    });
    let respond = fresh
        .first_element_child()
        .expect("the form renders its #respond");
    match &pre {
        Some(pre) => take_over(pre, &respond, &ids),
        None => {
            let _ = el.append_child(&respond);
        }
    }
    owner.with(|| {
        crate::view::reply::follow(respond, state);
        #[cfg(feature = "list")]
        if let Some(list) = crate::view::list(el, state) {
            handles.push(list);
        }
    });
    handles.push(Box::new(crate::outbox::register(state)));
    handles.push(Box::new(view));
    let started = owner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if state.gone() {
            return; // unmounted before it started
        }
        started.with(|| state.start());
        // Comments queued on an earlier visit, or in another tab, may be sent from here.
        crate::outbox::wake();
    });
    Mounted {
        handles,
        owner: Some(owner),
    }
}

/// Puts the fresh form `respond` in the place of the pre-rendered `pre`, with what the
/// loader gave the pre-rendered one (an adopted theme form's classes, the backend's
/// `action`, inline styles set through CSSOM) and the reader's place in it: the focused
/// field, its caret or selection, and how far it was scrolled.
fn take_over(pre: &Element, respond: &Element, ids: &Ids) {
    for (base, attr) in [
        ("respond", "class"),
        ("commentform", "class"),
        ("commentform", "action"),
    ] {
        let value = find(pre, ids, base).and_then(|e| e.get_attribute(attr));
        if let (Some(value), Some(to)) = (value, find(respond, ids, base)) {
            let _ = to.set_attribute(attr, &value);
        }
    }
    for selector in [".balasan-hp", "textarea"] {
        let style = |root: &Element| {
            root.query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                .map(|e| e.style())
        };
        if let (Some(from), Some(to)) = (style(pre), style(respond)) {
            to.set_css_text(&from.css_text());
        }
    }
    // Leptos sets a field's `value` a microtask after mounting it: the reader's text goes in
    // now, so that the caret and the scroll can go back where they were (the later write of
    // the same text changes nothing).
    for field in Field::ALL {
        let base = field.facts().wordpress;
        let text = find(pre, ids, base).and_then(|e| text_in(&e));
        if let (Some(text), Some(to)) = (text, find(respond, ids, base)) {
            set_text(&to, &text);
        }
    }
    let focused = focus_in(pre).map(|el| {
        let scroll = el.dyn_ref::<HtmlTextAreaElement>().map(|t| t.scroll_top());
        (el.id(), selection(&el), scroll)
    });
    // The fresh form goes in first and takes the focus before the pre-rendered one goes:
    // focus never falls to the page in between (a phone would close its keyboard). Both are
    // on the page for a moment of the same task, never painted so.
    let _ = pre.before_with_node_1(respond);
    if let Some((id, caret, scroll)) = focused {
        let el = find(respond, &Ids::default(), &id).and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(el) = el {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
            if let Some(range) = caret {
                select(&el, range);
            }
            if let (Some(top), Some(t)) = (scroll, el.dyn_ref::<HtmlTextAreaElement>()) {
                t.set_scroll_top(top);
            }
        }
    }
    pre.remove();
}

/// The text in a text box or an input.
fn text_in(el: &Element) -> Option<String> {
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(t) => Some(t.value()),
        None => el
            .dyn_ref::<HtmlInputElement>()
            .map(HtmlInputElement::value),
    }
}

fn set_text(el: &Element, text: &str) {
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(text);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(text);
    }
}

/// The element of `root` (itself included) with WordPress's id `base`.
fn find(root: &Element, ids: &Ids, base: &str) -> Option<Element> {
    let id = ids.of(base);
    if root.id() == id {
        return Some(root.clone());
    }
    root.query_selector(&format!("[id=\"{id}\"]"))
        .ok()
        .flatten()
}

/// An element the widget added next to the form, removed with it.
struct Removed(Element);

impl Drop for Removed {
    fn drop(&mut self) {
        self.0.remove();
    }
}

/// A sentence for the site's editors in the form's place (`alert`: the form cannot work) or
/// above it (a note: some settings fell back to their defaults).
fn notice(document: &Document, texts: &Texts, key: Key, alert: bool) -> Option<Element> {
    let wrap = document.create_element("div").ok()?;
    wrap.set_class_name(if alert {
        "comment-respond balasan"
    } else {
        "balasan"
    });
    let _ = wrap.set_attribute("lang", texts.lang().tag());
    let p = document.create_element("p").ok()?;
    let (class, role, part) = if alert {
        ("balasan-alert balasan-config-error", "alert", "alert")
    } else {
        ("balasan-config-note", "note", "note")
    };
    p.set_class_name(class);
    let _ = p.set_attribute("role", role);
    let _ = p.set_attribute("part", part);
    p.set_text_content(Some(texts.get(key)));
    let _ = wrap.append_child(&p);
    Some(wrap)
}

/// What the pre-rendered form `pre` holds now: the reader's text (typed, or restored from
/// storage by the loader), the consent box, and what the loader said in its status region
/// (a post sent without the wasm came back stored). Not its alert: that one says the form
/// is not ready yet, which ends here, and an alert put on the page with text in it would
/// be read out again.
fn read_seed(pre: &Element, ids: &Ids) -> Seed {
    let value = |base: &str| {
        find(pre, ids, base)
            .and_then(|e| text_in(&e))
            .unwrap_or_default()
    };
    let consent = find(pre, ids, "wp-comment-cookies-consent")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|c| c.checked());
    let status = pre
        .query_selector("[role=status]")
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    Seed {
        comment: value("comment"),
        author: value("author"),
        email: value("email"),
        url: value("url"),
        answer: value("balasan-captcha"),
        consent,
        shown_at: None,
        from_page: false,
        status,
    }
}

thread_local! {
    /// Widgets mounted by the loader, by handle (a page holds a few: a list will do).
    static MOUNTED: RefCell<(u32, Vec<(u32, Mounted)>)> = const { RefCell::new((0, Vec::new())) };
}

/// For the loader: mounts a form into `host` with `settings`, an array of
/// `[attribute, value]` pairs. Returns a handle for [`unmount_js`].
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(host: HtmlElement, settings: js_sys::Array) -> u32 {
    let pairs: Vec<(String, String)> = settings
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    let mounted = mount(&host, pairs);
    MOUNTED.with_borrow_mut(|(next, all)| {
        *next += 1;
        all.push((*next, mounted));
        *next
    })
}

/// For the loader: removes a form mounted by [`mount_js`]. Unknown handles are ignored.
#[wasm_bindgen(js_name = unmount)]
pub fn unmount_js(handle: u32) {
    let removed = MOUNTED.with_borrow_mut(|(_, all)| {
        let i = all.iter().position(|(h, _)| *h == handle)?;
        Some(all.swap_remove(i))
    });
    drop(removed); // outside the borrow: unmounting runs Leptos cleanups
}

/// Describes the article: the canonical URL when the page declares one (tracking
/// parameters stripped otherwise), its title (`data-title`, `og:title`, the article's `h1`,
/// or the tab's), and the thread the comments belong to.
fn page(document: &Document, config: &Config) -> Page {
    let location = document.location();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let canonical = document
        .query_selector("link[rel=canonical]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("href"));
    let url = canonical.unwrap_or_else(|| {
        let origin = location.and_then(|l| l.origin().ok()).unwrap_or_default();
        format!("{origin}{path}")
    });
    Page {
        thread: if config.post_id.is_empty() {
            path
        } else {
            config.post_id.clone()
        },
        url,
        // A news page's <title> usually ends with the site's name; its og:title and its
        // h1 name the article alone.
        title: Page::title_of([
            config.title.clone(),
            document
                .query_selector("meta[property=\"og:title\"]")
                .ok()
                .flatten()
                .and_then(|m| m.get_attribute("content")),
            // The article's h1 (many themes make the site's name an h1 on every page).
            document
                .query_selector(".entry-title, article h1, main h1")
                .ok()
                .flatten()
                .and_then(|h| h.text_content()),
            Some(document.title()),
        ]),
    }
}

/// `""` for the first widget of a page (WordPress's own ids), else `balasan2-`,
/// `balasan3-`, …: the first whose `respond` id is not taken. Inside a shadow root ids
/// are the root's own, so WordPress's ids are always free there.
fn free_prefix(el: &HtmlElement, document: &Document) -> String {
    let in_shadow = el
        .get_root_node()
        .dyn_ref::<web_sys::ShadowRoot>()
        .is_some();
    let taken = |prefix: &str| {
        !in_shadow
            && document
                .get_element_by_id(&format!("{prefix}respond"))
                .is_some()
    };
    if !taken("") {
        return String::new();
    }
    (2..)
        .map(|n: u32| format!("balasan{n}-"))
        .find(|p| !taken(p))
        .expect("an unbounded range has a free prefix")
}
