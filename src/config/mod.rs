//! A widget's settings, read from the `data-*` attributes a site writes, one file per
//! concern: `backend` (where and how comments go), `captcha` (the math question),
//! `looks` (language, texts, required marks, theme, ids) and `loader` (the settings
//! `embed.js` acts on, checked here so one place reports every problem).
//!
//! Parsing never fails as a whole: every attribute with a bad value becomes a [`Problem`]
//! that names it (for the site developer's console) and falls back to its default. Only
//! settings that make sending impossible (no usable endpoint, an unknown preset, a broken
//! field mapping) are fatal: the reader must learn that before typing, not after.
//!
//! # Usage
//! ```
//! use balasan::config::Config;
//! use balasan::presets::Preset;
//!
//! let (config, problems) = Config::parse([
//!     ("data-endpoint", "/wp-json/wp/v2/comments"),
//!     ("data-preset", "wordpress-rest"),
//!     ("data-lang", "en"),
//!     ("data-captcha-max", "lots"),
//! ]);
//! assert_eq!(config.backend.preset, Preset::WordpressRest);
//! assert_eq!(problems.len(), 1);
//! assert!(problems[0].to_string().contains("data-captcha-max"));
//! ```

mod backend;
mod captcha;
mod list;
mod loader;
mod looks;

use core::fmt;

use balasan_core::validate::Required;

pub use captcha::CaptchaMode;
pub use list::ListSettings;
pub use looks::Theme;

use crate::i18n::{Key, Lang, Texts};
use crate::presets::Preset;
use crate::request::Backend;

/// Everything one widget needs to know, with defaults for whatever the site left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where and how comments are sent. Its endpoint is empty only when [`Config::parse`]
    /// reported a fatal problem.
    pub backend: Backend,
    /// The reader's language plus the site's text overrides.
    pub texts: Texts,
    /// Which of name and email are required.
    pub required: Required,
    /// The math question.
    pub captcha: CaptchaMode,
    /// The article's id at the backend (WordPress post id); empty means the page path.
    pub post_id: String,
    /// The article's title as the site gives it (`data-title`), for the list's heading, the
    /// queue's notices and a backend's subject line; `None`: read from the page.
    pub title: Option<String>,
    /// Prefix for element ids; `None` lets the mount pick one that is unique on the page.
    pub id_prefix: Option<String>,
    /// Colour scheme of the default stylesheet.
    pub theme: Theme,
    /// The comment list above the form.
    pub list: ListSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: Backend::new(Preset::Balasan, ""),
            texts: Texts::new(Lang::Id),
            required: Required::default(),
            captcha: CaptchaMode::Local(balasan_core::captcha::Settings::default()),
            post_id: String::new(),
            title: None,
            id_prefix: None,
            theme: Theme::Light,
            list: ListSettings::default(),
        }
    }
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// An attribute the widget does not know (a typo, usually); ignored.
    Unknown,
    /// A bad value; the default is used instead.
    Invalid,
    /// The widget cannot work; a notice replaces the form.
    Fatal,
}

/// One attribute the site got wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The attribute exactly as written, e.g. `data-captcha-max`.
    pub attribute: String,
    /// What is wrong and what is expected, for the site developer.
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    /// The console line: `balasan: data-captcha-max: "lots" is not …`.
    pub fn line(&self) -> String {
        format!("balasan: {}: {}", self.attribute, self.message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line())
    }
}

/// The settings with one value each, by attribute name (without `data-`).
const SETTINGS: &[&str] = &[
    "endpoint",
    "preset",
    "encoding",
    "fields",
    "idempotency",
    "credentials",
    "timeout",
    "queue-days",
    "lang",
    "required",
    "captcha",
    "captcha-url",
    "captcha-ops",
    "captcha-max",
    "captcha-blank",
    "post-id",
    "title",
    "id-prefix",
    "theme",
    "list",
    "list-url",
    "order",
    "depth",
    "per-page",
    // Read by the loader (embed.js); checked here so that one place reports every problem.
    "target",
    "load",
    "isolation",
    "stylesheet",
    "reserve",
];

/// Attributes sorted by kind before they are read, so their order on the element never
/// matters (`data-lang` after a `data-text-*`, `data-preset` after `data-fields`, …).
#[derive(Default)]
struct Raw {
    single: Vec<(&'static str, String)>,
    texts: Vec<(String, Key, String)>,
    fields: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Raw {
    fn get(&self, name: &str) -> Option<&str> {
        self.single
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `setting`, parsed. A value `parse` refuses is reported with
    /// `severity` and gives `None`, so the caller keeps its default.
    fn read<T>(
        &self,
        report: &mut Report,
        setting: &str,
        severity: Severity,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let value = self.get(setting)?;
        parse(value)
            .map_err(|why| report.add(setting, why, severity))
            .ok()
    }
}

/// Problems found so far.
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, setting: &str, message: impl Into<String>, severity: Severity) {
        self.0.push(Problem {
            attribute: format!("data-{setting}"),
            message: message.into(),
            severity,
        });
    }
}

/// A parser for a setting that takes one of a few words: `choice(&[("on", true), ("off",
/// false)])`.
fn choice<'a, T: Copy>(
    options: &'a [(&'static str, T)],
) -> impl Fn(&str) -> Result<T, String> + 'a {
    move |v| match options.iter().find(|(word, _)| *word == v) {
        Some((_, t)) => Ok(*t),
        None => Err(not_one_of(v, &mut options.iter().map(|(w, _)| *w))),
    }
}

/// A whole number from `lo` to `hi`; refused as `"x" is not <what> from lo to hi`.
fn whole(lo: u32, hi: u32, what: &'static str) -> impl Fn(&str) -> Result<u32, String> {
    move |v| balasan_core::number::within(v, lo, hi, what)
}

/// `"x" is not "a", "b" or "c"`, built once for every kind of choice.
fn not_one_of(v: &str, words: &mut dyn Iterator<Item = &'static str>) -> String {
    let words: Vec<&str> = words.collect();
    format!("\"{v}\" is not {}", quoted_list(&words))
}

/// `"a", "b" or "c"`. (A plain loop: `join` and `format!` would add a kilobyte to the wasm
/// for a message only site developers see.)
fn quoted_list(words: &[&str]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == words.len() { " or " } else { ", " });
        }
        out.push('"');
        out.push_str(w);
        out.push('"');
    }
    out
}

/// An http(s) URL or a path on the page's own site.
fn check_url(v: &str) -> Result<(), String> {
    if v.is_empty() {
        return Err("is empty: set it to the URL that receives comments".into());
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("\"{v}\" contains spaces or control characters"));
    }
    // A scheme is whatever precedes the first ':' when no '/', '?' or '#' comes before it.
    let scheme_end = v
        .find(':')
        .filter(|&i| !v[..i].bytes().any(|b| matches!(b, b'/' | b'?' | b'#')));
    if let Some(i) = scheme_end {
        let scheme = v[..i].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "\"{v}\" is not an http(s) URL or a path on this site"
            ));
        }
        if !v[i + 1..].starts_with("//") || v.len() <= i + 3 {
            return Err(format!("\"{v}\" has no host"));
        }
    }
    Ok(())
}

impl Config {
    /// Reads attributes given as `(name, value)` pairs. Names without the `data-` prefix and
    /// the widget's own markers (`data-balasan`, `data-balasan-*`) are not settings and are
    /// skipped.
    pub fn parse<N, V>(attributes: impl IntoIterator<Item = (N, V)>) -> (Config, Vec<Problem>)
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut report = Report(Vec::new());
        let mut raw = Raw::default();
        for (name, value) in attributes {
            let Some(setting) = name.as_ref().strip_prefix("data-") else {
                continue;
            };
            let value = value.as_ref().to_owned();
            if let Some(&known) = SETTINGS.iter().find(|s| **s == setting) {
                raw.single.push((known, value.trim().to_owned()));
            } else if let Some(key) = setting.strip_prefix("text-") {
                match Key::from_name(key) {
                    Some(k) => raw.texts.push((setting.to_owned(), k, value)),
                    None => report.add(
                        setting,
                        "no such text; see the README for the list of text keys",
                        Severity::Unknown,
                    ),
                }
            } else if let Some(field) = setting.strip_prefix("field-") {
                raw.fields.push((field.to_owned(), value));
            } else if let Some(header) = setting.strip_prefix("header-") {
                if !backend::is_token(header) {
                    report.add(setting, "is not a valid header name", Severity::Invalid);
                } else if value.contains(['\r', '\n', '\0']) {
                    // The browser refuses such a header; the request would go without it.
                    report.add(
                        setting,
                        "contains a line break or NUL, which a header cannot hold",
                        Severity::Invalid,
                    );
                } else if value.chars().any(|c| u32::from(c) > 0xFF) {
                    // A header holds bytes: the browser refuses anything past Latin-1.
                    report.add(
                        setting,
                        "contains a character past Latin-1 (such as an emoji), which a header cannot hold",
                        Severity::Invalid,
                    );
                } else {
                    raw.headers.push((header.to_owned(), value));
                }
            } else if setting != "balasan" && !setting.starts_with("balasan-") {
                report.add(setting, "unknown setting (ignored)", Severity::Unknown);
            }
        }
        let mut config = Config::default();
        backend::read(&raw, &mut report, &mut config);
        looks::read(&raw, &mut report, &mut config);
        config.captcha = captcha::read(&raw, &mut report, &config.backend.endpoint);
        config.list = list::read(
            &raw,
            &mut report,
            config.backend.preset,
            &config.backend.endpoint,
        );
        loader::check(&raw, &mut report);
        (config, report.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Credentials, Slot};
    use balasan_core::captcha::{self, Blank, Op};

    fn parse(attrs: &[(&str, &str)]) -> (Config, Vec<Problem>) {
        Config::parse(attrs.iter().copied())
    }

    fn named(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.attribute.as_str()).collect()
    }

    #[test]
    fn defaults_match_wordpress() {
        let (c, p) = parse(&[("data-endpoint", "https://berita.contoh.id/api/komentar")]);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.backend.preset, Preset::Balasan);
        assert_eq!(c.backend.timeout_ms, 20_000);
        assert_eq!(c.texts.lang(), Lang::Id);
        assert_eq!(c.required, Required::default());
        assert_eq!(c.captcha, CaptchaMode::Local(captcha::Settings::default()));
    }

    #[test]
    fn every_setting_is_read() {
        let (c, p) = parse(&[
            ("data-balasan", ""),
            ("data-balasan-mounted", ""),
            ("id", "komentar"),
            ("data-endpoint", "/wp-json/wp/v2/comments"),
            ("data-preset", "wordpress-rest"),
            ("data-idempotency", "on"),
            ("data-credentials", "include"),
            ("data-timeout", "45"),
            ("data-queue-days", "0"),
            ("data-field-source", "web"),
            ("data-header-x-wp-nonce", "abc123"),
            ("data-lang", "en-GB"),
            ("data-required", "none"),
            ("data-captcha-ops", "+,x"),
            ("data-captcha-max", "20"),
            ("data-captcha-blank", "any"),
            ("data-post-id", "42"),
            ("data-title", "  Warga Bersihkan Sungai "),
            ("data-id-prefix", "c2-"),
            ("data-text-submit", "Kirim"),
            ("data-theme", "auto"),
            ("data-target", "#komentar"),
            ("data-load", "eager"),
            ("data-isolation", "shadow"),
            ("data-stylesheet", "/tema/komentar.css"),
            ("data-reserve", "900"),
        ]);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.theme, Theme::Auto);
        let b = &c.backend;
        assert_eq!(b.endpoint, "/wp-json/wp/v2/comments");
        assert_eq!(b.preset, Preset::WordpressRest);
        assert!(b.wire.idempotency);
        assert_eq!(b.credentials, Credentials::Include);
        assert_eq!(b.timeout_ms, 45_000);
        assert_eq!(b.queue_days, 0);
        assert_eq!(b.extra_fields, [("source".to_owned(), "web".to_owned())]);
        assert_eq!(b.headers, [("x-wp-nonce".to_owned(), "abc123".to_owned())]);
        assert_eq!(c.texts.lang(), Lang::En);
        assert!(!c.required.author && !c.required.email);
        let CaptchaMode::Local(s) = c.captcha else {
            panic!("captcha should be local")
        };
        assert_eq!(s.ops, vec![Op::Add, Op::Mul]);
        assert_eq!((s.max, s.blank), (20, Blank::Any));
        assert_eq!(c.post_id, "42");
        assert_eq!(c.title.as_deref(), Some("Warga Bersihkan Sungai"));
        assert_eq!(c.id_prefix.as_deref(), Some("c2-"));
        assert_eq!(c.texts.get(Key::Submit), "Kirim");
    }

    #[test]
    fn attribute_order_never_matters() {
        let (c, _) = parse(&[
            ("data-endpoint", "/x"),
            ("data-text-reply-title", "Beri Tanggapan"),
            ("data-lang", "en"),
            ("data-fields", "content:comment"),
            ("data-preset", "custom"),
            ("data-captcha", "off"),
            ("data-captcha-max", "5"),
        ]);
        assert_eq!(c.texts.get(Key::ReplyTitle), "Beri Tanggapan");
        assert_eq!(c.texts.get(Key::Submit), "Post Comment");
        assert_eq!(c.backend.wire.name_of(Slot::Content), Some("comment"));
        assert_eq!(c.captcha, CaptchaMode::Off);
    }

    #[test]
    fn fatal_problems_name_their_attribute() {
        for (attrs, attribute) in [
            (&[][..], "data-endpoint"),
            (&[("data-endpoint", "  ")][..], "data-endpoint"),
            (
                &[("data-endpoint", "javascript:alert(1)")][..],
                "data-endpoint",
            ),
            (&[("data-endpoint", "https:/x")][..], "data-endpoint"),
            (&[("data-endpoint", "/api/ komentar")][..], "data-endpoint"),
            (
                &[("data-endpoint", "/x"), ("data-preset", "disqus")][..],
                "data-preset",
            ),
            (
                &[
                    ("data-endpoint", "/x"),
                    ("data-preset", "custom"),
                    ("data-fields", "body"),
                ][..],
                "data-fields",
            ),
            (
                &[
                    ("data-endpoint", "/x"),
                    ("data-preset", "custom"),
                    ("data-fields", "bodi:x"),
                ][..],
                "data-fields",
            ),
            (
                &[
                    ("data-endpoint", "/x"),
                    ("data-preset", "custom"),
                    ("data-encoding", "xml"),
                ][..],
                "data-encoding",
            ),
            (
                &[
                    ("data-endpoint", "/x"),
                    ("data-captcha", "server"),
                    ("data-captcha-url", "ftp://x"),
                ][..],
                "data-captcha-url",
            ),
        ] {
            let (_, p) = parse(attrs);
            assert_eq!(named(&p), [attribute], "{attrs:?}");
            assert_eq!(p[0].severity, Severity::Fatal);
            assert!(p[0]
                .to_string()
                .starts_with(&format!("balasan: {attribute}: ")));
        }
        for ok in [
            "/api",
            "api/komentar",
            "http://127.0.0.1:8080/c",
            "?komentar=1",
        ] {
            let (c, p) = parse(&[("data-endpoint", ok)]);
            assert!(p.is_empty(), "{ok}: {p:?}");
            assert_eq!(c.backend.endpoint, ok);
        }
    }

    #[test]
    fn bad_values_fall_back_and_name_their_attribute() {
        let (c, p) = parse(&[
            ("data-endpoint", "/x"),
            ("data-lang", "fr"),
            ("data-required", "name,phone"),
            ("data-captcha", "maybe"),
            ("data-captcha-ops", "+/"),
            ("data-captcha-max", "1000"),
            ("data-captcha-blank", "left"),
            ("data-id-prefix", "9 lives"),
            ("data-credentials", "all"),
            ("data-timeout", "0"),
            ("data-idempotency", "yes"),
            ("data-theme", "neon"),
            ("data-load", "later"),
            ("data-isolation", "iframe"),
            ("data-reserve", "tall"),
            ("data-stylesheet", "javascript:x"),
            ("data-encoding", "form"),
            ("data-header-bad header", "x"),
            ("data-header-x-two-lines", "a\nb"),
            ("data-header-x-emoji", "ok ✓"),
            ("data-text-nope", "x"),
            ("data-endpiont", "/typo"),
        ]);
        let mut expected = Config::default();
        expected.backend.endpoint = "/x".into();
        assert_eq!(c, expected);
        let mut names = named(&p);
        names.sort_unstable();
        let mut want = vec![
            "data-lang",
            "data-required",
            "data-captcha",
            "data-captcha-ops",
            "data-captcha-max",
            "data-captcha-blank",
            "data-id-prefix",
            "data-credentials",
            "data-timeout",
            "data-idempotency",
            "data-theme",
            "data-load",
            "data-isolation",
            "data-reserve",
            "data-stylesheet",
            "data-encoding",
            "data-header-bad header",
            "data-header-x-two-lines",
            "data-header-x-emoji",
            "data-text-nope",
            "data-endpiont",
        ];
        want.sort_unstable();
        assert_eq!(names, want);
        assert!(p.iter().all(|p| p.severity != Severity::Fatal), "{p:?}");
    }
}
