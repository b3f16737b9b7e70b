//! A widget's settings, read from the `data-*` attributes a site writes.
//!
//! Parsing never fails as a whole: every attribute with a bad value becomes a [`Problem`]
//! that names it (for the site developer's console) and falls back to its default. Only a
//! missing or unusable endpoint is fatal, because then no comment could ever be sent and the
//! reader must be told before typing, not after.
//!
//! # Usage
//! ```
//! use balasan::config::Config;
//!
//! let (config, problems) = Config::parse([
//!     ("data-endpoint", "/api/comments"),
//!     ("data-lang", "en"),
//!     ("data-required", "email"),
//!     ("data-captcha-max", "lots"),
//! ]);
//! assert_eq!(config.endpoint, "/api/comments");
//! assert!(!config.required.author && config.required.email);
//! assert_eq!(problems.len(), 1);
//! assert!(problems[0].to_string().contains("data-captcha-max"));
//! ```

use core::fmt;

use balasan_core::captcha::{self, Blank, Op};
use balasan_core::validate::Required;

use crate::i18n::{Key, Lang, Texts};

/// Everything one widget needs to know, with defaults for whatever the site left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where comments are POSTed. Empty only when [`Config::parse`] reported it fatal.
    pub endpoint: String,
    /// The reader's language plus the site's text overrides.
    pub texts: Texts,
    /// Which of name and email are required.
    pub required: Required,
    /// The math question's settings, or `None` when the site turned it off.
    pub captcha: Option<captcha::Settings>,
    /// The article's id at the backend (WordPress post id); empty means the page path.
    pub post_id: String,
    /// Prefix for element ids; `None` lets the mount pick one that is unique on the page.
    pub id_prefix: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            endpoint: String::new(),
            texts: Texts::new(Lang::Id),
            required: Required::default(),
            captcha: Some(captcha::Settings::default()),
            post_id: String::new(),
            id_prefix: None,
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

impl Config {
    /// Reads attributes given as `(name, value)` pairs. Names without the `data-` prefix and
    /// the widget's own markers (`data-balasan`, `data-balasan-*`) are not settings and are
    /// skipped.
    pub fn parse<N, V>(attributes: impl IntoIterator<Item = (N, V)>) -> (Config, Vec<Problem>)
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut config = Config::default();
        let mut problems = Vec::new();
        let mut endpoint_seen = false;
        let mut overrides = Vec::new();
        // Collected apart and applied at the end, so attribute order never matters.
        let mut captcha_on = true;
        let mut settings = captcha::Settings::default();
        for (name, value) in attributes {
            let (name, value) = (name.as_ref(), value.as_ref());
            let Some(setting) = name.strip_prefix("data-") else {
                continue;
            };
            let mut bad = |message: String, severity| {
                problems.push(Problem {
                    attribute: name.to_owned(),
                    message,
                    severity,
                })
            };
            let v = value.trim();
            match setting {
                s if s == "balasan" || s.starts_with("balasan-") => {}
                "endpoint" => {
                    endpoint_seen = true;
                    match check_endpoint(v) {
                        Ok(()) => config.endpoint = v.to_owned(),
                        Err(why) => bad(why, Severity::Fatal),
                    }
                }
                "lang" => match Lang::from_tag(v) {
                    Some(lang) => config.texts = Texts::new(lang),
                    None => bad(
                        format!("unknown language {v:?}; use \"id\" or \"en\""),
                        Severity::Invalid,
                    ),
                },
                "required" => match parse_required(v) {
                    Ok(r) => config.required = r,
                    Err(why) => bad(why, Severity::Invalid),
                },
                "captcha" => match v {
                    "on" | "" => captcha_on = true,
                    "off" => captcha_on = false,
                    _ => bad(format!("{v:?} is not \"on\" or \"off\""), Severity::Invalid),
                },
                "captcha-ops" => match parse_ops(v) {
                    Ok(ops) => settings.ops = ops,
                    Err(why) => bad(why, Severity::Invalid),
                },
                "captcha-max" => {
                    let (lo, hi) = captcha::Settings::MAX_RANGE;
                    match v.parse::<u32>() {
                        Ok(n) if (lo..=hi).contains(&n) => settings.max = n,
                        _ => bad(
                            format!("{v:?} is not a whole number from {lo} to {hi}"),
                            Severity::Invalid,
                        ),
                    }
                }
                "captcha-blank" => match v {
                    "result" => settings.blank = Blank::Result,
                    "operand" => settings.blank = Blank::Operand,
                    "any" => settings.blank = Blank::Any,
                    _ => bad(
                        format!("{v:?} is not \"result\", \"operand\" or \"any\""),
                        Severity::Invalid,
                    ),
                },
                "post-id" => config.post_id = v.to_owned(),
                "id-prefix" => {
                    let ok = v
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                    if ok && v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
                        config.id_prefix = Some(v.to_owned());
                    } else {
                        bad(
                            format!("{v:?} must start with a letter and hold only letters, digits, - and _"),
                            Severity::Invalid,
                        );
                    }
                }
                _ => match setting.strip_prefix("text-").map(Key::from_name) {
                    // Applied after the loop so that data-lang may come after the overrides.
                    Some(Some(key)) => overrides.push((key, value.to_owned())),
                    Some(None) => bad(
                        "no such text; see the README for the list of text keys".into(),
                        Severity::Unknown,
                    ),
                    None => bad("unknown setting (ignored)".into(), Severity::Unknown),
                },
            }
        }
        config.captcha = captcha_on.then_some(settings);
        for (key, text) in overrides {
            config.texts.set(key, text);
        }
        if !endpoint_seen {
            problems.push(Problem {
                attribute: "data-endpoint".into(),
                message: "is missing: set it to the URL that receives comments".into(),
                severity: Severity::Fatal,
            });
        }
        (config, problems)
    }
}

fn check_endpoint(v: &str) -> Result<(), String> {
    if v.is_empty() {
        return Err("is empty: set it to the URL that receives comments".into());
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{v:?} contains spaces or control characters"));
    }
    // A scheme is whatever precedes the first ':' when no '/', '?' or '#' comes before it.
    let scheme_end = v.find(':').filter(|&i| !v[..i].contains(['/', '?', '#']));
    if let Some(i) = scheme_end {
        let scheme = v[..i].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "{v:?} is not an http(s) URL or a path on this site"
            ));
        }
        if !v[i + 1..].starts_with("//") || v.len() <= i + 3 {
            return Err(format!("{v:?} has no host"));
        }
    }
    Ok(())
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
                    "{other:?} is not a field that can be required; use \"name\", \"email\", \"name,email\" or \"none\""
                ))
            }
        }
    }
    Ok(r)
}

fn parse_ops(v: &str) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for c in v.chars().filter(|c| !c.is_whitespace() && *c != ',') {
        let op = Op::from_symbol(c).ok_or_else(|| format!("{c:?} is not one of + - ×"))?;
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

    #[test]
    fn defaults_match_wordpress() {
        let (c, p) = parse(&[("data-endpoint", "https://berita.contoh.id/api/komentar")]);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.texts.lang(), Lang::Id);
        assert_eq!(c.required, Required::default());
        assert_eq!(c.captcha, Some(captcha::Settings::default()));
    }

    #[test]
    fn every_setting_is_read() {
        let (c, p) = parse(&[
            ("data-balasan", ""),
            ("data-balasan-mounted", ""),
            ("id", "komentar"),
            ("data-endpoint", "/wp-json/wp/v2/comments"),
            ("data-lang", "en-GB"),
            ("data-required", "none"),
            ("data-captcha-ops", "+,x"),
            ("data-captcha-max", "20"),
            ("data-captcha-blank", "any"),
            ("data-post-id", "42"),
            ("data-id-prefix", "c2-"),
            ("data-text-submit", "Kirim"),
        ]);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.endpoint, "/wp-json/wp/v2/comments");
        assert_eq!(c.texts.lang(), Lang::En);
        assert!(!c.required.author && !c.required.email);
        let s = c.captcha.unwrap();
        assert_eq!(s.ops, vec![Op::Add, Op::Mul]);
        assert_eq!((s.max, s.blank), (20, Blank::Any));
        assert_eq!(c.post_id, "42");
        assert_eq!(c.id_prefix.as_deref(), Some("c2-"));
        assert_eq!(c.texts.get(Key::Submit), "Kirim");
    }

    #[test]
    fn text_overrides_survive_a_later_lang() {
        let (c, _) = parse(&[
            ("data-endpoint", "/x"),
            ("data-text-reply-title", "Beri Tanggapan"),
            ("data-lang", "en"),
        ]);
        assert_eq!(c.texts.get(Key::ReplyTitle), "Beri Tanggapan");
        assert_eq!(c.texts.get(Key::Submit), "Post Comment");
    }

    #[test]
    fn captcha_can_be_turned_off_in_any_order() {
        let (c, p) = parse(&[("data-endpoint", "/x"), ("data-captcha", "off")]);
        assert!(p.is_empty());
        assert_eq!(c.captcha, None);
        let (c, _) = parse(&[("data-captcha", "off"), ("data-captcha-max", "5")]);
        assert_eq!(c.captcha, None);
    }

    #[test]
    fn missing_or_bad_endpoint_is_fatal_and_named() {
        for attrs in [
            &[][..],
            &[("data-endpoint", "  ")][..],
            &[("data-endpoint", "javascript:alert(1)")][..],
            &[("data-endpoint", "https:/x")][..],
            &[("data-endpoint", "/api/ komentar")][..],
        ] {
            let (_, p) = parse(attrs);
            assert_eq!(p.len(), 1, "{attrs:?}");
            assert_eq!(p[0].severity, Severity::Fatal);
            assert_eq!(p[0].attribute, "data-endpoint");
            assert!(p[0].to_string().starts_with("balasan: data-endpoint: "));
        }
        for ok in [
            "/api",
            "api/komentar",
            "http://127.0.0.1:8080/c",
            "?komentar=1",
        ] {
            let (c, p) = parse(&[("data-endpoint", ok)]);
            assert!(p.is_empty(), "{ok}: {p:?}");
            assert_eq!(c.endpoint, ok);
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
            ("data-text-nope", "x"),
            ("data-endpiont", "/typo"),
        ]);
        assert_eq!(
            c,
            Config {
                endpoint: "/x".into(),
                ..Config::default()
            }
        );
        let named: Vec<&str> = p.iter().map(|p| p.attribute.as_str()).collect();
        assert_eq!(
            named,
            [
                "data-lang",
                "data-required",
                "data-captcha",
                "data-captcha-ops",
                "data-captcha-max",
                "data-captcha-blank",
                "data-id-prefix",
                "data-text-nope",
                "data-endpiont",
            ]
        );
        assert!(p.iter().all(|p| p.severity != Severity::Fatal));
        assert_eq!(p[8].severity, Severity::Unknown);
    }
}
