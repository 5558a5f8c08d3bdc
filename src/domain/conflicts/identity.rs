//! Who is the same person: by account, address or ORCID iD, and by name only as far as
//! the evidence allows (a shared name is not a shared person, issue 30).

use super::Strength;
use super::keys::{Tag, key};
use super::normalise::{fold_tokens, normalise_email, normalise_orcid};
use super::prepared::{PreparedAuthor, PreparedPerson};

/// A name normalised for comparison: "Smith, John" and "Dr. John Smith" are `john smith`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct NameKey {
    /// Given names then family name, folded, joined by spaces.
    pub(super) exact: String,
    pub(super) family: String,
    /// The first given name (or initial); empty for a single-word name.
    pub(super) first: String,
}

impl NameKey {
    pub(super) fn new(raw: &str) -> NameKey {
        // "Smith, John, PhD": parts that are only degrees go; "Family, Given" is turned round.
        let mut parts: Vec<Vec<String>> = raw
            .split(',')
            .map(fold_tokens)
            .filter(|t| !t.is_empty())
            .filter(|t| !t.iter().all(|w| NAME_DEGREES.contains(&w.as_str())))
            .collect();
        if parts.len() >= 2 {
            let family = parts.remove(0);
            parts.push(family);
        }
        let mut tokens: Vec<String> = parts.into_iter().flatten().collect();
        while tokens.len() > 1 && NAME_TITLES.contains(&tokens[0].as_str()) {
            tokens.remove(0);
        }
        while tokens.len() > 2
            && tokens
                .last()
                .is_some_and(|t| NAME_DEGREES.contains(&t.as_str()))
        {
            tokens.pop();
        }
        // "Smith J" (family name then initial, as reference lists write it).
        if tokens.len() == 2 && tokens[1].chars().count() == 1 && tokens[0].chars().count() > 1 {
            tokens.swap(0, 1);
        }
        let family = tokens.last().cloned().unwrap_or_default();
        let first = if tokens.len() > 1 {
            tokens[0].clone()
        } else {
            String::new()
        };
        NameKey {
            exact: tokens.join(" "),
            family,
            first,
        }
    }

    /// Equal (confirmed), similar (potential) or different.
    pub(super) fn compare(&self, other: &NameKey) -> Option<Strength> {
        if self.exact.is_empty() || other.exact.is_empty() {
            return None;
        }
        if self.exact == other.exact {
            return Some(Strength::Confirmed);
        }
        if self.family != other.family || self.first.is_empty() || other.first.is_empty() {
            return None;
        }
        let initial_of = |i: &str, name: &str| i.chars().count() == 1 && name.starts_with(i);
        let agree = self.first == other.first
            || initial_of(&self.first, &other.first)
            || initial_of(&other.first, &self.first);
        agree.then_some(Strength::Potential)
    }
}

const NAME_TITLES: [&str; 6] = ["dr", "prof", "professor", "mr", "mrs", "ms"];
#[rustfmt::skip]
const NAME_DEGREES: &[&str] = &[
    "phd", "md", "msc", "mph", "mba", "bsc", "frcp", "frcs", "dphil",
];

/// A person named somewhere (a co-author, a declared target).
#[derive(Debug, Clone)]
pub(super) struct PersonRef {
    pub(super) display: String,
    pub(super) name: NameKey,
    pub(super) email: Option<String>,
    pub(super) orcid: Option<String>,
}

impl PersonRef {
    pub(super) fn new(name: &str, email: Option<&str>, orcid: Option<&str>) -> PersonRef {
        PersonRef {
            display: name.split_whitespace().collect::<Vec<_>>().join(" "),
            name: NameKey::new(name),
            email: email.and_then(normalise_email),
            orcid: orcid.and_then(normalise_orcid),
        }
    }
}

/// What says that a reference (a co-author, a declared target) is a given person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Evidence {
    /// One of their confirmed addresses, or their ORCID iD.
    Identity,
    /// The exact name, and the person and the author shared an institution in the window.
    NameAndInstitution,
    /// The exact name, and nothing to confirm or contradict it.
    NameOnly,
    /// The exact name, but listed with an address that is none of theirs.
    NameOtherAddress,
    /// A similar name (an initial for a written-out name, a middle name).
    SimilarName,
}

impl Evidence {
    pub(super) fn strength(self) -> Strength {
        match self {
            Evidence::Identity | Evidence::NameAndInstitution => Strength::Confirmed,
            Evidence::NameOnly | Evidence::NameOtherAddress | Evidence::SimilarName => {
                Strength::Potential
            }
        }
    }

    /// The kind of evidence, naming nobody (for reasons that may not say how a
    /// manuscript lists its people).
    pub(super) fn in_words(self) -> String {
        match self {
            Evidence::Identity | Evidence::SimilarName => String::new(),
            Evidence::NameAndInstitution => {
                ": the same name, and they shared an institution".to_owned()
            }
            Evidence::NameOnly => format!(": the same name only, {UNCONFIRMED}"),
            Evidence::NameOtherAddress => ": the same name, but a different address".to_owned(),
        }
    }
}

/// The end of a reason where the name is all there is.
pub(super) const UNCONFIRMED: &str =
    "with no address, ORCID iD or shared institution to confirm it";

/// How a reference names someone with these addresses, iDs and name; `colleague` when the
/// person and the author shared an institution in the window.
fn identify(
    c: &PersonRef,
    emails: &[String],
    orcids: &[String],
    name: &NameKey,
    colleague: bool,
) -> Option<Evidence> {
    if c.orcid.as_ref().is_some_and(|o| orcids.contains(o))
        || c.email.as_ref().is_some_and(|e| emails.contains(e))
    {
        return Some(Evidence::Identity);
    }
    if c.orcid.is_some() && !orcids.is_empty() {
        // Both iDs known and different: two people, whatever their names.
        return None;
    }
    Some(match c.name.compare(name)? {
        Strength::Potential => Evidence::SimilarName,
        // An address given with the name that is none of theirs: a namesake, most likely.
        Strength::Confirmed if c.email.is_some() => Evidence::NameOtherAddress,
        Strength::Confirmed if colleague => Evidence::NameAndInstitution,
        Strength::Confirmed => Evidence::NameOnly,
    })
}

/// How a reference (a co-author, a declared target) names an author.
pub(super) fn match_author(c: &PersonRef, a: &PreparedAuthor, colleague: bool) -> Option<Evidence> {
    identify(c, &a.emails, &a.orcids, &a.name, colleague)
}

/// How a reference (a co-author in an author's publications) names the person checked.
pub(super) fn match_person(c: &PersonRef, p: &PreparedPerson, colleague: bool) -> Option<Evidence> {
    identify(c, &p.emails, p.orcid.as_slice(), &p.name, colleague)
}

/// Whether a co-author listed on someone's own paper is that someone: by address or ORCID
/// iD, or by the exact name when no address or iD listed with it says otherwise (a
/// namesake on one's own paper is a co-author like any other).
pub(super) fn is_self(c: &PersonRef, emails: &[String], orcids: &[String], name: &NameKey) -> bool {
    if c.email.as_ref().is_some_and(|e| emails.contains(e))
        || c.orcid.as_ref().is_some_and(|o| orcids.contains(o))
    {
        return true;
    }
    let contradicted = c.email.is_some() || (c.orcid.is_some() && !orcids.is_empty());
    !contradicted && !c.name.exact.is_empty() && c.name.exact == name.exact
}

/// Whether keys go in a table (or index) or are looked up in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Entry,
    Probe,
}

/// Hashed identities: account, addresses, ORCID iDs and name.
pub(super) fn identity_keys<'a>(
    person_id: Option<i64>,
    emails: &[String],
    orcids: impl Iterator<Item = &'a String>,
    name: &NameKey,
    side: Side,
) -> Vec<u64> {
    let mut keys: Vec<u64> = person_id
        .map(|id| key(Tag::PersonId, &id.to_string()))
        .into_iter()
        .chain(emails.iter().map(|e| key(Tag::Email, e)))
        .chain(orcids.map(|o| key(Tag::Orcid, o)))
        .collect();
    keys.extend(name_keys(name, side));
    keys
}

/// Name keys such that an entry and a probe share one exactly when the names could be the
/// same person ([`NameKey::compare`]): same family name, and the same written-out first
/// name, or the same initial where one side gives only the initial. So "J. Smith" finds
/// "John Smith" and "Jane Smith", but "John Smith" does not find "Jane Smith".
pub(super) fn name_keys(name: &NameKey, side: Side) -> Vec<u64> {
    if name.exact.is_empty() {
        return Vec::new();
    }
    let initial: String = name.first.chars().take(1).collect();
    let with = |tag: Tag, given: &str| key(tag, &format!("{} {given}", name.family));
    let spelt_out = name.first.chars().count() != 1;
    match (side, spelt_out) {
        (Side::Entry, true) => vec![with(Tag::Name, &name.first), with(Tag::Initial, &initial)],
        (Side::Entry, false) => vec![
            with(Tag::InitialOnly, &initial),
            with(Tag::Initial, &initial),
        ],
        (Side::Probe, true) => vec![
            with(Tag::Name, &name.first),
            with(Tag::InitialOnly, &initial),
        ],
        (Side::Probe, false) => vec![with(Tag::Initial, &initial)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;
    use crate::domain::conflicts::{DeclaredKind, Rule, is_blocked};

    #[test]
    fn names_are_normalised() {
        let n = NameKey::new;
        assert_eq!(n("Smith, John").exact, "john smith");
        assert_eq!(n("Dr. John Smith, PhD").exact, "john smith");
        assert_eq!(n("Prof John  SMITH MD").exact, "john smith");
        assert_eq!(n("José Müller").exact, "jose muller");
        assert_eq!(n("Md Rahman").exact, "md rahman");
        assert_eq!(n("O'Brien, Siobhán").exact, "siobhan obrien");
        assert_eq!(
            n("Smith J").compare(&n("John Smith")),
            Some(Strength::Potential)
        );
        assert_eq!(
            n("John A. Smith").compare(&n("John Smith")),
            Some(Strength::Potential)
        );
        assert_eq!(n("Jane Smith").compare(&n("John Smith")), None);
        assert_eq!(n("J. Smith").compare(&n("Jane Smyth")), None);
        assert_eq!(n("Smith").compare(&n("John Smith")), None);
    }

    // A shared name is not a shared person (issue 30).

    #[test]
    fn an_exact_name_alone_is_a_potential_conflict() {
        // Rule 3, the author's publications naming the person.
        let (chief, s) = namesake_case(true, None);
        let f = run(&chief, &s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::CoAuthorship, Strength::Potential)
        );
        assert!(!is_blocked(&f));
        assert_eq!(
            f[0].reason,
            "Possibly co-authored “A registry of chordoma” (2025) with author Kofi Mensah: the \
             same name as a co-author the author's publications list on it, with no address, \
             ORCID iD or shared institution to confirm it"
        );

        // Rule 3, the person's own list naming the author.
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);
        p.publications = vec![paper("New paper", 2025, vec![coauthor("Smith, John")])];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert_eq!(
            f[0].reason,
            "Possibly co-authored “New paper” (2025) with author John Smith: the paper lists the \
             same name, with no address, ORCID iD or shared institution to confirm it"
        );

        // Rule 4, a declared conflict naming someone without an address or iD.
        p.publications.clear();
        p.declared = vec![conflict_with_person(
            "John Smith",
            None,
            DeclaredKind::Family,
            "My brother",
        )];
        let f = run(&p, &s);
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::DeclaredConflict, Strength::Potential)
        );
        assert_eq!(
            f[0].reason,
            "Declared conflict with “John Smith”, possibly author John Smith: the same name \
             only, with no address, ORCID iD or shared institution to confirm it (family): “My \
             brother”"
        );
    }

    #[test]
    fn an_exact_name_with_a_different_address_is_potential_and_says_so() {
        let (chief, s) = namesake_case(false, Some("a.rahman@lagos.example"));
        let f = run(&chief, &s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].strength, Strength::Potential);
        // Still nothing of the unpublished manuscript: only the kind of evidence.
        assert_eq!(
            f[0].reason,
            "Possibly co-authored a manuscript submitted here with author Kofi Mensah: the same \
             name, but a different address"
        );
        assert!(!f[0].reason.contains("chordoma") && !f[0].reason.contains("lagos.example"));

        let (chief, s) = namesake_case(true, Some("a.rahman@lagos.example"));
        assert_eq!(
            run(&chief, &s)[0].reason,
            "Possibly co-authored “A registry of chordoma” (2025) with author Kofi Mensah: the \
             same name as a co-author the author's publications list on it, but a different \
             address"
        );

        // The person's own paper, and a declared conflict, with another address.
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);
        let mut other = coauthor("John Smith");
        other.email = Some("jsmith@elsewhere.example".into());
        p.publications = vec![paper("New paper", 2025, vec![other])];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert!(
            f[0].reason
                .ends_with(": the paper lists the same name, but a different address"),
            "{}",
            f[0].reason
        );
        p.publications.clear();
        p.declared = vec![conflict_with_person(
            "John Smith",
            Some("jsmith@elsewhere.example"),
            DeclaredKind::Personal,
            "",
        )];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert_eq!(
            f[0].reason,
            "Declared conflict with “John Smith”, possibly author John Smith: the same name, but \
             a different address (personal)"
        );

        // The same name with the person's own address is the person: confirmed, same key.
        let (chief, s) = namesake_case(true, Some("AMARA@bmc.example"));
        let confirmed = run(&chief, &s);
        assert!(is_blocked(&confirmed));
        let (_, s) = namesake_case(true, Some("a.rahman@lagos.example"));
        assert_eq!(
            confirmed[0].key,
            run(&chief, &s)[0].key,
            "rulings outlive the evidence"
        );
    }

    #[test]
    fn an_exact_name_with_the_same_institution_is_confirmed() {
        // The person and the author are both at Karolinska: the name is theirs.
        let (chief, mut s) = namesake_case(true, None);
        s.authors[0].affiliation = "Karolinska Institutet, Sweden".into();
        let f = run(&chief, &s);
        let co = only(&f, Rule::CoAuthorship);
        assert_eq!(co.len(), 1, "{f:#?}");
        assert_eq!(co[0].strength, Strength::Confirmed);
        assert_eq!(
            co[0].reason,
            "Co-authored “A registry of chordoma” (2025) with author Kofi Mensah, according to \
             the author's publications: the same name, and they shared an institution"
        );
        // Its key is the one a name-only finding had: a ruling made then still applies.
        let (_, alone) = namesake_case(true, None);
        assert_eq!(co[0].key, run(&chief, &alone)[0].key);

        // A different address still outweighs a shared institution: at most potential.
        let (chief, mut s) = namesake_case(true, Some("a.rahman@lagos.example"));
        s.authors[0].affiliation = "Karolinska Institutet".into();
        let f = run(&chief, &s);
        assert_eq!(
            only(&f, Rule::CoAuthorship)[0].strength,
            Strength::Potential
        );

        // The person's own list, and a declared conflict, with a colleague of that name.
        let s = parties(vec![author(
            "John Smith",
            "john@ki.example",
            "Karolinska Institutet",
        )]);
        let mut p = person("Maria Rossi", &["maria@ki.example"]);
        p.publications = vec![paper("New paper", 2025, vec![coauthor("John Smith")])];
        let f = run(&p, &s);
        assert_eq!(
            only(&f, Rule::CoAuthorship)[0].strength,
            Strength::Confirmed
        );
        p.publications.clear();
        p.declared = vec![conflict_with_person(
            "John Smith",
            None,
            DeclaredKind::Family,
            "",
        )];
        let f = run(&p, &s);
        let d = only(&f, Rule::DeclaredConflict);
        assert_eq!(d[0].strength, Strength::Confirmed);
        assert_eq!(
            d[0].reason,
            "Declared conflict with author John Smith (the same name, and they shared an \
             institution) (family)"
        );
    }

    #[test]
    fn abbreviated_names_stay_potential_and_other_orcids_are_someone_else() {
        // An initial for a written-out name: potential, even between colleagues.
        let s = parties(vec![author(
            "John Smith",
            "john@ki.example",
            "Karolinska Institutet",
        )]);
        let mut p = person("Maria Rossi", &["maria@ki.example"]);
        p.publications = vec![paper("New paper", 2025, vec![coauthor("Smith J")])];
        let f = run(&p, &s);
        let co = only(&f, Rule::CoAuthorship);
        assert_eq!(co[0].strength, Strength::Potential);
        assert!(
            co[0].reason.ends_with(": the paper lists “Smith J”"),
            "{}",
            co[0].reason
        );

        // The author's list naming the person by initial, with another address.
        let (mut chief, mut s) = namesake_case(true, Some("a.rahman@lagos.example"));
        if let Some(profile) = s.authors[0].profile.as_mut() {
            profile.publications[0].coauthors[0].name = "Rahman, A.".into();
        }
        let f = run(&chief, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert!(
            f[0].reason.ends_with("list “Rahman, A.” on it"),
            "{}",
            f[0].reason
        );

        // Both ORCID iDs known and different: not the person, whatever the name.
        chief.orcid = Some("0000-0002-1825-0097".into());
        if let Some(profile) = s.authors[0].profile.as_mut() {
            let c = &mut profile.publications[0].coauthors[0];
            c.name = "Amara Rahman".into();
            c.orcid = Some("0000-0002-1694-233X".into());
        }
        assert!(run(&chief, &s).is_empty());
    }

    #[test]
    fn a_namesake_on_ones_own_paper_is_a_co_author() {
        // Maria Rossi wrote with another Maria Rossi (another address): that one is an
        // author here, and the paper makes them co-authors. The name did not make her "self".
        let mut p = person("Maria Rossi", &["maria@genoa.example"]);
        let mut namesake = coauthor("Maria Rossi");
        namesake.email = Some("m.rossi@turin.example".into());
        p.publications = vec![paper("Twins", 2025, vec![namesake])];
        let s = parties(vec![author(
            "Maria Rossi",
            "m.rossi@turin.example",
            "Turin",
        )]);
        let f = run(&p, &s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::CoAuthorship, Strength::Confirmed)
        );
        // Without an address her own name on her own paper is herself.
        p.publications = vec![paper("Solo", 2025, vec![coauthor("Maria Rossi")])];
        assert!(run(&p, &s).is_empty());
    }

    #[test]
    fn name_keys_meet_exactly_when_names_may_be_one_person() {
        let names = [
            "John Smith",
            "J. Smith",
            "Smith J",
            "Jane Smith",
            "John A. Smith",
            "Jane Smyth",
            "Smith",
            "J Smyth",
            "Jean-Pierre Smith",
            "J.-P. Smith",
            "Ada Osei",
            "Osei, A.",
        ];
        for a in names {
            for b in names {
                let (x, y) = (NameKey::new(a), NameKey::new(b));
                let probes = name_keys(&y, Side::Probe);
                let meet = name_keys(&x, Side::Entry)
                    .iter()
                    .any(|k| probes.contains(k));
                assert_eq!(meet, x.compare(&y).is_some(), "{a} / {b}");
            }
        }
    }
}
