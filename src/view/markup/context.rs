//! What every part of one form's markup shares, through Leptos context rather than props
//! through every layer: [`CommentForm`](super::CommentForm) provides it, its parts take it
//! with [`Shared::get`].

use leptos::prelude::*;

use crate::i18n::{Key, Texts};
use crate::view::Ids;

/// One form's ids and strings. `Copy`, so every closure can hold it.
#[derive(Clone, Copy)]
pub struct Shared {
    ids: StoredValue<Ids>,
    texts: StoredValue<Texts>,
}

impl Shared {
    /// Makes `ids` and `texts` the context of the components created after it.
    pub fn provide(ids: Ids, texts: Texts) -> Shared {
        let shared = Shared {
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

    /// The text for `key`, with the site's override if it made one.
    pub fn text(&self, key: Key) -> String {
        self.texts.with_value(|t| t.get(key).to_owned())
    }
}
