//! A template of the form's markup: the pre-rendered HTML with holes for what a site's
//! settings change, so one template serves every site and language. The loader fills the
//! holes (`loader/embed.js`, `expand`); [`expand`] is the same algorithm here, so the build
//! (`prerender/`) can check every filled template against the components' own HTML, and
//! the browser tests can put a pre-rendered form on a test page as the loader does.
//!
//! Not part of the widget's wasm: nothing there calls it.
//!
//! Holes:
//! - a text of the language table, in text or attribute position (whole, or the part before
//!   or after its `%s`);
//! - the id prefix;
//! - a switch: a stretch of markup with one version per value of a setting (a required
//!   field, the question on or off, the theme, the language's `lang` attribute).
//!
//! Holes are found by rendering with marked values: texts and the id prefix as private-use
//! characters ([`text_mark`], [`PREFIX_MARK`]), switches by rendering each value and
//! keeping what differs from the base rendering.

use std::collections::BTreeMap;

/// Marks the id prefix in a rendering.
pub const PREFIX_MARK: char = '\u{E001}';
const TEXT_OPEN: char = '\u{E002}';
const TEXT_CLOSE: char = '\u{E003}';

/// Which part of a text goes in a hole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    Whole,
    /// Before its `%s` (the component splits the text there).
    Before,
    After,
}

impl Piece {
    fn code(self) -> char {
        match self {
            Piece::Whole => 'w',
            Piece::Before => 'b',
            Piece::After => 'a',
        }
    }

    fn from_code(c: char) -> Option<Piece> {
        Some(match c {
            'w' => Piece::Whole,
            'b' => Piece::Before,
            'a' => Piece::After,
            _ => return None,
        })
    }
}

/// The mark that stands for `piece` of text number `key` in a rendering.
pub fn text_mark(key: usize, piece: Piece) -> String {
    format!("{TEXT_OPEN}{key}{}{TEXT_CLOSE}", piece.code())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Html(String),
    Text {
        key: usize,
        piece: Piece,
        in_attribute: bool,
    },
    Prefix,
    Switch {
        name: String,
        cases: BTreeMap<String, Vec<Part>>,
    },
}

/// Splits a rendering at its marks. `in_attribute` says whether the rendering starts inside
/// a tag's attribute value (for switch cases cut out of the middle of a tag).
pub fn tokenize(html: &str, in_attribute: bool) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = html.chars().peekable();
    let mut scan = Scan {
        in_tag: false,
        in_attribute,
    };
    while let Some(c) = chars.next() {
        match c {
            PREFIX_MARK => {
                flush(&mut literal, &mut parts);
                parts.push(Part::Prefix);
            }
            TEXT_OPEN => {
                flush(&mut literal, &mut parts);
                let mut body = String::new();
                for c in chars.by_ref() {
                    if c == TEXT_CLOSE {
                        break;
                    }
                    body.push(c);
                }
                let piece = body.pop().and_then(Piece::from_code).expect("a piece code");
                parts.push(Part::Text {
                    key: body.parse().expect("a key number"),
                    piece,
                    in_attribute: scan.in_attribute || scan.in_tag,
                });
            }
            _ => {
                scan.step(c);
                literal.push(c);
            }
        }
    }
    flush(&mut literal, &mut parts);
    parts
}

fn flush(literal: &mut String, parts: &mut Vec<Part>) {
    if !literal.is_empty() {
        parts.push(Part::Html(std::mem::take(literal)));
    }
}

/// Where one switch's versions differ from the base rendering: the base's bytes
/// `start..end`, and each value's own bytes there.
#[derive(Clone, Debug)]
pub struct Region {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub cases: BTreeMap<String, String>,
}

/// The stretch of `base` that differs in any of `versions` (value → rendering), cut at the
/// same places in each. Fails when no version differs.
pub fn region(name: &str, base: &str, versions: &BTreeMap<String, String>) -> Region {
    let mut prefix = base.len();
    let mut suffix = base.len();
    for v in versions.values() {
        prefix = prefix.min(common_prefix(base, v));
        suffix = suffix.min(common_suffix(base, v));
    }
    // Each version must keep its own middle: no overlap of prefix and suffix in any of them.
    let shortest = versions
        .values()
        .map(String::len)
        .chain([base.len()])
        .min()
        .unwrap();
    suffix = suffix.min(shortest - prefix);
    assert!(
        prefix + suffix < base.len() || versions.values().any(|v| v.len() != base.len()),
        "switch {name} changes nothing"
    );
    let cases = versions
        .iter()
        .map(|(k, v)| (k.clone(), v[prefix..v.len() - suffix].to_owned()))
        .collect();
    Region {
        name: name.to_owned(),
        start: prefix,
        end: base.len() - suffix,
        cases,
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let n = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    floor_char(a, n)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let n = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    n
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a scan of the form's HTML is: in a tag, in a double-quoted attribute value.
struct Scan {
    in_tag: bool,
    in_attribute: bool,
}

impl Scan {
    fn step(&mut self, c: char) {
        match c {
            '<' if !self.in_attribute => self.in_tag = true,
            '>' if !self.in_attribute => self.in_tag = false,
            '"' if self.in_tag || self.in_attribute => {
                self.in_attribute = !self.in_attribute;
                self.in_tag = !self.in_attribute;
            }
            _ => {}
        }
    }
}

/// Whether byte `at` of `html` is inside a double-quoted attribute value.
fn inside_attribute(html: &str, at: usize) -> bool {
    let mut scan = Scan {
        in_tag: false,
        in_attribute: false,
    };
    html[..at].chars().for_each(|c| scan.step(c));
    scan.in_attribute
}

/// The template: `base` with its switch regions (which must not overlap) as switches.
pub fn build(base: &str, mut regions: Vec<Region>) -> Vec<Part> {
    regions.sort_by_key(|r| r.start);
    for pair in regions.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "switches {} and {} overlap",
            pair[0].name,
            pair[1].name
        );
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for r in regions {
        parts.extend(tokenize(&base[at..r.start], inside_attribute(base, at)));
        let in_attribute = inside_attribute(base, r.start);
        parts.push(Part::Switch {
            name: r.name,
            cases: r
                .cases
                .into_iter()
                .map(|(k, html)| (k, tokenize(&html, in_attribute)))
                .collect(),
        });
        at = r.end;
    }
    parts.extend(tokenize(&base[at..], inside_attribute(base, at)));
    parts
}

/// What to fill a template with.
pub struct Fill<'a> {
    /// Text number → the text (with its `%s`, if it has one).
    pub texts: &'a [String],
    pub prefix: &'a str,
    /// Switch name → its value.
    pub switches: &'a BTreeMap<String, String>,
}

/// The HTML a template makes with `fill`, written as the loader writes it.
pub fn expand(parts: &[Part], fill: &Fill) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Html(h) => out.push_str(h),
            Part::Prefix => out.push_str(fill.prefix),
            Part::Text {
                key,
                piece,
                in_attribute,
            } => {
                let text = &fill.texts[*key];
                let (before, after) = text.split_once("%s").unwrap_or((text, ""));
                let piece = match piece {
                    Piece::Whole => text.as_str(),
                    Piece::Before => before,
                    Piece::After => after,
                };
                match (in_attribute, piece.is_empty()) {
                    (true, _) => out.push_str(&escape(piece, true)),
                    // An empty text renders as one space: the text node must be there.
                    (false, true) => out.push(' '),
                    (false, false) => out.push_str(&escape(piece, false)),
                }
            }
            Part::Switch { name, cases } => {
                let value = &fill.switches[name];
                out.push_str(&expand(&cases[value], fill));
            }
        }
    }
    out
}

/// HTML escaping as the components' renderer does it (`&`, `<`, `>`; and `"` in attributes).
pub fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, in_attribute);
    out
}

/// [`escape`], onto the end of `out`.
pub fn escape_into(out: &mut String, s: &str, in_attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The template as the loader reads it, compact: HTML as strings; `[0, key, piece,
/// attribute]` a text (piece `w`, `b` or `a`; attribute 1 or 0); `[1]` the id prefix;
/// `[2, name, {value: parts}]` a switch.
pub fn to_json(parts: &[Part]) -> String {
    let items: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Part::Html(h) => json_string(h),
            Part::Text {
                key,
                piece,
                in_attribute,
            } => format!("[0,{key},\"{}\",{}]", piece.code(), u8::from(*in_attribute)),
            Part::Prefix => "[1]".to_owned(),
            Part::Switch { name, cases } => {
                let cases: Vec<String> = cases
                    .iter()
                    .map(|(k, v)| format!("{}:{}", json_string(k), to_json(v)))
                    .collect();
                format!("[2,{},{{{}}}]", json_string(name), cases.join(","))
            }
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A JSON string, also safe inside a `<script>` (no `</`).
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads the template back from [`to_json`]'s text.
pub fn from_json(text: &str) -> Option<Vec<Part>> {
    from_value(&crate::json::parse(text)?)
}

/// Reads the template from its parsed JSON.
pub fn from_value(list: &crate::json::Value) -> Option<Vec<Part>> {
    use crate::json::Value;
    crate::json::items(list)
        .iter()
        .map(|item| match item {
            Value::String(h) => Some(Part::Html(h.clone())),
            Value::Array(a) => match a.first()?.as_u64()? {
                0 => Some(Part::Text {
                    key: a.get(1)?.as_u64()? as usize,
                    piece: Piece::from_code(a.get(2)?.as_str()?.chars().next()?)?,
                    in_attribute: a.get(3)?.as_u64()? == 1,
                }),
                1 => Some(Part::Prefix),
                2 => Some(Part::Switch {
                    name: a.get(1)?.as_str()?.to_owned(),
                    cases: crate::json::members(a.get(2)?)
                        .map(|(k, v)| Some((k.clone(), from_value(v)?)))
                        .collect::<Option<_>>()?,
                }),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_holes_in_their_position() {
        let html = format!(
            "<p id=\"{PREFIX_MARK}x\" title=\"{}\">{}</p>",
            text_mark(3, Piece::Whole),
            text_mark(4, Piece::Before)
        );
        assert_eq!(
            tokenize(&html, false),
            vec![
                Part::Html("<p id=\"".into()),
                Part::Prefix,
                Part::Html("x\" title=\"".into()),
                Part::Text {
                    key: 3,
                    piece: Piece::Whole,
                    in_attribute: true
                },
                Part::Html("\">".into()),
                Part::Text {
                    key: 4,
                    piece: Piece::Before,
                    in_attribute: false
                },
                Part::Html("</p>".into()),
            ]
        );
    }

    #[test]
    fn a_switch_reproduces_each_version() {
        let base = "<div data-theme=\"light\"><b>x</b></div>";
        let versions: BTreeMap<String, String> = [
            ("light", base.to_owned()),
            ("dark", base.replace("light", "dark")),
            ("auto", base.replace("light", "auto")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let parts = build(base, vec![region("theme", base, &versions)]);
        assert_eq!(from_json(&to_json(&parts)), Some(parts.clone()));
        for (value, html) in &versions {
            let switches = [("theme".to_owned(), value.clone())].into();
            let fill = Fill {
                texts: &[],
                prefix: "",
                switches: &switches,
            };
            assert_eq!(&expand(&parts, &fill), html);
        }
    }
}
