//! A widget's settings, read from the `data-*` attributes a site writes.
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

use core::fmt;

use balasan_core::captcha::{self, Blank, Op};
use balasan_core::validate::Required;

use crate::i18n::{Key, Lang, Texts};
use crate::presets::Preset;
use crate::request::{Backend, Credentials, Encoding, Slot};

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
    /// Prefix for element ids; `None` lets the mount pick one that is unique on the page.
    pub id_prefix: Option<String>,
    /// Colour scheme of the default stylesheet.
    pub theme: Theme,
}

/// The default stylesheet's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Follows the reader's `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// The value of the form's `data-theme` attribute, which the stylesheet matches.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Who asks the math question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptchaMode {
    Off,
    /// The widget draws and checks the question (works with any backend).
    Local(captcha::Settings),
    /// The backend issues a signed challenge at this URL and checks the answer itself.
    Server {
        url: String,
    },
}

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: Backend::new(Preset::Balasan, ""),
            texts: Texts::new(Lang::Id),
            required: Required::default(),
            captcha: CaptchaMode::Local(captcha::Settings::default()),
            post_id: String::new(),
            id_prefix: None,
            theme: Theme::Light,
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "balasan: {}: {}", self.attribute, self.message)
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
    "lang",
    "required",
    "captcha",
    "captcha-url",
    "captcha-ops",
    "captcha-max",
    "captcha-blank",
    "post-id",
    "id-prefix",
    "theme",
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
}

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
                if is_token(header) {
                    raw.headers.push((header.to_owned(), value));
                } else {
                    report.add(setting, "is not a valid header name", Severity::Invalid);
                }
            } else if setting != "balasan" && !setting.starts_with("balasan-") {
                report.add(setting, "unknown setting (ignored)", Severity::Unknown);
            }
        }
        let config = Config::read(&raw, &mut report);
        (config, report.0)
    }

    fn read(raw: &Raw, report: &mut Report) -> Config {
        let mut config = Config::default();

        let endpoint = match raw.get("endpoint") {
            None => {
                report.add(
                    "endpoint",
                    "is missing: set it to the URL that receives comments",
                    Severity::Fatal,
                );
                String::new()
            }
            Some(v) => match check_url(v) {
                Ok(()) => v.to_owned(),
                Err(why) => {
                    report.add("endpoint", why, Severity::Fatal);
                    String::new()
                }
            },
        };
        let preset = match raw.get("preset") {
            None => Preset::Balasan,
            Some(name) => Preset::from_name(name).unwrap_or_else(|| {
                let known: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                report.add(
                    "preset",
                    format!("unknown preset \"{name}\"; use one of {}", known.join(", ")),
                    Severity::Fatal,
                );
                Preset::Balasan
            }),
        };
        let mut backend = Backend::new(preset, &endpoint);
        read_wire(raw, report, &mut backend);
        if let Some(v) = raw.get("credentials") {
            match Credentials::from_name(v) {
                Some(c) => backend.credentials = c,
                None => report.add(
                    "credentials",
                    format!("\"{v}\" is not \"omit\", \"same-origin\" or \"include\""),
                    Severity::Invalid,
                ),
            }
        }
        if let Some(v) = raw.get("timeout") {
            match v.parse::<u32>() {
                Ok(s @ 1..=120) => backend.timeout_ms = s * 1000,
                _ => report.add(
                    "timeout",
                    format!("\"{v}\" is not a number of seconds from 1 to 120"),
                    Severity::Invalid,
                ),
            }
        }
        backend.extra_fields = raw.fields.clone();
        backend.headers = raw.headers.clone();
        config.backend = backend;

        if let Some(v) = raw.get("lang") {
            match Lang::from_tag(v) {
                Some(lang) => config.texts = Texts::new(lang),
                None => report.add(
                    "lang",
                    format!("unknown language \"{v}\"; use \"id\" or \"en\""),
                    Severity::Invalid,
                ),
            }
        }
        for (_, key, text) in &raw.texts {
            config.texts.set(*key, text.clone());
        }
        if let Some(v) = raw.get("required") {
            match parse_required(v) {
                Ok(r) => config.required = r,
                Err(why) => report.add("required", why, Severity::Invalid),
            }
        }
        config.captcha = read_captcha(raw, report, &endpoint);
        check_loader_settings(raw, report);
        if let Some(v) = raw.get("theme") {
            match [Theme::Light, Theme::Dark, Theme::Auto]
                .into_iter()
                .find(|t| t.name() == v)
            {
                Some(t) => config.theme = t,
                None => report.add(
                    "theme",
                    format!("\"{v}\" is not \"light\", \"dark\" or \"auto\""),
                    Severity::Invalid,
                ),
            }
        }
        config.post_id = raw.get("post-id").unwrap_or_default().to_owned();
        if let Some(v) = raw.get("id-prefix") {
            let ok = v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if ok && v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
                config.id_prefix = Some(v.to_owned());
            } else {
                report.add(
                    "id-prefix",
                    format!(
                        "\"{v}\" must start with a letter and hold only letters, digits, - and _"
                    ),
                    Severity::Invalid,
                );
            }
        }
        config
    }
}

/// The loader's own attributes: it falls back to its defaults on a bad value; this names the
/// attribute.
fn check_loader_settings(raw: &Raw, report: &mut Report) {
    let one_of = |setting: &str, allowed: &[&str], report: &mut Report| {
        if let Some(v) = raw.get(setting) {
            if !allowed.contains(&v) {
                report.add(
                    setting,
                    format!("\"{v}\" is not \"{}\"", allowed.join("\" or \"")),
                    Severity::Invalid,
                );
            }
        }
    };
    one_of("load", &["lazy", "eager"], report);
    one_of("isolation", &["page", "shadow"], report);
    if let Some(v) = raw.get("reserve") {
        if !matches!(v.parse::<u32>(), Ok(1..=10_000)) {
            report.add(
                "reserve",
                format!("\"{v}\" is not a height in pixels from 1 to 10000"),
                Severity::Invalid,
            );
        }
    }
    if let Some(v) = raw.get("stylesheet") {
        if v != "none" {
            if let Err(why) = check_url(v) {
                report.add("stylesheet", why, Severity::Invalid);
            }
        }
    }
    if raw.get("target") == Some("") {
        report.add("target", "is empty: give a CSS selector", Severity::Invalid);
    }
}

/// `data-encoding`, `data-fields` (custom preset only) and `data-idempotency`.
fn read_wire(raw: &Raw, report: &mut Report, backend: &mut Backend) {
    let custom = backend.preset == Preset::Custom;
    for setting in ["encoding", "fields"] {
        if raw.get(setting).is_some() && !custom {
            report.add(
                setting,
                "only applies with data-preset=\"custom\" (ignored)",
                Severity::Invalid,
            );
        }
    }
    if custom {
        match raw.get("encoding") {
            None | Some("json") => backend.wire.encoding = Encoding::Json,
            Some("form") => backend.wire.encoding = Encoding::Form,
            Some(v) => report.add(
                "encoding",
                format!("\"{v}\" is not \"json\" or \"form\""),
                Severity::Fatal,
            ),
        }
        if let Some(v) = raw.get("fields") {
            if let Err(why) = apply_mapping(v, &mut backend.wire.names) {
                report.add("fields", why, Severity::Fatal);
            }
        }
    }
    match raw.get("idempotency") {
        None => {}
        Some("on") => backend.wire.idempotency = true,
        Some("off") => backend.wire.idempotency = false,
        Some(v) => report.add(
            "idempotency",
            format!("\"{v}\" is not \"on\" or \"off\""),
            Severity::Invalid,
        ),
    }
}

/// `content:comment, author:name, hp:-`: renames slots; `-` leaves a slot out.
fn apply_mapping(v: &str, names: &mut Vec<(Slot, String)>) -> Result<(), String> {
    for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (slot, name) = pair
            .split_once(':')
            .ok_or_else(|| format!("\"{pair}\" is not slot:name (e.g. \"content:comment\")"))?;
        let slot = Slot::from_name(slot.trim()).ok_or_else(|| {
            let known: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
            format!("\"{slot}\" is not one of {}", known.join(", "))
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!(
                "\"{pair}\" gives no field name (use - to leave it out)"
            ));
        }
        names.retain(|(s, _)| *s != slot);
        if name != "-" {
            names.push((slot, name.to_owned()));
        }
    }
    Ok(())
}

fn read_captcha(raw: &Raw, report: &mut Report, endpoint: &str) -> CaptchaMode {
    let mut settings = captcha::Settings::default();
    if let Some(v) = raw.get("captcha-ops") {
        match parse_ops(v) {
            Ok(ops) => settings.ops = ops,
            Err(why) => report.add("captcha-ops", why, Severity::Invalid),
        }
    }
    if let Some(v) = raw.get("captcha-max") {
        let (lo, hi) = captcha::Settings::MAX_RANGE;
        match v.parse::<u32>() {
            Ok(n) if (lo..=hi).contains(&n) => settings.max = n,
            _ => report.add(
                "captcha-max",
                format!("\"{v}\" is not a whole number from {lo} to {hi}"),
                Severity::Invalid,
            ),
        }
    }
    if let Some(v) = raw.get("captcha-blank") {
        match v {
            "result" => settings.blank = Blank::Result,
            "operand" => settings.blank = Blank::Operand,
            "any" => settings.blank = Blank::Any,
            _ => report.add(
                "captcha-blank",
                format!("\"{v}\" is not \"result\", \"operand\" or \"any\""),
                Severity::Invalid,
            ),
        }
    }
    match raw.get("captcha").unwrap_or("on") {
        "on" | "" => CaptchaMode::Local(settings),
        "off" => CaptchaMode::Off,
        "server" => {
            let url = match raw.get("captcha-url") {
                Some(u) => match check_url(u) {
                    Ok(()) => u.to_owned(),
                    Err(why) => {
                        report.add("captcha-url", why, Severity::Fatal);
                        String::new()
                    }
                },
                None => format!("{}/challenge", endpoint.trim_end_matches('/')),
            };
            CaptchaMode::Server { url }
        }
        v => {
            report.add(
                "captcha",
                format!("\"{v}\" is not \"on\", \"off\" or \"server\""),
                Severity::Invalid,
            );
            CaptchaMode::Local(settings)
        }
    }
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
    let scheme_end = v.find(':').filter(|&i| !v[..i].contains(['/', '?', '#']));
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

/// An HTTP token, as header names must be.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn parse_required(v: &str) -> Result<Required, String> {
    let mut r = Required {
        author: false,
        email: false,
    };
    if v == "none" {
        return Ok(r);
    }
    for token in v.split([',', ' ']).filter(|t| !t.is_empty()) {
        match token {
            "name" | "author" => r.author = true,
            "email" => r.email = true,
            other => {
                return Err(format!(
                    "\"{other}\" is not a field that can be required; use \"name\", \"email\", \"name,email\" or \"none\""
                ))
            }
        }
    }
    Ok(r)
}

fn parse_ops(v: &str) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for c in v.chars().filter(|c| !c.is_whitespace() && *c != ',') {
        let op = Op::from_symbol(c).ok_or_else(|| format!("'{c}' is not one of + - ×"))?;
        if !ops.contains(&op) {
            ops.push(op);
        }
    }
    if ops.is_empty() {
        return Err("is empty; list the operations to use, e.g. \"+-×\"".into());
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("data-field-source", "web"),
            ("data-header-x-wp-nonce", "abc123"),
            ("data-lang", "en-GB"),
            ("data-required", "none"),
            ("data-captcha-ops", "+,x"),
            ("data-captcha-max", "20"),
            ("data-captcha-blank", "any"),
            ("data-post-id", "42"),
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
    fn server_captcha_defaults_next_to_the_endpoint() {
        let (c, p) = parse(&[
            ("data-endpoint", "/api/comments/"),
            ("data-captcha", "server"),
        ]);
        assert!(p.is_empty());
        assert_eq!(
            c.captcha,
            CaptchaMode::Server {
                url: "/api/comments/challenge".into()
            }
        );
        let (c, _) = parse(&[
            ("data-endpoint", "/api/comments"),
            ("data-captcha", "server"),
            ("data-captcha-url", "https://api.contoh.id/soal"),
        ]);
        assert_eq!(
            c.captcha,
            CaptchaMode::Server {
                url: "https://api.contoh.id/soal".into()
            }
        );
    }

    #[test]
    fn custom_mapping_and_encoding() {
        let (c, p) = parse(&[
            ("data-endpoint", "https://forms.contoh.id/in"),
            ("data-preset", "custom"),
            ("data-encoding", "form"),
            (
                "data-fields",
                "content:pesan, author:nama, hp:-, elapsed_ms:-",
            ),
            ("data-idempotency", "off"),
        ]);
        assert!(p.is_empty(), "{p:?}");
        let w = &c.backend.wire;
        assert_eq!(w.encoding, Encoding::Form);
        assert_eq!(w.name_of(Slot::Content), Some("pesan"));
        assert_eq!(w.name_of(Slot::Author), Some("nama"));
        assert_eq!(w.name_of(Slot::Email), Some("email"));
        assert_eq!(w.name_of(Slot::Honeypot), None);
        assert!(!w.idempotency);
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
            "data-text-nope",
            "data-endpiont",
        ];
        want.sort_unstable();
        assert_eq!(names, want);
        assert!(p.iter().all(|p| p.severity != Severity::Fatal), "{p:?}");
    }
}
