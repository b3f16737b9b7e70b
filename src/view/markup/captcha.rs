//! The math question row and the honeypot.

use balasan_core::Field;
use leptos::prelude::*;

use super::context::Shared;
use crate::i18n::Key;

/// `2 + 6 = [  ]`: the whole equation is the input's label, in digits, so screen readers
/// read the question exactly as it is shown. Rendered only when the captcha is on; until
/// the widget draws (or fetches) the question, it says the question is loading.
#[component]
pub fn Captcha() -> impl IntoView {
    let shared = Shared::get();
    let field = Field::Captcha;
    let name = field.facts().wordpress;
    let id = shared.id(name);
    view! {
        <p class="comment-form-captcha" part="field captcha">
            <label for=id.clone() part="label">
                <span class="balasan-question" part="question">{shared.text(Key::CaptchaLoading)}</span>
                " "
                <span class="required" part="required">"*"</span>
            </label>
            " "
            <input id=id name=name type=field.facts().input inputmode="numeric" part="input answer"
                pattern="[0-9]*" size="4" autocomplete=field.facts().autocomplete required />
        </p>
    }
}

/// A field people never see and bots fill in: off-screen, out of the tab order and hidden
/// from assistive technology. Its value goes to backends that check it (`hp` in the native
/// contract). Placed off-screen by the stylesheet and, for pages without it, by the loader
/// through CSSOM: an inline `style` attribute in the markup would be refused by a strict
/// Content-Security-Policy.
#[component]
pub fn Honeypot() -> impl IntoView {
    let shared = Shared::get();
    let id = shared.id("balasan-hp");
    view! {
        <p class="balasan-hp" aria-hidden="true">
            <label for=id.clone()>{shared.text(Key::HoneypotLabel)}</label>
            <input id=id name="balasan-hp" type="text" tabindex="-1" autocomplete="off" />
        </p>
    }
}
