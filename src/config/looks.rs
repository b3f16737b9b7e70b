//! What the form looks like: `data-lang`, `data-text-*`, `data-required`, `data-theme`
//! and `data-id-prefix`.

use balasan_core::validate::Required;

use super::{choice, quoted_list, Config, Raw, Report, Severity};
use crate::i18n::{Lang, Texts};

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

pub(super) fn read(raw: &Raw, report: &mut Report, config: &mut Config) {
    let lang = |v: &str| {
        Lang::from_tag(v).ok_or_else(|| {
            let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
            format!("unknown language \"{v}\"; use {}", quoted_list(&tags))
        })
    };
    if let Some(lang) = raw.read(report, "lang", Severity::Invalid, lang) {
        config.texts = Texts::new(lang);
    }
    for (_, key, text) in &raw.texts {
        config.texts.set(*key, text.clone());
    }
    if let Some(r) = raw.read(
        report,
        "required",
        Severity::Invalid,
        str::parse::<Required>,
    ) {
        config.required = r;
    }
    let theme = choice(&[
        ("light", Theme::Light),
        ("dark", Theme::Dark),
        ("auto", Theme::Auto),
    ]);
    if let Some(t) = raw.read(report, "theme", Severity::Invalid, theme) {
        config.theme = t;
    }
    config.id_prefix = raw.read(report, "id-prefix", Severity::Invalid, |v| {
        let ok = v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok && v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
            Ok(v.to_owned())
        } else {
            Err(format!(
                "\"{v}\" must start with a letter and hold only letters, digits, - and _"
            ))
        }
    });
}
