//! The comment list above the form: `data-list`, `data-list-url`, `data-order`,
//! `data-depth` and `data-per-page`.

use super::{check_url, choice, whole, Raw, Report, Severity};
use crate::presets::{ListAsk, Preset};

/// How the list is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSettings {
    /// Shown at all: on by default where the backend (or `data-list-url`) can list; off for
    /// a page whose theme prints the list itself.
    pub on: bool,
    /// Where to read it instead of the backend's own list (the native list's shape).
    pub url: Option<String>,
    pub newest_first: bool,
    /// Levels of replies, as WordPress's "nested comments N levels deep" (5).
    pub depth: u32,
    /// Top-level comments per page.
    pub per_page: u32,
}

impl Default for ListSettings {
    fn default() -> Self {
        ListSettings {
            on: true,
            url: None,
            newest_first: false,
            depth: 5,
            per_page: 50,
        }
    }
}

pub(super) fn read(raw: &Raw, report: &mut Report, preset: Preset, endpoint: &str) -> ListSettings {
    let mut list = ListSettings::default();
    if let Some(on) = raw.read(
        report,
        "list",
        Severity::Invalid,
        choice(&[("on", true), ("off", false)]),
    ) {
        list.on = on;
    }
    list.url = raw.read(report, "list-url", Severity::Invalid, |u| {
        check_url(u).map(|()| u.to_owned())
    });
    let order = choice(&[("oldest", false), ("newest", true)]);
    if let Some(newest) = raw.read(report, "order", Severity::Invalid, order) {
        list.newest_first = newest;
    }
    let levels = whole(1, 10, "a number of levels");
    if let Some(d) = raw.read(report, "depth", Severity::Invalid, levels) {
        list.depth = d;
    }
    let comments = whole(1, 100, "a number of comments");
    if let Some(n) = raw.read(report, "per-page", Severity::Invalid, comments) {
        list.per_page = n;
    }
    // embed.js loads a wasm without the list only where none shows; said, not left out.
    // (Only the wasm shows a list: the pre-render, feature `ssr`, has none to leave out.)
    let listed = || list.url.is_some() || preset.list_url(endpoint, &ListAsk::default()).is_some();
    if cfg!(feature = "browser") && !cfg!(feature = "list") && list.on && listed() {
        report.add(
            "list",
            "is on, but this wasm has no list: load the widget through embed.js",
            Severity::Invalid,
        );
    }
    list
}

#[cfg(test)]
mod tests {
    use super::super::Config;

    #[test]
    fn list_settings() {
        let (c, p) = Config::parse([
            ("data-endpoint", "/api/comments"),
            ("data-order", "newest"),
            ("data-depth", "3"),
            ("data-per-page", "10"),
            ("data-list-url", "https://api.contoh.id/daftar"),
        ]);
        assert!(p.is_empty(), "{p:?}");
        assert!(c.list.on && c.list.newest_first);
        assert_eq!((c.list.depth, c.list.per_page), (3, 10));
        assert_eq!(c.list.url.as_deref(), Some("https://api.contoh.id/daftar"));
        let (c, p) = Config::parse([
            ("data-endpoint", "/x"),
            ("data-list", "maybe"),
            ("data-depth", "0"),
        ]);
        assert_eq!(p.len(), 2);
        assert_eq!(c.list, Default::default());
    }
}
