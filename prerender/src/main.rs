//! `balasan-prerender OUT_DIR`: renders the comment form to HTML from the widget's own
//! components (Leptos, natively), and writes
//!
//! - `form.json`: the template the loader fills at once for any site's settings
//!   (`scripts/post-build.mjs` writes it into `embed.js`), with the texts of every
//!   language it needs;
//! - `form-<lang>.html`: the form with default settings per language, for sites that
//!   include it in their pages (readers without JavaScript get it too);
//! - `lang-<lang>.json`: every text of a language the wasm does not carry (all but
//!   Indonesian), which the loader fetches for a form in that language;
//! - `presets.json`: the presets whose backend has a list, for the loader to know when a
//!   wasm without the list will do.
//!
//! Before writing, it checks that the template, filled for every combination of the
//! settings that change markup and every language (and texts with markup characters, a
//! `%s` and nothing at all), gives exactly the HTML the components render for those
//! settings. The browser tests then check that this HTML is what the wasm renders.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use balasan::config::{CaptchaMode, Config, Theme};
use balasan::i18n::{Key, Lang, Texts};
use balasan::presets::Preset;
use balasan_core::captcha;
use balasan_core::validate::Required;

use balasan::template::{self, json_string, text_mark, Fill, Piece, PREFIX_MARK};

/// The settings that change the form's markup (texts and the id prefix aside).
#[derive(Clone, Debug)]
struct Variant {
    author: bool,
    email: bool,
    captcha: bool,
    theme: Theme,
    lang: Lang,
}

const THEMES: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

impl Variant {
    /// What a site gets without setting anything.
    fn default_for(lang: Lang) -> Variant {
        Variant {
            author: true,
            email: true,
            captcha: true,
            theme: Theme::Light,
            lang,
        }
    }

    /// The switch values the loader picks for these settings.
    fn switches(&self) -> BTreeMap<String, String> {
        let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
        [
            ("author", flag(self.author)),
            ("email", flag(self.email)),
            (
                "captcha",
                if self.captcha { "on" } else { "off" }.to_owned(),
            ),
            ("theme", self.theme.name().to_owned()),
            ("lang", self.lang.tag().to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    fn config(&self, texts: Texts) -> Config {
        Config {
            texts,
            required: Required {
                author: self.author,
                email: self.email,
            },
            captcha: if self.captcha {
                CaptchaMode::Local(captcha::Settings::default())
            } else {
                CaptchaMode::Off
            },
            theme: self.theme,
            ..Config::default()
        }
    }

    /// Every combination.
    fn all() -> Vec<Variant> {
        let mut all = Vec::new();
        for &lang in Lang::ALL {
            for theme in THEMES {
                for bits in 0..8u8 {
                    all.push(Variant {
                        author: bits & 1 == 0,
                        email: bits & 2 == 0,
                        captcha: bits & 4 == 0,
                        theme,
                        lang,
                    });
                }
            }
        }
        all
    }
}

/// Settings (as a site writes them) whose markup the end-to-end tests compare with what the
/// loader puts on the page, and the id prefix the loader gives that widget.
const FIXTURES: &[(&[(&str, &str)], &str)] = &[
    (&[("data-endpoint", "/api/comments")], ""),
    (
        &[("data-endpoint", "/api/comments"), ("data-lang", "en-GB")],
        "",
    ),
    (
        &[
            ("data-endpoint", "/api/comments"),
            ("data-lang", "ms"),
            ("data-theme", "dark"),
        ],
        "",
    ),
    (
        &[
            ("data-endpoint", "/api/comments"),
            ("data-required", "email"),
        ],
        "",
    ),
    (
        &[
            ("data-endpoint", "/api/comments"),
            ("data-required", "none"),
            ("data-captcha", "off"),
        ],
        "",
    ),
    (
        &[
            ("data-endpoint", "/api/comments"),
            ("data-captcha", "server"),
            ("data-theme", "auto"),
        ],
        "",
    ),
    (
        &[
            ("data-endpoint", "/api/comments"),
            ("data-id-prefix", "kolom-"),
            ("data-text-reply-title", "Apa <pendapat> & \"suara\" Anda?"),
            ("data-text-required-note", "%s wajib diisi"),
            ("data-text-submit", "Kirim \"sekarang\" & <segera>"),
            ("data-text-website", ""),
        ],
        "kolom-",
    ),
];

/// The form's HTML for `config` as the components render it.
fn render(config: Config, prefix: &str) -> String {
    balasan::view::to_html(config, prefix, None)
}

/// Texts whose `%s` the view splits around an element (the required note's star).
fn split(key: Key) -> bool {
    key.text(Lang::Id).contains("%s")
}

/// `lang`'s texts, every one replaced by its mark.
fn marked(lang: Lang) -> Texts {
    let mut texts = Texts::new(lang);
    for (i, &key) in Key::ALL.iter().enumerate() {
        let mark = if split(key) {
            format!(
                "{}%s{}",
                text_mark(i, Piece::Before),
                text_mark(i, Piece::After)
            )
        } else {
            text_mark(i, Piece::Whole)
        };
        texts.set(key, mark);
    }
    texts
}

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: balasan-prerender OUT_DIR");
        return ExitCode::FAILURE;
    };
    let prefix = PREFIX_MARK.to_string();
    let base_variant = Variant::default_for(Lang::Id);
    let base = render(base_variant.config(marked(Lang::Id)), &prefix);

    // One region per switch, from renderings that differ from the base in that switch only.
    let mut regions = Vec::new();
    let mut switch = |name: &str, versions: Vec<(String, Variant)>| {
        let versions: BTreeMap<String, String> = versions
            .into_iter()
            .map(|(value, v)| {
                let texts = marked(v.lang);
                (value, render(v.config(texts), &prefix))
            })
            .collect();
        regions.push(template::region(name, &base, &versions));
    };
    let with = |f: &dyn Fn(&mut Variant)| {
        let mut v = base_variant.clone();
        f(&mut v);
        v
    };
    switch(
        "author",
        vec![
            ("1".into(), with(&|_| {})),
            ("0".into(), with(&|v| v.author = false)),
        ],
    );
    switch(
        "email",
        vec![
            ("1".into(), with(&|_| {})),
            ("0".into(), with(&|v| v.email = false)),
        ],
    );
    switch(
        "captcha",
        vec![
            ("on".into(), with(&|_| {})),
            ("off".into(), with(&|v| v.captcha = false)),
        ],
    );
    switch(
        "theme",
        THEMES
            .iter()
            .map(|&t| (t.name().to_owned(), with(&|v| v.theme = t)))
            .collect(),
    );
    switch(
        "lang",
        Lang::ALL
            .iter()
            .map(|&l| (l.tag().to_owned(), with(&|v| v.lang = l)))
            .collect(),
    );
    let parts = template::build(&base, regions);

    // The texts the template uses, numbered densely for the loader.
    let mut used: Vec<usize> = Vec::new();
    collect_keys(&parts, &mut used);
    used.sort_unstable();
    used.dedup();
    let renumbered = renumber(&parts, &used);

    // Check: the filled template is the components' HTML, for every combination and
    // language, with the real texts and with texts that test the edges.
    let real =
        |lang: Lang| -> Vec<String> { Key::ALL.iter().map(|k| k.text(lang).to_owned()).collect() };
    let mut checked = 0;
    for v in Variant::all() {
        for prefix in ["", "balasan2-"] {
            let texts = real(v.lang);
            let expected = render(v.config(Texts::new(v.lang)), prefix);
            let switches = v.switches();
            let got = template::expand(
                &parts,
                &Fill {
                    texts: &texts,
                    prefix,
                    switches: &switches,
                },
            );
            if got != expected {
                eprintln!(
                    "balasan-prerender: the template does not give the components' HTML for {v:?}, prefix {prefix:?}:\n  template:   {got}\n  components: {expected}"
                );
                return ExitCode::FAILURE;
            }
            checked += 1;
        }
    }
    for edge in [
        "<b>\"Tanda\" & 'kutip'</b>",
        "",
        "%s di depan",
        "di belakang %s",
        "%s",
    ] {
        let v = Variant::default_for(Lang::En);
        let mut texts = Texts::new(Lang::En);
        let mut filled = real(Lang::En);
        for (i, &key) in Key::ALL.iter().enumerate() {
            texts.set(key, edge.to_owned());
            filled[i] = edge.to_owned();
        }
        let expected = render(v.config(texts), "c-");
        let got = template::expand(
            &parts,
            &Fill {
                texts: &filled,
                prefix: "c-",
                switches: &v.switches(),
            },
        );
        if got != expected {
            eprintln!(
                "balasan-prerender: the template does not give the components' HTML for the texts {edge:?}:\n  template:   {got}\n  components: {expected}"
            );
            return ExitCode::FAILURE;
        }
        checked += 1;
    }

    // form.json for the loader.
    let keys: Vec<String> = used
        .iter()
        .map(|&i| json_string(Key::ALL[i].name()))
        .collect();
    let texts: Vec<String> = Lang::ALL
        .iter()
        .map(|&lang| {
            let list: Vec<String> = used
                .iter()
                .map(|&i| json_string(Key::ALL[i].text(lang)))
                .collect();
            format!("{}:[{}]", json_string(lang.tag()), list.join(","))
        })
        .collect();
    // Sentences the loader itself may need to say, before or without the wasm.
    let loader_keys = [Key::NeedsScript, Key::Sent, Key::AwaitingModeration];
    let said: Vec<String> = Lang::ALL
        .iter()
        .map(|&lang| {
            let list: Vec<String> = loader_keys
                .iter()
                .map(|k| format!("{}:{}", json_string(k.name()), json_string(k.text(lang))))
                .collect();
            format!("{}:{{{}}}", json_string(lang.tag()), list.join(","))
        })
        .collect();
    let json = format!(
        "{{\"parts\":{},\"keys\":[{}],\"texts\":{{{}}},\"say\":{{{}}}}}\n",
        template::to_json(&renumbered),
        keys.join(","),
        texts.join(","),
        said.join(",")
    );
    if let Err(e) = write(&out, "form.json", &json) {
        eprintln!("balasan-prerender: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    // The components' own HTML for settings a site may write, for the end-to-end test that
    // checks the loader fills the template into exactly this (tests/e2e/html-first.test.mjs).
    let fixtures: Vec<String> = FIXTURES
        .iter()
        .map(|(attrs, prefix)| {
            let (config, _) = Config::parse(attrs.iter().copied());
            let html = render(config, prefix);
            let attrs: Vec<String> = attrs
                .iter()
                .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
                .collect();
            format!(
                "{{\"attrs\":{{{}}},\"prefix\":{},\"html\":{}}}",
                attrs.join(","),
                json_string(prefix),
                json_string(&html)
            )
        })
        .collect();
    if let Err(e) = write(
        &out,
        "variants.json",
        &format!("[{}]\n", fixtures.join(",\n")),
    ) {
        eprintln!("balasan-prerender: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    // lang-<tag>.json: every text of the languages the wasm does not carry (it carries the
    // default's), as the loader's options (`text-<key>`), which the loader passes in before
    // the site's own.
    for &lang in Lang::ALL.iter().filter(|&&l| l != Lang::default()) {
        let pairs: Vec<String> = Key::ALL
            .iter()
            .map(|k| {
                let name = json_string(&format!("text-{}", k.name()));
                format!("{name}:{}", json_string(k.text(lang)))
            })
            .collect();
        let json = format!("{{{}}}\n", pairs.join(","));
        if let Err(e) = write(&out, &format!("lang-{}.json", lang.tag()), &json) {
            eprintln!("balasan-prerender: cannot write {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    // presets.json: the presets whose backend has a list (embed.js loads a wasm without the
    // list for a form whose list cannot show).
    let listing: Vec<String> = Preset::ALL
        .iter()
        .filter(|p| p.may_list())
        .map(|p| json_string(p.name()))
        .collect();
    let json = format!("{{\"lists\":[{}]}}\n", listing.join(","));
    if let Err(e) = write(&out, "presets.json", &json) {
        eprintln!("balasan-prerender: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    // The includable forms: default settings, without the question (it needs the script).
    for &lang in Lang::ALL {
        let v = Variant {
            captcha: false,
            ..Variant::default_for(lang)
        };
        let html = render(v.config(Texts::new(lang)), "");
        if let Err(e) = write(&out, &format!("form-{}.html", lang.tag()), &(html + "\n")) {
            eprintln!("balasan-prerender: cannot write {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    println!(
        "balasan-prerender: template checked against {checked} renderings; {} written",
        out.display()
    );
    ExitCode::SUCCESS
}

fn write(dir: &std::path::Path, name: &str, content: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(name), content)
}

fn collect_keys(parts: &[template::Part], used: &mut Vec<usize>) {
    for p in parts {
        match p {
            template::Part::Text { key, .. } => used.push(*key),
            template::Part::Switch { cases, .. } => {
                for c in cases.values() {
                    collect_keys(c, used);
                }
            }
            _ => {}
        }
    }
}

/// The template with text numbers replaced by their place in `used`.
fn renumber(parts: &[template::Part], used: &[usize]) -> Vec<template::Part> {
    parts
        .iter()
        .map(|p| match p {
            template::Part::Text {
                key,
                piece,
                in_attribute,
            } => template::Part::Text {
                key: used.iter().position(|u| u == key).expect("a used key"),
                piece: *piece,
                in_attribute: *in_attribute,
            },
            template::Part::Switch { name, cases } => template::Part::Switch {
                name: name.clone(),
                cases: cases
                    .iter()
                    .map(|(k, v)| (k.clone(), renumber(v, used)))
                    .collect(),
            },
            other => other.clone(),
        })
        .collect()
}
