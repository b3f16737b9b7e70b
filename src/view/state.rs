//! The live state of one form: the reader's text as signals, and what a submit does with it.
//!
//! Decisions are made by the pure modules ([`crate::form`], [`crate::outcome`]); this type
//! only moves values between them, the signals, storage and the network.

use balasan_core::captcha::{Question, Settings};
use balasan_core::validate::{Input, Problems};
use balasan_core::{Field, Problem};
use leptos::prelude::*;

use crate::config::Config;
use crate::form::{self, Page};
use crate::outcome::Outcome;
use crate::storage::{Draft, Identity};
use crate::{random, send};

/// Where the form stands between edits and sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Idle,
    /// The last submit found this many problems; nothing was sent.
    Invalid(usize),
    Sending,
    Done(Outcome),
}

/// Signals and settings of one widget. `Copy`, so every event handler can hold it.
#[derive(Clone, Copy)]
pub struct FormState {
    pub comment: RwSignal<String>,
    pub author: RwSignal<String>,
    pub email: RwSignal<String>,
    pub url: RwSignal<String>,
    pub answer: RwSignal<String>,
    pub consent: RwSignal<bool>,
    pub question: RwSignal<Option<Question>>,
    pub problems: RwSignal<Problems>,
    pub status: RwSignal<Status>,
    config: StoredValue<Config>,
    page: StoredValue<Page>,
    /// Idempotency key of the comment being written; renewed once a backend accepts it.
    key: StoredValue<String>,
    /// When the form was shown, for the native contract's `elapsed_ms` (bots are fast).
    shown_at: f64,
}

impl FormState {
    /// Restores the draft and, if the reader consented earlier, their name, email and
    /// website; then keeps storage in step with every edit.
    pub fn new(config: Config, page: Page, scope: &str) -> FormState {
        let draft = Draft::new(&page.thread, scope);
        let remembered = Identity::load();
        let consent = RwSignal::new(remembered.is_some());
        let who = remembered.unwrap_or_default();
        let state = FormState {
            comment: RwSignal::new(draft.load()),
            author: RwSignal::new(who.author),
            email: RwSignal::new(who.email),
            url: RwSignal::new(who.url),
            answer: RwSignal::new(String::new()),
            consent,
            question: RwSignal::new(config.captcha.as_ref().map(new_question)),
            problems: RwSignal::new(Problems::new()),
            status: RwSignal::new(Status::Idle),
            config: StoredValue::new(config),
            page: StoredValue::new(page),
            key: StoredValue::new(random::token()),
            shown_at: js_sys::Date::now(),
        };
        let comment = state.comment;
        Effect::new(move |_| comment.with(|text| draft.save(text)));
        Effect::new(move |_| {
            if consent.get() {
                Identity {
                    author: state.author.get(),
                    email: state.email.get(),
                    url: state.url.get(),
                }
                .save();
            } else {
                Identity::forget();
            }
        });
        state
    }

    /// The signal holding a text field's value.
    pub fn value(&self, field: Field) -> RwSignal<String> {
        match field {
            Field::Comment => self.comment,
            Field::Author => self.author,
            Field::Email => self.email,
            Field::Url => self.url,
            Field::Captcha => self.answer,
        }
    }

    /// The reader typed in `field`: store the text and drop that field's stale error.
    pub fn edit(&self, field: Field, text: String) {
        self.value(field).set(text);
        if self.problem(field).is_some() {
            self.problems.update(|p| p.retain(|(f, _)| *f != field));
        }
    }

    /// The current problem of `field`, tracked.
    pub fn problem(&self, field: Field) -> Option<Problem> {
        self.problems
            .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, p)| *p))
    }

    pub fn sending(&self) -> bool {
        self.status.with(|s| *s == Status::Sending)
    }

    /// Checks everything and, when all is well, sends. Returns the first bad field, which
    /// the view focuses.
    pub fn submit(self) -> Option<Field> {
        if self.sending() {
            return None; // a second tap while sending must not post twice
        }
        let (comment, author, email, url) = (
            self.comment.get_untracked(),
            self.author.get_untracked(),
            self.email.get_untracked(),
            self.url.get_untracked(),
        );
        let input = Input {
            comment: &comment,
            author: &author,
            email: &email,
            url: &url,
        };
        let required = self.config.with_value(|c| c.required);
        let question = self.question.get_untracked();
        let verdict = form::check(
            &input,
            required,
            question.as_ref(),
            &self.answer.get_untracked(),
        );
        if verdict.new_question {
            self.renew_question();
        }
        match verdict.result {
            Err(problems) => {
                let first = problems.first().map(|(f, _)| *f);
                self.status.set(Status::Invalid(problems.len()));
                self.problems.set(problems);
                first
            }
            Ok(clean) => {
                self.problems.set(Problems::new());
                self.status.set(Status::Sending);
                let elapsed = (js_sys::Date::now() - self.shown_at).max(0.0) as u64;
                let body = self
                    .page
                    .with_value(|page| form::native_body(&clean, page, elapsed));
                let endpoint = self.config.with_value(|c| c.endpoint.clone());
                let key = self.key.get_value();
                leptos::task::spawn_local(async move {
                    let outcome = match send::post_json(&endpoint, &body, &key).await {
                        Ok(reply) => Outcome::of(&reply),
                        Err(()) => Outcome::Unreachable,
                    };
                    self.finish(outcome);
                });
                None
            }
        }
    }

    /// After every send: a fresh question; after an accepted one, an empty comment box
    /// (which clears the stored draft) and a new idempotency key.
    fn finish(self, outcome: Outcome) {
        if outcome.accepted() {
            self.comment.set(String::new());
            self.key.set_value(random::token());
        }
        self.renew_question();
        self.status.set(Status::Done(outcome));
    }

    fn renew_question(&self) {
        if let Some(settings) = self.config.with_value(|c| c.captcha.clone()) {
            self.question.set(Some(new_question(&settings)));
            self.answer.set(String::new());
        }
    }
}

fn new_question(settings: &Settings) -> Question {
    Question::generate(settings, &mut random::u32)
}
