//! How many cases a property test runs: `PROPTEST_CASES`, or the file's default, and never
//! fewer than [`FLOOR`]. A property that ran zero cases proves nothing, and
//! `PROPTEST_CASES=0` would otherwise pass every property unseen.
//! Shared by `core/tests/fuzz.rs` and `server/tests/fuzz.rs` (`#[path]`).

use proptest::test_runner::Config;

/// The fewest cases any property runs.
pub const FLOOR: u32 = 32;

/// The case count for `PROPTEST_CASES` set to `env` (or unset), with `default` otherwise.
pub fn count(env: Option<&str>, default: u32) -> u32 {
    env.and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
        .max(FLOOR)
}

/// The proptest configuration for this run.
pub fn config(default: u32) -> Config {
    let env = std::env::var("PROPTEST_CASES").ok();
    Config::with_cases(count(env.as_deref(), default))
}

#[test]
fn zero_or_nonsense_cases_still_run_the_floor() {
    assert_eq!(count(Some("0"), 512), FLOOR);
    assert_eq!(count(Some("3"), 512), FLOOR);
    assert_eq!(count(Some("lots"), 512), 512);
    assert_eq!(count(None, 256), 256);
    assert_eq!(count(Some("5000"), 256), 5000);
}
