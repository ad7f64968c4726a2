//! argon2id password hashes (PHC strings). Hashing is deliberately slow, so it runs on the
//! blocking pool instead of stalling the async workers.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await?
}

/// Checks `password` against `hash`. With no user (`hash = None`) it still spends the
/// time of a verification, so response timing does not reveal which usernames exist.
pub async fn verify(hash: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && stored != DUMMY_HASH
    })
    .await
    .unwrap_or(false)
}

/// A valid argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2x1aWNlLWR1bW15LXNhbHQ$2sZcS0N4w7ZjNQXl7JH6vV5C8Yy3m0Qm3lO8Lh3p6Zk";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let h = hash("correct horse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Some(h.clone()), "correct horse".into()).await);
        assert!(!verify(Some(h), "Correct horse".into()).await);
        assert!(!verify(None, "anything".into()).await);
    }
}
