//! `custom`: a backend described by the site's attributes. It starts from the native wire,
//! which `data-fields` renames slot by slot and `data-encoding` may switch to a form post
//! (see `crate::config`); replies are read as the native contract's. It lists only through
//! `data-list-url` (the native list's shape).

pub(super) use super::{no_list as list_url, no_page as read_list};
/// No list of its own (`Preset::may_list`).
pub(super) const LISTS: bool = false;
use crate::outcome::{Outcome, Reply};
use crate::request::Wire;

pub(super) fn wire() -> Wire {
    super::balasan::wire()
}

pub(super) fn interpret(reply: &Reply, wire: &Wire) -> Outcome {
    super::balasan::interpret(reply, wire)
}
