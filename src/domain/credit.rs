//! CRediT, the Contributor Roles Taxonomy (ANSI/NISO Z39.104-2022): the 14 roles an author
//! may have had, by their names and their credit.niso.org slugs; stored per author as the
//! slugs, one a line, in the taxonomy's order (issue 20 item 3c).

/// The roles in the taxonomy's order: (slug, name).
pub const ROLES: [(&str, &str); 14] = [
    ("conceptualization", "Conceptualization"),
    ("data-curation", "Data curation"),
    ("formal-analysis", "Formal analysis"),
    ("funding-acquisition", "Funding acquisition"),
    ("investigation", "Investigation"),
    ("methodology", "Methodology"),
    ("project-administration", "Project administration"),
    ("resources", "Resources"),
    ("software", "Software"),
    ("supervision", "Supervision"),
    ("validation", "Validation"),
    ("visualization", "Visualization"),
    ("writing-original-draft", "Writing – original draft"),
    ("writing-review-editing", "Writing – review & editing"),
];

/// The vocabulary's address, as JATS `vocab-identifier` names it.
pub const VOCABULARY: &str = "https://credit.niso.org/";

/// A CRediT role's checkbox in an author row.
pub struct CreditChoice {
    pub slug: &'static str,
    pub name: &'static str,
    pub ticked: bool,
}

/// The 14 roles, each ticked or not.
pub fn choices(ticked: &[String]) -> Vec<CreditChoice> {
    ROLES
        .iter()
        .map(|(slug, name)| CreditChoice {
            slug,
            name,
            ticked: ticked.iter().any(|r| r == slug),
        })
        .collect()
}

/// The known slugs among `typed`, in the taxonomy's order, once each.
pub fn known(typed: &[String]) -> Vec<&'static str> {
    ROLES
        .iter()
        .filter(|(slug, _)| typed.iter().any(|t| t.trim() == *slug))
        .map(|(slug, _)| *slug)
        .collect()
}

/// The roles as stored: slugs one a line.
pub fn to_text(typed: &[String]) -> String {
    known(typed).join("\n")
}

/// What [`to_text`] wrote, read back (anything unknown left out).
pub fn from_text(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    known(&lines).into_iter().map(str::to_owned).collect()
}

/// A role's name.
pub fn name_of(slug: &str) -> &'static str {
    ROLES
        .iter()
        .find(|(s, _)| *s == slug)
        .map_or("", |(_, name)| name)
}

/// A role's address in the vocabulary.
pub fn term_identifier(slug: &str) -> String {
    format!("{VOCABULARY}contributor-roles/{slug}/")
}

/// The names of the roles, joined for a page.
pub fn names(slugs: &[String]) -> String {
    known(slugs)
        .into_iter()
        .map(name_of)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Initials of a name ("María José García López" → "MJGL").
fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The "Authors' contributions" declaration offered from the roles: "SB: Conceptualization,
/// Investigation. MJGL: Formal analysis." — empty when no author has a role.
pub fn contributions_text(authors: &[(String, Vec<String>)]) -> String {
    authors
        .iter()
        .filter(|(_, roles)| !known(roles).is_empty())
        .map(|(name, roles)| format!("{}: {}.", initials(name), names(roles)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The "Authors' contributions" text the form shows: as typed, or, when empty, offered
/// from the CRediT roles ticked (the author may change or keep it).
pub fn offered(input: &super::submission::SubmissionInput) -> String {
    if !input.authors_contributions.trim().is_empty() {
        return input.authors_contributions.clone();
    }
    let authors: Vec<(String, Vec<String>)> = input
        .authors
        .iter()
        .map(|a| (a.parts().display(), a.credit_roles.clone()))
        .collect();
    contributions_text(&authors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_keep_the_taxonomys_order_and_make_a_contributions_text() {
        let typed = vec![
            "writing-original-draft".to_owned(),
            "bogus".to_owned(),
            "conceptualization".to_owned(),
        ];
        assert_eq!(to_text(&typed), "conceptualization\nwriting-original-draft");
        assert_eq!(from_text(&to_text(&typed)).len(), 2);
        assert_eq!(
            contributions_text(&[
                ("María José García López".into(), typed),
                ("Li Ming".into(), Vec::new()),
            ]),
            "MJGL: Conceptualization, Writing – original draft."
        );
        assert_eq!(
            term_identifier("data-curation"),
            "https://credit.niso.org/contributor-roles/data-curation/"
        );
    }
}
