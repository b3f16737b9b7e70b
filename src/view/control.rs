//! Browser seam: a form field, textarea or input alike. Both have `value`,
//! `selectionStart`, `selectionEnd` and `setSelectionRange`, so one binding serves both:
//! web-sys's two element types would need two bindings of each, and a type check to choose.

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    /// A `textarea` or an `input`.
    #[wasm_bindgen(extends = Element)]
    pub type Control;

    /// `None` for an element that has no value.
    #[wasm_bindgen(method, getter)]
    fn value(this: &Control) -> Option<String>;
    #[wasm_bindgen(method, setter)]
    fn set_value(this: &Control, value: &str);
    /// `None` for an input without a caret (`type="email"`, say).
    #[wasm_bindgen(method, getter, js_name = selectionStart)]
    fn selection_start(this: &Control) -> Option<u32>;
    #[wasm_bindgen(method, getter, js_name = selectionEnd)]
    fn selection_end(this: &Control) -> Option<u32>;
    #[wasm_bindgen(method, catch, js_name = setSelectionRange)]
    fn set_selection_range(this: &Control, start: u32, end: u32) -> Result<(), JsValue>;
}

/// The value of an input or a textarea (empty for another element).
pub fn value_of(el: &Element) -> String {
    el.unchecked_ref::<Control>().value().unwrap_or_default()
}

/// Sets the value of an input or a textarea.
pub fn set_value(el: &Element, value: &str) {
    el.unchecked_ref::<Control>().set_value(value);
}

/// The selection (or the caret, as an empty one) in a field, where it has one.
pub fn selection(el: &Element) -> Option<(u32, u32)> {
    let c = el.unchecked_ref::<Control>();
    Some((c.selection_start()?, c.selection_end()?))
}

/// Puts the selection back (a field without a caret refuses, which changes nothing).
pub fn select(el: &Element, (start, end): (u32, u32)) {
    let _ = el
        .unchecked_ref::<Control>()
        .set_selection_range(start, end);
}
