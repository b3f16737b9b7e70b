//! Moderators' names and passwords: what a name may be, what a password must be, and the
//! password's hash (Argon2id with a salt of its own per moderator; the parameters travel in
//! the hash string, so stronger ones later still read the old hashes).
//!
//! # Usage
//!
//! ```
//! use balasan_server::accounts::{hash, name, verify, password};
//!
//! let who = name("Sari.Redaksi").unwrap();
//! assert_eq!(who, "sari.redaksi"); // one account whatever the case typed
//! let secret = password("kopi-tubruk-pagi").unwrap();
//! let stored = hash(secret);
//! assert!(stored.starts_with("$argon2id$"));
//! assert!(verify(&stored, "kopi-tubruk-pagi"));
//! assert!(!verify(&stored, "kopi-tubruk-sore"));
//! ```

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The most characters a name has.
pub const NAME_MAX: usize = 64;
/// The fewest characters a password has (NIST SP 800-63B asks for at least 8; a moderator
/// can publish and delete on a newsroom's behalf).
pub const PASSWORD_MIN: usize = 10;
/// The most: a longer one is a mistake or an attempt to make hashing slow.
pub const PASSWORD_MAX: usize = 256;

/// What is wrong with a name or a password, as the shell says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NameEmpty,
    NameTooLong,
    /// Only ASCII letters, digits, `.`, `_` and `-` (a name is typed at a login form, on
    /// any keyboard, and shown in the audit trail).
    NameCharacters,
    PasswordTooShort,
    PasswordTooLong,
    /// A control character (a pasted line break, an escape).
    PasswordCharacters,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refused::NameEmpty => "a name is needed",
            Refused::NameTooLong => "a name has at most 64 characters",
            Refused::NameCharacters => {
                "a name has only letters a-z, digits, '.', '_' and '-' (no spaces)"
            }
            Refused::PasswordTooShort => "a password has at least 10 characters",
            Refused::PasswordTooLong => "a password has at most 256 characters",
            Refused::PasswordCharacters => "a password has no control characters",
        })
    }
}

impl std::error::Error for Refused {}

/// The name as kept: lowercase, so `Sari` and `sari` are one account.
pub fn name(typed: &str) -> Result<String, Refused> {
    if typed.is_empty() {
        return Err(Refused::NameEmpty);
    }
    if typed.len() > NAME_MAX {
        return Err(Refused::NameTooLong);
    }
    if !typed
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(Refused::NameCharacters);
    }
    Ok(typed.to_ascii_lowercase())
}

/// The password, if it may be one. Any characters but control ones; its length in
/// characters, not bytes.
pub fn password(typed: &str) -> Result<&str, Refused> {
    let count = typed.chars().count();
    if count < PASSWORD_MIN {
        return Err(Refused::PasswordTooShort);
    }
    if count > PASSWORD_MAX {
        return Err(Refused::PasswordTooLong);
    }
    if typed.chars().any(char::is_control) {
        return Err(Refused::PasswordCharacters);
    }
    Ok(typed)
}

/// The password's Argon2id hash (the crate's default parameters: 19 MiB, 2 passes, one
/// lane, OWASP's minimum), with 16 random bytes of salt, as a PHC string.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id hashes any password of a checked length")
        .to_string()
}

/// Whether `password` is the one `stored` was made from. A stored string that is not a
/// hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_and_one_case() {
        assert_eq!(name("Budi_S-2"), Ok("budi_s-2".into()));
        assert_eq!(name(""), Err(Refused::NameEmpty));
        assert_eq!(name(&"a".repeat(65)), Err(Refused::NameTooLong));
        assert_eq!(name(&"a".repeat(64)).map(|n| n.len()), Ok(64));
        for bad in ["budi santoso", "budi\n", "büdi", "budi;drop", "<b>"] {
            assert_eq!(name(bad), Err(Refused::NameCharacters), "{bad:?}");
        }
    }

    #[test]
    fn passwords_are_long_enough_and_have_no_controls() {
        assert_eq!(password("123456789"), Err(Refused::PasswordTooShort));
        // Characters, not bytes: nine letters of two bytes each are still too short.
        assert_eq!(password("ééééééééé"), Err(Refused::PasswordTooShort));
        assert!(password("sepuluh ch").is_ok());
        assert_eq!(password(&"x".repeat(257)), Err(Refused::PasswordTooLong));
        assert_eq!(
            password("kata sandi\nbaru"),
            Err(Refused::PasswordCharacters)
        );
    }

    #[test]
    fn each_hash_has_its_own_salt_and_says_its_parameters() {
        let one = hash("kopi-tubruk-pagi");
        let two = hash("kopi-tubruk-pagi");
        assert_ne!(one, two, "a salt per hash");
        assert!(one.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{one}");
        assert!(verify(&one, "kopi-tubruk-pagi") && verify(&two, "kopi-tubruk-pagi"));
        assert!(!verify(&one, "Kopi-tubruk-pagi"));
        assert!(!verify("not a hash", "kopi-tubruk-pagi"));
        assert!(!verify("", ""));
    }
}
