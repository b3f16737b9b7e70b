//! The comments on screen as plain data: the pages loaded so far, the counts, which are
//! selected and which are waiting for the server; what an action's answer does to them;
//! and how to take an action back. No DOM here: the views read it, the tests run natively.

use std::collections::BTreeSet;

use balasan_core::moderation::wire::{Comment, Counts, Moderated, Queue};
use balasan_core::moderation::{Action, Status};

/// The comments of one filter, as loaded so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub comments: Vec<Comment>,
    pub counts: Counts,
    /// Where the next page starts; `None` once the last is loaded.
    pub next: Option<i64>,
    pub selected: BTreeSet<i64>,
    /// Comments an action is being done to (a second click waits).
    pub busy: BTreeSet<i64>,
}

/// What an action's answer did to the listing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The comments it moved out of the status shown (or deleted).
    pub changed: Vec<i64>,
    /// Named comments it did not change (changed elsewhere first, or gone).
    pub unchanged: usize,
}

impl Listing {
    /// The first page of a filter.
    pub fn first(page: Queue) -> Listing {
        Listing {
            comments: page.comments,
            counts: page.counts,
            next: page.next,
            ..Listing::default()
        }
    }

    /// The first pages again (as many comments as shown, or a page): what was selected or
    /// waiting and is still there stays so.
    pub fn refresh(&mut self, page: Queue) {
        let ids: BTreeSet<i64> = page.comments.iter().map(|c| c.id).collect();
        self.selected.retain(|id| ids.contains(id));
        self.busy.retain(|id| ids.contains(id));
        self.comments = page.comments;
        self.counts = page.counts;
        self.next = page.next;
    }

    /// The next page, after those loaded (a comment already shown is not shown twice).
    pub fn more(&mut self, page: Queue) {
        let known: BTreeSet<i64> = self.comments.iter().map(|c| c.id).collect();
        self.comments
            .extend(page.comments.into_iter().filter(|c| !known.contains(&c.id)));
        self.counts = page.counts;
        self.next = page.next;
    }

    /// Applies the server's answer to an action on comments of status `shown` that named
    /// `asked`: those it changed leave the list and move between the counts.
    pub fn moderated(&mut self, shown: Status, asked: &[i64], done: &[Moderated]) -> Outcome {
        let mut outcome = Outcome::default();
        for m in done.iter().filter(|m| m.changed) {
            self.counts.set(shown, (self.counts.of(shown) - 1).max(0));
            if let Some(to) = m.status {
                self.counts.set(to, self.counts.of(to) + 1);
            }
            outcome.changed.push(m.id);
        }
        outcome.unchanged = asked.len() - outcome.changed.len();
        self.comments.retain(|c| !outcome.changed.contains(&c.id));
        for id in asked {
            self.selected.remove(id);
            self.busy.remove(id);
        }
        outcome
    }

    /// A comment as it is after an edit.
    pub fn replace(&mut self, comment: Comment) {
        if let Some(c) = self.comments.iter_mut().find(|c| c.id == comment.id) {
            *c = comment;
        }
    }

    pub fn toggle(&mut self, id: i64) {
        if !self.selected.remove(&id) {
            self.selected.insert(id);
        }
    }

    /// Whether every comment shown is selected (and there is one).
    pub fn all_selected(&self) -> bool {
        !self.comments.is_empty() && self.comments.iter().all(|c| self.selected.contains(&c.id))
    }

    /// Selects every comment shown, or none.
    pub fn select_all(&mut self, on: bool) {
        self.selected.clear();
        if on {
            self.selected.extend(self.comments.iter().map(|c| c.id));
        }
    }

    /// The selected comments, in the order shown.
    pub fn chosen(&self) -> Vec<i64> {
        self.comments
            .iter()
            .map(|c| c.id)
            .filter(|id| self.selected.contains(id))
            .collect()
    }

    /// The comment `step` places after `id` (before it when negative), stopping at the
    /// ends; the first when `id` is not shown.
    pub fn beside(&self, id: Option<i64>, step: isize) -> Option<i64> {
        let at = id.and_then(|id| self.comments.iter().position(|c| c.id == id));
        let to = match at {
            None => 0,
            Some(i) => (i as isize + step).clamp(0, self.comments.len() as isize - 1) as usize,
        };
        self.comments.get(to).map(|c| c.id)
    }
}

/// The last action, to take back with "Undo" or `u`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undo {
    pub action: Action,
    pub ids: Vec<i64>,
}

impl Undo {
    /// What takes back `action` done to `ids`, which were in `from`; `None` when nothing
    /// does (deleting forever) or nothing changed.
    pub fn of(action: Action, from: Status, ids: Vec<i64>) -> Option<Undo> {
        let action = action.undo(from)?;
        (!ids.is_empty()).then_some(Undo { action, ids })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64) -> Comment {
        Comment {
            id,
            post: "42".into(),
            parent: None,
            author: format!("Pembaca {id}"),
            email: String::new(),
            url: String::new(),
            content: "Teks".into(),
            page_url: String::new(),
            page_title: String::new(),
            status: Status::Pending,
            ip: "203.0.113.9".into(),
            created_at: 0,
            edited_at: None,
            parent_author: None,
            parent_quote: None,
        }
    }

    fn page(ids: &[i64], next: Option<i64>) -> Queue {
        Queue {
            comments: ids.iter().copied().map(comment).collect(),
            counts: Counts {
                pending: 5,
                ..Counts::default()
            },
            next,
        }
    }

    fn ids(l: &Listing) -> Vec<i64> {
        l.comments.iter().map(|c| c.id).collect()
    }

    #[test]
    fn pages_add_up_without_repeats() {
        let mut l = Listing::first(page(&[5, 4], Some(4)));
        l.more(page(&[4, 3, 2], None));
        assert_eq!(ids(&l), [5, 4, 3, 2]);
        assert_eq!(l.next, None);
    }

    #[test]
    fn what_an_action_changed_leaves_and_is_counted_elsewhere() {
        let mut l = Listing::first(page(&[5, 4, 3], None));
        l.select_all(true);
        l.busy.extend([5, 4, 3]);
        let done = [
            Moderated {
                id: 5,
                status: Some(Status::Approved),
                changed: true,
            },
            Moderated {
                id: 4,
                status: Some(Status::Approved),
                changed: false,
            },
        ];
        let out = l.moderated(Status::Pending, &[5, 4, 3], &done);
        assert_eq!(out.changed, [5]);
        assert_eq!(out.unchanged, 2, "one changed elsewhere, one gone");
        assert_eq!(ids(&l), [4, 3]);
        assert_eq!((l.counts.pending, l.counts.approved), (4, 1));
        assert!(l.selected.is_empty() && l.busy.is_empty());
        // Deleted forever: out of the count, into none.
        let gone = [Moderated {
            id: 4,
            status: None,
            changed: true,
        }];
        l.moderated(Status::Pending, &[4], &gone);
        assert_eq!((l.counts.pending, l.counts.approved), (3, 1));
    }

    #[test]
    fn a_refresh_keeps_what_is_selected_and_still_there() {
        let mut l = Listing::first(page(&[5, 4, 3], None));
        l.selected.extend([5, 3]);
        l.busy.insert(4);
        l.refresh(page(&[6, 5, 4], Some(4)));
        assert_eq!(ids(&l), [6, 5, 4]);
        assert_eq!(l.chosen(), [5]);
        assert!(l.busy.contains(&4));
        assert_eq!(l.next, Some(4));
    }

    #[test]
    fn selection_in_the_order_shown() {
        let mut l = Listing::first(page(&[5, 4, 3], None));
        l.toggle(3);
        l.toggle(5);
        assert_eq!(l.chosen(), [5, 3]);
        assert!(!l.all_selected());
        l.toggle(4);
        assert!(l.all_selected());
        l.select_all(false);
        assert!(l.chosen().is_empty());
    }

    #[test]
    fn moving_stops_at_the_ends() {
        let l = Listing::first(page(&[5, 4, 3], None));
        assert_eq!(l.beside(None, 1), Some(5));
        assert_eq!(l.beside(Some(5), 1), Some(4));
        assert_eq!(l.beside(Some(3), 1), Some(3));
        assert_eq!(l.beside(Some(5), -1), Some(5));
        assert_eq!(Listing::default().beside(None, 1), None);
    }

    #[test]
    fn undo_of_a_deletion_is_none() {
        assert_eq!(Undo::of(Action::Delete, Status::Trash, vec![1]), None);
        assert_eq!(
            Undo::of(Action::Approve, Status::Pending, vec![1, 2]),
            Some(Undo {
                action: Action::Unapprove,
                ids: vec![1, 2]
            })
        );
        assert_eq!(Undo::of(Action::Approve, Status::Pending, vec![]), None);
    }
}
