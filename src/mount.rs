//! Browser seam: putting a form into an element, and the JS API the loader calls.
//!
//! The loader puts the pre-rendered form on the page at once and marks its element with
//! `data-balasan-pre`; the widget then takes that markup over ([`crate::view::bind`]): the
//! reader's text, caret and focus stay where they are. The wasm never renders the form
//! itself, so it carries no code for markup it never changes.

use std::any::Any;
use std::cell::RefCell;

use any_spawner::Executor;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use crate::config::{Config, Severity};
use crate::form::Page;
use crate::i18n::{Key, Texts};
use crate::storage::Draft;
use crate::view::bind::{bind, value_of};
use crate::view::state::{FormState, Seed};
use crate::view::Ids;

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
    handles: Vec<Box<dyn Any>>,
    /// Owns the form's signals and effects (and the list's requests, which its cleanup
    /// aborts).
    owner: Option<Owner>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // Listeners, added elements and the outbox's hold on the form first: nothing may
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
    let pre = el.has_attribute(PRE) && el.first_element_child().is_some();
    el.remove_attribute(PRE).ok();
    let mut handles: Vec<Box<dyn Any>> = Vec::new();
    if fatal {
        if pre {
            // Sending is impossible; what the reader typed meanwhile waits in the draft.
            let seed = read_seed(el, &ids);
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
    if !pre {
        web_sys::console::error_1(
            &"balasan: no pre-rendered form to take over (embed.js puts it on the page)".into(),
        );
        return Mounted {
            handles,
            owner: None,
        };
    }
    // Leptos's effects and tasks run on the browser's event loop (once per page).
    let _ = Executor::init_wasm_bindgen();
    let texts = config.texts.clone();
    let mut seed = read_seed(el, &ids);
    seed.from_page = el.has_attribute(RESTORED);
    // Whole milliseconds: parsing a float would bring float parsing into the wasm.
    seed.shown_at = el
        .get_attribute(SHOWN)
        .and_then(|t| t.parse::<u64>().ok())
        .map(|ms| ms as f64);
    if note {
        if let Some(n) = notice(&document, &texts, Key::ConfigNote, false) {
            let _ = el.before_with_node_1(&n);
            handles.push(Box::new(Removed(n)));
        }
    }
    // A root of its own: the form's state lives exactly as long as the form.
    let owner = Owner::new();
    let (state, bound) = owner.with(|| {
        let state = FormState::new(config, page, &scope, seed);
        (state, bind(el, &ids, state))
    });
    handles.push(Box::new(bound));
    handles.push(Box::new(crate::outbox::register(state)));
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

/// What the pre-rendered form in `el` holds now: the reader's text (typed, or restored from
/// storage by the loader) and the consent box.
fn read_seed(el: &HtmlElement, ids: &Ids) -> Seed {
    let find = |base: &str| {
        el.query_selector(&format!("[id=\"{}\"]", ids.of(base)))
            .ok()
            .flatten()
    };
    let value = |base: &str| find(base).map(|e| value_of(&e)).unwrap_or_default();
    let consent = find("wp-comment-cookies-consent")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|c| c.checked());
    Seed {
        comment: value("comment"),
        author: value("author"),
        email: value("email"),
        url: value("url"),
        answer: value("balasan-captcha"),
        consent,
        shown_at: None,
        from_page: false,
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
/// parameters stripped otherwise), its title, and the thread the comments belong to.
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
        title: document.title(),
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
