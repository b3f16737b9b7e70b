//! The one clock: unix seconds, for stored comments, challenge expiry and idempotency
//! records; milliseconds for rate limits. Wall time, not a monotonic clock: servers on one
//! database compare their readings (the rate-limit buckets tolerate clocks that differ).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970, or 0 on a clock set before it.
pub fn unix_now() -> i64 {
    unix_now_ms() / 1000
}

/// Milliseconds since 1970, for rate-limit buckets.
pub fn unix_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
