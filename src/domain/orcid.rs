//! An ORCID iD (`0000-0002-1825-0097`), checked with its ISO 7064 11,2 check character.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcid(String);

impl Orcid {
    /// Accepts the bare iD or its URL form (`https://orcid.org/…`), with or without hyphens.
    pub fn parse(input: &str) -> Result<Orcid, &'static str> {
        let trimmed = input.trim();
        let bare = trimmed
            .strip_prefix("https://orcid.org/")
            .or_else(|| trimmed.strip_prefix("http://orcid.org/"))
            .or_else(|| trimmed.strip_prefix("orcid.org/"))
            .unwrap_or(trimmed);
        let chars: Vec<char> = bare.chars().filter(|c| *c != '-').collect();
        if chars.len() != 16
            || !chars[..15].iter().all(|c| c.is_ascii_digit())
            || !(chars[15].is_ascii_digit() || chars[15] == 'X' || chars[15] == 'x')
        {
            return Err(
                "An ORCID iD has 16 characters (digits; the last may be X), like 0000-0002-1825-0097.",
            );
        }
        let mut total: u32 = 0;
        for c in &chars[..15] {
            total = (total + c.to_digit(10).unwrap_or(0)) * 2;
        }
        let remainder = total % 11;
        let check = (12 - remainder) % 11;
        let expected = if check == 10 {
            'X'
        } else {
            char::from_digit(check, 10).unwrap_or('?')
        };
        if chars[15].to_ascii_uppercase() != expected {
            return Err(
                "That ORCID iD's check digit is wrong; please copy it again from orcid.org.",
            );
        }
        let digits: String = chars.iter().map(|c| c.to_ascii_uppercase()).collect();
        Ok(Orcid(format!(
            "{}-{}-{}-{}",
            &digits[0..4],
            &digits[4..8],
            &digits[8..12],
            &digits[12..16]
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What to keep of an ORCID field as typed into a form that may be saved unfinished (a
    /// draft): nothing when empty, the iD in its one form when valid (so a pasted
    /// `https://orcid.org/…` link is never stored, linked or exported as typed), and
    /// otherwise the text as typed, for its author to correct before submitting.
    pub fn as_typed_or_normal(input: &str) -> Option<String> {
        let typed = input.trim();
        if typed.is_empty() {
            return None;
        }
        Some(Orcid::parse(typed).map_or_else(|_| typed.to_owned(), |o| o.0))
    }
}

impl fmt::Display for Orcid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_ids_in_every_form() {
        assert_eq!(
            Orcid::parse("0000-0002-1825-0097").unwrap().as_str(),
            "0000-0002-1825-0097"
        );
        assert_eq!(
            Orcid::parse("https://orcid.org/0000-0002-1694-233X")
                .unwrap()
                .as_str(),
            "0000-0002-1694-233X"
        );
        assert_eq!(
            Orcid::parse("000000021694233x").unwrap().as_str(),
            "0000-0002-1694-233X"
        );
    }

    #[test]
    fn typed_ids_are_kept_in_their_one_form() {
        assert_eq!(Orcid::as_typed_or_normal("  "), None);
        assert_eq!(
            Orcid::as_typed_or_normal(" https://orcid.org/0000-0002-1825-0097 ").as_deref(),
            Some("0000-0002-1825-0097")
        );
        assert_eq!(
            Orcid::as_typed_or_normal("0000-0002-1825-009").as_deref(),
            Some("0000-0002-1825-009"),
            "an unfinished one is kept for its author to correct"
        );
    }

    #[test]
    fn refuses_bad_checksum_and_shape() {
        assert!(Orcid::parse("0000-0002-1825-0098").is_err());
        assert!(Orcid::parse("0000-0002-1825").is_err());
        assert!(Orcid::parse("0000-000A-1825-0097").is_err());
    }
}
