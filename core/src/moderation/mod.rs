//! What a moderator can do to a comment, and what each action makes of a comment in each
//! status, as WordPress's Comments screen does: approve, unapprove, spam, trash, restore
//! (out of the spam or the trash, back to where it was), delete forever (only from the spam
//! or the trash: a published comment is trashed first, so a slip can be undone).
//!
//! # Usage
//!
//! ```
//! use balasan_core::moderation::{decide, Action, Change, Status};
//!
//! // Trashing a published comment remembers where it was…
//! assert_eq!(
//!     decide(Action::Trash, Status::Approved, None),
//!     Some(Change::To { status: Status::Trash, before: Some(Status::Approved) })
//! );
//! // …and restoring puts it back there.
//! assert_eq!(
//!     decide(Action::Restore, Status::Trash, Some(Status::Approved)),
//!     Some(Change::To { status: Status::Approved, before: None })
//! );
//! // Deleting forever needs the trash or the spam first; nothing happens otherwise.
//! assert_eq!(decide(Action::Delete, Status::Approved, None), None);
//! ```
//!
//! [`wire`] (feature `serde`): the moderation API's bodies.

#[cfg(feature = "serde")]
pub mod wire;

/// Where a comment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Status {
    /// Waiting for a moderator; only its author sees it (in their own browser).
    Pending,
    /// Published: in the article's public list.
    Approved,
    /// Marked as spam: hidden, kept to be restored or deleted.
    Spam,
    /// In the trash: hidden, deleted forever after `--trash-days`.
    Trash,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Approved,
        Status::Spam,
        Status::Trash,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Spam => "spam",
            Status::Trash => "trash",
        }
    }

    /// The status a stored text names.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Out of readers' sight and out of the queue: spam or trash.
    pub fn set_aside(self) -> bool {
        matches!(self, Status::Spam | Status::Trash)
    }

    /// What a moderator is offered for a comment in this status, as WordPress offers it
    /// (deleting forever only from the spam or the trash).
    pub fn actions(self) -> &'static [Action] {
        match self {
            Status::Pending => &[Action::Approve, Action::Spam, Action::Trash],
            Status::Approved => &[Action::Unapprove, Action::Spam, Action::Trash],
            Status::Spam | Status::Trash => &[Action::Restore, Action::Delete],
        }
    }
}

/// A moderator's action on one comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Action {
    Approve,
    Unapprove,
    Spam,
    Trash,
    Restore,
    Delete,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Approve,
        Action::Unapprove,
        Action::Spam,
        Action::Trash,
        Action::Restore,
        Action::Delete,
    ];

    /// The action a stored text names (the audit trail's `action`).
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// What takes back this action done to a comment that was in `from`: the action
    /// that returns it there (`None` for deleting forever, which nothing takes back).
    pub fn undo(self, from: Status) -> Option<Action> {
        match (self, from) {
            (Action::Delete, _) => None,
            (_, Status::Spam) => Some(Action::Spam),
            (_, Status::Trash) => Some(Action::Trash),
            // Set aside from the queue or the article: restored to where it was.
            (Action::Spam | Action::Trash, _) => Some(Action::Restore),
            (_, Status::Pending) => Some(Action::Unapprove),
            (_, Status::Approved) => Some(Action::Approve),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Unapprove => "unapprove",
            Action::Spam => "spam",
            Action::Trash => "trash",
            Action::Restore => "restore",
            Action::Delete => "delete",
        }
    }
}

/// What an action does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new status, and where to restore it to if it is set aside (spam or trash).
    To {
        status: Status,
        before: Option<Status>,
    },
    /// Gone for good (its replies move up to its parent).
    Delete,
}

/// What `action` makes of a comment in `status` that was set aside from `before`;
/// `None` when it does nothing (approving a published comment, restoring one that is not
/// set aside, deleting one that is not).
pub fn decide(action: Action, status: Status, before: Option<Status>) -> Option<Change> {
    let to = match action {
        Action::Approve => Status::Approved,
        Action::Unapprove => Status::Pending,
        Action::Spam => Status::Spam,
        Action::Trash => Status::Trash,
        Action::Restore if status.set_aside() => {
            before.filter(|b| !b.set_aside()).unwrap_or(Status::Pending)
        }
        Action::Restore => return None,
        Action::Delete if status.set_aside() => return Some(Change::Delete),
        Action::Delete => return None,
    };
    if to == status {
        return None;
    }
    // Set aside from the queue or the article: remember which; moved between spam and
    // trash: still from there.
    let before = if !to.set_aside() {
        None
    } else if status.set_aside() {
        before.filter(|b| !b.set_aside())
    } else {
        Some(status)
    };
    Some(Change::To { status: to, before })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn every_action_on_every_status() {
        for status in Status::ALL {
            for before in [None, Some(Pending), Some(Approved)] {
                let before = before.filter(|_| status.set_aside());
                let to = |a| match decide(a, status, before) {
                    Some(Change::To { status, .. }) => Some(status),
                    Some(Change::Delete) => None,
                    None => Some(status),
                };
                assert_eq!(to(Action::Approve), Some(Approved));
                assert_eq!(to(Action::Unapprove), Some(Pending));
                assert_eq!(to(Action::Spam), Some(Spam));
                assert_eq!(to(Action::Trash), Some(Trash));
                let restored = if status.set_aside() {
                    before.unwrap_or(Pending)
                } else {
                    status
                };
                assert_eq!(to(Action::Restore), Some(restored), "{status:?} {before:?}");
                let deleted = decide(Action::Delete, status, before) == Some(Change::Delete);
                assert_eq!(deleted, status.set_aside());
            }
        }
    }

    #[test]
    fn spam_then_trash_then_restore_goes_back_to_the_start() {
        let Some(Change::To { status, before }) = decide(Action::Spam, Approved, None) else {
            panic!()
        };
        assert_eq!((status, before), (Spam, Some(Approved)));
        let Some(Change::To { status, before }) = decide(Action::Trash, status, before) else {
            panic!()
        };
        assert_eq!((status, before), (Trash, Some(Approved)));
        assert_eq!(
            decide(Action::Restore, status, before),
            Some(Change::To {
                status: Approved,
                before: None
            })
        );
    }

    #[test]
    fn doing_what_is_done_changes_nothing() {
        assert_eq!(decide(Action::Approve, Approved, None), None);
        assert_eq!(decide(Action::Unapprove, Pending, None), None);
        assert_eq!(decide(Action::Trash, Trash, Some(Pending)), None);
    }

    /// What `action` leaves of (status, before), as the store applies it.
    fn apply(
        action: Action,
        (status, before): (Status, Option<Status>),
    ) -> (Status, Option<Status>) {
        match decide(action, status, before) {
            Some(Change::To { status, before }) => (status, before),
            Some(Change::Delete) => panic!("deleted"),
            None => (status, before),
        }
    }

    #[test]
    fn undo_puts_every_comment_back_where_it_was() {
        for status in Status::ALL {
            for before in [None, Some(Pending), Some(Approved)] {
                let was = (status, before.filter(|_| status.set_aside()));
                for action in Action::ALL {
                    if action == Action::Delete {
                        assert_eq!(action.undo(status), None);
                        continue;
                    }
                    let now = apply(action, was);
                    let undo = action.undo(status).expect("undoable");
                    let back = apply(undo, now);
                    assert_eq!(back.0, was.0, "{action:?} then {undo:?} from {was:?}");
                    // Where a restore would send it is kept while it stays set aside (an
                    // approval of a spam comment forgets it, as the store does).
                    let stayed_aside =
                        matches!(action, Action::Spam | Action::Trash | Action::Restore);
                    if back.0.set_aside() && was.1.is_some() && stayed_aside {
                        assert_eq!(back.1, was.1, "{action:?} then {undo:?} from {was:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn offered_actions_follow_the_status() {
        for s in Status::ALL {
            for a in s.actions() {
                assert!(
                    decide(*a, s, None).is_some(),
                    "{a:?} on {s:?} does something"
                );
            }
        }
        assert!(!Status::Approved.actions().contains(&Action::Approve));
    }

    #[test]
    fn names_as_stored() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("deleted"), None);
    }
}
