//! When a comment was written, as readers say it: relative for the last week, a date after.

use crate::i18n::{Key, Texts};

/// `created` (unix seconds) as seen at `now`: "baru saja", "5 menit yang lalu", "kemarin",
/// "3 hari yang lalu", then "27 November 2026" (in UTC+7, where most readers are, when
/// the page cannot say).
///
/// ```
/// use balasan::i18n::{Lang, Texts};
/// use balasan::list::when::when;
///
/// let id = Texts::new(Lang::Id);
/// assert_eq!(when(1_000, 1_000 + 5 * 60, 7 * 3600, &id), "5 menit yang lalu");
/// assert_eq!(when(1_795_000_000, 1_795_000_000 + 9 * 86_400, 7 * 3600, &id), "18 November 2026");
/// ```
pub fn when(created: i64, now: i64, offset_secs: i64, texts: &Texts) -> String {
    let ago = (now - created).max(0);
    let count = |key: Key, n: i64| texts.fill(key, &n.to_string());
    match ago {
        0..60 => texts.get(Key::JustNow).to_owned(),
        60..120 => texts.get(Key::MinuteAgo).to_owned(),
        120..3600 => count(Key::MinutesAgo, ago / 60),
        3600..7200 => texts.get(Key::HourAgo).to_owned(),
        7200..86_400 => count(Key::HoursAgo, ago / 3600),
        86_400..172_800 => texts.get(Key::Yesterday).to_owned(),
        172_800..604_800 => count(Key::DaysAgo, ago / 86_400),
        _ => {
            let (y, m, d) = civil(created + offset_secs);
            texts.lang().date(d, m, y)
        }
    }
}

/// The calendar day of unix time `t` (seconds): year, month 1-12, day 1-31.
pub fn civil(t: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil.
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Unix seconds of a UTC date and time (`2026-11-27T10:15:00`, what WordPress's
/// `date_gmt` holds); `None` for anything else.
pub fn parse_utc(s: &str) -> Option<i64> {
    let n = |a: usize, b: usize| Some(i64::from(s.get(a..b)?.parse::<u32>().ok()?));
    let (y, m, d) = (n(0, 4)?, n(5, 7)?, n(8, 10)?);
    let (hh, mm, ss) = (n(11, 13)?, n(14, 16)?, n(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    // days-from-civil, the inverse of `civil`.
    let y = y - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// The `datetime` of a `<time>`: `2026-11-27T10:15:00Z`.
pub fn iso(t: i64) -> String {
    let (y, m, d) = civil(t);
    let s = t.rem_euclid(86_400);
    let mut out = String::with_capacity(20);
    // By hand: `format!` with widths costs the wasm more than this.
    for (n, width, after) in [
        (y.max(0), 4, '-'),
        (i64::from(m), 2, '-'),
        (i64::from(d), 2, 'T'),
        (s / 3600, 2, ':'),
        (s / 60 % 60, 2, ':'),
        (s % 60, 2, 'Z'),
    ] {
        let digits = n.to_string();
        for _ in digits.len()..width {
            out.push('0');
        }
        out.push_str(&digits);
        out.push(after);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn relative_then_a_date() {
        let id = Texts::new(Lang::Id);
        let en = Texts::new(Lang::En);
        let t = 1_795_000_000;
        assert_eq!(when(t, t + 10, 0, &id), "baru saja");
        assert_eq!(when(t, t + 90, 0, &en), "a minute ago");
        assert_eq!(when(t, t + 2 * 3600 + 5, 0, &id), "2 jam yang lalu");
        assert_eq!(when(t, t + 86_400 + 5, 0, &id), "kemarin");
        assert_eq!(when(t, t + 3 * 86_400, 0, &en), "3 days ago");
        assert_eq!(when(t, t + 30 * 86_400, 0, &en), "November 18, 2026");
        // A clock a little behind the server's: never "in the future".
        assert_eq!(when(t + 30, t, 0, &id), "baru saja");
    }

    #[test]
    fn dates_round_trip() {
        for t in [0, 951_782_400, 1_795_000_000, 4_102_444_799] {
            assert_eq!(parse_utc(&iso(t)[..19]), Some(t));
        }
        assert_eq!(iso(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(parse_utc("2026-02-30"), None);
        assert_eq!(parse_utc("bukan tanggal"), None);
    }
}
