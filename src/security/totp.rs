//! Time-based one-time passwords (RFC 6238, the codes of any authenticator app), the QR code
//! that carries the shared key to the app, and recovery codes.
//!
//! The shared key is 160 random bits (RFC 4226's recommended length), given to the person
//! as base32 text and as a QR code of an `otpauth://` address. Codes are six digits over
//! 30-second steps with HMAC-SHA-1, the only combination every authenticator app reads. A
//! code is accepted one step early or late (clocks drift), and never twice: the step it
//! was accepted at is kept, and a code of that step or an earlier one is refused (RFC 6238
//! §5.2), so a code read over a shoulder cannot be replayed.
//!
//! The shared key cannot be hashed (the server computes codes from it); it is kept in the
//! database like a password hash's salt, and a database copy is as secret as the backups
//! already are. Recovery codes are random (50 bits each) and kept as SHA-256 hashes.

use qrcode::{Color, QrCode};

use crate::security::token::{constant_time_eq, hash_token};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// How many recovery codes a person gets at once.
pub const RECOVERY_CODES: usize = 10;

/// RFC 4648 base32 (upper case, no padding): what authenticator apps expect for the key.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    // As for tokens: without the OS's randomness no secret is safe, so stopping is right.
    #[expect(clippy::expect_used, reason = "no OS randomness means no safe secrets")]
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    buf
}

/// `bytes` in base32, without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Base32 text back to bytes; spaces and case are ignored, `None` for another character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32
            .iter()
            .position(|&b| b as char == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// A shared key: 20 random bytes, in base32 (32 characters).
pub fn new_shared_key() -> String {
    base32_encode(&random_bytes(20))
}

/// The key in groups of four, as a person types it into an app by hand.
pub fn key_for_typing(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The step a moment falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of one step (RFC 4226's HOTP of the step counter), `None` for a key that is not
/// base32.
pub fn code_at_step(key: &str, step: i64) -> Option<String> {
    let secret = base32_decode(key)?;
    let hmac_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &secret);
    let tag = ring::hmac::sign(&hmac_key, &step.to_be_bytes());
    let digest = tag.as_ref();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let truncated = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!(
        "{:0width$}",
        truncated % 10u32.pow(DIGITS),
        width = DIGITS as usize
    ))
}

/// The step at which `code` is right for `key` at `unix_seconds` (one step either side),
/// when that step is later than `last_used_step`; `None` otherwise. Spaces in the code are
/// ignored (apps show "123 456").
pub fn accepted_step(
    key: &str,
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    (now - 1..=now + 1)
        .filter(|step| last_used_step.is_none_or(|used| *step > used))
        .find(|step| code_at_step(key, *step).is_some_and(|c| constant_time_eq(&c, &code)))
}

/// The address an authenticator app reads from the QR code (Google's "Key Uri Format").
pub fn provisioning_uri(issuer: &str, account: &str, key: &str) -> String {
    let label = format!("{}:{}", percent(issuer), percent(account));
    format!(
        "otpauth://totp/{label}?secret={key}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent(issuer)
    )
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A QR code drawn as one SVG path: the page writes it into an `<svg>` element with the
/// template's ordinary escaping (the path holds only letters, digits and spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrDrawing {
    /// Modules per side, with the four-module quiet zone on each side.
    pub size: usize,
    /// `M x y h1 v1 h-1 z` for every dark module.
    pub path: String,
}

/// The QR code of `text`, or `None` when it does not fit in a QR code.
pub fn qr_drawing(text: &str) -> Option<QrDrawing> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    const QUIET: usize = 4;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            if !path.is_empty() {
                path.push(' ');
            }
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(QrDrawing {
        size: width + 2 * QUIET,
        path,
    })
}

/// Ten fresh recovery codes as shown once to the person ("abcde-fghij"), with the hashes to
/// keep.
pub fn new_recovery_codes() -> Vec<(String, String)> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw = base32_encode(&random_bytes(7))[..10].to_ascii_lowercase();
            let shown = format!("{}-{}", &raw[..5], &raw[5..]);
            let hash = recovery_code_hash(&shown);
            (shown, hash)
        })
        .collect()
}

/// The hash a recovery code is kept under: case, spaces and dashes do not count.
pub fn recovery_code_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hash_token(&format!("recovery:{normal}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B's SHA-1 key ("12345678901234567890" in ASCII).
    const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        assert_eq!(base32_encode(b"12345678901234567890"), RFC_KEY);
        // The RFC's eight-digit values, of which an app shows the last six.
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                code_at_step(RFC_KEY, step_at(time)).as_deref(),
                Some(&eight[2..]),
                "at {time}"
            );
        }
    }

    #[test]
    fn base32_round_trips_and_refuses_other_characters() {
        for n in 0..25 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)), Some(bytes));
        }
        assert_eq!(
            base32_decode("gezd gnbv"),
            base32_decode("GEZDGNBV"),
            "spaces and case do not count"
        );
        assert_eq!(base32_decode("GEZ1"), None, "1 is not base32");
        assert_eq!(new_shared_key().len(), 32);
        assert_eq!(key_for_typing("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn a_code_is_accepted_a_step_either_side_and_never_twice() {
        let key = new_shared_key();
        let now = 1_800_000_000;
        let code = code_at_step(&key, step_at(now)).unwrap_or_default();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(accepted_step(&key, &spaced, now, None), Some(step_at(now)));
        assert_eq!(
            accepted_step(&key, &code, now + 30, None),
            Some(step_at(now))
        );
        assert_eq!(
            accepted_step(&key, &code, now - 30, None),
            Some(step_at(now))
        );
        assert_eq!(accepted_step(&key, &code, now + 90, None), None, "too late");
        assert_eq!(
            accepted_step(&key, &code, now, Some(step_at(now))),
            None,
            "a used step is refused"
        );
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(accepted_step(&key, wrong, now, None), None);
        assert_eq!(accepted_step(&key, "12345", now, None), None);
        assert_eq!(accepted_step(&key, "abcdef", now, None), None);
    }

    #[test]
    fn the_provisioning_address_names_the_issuer_and_the_account() {
        let uri = provisioning_uri("peerdesk BMC Cancer", "ada@example.org", "ABCD");
        assert_eq!(
            uri,
            "otpauth://totp/peerdesk%20BMC%20Cancer:ada%40example.org?secret=ABCD&issuer=\
             peerdesk%20BMC%20Cancer&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_qr_drawing_is_a_square_of_plain_path_commands() {
        let qr = qr_drawing(&provisioning_uri("peerdesk", "a@b.org", &new_shared_key()))
            .unwrap_or_else(|| panic!("a short address fits"));
        assert!(qr.size >= 21 + 8);
        assert!(qr.path.starts_with('M'));
        assert!(
            qr.path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        );
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_kept_hashed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut shown: Vec<&str> = codes.iter().map(|(c, _)| c.as_str()).collect();
        shown.sort_unstable();
        shown.dedup();
        assert_eq!(shown.len(), RECOVERY_CODES);
        let (code, hash) = &codes[0];
        assert_eq!(code.len(), 11);
        assert_ne!(code, hash);
        assert_eq!(
            &recovery_code_hash(&code.to_uppercase().replace('-', " ")),
            hash
        );
    }
}
