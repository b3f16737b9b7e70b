//! Comments into a thread, as WordPress threads them: [`rows`], the order the page shows
//! them in, each with its depth, and [`Thread`], the same rows grouped under the comment
//! whose `ol.children` holds them (the view's recursive comment shows its group).

use super::ListComment;

/// One comment where the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its place in the comments given to [`rows`].
    pub index: usize,
    /// 1 for a top-level comment.
    pub depth: u32,
}

/// The comments in the order the page shows them: top-level comments oldest first
/// (`newest_first` reverses them), each followed by its replies, always oldest first, at
/// most `max_depth` levels deep. As in WordPress, the replies below a comment at the
/// deepest level line up after it, at its level; a reply whose parent is not in the list
/// is shown at the top level (its parent may be on another page, or not approved).
///
/// ```
/// use balasan::list::thread::{rows, Row};
/// # use balasan::list::{Body, ListComment};
/// # let c = |id: &str, parent: Option<&str>, created| ListComment {
/// #     id: id.into(), parent: parent.map(Into::into), author: String::new(),
/// #     url: String::new(), body: Body::Text(String::new()), created, pending: false,
/// # };
/// let list = [c("2", Some("1"), 20), c("1", None, 10)];
/// assert_eq!(rows(&list, false, 5), [Row { index: 1, depth: 1 }, Row { index: 0, depth: 2 }]);
/// ```
pub fn rows(comments: &[ListComment], newest_first: bool, max_depth: u32) -> Vec<Row> {
    let max_depth = max_depth.max(1);
    let order = oldest_first(comments);
    let parents: Vec<Option<usize>> = comments
        .iter()
        .map(|c| {
            let p = c.parent.as_deref()?;
            comments.iter().position(|k| k.id == p)
        })
        .collect();
    let mut tops: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| parents[i].is_none())
        .collect();
    if newest_first {
        tops.reverse();
    }
    let mut out = Vec::with_capacity(comments.len());
    let t = Walk {
        order: &order,
        parents: &parents,
        max_depth,
    };
    for i in tops {
        t.visit(i, 1, &mut out);
    }
    out
}

/// The thread as the page nests it: the rows at the top of the list, and the rows in each
/// comment's `ol.children` (a [`Row::index`] names the comment). The list's components
/// show it recursively, a comment with its replies.
///
/// ```
/// use balasan::list::thread::Thread;
/// # use balasan::list::{Body, ListComment};
/// # let c = |id: &str, parent: Option<&str>, created| ListComment {
/// #     id: id.into(), parent: parent.map(Into::into), author: String::new(),
/// #     url: String::new(), body: Body::Text(String::new()), created, pending: false,
/// # };
/// let t = Thread::new(&[c("1", None, 1), c("2", Some("1"), 2), c("3", None, 3)], false, 5);
/// assert_eq!(t.top().iter().map(|r| r.index).collect::<Vec<_>>(), [0, 2]);
/// assert_eq!(t.under(0).iter().map(|r| (r.index, r.depth)).collect::<Vec<_>>(), [(1, 2)]);
/// assert!(t.under(2).is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Thread {
    top: Vec<Row>,
    /// By comment index: the rows of its `ol.children`.
    under: Vec<Vec<Row>>,
}

impl Thread {
    /// `comments` threaded as [`rows`] orders them.
    pub fn new(comments: &[ListComment], newest_first: bool, max_depth: u32) -> Thread {
        let mut thread = Thread {
            top: Vec::new(),
            under: vec![Vec::new(); comments.len()],
        };
        // The comments a row may go under: the last one seen at each depth.
        let mut open: Vec<usize> = Vec::new();
        for row in rows(comments, newest_first, max_depth) {
            open.truncate(row.depth as usize - 1);
            match open.last() {
                Some(&parent) => thread.under[parent].push(row),
                None => thread.top.push(row),
            }
            open.push(row.index);
        }
        thread
    }

    /// The rows of the list itself.
    pub fn top(&self) -> &[Row] {
        &self.top
    }

    /// The rows below the comment at `index` (none for a comment not in the thread).
    pub fn under(&self, index: usize) -> &[Row] {
        self.under.get(index).map_or(&[], Vec::as_slice)
    }
}

struct Walk<'a> {
    order: &'a [usize],
    parents: &'a [Option<usize>],
    max_depth: u32,
}

impl Walk<'_> {
    fn visit(&self, i: usize, depth: u32, out: &mut Vec<Row>) {
        out.push(Row { index: i, depth });
        for &j in self.order {
            let shown = if depth >= self.max_depth {
                self.descends(j, i)
            } else {
                self.parents[j] == Some(i)
            };
            if shown {
                if depth >= self.max_depth {
                    out.push(Row { index: j, depth });
                } else {
                    self.visit(j, depth + 1, out);
                }
            }
        }
    }

    /// Whether `j` is a reply to `i`, or a reply to a reply, and so on.
    fn descends(&self, j: usize, i: usize) -> bool {
        let mut at = self.parents[j];
        // As many steps as there are comments: a loop of parents ends too.
        for _ in 0..self.parents.len() {
            match at {
                Some(p) if p == i => return true,
                Some(p) => at = self.parents[p],
                None => return false,
            }
        }
        false
    }
}

/// Indices of `comments`, oldest first; equal times keep the backend's order. Insertion
/// sort: backends mostly answer in order already, and it costs the wasm a few bytes where
/// the standard library's sorts cost kilobytes.
fn oldest_first(comments: &[ListComment]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..comments.len()).collect();
    for k in 1..order.len() {
        let mut at = k;
        while at > 0 && comments[order[at - 1]].created > comments[order[at]].created {
            order.swap(at - 1, at);
            at -= 1;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::Body;

    fn c(id: &str, parent: Option<&str>, created: i64) -> ListComment {
        ListComment {
            id: id.into(),
            parent: parent.map(Into::into),
            author: format!("Pembaca {id}"),
            url: String::new(),
            body: Body::Text(id.into()),
            created,
            pending: false,
        }
    }

    /// The thread as text: `1(2(5) 4) 3` is 1 with replies 2 (with reply 5) and 4, then 3.
    fn shape(list: &[ListComment], newest_first: bool, max_depth: u32) -> String {
        let rows = rows(list, newest_first, max_depth);
        let mut out = String::new();
        let mut depth = 1;
        for (k, r) in rows.iter().enumerate() {
            if k > 0 {
                if r.depth > depth {
                    out.push('(');
                } else {
                    for _ in r.depth..depth {
                        out.push(')');
                    }
                    out.push(' ');
                }
            }
            depth = r.depth;
            out.push_str(&list[r.index].id);
        }
        for _ in 1..depth {
            out.push(')');
        }
        out
    }

    #[test]
    fn replies_go_under_their_parent_oldest_first() {
        let list = vec![
            c("3", None, 30),
            c("1", None, 10),
            c("4", Some("1"), 40),
            c("2", Some("1"), 20),
            c("5", Some("2"), 50),
        ];
        assert_eq!(shape(&list, false, 5), "1(2(5) 4) 3");
        assert_eq!(shape(&list, true, 5), "3 1(2(5) 4)");
        assert_eq!(rows(&list, false, 5).len(), 5);
    }

    #[test]
    fn deeper_replies_line_up_at_the_deepest_level() {
        let list = vec![
            c("1", None, 1),
            c("2", Some("1"), 2),
            c("3", Some("2"), 3),
            c("4", Some("3"), 4),
            c("5", Some("2"), 5),
        ];
        // Depth 2: 3, 4 and 5 line up after 2, at its level, oldest first.
        assert_eq!(shape(&list, false, 2), "1(2 3 4 5)");
        assert_eq!(rows(&list, false, 2)[3].depth, 2);
        assert_eq!(shape(&list, false, 1), "1 2 3 4 5");
    }

    #[test]
    fn a_reply_without_its_parent_is_shown_at_the_top() {
        assert_eq!(
            shape(&[c("9", Some("404"), 1), c("1", None, 2)], false, 5),
            "9 1"
        );
    }

    #[test]
    fn equal_times_keep_the_backends_order() {
        let list = [c("b", None, 5), c("a", None, 5), c("c", None, 1)];
        assert_eq!(shape(&list, false, 5), "c b a");
    }

    #[test]
    fn the_thread_nests_rows_under_the_comment_they_answer() {
        let list = vec![
            c("1", None, 1),
            c("2", Some("1"), 2),
            c("3", Some("2"), 3),
            c("4", Some("3"), 4),
            c("5", None, 5),
        ];
        let ids = |rows: &[Row]| {
            rows.iter()
                .map(|r| list[r.index].id.clone())
                .collect::<Vec<_>>()
        };
        let t = Thread::new(&list, false, 5);
        assert_eq!(ids(t.top()), ["1", "5"]);
        assert_eq!(ids(t.under(0)), ["2"]);
        assert_eq!(ids(t.under(2)), ["4"]);
        assert_eq!(t.under(2)[0].depth, 4);
        // At depth 2, replies to replies line up with the reply they follow.
        let t = Thread::new(&list, false, 2);
        assert_eq!(ids(t.under(0)), ["2", "3", "4"]);
        assert!(t.under(1).is_empty() && t.under(9).is_empty());
        assert_eq!(ids(Thread::new(&list, true, 2).top()), ["5", "1"]);
    }

    #[test]
    fn a_loop_of_parents_shows_nothing_and_ends() {
        let list = [c("1", Some("2"), 1), c("2", Some("1"), 2), c("3", None, 3)];
        assert_eq!(shape(&list, false, 1), "3");
        assert_eq!(shape(&list, false, 5), "3");
    }
}
