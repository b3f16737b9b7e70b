//! Browser seam: unpredictable numbers from `crypto.getRandomValues`.
//!
//! Captcha questions and idempotency keys must not be guessable from the page, so
//! `Math.random` is not good enough.

/// Fills `buf` with cryptographically random bytes.
pub fn fill(buf: &mut [u8]) {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    // Every browser that runs WebAssembly has crypto; if it is somehow missing, a
    // time-seeded fallback still produces questions (a captcha is a speed bump, not a lock).
    if crypto
        .and_then(|c| c.get_random_values_with_u8_array(buf).ok())
        .is_none()
    {
        let mut x = js_sys::Date::now() as u64 | 1;
        for b in buf {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
}

/// One random `u32`.
pub fn u32() -> u32 {
    let mut b = [0u8; 4];
    fill(&mut b);
    u32::from_le_bytes(b)
}

/// 128 random bits as 32 hex digits: an idempotency key for one comment.
pub fn token() -> String {
    let mut b = [0u8; 16];
    fill(&mut b);
    hex::encode(b)
}
