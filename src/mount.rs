//! Browser seam: reading a container's attributes and putting a form into it.

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

use crate::config::{Config, Severity};
use crate::form::Page;
use crate::view::{CommentForm, ConfigNotice, Ids};

/// A mounted widget. Dropping it removes the form and frees its reactive state.
pub struct Mounted {
    _handle: Box<dyn Any>,
}

/// Reads `el`'s `data-*` attributes, reports every bad one in the console by name, and
/// renders the form into `el` (replacing whatever placeholder it held), or a notice when the
/// settings make sending impossible.
pub fn mount(el: &HtmlElement) -> Mounted {
    let attributes = el.attributes();
    let pairs = (0..attributes.length())
        .filter_map(|i| attributes.item(i))
        .map(|a| (a.name(), a.value()));
    let (config, problems) = Config::parse(pairs);
    let mut fatal = false;
    for p in &problems {
        let line = p.to_string().into();
        match p.severity {
            Severity::Unknown => web_sys::console::warn_1(&line),
            Severity::Invalid => web_sys::console::error_1(&line),
            Severity::Fatal => {
                fatal = true;
                web_sys::console::error_1(&line)
            }
        }
    }
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
                .unwrap_or_else(|| free_prefix(&document)),
        );
        Box::new(leptos::mount::mount_to(el.clone(), move || {
            view! { <CommentForm config page ids scope /> }
        }))
    };
    Mounted { _handle: handle }
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
    let has_post_id = !config.post_id.is_empty();
    Page {
        thread: if has_post_id {
            config.post_id.clone()
        } else {
            path
        },
        has_post_id,
        url,
        title: document.title(),
    }
}

/// `""` for the first widget of a page (WordPress's own ids), else `balasan2-`,
/// `balasan3-`, …: the first whose `respond` id is not taken.
fn free_prefix(document: &Document) -> String {
    let taken = |prefix: &str| {
        document
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

/// Mounts a form into every element marked `data-balasan` that has none yet.
pub fn mount_all(document: &Document) {
    let Ok(list) = document.query_selector_all("[data-balasan]:not([data-balasan-mounted])") else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            let _ = el.set_attribute("data-balasan-mounted", "");
            // Widgets mounted at start-up live as long as the page.
            std::mem::forget(mount(&el));
        }
    }
}
