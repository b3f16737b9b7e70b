//! Every sentence the reader can see: the keys here, one file per language beside this
//! one (`id.rs`, `en.rs`, `ms.rs`).
//!
//! Adding a language is one file with an exhaustive `match` on [`Key`] and one line in
//! `languages!` below. Each language uses WordPress's own translation where WordPress has
//! the sentence, so readers meet the words they know from news sites. A site may replace
//! any string with a `data-text-<key>` attribute, where `<key>` is [`Key::name`].
//!
//! The widget's wasm builds this crate without the `every-language` feature: it carries
//! Indonesian's texts only, and the loader passes another language's as such overrides.
//!
//! # Usage
//! ```
//! use balasan_core::i18n::{Key, Lang, Texts};
//!
//! let mut texts = Texts::new(Lang::En);
//! assert_eq!(texts.get(Key::Submit), "Post Comment");
//! texts.set(Key::Submit, "Send".into());
//! assert_eq!(texts.get(Key::Submit), "Send");
//! assert_eq!(Texts::new(Lang::Id).get(Key::ReplyTitle), "Tinggalkan Balasan");
//! ```

macro_rules! languages {
    ($($(#[$doc:meta])* $variant:ident $tag:literal $(| $alias:literal)* => $module:ident,)*) => {
        $(mod $module;)*

        /// A language the widget ships: one file in `src/i18n/` with an exhaustive `match`
        /// on [`Key`], so the compiler refuses a language with a string missing.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
        pub enum Lang { $($(#[$doc])* $variant),* }

        impl Lang {
            /// Every language, in table order.
            pub const ALL: &'static [Lang] = &[$(Lang::$variant),*];

            /// The BCP 47 tag to put in `lang` attributes.
            pub fn tag(self) -> &'static str {
                match self { $(Lang::$variant => $tag),* }
            }

            fn from_primary(primary: &str) -> Option<Lang> {
                match primary { $($tag $(| $alias)* => Some(Lang::$variant),)* _ => None }
            }

            #[cfg(feature = "every-language")]
            fn text(self, key: Key) -> &'static str {
                match self { $(Lang::$variant => $module::text(key)),* }
            }

            /// A calendar date (`month` 1 to 12) as this language writes it.
            pub fn date(self, day: u32, month: u32, year: i64) -> String {
                match self { $(Lang::$variant => $module::date(day, month, year)),* }
            }
        }
    };
}

languages! {
    /// Bahasa Indonesia, the default (`in` is its old code, still sent by some systems).
    #[default]
    Id "id" | "in" => id,
    /// English.
    En "en" => en,
    /// Bahasa Melayu.
    Ms "ms" => ms,
}

impl Lang {
    /// Without the `every-language` feature (the widget's wasm) only Indonesian's texts are
    /// built in, 1.7 KB brotli less for every reader; the loader gives the others' as
    /// overrides, from `lang/<tag>.json` (written from these tables by `balasan-prerender`).
    #[cfg(not(feature = "every-language"))]
    fn text(self, key: Key) -> &'static str {
        let _ = self;
        id::text(key)
    }

    /// Reads a language tag such as `id`, `id-ID`, `en` or `en-GB` (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let end = tag.bytes().position(|b| b == b'-' || b == b'_');
        let primary = tag[..end.unwrap_or(tag.len())].to_ascii_lowercase();
        Lang::from_primary(&primary)
    }
}

/// Declares the keys with the names sites use to override them.
macro_rules! keys {
    ($($key:ident $name:literal,)*) => {
        /// One sentence or label of the widget.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// Every key's name, in table order.
            const NAMES: &'static [&'static str] = &[$($name),*];

            /// The attribute suffix a site uses to override it: `data-text-<name>`.
            pub fn name(self) -> &'static str {
                Key::NAMES[self as usize]
            }

            /// Inverse of [`Key::name`]. (A search of the table: a `match` on the names
            /// compiled to 1.4 KB of comparisons in the wasm.)
            pub fn from_name(name: &str) -> Option<Key> {
                Key::NAMES.iter().position(|n| *n == name).map(|i| Key::ALL[i])
            }
        }
    };
}

keys! {
    ReplyTitle "reply-title",
    ReplyTo "reply-to",
    CancelReply "cancel-reply",
    EmailNotes "email-notes",
    RequiredNote "required-note",
    Comment "comment",
    Name "name",
    Email "email",
    Website "website",
    Consent "consent",
    Submit "submit",
    CommentMissing "comment-missing",
    RequiredMissing "required-missing",
    EmailInvalid "email-invalid",
    UrlInvalid "url-invalid",
    CommentTooShort "comment-too-short",
    CommentInvalid "comment-invalid",
    NameInvalid "name-invalid",
    CommentTooLong "comment-too-long",
    NameTooLong "name-too-long",
    EmailTooLong "email-too-long",
    UrlTooLong "url-too-long",
    CaptchaMissing "captcha-missing",
    CaptchaWrong "captcha-wrong",
    CaptchaLoading "captcha-loading",
    CaptchaUnavailable "captcha-unavailable",
    HoneypotLabel "honeypot-label",
    Summary "summary",
    Sending "sending",
    Sent "sent",
    AwaitingModeration "awaiting-moderation",
    Duplicate "duplicate",
    TooFast "too-fast",
    TooFastWait "too-fast-wait",
    Closed "closed",
    SaveFailed "save-failed",
    Timeout "timeout",
    Offline "offline",
    Unreachable "unreachable",
    Queued "queued",
    QueuedHere "queued-here",
    QueuedServer "queued-server",
    QueuedServerHere "queued-server-here",
    QueuedSent "queued-sent",
    QueuedPending "queued-pending",
    QueuedReturned "queued-returned",
    CaptchaExpired "captcha-expired",
    ConfigNote "config-note",
    ConfigBroken "config-broken",
    NeedsScript "needs-script",
    CommentsOne "comments-one",
    CommentsMany "comments-many",
    Says "says",
    Reply "reply",
    ReplyToLabel "reply-to-label",
    MoreComments "more-comments",
    ListFailed "list-failed",
    Retry "retry",
    JustNow "just-now",
    MinuteAgo "minute-ago",
    MinutesAgo "minutes-ago",
    HourAgo "hour-ago",
    HoursAgo "hours-ago",
    Yesterday "yesterday",
    DaysAgo "days-ago",
}

impl Key {
    /// The built-in text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        lang.text(self)
    }
}

/// The sentence shown next to a field for a problem.
pub fn problem_message(field: crate::Field, problem: crate::Problem) -> Key {
    use crate::{Field, Problem::*};
    match (field, problem) {
        (Field::Comment, Missing) => Key::CommentMissing,
        (Field::Comment, TooLong) => Key::CommentTooLong,
        (Field::Comment, TooShort) => Key::CommentTooShort,
        (Field::Comment, Invalid) => Key::CommentInvalid,
        (Field::Author | Field::Email, Missing) => Key::RequiredMissing,
        (Field::Author, TooLong) => Key::NameTooLong,
        (Field::Author, _) => Key::NameInvalid,
        (Field::Email, TooLong) => Key::EmailTooLong,
        (Field::Email, _) => Key::EmailInvalid,
        (Field::Url, TooLong) => Key::UrlTooLong,
        (Field::Url, _) => Key::UrlInvalid,
        (Field::Captcha, Missing) => Key::CaptchaMissing,
        (Field::Captcha, _) => Key::CaptchaWrong,
    }
}

/// The strings one widget uses: a language plus the site's overrides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts {
    lang: Lang,
    overrides: Vec<(Key, String)>,
}

impl Texts {
    pub fn new(lang: Lang) -> Texts {
        Texts {
            lang,
            overrides: Vec::new(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Replaces one string (a later call for the same key wins).
    pub fn set(&mut self, key: Key, text: String) {
        self.overrides.retain(|(k, _)| *k != key);
        self.overrides.push((key, text));
    }

    /// The text for `key`: the site's override, else the built-in text.
    pub fn get(&self, key: Key) -> &str {
        self.overrides
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.text(self.lang), |(_, t)| t.as_str())
    }

    /// The text with its `%s` replaced by `arg`.
    pub fn fill(&self, key: Key, arg: &str) -> String {
        self.get(key).replacen("%s", arg, 1)
    }

    /// The text with its `%s`s replaced by `args`, in order.
    pub fn fill_all(&self, key: Key, args: &[&str]) -> String {
        args.iter()
            .fold(self.get(key).to_owned(), |t, a| t.replacen("%s", a, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        for &key in Key::ALL {
            for &lang in Lang::ALL {
                let text = key.text(lang);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {lang:?}");
                assert_eq!(text.trim(), text, "{key:?} has stray spaces in {lang:?}");
            }
            let holes = |l| key.text(l).matches("%s").count();
            for &lang in Lang::ALL {
                assert_eq!(
                    holes(lang),
                    holes(Lang::Id),
                    "{key:?}: placeholders differ in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_round_trip() {
        for &key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(key));
            assert!(key
                .name()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
        assert_eq!(Key::from_name("no-such-key"), None);
    }

    #[test]
    fn indonesian_is_wordpress_id_id() {
        let t = Texts::new(Lang::Id);
        assert_eq!(t.get(Key::ReplyTitle), "Tinggalkan Balasan");
        assert_eq!(t.get(Key::Submit), "Kirim Komentar");
        assert_eq!(t.get(Key::Website), "Situs Web");
        assert_eq!(
            t.get(Key::EmailNotes),
            "Alamat email Anda tidak akan dipublikasikan."
        );
        assert_eq!(t.fill(Key::RequiredNote, "*"), "Ruas yang wajib ditandai *");
        assert_eq!(t.fill(Key::ReplyTo, "Sari"), "Tinggalkan Balasan ke Sari");
    }

    #[test]
    fn overrides_replace_one_string() {
        let mut t = Texts::new(Lang::Id);
        t.set(Key::ReplyTitle, "Tulis Komentar".into());
        t.set(Key::ReplyTitle, "Beri Tanggapan".into());
        assert_eq!(t.get(Key::ReplyTitle), "Beri Tanggapan");
        assert_eq!(t.get(Key::Submit), "Kirim Komentar");
    }

    #[test]
    fn readme_documents_every_key_with_its_default() {
        let readme = include_str!("../../../README.md");
        for &key in Key::ALL {
            let row = format!("| `{}` | {}", key.name(), key.text(Lang::Id));
            assert!(readme.contains(&row), "README lacks the row {row:?}");
        }
    }

    #[test]
    fn every_field_label_is_a_text_key() {
        for f in crate::Field::ALL {
            if let Some(label) = f.facts().label {
                assert!(Key::from_name(label).is_some(), "{f:?}: {label}");
            }
        }
    }

    #[test]
    fn malay_is_wordpress_ms_my_where_it_has_the_sentence() {
        let t = Texts::new(Lang::Ms);
        assert_eq!(t.get(Key::ReplyTitle), "Tinggalkan Jawapan");
        assert_eq!(
            t.fill(Key::ReplyTo, "Siti"),
            "Tinggalkan Jawapan kepada Siti"
        );
        assert_eq!(t.get(Key::Website), "Tapak Web");
        assert_eq!(t.get(Key::AwaitingModeration), "Komen anda sedang ditapis.");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("id-ID"), Some(Lang::Id));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("ms-MY"), Some(Lang::Ms));
        assert_eq!(Lang::from_tag("in"), Some(Lang::Id));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
