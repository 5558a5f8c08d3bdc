//! What the conflicts tests build their people and submissions from.

use chrono::NaiveDate;

use super::check::Check;
use super::institutions::InstKey;
use super::{
    AffiliationSpan, CoauthorRef, DeclaredConflict, DeclaredKind, DeclaredTarget, Finding,
    PaperSource, PersonProfile, PreparedPerson, PreparedSubmission, Publication, Rule, Settings,
    SubmissionAuthor, SubmissionParties, findings,
};

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn settings() -> Settings {
    Settings::new(date(2026, 6, 15))
}

pub(super) fn span(institution: &str, from: Option<i32>, to: Option<i32>) -> AffiliationSpan {
    AffiliationSpan {
        institution: institution.into(),
        from: from.map(|y| date(y, 1, 1)),
        to: to.map(|y| date(y, 12, 31)),
    }
}

pub(super) fn person(name: &str, emails: &[&str]) -> PersonProfile {
    PersonProfile {
        person_id: Some(7),
        name: name.into(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
        ..Default::default()
    }
}

pub(super) fn author(name: &str, email: &str, affiliation: &str) -> SubmissionAuthor {
    SubmissionAuthor {
        name: name.into(),
        email: email.into(),
        affiliation: affiliation.into(),
        ..Default::default()
    }
}

pub(super) fn parties(authors: Vec<SubmissionAuthor>) -> SubmissionParties {
    SubmissionParties {
        authors,
        ..Default::default()
    }
}

pub(super) fn coauthor(name: &str) -> CoauthorRef {
    CoauthorRef {
        name: name.into(),
        ..Default::default()
    }
}

pub(super) fn paper(title: &str, year: i32, coauthors: Vec<CoauthorRef>) -> Publication {
    Publication {
        title: title.into(),
        year,
        coauthors,
        source: PaperSource::Listed,
    }
}

/// The findings for `p`, checked on the way: the fast path hides nothing the full check
/// finds, and no two findings share a key.
pub(super) fn run(p: &PersonProfile, s: &SubmissionParties) -> Vec<Finding> {
    let found = findings(p, s, &settings());
    // The fast path never hides what the full check finds.
    let (pp, ps) = (PreparedPerson::new(p), PreparedSubmission::new(s));
    let full = Check::new(&pp, &ps, &settings()).run();
    assert_eq!(found, full, "fast path disagrees");
    let mut keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), found.len(), "duplicate keys: {found:#?}");
    found
}

pub(super) fn only(found: &[Finding], rule: Rule) -> Vec<&Finding> {
    found.iter().filter(|f| f.rule == rule).collect()
}

pub(super) fn exact_key(a: &str) -> String {
    InstKey::new(a).exact
}

/// The case, in small: the editor-in-chief Amara Rahman, and an author whose
/// other manuscript here lists a co-author of the same name with another address.
pub(super) fn namesake_case(
    published: bool,
    address: Option<&str>,
) -> (PersonProfile, SubmissionParties) {
    let mut chief = person("Amara Rahman", &["amara@bmc.example"]);
    chief.affiliations = vec![span("Karolinska Institutet", Some(2015), None)];
    let mut other = coauthor("Amara Rahman");
    other.email = address.map(str::to_owned);
    let mut manuscript = paper("A registry of chordoma", 2025, vec![other]);
    manuscript.source = PaperSource::Manuscript { published };
    let mut kofi = author("Kofi Mensah", "kofi@unilag.example", "University of Lagos");
    kofi.person_id = Some(21);
    kofi.profile = Some(PersonProfile {
        person_id: Some(21),
        name: "Kofi Mensah".into(),
        publications: vec![manuscript],
        ..Default::default()
    });
    (chief, parties(vec![kofi]))
}

/// A conflict declared with a person, from no date and still holding.
pub(super) fn conflict_with_person(
    name: &str,
    email: Option<&str>,
    kind: DeclaredKind,
    note: &str,
) -> DeclaredConflict {
    DeclaredConflict {
        target: DeclaredTarget::Person {
            name: name.into(),
            email: email.map(str::to_owned),
            orcid: None,
        },
        kind,
        since: None,
        until: None,
        note: note.into(),
    }
}

/// A conflict declared with an institution, from no date and still holding.
pub(super) fn conflict_with_institution(
    institution: &str,
    kind: DeclaredKind,
    note: &str,
) -> DeclaredConflict {
    DeclaredConflict {
        target: DeclaredTarget::Institution(institution.into()),
        kind,
        since: None,
        until: None,
        note: note.into(),
    }
}
