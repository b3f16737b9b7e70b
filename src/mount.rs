//! Browser seam: putting a form into an element, and the JS API the loader calls.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement};

use crate::config::{Config, Severity};
use crate::form::Page;
use crate::view::{CommentForm, ConfigNotice, Ids};

/// A mounted widget. Dropping it removes the form and frees its reactive state.
pub struct Mounted {
    _handle: Box<dyn Any>,
}

/// Reads the settings (`(attribute, value)` pairs, as on a script tag), reports every bad
/// one in the console by name, and renders the form into `el` (replacing whatever
/// placeholder it held), or a notice when the settings make sending impossible.
pub fn mount<N, V>(el: &HtmlElement, settings: impl IntoIterator<Item = (N, V)>) -> Mounted
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let (config, problems) = Config::parse(settings);
    for p in &problems {
        let line = p.to_string().into();
        match p.severity {
            Severity::Unknown => web_sys::console::warn_1(&line),
            _ => web_sys::console::error_1(&line),
        }
    }
    let fatal = problems.iter().any(|p| p.severity == Severity::Fatal);
    // A bad value falls back to its default; the form says so to whoever set it up.
    let note = problems.iter().any(|p| p.severity == Severity::Invalid);
    el.set_text_content(None);
    let handle: Box<dyn Any> = if fatal {
        let texts = config.texts.clone();
        Box::new(leptos::mount::mount_to(el.clone(), move || {
            view! { <ConfigNotice texts /> }
        }))
    } else {
        let document = el.owner_document().expect("an element in a document");
        let page = page(&document, &config);
        let scope = config.id_prefix.clone().unwrap_or_default();
        let ids = Ids::new(
            config
                .id_prefix
                .clone()
                .unwrap_or_else(|| free_prefix(el, &document)),
        );
        Box::new(leptos::mount::mount_to(el.clone(), move || {
            view! { <CommentForm config page ids scope note /> }
        }))
    };
    Mounted { _handle: handle }
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
        .map(|n| format!("balasan{n}-"))
        .find(|p| !taken(p))
        .expect("an unbounded range has a free prefix")
}
