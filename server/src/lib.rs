//! Balasan's reference server: the native comment contract over one SQLite file, or over
//! PostgreSQL with any number of servers on one database ([`db`]).
//!
//! - `POST /api/comments`: validate (the same rules as the widget, from `balasan-core`),
//!   check the server captcha, the rate limit and the idempotency key, store, answer `201`
//!   (approved) or `202` (pending); a plain form post (no script) gets a redirect back to
//!   the article or a small page instead ([`form`]).
//! - `GET /api/comments?post=…`: a page of an article's approved comments, threaded.
//! - `GET /api/comments/challenge`: a signed, expiring, single-use math question.
//! - `GET /healthz`: whether the database answers.
//! - Everything else: files from the static directory (the built widget and demo page).
//!
//! - `/admin/api/…`: the moderation API (log in, the queue, approve, spam, trash, restore,
//!   delete, edit, the audit trail), for moderators logged in ([`admin`]).
//!
//! Moderators' accounts ([`accounts`]) are kept in the same store, managed from the shell
//! (`balasan-server moderator …`); so are their sessions, so any server on the store knows
//! them.
//!
//! CORS is an allow-list of page origins; a request from any other origin is refused before
//! anything is stored. Behind a reverse proxy, the reader's address comes from the headers
//! of trusted proxies only ([`proxy`]).

pub mod accounts;
pub mod admin;
pub mod api;
pub mod cache;
pub mod challenge;
pub mod clock;
pub mod compress;
pub mod cors;
pub mod db;
pub mod error;
pub mod extract;
pub mod form;
pub mod include;
pub mod listen;
pub mod proxy;
pub mod settings;

pub use api::{router, AppState};
pub use settings::Settings;
