//! What the list holds: the comments loaded so far, page by page, and the reader's own.
//! Pure: the browser part (`crate::view::list`) fetches the pages and shows this.
//!
//! ```
//! use balasan::i18n::{Lang, Texts};
//! use balasan::list::loaded::Loaded;
//! use balasan::list::{Body, ListComment, ListPage};
//!
//! let c = |id: &str| ListComment {
//!     id: id.into(), parent: None, author: "Sari".into(), url: String::new(),
//!     body: Body::Text("Halo".into()), created: 0, pending: false,
//! };
//! let mut list = Loaded::new(false, 5, 0);
//! list.add_page(ListPage { comments: vec![c("1"), c("2")], total: Some(3), next: Some("2".into()) });
//! list.add_page(ListPage { comments: vec![c("2"), c("3")], total: Some(3), next: None });
//! assert_eq!(list.comments.len(), 3);
//! let texts = Texts::new(Lang::Id);
//! assert_eq!(list.heading(&texts, "Banjir").as_deref(), Some("3 tanggapan untuk “Banjir”"));
//! ```

use super::thread::Thread;
use super::{ListComment, ListPage, OWN_PREFIX};
use crate::i18n::{Key, Texts};

/// The comments of an article the list has, and what to ask for next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// In the order they came; a comment's place here never changes (the view keys on it).
    pub comments: Vec<ListComment>,
    /// Approved comments of the article, all pages, when the backend said.
    pub total: Option<u64>,
    /// What to ask for the next page, when there is one.
    pub next: Option<String>,
    /// The page that failed to load (`Some(None)`: the first), for the retry button: kept
    /// until a page comes, so the notice (and the focus on its button) stays meanwhile.
    pub failed: Option<Option<String>>,
    /// A retry is on its way: another click on the button asks nothing more.
    retrying: bool,
    /// When the list last changed (Unix seconds): the dates it shows ("5 menit yang lalu")
    /// count from then.
    pub now: i64,
    /// Comments the reader sent since the page loaded (ids `baru-N`).
    own: u32,
    /// The comments threaded, kept up to date with them.
    thread: Thread,
    newest_first: bool,
    max_depth: u32,
}

impl Loaded {
    /// An empty list whose thread shows top-level comments newest first or oldest first,
    /// and replies up to `max_depth` levels deep.
    pub fn new(newest_first: bool, max_depth: u32, now: i64) -> Loaded {
        Loaded {
            now,
            newest_first,
            max_depth,
            ..Loaded::default()
        }
    }

    /// The comments as the page nests them.
    pub fn thread(&self) -> &Thread {
        &self.thread
    }

    fn rethread(&mut self) {
        self.thread = Thread::new(&self.comments, self.newest_first, self.max_depth);
    }

    /// Adds a page the backend answered: each comment once (pages may overlap when comments
    /// arrive between two requests).
    pub fn add_page(&mut self, page: ListPage) {
        for c in page.comments {
            if !self.comments.iter().any(|k| k.id == c.id) {
                self.comments.push(c);
            }
        }
        self.total = page.total.or(self.total);
        self.next = page.next;
        self.failed = None;
        self.retrying = false;
        self.rethread();
    }

    /// Notes that the page `next` (`None`: the first) could not be loaded.
    pub fn failed(&mut self, next: Option<String>) {
        self.failed = Some(next);
        self.retrying = false;
    }

    /// The page to ask for again after a failure; none while a retry is on its way.
    pub fn retry(&mut self) -> Option<Option<String>> {
        if self.retrying {
            return None;
        }
        self.retrying = self.failed.is_some();
        self.failed.clone()
    }

    /// Adds the reader's own comment, just accepted: under the backend's id when its answer
    /// said one, else `baru-N` (it then gets no "Balas"). A held one does not count.
    pub fn add_own(&mut self, mut comment: ListComment, id: Option<String>) {
        self.own += 1;
        comment.id = id.unwrap_or_else(|| format!("{OWN_PREFIX}{}", self.own));
        self.total = self.total.map(|t| t + u64::from(!comment.pending));
        self.comments.push(comment);
        self.rethread();
    }

    /// Whether the list has nothing to show: no comment (a held one of the reader's is one),
    /// no further page, no failure. Then it takes no room at all: a theme's border or
    /// margin for `.comments-area` would draw a second divider over the form.
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty() && self.next.is_none() && self.failed.is_none()
    }

    /// Approved comments of the article: the backend's count, or those loaded.
    pub fn count(&self) -> u64 {
        self.total
            .unwrap_or_else(|| self.comments.iter().filter(|c| !c.pending).count() as u64)
    }

    /// "5 tanggapan untuk “…”" over the list; none while there is no comment.
    pub fn heading(&self, texts: &Texts, title: &str) -> Option<String> {
        match self.count() {
            0 => None,
            1 => Some(texts.fill(Key::CommentsOne, title)),
            n => Some(texts.fill_all(Key::CommentsMany, &[&n.to_string(), title])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::list::Body;

    fn c(id: &str, pending: bool) -> ListComment {
        ListComment {
            id: id.into(),
            parent: None,
            author: "Budi".into(),
            url: String::new(),
            body: Body::Text("a".into()),
            created: 1,
            pending,
        }
    }

    #[test]
    fn own_comments_get_their_id_or_a_new_one_and_count_when_approved() {
        let mut list = Loaded::new(false, 5, 0);
        list.add_page(ListPage {
            comments: vec![c("1", false)],
            total: Some(4),
            next: None,
        });
        list.add_own(c("", false), Some("77".into()));
        list.add_own(c("", true), None);
        list.add_own(c("", false), None);
        let ids: Vec<&str> = list.comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1", "77", "baru-2", "baru-3"]);
        assert_eq!(list.count(), 6, "the backend's 4 and two approved");
        assert!(list.comments[2].is_own());
        assert_eq!(list.thread().top().len(), 4, "each in the thread");
    }

    #[test]
    fn an_empty_list_shows_nothing_until_a_comment_a_page_or_a_failure() {
        let mut list = Loaded::new(false, 5, 0);
        assert!(list.is_empty(), "loading the first page");
        list.add_page(ListPage {
            comments: vec![],
            total: Some(0),
            next: None,
        });
        assert!(list.is_empty(), "the article has no comment");
        list.failed(Some("2".into()));
        assert!(!list.is_empty(), "the notice and its retry show");
        let mut list = Loaded::new(false, 5, 0);
        list.add_own(c("", true), None);
        assert!(!list.is_empty(), "the reader's own, held, shows");
    }

    #[test]
    fn without_a_total_the_approved_comments_loaded_count() {
        let mut list = Loaded::new(false, 5, 0);
        let texts = Texts::new(Lang::Id);
        assert_eq!(list.heading(&texts, "Banjir"), None);
        list.add_own(c("", true), None);
        assert_eq!(
            list.heading(&texts, "Banjir"),
            None,
            "a held comment is not counted"
        );
        list.add_page(ListPage {
            comments: vec![c("1", false)],
            total: None,
            next: None,
        });
        assert_eq!(
            list.heading(&texts, "Banjir").as_deref(),
            Some("Satu tanggapan untuk “Banjir”")
        );
    }

    #[test]
    fn a_failed_page_is_retried_once_at_a_time_and_a_loaded_one_clears_the_failure() {
        let mut list = Loaded::new(false, 5, 0);
        assert_eq!(list.retry(), None, "nothing failed");
        list.failed(Some("2".into()));
        assert_eq!(list.retry(), Some(Some("2".into())));
        assert_eq!(list.retry(), None, "on its way");
        assert!(
            list.failed.is_some(),
            "the notice stays while it is on its way"
        );
        list.failed(Some("2".into()));
        assert_eq!(
            list.retry(),
            Some(Some("2".into())),
            "failed again: asked again"
        );
        list.add_page(ListPage::default());
        assert_eq!(list.failed, None);
        assert_eq!(list.retry(), None);
    }
}
