//! A person's name as they want it shown: non-empty, bounded, no control characters; and
//! the same name in its parts as the scholarly record files it (given names, family name,
//! and the order the person writes them in), from which the shown name is built.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, &'static str> {
        let value = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err("Enter your name.");
        }
        if value.chars().count() > 200 {
            return Err("Names are limited to 200 characters.");
        }
        if value.chars().any(char::is_control) {
            return Err("Names cannot contain control characters.");
        }
        Ok(PersonName(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The order a person writes their name in. JATS calls them "western" and "eastern"
/// (`name-style`); the form asks in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameOrder {
    /// María José García López.
    #[default]
    GivenFirst,
    /// Li Ming.
    FamilyFirst,
}

impl NameOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            NameOrder::GivenFirst => "given_first",
            NameOrder::FamilyFirst => "family_first",
        }
    }

    /// The stored or sent value; anything unknown reads as given names first.
    pub fn parse(value: &str) -> NameOrder {
        match value.trim() {
            "family_first" => NameOrder::FamilyFirst,
            _ => NameOrder::GivenFirst,
        }
    }
}

/// A name in its parts: given names (possibly none, for a person with one name) and a
/// family name (possibly of several words: "García López" is one family name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameParts {
    pub given: String,
    pub family: String,
    pub order: NameOrder,
}

/// What is wrong with a name typed in parts, by the part it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamePartError {
    Given(&'static str),
    Family(&'static str),
}

fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl NameParts {
    /// The parts as typed, spaces collapsed; the family name is required, the given names
    /// not (some people have one name only: it is their family name in the record).
    pub fn check(given: &str, family: &str, order: &str) -> Result<NameParts, NamePartError> {
        let (given, family) = (one_spaced(given), one_spaced(family));
        if family.is_empty() {
            return Err(NamePartError::Family(
                "Enter the family name (surname). If you have one name only, enter it here.",
            ));
        }
        for (part, err) in [
            (
                &given,
                NamePartError::Given as fn(&'static str) -> NamePartError,
            ),
            (&family, NamePartError::Family),
        ] {
            if part.chars().count() > 100 {
                return Err(err("Keep each part of a name under 100 characters."));
            }
            if part.chars().any(char::is_control) {
                return Err(err("Names cannot contain control characters."));
            }
        }
        Ok(NameParts {
            given,
            family,
            order: NameOrder::parse(order),
        })
    }

    /// The name as it should appear: the parts in the person's order.
    pub fn display(&self) -> String {
        let (first, second) = match self.order {
            NameOrder::GivenFirst => (&self.given, &self.family),
            NameOrder::FamilyFirst => (&self.family, &self.given),
        };
        one_spaced(&format!("{first} {second}"))
    }

    /// The old guess, for a name that was only ever stored whole: the last word is the family
    /// name, the rest the given names (what migration 39 did to the rows it found).
    pub fn guessed(full: &str) -> NameParts {
        let words: Vec<&str> = full.split_whitespace().collect();
        match words.split_last() {
            None => NameParts::default(),
            Some((last, given)) => NameParts {
                given: given.join(" "),
                family: (*last).to_owned(),
                order: NameOrder::GivenFirst,
            },
        }
    }

    /// The parts as stored, or the guess when a row has none (written before migration 39,
    /// or by code that only knew the whole name).
    pub fn stored_or_guessed(given: &str, family: &str, order: &str, full: &str) -> NameParts {
        if family.trim().is_empty() {
            NameParts::guessed(full)
        } else {
            NameParts {
                given: one_spaced(given),
                family: one_spaced(family),
                order: NameOrder::parse(order),
            }
        }
    }
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_as_in_a_sentence() {
        assert_eq!(join_names(&[]), "");
        assert_eq!(join_names(&["A"]), "A");
        assert_eq!(join_names(&["A", "B"]), "A and B");
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn a_two_part_family_name_stays_whole_and_the_order_is_the_persons() {
        let p = NameParts::check(" María  José ", "García López", "given_first").unwrap();
        assert_eq!(p.given, "María José");
        assert_eq!(p.family, "García López");
        assert_eq!(p.display(), "María José García López");
        let li = NameParts::check("Ming", "Li", "family_first").unwrap();
        assert_eq!(li.display(), "Li Ming");
        assert_eq!(li.order, NameOrder::FamilyFirst);
        let one = NameParts::check("", "Suharto", "given_first").unwrap();
        assert_eq!(one.display(), "Suharto");
        assert!(matches!(
            NameParts::check("María", "  ", "given_first"),
            Err(NamePartError::Family(_))
        ));
        assert!(matches!(
            NameParts::check(&"x".repeat(101), "A", ""),
            Err(NamePartError::Given(_))
        ));
    }

    #[test]
    fn whole_names_are_guessed_by_their_last_word_only_when_no_parts_are_stored() {
        let g = NameParts::guessed("María José García López");
        assert_eq!(
            (g.given.as_str(), g.family.as_str()),
            ("María José García", "López")
        );
        assert_eq!(NameParts::guessed("Plato").given, "");
        let kept = NameParts::stored_or_guessed("María José", "García López", "", "x y");
        assert_eq!(kept.family, "García López");
        assert_eq!(
            NameParts::stored_or_guessed("", "", "", "Li Ming").family,
            "Ming"
        );
    }

    #[test]
    fn collapses_spaces_and_refuses_empty() {
        assert_eq!(
            PersonName::parse("  Bruna   Samia Dalmasso ")
                .unwrap()
                .as_str(),
            "Bruna Samia Dalmasso"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"x".repeat(201)).is_err());
    }
}
