//! Browser tests: each puts the pre-rendered form on a page as the loader does (the template
//! `balasan-prerender` writes, filled for the test's settings), lets the widget take it
//! over, acts like a reader (types, clicks), lets the effects update the DOM, and asserts
//! on what a reader would see.
//!
//! Run with `scripts/test.sh` (or `cargo run -p balasan-prerender -- target/prerender`, then
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`).

#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use balasan::config::{CaptchaMode, Config, Severity};
use balasan::i18n::{Key, Lang};
use balasan::json;
use balasan::template::{self, Fill};
use balasan::{mount, Mounted};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh page: storage and earlier widgets gone.
fn reset() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let old = document().query_selector_all(".test-host").unwrap();
    for i in 0..old.length() {
        old.item(i).unwrap().dyn_into::<Element>().unwrap().remove();
    }
}

/// The template the loader fills (written by `balasan-prerender` before these tests).
const FORM: &str = include_str!("../target/prerender/form.json");

/// The form's HTML for `attrs`, as the loader fills the template: the settings read by the
/// widget's own parser, the ids behind `prefix`.
fn prerendered(attrs: &[(&str, &str)], prefix: &str) -> String {
    let (config, _) = Config::parse(attrs.iter().copied());
    let form = json::parse(FORM).expect("form.json is JSON");
    let parts = template::from_value(form.get("parts").unwrap()).expect("a template");
    let texts: Vec<String> = json::items(form.get("keys").unwrap())
        .iter()
        .map(|k| {
            config
                .texts
                .get(Key::from_name(k.as_str().unwrap()).unwrap())
                .to_owned()
        })
        .collect();
    let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
    let switches: BTreeMap<String, String> = [
        ("author", flag(config.required.author)),
        ("email", flag(config.required.email)),
        (
            "captcha",
            if config.captcha == CaptchaMode::Off {
                "off"
            } else {
                "on"
            }
            .to_owned(),
        ),
        ("theme", config.theme.name().to_owned()),
        ("lang", config.texts.lang().tag().to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    template::expand(
        &parts,
        &Fill {
            texts: &texts,
            prefix,
            switches: &switches,
        },
    )
}

/// The texts of the languages the wasm does not carry, as the loader fetches them.
const LANGS: [(&str, &str); 2] = [
    ("en", include_str!("../target/prerender/lang-en.json")),
    ("ms", include_str!("../target/prerender/lang-ms.json")),
];

/// `attrs` as the loader passes them: a language's texts first, when the wasm does not
/// carry them, then the site's own settings.
fn settings(attrs: &[(&str, &str)]) -> Vec<(String, String)> {
    let lang = attrs
        .iter()
        .find(|(k, _)| *k == "data-lang")
        .and_then(|(_, v)| Lang::from_tag(v))
        .unwrap_or_default();
    let texts = LANGS
        .iter()
        .find(|(tag, _)| *tag == lang.tag())
        .map(|(_, text)| json::parse(text).expect("lang-<tag>.json is JSON"));
    let mut out: Vec<(String, String)> = texts
        .iter()
        .flat_map(json::members)
        .map(|(k, v)| (format!("data-{k}"), v.as_str().unwrap().to_owned()))
        .collect();
    out.extend(attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

/// A container in the page with a widget in it, configured by `attrs` as a script tag's
/// attributes would: the pre-rendered form put there as the loader does, then taken over.
fn widget(attrs: &[(&str, &str)]) -> (HtmlElement, Mounted) {
    widget_after(attrs, |_| {})
}

/// [`widget`], with `reader` acting on the pre-rendered form before the wasm takes it over.
fn widget_after(
    attrs: &[(&str, &str)],
    reader: impl FnOnce(&HtmlElement),
) -> (HtmlElement, Mounted) {
    let all = settings(attrs);
    let attrs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let attrs = attrs.as_slice();
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    host.set_class_name("test-host");
    document().body().unwrap().append_child(&host).unwrap();
    let (config, problems) = Config::parse(attrs.iter().copied());
    if !problems.iter().any(|p| p.severity == Severity::Fatal) {
        // The loader's choice of ids: an explicit prefix, else WordPress's for the first form.
        let prefix = config.id_prefix.clone().unwrap_or_else(|| {
            (1..)
                .map(|n| {
                    if n == 1 {
                        String::new()
                    } else {
                        format!("balasan{n}-")
                    }
                })
                .find(|p| {
                    document()
                        .get_element_by_id(&format!("{p}respond"))
                        .is_none()
                })
                .unwrap()
        });
        host.set_inner_html(&prerendered(attrs, &prefix));
        host.set_attribute("data-balasan-pre", "").unwrap();
        host.set_attribute("data-balasan-ids", &prefix).unwrap();
        reader(&host);
    }
    let mounted = mount(&host, attrs.iter().copied());
    (host, mounted)
}

/// Lets the effects run: they run on a microtask after the writes, which a timer waits out.
async fn tick() {
    sleep(0).await;
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// The text a reader sees in the element (hidden parts, such as the cancel link, left out).
fn text(root: &HtmlElement, selector: &str) -> String {
    find(root, selector).inner_text()
}

/// Types into an input or textarea the way a reader does: the value changes, then `input`.
fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let el = find(root, selector);
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        el.unchecked_ref::<HtmlInputElement>().set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn value(root: &HtmlElement, selector: &str) -> String {
    let el = find(root, selector);
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el.unchecked_ref::<HtmlInputElement>().value(),
    }
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Reads `a op b =` or `a op ? = c` from the captcha label and returns the answer.
fn solve(root: &HtmlElement) -> u32 {
    let q = text(root, ".balasan-question");
    let parts: Vec<&str> = q.split_whitespace().collect();
    let num = |s: &str| s.parse::<u32>().unwrap();
    match parts.as_slice() {
        [a, op, "?", "=", c] => match *op {
            "+" => num(c) - num(a),
            "−" => num(a) - num(c),
            _ => num(c) / num(a),
        },
        [a, op, b, "="] => match *op {
            "+" => num(a) + num(b),
            "−" => num(a) - num(b),
            _ => num(a) * num(b),
        },
        _ => panic!("unexpected question {q:?}"),
    }
}

fn fill_valid(root: &HtmlElement) {
    type_into(root, "textarea", "Semoga sungainya tetap bersih.");
    type_into(root, "[name=author]", "Sari");
    type_into(root, "[name=email]", "sari@contoh.id");
}

#[wasm_bindgen_test]
async fn heading_and_note_in_indonesian_by_default() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments")]);
    tick().await;
    assert_eq!(
        text(&host, "#respond > h3#reply-title.comment-reply-title"),
        "Tinggalkan Balasan"
    );
    // (The pre-rendered note ends in a space after the star, which a page never shows.)
    assert_eq!(
        text(&host, "form#commentform.comment-form > p.comment-notes").trim_end(),
        "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *"
    );
    assert_eq!(
        text(&host, "#email-notes"),
        "Alamat email Anda tidak akan dipublikasikan."
    );
    assert_eq!(text(&host, "label[for=comment]"), "Komentar *");
    assert_eq!(text(&host, "label[for=url]"), "Situs Web");
    assert_eq!(
        find(&host, "#submit")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "Kirim Komentar"
    );
    assert_eq!(
        find(&host, "#respond").get_attribute("lang").as_deref(),
        Some("id")
    );
}

#[wasm_bindgen_test]
async fn heading_and_note_in_english() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments"), ("data-lang", "en")]);
    tick().await;
    assert_eq!(text(&host, "#reply-title"), "Leave a Reply");
    assert_eq!(
        text(&host, ".comment-notes").trim_end(),
        "Your email address will not be published. Required fields are marked *"
    );
    assert_eq!(text(&host, "label[for=author]"), "Name *");
    assert_eq!(
        find(&host, "#respond").get_attribute("lang").as_deref(),
        Some("en")
    );
}

#[wasm_bindgen_test]
async fn fields_come_in_wordpress_order() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments")]);
    tick().await;
    let rows = host.query_selector_all("#commentform > p").unwrap();
    let classes: Vec<String> = (0..rows.length())
        .map(|i| {
            rows.item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .class_name()
        })
        .collect();
    assert_eq!(
        classes,
        [
            "comment-notes",
            "comment-form-comment",
            "comment-form-author",
            "comment-form-email",
            "comment-form-url",
            "comment-form-cookies-consent",
            "comment-form-captcha",
            "balasan-hp",
            "form-submit",
            "balasan-alert",
            "balasan-status",
        ]
    );
    let email = find(&host, "#email");
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("email-notes")
    );
    assert_eq!(
        email.get_attribute("autocomplete").as_deref(),
        Some("email")
    );
}

#[wasm_bindgen_test]
async fn every_required_field_has_a_star_and_required() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments")]);
    tick().await;
    for (label, input) in [
        ("label[for=comment]", "#comment"),
        ("label[for=author]", "#author"),
        ("label[for=email]", "#email"),
        ("label[for=balasan-captcha]", "#balasan-captcha"),
    ] {
        assert_eq!(
            text(&host, &format!("{label} span.required")),
            "*",
            "{label}"
        );
        assert!(find(&host, input).has_attribute("required"), "{input}");
    }
    assert!(host
        .query_selector("label[for=url] .required")
        .unwrap()
        .is_none());
    assert!(!find(&host, "#url").has_attribute("required"));
    assert_eq!(text(&host, ".required-field-message .required"), "*");
}

#[wasm_bindgen_test]
async fn required_fields_follow_the_setting() {
    reset();
    let (host, _w) = widget(&[
        ("data-endpoint", "/api/comments"),
        ("data-required", "none"),
    ]);
    tick().await;
    for field in ["author", "email"] {
        assert!(host
            .query_selector(&format!("label[for={field}] .required"))
            .unwrap()
            .is_none());
        assert!(!find(&host, &format!("#{field}")).has_attribute("required"));
    }
    assert!(find(&host, "#comment").has_attribute("required"));
}

#[wasm_bindgen_test]
async fn empty_submit_shows_each_error_and_focuses_the_first() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments")]);
    tick().await;
    find(&host, "#submit").click();
    tick().await;
    for (input, message) in [
        ("comment", "Silakan ketik teks komentar Anda."),
        ("author", "Mohon isi ruas yang diwajibkan."),
        ("email", "Mohon isi ruas yang diwajibkan."),
        ("balasan-captcha", "Mohon jawab soal hitungan ini."),
    ] {
        let el = find(&host, &format!("#{input}"));
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{input}"
        );
        let described = el.get_attribute("aria-describedby").unwrap_or_default();
        let error_id = format!("{input}-error");
        assert!(
            described.split(' ').any(|id| id == error_id),
            "{input}: {described}"
        );
        assert_eq!(text(&host, &format!("#{error_id}")), message);
    }
    assert!(!find(&host, "#url").has_attribute("aria-invalid"));
    assert_eq!(
        text(&host, "[role=alert]"),
        "Komentar belum terkirim. Mohon periksa ruas yang ditandai (4)."
    );
    assert_eq!(active_id(), "comment");

    // Fixing a field clears its error at once; focus goes to the next bad one.
    type_into(&host, "#comment", "Isi komentar");
    tick().await;
    assert!(!find(&host, "#comment").has_attribute("aria-invalid"));
    find(&host, "#submit").click();
    tick().await;
    assert_eq!(active_id(), "author");
}

#[wasm_bindgen_test]
async fn bad_email_and_website_are_named() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments"), ("data-lang", "en")]);
    tick().await;
    fill_valid(&host);
    type_into(&host, "#email", "sari@contoh");
    type_into(&host, "#url", "javascript:alert(1)");
    let answer = solve(&host);
    type_into(&host, "#balasan-captcha", &answer.to_string());
    find(&host, "#submit").click();
    tick().await;
    assert_eq!(
        text(&host, "#email-error"),
        "Please enter a valid email address."
    );
    assert_eq!(
        text(&host, "#url-error"),
        "Please enter a valid website address, such as example.com."
    );
    assert_eq!(active_id(), "email");
}

#[wasm_bindgen_test]
async fn wrong_answer_shows_an_error_and_a_new_question() {
    reset();
    let (host, _w) = widget(&[("data-endpoint", "/api/comments")]);
    tick().await;
    fill_valid(&host);
    let mut questions = vec![text(&host, ".balasan-question")];
    for _ in 0..5 {
        let wrong = solve(&host) + 1;
        type_into(&host, "#balasan-captcha", &wrong.to_string());
        find(&host, "#submit").click();
        tick().await;
        assert_eq!(
            text(&host, "#balasan-captcha-error"),
            "Jawaban kurang tepat. Silakan jawab soal yang baru ini."
        );
        assert_eq!(
            value(&host, "#balasan-captcha"),
            "",
            "the old answer is cleared"
        );
        assert_eq!(active_id(), "balasan-captcha");
        // The reader's text is untouched by a wrong answer.
        assert_eq!(value(&host, "#comment"), "Semoga sungainya tetap bersih.");
        questions.push(text(&host, ".balasan-question"));
    }
    // Six identical random questions in a row would mean no new question was drawn.
    questions.dedup();
    assert!(
        questions.len() > 1,
        "the question never changed: {questions:?}"
    );
}

#[wasm_bindgen_test]
async fn right_answer_passes_and_is_sent() {
    reset();
    // Nothing answers this endpoint in the test page: the send must really be attempted
    // and honestly fail, keeping the draft.
    let (host, _w) = widget(&[("data-endpoint", "/no-backend-here"), ("data-post-id", "7")]);
    tick().await;
    fill_valid(&host);
    let answer = solve(&host);
    type_into(&host, "#balasan-captcha", &answer.to_string());
    find(&host, "#submit").click();
    tick().await;
    assert!(host.query_selector("[aria-invalid]").unwrap().is_none());
    let mut alert = String::new();
    for _ in 0..200 {
        alert = text(&host, "[role=alert]");
        if !alert.is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        alert,
        "Komentar tak dapat disimpan. Silakan coba lagi nanti."
    );
    assert_eq!(
        text(&host, "[role=status]"),
        "",
        "no success message for a failed send"
    );
    assert_eq!(value(&host, "#comment"), "Semoga sungainya tetap bersih.");
    assert!(!find(&host, "#submit").has_attribute("aria-disabled"));
}

#[wasm_bindgen_test]
async fn draft_survives_a_reload() {
    reset();
    let attrs = [("data-endpoint", "/api/comments"), ("data-post-id", "99")];
    let (host, w) = widget(&attrs);
    tick().await;
    type_into(&host, "#comment", "Draf yang belum selesai\nbaris kedua");
    type_into(&host, "#author", "Tidak disimpan tanpa izin");
    tick().await;
    drop(w);
    host.remove();
    tick().await;

    let (host, _w) = widget(&attrs);
    tick().await;
    assert_eq!(
        value(&host, "#comment"),
        "Draf yang belum selesai\nbaris kedua"
    );
    assert_eq!(
        value(&host, "#author"),
        "",
        "name is kept only with consent"
    );

    // Another article has its own draft.
    let (other, _o) = widget(&[("data-endpoint", "/api/comments"), ("data-post-id", "100")]);
    tick().await;
    assert_eq!(value(&other, "#balasan2-comment"), "");
}

#[wasm_bindgen_test]
async fn remember_me_needs_consent() {
    reset();
    let attrs = [("data-endpoint", "/api/comments")];
    let (host, w) = widget(&attrs);
    tick().await;
    find(&host, "#wp-comment-cookies-consent").click();
    type_into(&host, "#author", "Sari");
    type_into(&host, "#email", "sari@contoh.id");
    type_into(&host, "#url", "contoh.id");
    tick().await;
    drop(w);
    host.remove();

    let (host, w) = widget(&attrs);
    tick().await;
    assert_eq!(value(&host, "#author"), "Sari");
    assert_eq!(value(&host, "#email"), "sari@contoh.id");
    assert_eq!(value(&host, "#url"), "contoh.id");
    assert!(find(&host, "#wp-comment-cookies-consent")
        .unchecked_into::<HtmlInputElement>()
        .checked());

    // Unticking forgets at once.
    find(&host, "#wp-comment-cookies-consent").click();
    tick().await;
    drop(w);
    host.remove();
    let (host, _w) = widget(&attrs);
    tick().await;
    assert_eq!(value(&host, "#author"), "");
}

#[wasm_bindgen_test]
async fn two_widgets_have_unique_ids() {
    reset();
    let (a, _a) = widget(&[("data-endpoint", "/a"), ("data-post-id", "1")]);
    let (b, _b) = widget(&[("data-endpoint", "/b"), ("data-post-id", "2")]);
    tick().await;
    assert!(a.query_selector("#respond").unwrap().is_some());
    assert!(b.query_selector("#balasan2-respond").unwrap().is_some());
    assert_eq!(
        find(&b, "#balasan2-email")
            .get_attribute("aria-describedby")
            .as_deref(),
        Some("balasan2-email-notes")
    );
    assert_eq!(
        find(&b, "label[for=balasan2-comment]")
            .text_content()
            .as_deref(),
        Some("Komentar *")
    );
}

#[wasm_bindgen_test]
async fn missing_endpoint_shows_a_notice_instead_of_a_form() {
    reset();
    let (host, _w) = widget(&[("data-lang", "en")]);
    tick().await;
    assert!(host.query_selector("form").unwrap().is_none());
    assert_eq!(
        text(&host, "[role=alert]"),
        "The comment form cannot be used because of a site configuration error."
    );
}

#[wasm_bindgen_test]
async fn text_overrides_apply() {
    reset();
    let (host, _w) = widget(&[
        ("data-endpoint", "/api/comments"),
        ("data-text-reply-title", "Beri Tanggapan"),
        ("data-captcha", "off"),
    ]);
    tick().await;
    assert_eq!(text(&host, "#reply-title"), "Beri Tanggapan");
    assert!(host
        .query_selector(".comment-form-captcha")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_takeover_keeps_the_readers_text_focus_and_selection() {
    let text = "Komentar yang sedang diketik ketika formulir diambil alih.";
    let (host, _w) = widget_after(&[("data-endpoint", "/api/comments")], |pre| {
        // As the loader's form: storage already read into it, then the reader typed.
        pre.set_attribute("data-balasan-restored", "").unwrap();
        let box_: HtmlTextAreaElement = find(pre, "#comment").unchecked_into();
        box_.set_value(text);
        box_.focus().unwrap();
        box_.set_selection_range(9, 14).unwrap();
    });
    let box_: HtmlTextAreaElement = find(&host, "#comment").unchecked_into();
    assert_eq!(box_.value(), text);
    assert_eq!(active_id(), "comment");
    assert_eq!(
        (
            box_.selection_start().unwrap(),
            box_.selection_end().unwrap()
        ),
        (Some(9), Some(14))
    );
    tick().await;
    assert_eq!(
        (
            box_.selection_start().unwrap(),
            box_.selection_end().unwrap()
        ),
        (Some(9), Some(14)),
        "still there once the effects ran"
    );
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Answers the list's requests to `daftar.contoh.invalid` with `pages` (a JSON object: each
/// page by its `after` cursor, `""` for the first) in place of a backend, until dropped.
/// The list's rendering is what is tested here; the end-to-end tests list from real servers.
struct FakeList;

impl FakeList {
    fn new(pages: &str) -> FakeList {
        let install = js_sys::Function::new_with_args(
            "pages",
            "const real = window.fetch;
             window.__balasanRealFetch = real;
             window.fetch = (input, init) => {
               const url = new URL(typeof input === 'string' ? input : input.url, location.href);
               if (url.hostname !== 'daftar.contoh.invalid') return real(input, init);
               const page = JSON.parse(pages)[url.searchParams.get('after') || ''];
               return Promise.resolve(new Response(JSON.stringify(page),
                 { status: 200, headers: { 'Content-Type': 'application/json' } }));
             };",
        );
        install.call1(&JsValue::NULL, &pages.into()).unwrap();
        FakeList
    }
}

impl Drop for FakeList {
    fn drop(&mut self) {
        js_sys::Function::new_no_args("window.fetch = window.__balasanRealFetch;")
            .call0(&JsValue::NULL)
            .unwrap();
    }
}

/// Waits (up to 2 s) until `ready` says yes.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        sleep(10).await;
    }
    panic!("waited 2 s for {what}");
}

#[wasm_bindgen_test]
async fn the_form_goes_along_when_the_comment_it_answers_moves_in_the_thread() {
    reset();
    // The first page holds a reply whose parent comes on the next page (a backend that
    // pages its comments flat): it stands at the top until its parent is loaded.
    let _list = FakeList::new(
        r#"{"": {"comments": [{"id": 2, "parent": 1, "author": "Budi", "content": "Setuju.",
                               "created_at": 1795000100}], "next": "p2"},
            "p2": {"comments": [{"id": 1, "author": "Sari", "content": "Jembatan dibuka.",
                                 "created_at": 1795000000}]}}"#,
    );
    let (_host, _w) = widget(&[
        (
            "data-endpoint",
            "https://daftar.contoh.invalid/api/comments",
        ),
        ("data-post-id", "geser"),
    ]);
    let doc = document();
    // The form leaves its host for the list, above it.
    let page = doc.body().unwrap();
    let by_id = |id: &str| doc.get_element_by_id(id);
    until("the first page", || by_id("comment-2").is_some()).await;
    let reply: HtmlElement = doc
        .query_selector("#comment-2 .comment-reply-link")
        .unwrap()
        .unwrap()
        .unchecked_into();
    reply.click();
    tick().await;
    let respond = by_id("respond").unwrap();
    let below = |r: &Element| r.previous_element_sibling().map(|e| e.id());
    assert_eq!(below(&respond).as_deref(), Some("div-comment-2"));
    type_into(&page, "#comment", "Sudah, sejak Senin.");
    let area: HtmlTextAreaElement = by_id("comment").unwrap().unchecked_into();
    area.focus().unwrap();
    area.set_selection_range(7, 12).unwrap();

    let more: HtmlElement = doc
        .query_selector(".balasan-more")
        .unwrap()
        .unwrap()
        .unchecked_into();
    more.click();
    until("the parent's page", || by_id("comment-1").is_some()).await;
    tick().await;
    let moved = by_id("comment-2").unwrap();
    let parent = moved
        .parent_element()
        .and_then(|ol| ol.closest("li").unwrap());
    assert_eq!(parent.map(|li| li.id()).as_deref(), Some("comment-1"));
    let respond = by_id("respond").unwrap();
    assert_eq!(
        below(&respond).as_deref(),
        Some("div-comment-2"),
        "the form went along"
    );
    assert!(moved.contains(Some(&respond)));
    assert_eq!(value(&page, "#comment"), "Sudah, sejak Senin.");
    assert_eq!(active_id(), "comment", "focus kept");
    assert_eq!(
        (
            area.selection_start().unwrap(),
            area.selection_end().unwrap()
        ),
        (Some(7), Some(12)),
        "selection kept"
    );
    assert_eq!(
        by_id("reply-title").unwrap().text_content().unwrap().trim(),
        "Tinggalkan Balasan ke Budi Batalkan balasan"
    );
}
