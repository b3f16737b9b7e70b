//! Property tests over arbitrary input: the rules the widget and the server share never
//! panic, and whatever they accept is within the limits. Bounded by `PROPTEST_CASES`
//! (default 512 here, never fewer than [`cases::FLOOR`]) so they run in every
//! `cargo test`.

#[path = "support/cases.rs"]
mod cases;

use balasan_core::captcha::{Answer, Question, Settings};
use balasan_core::validate::{is_email, normalize_url, validate, Input, Required};
use balasan_core::Field;
use proptest::prelude::*;

fn cases() -> ProptestConfig {
    cases::config(512)
}

/// Text that looks like what readers and bots type: any Unicode, plus spaces, markup and
/// the characters the rules care about, sometimes long.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \\t\\n<>\"'&@.:/a-zA-Z0-9ꦱ😀\u{202e}-]{0,80}",
        "[a-z]{1,300}",
        (1usize..70_000).prop_map(|n| "ä".repeat(n / 2)),
    ]
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn validation_accepts_only_what_fits(
        comment in typed(), author in typed(), email in typed(), url in typed(),
        author_required: bool, email_required: bool,
    ) {
        let required = Required { author: author_required, email: email_required };
        let input = Input { comment: &comment, author: &author, email: &email, url: &url };
        match validate(&input, required) {
            Ok(c) => {
                prop_assert!(!c.content.is_empty() && c.content.len() <= Field::Comment.max_bytes());
                prop_assert_eq!(c.content.trim(), c.content.as_str());
                prop_assert!(c.author.len() <= Field::Author.max_bytes());
                prop_assert!(c.email.len() <= Field::Email.max_bytes());
                prop_assert!(c.email.is_empty() || is_email(&c.email));
                prop_assert!(c.url.len() <= Field::Url.max_bytes());
                prop_assert!(c.url.is_empty() || c.url.starts_with("http://") || c.url.starts_with("https://"));
                prop_assert!(!required.author || !c.author.is_empty());
                prop_assert!(!required.email || !c.email.is_empty());
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                let fields: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
                let mut sorted = fields.clone();
                sorted.sort();
                sorted.dedup();
                prop_assert_eq!(fields, sorted, "one problem per field, in form order");
            }
        }
    }

    #[test]
    fn a_normalised_url_is_stable(url in typed()) {
        if let Some(clean) = normalize_url(url.trim()) {
            prop_assert_eq!(normalize_url(&clean), Some(clean.clone()));
            prop_assert!(!clean.chars().any(|c| c.is_whitespace() || c == '<' || c == '"'));
        }
    }

    #[test]
    fn captcha_answers_are_checked_without_panic(seed: u32, typed in typed()) {
        let mut x = seed | 1;
        let q = Question::generate(&Settings::default(), &mut || { x ^= x << 13; x ^= x >> 17; x ^= x << 5; x });
        prop_assert_eq!(q.check(&q.answer().to_string()), Answer::Right);
        let _ = q.check(&typed);
    }
}
