//! The author rows of the submission and revision forms, checked: each author's name in its
//! parts (given names, family name, the order they write them in), address, affiliations
//! (`domain::affiliation`) and ORCID iD, and one corresponding author.

use super::form_errors::FormErrors;
use super::person_name::{NamePartError, NameParts};
use super::submission::{AuthorInput, SubmissionInput, ValidAuthor, author_field};
use super::{EmailAddress, Orcid, PersonName};

/// One author's name parts checked, and the whole name built from them within its bounds;
/// the message goes to the part it is about.
fn check_name(
    a: &super::submission::AuthorInput,
    i: usize,
    e: &mut FormErrors,
) -> Option<NameParts> {
    let say = |m: &str| format!("Author {}: {m}", i + 1);
    let typed = a.parts();
    match NameParts::check(&typed.given, &typed.family, typed.order.as_str()) {
        Err(NamePartError::Family(m)) => {
            e.add(author_field("family_name", i), say(m));
            None
        }
        Err(NamePartError::Given(m)) => {
            e.add(author_field("given_names", i), say(m));
            None
        }
        Ok(parts) => match PersonName::parse(&parts.display()) {
            Err(m) => {
                e.add(author_field("family_name", i), say(m));
                None
            }
            Ok(_) => Some(parts),
        },
    }
}

impl SubmissionInput {
    pub(super) fn check_authors(&self, e: &mut FormErrors) -> Vec<ValidAuthor> {
        let mut valid = Vec::new();
        if self.authors.is_empty() {
            e.add("authors", "List at least one author.");
            return valid;
        }
        if self.corresponding >= self.authors.len() {
            e.add("authors", "Choose one corresponding author.");
        }
        let mut seen: Vec<String> = Vec::new();
        // (iD, author index): an iD names one person, so two authors cannot share one.
        let mut seen_orcids: Vec<(String, usize)> = Vec::new();
        for (i, a) in self.authors.iter().enumerate() {
            let name = check_name(a, i, e);
            let email = EmailAddress::parse(&a.email);
            let orcid = if a.orcid.trim().is_empty() {
                Ok(None)
            } else {
                Orcid::parse(&a.orcid).map(Some)
            };
            match &email {
                Err(m) => e.add(author_field("email", i), format!("Author {}: {m}", i + 1)),
                Ok(addr) if seen.contains(&addr.as_str().to_owned()) => e.add(
                    author_field("email", i),
                    format!(
                        "Author {}: this address is already listed for another author.",
                        i + 1
                    ),
                ),
                Ok(addr) => seen.push(addr.as_str().to_owned()),
            }
            let affiliations = super::affiliation::check(&a.affiliations, i, e);
            match &orcid {
                Err(m) => e.add(author_field("orcid", i), format!("Author {}: {m}", i + 1)),
                Ok(Some(id)) => match seen_orcids.iter().find(|(s, _)| s == id.as_str()) {
                    Some((_, first)) => e.add(
                        author_field("orcid", i),
                        format!(
                            "Author {}: this ORCID iD is already given for author {}; each author has their own.",
                            i + 1,
                            first + 1
                        ),
                    ),
                    None => seen_orcids.push((id.as_str().to_owned(), i)),
                },
                Ok(None) => {}
            }
            if let (Some(parts), Ok(email), Ok(orcid)) = (name, email, orcid) {
                valid.push(ValidAuthor {
                    name: parts.display(),
                    parts,
                    email,
                    affiliations,
                    orcid,
                    is_corresponding: i == self.corresponding,
                    credit_roles: super::credit::known(&a.credit_roles)
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                });
            }
        }
        valid
    }
}

/// An author row as the form reads and shows it.
impl AuthorInput {
    /// The affiliation rows the form shows: those typed, or one blank row.
    pub fn affiliation_rows(&self) -> Vec<super::affiliation::Affiliation> {
        match self.affiliations.is_empty() {
            true => vec![Default::default()],
            false => self.affiliations.clone(),
        }
    }

    /// The 14 CRediT roles, each ticked or not.
    pub fn credit_choices(&self) -> Vec<super::credit::CreditChoice> {
        super::credit::choices(&self.credit_roles)
    }

    /// The row with its name set from `parts` (the whole name built from them).
    pub fn named(self, parts: &super::NameParts) -> AuthorInput {
        AuthorInput {
            name: parts.display(),
            given_names: parts.given.clone(),
            family_name: parts.family.clone(),
            name_order: parts.order.as_str().to_owned(),
            ..self
        }
    }

    /// The name parts as they stand on the row, whether or not they would pass the check;
    /// a row made by code that knew only the whole name gets the old guess.
    pub fn parts(&self) -> super::NameParts {
        if self.given_names.trim().is_empty() && self.family_name.trim().is_empty() {
            return super::NameParts::guessed(&self.name);
        }
        super::NameParts {
            given: self
                .given_names
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            family: self
                .family_name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            order: super::NameOrder::parse(&self.name_order),
        }
    }
}
