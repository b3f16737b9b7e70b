//! The form's rules as a whole, without the DOM: one submit attempt is checked here, the
//! view only shows the verdict.
//!
//! # Usage
//! ```
//! use balasan::form::{check, Verdict};
//! use balasan_core::captcha::Answer;
//! use balasan_core::validate::{Input, Required};
//!
//! let input = Input { comment: "Mantap", author: "Sari", email: "sari@contoh.id", url: "" };
//! let Verdict { result, new_question } = check(&input, Required::default(), Some(Answer::Right));
//! assert!(result.is_ok() && !new_question);
//!
//! let wrong = check(&input, Required::default(), Some(Answer::Wrong));
//! assert!(wrong.result.is_err() && wrong.new_question);
//! ```

use balasan_core::captcha::Answer;
use balasan_core::validate::{self, Comment, Input, Problems, Required};
use balasan_core::{Field, Problem};

/// The result of checking one submit attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The clean comment to send, or every problem in form order.
    pub result: Result<Comment, Problems>,
    /// The captcha answer was wrong: show a new question (a bot must not get a second try
    /// at the same one). A missing answer keeps the question.
    pub new_question: bool,
}

/// Checks all fields and, when a question is shown, how its answer compared, in one pass.
pub fn check(input: &Input, required: Required, captcha: Option<Answer>) -> Verdict {
    let captcha = captcha.unwrap_or(Answer::Right);
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
    pub url: String,
    pub title: String,
}

impl Page {
    /// The article's title: the first of `candidates` (most trusted first) with text in
    /// it, its white space collapsed as a page shows it; empty when none has any.
    ///
    /// ```
    /// use balasan::form::Page;
    ///
    /// let h1 = Some("\n  Sungai Kembali   Jernih\n".to_owned());
    /// assert_eq!(Page::title_of([None, Some(" ".into()), h1]), "Sungai Kembali Jernih");
    /// ```
    pub fn title_of(candidates: impl IntoIterator<Item = Option<String>>) -> String {
        let collapsed = |text: String| {
            let mut out = String::new();
            for word in text.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
            out
        };
        candidates
            .into_iter()
            .flatten()
            .map(collapsed)
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }
}

/// The sentence shown next to a field for a problem (the server's pages say the same).
pub use crate::i18n::problem_message;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Key;

    const GOOD: Input = Input {
        comment: "Terima kasih",
        author: "Budi",
        email: "budi@contoh.id",
        url: "",
    };

    #[test]
    fn captcha_problems_come_last_with_the_others() {
        let v = check(
            &Input::default(),
            Required::default(),
            Some(Answer::Missing),
        );
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
        let v = check(&GOOD, Required::default(), Some(Answer::Wrong));
        assert_eq!(
            v.result.unwrap_err(),
            vec![(Field::Captcha, Problem::Invalid)]
        );
        assert!(v.new_question);
    }

    #[test]
    fn right_answer_with_other_errors_keeps_the_question() {
        let v = check(
            &Input { email: "x", ..GOOD },
            Required::default(),
            Some(Answer::Right),
        );
        assert_eq!(
            v.result.unwrap_err(),
            vec![(Field::Email, Problem::Invalid)]
        );
        assert!(!v.new_question);
    }

    #[test]
    fn no_question_when_captcha_is_off() {
        assert!(check(&GOOD, Required::default(), None).result.is_ok());
    }

    #[test]
    fn field_messages_are_whole_sentences() {
        // Shown next to the field as they are, never filled: a `%s` would reach the reader.
        use crate::i18n::Lang;
        let problems = [
            Problem::Missing,
            Problem::TooLong,
            Problem::TooShort,
            Problem::Invalid,
        ];
        for field in Field::ALL {
            for problem in problems {
                let key = problem_message(field, problem);
                for lang in [Lang::Id, Lang::En] {
                    assert!(
                        !key.text(lang).contains("%s"),
                        "{field:?} {problem:?} in {lang:?}"
                    );
                }
            }
        }
        // A wrong answer says a new question is shown, because the form shows one.
        assert_eq!(
            problem_message(Field::Captcha, Problem::Invalid),
            Key::CaptchaWrong
        );
    }
}
