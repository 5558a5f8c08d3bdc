//! An e-mail address as people type it: trimmed, lower-cased, plausibly deliverable.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<EmailAddress, &'static str> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err("Enter an e-mail address.");
        }
        if value.len() > 254 {
            return Err("That e-mail address is too long.");
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err("Enter an e-mail address like name@example.org.");
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err("Enter an e-mail address like name@example.org.");
        }
        Ok(EmailAddress(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, used by the institution rules of conflict detection.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        let e = EmailAddress::parse("  B.Dalmasso@HSANMARTINO.example ").unwrap();
        assert_eq!(e.as_str(), "b.dalmasso@hsanmartino.example");
        assert_eq!(e.domain(), "hsanmartino.example");
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "",
            "plain",
            "a@b",
            "@x.org",
            "a@.org",
            "a..b@x.org",
            "a b@x.org",
            "a@x_y.org",
            "a@-x.org",
        ] {
            assert!(
                EmailAddress::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }
}
