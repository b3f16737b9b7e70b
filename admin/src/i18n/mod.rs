//! The app's words, one file per language beside this one (`id.rs`, `en.rs`, `ms.rs`),
//! for the same languages as the readers' form ([`Lang`], from `balasan-core`): a
//! [`Texts`] constant each, so a language with a sentence missing does not compile.
//! WordPress's own words where its Comments screen has them ("Setujui", "Tempat Sampah",
//! "Pulihkan", "Hapus Permanen"; "Approve", "Trash"; "Luluskan", "Tong Sampah").

mod en;
mod id;
mod ms;

use balasan_core::i18n::Lang;
use balasan_core::moderation::{Action, Status};

/// Every text the app shows. `%d` in a text is a number, `%s` a name.
pub struct Texts {
    pub title: &'static str,
    pub loading: &'static str,
    pub language: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub log_in: &'static str,
    pub log_out: &'static str,
    /// Before the moderator's name.
    pub logged_in_as: &'static str,
    pub login_failed: &'static str,
    pub login_locked: &'static str,
    pub busy: &'static str,
    pub unreachable: &'static str,
    /// Before a refusal's own (English) message, for refusals the app has no words for.
    pub failed: &'static str,
    pub statuses: &'static str,
    pub nothing_here: &'static str,
    pub nothing_found: &'static str,
    pub in_reply_to: &'static str,
    pub on_page: &'static str,
    pub from_address: &'static str,
    pub edited: &'static str,
    pub session_ended: &'static str,
    pub unchanged: &'static str,
    pub logging_in: &'static str,
    /// The search and article filter.
    pub filters: &'static str,
    pub search: &'static str,
    pub article: &'static str,
    pub find: &'static str,
    pub clear: &'static str,
    /// A comment's button that shows only its article's comments.
    pub only_this_article: &'static str,
    /// Said when the list shows one article's comments (`%s`: its id).
    pub showing_article: &'static str,
    /// The bulk actions' group.
    pub bulk: &'static str,
    /// Said when another moderator logged in in this browser (another tab) since this page
    /// opened: the action was not done (`%s`: their name).
    pub someone_else: &'static str,
    pub select_all: &'static str,
    /// A comment's checkbox (`%s`: its author).
    pub select: &'static str,
    /// The bulk actions' group (`%d`: how many are selected).
    pub selected: &'static str,
    pub more: &'static str,
    pub undo: &'static str,
    pub undone: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub comment: &'static str,
    pub author: &'static str,
    pub website: &'static str,
    pub saved: &'static str,
    pub trail: &'static str,
    pub trail_of: &'static str,
    pub trail_empty: &'static str,
    /// A trail line of an edit, before the fields as they were.
    pub trail_edit: &'static str,
    /// A trail line's new status when the comment was deleted forever.
    pub deleted_forever: &'static str,
    /// Asked before deleting forever (`%d`: how many).
    pub confirm_delete: &'static str,
    pub shortcuts: &'static str,
    /// The shortcuts, one per item: key, then what it does.
    pub keys: [(&'static str, &'static str); 8],
    pub statuses_named: [&'static str; 4],
    pub actions_named: [&'static str; 6],
    /// Announced once an action is done to one comment.
    pub done_one: [&'static str; 6],
    /// Announced once an action is done to several (`%d`).
    pub done_several: [&'static str; 6],
}

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &id::TEXTS,
        Lang::En => &en::TEXTS,
        Lang::Ms => &ms::TEXTS,
    }
}

fn index(a: Action) -> usize {
    Action::ALL.iter().position(|x| *x == a).unwrap_or(0)
}

impl Texts {
    /// A status as its tab names it.
    pub fn status(&self, s: Status) -> &'static str {
        self.statuses_named[Status::ALL.iter().position(|x| *x == s).unwrap_or(0)]
    }

    /// An action as its button names it.
    pub fn action(&self, a: Action) -> &'static str {
        self.actions_named[index(a)]
    }

    /// What is announced once `a` is done to `n` comments.
    pub fn done_many(&self, a: Action, n: usize) -> String {
        if n == 1 {
            self.done_one[index(a)].to_owned()
        } else {
            self.done_several[index(a)].replace("%d", &n.to_string())
        }
    }

    /// `text` with its `%s` (or `%d`) replaced by `arg`.
    pub fn fill(text: &str, arg: &str) -> String {
        text.replacen("%s", arg, 1).replacen("%d", arg, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_every_status_and_action() {
        for lang in Lang::ALL {
            let t = texts(*lang);
            for s in Status::ALL {
                assert!(!t.status(s).is_empty());
            }
            for a in Action::ALL {
                assert!(!t.action(a).is_empty(), "{lang:?} {a:?}");
                assert!(t.done_many(a, 1).ends_with('.'), "{lang:?} {a:?}");
                let many = t.done_many(a, 7);
                assert!(
                    many.contains('7') && many.ends_with('.'),
                    "{lang:?}: {many}"
                );
            }
            for (text, arg) in [
                (t.select, "%s"),
                (t.showing_article, "%s"),
                (t.selected, "%d"),
            ] {
                assert!(text.contains(arg), "{lang:?}: {text}");
            }
            assert!(t.confirm_delete.contains("%d"), "{lang:?}");
        }
    }

    #[test]
    fn the_shortcuts_are_the_same_keys_in_every_language() {
        let keys = |l| texts(l).keys.map(|(k, _)| k);
        assert_eq!(keys(Lang::En), keys(Lang::Id));
        assert_eq!(keys(Lang::Ms), keys(Lang::Id));
    }
}
