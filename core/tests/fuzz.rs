//! Property tests over arbitrary input: the rules the widget and the server share never
//! panic, and whatever they accept is within the limits. Bounded by `PROPTEST_CASES`
//! (default 512 here) so they run in every `cargo test`.

use balasan_core::captcha::{Answer, Question, Settings};
use balasan_core::json::{Object, Value};
use balasan_core::validate::{is_email, normalize_url, validate, Input, Required};
use balasan_core::Field;
use proptest::prelude::*;

fn cases() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    ProptestConfig::with_cases(cases)
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
    fn json_parser_never_panics_and_agrees_with_serde(text in any::<String>(), s in any::<String>()) {
        let _ = Value::parse(&text);
        // What the writer writes, the parser reads back, as serde_json does.
        let written = Object::new().str("s", &s).num("n", 7).finish();
        let ours = Value::parse(&written).unwrap();
        prop_assert_eq!(ours.get("s").and_then(Value::as_str), Some(s.as_str()));
        let theirs: serde_json::Value = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(theirs["s"].as_str(), Some(s.as_str()));
    }

    #[test]
    fn json_parser_reads_any_serde_json_text(v in json_value()) {
        let text = v.to_string();
        let ours = Value::parse(&text);
        prop_assert!(ours.is_some(), "{}", text);
    }

    #[test]
    fn captcha_answers_are_checked_without_panic(seed: u32, typed in typed()) {
        let mut x = seed | 1;
        let q = Question::generate(&Settings::default(), &mut || { x ^= x << 13; x ^= x >> 17; x ^= x << 5; x });
        prop_assert_eq!(q.check(&q.answer().to_string()), Answer::Right);
        let _ = q.check(&typed);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
