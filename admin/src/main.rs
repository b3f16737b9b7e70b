//! Balasan's moderation app: Leptos in the browser, on the pages `balasan-server` serves
//! at `/admin/`, talking to its moderation API (`/admin/api/`) with the session cookie the
//! login sets and the CSRF token it answers.

mod api;
mod app;
mod comment;
mod edit;
mod i18n;
mod keys;
mod listing;
mod login;
mod queue;
mod trail;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
