//! What a new password must be (ASVS 2.1.1, 2.1.7). Length is what matters most (NIST SP
//! 800-63B): at least 12 characters. A password built from one of the passwords people
//! choose most often is refused, whatever digits and symbols surround it ("Password1234!"),
//! as are ones that are only a run of one character, a row of the keyboard or a sequence
//! ("aaaaaaaaaaaa", "qwertyuiop[]", "123456789012"). The list is offline and shipped with
//! the build (`common_passwords.txt`): a strength estimator such as zxcvbn would bring a
//! regex engine and several megabytes of dictionaries for the same refusal of the obvious,
//! and a breached-password service needs the network. The upper bound keeps argon2 from
//! being handed megabytes.

pub const MIN_CHARS: usize = 12;
pub const MAX_BYTES: usize = 1024;

const COMMON: &str = include_str!("common_passwords.txt");

/// Rows of the keyboards people type on, and the sequences they count along.
const SEQUENCES: [&str; 9] = [
    "1234567890",
    "0987654321",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "mnbvcxzlkjhgfdsapoiuytrewq",
    // Down the keyboard's columns.
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
];

pub fn check_new_password(password: &str, email: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_CHARS {
        return Err("Use at least 12 characters.");
    }
    if password.len() > MAX_BYTES {
        return Err("Passwords are limited to 1024 bytes.");
    }
    if !email.is_empty() && password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err("Do not use your e-mail address as your password.");
    }
    if is_guessable(password, email) {
        return Err(
            "This password is among the first that anyone would try. A few unrelated words make a strong, memorable one.",
        );
    }
    Ok(())
}

/// Whether `password` is one that guessing tries first.
fn is_guessable(password: &str, email: &str) -> bool {
    let folded: String = password
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '@' => 'a',
            '$' => 's',
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .collect();
    if folded.is_empty() {
        return true;
    }
    // One character over and over, or a run along a keyboard row or a sequence.
    let first = folded.chars().next().unwrap_or_default();
    if folded.chars().all(|c| c == first) {
        return true;
    }
    if folded.len() >= 4 && is_along_a_sequence(&folded) {
        return true;
    }
    // The core once leading and trailing digits are stripped: a common password, the
    // address's name, or nothing at all ("123456789012").
    let core = folded.trim_matches(|c: char| c.is_ascii_digit());
    if core.is_empty() || core.len() <= 2 {
        return true;
    }
    let local = email
        .split('@')
        .next()
        .unwrap_or_default()
        .to_lowercase()
        .replace(|c: char| !c.is_alphanumeric(), "");
    if local.len() >= 4 && core == local {
        return true;
    }
    // Digits standing for letters inside the core ("passw0rd").
    let plain: String = core
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            c => c,
        })
        .collect();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|common| {
            [core, plain.as_str()]
                .iter()
                .any(|c| *c == common || is_repeated(c, common))
        })
}

/// `text` is `unit` written several times ("qwertyqwerty").
fn is_repeated(text: &str, unit: &str) -> bool {
    !unit.is_empty()
        && text.len().is_multiple_of(unit.len())
        && text == unit.repeat(text.len() / unit.len())
}

/// Every step of `text` follows one of the sequences (wrapping round), as a typed row does.
fn is_along_a_sequence(text: &str) -> bool {
    SEQUENCES.iter().any(|seq| {
        let doubled = format!("{seq}{seq}");
        // Read in overlapping pieces of 4, so that a long run along a row is found even when
        // it wraps or repeats ("qwertyuiopqwerty").
        let chars: Vec<char> = text.chars().collect();
        chars.windows(4).all(|w| {
            let piece: String = w.iter().collect();
            doubled.contains(&piece)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert!(check_new_password("short", "").is_err());
        assert!(check_new_password("eleven char", "").is_err());
        assert!(check_new_password("long enough passphrase", "a@b.org").is_ok());
        assert!(check_new_password("someone@example.org", "someone@example.org").is_err());
        assert!(check_new_password(&"x".repeat(2000), "").is_err());
    }

    #[test]
    fn the_first_passwords_anyone_would_try_are_refused() {
        for guessable in [
            "password1234",
            "Password1234!",
            "1234password",
            "123456789012",
            "aaaaaaaaaaaa",
            "qwertyuiop[]",
            "qwertyqwerty",
            "1qaz2wsx3edc",
            "abcdefghijkl",
            "iloveyou2026",
            "P@ssw0rd2026",
            "Welcome12345",
            "sofia.bianchi99",
        ] {
            assert!(
                check_new_password(guessable, "sofia.bianchi@hsanmartino.example").is_err(),
                "{guessable}"
            );
        }
        for fine in [
            "glass-orchid-lantern-42",
            "correct horse battery staple",
            "Tortellini in Genoa 1997",
            "reviewer passphrase 2026",
        ] {
            assert!(
                check_new_password(fine, "ada@uni.example").is_ok(),
                "{fine}"
            );
        }
    }
}
