//! Browser seam: a comment in HTML (WordPress's `content.rendered`, Isso's `text`) made safe
//! to show. The HTML is parsed into an inert document (`DOMParser`: no script runs, nothing
//! loads), and only what [`crate::list::allow`] keeps is copied into the page, element by
//! element, as new nodes without attributes (a link keeps a safe `href` and gets
//! `rel="nofollow ugc noopener"`). The backend's HTML is never set as `innerHTML` of the
//! page.

use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType};

use crate::list::allow::{element, href, Keep};

/// `html`, with only the allow-list left, as nodes of `doc`.
pub fn sanitized(doc: &Document, html: &str) -> DocumentFragment {
    let out = doc.create_document_fragment();
    let parsed = DomParser::new()
        .ok()
        .and_then(|p| p.parse_from_string(html, SupportedType::TextHtml).ok());
    if let Some(body) = parsed.and_then(|d| d.body()) {
        copy_children(doc, &body, &out);
    }
    out
}

fn copy_children(doc: &Document, from: &Node, to: &Node) {
    let children = from.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        match child.node_type() {
            Node::TEXT_NODE => {
                let text = doc.create_text_node(&child.text_content().unwrap_or_default());
                let _ = to.append_child(&text);
            }
            Node::ELEMENT_NODE => {
                let el: &Element = child.unchecked_ref();
                let tag = el.local_name();
                match element(&tag) {
                    Keep::Nothing => {}
                    Keep::Text => copy_children(doc, &child, to),
                    Keep::Element => {
                        let Ok(copy) = doc.create_element(&tag) else {
                            continue;
                        };
                        if let Some(url) = el.get_attribute("href").as_deref().and_then(href) {
                            if tag == "a" {
                                let _ = copy.set_attribute("href", url);
                                let _ = copy.set_attribute("rel", "nofollow ugc noopener");
                            }
                        }
                        copy_children(doc, &child, &copy);
                        let _ = to.append_child(&copy);
                    }
                }
            }
            _ => {}
        }
    }
}
