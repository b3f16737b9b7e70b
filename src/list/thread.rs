//! Comments into a thread, as WordPress threads them: the order the page shows them in,
//! each with its depth. The view opens an `ol.children` wherever the depth grows.

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
    let t = Thread {
        order: &order,
        parents: &parents,
        max_depth,
    };
    for i in tops {
        t.visit(i, 1, &mut out);
    }
    out
}

struct Thread<'a> {
    order: &'a [usize],
    parents: &'a [Option<usize>],
    max_depth: u32,
}

impl Thread<'_> {
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
    fn a_loop_of_parents_shows_nothing_and_ends() {
        let list = [c("1", Some("2"), 1), c("2", Some("1"), 2), c("3", None, 3)];
        assert_eq!(shape(&list, false, 1), "3");
        assert_eq!(shape(&list, false, 5), "3");
    }
}
