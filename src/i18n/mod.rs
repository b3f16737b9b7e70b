//! Every sentence the reader can see, in Indonesian (default) and English, from one table.
//!
//! Indonesian strings are those of WordPress's id_ID translation where WordPress has the
//! sentence, so readers meet the words they already know from news sites; the rest are
//! written in the same formal register ("Anda"). A site may replace any string with a
//! `data-text-<key>` attribute, where `<key>` is [`Key::name`].
//!
//! # Usage
//! ```
//! use balasan::i18n::{Key, Lang, Texts};
//!
//! let mut texts = Texts::new(Lang::En);
//! assert_eq!(texts.get(Key::Submit), "Post Comment");
//! texts.set(Key::Submit, "Send".into());
//! assert_eq!(texts.get(Key::Submit), "Send");
//! assert_eq!(Texts::new(Lang::Id).get(Key::ReplyTitle), "Tinggalkan Balasan");
//! ```

/// A language the widget ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Reads a language tag such as `id`, `id-ID`, `en` or `en-GB` (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag to put in `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// Declares the keys and both languages side by side, so a key cannot exist in one
/// language only.
macro_rules! table {
    ($($key:ident $name:literal { id: $id:literal, en: $en:literal })*) => {
        /// One sentence or label of the widget.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The attribute suffix a site uses to override it: `data-text-<name>`.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => $name),* }
            }

            /// Inverse of [`Key::name`].
            pub fn from_name(name: &str) -> Option<Key> {
                match name { $($name => Some(Key::$key),)* _ => None }
            }

            /// The built-in text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Id) => $id, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

table! {
    ReplyTitle "reply-title" {
        id: "Tinggalkan Balasan",
        en: "Leave a Reply" }
    ReplyTo "reply-to" {
        id: "Tinggalkan Balasan ke %s",
        en: "Leave a Reply to %s" }
    CancelReply "cancel-reply" {
        id: "Batalkan balasan",
        en: "Cancel reply" }
    EmailNotes "email-notes" {
        id: "Alamat email Anda tidak akan dipublikasikan.",
        en: "Your email address will not be published." }
    RequiredNote "required-note" {
        id: "Ruas yang wajib ditandai %s",
        en: "Required fields are marked %s" }
    Comment "comment" {
        id: "Komentar",
        en: "Comment" }
    Name "name" {
        id: "Nama",
        en: "Name" }
    Email "email" {
        id: "Email",
        en: "Email" }
    Website "website" {
        id: "Situs Web",
        en: "Website" }
    Consent "consent" {
        id: "Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya berikutnya.",
        en: "Save my name, email, and website in this browser for the next time I comment." }
    Submit "submit" {
        id: "Kirim Komentar",
        en: "Post Comment" }
    CommentMissing "comment-missing" {
        id: "Silakan ketik teks komentar Anda.",
        en: "Please type your comment text." }
    RequiredMissing "required-missing" {
        id: "Mohon isi ruas yang diwajibkan.",
        en: "Please fill the required fields." }
    EmailInvalid "email-invalid" {
        id: "Mohon masukkan alamat e-mail yang valid.",
        en: "Please enter a valid email address." }
    UrlInvalid "url-invalid" {
        id: "Mohon masukkan alamat situs web yang valid, misalnya contoh.com.",
        en: "Please enter a valid website address, such as example.com." }
    CommentTooShort "comment-too-short" {
        id: "Komentar Anda terlalu pendek.",
        en: "Your comment is too short." }
    CommentInvalid "comment-invalid" {
        id: "Komentar ini tidak dapat diterima. Mohon periksa kembali teksnya.",
        en: "This comment cannot be accepted. Please check its text." }
    NameInvalid "name-invalid" {
        id: "Nama ini tidak dapat digunakan. Mohon periksa kembali.",
        en: "This name cannot be used. Please check it." }
    CommentTooLong "comment-too-long" {
        id: "Komentar Anda terlalu panjang.",
        en: "Your comment is too long." }
    NameTooLong "name-too-long" {
        id: "Nama Anda terlalu panjang.",
        en: "Your name is too long." }
    EmailTooLong "email-too-long" {
        id: "Alamat email Anda terlalu panjang.",
        en: "Your email address is too long." }
    UrlTooLong "url-too-long" {
        id: "Alamat situs web Anda terlalu panjang.",
        en: "Your website address is too long." }
    CaptchaMissing "captcha-missing" {
        id: "Mohon jawab soal hitungan ini.",
        en: "Please answer this sum." }
    CaptchaWrong "captcha-wrong" {
        id: "Jawaban kurang tepat. Silakan jawab soal yang baru ini.",
        en: "That answer is not right. Please answer this new question." }
    CaptchaLoading "captcha-loading" {
        id: "Memuat soal…",
        en: "Loading the sum…" }
    CaptchaUnavailable "captcha-unavailable" {
        id: "Soal hitungan belum dapat dimuat. Periksa koneksi Anda, lalu kirim lagi.",
        en: "The sum could not be loaded. Check your connection, then send again." }
    HoneypotLabel "honeypot-label" {
        id: "Biarkan ruas ini kosong",
        en: "Leave this field empty" }
    Summary "summary" {
        id: "Komentar belum terkirim. Mohon periksa ruas yang ditandai (%s).",
        en: "Your comment was not sent. Please check the marked fields (%s)." }
    Sending "sending" {
        id: "Mengirim komentar…",
        en: "Sending your comment…" }
    Sent "sent" {
        id: "Terima kasih, komentar Anda telah terkirim.",
        en: "Thank you, your comment has been posted." }
    AwaitingModeration "awaiting-moderation" {
        id: "Komentar Anda sedang menunggu moderasi.",
        en: "Your comment is awaiting moderation." }
    Duplicate "duplicate" {
        id: "Komentar duplikat terdeteksi. Sepertinya Anda pernah mengatakan hal itu!",
        en: "Duplicate comment detected; it looks as though you\u{2019}ve already said that!" }
    TooFast "too-fast" {
        id: "Anda memposting komentar terlalu cepat. Pelankan.",
        en: "You are posting comments too quickly. Slow down." }
    TooFastWait "too-fast-wait" {
        id: "Anda memposting komentar terlalu cepat. Silakan kirim lagi dalam %s detik.",
        en: "You are posting comments too quickly. Please send again in %s seconds." }
    Closed "closed" {
        id: "Maaf, komentar untuk artikel ini sudah ditutup.",
        en: "Sorry, comments are closed for this article." }
    SaveFailed "save-failed" {
        id: "Komentar tak dapat disimpan. Silakan coba lagi nanti.",
        en: "The comment could not be saved. Please try again later." }
    Timeout "timeout" {
        id: "Server terlalu lama menjawab. Teks Anda tetap tersimpan; silakan kirim lagi.",
        en: "The server took too long to answer. Your text is kept; please send again." }
    Offline "offline" {
        id: "Perangkat Anda sedang tidak terhubung ke internet. Teks Anda tetap tersimpan; kirim lagi setelah koneksi pulih.",
        en: "Your device is offline. Your text is kept; send again once you are back online." }
    Unreachable "unreachable" {
        id: "Server komentar tidak dapat dihubungi. Teks Anda tetap tersimpan; silakan coba lagi nanti.",
        en: "The comment server could not be reached. Your text is kept; please try again later." }
    ConfigNote "config-note" {
        id: "Catatan untuk pengelola situs: sebagian pengaturan formulir ini tidak valid (lihat konsol peramban).",
        en: "Note for the site's editors: some settings of this form are invalid (see the browser console)." }
    ConfigBroken "config-broken" {
        id: "Formulir komentar belum dapat digunakan karena kesalahan pengaturan situs.",
        en: "The comment form cannot be used because of a site configuration error." }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: [Lang; 2] = [Lang::Id, Lang::En];

    #[test]
    fn every_key_exists_in_every_language() {
        for &key in Key::ALL {
            for lang in LANGS {
                let text = key.text(lang);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {lang:?}");
                assert_eq!(text.trim(), text, "{key:?} has stray spaces in {lang:?}");
            }
            let holes = |l| key.text(l).matches("%s").count();
            assert_eq!(
                holes(Lang::Id),
                holes(Lang::En),
                "{key:?}: placeholders differ between languages"
            );
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
        let readme = include_str!("../README.md");
        for &key in Key::ALL {
            let row = format!("| `{}` | {}", key.name(), key.text(Lang::Id));
            assert!(readme.contains(&row), "README lacks the row {row:?}");
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("id-ID"), Some(Lang::Id));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
