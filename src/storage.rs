//! Browser seam: what the widget keeps in `localStorage`.
//!
//! Three things are kept, all under `balasan:` keys:
//! - the draft of a comment, per article, until a backend accepts it, with the comment it
//!   answers;
//! - the reader's name, email and website, only while the reader has ticked the consent box;
//! - comments written offline, one item each, until they are sent or given back
//!   ([`crate::queue`]).
//!
//! And in `sessionStorage`, gone with the tab: when the reader's own comment was last
//! published on an article ([`Published`]).
//!
//! Storage can be missing or full (private browsing, quotas): every call then quietly does
//! nothing, and the text simply stays in the form.

use web_sys::Storage;

use crate::queue::{Entry, PREFIX};

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = if value.is_empty() {
            s.remove_item(key)
        } else {
            s.set_item(key, value)
        };
    }
}

/// The draft of one article's comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    key: String,
    reply_key: String,
}

impl Draft {
    /// The draft for the thread called `thread` (post id or page path) in the widget `scope`
    /// (empty for the only widget of a page).
    pub fn new(thread: &str, scope: &str) -> Draft {
        Draft {
            key: format!("balasan:draft:{scope}:{thread}"),
            reply_key: format!("balasan:reply:{scope}:{thread}"),
        }
    }

    pub fn load(&self) -> String {
        get(&self.key).unwrap_or_default()
    }

    /// Saves the text; empty text removes the draft.
    pub fn save(&self, text: &str) {
        set(&self.key, text);
    }

    /// The comment the draft answers, as the form wrote it with [`Draft::save_reply`].
    pub fn load_reply(&self) -> Option<String> {
        get(&self.reply_key)
    }

    /// Remembers which comment the draft answers; empty forgets it.
    pub fn save_reply(&self, reply: &str) {
        set(&self.reply_key, reply);
    }
}

const IDENTITY_KEY: &str = "balasan:identity";

/// The reader's name, email and website, as remembered with consent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub author: String,
    pub email: String,
    pub url: String,
}

impl Identity {
    /// What was remembered, if the reader consented before.
    pub fn load() -> Option<Identity> {
        let saved = get(IDENTITY_KEY)?;
        // Single-line inputs cannot hold a newline, so it separates the three values.
        let mut parts = saved.splitn(3, '\n').map(str::to_owned);
        Some(Identity {
            author: parts.next().unwrap_or_default(),
            email: parts.next().unwrap_or_default(),
            url: parts.next().unwrap_or_default(),
        })
    }

    pub fn save(&self) {
        set(
            IDENTITY_KEY,
            &format!("{}\n{}\n{}", self.author, self.email, self.url),
        );
    }

    /// Forgets the reader: called as soon as the consent box is unticked.
    pub fn forget() {
        set(IDENTITY_KEY, "");
    }
}

/// When the reader last had a comment published on one article (unix ms), for this tab:
/// their list reads of it go past the caches for a while ([`crate::presets::fresh`]), so a
/// reload shows it. Only a form with its list keeps it.
#[cfg(all(feature = "browser", feature = "list"))]
pub struct Published;

#[cfg(all(feature = "browser", feature = "list"))]
impl Published {
    fn key(thread: &str) -> String {
        format!("balasan:published:{thread}")
    }

    fn session() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    /// The time kept for `thread`, if it is still [`crate::presets::fresh`] at `now`; a
    /// time past that is forgotten.
    pub fn fresh(thread: &str, now: u64) -> Option<u64> {
        let s = Self::session()?;
        let key = Self::key(thread);
        let kept = s.get_item(&key).ok()?.and_then(|at| at.parse().ok());
        let fresh = crate::presets::fresh(kept, now);
        if kept.is_some() && fresh.is_none() {
            let _ = s.remove_item(&key);
        }
        fresh
    }

    pub fn mark(thread: &str, at: u64) {
        if let Some(s) = Self::session() {
            let _ = s.set_item(&Self::key(thread), &at.to_string());
        }
    }
}

/// Keeps a queued comment (or its new state). `false` when storage refused it.
pub fn keep(entry: &Entry) -> bool {
    local().is_some_and(|s| {
        s.set_item(&(PREFIX.to_owned() + &entry.key), &entry.to_json())
            .is_ok()
    })
}

/// Forgets the queued comment with this key.
pub fn forget(key: &str) {
    set(&(PREFIX.to_owned() + key), "");
}

/// Every queued comment; an item that does not read as one is dropped.
pub fn queued() -> Vec<Entry> {
    let Some(s) = local() else {
        return Vec::new();
    };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    let mut out = Vec::new();
    for k in keys {
        match get(&k).as_deref().and_then(Entry::parse) {
            Some(e) => out.push(e),
            None => set(&k, ""),
        }
    }
    out
}
