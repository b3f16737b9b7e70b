//! WordPress's keyboard shortcuts for comments, where they fit: `j`/`k` move between
//! comments, `a` approves (or unapproves an approved one), `s` marks spam, `d` trashes,
//! `z` restores, `x` selects, `u` undoes the last action. Keys typed into a field, or
//! with Ctrl, Alt or Meta, are the browser's.

use balasan_core::moderation::{Action, Status};

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Next,
    Previous,
    Select,
    Undo,
    /// One of these actions, the first a comment with the status shown is offered.
    Act(&'static [Action]),
}

impl Command {
    /// The command of `key` (a `KeyboardEvent.key`), if it is a shortcut.
    pub fn of(key: &str) -> Option<Command> {
        Some(match key {
            "j" => Command::Next,
            "k" => Command::Previous,
            "x" => Command::Select,
            "u" => Command::Undo,
            "a" => Command::Act(&[Action::Approve, Action::Unapprove]),
            "s" => Command::Act(&[Action::Spam]),
            "d" => Command::Act(&[Action::Trash]),
            "z" => Command::Act(&[Action::Restore]),
            _ => return None,
        })
    }
}

/// The action of `wanted` offered to a comment in `status`, if any (`d` in the trash does
/// nothing: deleting forever is never one key away).
pub fn action_for(wanted: &[Action], status: Status) -> Option<Action> {
    wanted
        .iter()
        .copied()
        .find(|a| status.actions().contains(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_approves_or_unapproves() {
        let Some(Command::Act(a)) = Command::of("a") else {
            panic!()
        };
        assert_eq!(action_for(a, Status::Pending), Some(Action::Approve));
        assert_eq!(action_for(a, Status::Approved), Some(Action::Unapprove));
        assert_eq!(action_for(a, Status::Trash), None);
    }

    #[test]
    fn no_key_deletes_forever() {
        for key in ["a", "s", "d", "z", "j", "k", "x", "u", "Delete", "D"] {
            if let Some(Command::Act(wanted)) = Command::of(key) {
                for s in Status::ALL {
                    assert_ne!(
                        action_for(wanted, s),
                        Some(Action::Delete),
                        "{key} in {s:?}"
                    );
                }
            }
        }
        assert_eq!(Command::of("A"), None, "shift is not a shortcut");
    }
}
