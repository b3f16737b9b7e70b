//! How failed logins slow a guesser down: counted per typed name and per address, in the
//! store (every server sees the same counts). A name gets 5 tries, an address 20 (a
//! newsroom's moderators may share one); then logins under that key are refused for 30
//! seconds, and each further failure doubles the wait up to 15 minutes. While refused, a
//! password is not even checked, so a guesser learns nothing, right password or not. An
//! hour without a failure and the count starts again.

/// Failures in a row under one name before logins for it wait.
pub const NAME_TRIES: i64 = 5;
/// Failures in a row from one address (or IPv6 network) before logins from it wait.
pub const ADDRESS_TRIES: i64 = 20;
/// The first wait, in seconds.
pub const FIRST_WAIT: i64 = 30;
/// The longest wait, in seconds.
pub const LONGEST_WAIT: i64 = 15 * 60;
/// Seconds without a failure after which the count starts again.
pub const MEMORY: i64 = 60 * 60;

/// The key of a typed name (as typed, lowercase, at most 64 characters: names that
/// cannot exist are counted too, and answered alike).
pub fn name_key(typed: &str) -> String {
    let lower: String = typed.chars().take(64).collect::<String>().to_lowercase();
    format!("name:{lower}")
}

/// The key of an address's rate bucket ([`crate::proxy::bucket`]).
pub fn address_key(bucket: &str) -> String {
    format!("addr:{bucket}")
}

/// Seconds logins wait after `failures` in a row, with `tries` allowed; `None` before.
///
/// ```
/// use balasan_server::admin::throttle::wait;
///
/// assert_eq!(wait(4, 5), None);
/// assert_eq!(wait(5, 5), Some(30));
/// assert_eq!(wait(6, 5), Some(60));
/// assert_eq!(wait(9, 5), Some(480));
/// assert_eq!(wait(10, 5), Some(900));
/// assert_eq!(wait(1_000, 5), Some(900));
/// ```
pub fn wait(failures: i64, tries: i64) -> Option<i64> {
    let over = failures.checked_sub(tries).filter(|o| *o >= 0)?;
    Some(
        FIRST_WAIT
            .saturating_mul(1 << over.min(20))
            .min(LONGEST_WAIT),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_case_and_bounded() {
        assert_eq!(name_key("Sari"), "name:sari");
        assert_eq!(name_key(&"A".repeat(500)).len(), "name:".len() + 64);
        assert_eq!(address_key("203.0.113.9"), "addr:203.0.113.9");
    }

    #[test]
    fn waits_grow_then_stop_growing() {
        let waits: Vec<_> = (0..30).filter_map(|f| wait(f, ADDRESS_TRIES)).collect();
        assert_eq!(&waits[..6], [30, 60, 120, 240, 480, 900]);
        assert!(waits[6..].iter().all(|w| *w == LONGEST_WAIT));
    }
}
