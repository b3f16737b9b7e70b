//! The loader's own attributes (`data-target`, `data-load`, `data-isolation`,
//! `data-stylesheet`, `data-reserve`): `embed.js` acts on them and falls back to its
//! defaults on a bad value; this names the attribute.

use super::{check_url, choice, whole, Raw, Report, Severity};

pub(super) fn check(raw: &Raw, report: &mut Report) {
    raw.read(
        report,
        "load",
        Severity::Invalid,
        choice(&[("lazy", ()), ("eager", ())]),
    );
    raw.read(
        report,
        "isolation",
        Severity::Invalid,
        choice(&[("page", ()), ("shadow", ())]),
    );
    raw.read(
        report,
        "reserve",
        Severity::Invalid,
        whole(1, 10_000, "a height in pixels"),
    );
    raw.read(report, "stylesheet", Severity::Invalid, |v| match v {
        "none" => Ok(()),
        url => check_url(url),
    });
    raw.read(report, "target", Severity::Invalid, |v| match v {
        "" => Err("is empty: give a CSS selector".to_owned()),
        _ => Ok(()),
    });
}
