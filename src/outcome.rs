//! What became of a send, and what the reader is told about it.
//!
//! The browser seam hands over a [`Reply`] (or says no reply came); a preset's interpreter
//! ([`crate::presets`]) turns it into an [`Outcome`]. Only an answer that really says "stored"
//! is ever a success. Whatever the backend wrote is never shown: the reader gets a sentence
//! from the language table, and the site developer gets a note in the console.

use balasan_core::validate::Problems;

use crate::i18n::Key;

/// The parts of an HTTP reply that decide the outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    /// 0 for an opaque redirect.
    pub status: u16,
    /// The `Content-Type` header, lower-cased, without parameters.
    pub content_type: String,
    pub body: String,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The backend answered with a redirect that `redirect: "manual"` did not follow.
    pub opaque_redirect: bool,
    /// WordPress's `X-WP-Total` and `X-WP-TotalPages` on a list: comments and pages.
    pub wp_total: Option<String>,
    pub wp_pages: Option<String>,
}

impl Reply {
    /// A reply with this status and body; the content type is guessed from the body, as
    /// tests and recorded fixtures rarely care about it.
    pub fn new(status: u16, body: &str) -> Reply {
        let content_type = if body.trim_start().starts_with('<') {
            "text/html"
        } else {
            "application/json"
        };
        Reply {
            status,
            content_type: content_type.into(),
            body: body.into(),
            ..Reply::default()
        }
    }

    pub fn is_html(&self) -> bool {
        self.content_type.contains("html") || self.body.trim_start().starts_with('<')
    }

    /// The id a backend gave the comment it stored, when it answers with the comment (the
    /// reference server, WordPress's REST API and Isso do): the list shows the reader's
    /// comment under that id, so loading the list again does not show it twice.
    pub fn created_id(&self) -> Option<String> {
        let json = crate::json::parse(&self.body)?;
        let id = json.get("id")?;
        match id.as_u64() {
            Some(n) => Some(n.to_string()),
            None => id.as_str().filter(|s| !s.is_empty()).map(str::to_owned),
        }
    }

    /// Seconds to wait, when `Retry-After` gives them (its date form is ignored).
    pub fn retry_after_secs(&self) -> Option<u32> {
        self.retry_after.as_deref()?.trim().parse().ok()
    }
}

/// How a send ended, from the reader's point of view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored; `pending` when it waits for a moderator.
    Accepted { pending: bool },
    /// The backend refused these fields; they are marked like the widget's own errors.
    Invalid(Problems),
    /// The backend already has this comment.
    Duplicate,
    /// Rate-limited; retry after this many seconds when the backend said.
    TooFast { retry_after: Option<u32> },
    /// Comments are closed for this article.
    Closed,
    /// The backend answered with an error; the text is a note for the site developer.
    Failed(String),
    /// No answer within the configured time.
    Timeout,
    /// The device is offline.
    Offline,
    /// No answer at all while online: server down, DNS, or a CORS refusal.
    Unreachable,
}

impl Outcome {
    pub fn accepted(&self) -> bool {
        matches!(self, Outcome::Accepted { .. })
    }

    /// The sentence the reader sees, with the value for its `%s` if it has one.
    pub fn message(&self) -> (Key, Option<String>) {
        let key = match self {
            Outcome::Accepted { pending: true } => Key::AwaitingModeration,
            Outcome::Accepted { pending: false } => Key::Sent,
            Outcome::Invalid(problems) => return (Key::Summary, Some(problems.len().to_string())),
            Outcome::Duplicate => Key::Duplicate,
            Outcome::TooFast {
                retry_after: Some(s),
            } => return (Key::TooFastWait, Some(s.to_string())),
            Outcome::TooFast { retry_after: None } => Key::TooFast,
            Outcome::Closed => Key::Closed,
            Outcome::Failed(_) => Key::SaveFailed,
            Outcome::Timeout => Key::Timeout,
            Outcome::Offline => Key::Offline,
            Outcome::Unreachable => Key::Unreachable,
        };
        (key, None)
    }

    /// What the site developer should read in the console, if anything.
    pub fn developer_note(&self) -> Option<&str> {
        match self {
            Outcome::Failed(note) => Some(note),
            Outcome::Unreachable => Some(
                "no reply from the endpoint: the server is down, the address is wrong, or \
                 the browser refused the reply (CORS: the endpoint must send \
                 Access-Control-Allow-Origin for this page and allow its request headers)",
            ),
            Outcome::Timeout => Some("the endpoint did not answer within data-timeout"),
            _ => None,
        }
    }
}

/// The text of an HTML fragment or page, tags dropped and the common entities decoded:
/// enough to recognise a backend's error sentence, never shown to the reader.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = [
        ("&#8217;", "\u{2019}"),
        ("&#039;", "'"),
        ("&quot;", "\""),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(out, |text, (entity, c)| text.replace(entity, c));
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use balasan_core::{Field, Problem};

    #[test]
    fn the_id_of_a_stored_comment_when_the_answer_says() {
        let id = |body: &str| Reply::new(201, body).created_id();
        assert_eq!(
            id(r#"{"id":12,"status":"approved"}"#).as_deref(),
            Some("12")
        );
        assert_eq!(id(r#"{"id":"c-9"}"#).as_deref(), Some("c-9"));
        assert_eq!(id(r#"{"status":"approved"}"#), None);
        assert_eq!(id(r#"{"id":""}"#), None);
        assert_eq!(id(""), None);
        assert_eq!(id("<html>"), None);
    }

    /// One outcome of every kind (the match below stops compiling when a kind is added,
    /// as a reminder to add it here too).
    fn every_outcome() -> Vec<Outcome> {
        let all = vec![
            Outcome::Accepted { pending: true },
            Outcome::Accepted { pending: false },
            Outcome::Invalid(vec![(Field::Email, Problem::Invalid)]),
            Outcome::Duplicate,
            Outcome::TooFast { retry_after: None },
            Outcome::TooFast {
                retry_after: Some(30),
            },
            Outcome::Closed,
            Outcome::Failed("x".into()),
            Outcome::Timeout,
            Outcome::Offline,
            Outcome::Unreachable,
        ];
        for o in &all {
            match o {
                Outcome::Accepted { .. }
                | Outcome::Invalid(_)
                | Outcome::Duplicate
                | Outcome::TooFast { .. }
                | Outcome::Closed
                | Outcome::Failed(_)
                | Outcome::Timeout
                | Outcome::Offline
                | Outcome::Unreachable => {}
            }
        }
        all
    }

    #[test]
    fn a_message_fills_exactly_the_holes_its_sentence_has() {
        // The view fills `%s` only when a value comes with the key: a sentence with a hole
        // and no value would show the reader a literal "%s".
        for outcome in every_outcome() {
            let (key, arg) = outcome.message();
            for lang in [Lang::Id, Lang::En] {
                let holes = key.text(lang).matches("%s").count();
                assert_eq!(holes, usize::from(arg.is_some()), "{outcome:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn only_an_accepted_comment_is_told_it_was_sent() {
        for outcome in every_outcome() {
            let (key, _) = outcome.message();
            let says_stored = matches!(key, Key::Sent | Key::AwaitingModeration);
            assert_eq!(says_stored, outcome.accepted(), "{outcome:?}");
        }
        assert_eq!(
            Outcome::Accepted { pending: true }.message().0,
            Key::AwaitingModeration
        );
    }

    #[test]
    fn retry_after_in_seconds_only() {
        let mut r = Reply::new(429, "");
        r.retry_after = Some(" 30 ".into());
        assert_eq!(r.retry_after_secs(), Some(30));
        r.retry_after = Some("Wed, 21 Oct 2026 07:28:00 GMT".into());
        assert_eq!(r.retry_after_secs(), None);
    }

    #[test]
    fn html_text_reads_wordpress_error_pages() {
        let page = "<!DOCTYPE html><html><head><title>Comment Submission Failure</title></head>\
            <body id=\"error-page\"><div class=\"wp-die-message\"><p><strong>Error:</strong> \
            Duplicate comment detected; it looks as though you&#8217;ve already said that!</p>\
            </div></body></html>";
        assert_eq!(
            html_text(page),
            "Comment Submission Failure Error: Duplicate comment detected; it looks as though \
             you\u{2019}ve already said that!"
        );
    }
}
