//! The form's rules as a whole, without the DOM: one submit attempt is checked here, the
//! view only shows the verdict.
//!
//! # Usage
//! ```
//! use balasan::form::{check, Verdict};
//! use balasan_core::captcha::{Op, Question};
//! use balasan_core::validate::{Input, Required};
//!
//! let q = Question::new(2, Op::Add, 6, false);
//! let input = Input { comment: "Mantap", author: "Sari", email: "sari@contoh.id", url: "" };
//! let Verdict { result, new_question } = check(&input, Required::default(), Some(&q), "8");
//! assert!(result.is_ok() && !new_question);
//!
//! let wrong = check(&input, Required::default(), Some(&q), "9");
//! assert!(wrong.result.is_err() && wrong.new_question);
//! ```

use balasan_core::captcha::{Answer, Question};
use balasan_core::json::Object;
use balasan_core::validate::{self, Comment, Input, Problems, Required};
use balasan_core::{Field, Problem};

use crate::i18n::Key;

/// The result of checking one submit attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The clean comment to send, or every problem in form order.
    pub result: Result<Comment, Problems>,
    /// The captcha answer was wrong: show a new question (a bot must not get a second try
    /// at the same one). A missing answer keeps the question.
    pub new_question: bool,
}

/// Checks all fields and the captcha answer (when a question is shown) in one pass.
pub fn check(
    input: &Input,
    required: Required,
    question: Option<&Question>,
    answer: &str,
) -> Verdict {
    let captcha = question.map_or(Answer::Right, |q| q.check(answer));
    let mut result = validate::validate(input, required);
    let captcha_problem = match captcha {
        Answer::Right => None,
        Answer::Missing => Some(Problem::Missing),
        Answer::Wrong => Some(Problem::Invalid),
    };
    if let Some(p) = captcha_problem {
        let mut problems = result.err().unwrap_or_default();
        problems.push((Field::Captcha, p));
        result = Err(problems);
    }
    Verdict {
        result,
        new_question: captcha == Answer::Wrong,
    }
}

/// The article a comment belongs to, as the host page describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The backend's id for the article (`data-post-id`), or its path when none was given.
    pub thread: String,
    /// Whether `thread` is a post id from the site rather than the path.
    pub has_post_id: bool,
    pub url: String,
    pub title: String,
}

/// The native contract's JSON body for a clean comment.
pub fn native_body(comment: &Comment, page: &Page, elapsed_ms: u64) -> String {
    Object::new()
        .str("post", &page.thread)
        .str("page_url", &page.url)
        .str("page_title", &page.title)
        .null("parent")
        .str("author", &comment.author)
        .str("email", &comment.email)
        .str("url", &comment.url)
        .str("content", &comment.content)
        .str("hp", "")
        .num("elapsed_ms", elapsed_ms)
        .finish()
}

/// The sentence shown next to a field for a problem.
pub fn problem_message(field: Field, problem: Problem) -> Key {
    match (field, problem) {
        (Field::Comment, Problem::Missing) => Key::CommentMissing,
        (Field::Comment, _) => Key::CommentTooLong,
        (Field::Author | Field::Email, Problem::Missing) => Key::RequiredMissing,
        (Field::Author, _) => Key::NameTooLong,
        (Field::Email, Problem::TooLong) => Key::EmailTooLong,
        (Field::Email, _) => Key::EmailInvalid,
        (Field::Url, Problem::TooLong) => Key::UrlTooLong,
        (Field::Url, _) => Key::UrlInvalid,
        (Field::Captcha, Problem::Missing) => Key::CaptchaMissing,
        (Field::Captcha, _) => Key::CaptchaWrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use balasan_core::captcha::Op;

    const GOOD: Input = Input {
        comment: "Terima kasih",
        author: "Budi",
        email: "budi@contoh.id",
        url: "",
    };

    #[test]
    fn captcha_problems_come_last_with_the_others() {
        let q = Question::new(3, Op::Mul, 3, false);
        let v = check(&Input::default(), Required::default(), Some(&q), "");
        assert_eq!(
            v.result.unwrap_err(),
            vec![
                (Field::Comment, Problem::Missing),
                (Field::Author, Problem::Missing),
                (Field::Email, Problem::Missing),
                (Field::Captcha, Problem::Missing),
            ]
        );
        assert!(!v.new_question, "an empty answer keeps the question");
    }

    #[test]
    fn wrong_answer_alone_blocks_and_renews() {
        let q = Question::new(3, Op::Mul, 3, false);
        let v = check(&GOOD, Required::default(), Some(&q), "6");
        assert_eq!(
            v.result.unwrap_err(),
            vec![(Field::Captcha, Problem::Invalid)]
        );
        assert!(v.new_question);
    }

    #[test]
    fn right_answer_with_other_errors_keeps_the_question() {
        let q = Question::new(3, Op::Mul, 3, false);
        let v = check(
            &Input { email: "x", ..GOOD },
            Required::default(),
            Some(&q),
            "9",
        );
        assert_eq!(
            v.result.unwrap_err(),
            vec![(Field::Email, Problem::Invalid)]
        );
        assert!(!v.new_question);
    }

    #[test]
    fn no_question_when_captcha_is_off() {
        assert!(check(&GOOD, Required::default(), None, "").result.is_ok());
    }

    #[test]
    fn native_body_carries_the_clean_comment_and_page() {
        let page = Page {
            thread: "42".into(),
            has_post_id: true,
            url: "https://berita.contoh.id/a".into(),
            title: "Judul \"kutip\"".into(),
        };
        let comment = validate::validate(
            &Input {
                url: "contoh.id",
                ..GOOD
            },
            Required::default(),
        )
        .unwrap();
        let body = native_body(&comment, &page, 5300);
        assert_eq!(
            body,
            r#"{"post":"42","page_url":"https://berita.contoh.id/a","page_title":"Judul \"kutip\"","parent":null,"author":"Budi","email":"budi@contoh.id","url":"http://contoh.id","content":"Terima kasih","hp":"","elapsed_ms":5300}"#
        );
    }

    #[test]
    fn every_problem_has_a_sentence() {
        assert_eq!(
            problem_message(Field::Comment, Problem::Missing),
            Key::CommentMissing
        );
        assert_eq!(
            problem_message(Field::Author, Problem::Missing),
            Key::RequiredMissing
        );
        assert_eq!(
            problem_message(Field::Email, Problem::Invalid),
            Key::EmailInvalid
        );
        assert_eq!(
            problem_message(Field::Url, Problem::TooLong),
            Key::UrlTooLong
        );
        assert_eq!(
            problem_message(Field::Captcha, Problem::Invalid),
            Key::CaptchaWrong
        );
    }
}
