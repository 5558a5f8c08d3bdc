//! What a new password must be. Length is what matters (NIST SP 800-63B); the upper bound
//! keeps argon2 from being handed megabytes.

pub const MIN_CHARS: usize = 10;
pub const MAX_BYTES: usize = 1024;

pub fn check_new_password(password: &str, email: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_CHARS {
        return Err("Use at least 10 characters.");
    }
    if password.len() > MAX_BYTES {
        return Err("Passwords are limited to 1024 bytes.");
    }
    if !email.is_empty() && password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err("Do not use your e-mail address as your password.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert!(check_new_password("short", "").is_err());
        assert!(check_new_password("long enough passphrase", "a@b.org").is_ok());
        assert!(check_new_password("someone@example.org", "someone@example.org").is_err());
        assert!(check_new_password(&"x".repeat(2000), "").is_err());
    }
}
