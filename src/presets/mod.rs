//! Known backends, one file each: a preset is a [`Wire`] (what the backend expects) plus
//! an interpreter of what it answers, with its recorded replies as test fixtures. The send
//! pipeline itself is shared ([`crate::request`]).
//!
//! Adding a backend: a file here with `wire()` and `interpret()`, and one line in
//! `presets!` below (the list, the names and the dispatch are generated from it). A line
//! with `if "backend-<name>"` puts the preset's code in that backend's wasm only (the Cargo
//! feature, and the backend in `scripts/backends.mjs`); the rest are in every wasm.
//!
//! # Usage
//! ```
//! use balasan::outcome::{Outcome, Reply};
//! use balasan::presets::Preset;
//!
//! let wp = Preset::from_name("wordpress-form").unwrap();
//! // WordPress answers a failed form post with status 200 and an HTML page.
//! let page = "<title>Comment Submission Failure</title><p><strong>Error:</strong> \
//!             Duplicate comment detected; it looks as though you&#8217;ve already said that!</p>";
//! assert_eq!(wp.interpret(&Reply::new(200, page), &wp.wire()), Outcome::Duplicate);
//! ```

use balasan_core::validate::Problems;
use balasan_core::Field;

use crate::json::{self, Value};
use crate::list::ListPage;
use crate::outcome::{Outcome, Reply};
use crate::request::Wire;

/// What the widget asks a backend's list for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListAsk {
    /// The article (`data-post-id`, or the page path).
    pub thread: String,
    pub newest_first: bool,
    /// Comments (top-level ones, where the backend threads) per page.
    pub per_page: u32,
    /// The next page, as the previous one said (`ListPage::next`).
    pub next: Option<String>,
    /// When this reader's own comment was published on the article (unix ms), if that was
    /// lately ([`fresh`]): then a backend whose lists browsers and CDNs keep for a while is
    /// asked past them, so a reload shows the reader's comment.
    pub fresh: Option<u64>,
}

/// How long after a reader's own comment was published their list reads of that article go
/// past the caches: longer than any copy a browser or CDN keeps by the reference server's
/// defaults (10 s), and than the longer ones sites may set.
pub const FRESH_MS: u64 = 10 * 60 * 1000;

/// `published` (unix ms, as kept in the browser) when it was within [`FRESH_MS`] before
/// `now`.
///
/// ```
/// use balasan::presets::{fresh, FRESH_MS};
/// assert_eq!(fresh(Some(1_000), 5_000), Some(1_000));
/// assert_eq!(fresh(Some(1_000), 1_000 + FRESH_MS), None);
/// assert_eq!(fresh(None, 5_000), None);
/// ```
pub fn fresh(published: Option<u64>, now: u64) -> Option<u64> {
    published.filter(|&at| at <= now && now - at < FRESH_MS)
}

/// `base` with `query` appended after `?` or `&`.
pub(crate) fn with_query(base: &str, query: &str) -> String {
    let join = if base.contains('?') { '&' } else { '?' };
    format!("{base}{join}{query}")
}

/// A backend that cannot list.
pub(crate) fn no_list(_: &str, _: &ListAsk) -> Option<String> {
    None
}

/// A backend that cannot list.
pub(crate) fn no_page(_: &Reply, _: &ListAsk) -> Option<ListPage> {
    None
}

macro_rules! presets {
    ($($(#[$doc:meta])* $variant:ident $name:literal $(if $feature:literal)? => $module:ident,)*) => {
        $($(#[cfg(feature = $feature)])? mod $module;)*

        /// A backend the widget knows how to talk to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Preset { $($(#[$doc])* $variant),* }

        impl Preset {
            /// Every preset, in table order.
            pub const ALL: &'static [Preset] = &[$(Preset::$variant),*];

            /// The `data-preset` value.
            pub fn name(self) -> &'static str {
                Preset::NAMES[self as usize]
            }

            /// Every name, in table order.
            const NAMES: &'static [&'static str] = &[$($name),*];

            /// Inverse of [`Preset::name`] (a search of the table: smaller in the wasm than
            /// a `match` on the names).
            pub fn from_name(name: &str) -> Option<Preset> {
                Preset::NAMES.iter().position(|n| *n == name).map(|i| Preset::ALL[i])
            }

            /// Whether this build carries the preset's code (its backend's feature, see
            /// Cargo.toml); the loader picks the wasm that does.
            pub fn carried(self) -> bool {
                [$(true $(&& cfg!(feature = $feature))?),*][self as usize]
            }

            /// Whether the backend can have a list the widget reads (without
            /// `data-list-url`); whether it does at `endpoint` is [`Preset::list_url`]'s.
            pub fn may_list(self) -> bool {
                match self {
                    $($(#[cfg(feature = $feature)])? Preset::$variant => $module::LISTS,)*
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }

            /// What the backend expects on the wire.
            pub fn wire(self) -> Wire {
                match self {
                    $($(#[cfg(feature = $feature)])? Preset::$variant => $module::wire(),)*
                    // A preset this build does not carry (config refuses it first).
                    #[allow(unreachable_patterns)]
                    _ => balasan::wire(),
                }
            }

            fn interpret_own(self, reply: &Reply, wire: &Wire) -> Outcome {
                match self {
                    $($(#[cfg(feature = $feature)])? Preset::$variant => $module::interpret(reply, wire),)*
                    // A preset this build does not carry (config refuses it first).
                    #[allow(unreachable_patterns)]
                    _ => absent(self),
                }
            }

            /// Where this backend lists an article's comments, if it can.
            pub fn list_url(self, endpoint: &str, ask: &ListAsk) -> Option<String> {
                match self {
                    $($(#[cfg(feature = $feature)])? Preset::$variant => $module::list_url(endpoint, ask),)*
                    // A preset this build does not carry (config refuses it first).
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }

            /// One page of the list, from this backend's reply to `ask`.
            pub fn read_list(self, reply: &Reply, ask: &ListAsk) -> Option<ListPage> {
                match self {
                    $($(#[cfg(feature = $feature)])? Preset::$variant => $module::read_list(reply, ask),)*
                    // A preset this build does not carry (config refuses it first).
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

presets! {
    /// The native contract, as the reference server implements it.
    Balasan "balasan" => balasan,
    /// `POST /wp-json/wp/v2/comments`.
    WordpressRest "wordpress-rest" if "backend-wordpress" => wordpress_rest,
    /// `POST /wp-comments-post.php`, as WordPress's own form does.
    WordpressForm "wordpress-form" if "backend-wordpress" => wordpress_form,
    /// `POST /new?uri=` of an Isso server.
    Isso "isso" if "backend-isso" => isso,
    /// Staticman's `/v3/entry/…` endpoint.
    Staticman "staticman" if "backend-forms" => staticman,
    /// A Formspree form (`https://formspree.io/f/…`).
    Formspree "formspree" if "backend-forms" => formspree,
    /// Field names and encoding from attributes; replies read like the native contract.
    Custom "custom" => custom,
}

impl Preset {
    /// What a reply means for this backend. A `429` is "too fast" whoever sends it.
    pub fn interpret(self, reply: &Reply, wire: &Wire) -> Outcome {
        if reply.status == 429 {
            return Outcome::TooFast {
                retry_after: reply.retry_after_secs(),
            };
        }
        self.interpret_own(reply, wire)
    }
}

/// Problems in form order, one per field (the first named, if a backend repeats one).
/// What a preset this build does not carry makes of any reply (unreachable: the config
/// refuses such a preset, so nothing is sent).
fn absent(preset: Preset) -> Outcome {
    failed(format!(
        "data-preset \"{}\" is not in this build",
        preset.name()
    ))
}

pub(crate) fn problems(list: Problems) -> Outcome {
    // A handful of items: picking them in field order beats a sort's code size.
    let ordered = Field::ALL
        .iter()
        .filter_map(|f| list.iter().find(|(g, _)| g == f).copied())
        .collect();
    Outcome::Invalid(ordered)
}

pub(crate) fn failed(what: impl Into<String>) -> Outcome {
    Outcome::Failed(what.into())
}

/// A 2xx reply: JSON (or nothing) means stored; an HTML page means the request reached
/// something that is not the comment API (a login page, the site's 404 page, a proxy).
pub(crate) fn accepted_if_json(
    reply: &Reply,
    pending: impl FnOnce(Option<&Value>) -> bool,
) -> Outcome {
    let json = json::parse(&reply.body);
    if json.is_none() && !reply.body.trim().is_empty() {
        let html = if reply.is_html() {
            " (an HTML page)"
        } else {
            ""
        };
        return failed(format!(
            "the endpoint answered {} with a body that is not JSON{html}: is data-endpoint the comment API?",
            reply.status
        ));
    }
    Outcome::Accepted {
        pending: pending(json.as_ref()),
    }
}

/// For the presets' tests: a reply, and what a preset makes of it with its own wire.
#[cfg(test)]
mod fixtures {
    use super::Preset;
    use crate::outcome::{Outcome, Reply};

    pub fn read(preset: Preset, reply: Reply) -> Outcome {
        preset.interpret(&reply, &preset.wire())
    }

    pub fn at(status: u16, body: &str) -> Reply {
        Reply::new(status, body)
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{at, read};
    use super::*;

    #[test]
    fn names_round_trip() {
        for &p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
        assert_eq!(Preset::from_name("disqus"), None);
    }

    #[test]
    fn may_list_is_what_list_url_does() {
        let endpoints = [
            "https://kabar.contoh.id/api/comments",
            "https://kabar.contoh.id/wp-comments-post.php",
            "https://kabar.contoh.id/wp-json/wp/v2/comments",
            "https://isso.contoh.id/",
        ];
        for &p in Preset::ALL {
            let lists = endpoints
                .iter()
                .any(|e| p.list_url(e, &ListAsk::default()).is_some());
            assert_eq!(p.may_list(), lists, "{p:?}");
        }
    }

    #[test]
    fn rate_limits_are_honoured_for_every_preset() {
        for &p in Preset::ALL {
            let mut r = at(429, "You are posting comments too quickly. Slow down.");
            r.retry_after = Some("12".into());
            assert_eq!(
                read(p, r),
                Outcome::TooFast {
                    retry_after: Some(12)
                },
                "{p:?}"
            );
        }
    }

    #[test]
    fn html_with_status_200_is_never_a_success() {
        let html = "<!DOCTYPE html><html><body>Not the API</body></html>";
        for p in [
            Preset::Balasan,
            Preset::WordpressRest,
            Preset::WordpressForm,
            Preset::Isso,
            Preset::Formspree,
            Preset::Custom,
        ] {
            assert!(
                matches!(read(p, at(200, html)), Outcome::Failed(_)),
                "{p:?}"
            );
        }
    }
}
