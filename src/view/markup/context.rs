//! What every part of one form shares, through Leptos context rather than props through
//! every layer: [`CommentForm`](super::CommentForm) provides it, its parts (fields, the
//! question, the notices, and whatever comes next, such as a comment list that sets
//! "replying to") take it with [`Shared::get`].

use leptos::prelude::*;

use super::state::FormState;
use super::Ids;
use crate::i18n::{Key, Texts};

/// One form's state, ids and strings. `Copy`, so every closure can hold it.
#[derive(Clone, Copy)]
pub struct Shared {
    /// The reader's text and what became of it.
    pub state: FormState,
    ids: StoredValue<Ids>,
    texts: StoredValue<Texts>,
}

impl Shared {
    /// Makes `state`, `ids` and `texts` the context of the components created after it.
    pub fn provide(state: FormState, ids: Ids, texts: Texts) -> Shared {
        let shared = Shared {
            state,
            ids: StoredValue::new(ids),
            texts: StoredValue::new(texts),
        };
        provide_context(shared);
        shared
    }

    /// The form this component belongs to.
    pub fn get() -> Shared {
        expect_context()
    }

    /// The element id for WordPress's id `base` (see [`Ids::of`]).
    pub fn id(&self, base: &str) -> String {
        self.ids.with_value(|ids| ids.of(base))
    }

    /// The element id of `field`'s inline error.
    pub fn error_id(&self, field: balasan_core::Field) -> String {
        self.ids.with_value(|ids| ids.error(field))
    }

    /// The text for `key`, with the site's override if it made one.
    pub fn text(&self, key: Key) -> String {
        self.texts.with_value(|t| t.get(key).to_owned())
    }

    /// The text for `key` with its `%s` filled, when a value comes with it.
    pub fn said(&self, (key, arg): (Key, Option<String>)) -> String {
        match arg {
            Some(arg) => self.texts.with_value(|t| t.fill(key, &arg)),
            None => self.text(key),
        }
    }
}
