//! Conflicts of interest (DESIGN §4): every reason a person should not handle or review a
//! submission, each with its rule, its reason in words and whether it blocks.
//!
//! Pure code: the caller loads the person's profile and the submission's parties and gets
//! back [`Finding`]s. Confirmed findings block (rules 1, 4, 5 and 6, and exact institution or
//! co-authorship matches); potential ones (similar names, similar institutions) are shown to
//! the editor-in-chief, who may confirm them or mark them "not a conflict" — stored against
//! the finding's [`Finding::key`], which depends only on the evidence, never on list order.
//!
//! Checking is done on a prepared form ([`PreparedPerson`], [`PreparedSubmission`]) that
//! normalises names, institutions, addresses and ORCID iDs once. Checking one pair first
//! looks up hashed keys of each side in a small table of the other (a fast path with no
//! false negatives); only when something could match are the rules applied in full and the
//! reasons written, so the common answer (no conflict) costs a few dozen look-ups and
//! allocates nothing. For many people at once, [`PeopleIndex`] inverts the people's keys so
//! a submission finds the few people worth checking without visiting the others: the same
//! answer as every pair, far faster (5,000 submissions × 2,000 people in about a second or
//! two on two cores, see `benches/conflicts.rs`).
//!
//! Choices the design leaves open, made here:
//! - **The window** (3 years by default) ends today. An affiliation counts when the person's
//!   span and the author's overlap, and the overlap reaches into the window; a publication
//!   counts when its year is at least this year minus the window (in 2026: 2023 or later).
//! - **The affiliation an author typed** on the submission is where they are now, since an
//!   unknown date. When the author's profile has a span at the same institution, its dates
//!   are used instead.
//! - **Declared conflicts** are active from `since` (if given) until `until` (if given),
//!   inclusive; one that ended yesterday no longer counts. A declared conflict with an
//!   institution concerns the authors who are there now.
//! - **Institutions are one per affiliation** (several may be given separated by `;`).
//!   They are compared on a normalised key: accents folded, case and punctuation dropped,
//!   common abbreviations spelt out (Univ. → University, Hosp. → Hospital, St. → Saint,
//!   Centre/Ctr → Center, and the usual non-English forms such as Università or Hôpital),
//!   filler words (of, the, and, de…) dropped. Trailing comma-separated parts that add no
//!   meaning are dropped: a country, a two-letter code (a US state), a postcode, or a place
//!   already named (`University of Genoa, Genoa, Italy` is `University of Genoa`). A city
//!   is otherwise kept, because it can be what tells two institutions apart (`University of
//!   Texas, Austin` and `…, Houston`); those two are then a potential match, not a confirmed
//!   one.
//! - **A similar institution** (potential): the distinctive words of one (those that are
//!   not a kind of institution like University or Hospital, nor a generic word like
//!   Department or Medical, nor a trailing one-word place) are all among the other's, and
//!   when both name a kind of institution they share one. So `University of Genoa` is
//!   similar to `University of Genoa Medical School, Italy`, but not to `University of
//!   Geneva`, nor to `Genoa Hospital` (a hospital is not a university).
//! - **E-mail domains** are compared on their registrable part (`med.uni-genoa.example` is
//!   `uni-genoa.example`; `ox.ac.uk` stays `ox.ac.uk`). Public mail services never count.
//! - **Similar names** (potential): the same family name, and first given names that agree
//!   (equal, or one is the other's initial): `J. Smith` and `John Smith`, but not `Jane
//!   Smith` and `John Smith`, whose first names are both written out and differ. Two people
//!   whose ORCID iDs are both known and differ are never taken for one another by name.
//! - **A shared name is not a shared person** (issue 30): where a co-author or a declared
//!   conflict names someone, it is that person for certain (confirmed) only by evidence:
//!   one of their confirmed addresses, their ORCID iD, or the exact name *and* the same
//!   institution within the window (a confirmed rule-2 match between the person and the
//!   author: exact institution or institutional mail domain). The exact name alone is a
//!   potential conflict, and so is an exact name given with an address that is none of
//!   theirs; the reason says which ("the same name, but a different address"). Common
//!   names are shared by thousands of researchers, and a false block hides a submission
//!   from an editor with no one able to rule on it. The same evidence decides whether a
//!   co-author listed on a person's own paper is that person (and so not their co-author):
//!   the name counts only when no address or ORCID iD listed says otherwise. Rule 1 itself
//!   never went by name (account, address or ORCID iD only), and the authors' opposed
//!   people (rule 5) are matched by name as before: the authors asked.
//! - **Opposed people** given with an e-mail address are matched by that address only.
//! - **An author who is the person** gives the authorship finding only, not also "same
//!   institution as themselves".
//! - **One finding per rule, author and evidence**: the same institution in two spans, or
//!   the same paper in both people's lists, is one finding, the confirmed one if either is.
//!
//! Where each part lives: the types below and the entry points ([`findings`],
//! [`findings_prepared`]); `prepared` (the normalised forms), `keys` (the fast path),
//! `index` ([`PeopleIndex`], many people at once); `check` (the order the rules run in,
//! rules 1, 5 and 6), `institutions` and `mail_domains` (rule 2), `coauthorship` (rule 3),
//! `declared` (rule 4); `identity` (who is the same person: names, and the evidence
//! that a name is someone) and `normalise` (text, addresses and ORCID iDs).

mod check;
mod coauthorship;
mod declared;
#[cfg(test)]
mod fixtures;
mod identity;
mod index;
mod institutions;
mod keys;
mod mail_domains;
mod normalise;
mod prepared;

use chrono::{Months, NaiveDate};

pub use index::PeopleIndex;
pub use mail_domains::mail_domain;
pub use prepared::{PreparedPerson, PreparedSubmission};

use check::Check;
use keys::{Thresholds, may_conflict};

/// How far back shared institutions and joint papers count, by default.
pub const DEFAULT_WINDOW_YEARS: i32 = 3;

/// What the rules depend on besides the two parties: the date, and the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub today: NaiveDate,
    /// Shared institutions and co-authored papers count for this many years back.
    pub window_years: i32,
}

impl Settings {
    /// The design's default window of 3 years, ending `today`.
    pub fn new(today: NaiveDate) -> Settings {
        Settings {
            today,
            window_years: DEFAULT_WINDOW_YEARS,
        }
    }

    /// The first day of the window (`today` minus the window, 29 February → 28th).
    pub fn window_start(&self) -> NaiveDate {
        let months = u32::try_from(self.window_years.max(0)).unwrap_or(0) * 12;
        self.today
            .checked_sub_months(Months::new(months))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// A time at an institution; `to: None` means "to now", `from: None` "since we do not know".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationSpan {
    pub institution: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A co-author as a publication lists them; the address and iD are often missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoauthorRef {
    pub name: String,
    pub email: Option<String>,
    pub orcid: Option<String>,
}

/// A paper: from the system's own articles and submissions, or listed in a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub title: String,
    pub year: i32,
    pub coauthors: Vec<CoauthorRef>,
    pub source: PaperSource,
}

/// Where a paper is known from, which decides what a reason may say about it.
///
/// A reason is read by people who may be barred from other manuscripts (a handling editor
/// searching reviewers, the editor-in-chief): a manuscript submitted here is confidential
/// until it is published, so its title, authors and year never appear in a reason, and its
/// finding key holds a hash of its title rather than the title (the key is sent in forms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PaperSource {
    /// Listed in a person's profile, typed or imported: public knowledge.
    #[default]
    Listed,
    /// A manuscript submitted here; its title is public once it is published.
    Manuscript { published: bool },
}

/// The kinds of conflict a person can declare (stored as [`DeclaredKind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclaredKind {
    AdvisorAdvisee,
    Family,
    CloseCollaborator,
    Personal,
    Financial,
    Other,
}

impl DeclaredKind {
    pub const ALL: [DeclaredKind; 6] = [
        DeclaredKind::AdvisorAdvisee,
        DeclaredKind::Family,
        DeclaredKind::CloseCollaborator,
        DeclaredKind::Personal,
        DeclaredKind::Financial,
        DeclaredKind::Other,
    ];

    /// The stored form (`declared_conflicts.kind`), also used in finding keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DeclaredKind::AdvisorAdvisee => "advisor_advisee",
            DeclaredKind::Family => "family",
            DeclaredKind::CloseCollaborator => "close_collaborator",
            DeclaredKind::Personal => "personal",
            DeclaredKind::Financial => "financial",
            DeclaredKind::Other => "other",
        }
    }

    /// How it reads in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            DeclaredKind::AdvisorAdvisee => "advisor/advisee",
            DeclaredKind::Family => "family",
            DeclaredKind::CloseCollaborator => "close collaborator",
            DeclaredKind::Personal => "personal",
            DeclaredKind::Financial => "financial",
            DeclaredKind::Other => "other",
        }
    }

    /// Reads the stored form back.
    pub fn parse(stored: &str) -> Option<DeclaredKind> {
        DeclaredKind::ALL
            .into_iter()
            .find(|k| k.as_str() == stored.trim())
    }
}

/// Whom a declared conflict is with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclaredTarget {
    Person {
        name: String,
        email: Option<String>,
        orcid: Option<String>,
    },
    Institution(String),
}

/// A conflict a person declared in their profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredConflict {
    pub target: DeclaredTarget,
    pub kind: DeclaredKind,
    pub since: Option<NaiveDate>,
    /// The last day it holds; `None` while it lasts.
    pub until: Option<NaiveDate>,
    pub note: String,
}

/// Everything known about a person that conflicts are computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonProfile {
    pub person_id: Option<i64>,
    pub name: String,
    /// Every address the person has confirmed: identity is resolved across all of them.
    pub emails: Vec<String>,
    pub orcid: Option<String>,
    /// The whole history, the current affiliation included.
    pub affiliations: Vec<AffiliationSpan>,
    pub publications: Vec<Publication>,
    pub declared: Vec<DeclaredConflict>,
}

/// One author of the submission as listed, with their own profile when they have an
/// account (more addresses, affiliation history, publications).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionAuthor {
    pub person_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub orcid: Option<String>,
    pub profile: Option<PersonProfile>,
}

/// The role the authors asked a person not to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpposedRole {
    Editor,
    Reviewer,
}

impl OpposedRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OpposedRole::Editor => "editor",
            OpposedRole::Reviewer => "reviewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OpposedRole::Editor => "handling editor",
            OpposedRole::Reviewer => "reviewer",
        }
    }
}

/// A person the authors asked not to handle or review their submission, with their reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpposedPerson {
    pub name: String,
    pub email: Option<String>,
    pub reason: String,
    pub role: OpposedRole,
}

/// The people around one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionParties {
    pub authors: Vec<SubmissionAuthor>,
    pub opposed: Vec<OpposedPerson>,
    /// "I have a competing interest" on this submission: (person id, their reason).
    pub declared_on_submission: Vec<(i64, String)>,
}

/// The design's six rules, numbered as in DESIGN §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Authorship = 1,
    SharedInstitution = 2,
    CoAuthorship = 3,
    DeclaredConflict = 4,
    OpposedByAuthors = 5,
    DeclaredOnSubmission = 6,
}

impl Rule {
    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Rule::Authorship => "Authorship",
            Rule::SharedInstitution => "Shared institution",
            Rule::CoAuthorship => "Co-authorship",
            Rule::DeclaredConflict => "Declared conflict",
            Rule::OpposedByAuthors => "Opposed by the authors",
            Rule::DeclaredOnSubmission => "Declared on the submission",
        }
    }
}

/// Whether a finding blocks (confirmed) or waits for the editor-in-chief (potential).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    Confirmed,
    Potential,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Confirmed => "confirmed",
            Strength::Potential => "potential",
        }
    }
}

/// One reason a person has a competing interest with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub strength: Strength,
    /// For the editor-in-chief, naming the author and the evidence, e.g. "Same institution
    /// as author Ada Osei: University of Genoa (2021–now)". No final full stop, so reasons
    /// can be joined.
    pub reason: String,
    /// Stable identity of the finding: the rule, the evidence and the author (by address),
    /// normalised. A ruling on a potential conflict is stored against it and still applies
    /// when the lists are reordered or re-read. The shapes:
    /// `1:{author}`; `2:{institution}:{author}`, `2:{institution}~{theirs}:{author}`
    /// (similar), `2:@{mail domain}:{author}`; `3:{year}:{title}:{author}`;
    /// `4:{kind}:person {iD, address or name}:{author}`,
    /// `4:{kind}:institution {institution}:{author}`; `5:{editor|reviewer}:{address or
    /// name}`; `6:{person id}`.
    pub key: String,
}

/// Every finding for `person` and `submission`.
pub fn findings(
    person: &PersonProfile,
    submission: &SubmissionParties,
    settings: &Settings,
) -> Vec<Finding> {
    findings_prepared(
        &PreparedPerson::new(person),
        &PreparedSubmission::new(submission),
        settings,
    )
}

/// Whether any finding blocks the person.
pub fn is_blocked(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.strength == Strength::Confirmed)
}

/// Every finding, on prepared parties. Allocates nothing when there is none.
pub fn findings_prepared(
    person: &PreparedPerson,
    submission: &PreparedSubmission,
    settings: &Settings,
) -> Vec<Finding> {
    let thresholds = Thresholds::new(settings);
    if !may_conflict(person, submission, &thresholds) {
        return Vec::new();
    }
    Check::new(person, submission, settings).run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;

    #[test]
    fn declared_kinds_read_back() {
        for k in DeclaredKind::ALL {
            assert_eq!(DeclaredKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(DeclaredKind::parse("enemy"), None);
        assert_eq!(Rule::OpposedByAuthors.number(), 5);
    }

    #[test]
    fn keys_are_stable_and_findings_deduplicated() {
        let mut p = person("Maria Rossi", &["maria@uni-genoa.example"]);
        p.affiliations = vec![
            span("University of Genoa", Some(2010), Some(2015)),
            span("Univ. of Genoa", Some(2018), None),
            span("IRCCS Ospedale San Martino", Some(2018), None),
        ];
        p.publications = vec![
            paper(
                "A study",
                2024,
                vec![coauthor("Ada Osei"), coauthor("B. Mol")],
            ),
            paper("A Study.", 2024, vec![coauthor("Osei, Ada")]),
        ];
        let authors = vec![
            author("Ada Osei", "ada@uni-genoa.example", "University of Genoa"),
            author(
                "Ben Mol",
                "ben@san-martino.example",
                "Ospedale San Martino, Genoa",
            ),
        ];
        let forward = run(&p, &parties(authors.clone()));

        let mut q = p.clone();
        q.affiliations.reverse();
        q.publications.reverse();
        let mut reversed = authors;
        reversed.reverse();
        let backward = run(&q, &parties(reversed));

        let keys = |f: &[Finding]| {
            let mut k: Vec<String> = f.iter().map(|f| f.key.clone()).collect();
            k.sort();
            k
        };
        assert_eq!(keys(&forward), keys(&backward));
        assert_eq!(
            keys(&forward),
            [
                "2:@uni-genoa.example:ada@uni-genoa.example",
                "2:irccs hospital san martino~hospital san martino genoa:ben@san-martino.example",
                "2:university genoa:ada@uni-genoa.example",
                "3:2024:a study:ada@uni-genoa.example",
                "3:2024:a study:ben@san-martino.example",
            ]
        );
    }
}
