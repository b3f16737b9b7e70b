//! The one clock: unix seconds, for stored comments, challenge expiry and idempotency
//! records.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970, or 0 on a clock set before it.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
