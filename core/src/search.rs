//! Finding one text in another, by a plain scan. `str::find` with a `&str` pattern, and
//! what is built on it (`contains`, `replace`, `split`, `split_once`), bring std's Two-Way
//! searcher, about 1.9 KB of the widget's wasm; the texts searched here are a reply's
//! error, a comment, a URL or a sentence, and the needles a few bytes long.
//!
//! A single character is a one-character needle here (`search::split(v, ",")`): `char`
//! patterns bring std's `CharSearcher` (and, for a character outside ASCII, Two-Way too).
//!
//! A match found byte by byte starts on a character boundary: a needle that is valid
//! UTF-8 cannot begin with a continuation byte.
//!
//! # Usage
//! ```
//! use balasan_core::search;
//!
//! assert_eq!(search::find("https://contoh.id", "://"), Some(5));
//! assert!(search::contains("too long for Isso", "too long"));
//! assert_eq!(search::split_once("Balas ke %s!", "%s"), Some(("Balas ke ", "!")));
//! assert_eq!(search::replace("a &amp; b &amp; c", "&amp;", "&"), "a & b & c");
//! assert_eq!(search::replacen("%s dari %s", "%s", "Sari", 1), "Sari dari %s");
//! assert_eq!(search::split("a\n\nb", "\n\n").collect::<Vec<_>>(), ["a", "b"]);
//! assert_eq!(search::rsplit_once("[::1]:8080", ":"), Some(("[::1]", "8080")));
//! ```

/// Where `needle` first starts in `hay` (`Some(0)` for an empty needle, as `str::find`).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(n.len()).position(|w| w == n)
}

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// The text before and after the first `needle`.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(hay, needle)?;
    Some((&hay[..at], &hay[at + needle.len()..]))
}

/// Where `needle` last starts in `hay`.
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(hay.len());
    }
    hay.as_bytes().windows(n.len()).rposition(|w| w == n)
}

/// The text before and after the last `needle`.
pub fn rsplit_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = rfind(hay, needle)?;
    Some((&hay[..at], &hay[at + needle.len()..]))
}

/// The pieces of `hay` between the occurrences of `sep` (a non-empty needle).
pub fn split<'a>(hay: &'a str, sep: &'a str) -> impl Iterator<Item = &'a str> {
    splitn(hay, usize::MAX, sep)
}

/// At most `n` pieces of `hay` between the occurrences of `sep` (a non-empty needle); the
/// last piece holds the rest.
pub fn splitn<'a>(hay: &'a str, n: usize, sep: &'a str) -> impl Iterator<Item = &'a str> {
    let mut rest = Some(hay);
    let mut left = n;
    std::iter::from_fn(move || {
        let r = rest?;
        left = left.checked_sub(1)?;
        match split_once(r, sep).filter(|_| left > 0) {
            Some((piece, after)) => {
                rest = Some(after);
                Some(piece)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The lines of `hay`, as `str::lines` gives them: split at `\n`, with the `\r` of a `\r\n`
/// dropped, and no empty line after a final `\n`.
pub fn lines(hay: &str) -> impl Iterator<Item = &str> {
    let mut rest = hay;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        Some(match split_once(rest, "\n") {
            Some((line, after)) => {
                rest = after;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        })
    })
}

/// `hay` with its first `n` occurrences of `from` (a non-empty needle) replaced by `to`.
pub fn replacen(hay: &str, from: &str, to: &str, n: usize) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    for _ in 0..n {
        let Some((before, after)) = split_once(rest, from) else {
            break;
        };
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `hay` with every occurrence of `from` (a non-empty needle) replaced by `to`.
pub fn replace(hay: &str, from: &str, to: &str) -> String {
    replacen(hay, from, to, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_std(hay in "[ab%sé\n]{0,24}", needle in "[ab%sé\n]{1,3}", to in "[xé]{0,2}") {
            prop_assert_eq!(find(&hay, &needle), hay.find(needle.as_str()));
            prop_assert_eq!(split_once(&hay, &needle), hay.split_once(needle.as_str()));
            prop_assert_eq!(rfind(&hay, &needle), hay.rfind(needle.as_str()));
            prop_assert_eq!(rsplit_once(&hay, &needle), hay.rsplit_once(needle.as_str()));
            prop_assert_eq!(split(&hay, &needle).collect::<Vec<_>>(), hay.split(needle.as_str()).collect::<Vec<_>>());
            for n in 0..4 {
                prop_assert_eq!(splitn(&hay, n, &needle).collect::<Vec<_>>(), hay.splitn(n, needle.as_str()).collect::<Vec<_>>());
            }
            prop_assert_eq!(replace(&hay, &needle, &to), hay.replace(needle.as_str(), &to));
            prop_assert_eq!(replacen(&hay, &needle, &to, 1), hay.replacen(needle.as_str(), &to, 1));
        }
    }

    proptest! {
        #[test]
        fn lines_as_std(hay in "[a\r\n]{0,12}") {
            prop_assert_eq!(lines(&hay).collect::<Vec<_>>(), hay.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn an_empty_needle_is_found_at_the_start() {
        assert_eq!(find("abc", ""), Some(0));
        assert_eq!(find("", "a"), None);
    }
}
