//! The live state of one form: the reader's text as signals, and what a submit does with it.
//!
//! Decisions are made by the pure modules ([`crate::form`], [`crate::presets`],
//! [`crate::challenge`]); this type only moves values between them, the signals, storage and
//! the network.
//!
//! The state starts from what the pre-rendered form on the page holds ([`Seed`]); what
//! needs the browser (storage, the clock, random numbers, the question) happens in
//! [`FormState::start`], once the components ([`super::CommentForm`]) are on the page.
//! The components take it from Leptos's context ([`FormState::get`]).

use balasan_core::captcha::Question;
use balasan_core::validate::{Comment, Input, Problems};
use balasan_core::{Field, Problem};
use std::sync::Arc;

use leptos::prelude::*;

use super::{effect, Ids};

use crate::challenge::Challenge;
use crate::config::{CaptchaMode, Config};
use crate::form::{self, problem_message, Page};
use crate::i18n::Key;
use crate::outcome::Outcome;
use crate::queue::{give_back, Done, Entry};
use crate::request::{Backend, Outgoing, Request};
use crate::storage::{Draft, Identity};
use crate::{outbox, random, send};

/// Where the form stands between edits and sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Idle,
    /// The last submit found this many problems; nothing was sent.
    Invalid(usize),
    /// A server challenge is needed and could not be loaded; nothing was sent.
    NoChallenge,
    Sending,
    Done(Outcome),
    /// A sentence about a comment that waits for the connection or ended meanwhile, with
    /// its `%s`; in the alert region when the reader has something to do.
    Told(Key, Option<String>, bool),
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
    /// What the loader said in the form's status region (a post sent without the wasm came
    /// back stored): shown until the reader acts.
    pub status: String,
}

/// What the form shows besides the reader's text: the question, the problems next to
/// fields, what became of the last submit, and where focus should go. One signal for them
/// all (each signal type costs the wasm its own copy of the reactive machinery).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    /// The question on show; `None` when the site turned the captcha off.
    pub challenge: Option<Challenge>,
    pub problems: Problems,
    pub status: Status,
    /// Where to move focus, and a count that says this is a new request.
    pub focus: Option<(Focus, u32)>,
    /// The comment the form answers, when the reader chose "Balas".
    pub reply_to: Option<ReplyTo>,
}

/// Where focus goes after a submit, so that a keyboard or screen-reader reader goes on from
/// where the form needs them rather than from the top of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The first field a submit found wrong.
    Field(Field),
    /// The form's status message, after a send that cleared the form: it was sent, or it
    /// waits in the browser's queue. (After a refusal the text stays, and so does the
    /// focus, on the button.)
    Message,
}

/// The comment a reply answers, as its "Balas" link describes it (WordPress's
/// `comment-reply.js` contract).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTo {
    /// The backend's id of the comment (`data-commentid`).
    pub id: String,
    /// The form's heading while it answers ("Tinggalkan Balasan ke Budi").
    pub title: String,
    /// The id of the element the form goes under (`data-belowelement`).
    pub below: String,
}

impl ReplyTo {
    /// The reply as one string for storage: its three parts on three lines (none of them
    /// holds a newline: ids, and a heading made from one line of a name).
    pub fn stored(&self) -> String {
        format!("{}\n{}\n{}", self.id, self.below, self.title)
    }

    /// The reply [`ReplyTo::stored`] wrote.
    pub fn from_stored(s: &str) -> Option<ReplyTo> {
        let mut parts = s.splitn(3, '\n');
        let (id, below, title) = (parts.next()?, parts.next()?, parts.next()?);
        (!id.is_empty() && !below.is_empty()).then(|| ReplyTo {
            id: id.to_owned(),
            below: below.to_owned(),
            title: title.to_owned(),
        })
    }
}

/// A comment the backend accepted, for the list to show in its place at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub comment: Comment,
    pub parent: Option<String>,
    pub pending: bool,
    /// The backend's id for it, when its answer said.
    pub id: Option<String>,
}

/// What stays for the form's life.
struct Fixed {
    config: Config,
    ids: Ids,
    page: Page,
    /// The widget on its page (its id prefix), as drafts and queued comments name it.
    scope: String,
    draft: Draft,
    seed: Seed,
}

impl Fixed {
    /// The queue's entry for a comment of this form that got no answer.
    fn entry(
        &self,
        key: String,
        comment: Comment,
        reply: String,
        request: Request,
        outcome: &Outcome,
        expires_at: Option<u64>,
    ) -> Entry {
        let now = js_sys::Date::now() as u64;
        let mut entry = Entry {
            key,
            made_at: now,
            thread: self.page.thread.clone(),
            scope: self.scope.clone(),
            title: self.page.title.clone(),
            preset: self.config.backend.preset.name().to_owned(),
            endpoint: self.config.backend.endpoint.clone(),
            anywhere: self.config.backend.retry_safe(),
            page: outbox::page(),
            expires_at: expires_at.unwrap_or(0),
            comment,
            reply,
            request,
            ..Entry::default()
        };
        entry.after(outcome, now);
        entry
    }

    /// The draft and the comment it answered are done with (sent, or queued).
    fn clear_draft(&self) {
        self.draft.save("");
        self.draft.save_reply("");
    }
}

/// The sentence for a comment waiting in the browser's queue: for the connection, or
/// (`server_down`) for the comment server; sent from any page (`anywhere`), or only while
/// this one stays open.
fn waiting(anywhere: bool, server_down: bool) -> Key {
    match (server_down, anywhere) {
        (false, true) => Key::Queued,
        (false, false) => Key::QueuedHere,
        (true, true) => Key::QueuedServer,
        (true, false) => Key::QueuedServerHere,
    }
}

/// What changes, without anything to show.
#[derive(Default)]
struct Moving {
    /// Idempotency key of the comment being written; renewed once a backend accepts it,
    /// or when the reader changes a comment that failed to go.
    key: String,
    /// When the form was shown, for the native contract's `elapsed_ms` (bots are fast).
    shown_at: f64,
    /// No send before this time (`Date.now()` ms): the backend's `Retry-After`.
    quiet_until: f64,
    /// The comment on its way, and then accepted, until the list takes it.
    sending: Option<(Comment, Option<String>)>,
    accepted: Option<Sent>,
    /// A list on the page shows this form's comments: a sent reply gets the focus there,
    /// where the reader is, rather than the form's message (the form goes home).
    listed: bool,
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
    pub shown: RwSignal<Shown>,
    /// Shared, not copied: one reader of it in the wasm for every accessor.
    fixed: StoredValue<Arc<Fixed>>,
    moving: StoredValue<Moving>,
}

impl FormState {
    /// The state of a form holding `seed` (empty for a new form). Touches nothing of the
    /// browser: see [`FormState::start`].
    pub fn new(config: Config, ids: Ids, page: Page, scope: &str, seed: Seed) -> FormState {
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
            shown: RwSignal::new(Shown {
                challenge: has_captcha.then_some(Challenge::Missing),
                ..Shown::default()
            }),
            fixed: StoredValue::new(Arc::new(Fixed {
                config,
                ids,
                page,
                scope: scope.to_owned(),
                draft,
                seed,
            })),
            moving: StoredValue::new(Moving::default()),
        }
    }

    /// The form the component being created belongs to (provided by
    /// [`super::CommentForm`]).
    pub fn get() -> FormState {
        expect_context()
    }

    /// Whether the form was unmounted: its signals are gone with its owner, so work that
    /// ends after an `await` (a send, a question, a list page) checks this first.
    pub fn gone(&self) -> bool {
        self.shown.is_disposed()
    }

    /// What stays for the form's life. Through `get_value`, not `with_value`: one copy of
    /// Leptos's stored-value access in the wasm, not one per caller.
    fn with_fixed<T>(&self, f: impl FnOnce(&Fixed) -> T) -> T {
        f(&self.fixed.get_value())
    }

    /// The site's settings.
    pub fn config<T>(&self, f: impl FnOnce(&Config) -> T) -> T {
        self.with_fixed(|x| f(&x.config))
    }

    /// The element id for WordPress's id `base` (see [`Ids::of`]).
    pub fn id(&self, base: &str) -> String {
        self.with_fixed(|x| x.ids.of(base))
    }

    /// The id of a field's inline error message.
    pub fn error_id(&self, field: Field) -> String {
        self.with_fixed(|x| x.ids.error(field))
    }

    /// The text for `key`, with the site's override if it made one.
    pub fn text(&self, key: Key) -> String {
        self.config(|c| c.texts.get(key).to_owned())
    }

    /// The text for `key`, its `%s` filled with `arg` when given.
    fn said(&self, (key, arg): (Key, Option<String>)) -> String {
        match arg {
            Some(arg) => self.config(|c| c.texts.fill(key, &arg)),
            None => self.text(key),
        }
    }

    /// The message under `field` while it has a problem, tracked.
    pub fn problem_text(&self, field: Field) -> Option<String> {
        self.problem(field)
            .map(|p| self.text(problem_message(field, p)))
    }

    /// The math question as shown ("2 + 6 ="), or that it is on its way, tracked.
    pub fn question(&self) -> String {
        self.shown
            .with(|s| s.challenge.as_ref().and_then(Challenge::text))
            .unwrap_or_else(|| self.text(Key::CaptchaLoading))
    }

    /// What the alert region (`alert`) or the status region says, tracked: what stopped
    /// the comment in the alert, progress and success in the status. Until the reader acts,
    /// the status says what the loader put there.
    pub fn message(&self, alert: bool) -> Option<String> {
        let said = self.shown.with(|s| match &s.status {
            Status::Idle => None,
            Status::Invalid(n) if alert => Some((Key::Summary, Some(n.to_string()))),
            Status::NoChallenge if alert => Some((Key::CaptchaUnavailable, None)),
            Status::Sending if !alert => Some((Key::Sending, None)),
            Status::Done(o) if o.accepted() != alert => Some(o.message()),
            Status::Told(k, arg, a) if *a == alert => Some((*k, arg.clone())),
            _ => None,
        });
        let idle = self.shown.with(|s| s.status == Status::Idle);
        let text = match said {
            Some(said) => self.said(said),
            None if idle && !alert => self.with_fixed(|x| x.seed.status.clone()),
            None => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// The form's heading: "Tinggalkan Balasan", or "Tinggalkan Balasan ke Budi" while it
    /// answers a comment, tracked.
    pub fn heading(&self) -> String {
        self.shown
            .with(|s| s.reply_to.as_ref().map(|r| r.title.clone()))
            .unwrap_or_else(|| self.text(Key::ReplyTitle))
    }

    /// Whether the form answers a comment, tracked.
    pub fn replying(&self) -> bool {
        self.shown.with(|s| s.reply_to.is_some())
    }

    /// The article, as the page describes it.
    pub fn page<T>(&self, f: impl FnOnce(&Page) -> T) -> T {
        self.with_fixed(|x| f(&x.page))
    }

    /// Says that a list shows this form's comments (and so puts the focus on a sent
    /// reply).
    pub fn listed(&self) {
        self.moving.update_value(|m| m.listed = true);
    }

    /// The comment the backend just accepted, once: the list shows it in its place.
    pub fn take_accepted(&self) -> Option<Sent> {
        self.moving
            .try_update_value(|m| m.accepted.take())
            .flatten()
    }

    /// Answers a comment (or, with `None`, the article again), and remembers it with the
    /// draft.
    pub fn reply(&self, to: Option<ReplyTo>) {
        let stored = to.as_ref().map(ReplyTo::stored).unwrap_or_default();
        self.with_fixed(|x| x.draft.save_reply(&stored));
        self.shown.update(|s| s.reply_to = to);
    }

    /// Brings the form to life in the browser: the draft and the remembered reader (unless
    /// the page already holds them), the question, the idempotency key and the clock; then
    /// keeps storage in step with every edit.
    pub fn start(self) {
        let (from_page, shown_at, draft) =
            self.with_fixed(|x| (x.seed.from_page, x.seed.shown_at, x.draft.clone()));
        if !from_page {
            self.comment.set(draft.load());
            if let Some(who) = Identity::load() {
                self.consent.set(true);
                self.author.set(who.author);
                self.email.set(who.email);
                self.url.set(who.url);
            }
        }
        self.moving.update_value(|m| {
            m.key = random::token();
            m.shown_at = shown_at.unwrap_or_else(js_sys::Date::now);
        });
        // A new question clears the answer field: keep what the reader typed there.
        let answer = self.answer.get_untracked();
        self.renew_challenge();
        self.answer.set(answer);
        // The comment the draft answered, if there is still a draft to answer with.
        let remembered = draft.load_reply();
        let draft_left = !self.comment.with_untracked(String::is_empty);
        self.reply(
            remembered
                .filter(|_| draft_left)
                .as_deref()
                .and_then(ReplyTo::from_stored),
        );
        let comment = self.comment;
        effect(move || comment.with(|text| draft.save(text)));
        let state = self;
        effect(move || {
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
            .shown
            .with_untracked(|s| s.problems.iter().any(|(f, _)| *f == field));
        if had_problem {
            self.shown
                .update(|s| s.problems.retain(|(f, _)| *f != field));
        }
    }

    /// The current problem of `field`, tracked.
    pub fn problem(&self, field: Field) -> Option<Problem> {
        self.shown.with(|s| {
            s.problems
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, p)| *p)
        })
    }

    pub fn sending(&self) -> bool {
        self.shown.with(|s| s.status == Status::Sending)
    }

    fn set_status(&self, status: Status) {
        self.shown.update(|s| s.status = status);
    }

    fn set_challenge(&self, challenge: Challenge) {
        self.shown.update(|s| s.challenge = Some(challenge));
    }

    /// Checks everything and, when all is well, sends.
    pub fn submit(self) {
        if self.shown.with_untracked(|s| s.status == Status::Sending) {
            return; // a second tap while sending must not post twice
        }
        let wait = self.moving.with_value(|m| m.quiet_until) - js_sys::Date::now();
        if wait > 0.0 {
            let retry_after = Some((wait / 1000.0).ceil() as u32);
            self.set_status(Status::Done(Outcome::TooFast { retry_after }));
            return;
        }
        let challenge = self.shown.with_untracked(|s| s.challenge.clone());
        if challenge == Some(Challenge::Missing) {
            self.set_status(Status::NoChallenge);
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
        let required = self.config(|c| c.required);
        let captcha = challenge.as_ref().map(|c| c.check(&answer));
        let verdict = form::check(&input, required, captcha);
        if verdict.new_question {
            self.renew_challenge();
        }
        match verdict.result {
            Err(problems) => {
                self.set_status(Status::Invalid(problems.len()));
                self.show_problems(problems);
            }
            Ok(clean) => self.send(clean, challenge, answer),
        }
    }

    fn send(self, clean: Comment, challenge: Option<Challenge>, answer: String) {
        self.shown.update(|s| {
            s.problems.clear();
            s.status = Status::Sending;
        });
        let honeypot = self.honeypot.get_untracked();
        let parent = self
            .shown
            .with_untracked(|s| s.reply_to.as_ref().map(|r| r.id.clone()));
        let this = (clean.clone(), parent.clone());
        self.moving.update_value(|m| {
            // A key stands for one comment (the server answers another comment with the
            // same key with a refusal): the reader changed what failed to go, so it is a
            // new comment.
            if m.sending.as_ref().is_some_and(|before| *before != this) {
                m.key = random::token();
            }
            m.sending = Some(this);
        });
        let (key, shown_at) = self.moving.with_value(|m| (m.key.clone(), m.shown_at));
        let elapsed_ms = (js_sys::Date::now() - shown_at).max(0.0) as u64;
        let request = self.with_fixed(|x| {
            let out = Outgoing {
                elapsed_ms,
                honeypot: &honeypot,
                captcha: challenge
                    .as_ref()
                    .and_then(Challenge::token)
                    .map(|t| (t, answer.trim())),
                parent: parent.as_deref(),
                ..Outgoing::new(&clean, &x.page)
            };
            x.config.backend.request(&out, &key)
        });
        let expires_at = challenge.as_ref().and_then(Challenge::expires_at);
        // What the end of the send needs if the form is gone by then (a single-page app
        // moved on): storage is all that is left to tell.
        let fixed = self.fixed.get_value();
        let reply_to = self
            .shown
            .with_untracked(|s| s.reply_to.as_ref().map(ReplyTo::stored))
            .unwrap_or_default();
        wasm_bindgen_futures::spawn_local(async move {
            let (outcome, id) = match send::post(&request).await {
                Ok(reply) => (fixed.config.backend.interpret(&reply), reply.created_id()),
                Err(outcome) => (outcome, None),
            };
            let no_answer = outcome == Outcome::Offline
                || outcome == Outcome::Unreachable && !send::answers(&request.url).await;
            // Nothing answered while the browser says it is online: the page's own server
            // tells a network that carries nothing (it is silent too) from a comment server
            // that is down or misnamed, which the reader and the site's developer are told.
            let server_down =
                no_answer && outcome == Outcome::Unreachable && send::page_answers().await;
            if server_down {
                web_sys::console::error_1(
                    &format!(
                        "balasan: no reply from the endpoint {}: nothing answers there while \
                         this page's own server does; the comment server is down, or \
                         data-endpoint names the wrong address",
                        request.url
                    )
                    .into(),
                );
            }
            let queue = no_answer && fixed.config.backend.queue_days > 0;
            if self.gone() {
                // An accepted comment leaves the draft; one that got no answer waits in the
                // queue, as with the form on screen; any other keeps the draft.
                if outcome.accepted()
                    || queue
                        && outbox::put(
                            &fixed.entry(key, clean, reply_to, request, &outcome, expires_at),
                        )
                {
                    fixed.clear_draft();
                }
                return;
            }
            if !(queue && self.enqueue(request, &outcome, expires_at, server_down)) {
                self.finish(outcome, id);
            }
        });
    }

    /// The send got no answer: the comment waits in the browser's queue for the
    /// connection (or, `server_down`, for the comment server), and the form is free for the
    /// next one. `false` if storage would not keep it (then the reader keeps the text and
    /// the usual message).
    fn enqueue(
        self,
        request: Request,
        outcome: &Outcome,
        expires_at: Option<u64>,
        server_down: bool,
    ) -> bool {
        let key = self.moving.with_value(|m| m.key.clone());
        let Some((comment, _)) = self.moving.with_value(|m| m.sending.clone()) else {
            return false;
        };
        let reply = self
            .shown
            .with_untracked(|s| s.reply_to.as_ref().map(ReplyTo::stored))
            .unwrap_or_default();
        let entry = self.with_fixed(|x| x.entry(key, comment, reply, request, outcome, expires_at));
        if !outbox::put(&entry) {
            return false;
        }
        self.moving.update_value(|m| {
            m.sending = None;
            m.key = random::token();
        });
        self.comment.set(String::new());
        self.reply(None);
        self.renew_challenge();
        self.set_status(Status::Told(
            waiting(entry.anywhere, server_down),
            None,
            false,
        ));
        self.focus(Some(Focus::Message));
        true
    }

    /// Says that a comment of this form's article waits for the connection: always after
    /// queueing it (`now`), else only when the form has nothing else to say.
    pub fn queued(&self, anywhere: bool, now: bool) {
        if now || self.shown.with_untracked(|s| s.status == Status::Idle) {
            self.set_status(Status::Told(waiting(anywhere, false), None, false));
        }
    }

    /// A queued comment of this form's article ended: shown in the list if stored, put
    /// back into the form if not. `outcome` is the backend's answer when this page sent it.
    pub fn ended(self, e: &Entry, done: Done, outcome: Option<&Outcome>, id: Option<String>) {
        let parent = ReplyTo::from_stored(&e.reply);
        let sending = self.shown.with_untracked(|s| s.status == Status::Sending);
        if !done.returned() {
            if sending {
                return; // the reader is sending another one: the list shows it next time
            }
            let pending = done == Done::Pending;
            self.moving.update_value(|m| {
                m.accepted = Some(Sent {
                    comment: e.comment.clone(),
                    parent: parent.map(|r| r.id),
                    pending,
                    id,
                })
            });
            self.tell(Status::Done(Outcome::Accepted { pending }));
            return;
        }
        let was_empty = self.comment.with_untracked(|c| c.trim().is_empty());
        self.comment
            .update(|c| *c = give_back(c, &e.comment.content));
        // The name, email and website it was sent with, where the form has none now.
        let c = &e.comment;
        for (signal, kept) in [
            (self.author, &c.author),
            (self.email, &c.email),
            (self.url, &c.url),
        ] {
            if signal.with_untracked(String::is_empty) {
                signal.set(kept.clone());
            }
        }
        if was_empty {
            self.reply(parent);
        }
        match outcome {
            Some(o @ (Outcome::Invalid(_) | Outcome::Closed | Outcome::Failed(_))) => {
                if let Outcome::Invalid(problems) = o {
                    self.show_problems(problems.clone());
                }
                self.tell(Status::Done(o.clone()));
            }
            _ if done == Done::Expired => {
                self.renew_challenge();
                self.tell(Status::Told(Key::CaptchaExpired, None, true));
            }
            _ => self.tell(Status::Told(
                Key::QueuedReturned,
                Some(e.title.clone()),
                true,
            )),
        }
    }

    /// Tells the reader how a queued comment of another article ended.
    pub fn notice(&self, done: Done, title: &str) {
        let key = match done {
            Done::Sent => Key::QueuedSent,
            Done::Pending => Key::QueuedPending,
            Done::Returned | Done::Expired => Key::QueuedReturned,
        };
        self.tell(Status::Told(key, Some(title.to_owned()), done.returned()));
    }

    /// Shows what became of a queued comment, unless a send is on its way: its button
    /// stays busy until that send's own answer.
    fn tell(&self, status: Status) {
        if self.shown.with_untracked(|s| s.status != Status::Sending) {
            self.set_status(status);
        }
    }

    /// Whether this form sends to the backend a queued comment is for.
    pub fn sends_to(&self, preset: &str, endpoint: &str) -> bool {
        self.config(|c| c.backend.preset.name() == preset && c.backend.endpoint == endpoint)
    }

    /// Whether this is the form of the article `thread` (widget `scope`).
    pub fn writes(&self, thread: &str, scope: &str) -> bool {
        self.with_fixed(|x| x.page.thread == thread && x.scope == scope)
    }

    /// How long a queued comment may wait before it goes back to the reader.
    pub fn max_queue_age_ms(&self) -> u64 {
        self.config(|c| u64::from(c.backend.queue_days) * 24 * 3600 * 1000)
    }

    /// This form's backend, which reads its replies: taken before a send, as the form may
    /// be gone when the reply comes.
    pub fn backend(&self) -> Backend {
        self.config(|c| c.backend.clone())
    }

    /// After every send: a fresh question. After an accepted one: an empty comment box
    /// (which clears the stored draft) and a new idempotency key. The reader's text stays
    /// after every failure.
    fn finish(self, outcome: Outcome, id: Option<String>) {
        if let Some(note) = outcome.developer_note() {
            web_sys::console::error_1(&format!("balasan: {note}").into());
        }
        // A sent reply is focused in the list, when there is one, not in the form.
        let message_focus = !(self.shown.with_untracked(|s| s.reply_to.is_some())
            && self.moving.with_value(|m| m.listed));
        match &outcome {
            Outcome::Accepted { pending } => {
                self.comment.set(String::new());
                // The reply is sent: the form answers the article again.
                self.reply(None);
                self.moving.update_value(|m| {
                    m.key = random::token();
                    m.accepted = m.sending.take().map(|(comment, parent)| Sent {
                        comment,
                        parent,
                        pending: *pending,
                        id,
                    });
                });
            }
            Outcome::Invalid(problems) => self.show_problems(problems.clone()),
            Outcome::TooFast {
                retry_after: Some(s),
            } => self.moving.update_value(|m| {
                m.quiet_until = js_sys::Date::now() + f64::from(*s) * 1000.0;
            }),
            _ => {}
        }
        self.renew_challenge();
        let cleared = outcome.accepted();
        self.set_status(Status::Done(outcome));
        if cleared && message_focus {
            self.focus(Some(Focus::Message));
        }
    }

    fn show_problems(&self, problems: Problems) {
        let first = problems.first().map(|(f, _)| Focus::Field(*f));
        self.shown.update(|s| s.problems = problems);
        self.focus(first);
    }

    /// Asks the form to move focus to `to` (a new request each time, even to the same
    /// place); `None` withdraws an earlier request that has not been carried out.
    fn focus(&self, to: Option<Focus>) {
        self.shown.update(|s| {
            let count = s.focus.map_or(0, |(_, n)| n.wrapping_add(1));
            s.focus = to.map(|f| (f, count));
        });
    }

    /// A new question: drawn here, or fetched from the backend in server mode.
    fn renew_challenge(self) {
        self.answer.set(String::new());
        let (mode, timeout) = self.config(|c| (c.captcha.clone(), c.backend.timeout_ms));
        match mode {
            CaptchaMode::Off => {}
            CaptchaMode::Local(settings) => {
                let q = Question::generate(&settings, &mut random::u32);
                self.set_challenge(Challenge::Local(q));
            }
            CaptchaMode::Server { url } => {
                self.set_challenge(Challenge::Missing);
                wasm_bindgen_futures::spawn_local(async move {
                    let fetched = match send::get(&url, timeout, None).await {
                        _ if self.gone() => return,
                        Ok(r) if r.status == 200 => {
                            Challenge::from_server(&r.body, js_sys::Date::now() as u64)
                        }
                        _ => None,
                    };
                    if fetched.is_none() {
                        web_sys::console::error_1(
                            &format!("balasan: no challenge from {url} (data-captcha-url)").into(),
                        );
                    }
                    self.set_challenge(fetched.unwrap_or(Challenge::Missing));
                });
            }
        }
    }
}
