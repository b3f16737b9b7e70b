//! The live state of one form: the reader's text as signals, and what a submit does with it.
//!
//! Decisions are made by the pure modules ([`crate::form`], [`crate::presets`],
//! [`crate::challenge`]); this type only moves values between them, the signals, storage and
//! the network.
//!
//! The state starts from what the pre-rendered form on the page holds ([`Seed`]); what
//! needs the browser (storage, the clock, random numbers, the question) happens in
//! [`FormState::start`], once [`super::bind`] has tied the state to the page's form.

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

/// What a pre-rendered form already holds when the widget takes it over: what the reader
/// typed (or the loader restored from storage) before the wasm arrived. Empty for a form
/// the widget renders itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seed {
    pub comment: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub answer: String,
    pub consent: bool,
    /// When the form appeared (`Date.now()` ms), for `elapsed_ms`.
    pub shown_at: Option<f64>,
    /// Whether the loader restored the draft and the remembered reader into the page:
    /// then storage is not read again (the reader may have changed them since).
    pub from_page: bool,
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
    draft: StoredValue<Draft>,
    /// Idempotency key of the comment being written; renewed once a backend accepts it.
    key: StoredValue<String>,
    /// When the form was shown, for the native contract's `elapsed_ms` (bots are fast).
    shown_at: StoredValue<f64>,
    /// What the page held before the widget took it over.
    seed: StoredValue<Seed>,
    /// No send before this time (`Date.now()` ms): the backend's `Retry-After`.
    quiet_until: StoredValue<f64>,
}

impl FormState {
    /// The state of a form holding `seed` (empty for a new form). Touches nothing of the
    /// browser: see [`FormState::start`].
    pub fn new(config: Config, page: Page, scope: &str, seed: Seed) -> FormState {
        let draft = Draft::new(&page.thread, scope);
        let has_captcha = config.captcha != CaptchaMode::Off;
        FormState {
            comment: RwSignal::new(seed.comment.clone()),
            author: RwSignal::new(seed.author.clone()),
            email: RwSignal::new(seed.email.clone()),
            url: RwSignal::new(seed.url.clone()),
            answer: RwSignal::new(seed.answer.clone()),
            honeypot: RwSignal::new(String::new()),
            consent: RwSignal::new(seed.consent),
            // The question comes in start(); until then the row says it is loading, as the
            // pre-rendered markup does.
            challenge: RwSignal::new(has_captcha.then_some(Challenge::Missing)),
            problems: RwSignal::new(Problems::new()),
            status: RwSignal::new(Status::Idle),
            focus: RwSignal::new(None),
            config: StoredValue::new(config),
            page: StoredValue::new(page),
            draft: StoredValue::new(draft),
            key: StoredValue::new(String::new()),
            shown_at: StoredValue::new(0.0),
            seed: StoredValue::new(seed),
            quiet_until: StoredValue::new(0.0),
        }
    }

    /// Brings the form to life in the browser: the draft and the remembered reader (unless
    /// the page already holds them), the question, the idempotency key and the clock; then
    /// keeps storage in step with every edit.
    pub fn start(self) {
        let seed = self.seed.get_value();
        let draft = self.draft.get_value();
        if !seed.from_page {
            self.comment.set(draft.load());
            if let Some(who) = Identity::load() {
                self.consent.set(true);
                self.author.set(who.author);
                self.email.set(who.email);
                self.url.set(who.url);
            }
        }
        self.key.set_value(random::token());
        self.shown_at
            .set_value(seed.shown_at.unwrap_or_else(js_sys::Date::now));
        // A new question clears the answer field: keep what the reader typed there.
        let answer = self.answer.get_untracked();
        self.renew_challenge();
        self.answer.set(answer);
        let comment = self.comment;
        Effect::new(move |_| comment.with(|text| draft.save(text)));
        let state = self;
        Effect::new(move |_| {
            if state.consent.get() {
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
        let had_problem = self
            .problems
            .with_untracked(|p| p.iter().any(|(f, _)| *f == field));
        if had_problem {
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
        if self.status.with_untracked(|s| *s == Status::Sending) {
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
        let elapsed_ms = (js_sys::Date::now() - self.shown_at.get_value()).max(0.0) as u64;
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
