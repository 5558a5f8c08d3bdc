//! Argon2id password hashes (PHC strings). Hashing is deliberately slow, so callers run it
//! on the blocking pool.
//!
//! The hashing itself is argon2's; this module only hands it its working memory (19 MiB
//! with the default parameters) in a reservation the allocator returns to the system when
//! the hash is done. Left to itself, glibc's malloc serves a 19 MiB block from `mmap` once,
//! then raises its threshold for using `mmap` to 19 MiB (and for giving freed memory back
//! to 38 MiB): from the first sign-in on, every large buffer of every page stayed in the
//! process, and its peak memory under load grew by tens of MB (BENCHMARKS.md). Blocks
//! above 32 MiB are always mapped and never move that threshold; only the pages argon2
//! touches (19 MiB) are ever resident.

use std::sync::OnceLock;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

#[derive(Debug, thiserror::Error)]
#[error("could not hash the password: {0}")]
pub struct HashError(String);

/// glibc's largest dynamic `mmap` threshold (`DEFAULT_MMAP_THRESHOLD_MAX`, 32 MiB on 64-bit
/// systems), plus one MiB: a reservation this large is mapped on its own and unmapped on free.
const RESERVED_BLOCKS: usize = (32 + 1) * 1024 * 1024 / Block::SIZE;

/// Runs argon2 with its working memory in a reservation of its own (see the module comment).
fn hash_into(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let needed = argon2.params().block_count();
    let mut blocks: Vec<Block> = Vec::with_capacity(needed.max(RESERVED_BLOCKS));
    blocks.resize(needed, Block::new());
    argon2.hash_password_into_with_memory(password, salt, out, &mut blocks[..])
}

/// Hashes a new password with argon2id (argon2's default parameters: 19 MiB, 2 passes,
/// 1 lane, as OWASP recommends) and a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let error = |e: &dyn std::fmt::Display| HashError(e.to_string());
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| error(&e))?;
    let argon2 = Argon2::default();
    let params = argon2.params().clone();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    hash_into(&argon2, password.as_bytes(), &salt, &mut out).map_err(|e| error(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| error(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| error(&e))?),
        hash: Some(Output::new(&out).map_err(|e| error(&e))?),
    };
    Ok(phc.to_string())
}

/// True when `password` matches the stored PHC string, computed with the parameters stored
/// in it. A malformed stored hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(phc) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm.as_str()) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&phc) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    if hash_into(&argon2, password.as_bytes(), salt.as_ref(), &mut out).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// Verifies against a real hash of a throwaway password, so that logging in as an unknown
/// person costs the same time as a wrong password and timing reveals nothing.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY
        .get_or_init(|| hash_password("peerdesk-dummy-password-for-timing").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", ""));
        assert_ne!(
            h,
            hash_password("correct horse battery").unwrap(),
            "salts differ"
        );
    }

    /// Hashes stored before this module computed them itself, and any argon2 library's,
    /// still verify; ours verify with the library's own verifier.
    #[test]
    fn agrees_with_the_argon2_crate_both_ways() {
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string();
        assert!(verify_password("correct horse battery", &theirs));
        assert!(!verify_password("correct horse batterY", &theirs));

        let ours = hash_password("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"correct horse batterY", &parsed)
                .is_err()
        );

        // Other parameters (argon2i, fewer KiB) are read from the stored string.
        let other = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(8 * 1024, 3, 1, None).unwrap(),
        )
        .hash_password(b"s3cret")
        .unwrap()
        .to_string();
        assert!(
            other.starts_with("$argon2i$v=19$m=8192,t=3,p=1$"),
            "{other}"
        );
        assert!(verify_password("s3cret", &other));
        assert!(!verify_password("s3cret!", &other));
    }
}
