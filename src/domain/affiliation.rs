//! An author's affiliations (issue 20 item 3b): each an institution, its city and country,
//! and the institution's ROR id where the author knows it; checked, kept one a line, and
//! read back from the single line authors typed before affiliations had parts.
//!
//! The competing-interest rules read [`institutions_line`] (the `affiliation` column, one
//! "institution, city" per `;`), written as people write affiliations on their profiles.

use super::countries;
use super::form_errors::FormErrors;

/// The most affiliations one author may list.
pub const MOST_PER_AUTHOR: usize = 10;
const LONGEST_INSTITUTION: usize = 300;
const LONGEST_CITY: usize = 100;

/// One affiliation, as typed (a draft keeps what was typed) or as checked: then `country` is
/// an ISO 3166-1 code or empty, and `ror` the bare ROR id (`056d84691`) or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affiliation {
    pub institution: String,
    pub city: String,
    pub country: String,
    pub ror: String,
}

impl Affiliation {
    pub fn is_blank(&self) -> bool {
        [&self.institution, &self.city, &self.country, &self.ror]
            .iter()
            .all(|v| v.trim().is_empty())
    }

    /// The country's name, or the code as written when it names none.
    pub fn country_name(&self) -> String {
        countries::name_of(&self.country)
            .map(str::to_owned)
            .unwrap_or_else(|| self.country.trim().to_owned())
    }

    /// The ROR id as its address, or empty.
    pub fn ror_url(&self) -> String {
        match RorId::parse(&self.ror) {
            Ok(id) => id.url(),
            Err(_) => String::new(),
        }
    }

    /// Institution, city, country, as a page or a byline writes it.
    pub fn display(&self) -> String {
        [
            self.institution.trim().to_owned(),
            self.city.trim().to_owned(),
            self.country_name(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// City and country, for Crossref's `institution_place`.
    pub fn place(&self) -> String {
        [self.city.trim().to_owned(), self.country_name()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A ROR id (Research Organization Registry): a zero, six Crockford base-32 characters and
/// a two-digit ISO 7064 (mod 97-10) check number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RorId(String);

const CROCKFORD: &str = "0123456789abcdefghjkmnpqrstvwxyz";

impl RorId {
    /// Reads the id however it was written: bare, `ror.org/…` or `https://ror.org/…`.
    pub fn parse(typed: &str) -> Result<RorId, &'static str> {
        const WRONG: &str = "this is not a ROR id: it looks like https://ror.org/056d84691 (a zero, six letters or digits, two digits); leave it empty if you do not know it.";
        let lower = typed.trim().trim_end_matches('/').to_ascii_lowercase();
        let mut id = lower.as_str();
        for prefix in ["https://", "http://"] {
            id = id.strip_prefix(prefix).unwrap_or(id);
        }
        id = id.strip_prefix("www.").unwrap_or(id);
        id = id.strip_prefix("ror.org/").unwrap_or(id);
        let chars: Vec<char> = id.chars().collect();
        if chars.len() != 9 || chars[0] != '0' {
            return Err(WRONG);
        }
        let mut number: u64 = 0;
        for c in &chars[1..7] {
            let Some(v) = CROCKFORD.find(*c) else {
                return Err(WRONG);
            };
            number = number * 32 + v as u64;
        }
        let check: String = chars[7..].iter().collect();
        let Ok(check) = check.parse::<u64>() else {
            return Err(WRONG);
        };
        if check != 98 - (number * 100) % 97 {
            return Err("this ROR id's check digits do not match: copy it again from ror.org.");
        }
        Ok(RorId(id.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn url(&self) -> String {
        format!("https://ror.org/{}", self.0)
    }
}

/// A form field of affiliation `j` of author `i`.
pub fn affiliation_field(part: &str, i: usize, j: usize) -> String {
    format!("author_aff_{part}_{i}_{j}")
}

/// Checks one author's affiliation rows (blank rows left out), each message beside its
/// field; returns them normalised.
pub fn check(rows: &[Affiliation], i: usize, e: &mut FormErrors) -> Vec<Affiliation> {
    let say = |m: &str| format!("Author {}: {m}", i + 1);
    let filled: Vec<(usize, &Affiliation)> = rows
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.is_blank())
        .collect();
    if filled.is_empty() {
        e.add(
            affiliation_field("institution", i, 0),
            say("enter the institution of at least one affiliation."),
        );
        return Vec::new();
    }
    if filled.len() > MOST_PER_AUTHOR {
        e.add(
            affiliation_field("institution", i, MOST_PER_AUTHOR),
            say("list at most 10 affiliations."),
        );
    }
    let mut out = Vec::new();
    for (j, a) in filled.into_iter().take(MOST_PER_AUTHOR) {
        let institution = one_line(&a.institution);
        let city = one_line(&a.city);
        let field = |part: &str| affiliation_field(part, i, j);
        let mut ok = true;
        if institution.is_empty() {
            e.add(field("institution"), say("enter the institution."));
            ok = false;
        } else if institution.chars().count() > LONGEST_INSTITUTION {
            e.add(
                field("institution"),
                say("keep the institution under 300 characters."),
            );
            ok = false;
        }
        if city.chars().count() > LONGEST_CITY {
            e.add(field("city"), say("keep the city under 100 characters."));
            ok = false;
        }
        let country = countries::name_of(&a.country).map(|_| a.country.trim().to_ascii_uppercase());
        if country.is_none() {
            e.add(field("country"), say("choose the country."));
        }
        let ror = if a.ror.trim().is_empty() {
            Ok(String::new())
        } else {
            RorId::parse(&a.ror).map(|r| r.as_str().to_owned())
        };
        if let Err(m) = &ror {
            e.add(field("ror"), say(m));
        }
        if let (true, Some(country), Ok(ror)) = (ok, country, ror) {
            out.push(Affiliation {
                institution,
                city,
                country,
                ror,
            });
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The affiliations as the competing-interest rules read them: each "institution, city",
/// one per `;`. That is how people write them on their profiles ("University of Ghana,
/// Accra, Ghana": the rules drop a country themselves), so an author at "University of
/// Ghana" in Accra meets that profile exactly, as the one line authors typed before did.
pub fn institutions_line(list: &[Affiliation]) -> String {
    list.iter()
        .map(|a| {
            [one_line(&a.institution), one_line(&a.city)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
                .replace(';', ",")
        })
        .filter(|i| !i.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The affiliations as a page writes them, one per `;`.
pub fn display_line(list: &[Affiliation]) -> String {
    list.iter()
        .map(Affiliation::display)
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Kept one a line, the parts separated by tabs (blank rows left out); a country code or
/// ROR id that reads right is kept in its one form (`SE`, `056d84691`), anything else as
/// typed, for the form to show again.
pub fn to_text(list: &[Affiliation]) -> String {
    let clean = |v: &str| one_line(&v.replace('\t', " "));
    list.iter()
        .filter(|a| !a.is_blank())
        .map(|a| {
            let country = match countries::name_of(&a.country) {
                Some(_) => a.country.trim().to_ascii_uppercase(),
                None => clean(&a.country),
            };
            let ror = match RorId::parse(&a.ror) {
                Ok(id) => id.as_str().to_owned(),
                Err(_) => clean(&a.ror),
            };
            [clean(&a.institution), clean(&a.city), country, ror].join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read back from [`to_text`].
pub fn from_text(text: &str) -> Vec<Affiliation> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split('\t').map(str::to_owned);
            let mut next = || parts.next().unwrap_or_default();
            Affiliation {
                institution: next(),
                city: next(),
                country: next(),
                ror: next(),
            }
        })
        .collect()
}

/// The affiliations of a row stored before they had parts (or of a profile's one line):
/// one per `;`, a last comma part naming a country taken as the country. The city is not
/// guessed: "…, Seattle Children's Hospital, USA" has none.
pub fn from_single_line(line: &str) -> Vec<Affiliation> {
    line.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| match part.rsplit_once(',') {
            Some((rest, last)) if !rest.trim().is_empty() => match countries::code_of_name(last) {
                Some(code) => Affiliation {
                    institution: one_line(rest),
                    country: code.to_owned(),
                    ..Default::default()
                },
                None => Affiliation {
                    institution: one_line(part),
                    ..Default::default()
                },
            },
            _ => Affiliation {
                institution: one_line(part),
                ..Default::default()
            },
        })
        .collect()
}

/// The stored affiliations, or those read from the single line when none are stored.
pub fn stored_or_single_line(stored: &str, line: &str) -> Vec<Affiliation> {
    let list = from_text(stored);
    if list.is_empty() {
        from_single_line(line)
    } else {
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aff(institution: &str, city: &str, country: &str, ror: &str) -> Affiliation {
        Affiliation {
            institution: institution.into(),
            city: city.into(),
            country: country.into(),
            ror: ror.into(),
        }
    }

    #[test]
    fn a_ror_id_is_read_however_it_was_written_and_its_check_digits_are_checked() {
        for typed in [
            "056d84691",
            "https://ror.org/056d84691",
            " ror.org/056D84691/ ",
            "http://www.ror.org/056d84691",
        ] {
            assert_eq!(
                RorId::parse(typed).unwrap().url(),
                "https://ror.org/056d84691"
            );
        }
        assert!(RorId::parse("0107c5v14").is_ok());
        assert!(
            RorId::parse("056d84692")
                .unwrap_err()
                .contains("check digits")
        );
        for wrong in [
            "",
            "156d84691",
            "056d8469",
            "056i84691",
            "https://ror.org/",
            "0abc",
        ] {
            assert!(RorId::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn each_row_is_checked_beside_its_own_field() {
        let mut e = FormErrors::default();
        let rows = vec![
            aff(
                "Karolinska Institutet",
                "Stockholm",
                "se",
                "https://ror.org/056d84691",
            ),
            Affiliation::default(),
            aff("", "Genoa", "IT", ""),
            aff("University of Genoa", "", "Atlantis", "0107c5v15"),
        ];
        let ok = check(&rows, 1, &mut e);
        assert_eq!(
            ok,
            vec![aff("Karolinska Institutet", "Stockholm", "SE", "056d84691")]
        );
        assert!(
            e.get("author_aff_institution_1_2")
                .unwrap()
                .starts_with("Author 2:")
        );
        assert!(e.get("author_aff_country_1_3").is_some());
        assert!(
            e.get("author_aff_ror_1_3")
                .unwrap()
                .contains("check digits")
        );
        assert!(e.get("author_aff_institution_1_1").is_none());

        let mut e = FormErrors::default();
        assert!(check(&[Affiliation::default()], 0, &mut e).is_empty());
        assert!(e.get("author_aff_institution_0_0").is_some());
    }

    #[test]
    fn the_rules_read_institution_and_city_and_pages_the_whole_place() {
        let list = vec![
            aff(
                "Department of Oncology; Karolinska Institutet",
                "Stockholm",
                "SE",
                "",
            ),
            aff("University of Genoa", "Genoa", "IT", "0107c5v14"),
        ];
        assert_eq!(
            institutions_line(&list),
            "Department of Oncology, Karolinska Institutet, Stockholm; University of Genoa, Genoa"
        );
        assert_eq!(
            display_line(&list[1..]),
            "University of Genoa, Genoa, Italy"
        );
        assert_eq!(list[1].place(), "Genoa, Italy");
        assert_eq!(list[1].ror_url(), "https://ror.org/0107c5v14");
    }

    #[test]
    fn kept_as_text_and_read_back() {
        let list = vec![
            aff(
                "Karolinska\tInstitutet",
                "Stockholm",
                "se",
                "https://ror.org/056d84691",
            ),
            Affiliation::default(),
            aff("Uni", "", "", ""),
        ];
        let back = from_text(&to_text(&list));
        assert_eq!(back.len(), 2);
        assert_eq!(
            back[0],
            aff("Karolinska Institutet", "Stockholm", "SE", "056d84691")
        );
        assert_eq!(back[1], aff("Uni", "", "", ""));
    }

    #[test]
    fn a_single_line_gives_its_country_but_no_guessed_city() {
        assert_eq!(
            from_single_line("University of Lagos, Nigeria; Seattle Children's Hospital, USA"),
            vec![
                aff("University of Lagos", "", "NG", ""),
                aff("Seattle Children's Hospital", "", "US", ""),
            ]
        );
        assert_eq!(
            from_single_line("Karolinska Institutet, Stockholm"),
            vec![aff("Karolinska Institutet, Stockholm", "", "", "")]
        );
        assert!(from_single_line(" ; ").is_empty());
        assert_eq!(stored_or_single_line("", "Italy")[0].institution, "Italy");
    }
}
