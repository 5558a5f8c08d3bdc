//! Reading what people paste into their profile: co-author lines, CSV and BibTeX. Small,
//! tolerant readers that say where they stumbled (by line, and by entry key for BibTeX).

mod bibtex;
mod csv;
mod latex;

use super::conflicts::{CoauthorRef, PaperSource, Publication};
use super::{EmailAddress, Orcid};

pub use bibtex::{bibtex, split_authors};
pub use csv::csv;
pub use latex::latex_to_text;

/// A comparison key for names and titles: lower case, letters and digits only.
pub fn name_key(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A publication year from 1900 to next year (in press).
pub fn year(text: &str, this_year: i32) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the year is missing".into());
    }
    let Ok(y) = t.parse::<i32>() else {
        return Err(format!("“{t}” is not a year"));
    };
    let last = this_year + 1;
    if (1900..=last).contains(&y) {
        Ok(y)
    } else {
        Err(format!("the year {y} is not between 1900 and {last}"))
    }
}

fn looks_like_orcid(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("orcid.org")
        || (word.chars().filter(char::is_ascii_digit).count() >= 12
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == 'X' || c == 'x'))
}

fn email(text: &str) -> Result<String, String> {
    EmailAddress::parse(text)
        .map(|a| a.as_str().to_owned())
        .map_err(|_| format!("the e-mail address “{}” is not valid", text.trim()))
}

/// `Name <email> 0000-0002-1825-0097`, the address and the iD optional, in any order
/// after the name; a bare address without angle brackets is accepted too.
pub fn coauthor(text: &str) -> Result<CoauthorRef, String> {
    let mut rest = text.trim().to_owned();
    let mut address = None;
    if let Some(open) = rest.find('<') {
        let Some(len) = rest[open..].find('>') else {
            return Err("the e-mail address has no closing “>”".into());
        };
        let inner = rest[open + 1..open + len].trim().to_owned();
        rest.replace_range(open..=open + len, " ");
        if !inner.is_empty() {
            address = Some(email(&inner)?);
        }
    }
    let mut orcid = None;
    let mut words: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        let bare = word.trim_matches(|c: char| ",;()[]".contains(c));
        if bare.is_empty() {
            continue;
        }
        if looks_like_orcid(bare) {
            if orcid.is_some() {
                return Err("there is more than one ORCID iD".into());
            }
            let parsed = Orcid::parse(bare)
                .map_err(|m| format!("the ORCID iD “{bare}” is not valid: {}", m.to_lowercase()))?;
            orcid = Some(parsed.as_str().to_owned());
        } else if bare.contains('@') {
            if address.is_some() {
                return Err("there is more than one e-mail address".into());
            }
            address = Some(email(bare)?);
        } else {
            words.push(word);
        }
    }
    let name = words
        .join(" ")
        .trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .to_owned();
    if name.is_empty() {
        return Err("the name is missing".into());
    }
    if name.chars().count() > 200 {
        return Err("the name is longer than 200 characters".into());
    }
    Ok(CoauthorRef {
        name,
        email: address,
        orcid,
    })
}

/// One co-author per line; blank lines are skipped.
pub fn coauthor_lines(text: &str) -> Result<Vec<CoauthorRef>, Vec<String>> {
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match coauthor(line) {
            Ok(c) => list.push(c),
            Err(m) => problems.push(format!("Line {}: {m}.", i + 1)),
        }
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

fn title(text: &str) -> Result<String, String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        Err("the title is missing".into())
    } else if t.chars().count() > 500 {
        Err("the title is longer than 500 characters".into())
    } else {
        Ok(t)
    }
}

/// Publications read, each with the line it starts on, and a message per entry that
/// could not be read.
pub type Read = (Vec<(usize, Publication)>, Vec<String>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coauthor_lines_in_every_shape() {
        let c = coauthor("Josiah Carberry <J.Carberry@Brown.example> 0000-0002-1825-0097").unwrap();
        assert_eq!(c.name, "Josiah Carberry");
        assert_eq!(c.email.as_deref(), Some("j.carberry@brown.example"));
        assert_eq!(c.orcid.as_deref(), Some("0000-0002-1825-0097"));
        let c = coauthor("Ada Osei").unwrap();
        assert_eq!((c.email, c.orcid), (None, None));
        let c = coauthor("Ada Osei, ada@uni.example").unwrap();
        assert_eq!(c.name, "Ada Osei");
        assert_eq!(c.email.as_deref(), Some("ada@uni.example"));
        let c = coauthor("B. Dalmasso https://orcid.org/0000-0002-1825-0097").unwrap();
        assert_eq!(c.orcid.as_deref(), Some("0000-0002-1825-0097"));
        assert!(
            coauthor("X <not-an-address>")
                .unwrap_err()
                .contains("not valid")
        );
        assert!(
            coauthor("X 0000-0002-1825-0098")
                .unwrap_err()
                .contains("ORCID")
        );
        assert!(coauthor("<a@b.example>").unwrap_err().contains("name"));
        let lines = coauthor_lines("A One\n\nB <bad>\n").unwrap_err();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("Line 3:"), "{lines:?}");
    }

    #[test]
    fn years() {
        assert_eq!(year(" 2024 ", 2026), Ok(2024));
        assert!(year("2028", 2026).is_err());
        assert!(year("1899", 2026).is_err());
    }
}
