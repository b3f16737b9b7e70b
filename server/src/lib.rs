//! Balasan's reference server: the native comment contract over one SQLite file.
//!
//! - `POST /api/comments`: validate (the same rules as the widget, from `balasan-core`),
//!   check the server captcha, the rate limit and the idempotency key, store, answer `201`
//!   (approved) or `202` (pending); a plain form post (no script) gets a redirect back to
//!   the article or a small page instead ([`form`]).
//! - `GET /api/comments?post=…`: the approved comments of one article.
//! - `GET /api/comments/challenge`: a signed, expiring, single-use math question.
//! - Everything else: files from the static directory (the built widget and demo page).
//!
//! CORS is an allow-list of page origins; a request from any other origin is refused before
//! anything is stored.

pub mod api;
pub mod challenge;
pub mod clock;
pub mod cors;
pub mod db;
pub mod error;
pub mod extract;
pub mod form;
pub mod limit;
pub mod settings;

pub use api::{router, AppState};
pub use settings::Settings;
