//! A person's name as they want it shown: non-empty, bounded, no control characters.

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
