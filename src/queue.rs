//! Comments written while the connection was gone, waiting in the browser to be sent: what
//! one of them holds, how it is kept (one `localStorage` item each, as JSON, so that tabs
//! adding comments never overwrite each other), and what to do with it next.
//!
//! The request is kept exactly as it was built the first time, idempotency key, captcha
//! answer and `elapsed_ms` included, so a later send is the same request again. The browser
//! part ([`crate::outbox`]) sends one comment at a time, under a Web Lock shared by every
//! tab of the site.
//!
//! # Usage
//! ```
//! use balasan::queue::{Entry, Step};
//! use balasan::outcome::Outcome;
//!
//! let mut entry = Entry { key: "k1".into(), made_at: 1_000, anywhere: true, ..Entry::default() };
//! let day = 24 * 3600 * 1000;
//! assert_eq!(entry.step(2_000, "this-page", day), Step::Send);
//! // Still no connection: try again in 5 s, then 10 s, …
//! assert_eq!(entry.after(&Outcome::Offline, 2_000), None);
//! assert_eq!(entry.step(2_000, "this-page", day), Step::Wait(7_000));
//! // Stored at last: the reader is told.
//! assert_eq!(entry.after(&Outcome::Accepted { pending: true }, 9_000), Some(balasan::queue::Done::Pending));
//! ```

use std::cell::Cell;

use balasan_core::Comment;

use crate::json::{self, Object, Value};
use crate::outcome::Outcome;
use crate::request::{Credentials, Request};

/// The `localStorage` key of a queued comment is this prefix and its idempotency key.
pub const PREFIX: &str = "balasan:queue:";

/// The first wait after a failed attempt; it doubles with each further one, up to
/// [`MAX_BACKOFF_MS`].
const BACKOFF_MS: u64 = 5_000;
const MAX_BACKOFF_MS: u64 = 300_000;
/// Without a `Retry-After`, a rate-limited comment waits this long.
const TOO_FAST_MS: u64 = 60_000;
/// A server challenge this close to its end is not sent: it would expire on the way.
const EXPIRY_MARGIN_MS: u64 = 10_000;

/// One comment waiting for the connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// The comment's idempotency key: its name in storage too.
    pub key: String,
    /// When it was queued (`Date.now()` ms).
    pub made_at: u64,
    /// The article (post id or path) and the widget on its page, as the draft names them.
    pub thread: String,
    pub scope: String,
    /// The article's title, for a notice shown on another page.
    pub title: String,
    /// The backend it is for (`data-preset`, `data-endpoint`): a page sends only the
    /// comments of a backend it has a widget for, and reads the reply as that preset.
    pub preset: String,
    pub endpoint: String,
    /// It may be sent from any page, on a later visit too ([`crate::request::Backend::retry_safe`]);
    /// otherwise only from the page that queued it, while it stays open.
    pub anywhere: bool,
    /// The page (one load of it) that queued it.
    pub page: String,
    /// When its server challenge expires (ms); 0 when there is none.
    pub expires_at: u64,
    /// What the reader wrote, for the list and to give the text back.
    pub comment: Comment,
    /// The comment it answers, as [`crate::view::state::ReplyTo::stored`] writes it.
    pub reply: String,
    pub request: Request,
    /// Attempts that got no answer, and no attempt before `not_before` (ms).
    pub attempts: u32,
    pub not_before: u64,
    /// The wait is the backend's (`429`), not one for the connection.
    pub limited: bool,
    /// How it ended, once it has; the entry stays until a page has told the reader.
    pub done: Option<Done>,
    /// When it ended (ms).
    pub done_at: u64,
}

/// How a queued comment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Stored and shown.
    Sent,
    /// Stored, awaiting moderation.
    Pending,
    /// Not sent, or refused: the text goes back to its article's form.
    Returned,
    /// Not sent: its server challenge expired meanwhile; a new question, then the reader
    /// sends it again.
    Expired,
}

impl Done {
    fn name(self) -> &'static str {
        match self {
            Done::Sent => "sent",
            Done::Pending => "pending",
            Done::Returned => "returned",
            Done::Expired => "expired",
        }
    }

    fn from_name(name: &str) -> Option<Done> {
        [Done::Sent, Done::Pending, Done::Returned, Done::Expired]
            .into_iter()
            .find(|d| d.name() == name)
    }

    /// Whether the text goes back to the reader.
    pub fn returned(self) -> bool {
        matches!(self, Done::Returned | Done::Expired)
    }
}

/// What to do with a queued comment now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Send,
    /// Not before this time (ms).
    Wait(u64),
    /// Not this page's to send (another page's comment for a backend that must not get it
    /// twice), or already ended.
    Leave,
    /// Give it back to the reader, for this reason.
    End(Done),
}

impl Entry {
    /// What to do now (`now` in ms) on the page `page`, where comments older than
    /// `max_age_ms` are given back.
    pub fn step(&self, now: u64, page: &str, max_age_ms: u64) -> Step {
        if self.done.is_some() {
            Step::Leave
        } else if now.saturating_sub(self.made_at) > max_age_ms {
            Step::End(Done::Returned)
        } else if !self.anywhere && self.page != page {
            Step::Leave
        } else if self.expires_at > 0 && now + EXPIRY_MARGIN_MS > self.expires_at {
            Step::End(Done::Expired)
        } else if now < self.not_before {
            Step::Wait(self.not_before)
        } else {
            Step::Send
        }
    }

    /// Takes in what an attempt at `now` came to: how the comment ended, or `None` when it
    /// waits for another attempt (no answer, or rate-limited).
    pub fn after(&mut self, outcome: &Outcome, now: u64) -> Option<Done> {
        let done = match outcome {
            Outcome::Accepted { pending: true } => Done::Pending,
            // With a retry-safe backend a duplicate means an earlier attempt got there.
            Outcome::Accepted { pending: false } | Outcome::Duplicate => Done::Sent,
            Outcome::TooFast { retry_after } => {
                let wait = retry_after.map_or(TOO_FAST_MS, |s| u64::from(s) * 1000);
                self.not_before = now + wait;
                self.limited = true;
                return None;
            }
            // The comment may have arrived: only a backend that stores it once gets it again.
            Outcome::Timeout if !self.anywhere => Done::Returned,
            Outcome::Offline | Outcome::Unreachable | Outcome::Timeout => {
                self.attempts += 1;
                let doubled = BACKOFF_MS << (self.attempts - 1).min(10);
                self.not_before = now + doubled.min(MAX_BACKOFF_MS);
                self.limited = false;
                return None;
            }
            Outcome::Invalid(_) | Outcome::Closed | Outcome::Failed(_) => Done::Returned,
        };
        self.end(done, now);
        Some(done)
    }

    /// The browser says the connection is back: a comment waiting for it goes at once (a
    /// backend's `Retry-After` still holds). `true` if that changed anything.
    pub fn connection_back(&mut self) -> bool {
        let changed = !self.limited && self.not_before > 0 && self.done.is_none();
        if changed {
            self.not_before = 0;
        }
        changed
    }

    /// Marks the comment ended.
    pub fn end(&mut self, done: Done, now: u64) {
        self.done = Some(done);
        self.done_at = now;
    }

    /// The entry as stored.
    pub fn to_json(&self) -> String {
        let r = &self.request;
        let headers = r
            .headers
            .iter()
            .fold(Object::new(), |o, (name, value)| o.str(name, value));
        let c = &self.comment;
        Object::new()
            .str("key", &self.key)
            .num("made", self.made_at)
            .str("thread", &self.thread)
            .str("scope", &self.scope)
            .str("title", &self.title)
            .str("preset", &self.preset)
            .str("endpoint", &self.endpoint)
            .num("anywhere", u64::from(self.anywhere))
            .str("page", &self.page)
            .num("expires", self.expires_at)
            .str("content", &c.content)
            .str("author", &c.author)
            .str("email", &c.email)
            .str("url", &c.url)
            .str("reply", &self.reply)
            .str("to", &r.url)
            .str("type", r.content_type)
            .str("body", &r.body)
            .obj("headers", headers)
            .str("credentials", r.credentials.name())
            .num("manual", u64::from(r.manual_redirect))
            .num("timeout", u64::from(r.timeout_ms))
            .num("attempts", u64::from(self.attempts))
            .num("not_before", self.not_before)
            .num("limited", u64::from(self.limited))
            .str("done", self.done.map_or("", Done::name))
            .num("done_at", self.done_at)
            .finish()
    }

    /// An entry [`Entry::to_json`] wrote; `None` for anything else.
    pub fn parse(text: &str) -> Option<Entry> {
        let v = json::parse(text)?;
        // A missing or mistyped field makes the entry unreadable. Checked once, at the end:
        // a `?` after each field would give every field read before it drop code of its own
        // (3 KB of wasm).
        let ok = Cell::new(true);
        let fail = || ok.set(false);
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    fail();
                    String::new()
                })
        };
        let n = |k: &str| {
            v.get(k).and_then(Value::as_u64).unwrap_or_else(|| {
                fail();
                0
            })
        };
        let small = |k: &str| {
            u32::try_from(n(k)).unwrap_or_else(|_| {
                fail();
                0
            })
        };
        let content_type = ["application/json", "application/x-www-form-urlencoded"]
            .into_iter()
            .find(|t| *t == s("type"))
            .unwrap_or_else(|| {
                fail();
                ""
            });
        let headers = match v.get("headers") {
            Some(h) => json::members(h)
                .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                .collect(),
            None => {
                fail();
                Vec::new()
            }
        };
        let done = match s("done").as_str() {
            "" => None,
            name => Done::from_name(name).or_else(|| {
                fail();
                None
            }),
        };
        let credentials = Credentials::from_name(&s("credentials")).unwrap_or_else(|| {
            fail();
            Credentials::Omit
        });
        let entry = Entry {
            key: s("key"),
            made_at: n("made"),
            thread: s("thread"),
            scope: s("scope"),
            title: s("title"),
            preset: s("preset"),
            endpoint: s("endpoint"),
            anywhere: n("anywhere") == 1,
            page: s("page"),
            expires_at: n("expires"),
            comment: Comment {
                content: s("content"),
                author: s("author"),
                email: s("email"),
                url: s("url"),
            },
            reply: s("reply"),
            request: Request {
                url: s("to"),
                content_type,
                body: s("body"),
                headers,
                credentials,
                manual_redirect: n("manual") == 1,
                timeout_ms: small("timeout"),
            },
            attempts: small("attempts"),
            not_before: n("not_before"),
            limited: n("limited") == 1,
            done,
            done_at: n("done_at"),
        };
        (ok.get() && !entry.key.is_empty()).then_some(entry)
    }
}

/// Puts `text` back into a form that may already hold a new draft: after it, never over it.
pub fn give_back(draft: &str, text: &str) -> String {
    if draft.trim().is_empty() {
        text.to_owned()
    } else if draft.contains(text) {
        draft.to_owned()
    } else {
        format!("{draft}\n\n{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Page;
    use crate::presets::Preset;
    use crate::request::{Backend, Outgoing};

    const DAY: u64 = 24 * 3600 * 1000;

    fn entry(anywhere: bool) -> Entry {
        let comment = Comment {
            content: "Airnya surut, \"alhamdulillah\"\nbaris dua ✓".into(),
            author: "Sari".into(),
            email: "sari@contoh.id".into(),
            url: String::new(),
        };
        let page = Page {
            thread: "42".into(),
            url: "https://kabar.contoh.id/banjir".into(),
            title: "Banjir Surut".into(),
        };
        let mut backend = Backend::new(Preset::Balasan, "https://kabar.contoh.id/api/comments");
        backend.headers.push(("X-Situs".into(), "kabar".into()));
        let request = backend.request(&Outgoing::new(&comment, &page), "key-1");
        Entry {
            key: "key-1".into(),
            made_at: 1_000,
            thread: "42".into(),
            title: "Banjir Surut".into(),
            preset: "balasan".into(),
            endpoint: backend.endpoint.clone(),
            anywhere,
            page: "p1".into(),
            comment,
            request,
            ..Entry::default()
        }
    }

    #[test]
    fn round_trips_through_storage() {
        let mut e = entry(true);
        e.reply = "7\ndiv-comment-7\nTinggalkan Balasan ke Budi".into();
        e.expires_at = 99_000;
        e.request.credentials = Credentials::Include;
        e.request.manual_redirect = true;
        e.limited = true;
        e.end(Done::Expired, 5);
        assert_eq!(Entry::parse(&e.to_json()), Some(e));
        assert_eq!(Entry::parse("{}"), None);
        assert_eq!(Entry::parse("nonsense"), None);
        let bad_type = entry(true)
            .to_json()
            .replace("application/json", "text/plain");
        assert_eq!(Entry::parse(&bad_type), None);
        // Any field missing, or of the wrong type: unreadable.
        let json = entry(true).to_json();
        for k in [
            "key",
            "made",
            "thread",
            "scope",
            "title",
            "preset",
            "endpoint",
            "anywhere",
            "page",
            "expires",
            "content",
            "author",
            "email",
            "url",
            "reply",
            "to",
            "type",
            "body",
            "headers",
            "credentials",
            "manual",
            "timeout",
            "attempts",
            "not_before",
            "limited",
            "done",
            "done_at",
        ] {
            let field = format!("\"{k}\":");
            assert!(json.contains(&field), "{k} is written");
            let renamed = json.replace(&field, &format!("\"x{k}\":"));
            assert_eq!(Entry::parse(&renamed), None, "without {k}");
        }
        let mistyped = json.replace("\"made\":", "\"made\":\"x\",\"y\":");
        assert_eq!(Entry::parse(&mistyped), None);
        assert_eq!(
            Entry::parse(&json.replace("\"key\":\"", "\"key\":\"\",\"y\":\"")),
            None,
            "empty key"
        );
    }

    #[test]
    fn waits_longer_after_each_attempt_without_an_answer() {
        let mut e = entry(true);
        let mut now = 2_000;
        let mut waits = Vec::new();
        for _ in 0..9 {
            assert_eq!(e.after(&Outcome::Unreachable, now), None);
            let Step::Wait(at) = e.step(now, "p1", DAY) else {
                panic!("should wait")
            };
            waits.push((at - now) / 1000);
            now = at;
            assert_eq!(e.step(now, "p1", DAY), Step::Send);
        }
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
    }

    #[test]
    fn the_connection_coming_back_ends_the_wait_for_it_but_not_a_rate_limit() {
        let mut e = entry(true);
        e.after(&Outcome::Offline, 1_000);
        assert!(e.connection_back());
        assert_eq!(e.step(1_001, "p1", DAY), Step::Send);
        assert!(!e.connection_back(), "nothing to change");
        e.after(
            &Outcome::TooFast {
                retry_after: Some(30),
            },
            2_000,
        );
        assert!(!e.connection_back());
        assert_eq!(e.step(2_001, "p1", DAY), Step::Wait(32_000));
        let mut limited = e.clone();
        limited.end(Done::Sent, 3);
        assert!(!limited.connection_back());
    }

    #[test]
    fn a_rate_limit_waits_for_retry_after() {
        let mut e = entry(true);
        let too_fast = Outcome::TooFast {
            retry_after: Some(3),
        };
        assert_eq!(e.after(&too_fast, 10_000), None);
        assert_eq!(e.step(12_999, "p1", DAY), Step::Wait(13_000));
        assert_eq!(e.step(13_000, "p1", DAY), Step::Send);
        assert_eq!(e.attempts, 0, "an answer is not a lost attempt");
    }

    #[test]
    fn answers_end_it() {
        for (outcome, done) in [
            (Outcome::Accepted { pending: false }, Done::Sent),
            (Outcome::Accepted { pending: true }, Done::Pending),
            (Outcome::Duplicate, Done::Sent),
            (Outcome::Closed, Done::Returned),
            (Outcome::Failed("500".into()), Done::Returned),
            (Outcome::Invalid(Vec::new()), Done::Returned),
        ] {
            let mut e = entry(true);
            assert_eq!(e.after(&outcome, 7), Some(done), "{outcome:?}");
            assert_eq!((e.done, e.done_at), (Some(done), 7));
            assert_eq!(e.step(8, "p1", DAY), Step::Leave);
        }
        assert!(Done::Expired.returned() && Done::Returned.returned());
        assert!(!Done::Sent.returned() && !Done::Pending.returned());
    }

    #[test]
    fn a_timeout_is_retried_only_where_a_second_copy_cannot_be_stored() {
        let mut safe = entry(true);
        assert_eq!(safe.after(&Outcome::Timeout, 0), None);
        let mut unsafe_ = entry(false);
        assert_eq!(unsafe_.after(&Outcome::Timeout, 0), Some(Done::Returned));
    }

    #[test]
    fn only_the_queuing_page_sends_to_a_backend_that_would_store_twice() {
        let here_only = entry(false);
        assert_eq!(here_only.step(2_000, "p1", DAY), Step::Send);
        assert_eq!(here_only.step(2_000, "p2", DAY), Step::Leave);
        assert_eq!(entry(true).step(2_000, "p2", DAY), Step::Send);
    }

    #[test]
    fn too_old_or_expired_goes_back_to_the_reader() {
        let e = entry(true);
        assert_eq!(e.step(1_000 + DAY, "p1", DAY), Step::Send);
        assert_eq!(e.step(1_001 + DAY, "p2", DAY), Step::End(Done::Returned));
        // Even another page's: a page-only comment left behind comes back too.
        assert_eq!(
            entry(false).step(1_001 + DAY, "p2", DAY),
            Step::End(Done::Returned)
        );
        let mut e = entry(true);
        e.expires_at = 60_000;
        assert_eq!(e.step(49_999, "p1", DAY), Step::Send);
        assert_eq!(e.step(50_001, "p1", DAY), Step::End(Done::Expired));
    }

    #[test]
    fn giving_back_never_overwrites_a_new_draft() {
        assert_eq!(give_back("", "lama"), "lama");
        assert_eq!(give_back("  ", "lama"), "lama");
        assert_eq!(give_back("baru", "lama"), "baru\n\nlama");
        assert_eq!(give_back("baru\n\nlama", "lama"), "baru\n\nlama");
    }
}
