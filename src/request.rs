//! One send pipeline for every backend: a comment plus the backend's [`Wire`] description
//! become a [`Request`] (URL, encoding, field names, headers) that the browser seam sends.
//!
//! # Usage
//! ```
//! use balasan::form::Page;
//! use balasan::presets::Preset;
//! use balasan::request::{Backend, Outgoing};
//! use balasan_core::Comment;
//!
//! let backend = Backend::new(Preset::Isso, "https://komentar.contoh.id/");
//! let comment = Comment { content: "Setuju".into(), author: "Sari".into(), ..Comment::default() };
//! let page = Page { thread: "/berita/banjir".into(), title: "Banjir".into(), ..Page::default() };
//! let req = backend.request(&Outgoing::new(&comment, &page), "key-1");
//! assert_eq!(req.url, "https://komentar.contoh.id/new?uri=%2Fberita%2Fbanjir");
//! assert_eq!(req.body, r#"{"text":"Setuju","author":"Sari","email":"","website":"","title":"Banjir"}"#);
//! assert!(req.headers.iter().all(|(h, _)| h != "Idempotency-Key")); // Isso's CORS forbids it
//! ```

use crate::json::Object;
use std::fmt::Write;

use balasan_core::{Comment, Field};

use crate::form::Page;
use crate::outcome::{Outcome, Reply};
use crate::presets::Preset;

/// How the body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json`
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
}

/// `fetch`'s credentials mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Credentials {
    Omit,
    #[default]
    SameOrigin,
    Include,
}

impl Credentials {
    const NAMES: [(Credentials, &'static str); 3] = [
        (Credentials::Omit, "omit"),
        (Credentials::SameOrigin, "same-origin"),
        (Credentials::Include, "include"),
    ];

    pub fn from_name(name: &str) -> Option<Credentials> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(c, _)| *c)
    }

    /// `fetch`'s name for it, as [`Credentials::from_name`] reads it.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, n)| n)
    }
}

/// Declares the slots with their native names and the form field each carries.
macro_rules! slots {
    ($($(#[$doc:meta])* $slot:ident $name:literal $(=> $field:ident)?,)*) => {
        /// One piece of what a comment request can carry, in the native contract's order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Slot { $($(#[$doc])* $slot),* }

        impl Slot {
            /// Every slot, in the native contract's order.
            pub const ALL: &'static [Slot] = &[$(Slot::$slot),*];

            /// The slot's name in the native contract, also used by `data-fields`.
            pub fn name(self) -> &'static str {
                Slot::NAMES[self as usize]
            }

            /// Every name, in table order.
            const NAMES: &'static [&'static str] = &[$($name),*];

            /// Inverse of [`Slot::name`] (a search of the table: smaller in the wasm than
            /// a `match` on the names).
            pub fn from_name(name: &str) -> Option<Slot> {
                Slot::NAMES.iter().position(|n| *n == name).map(|i| Slot::ALL[i])
            }

            /// The form field a slot carries, for mapping a backend's field errors back.
            pub fn field(self) -> Option<Field> {
                match self { $(Slot::$slot => slots!(@field $($field)?)),* }
            }
        }
    };
    (@field $field:ident) => { Some(Field::$field) };
    (@field) => { None };
}

slots! {
    /// The article's id at the backend, or the page's path.
    Post "post",
    PageUrl "page_url",
    PageTitle "page_title",
    /// The comment this one answers.
    Parent "parent",
    Author "author" => Author,
    Email "email" => Email,
    Url "url" => Url,
    Content "content" => Comment,
    /// A server challenge's token and answer.
    Captcha "captcha" => Captcha,
    /// The hidden field only bots fill in.
    Honeypot "hp",
    /// Milliseconds since the form appeared.
    Elapsed "elapsed_ms",
}

/// What a backend expects on the wire. Presets are values of this type; `custom` builds
/// one from attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    pub encoding: Encoding,
    /// The backend's name for each slot it takes, in body order; other slots are not sent.
    pub names: Vec<(Slot, String)>,
    /// Send post and parent ids as JSON numbers when they are all digits (WordPress).
    pub numeric_ids: bool,
    /// Send an `Idempotency-Key` header. Only where the backend's CORS allows the header:
    /// a browser refuses the whole request otherwise.
    pub idempotency: bool,
    /// Do not follow redirects: for WordPress's form handler a redirect means "stored".
    pub manual_redirect: bool,
    /// Appended to the endpoint, with the thread in this query parameter (Isso's
    /// `/new?uri=`).
    pub thread_query: Option<(&'static str, &'static str)>,
}

impl Wire {
    /// A wire sending these slots under these names, in this order, with nothing else
    /// switched on.
    pub fn new(encoding: Encoding, names: &[(Slot, &str)]) -> Wire {
        Wire {
            encoding,
            names: names.iter().map(|(s, n)| (*s, (*n).to_owned())).collect(),
            numeric_ids: false,
            idempotency: false,
            manual_redirect: false,
            thread_query: None,
        }
    }

    /// The backend's name for `slot`, if it takes it.
    pub fn name_of(&self, slot: Slot) -> Option<&str> {
        self.names
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, n)| n.as_str())
    }

    /// The form field a backend's field name refers to: through this wire's names first,
    /// then the usual spellings (`author_email`, `comment`, …).
    pub fn field_named(&self, name: &str) -> Option<Field> {
        self.names
            .iter()
            .find(|(_, n)| n == name)
            .and_then(|(s, _)| s.field())
            .or_else(|| Field::from_wire_name(name))
    }
}

/// Where and how comments are sent: a preset's wire plus the site's additions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backend {
    pub preset: Preset,
    pub endpoint: String,
    pub wire: Wire,
    /// `data-field-*`: sent with every comment.
    pub extra_fields: Vec<(String, String)>,
    /// `data-header-*`: sent with every request.
    pub headers: Vec<(String, String)>,
    pub credentials: Credentials,
    pub timeout_ms: u32,
    /// `data-queue-days`: how long a comment written offline waits in the browser for the
    /// connection; 0 turns the queue off.
    pub queue_days: u32,
}

impl Backend {
    /// Default time to wait for an answer; slow mobile networks need more than a desktop.
    pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

    pub fn new(preset: Preset, endpoint: &str) -> Backend {
        Backend {
            preset,
            endpoint: endpoint.to_owned(),
            wire: preset.wire(),
            extra_fields: Vec::new(),
            headers: Vec::new(),
            credentials: Credentials::default(),
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
            queue_days: Self::DEFAULT_QUEUE_DAYS,
        }
    }

    /// A queued comment older than this goes back to the reader as a draft.
    pub const DEFAULT_QUEUE_DAYS: u32 = 3;

    /// Whether a comment may be sent again after an attempt whose fate is unknown, from any
    /// page: the backend stores a key's comment once (`Idempotency-Key`), or WordPress,
    /// which refuses the same author's same text on the same post as a duplicate. Isso,
    /// Staticman and Formspree would store it twice.
    pub fn retry_safe(&self) -> bool {
        self.wire.idempotency
            || matches!(self.preset, Preset::WordpressRest | Preset::WordpressForm)
    }

    /// The request for one comment. `key` identifies the comment across retries.
    pub fn request(&self, out: &Outgoing, key: &str) -> Request {
        let wire = &self.wire;
        let id = |v: &str| match wire.numeric_ids && is_digits(v) {
            true => Val::Num(v.parse::<u64>().unwrap_or(0)),
            false => Val::Str(v.to_owned()),
        };
        let mut values: Vec<(&str, Val)> = Vec::new();
        for (slot, name) in &wire.names {
            let value = match slot {
                Slot::Content => Val::Str(out.comment.content.clone()),
                Slot::Author => Val::Str(out.comment.author.clone()),
                Slot::Email => Val::Str(out.comment.email.clone()),
                Slot::Url => Val::Str(out.comment.url.clone()),
                Slot::Post => id(&out.page.thread),
                Slot::Parent => match out.parent {
                    Some(p) => id(p),
                    None => continue,
                },
                Slot::PageUrl => Val::Str(out.page.url.clone()),
                Slot::PageTitle => Val::Str(out.page.title.clone()),
                Slot::Honeypot => Val::Str(out.honeypot.to_owned()),
                Slot::Elapsed => Val::Num(out.elapsed_ms),
                Slot::Captcha => match out.captcha {
                    Some((token, answer)) => Val::Captcha(token.to_owned(), answer.to_owned()),
                    None => continue,
                },
            };
            values.push((name, value));
        }
        for (name, value) in &self.extra_fields {
            values.push((name, Val::Str(value.clone())));
        }
        let (content_type, body) = match wire.encoding {
            Encoding::Json => ("application/json", json_body(&values)),
            Encoding::Form => ("application/x-www-form-urlencoded", form_body(&values)),
        };
        let mut url = self.endpoint.clone();
        if let Some((path, param)) = wire.thread_query {
            url = format!(
                "{}{path}?{param}={}",
                url.trim_end_matches('/'),
                percent_encode(&out.page.thread)
            );
        }
        let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
        if wire.idempotency {
            headers.push(("Idempotency-Key".to_owned(), key.to_owned()));
        }
        headers.extend(self.headers.iter().cloned());
        Request {
            url,
            content_type,
            body,
            headers,
            credentials: self.credentials,
            manual_redirect: wire.manual_redirect,
            timeout_ms: self.timeout_ms,
        }
    }

    /// What the backend's reply means, by the preset's rules.
    pub fn interpret(&self, reply: &Reply) -> Outcome {
        self.preset.interpret(reply, &self.wire)
    }
}

/// Everything about one comment that may go on the wire.
#[derive(Clone, Debug)]
pub struct Outgoing<'a> {
    pub comment: &'a Comment,
    pub page: &'a Page,
    /// The comment this one answers, by the backend's id.
    pub parent: Option<&'a str>,
    /// Milliseconds between showing the form and sending (bots are fast).
    pub elapsed_ms: u64,
    /// The hidden honeypot field's value: empty unless a bot filled it.
    pub honeypot: &'a str,
    /// A server challenge's token and the reader's answer.
    pub captcha: Option<(&'a str, &'a str)>,
}

impl<'a> Outgoing<'a> {
    pub fn new(comment: &'a Comment, page: &'a Page) -> Outgoing<'a> {
        Outgoing {
            comment,
            page,
            parent: None,
            elapsed_ms: 0,
            honeypot: "",
            captcha: None,
        }
    }
}

/// A request ready for `fetch`: always a POST.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub content_type: &'static str,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub credentials: Credentials,
    pub manual_redirect: bool,
    pub timeout_ms: u32,
}

enum Val {
    Str(String),
    Num(u64),
    Captcha(String, String),
}

fn json_body(values: &[(&str, Val)]) -> String {
    values
        .iter()
        .fold(Object::new(), |o, (name, v)| match v {
            Val::Str(s) => o.str(name, s),
            Val::Num(n) => o.num(name, *n),
            Val::Captcha(token, answer) => o.obj(
                name,
                Object::new().str("token", token).str("answer", answer),
            ),
        })
        .finish()
}

fn form_body(values: &[(&str, Val)]) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, v) in values {
        match v {
            Val::Str(s) => pairs.push((name.to_string(), s.clone())),
            Val::Num(n) => pairs.push((name.to_string(), n.to_string())),
            Val::Captcha(token, answer) => {
                pairs.push((format!("{name}[token]"), token.clone()));
                pairs.push((format!("{name}[answer]"), answer.clone()));
            }
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `application/x-www-form-urlencoded` as browsers write it (space becomes `+`).
fn form_encode(s: &str) -> String {
    encode(s, true)
}

/// A query parameter value, as `encodeURIComponent` writes it.
pub fn percent_encode(s: &str) -> String {
    encode(s, false)
}

fn encode(s: &str, plus_for_space: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b'!' | b'~' | b'\'' | b'(' | b')' if !plus_for_space => out.push(b as char),
            b' ' if plus_for_space => out.push('+'),
            _ => {
                // Upper-case digits, as browsers write them.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment() -> Comment {
        Comment {
            content: "Airnya surut & jalan bisa dilewati 👍".into(),
            author: "Sari Dewi".into(),
            email: "sari@contoh.id".into(),
            url: "http://contoh.id".into(),
        }
    }

    fn page() -> Page {
        Page {
            thread: "42".into(),
            url: "https://kabar.contoh.id/banjir".into(),
            title: "Banjir Surut".into(),
        }
    }

    fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(h, _)| h == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn native_contract() {
        let (c, p) = (comment(), page());
        let out = Outgoing {
            elapsed_ms: 8100,
            captcha: Some(("tok", "8")),
            ..Outgoing::new(&c, &p)
        };
        let r = Backend::new(Preset::Balasan, "/api/comments").request(&out, "k1");
        assert_eq!(r.url, "/api/comments");
        assert_eq!(r.content_type, "application/json");
        assert_eq!(
            r.body,
            r#"{"post":"42","page_url":"https://kabar.contoh.id/banjir","page_title":"Banjir Surut","author":"Sari Dewi","email":"sari@contoh.id","url":"http://contoh.id","content":"Airnya surut & jalan bisa dilewati 👍","captcha":{"token":"tok","answer":"8"},"hp":"","elapsed_ms":8100}"#
        );
        assert_eq!(header(&r, "Idempotency-Key"), Some("k1"));
        assert_eq!(header(&r, "Accept"), Some("application/json"));
        assert!(!r.manual_redirect);
    }

    #[test]
    fn wordpress_rest_sends_numeric_ids_and_wp_names() {
        let (c, p) = (comment(), page());
        let out = Outgoing {
            parent: Some("7"),
            ..Outgoing::new(&c, &p)
        };
        let r = Backend::new(
            Preset::WordpressRest,
            "https://kabar.contoh.id/wp-json/wp/v2/comments",
        )
        .request(&out, "k");
        assert_eq!(
            r.body,
            r#"{"post":42,"parent":7,"author_name":"Sari Dewi","author_email":"sari@contoh.id","author_url":"http://contoh.id","content":"Airnya surut & jalan bisa dilewati 👍"}"#
        );
        // WordPress's REST CORS does not allow the header unless the site adds it.
        assert_eq!(header(&r, "Idempotency-Key"), None);
    }

    #[test]
    fn wordpress_form_is_form_encoded_and_does_not_follow_redirects() {
        let (c, p) = (comment(), page());
        let r = Backend::new(
            Preset::WordpressForm,
            "https://kabar.contoh.id/wp-comments-post.php",
        )
        .request(&Outgoing::new(&c, &p), "k");
        assert_eq!(r.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            r.body,
            "comment=Airnya+surut+%26+jalan+bisa+dilewati+%F0%9F%91%8D&author=Sari+Dewi&email=sari%40contoh.id&url=http%3A%2F%2Fcontoh.id&comment_post_ID=42"
        );
        assert!(r.manual_redirect);
        // No preflight: only CORS-safelisted headers.
        assert_eq!(header(&r, "Idempotency-Key"), None);
    }

    #[test]
    fn staticman_and_formspree_names() {
        let (c, p) = (comment(), page());
        let r = Backend::new(
            Preset::Staticman,
            "https://api.staticman.net/v3/entry/github/u/r/main/comments",
        )
        .request(&Outgoing::new(&c, &p), "k");
        assert!(
            r.body
                .starts_with("fields%5Bname%5D=Sari+Dewi&fields%5Bemail%5D=sari%40contoh.id"),
            "{}",
            r.body
        );
        assert!(r.body.contains("&fields%5Bmessage%5D=Airnya"));
        assert!(r.body.contains("&options%5Bslug%5D=42"));
        let r = Backend::new(Preset::Formspree, "https://formspree.io/f/abcd")
            .request(&Outgoing::new(&c, &p), "k");
        assert_eq!(
            r.body,
            r#"{"name":"Sari Dewi","email":"sari@contoh.id","website":"http://contoh.id","message":"Airnya surut & jalan bisa dilewati 👍","post":"42","page_url":"https://kabar.contoh.id/banjir","_subject":"Banjir Surut","_gotcha":""}"#
        );
    }

    #[test]
    fn extra_fields_headers_credentials_and_timeout() {
        let (c, p) = (comment(), page());
        let mut b = Backend::new(Preset::Balasan, "/c");
        b.extra_fields.push(("site".into(), "kabar".into()));
        b.headers.push(("X-WP-Nonce".into(), "abc".into()));
        b.credentials = Credentials::Include;
        b.timeout_ms = 5000;
        let r = b.request(&Outgoing::new(&c, &p), "k");
        assert!(r.body.ends_with(r#","site":"kabar"}"#));
        assert_eq!(header(&r, "X-WP-Nonce"), Some("abc"));
        assert_eq!((r.credentials, r.timeout_ms), (Credentials::Include, 5000));
    }

    #[test]
    fn isso_thread_goes_in_the_query() {
        let (c, mut p) = (comment(), page());
        p.thread = "/daerah/sungai bersih?x=1".into();
        let r = Backend::new(Preset::Isso, "http://127.0.0.1:8081")
            .request(&Outgoing::new(&c, &p), "k");
        assert_eq!(
            r.url,
            "http://127.0.0.1:8081/new?uri=%2Fdaerah%2Fsungai%20bersih%3Fx%3D1"
        );
    }

    #[test]
    fn slots_round_trip_and_carry_fields_under_the_contract_names() {
        for &s in Slot::ALL {
            assert_eq!(Slot::from_name(s.name()), Some(s));
            if let Some(f) = s.field() {
                assert_eq!(s.name(), f.facts().native, "{s:?}");
            }
        }
        for f in Field::ALL {
            assert!(
                Slot::ALL.iter().any(|s| s.field() == Some(f)),
                "{f:?} has a slot"
            );
        }
        assert_eq!(Slot::from_name("bodi"), None);
    }

    #[test]
    fn field_names_map_back_to_fields() {
        let w = Preset::WordpressRest.wire();
        assert_eq!(w.field_named("author_email"), Some(Field::Email));
        assert_eq!(
            Preset::Formspree.wire().field_named("message"),
            Some(Field::Comment)
        );
        assert_eq!(w.field_named("post"), None);
    }
}
