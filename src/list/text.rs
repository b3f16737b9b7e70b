//! A plain-text comment as the page shows it: paragraphs at blank lines, line breaks, and
//! http(s) addresses as links. Nothing in it is ever markup.

/// A piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Paragraphs → lines → pieces.
///
/// ```
/// use balasan::list::text::{paragraphs, Piece};
///
/// let p = paragraphs("Lihat https://contoh.id/a, ya.\n\nTerima kasih");
/// assert_eq!(p[0][0], vec![Piece::Text("Lihat "), Piece::Link("https://contoh.id/a"), Piece::Text(", ya.")]);
/// assert_eq!(p[1][0], vec![Piece::Text("Terima kasih")]);
/// ```
pub fn paragraphs(text: &str) -> Vec<Vec<Vec<Piece<'_>>>> {
    let normal = text.trim();
    normal
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.lines().map(pieces).collect())
        .collect()
}

fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = find_link(rest) {
        let (before, from) = rest.split_at(at);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(from.len());
        // Trailing punctuation ends a sentence, not the address.
        let link = from[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        out.push(Piece::Link(link));
        rest = &from[link.len()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Where the next http(s) address starts.
fn find_link(s: &str) -> Option<usize> {
    let http = s.find("http://");
    let https = s.find("https://");
    let at = match (http, https) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    // "http://" alone is not an address.
    let scheme = if s[at..].starts_with("https://") {
        8
    } else {
        7
    };
    match s[at + scheme..].chars().next() {
        Some(c) if !c.is_whitespace() => Some(at),
        _ => find_link(&s[at + scheme..]).map(|i| i + at + scheme),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_paragraphs_and_links() {
        let p = paragraphs("Satu\nDua http:// bukan\n\n\nTiga (https://a.id/x?y=1).");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 2);
        assert_eq!(p[0][1], vec![Piece::Text("Dua http:// bukan")]);
        assert_eq!(
            p[1][0],
            vec![
                Piece::Text("Tiga ("),
                Piece::Link("https://a.id/x?y=1"),
                Piece::Text(").")
            ]
        );
        assert!(paragraphs("  \n\n ").is_empty());
        // Markup is text: an address stops at a quote or a bracket.
        assert_eq!(
            paragraphs("<a href=\"javascript:x\">https://a.id\"onmouseover=x</a>")[0][0][1],
            Piece::Link("https://a.id")
        );
    }
}
