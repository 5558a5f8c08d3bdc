//! Random single-use tokens: the person gets the token, the database keeps its SHA-256.

use sha2::{Digest, Sha256};

/// A fresh token (64 hex characters, 256 random bits) and the hash to store.
pub struct NewToken {
    pub token: String,
    pub hash: String,
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // getrandom only fails when the OS has no randomness source at all; running without one
    // would make every token guessable, so stopping is the only safe answer.
    #[expect(clippy::expect_used, reason = "no OS randomness means no safe tokens")]
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    hex::encode(buf)
}

pub fn new_token() -> NewToken {
    let token = random_hex(32);
    let hash = hash_token(&token);
    NewToken { token, hash }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.token.len(), 64);
        assert_ne!(a.token, b.token);
        assert_eq!(hash_token(&a.token), a.hash);
        assert_ne!(a.hash, a.token);
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
