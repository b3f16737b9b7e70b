//! The live state of one form: the reader's text as signals, and what a submit does with it.
//!
//! Decisions are made by the pure modules ([`crate::form`], [`crate::presets`],
//! [`crate::challenge`]); this type only moves values between them, the signals, storage and
//! the network.

use balasan_core::captcha::Question;
use balasan_core::validate::{Comment, Input, Problems};
use balasan_core::{Field, Problem};
use leptos::prelude::*;

use crate::challenge::Challenge;
use crate::config::{CaptchaMode, Config};
use crate::form::{self, Page};
use crate::outcome::Outcome;
use crate::request::Outgoing;
use crate::storage::{Draft, Identity};
use crate::{random, send};

/// Where the form stands between edits and sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Idle,
    /// The last submit found this many problems; nothing was sent.
    Invalid(usize),
    /// A server challenge is needed and could not be loaded; nothing was sent.
    NoChallenge,
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
    /// The hidden field only bots fill in.
    pub honeypot: RwSignal<String>,
    pub consent: RwSignal<bool>,
    /// The question on show; `None` when the site turned the captcha off.
    pub challenge: RwSignal<Option<Challenge>>,
    pub problems: RwSignal<Problems>,
    pub status: RwSignal<Status>,
    /// The field the view should move focus to.
    pub focus: RwSignal<Option<Field>>,
    config: StoredValue<Config>,
    page: StoredValue<Page>,
    /// Idempotency key of the comment being written; renewed once a backend accepts it.
    key: StoredValue<String>,
    /// When the form was shown, for the native contract's `elapsed_ms` (bots are fast).
    shown_at: f64,
    /// No send before this time (`Date.now()` ms): the backend's `Retry-After`.
    quiet_until: StoredValue<f64>,
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
            honeypot: RwSignal::new(String::new()),
            consent,
            challenge: RwSignal::new(None),
            problems: RwSignal::new(Problems::new()),
            status: RwSignal::new(Status::Idle),
            focus: RwSignal::new(None),
            config: StoredValue::new(config),
            page: StoredValue::new(page),
            key: StoredValue::new(random::token()),
            shown_at: js_sys::Date::now(),
            quiet_until: StoredValue::new(0.0),
        };
        state.renew_challenge();
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

    /// Checks everything and, when all is well, sends.
    pub fn submit(self) {
        if self.sending() {
            return; // a second tap while sending must not post twice
        }
        let wait = self.quiet_until.get_value() - js_sys::Date::now();
        if wait > 0.0 {
            let retry_after = Some((wait / 1000.0).ceil() as u32);
            self.status
                .set(Status::Done(Outcome::TooFast { retry_after }));
            return;
        }
        let challenge = self.challenge.get_untracked();
        if challenge == Some(Challenge::Missing) {
            self.status.set(Status::NoChallenge);
            self.renew_challenge();
            return;
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
        let answer = self.answer.get_untracked();
        let required = self.config.with_value(|c| c.required);
        let captcha = challenge.as_ref().map(|c| c.check(&answer));
        let verdict = form::check(&input, required, captcha);
        if verdict.new_question {
            self.renew_challenge();
        }
        match verdict.result {
            Err(problems) => {
                self.status.set(Status::Invalid(problems.len()));
                self.show_problems(problems);
            }
            Ok(clean) => self.send(clean, challenge, answer),
        }
    }

    fn send(self, clean: Comment, challenge: Option<Challenge>, answer: String) {
        self.problems.set(Problems::new());
        self.status.set(Status::Sending);
        let honeypot = self.honeypot.get_untracked();
        let elapsed_ms = (js_sys::Date::now() - self.shown_at).max(0.0) as u64;
        let key = self.key.get_value();
        let backend = self.config.with_value(|c| c.backend.clone());
        let request = self.page.with_value(|page| {
            let out = Outgoing {
                elapsed_ms,
                honeypot: &honeypot,
                captcha: challenge
                    .as_ref()
                    .and_then(Challenge::token)
                    .map(|t| (t, answer.trim())),
                ..Outgoing::new(&clean, page)
            };
            backend.request(&out, &key)
        });
        leptos::task::spawn_local(async move {
            let outcome = match send::post(&request).await {
                Ok(reply) => backend.interpret(&reply),
                Err(outcome) => outcome,
            };
            self.finish(outcome);
        });
    }

    /// After every send: a fresh question. After an accepted one: an empty comment box
    /// (which clears the stored draft) and a new idempotency key. The reader's text stays
    /// after every failure.
    fn finish(self, outcome: Outcome) {
        if let Some(note) = outcome.developer_note() {
            web_sys::console::error_1(&format!("balasan: {note}").into());
        }
        match &outcome {
            Outcome::Accepted { .. } => {
                self.comment.set(String::new());
                self.key.set_value(random::token());
            }
            Outcome::Invalid(problems) => self.show_problems(problems.clone()),
            Outcome::TooFast {
                retry_after: Some(s),
            } => self
                .quiet_until
                .set_value(js_sys::Date::now() + f64::from(*s) * 1000.0),
            _ => {}
        }
        self.renew_challenge();
        self.status.set(Status::Done(outcome));
    }

    fn show_problems(&self, problems: Problems) {
        let first = problems.first().map(|(f, _)| *f);
        self.problems.set(problems);
        self.focus.set(first);
    }

    /// A new question: drawn here, or fetched from the backend in server mode.
    fn renew_challenge(self) {
        self.answer.set(String::new());
        let mode = self.config.with_value(|c| c.captcha.clone());
        match mode {
            CaptchaMode::Off => {}
            CaptchaMode::Local(settings) => {
                let q = Question::generate(&settings, &mut random::u32);
                self.challenge.set(Some(Challenge::Local(q)));
            }
            CaptchaMode::Server { url } => {
                self.challenge.set(Some(Challenge::Missing));
                let timeout = self.config.with_value(|c| c.backend.timeout_ms);
                leptos::task::spawn_local(async move {
                    let fetched = match send::get(&url, timeout).await {
                        Ok(r) if r.status == 200 => Challenge::from_server(&r.body),
                        _ => None,
                    };
                    if fetched.is_none() {
                        web_sys::console::error_1(
                            &format!("balasan: no challenge from {url} (data-captcha-url)").into(),
                        );
                    }
                    self.challenge
                        .set(Some(fetched.unwrap_or(Challenge::Missing)));
                });
            }
        }
    }
}
