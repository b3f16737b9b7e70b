//! Per-IP rate limiting: a token bucket per address, in memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimit {
    burst: f64,
    /// Tokens regained per second.
    refill: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    /// `burst` requests at once, regained evenly over `window`.
    pub fn new(burst: u32, window: Duration) -> RateLimit {
        RateLimit {
            burst: f64::from(burst.max(1)),
            refill: f64::from(burst.max(1)) / window.as_secs_f64().max(0.001),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`, or says how many whole seconds until one is free.
    pub fn take(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded: forget addresses whose bucket has refilled.
        if buckets.len() > 10_000 {
            let full = Duration::from_secs_f64(self.burst / self.refill);
            buckets.retain(|_, (_, t)| now.duration_since(*t) < full);
        }
        let (tokens, last) = buckets.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.refill).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_wait() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        assert_eq!(limit.take(ip, t0), Ok(()));
        assert_eq!(limit.take(ip, t0), Ok(()));
        assert_eq!(limit.take(ip, t0), Err(30));
        // Another address has its own bucket.
        assert_eq!(limit.take("10.0.0.2".parse().unwrap(), t0), Ok(()));
        assert_eq!(limit.take(ip, t0 + Duration::from_secs(31)), Ok(()));
    }
}
