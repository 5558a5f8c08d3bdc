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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Datelike, Months, NaiveDate};

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
    Check {
        p: person,
        s: submission,
        settings,
        window_start: settings.window_start(),
        out: Vec::new(),
    }
    .run()
}

// ---------------------------------------------------------------------------------------
// Prepared forms.
// ---------------------------------------------------------------------------------------

/// A person, normalised once for checking against many submissions.
#[derive(Debug, Clone)]
pub struct PreparedPerson {
    person_id: Option<i64>,
    name: NameKey,
    emails: Vec<String>,
    /// (registrable domain, index into `emails`), public mail left out.
    domains: Vec<(String, usize)>,
    orcid: Option<String>,
    spans: Vec<PreparedSpan>,
    publications: Vec<PreparedPublication>,
    /// (identity key, publication, co-author) of every co-author but the person, sorted.
    coauthor_index: Vec<(u64, u32, u32)>,
    /// The person's identity keys (addresses, ORCID iD, name), for the authors' indexes.
    identity: Vec<u64>,
    declared: Vec<PreparedDeclared>,
    /// What the authors look up: the person's identities, co-authors, declared targets and
    /// institutions.
    table: KeyTable,
    /// Looked up in the submission's table: mail domains and institutions.
    probes: ProbeSet,
    /// Looked up when an author lists publications.
    identity_probes: Vec<u64>,
    /// Looked up when the authors opposed someone.
    opposed_probes: Vec<u64>,
}

/// A submission's parties, normalised once for checking against many people.
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    authors: Vec<PreparedAuthor>,
    opposed: Vec<PreparedOpposed>,
    declared_on_submission: Vec<(i64, String)>,
    /// What a person looks up: the authors' mail domains, institutions and co-authors, and
    /// the opposed people.
    table: KeyTable,
    /// Looked up in a person's table (against the window): the authors' identities and
    /// institutions.
    probes: Vec<u64>,
    /// Whether any author lists publications.
    has_publications: bool,
}

#[derive(Debug, Clone)]
struct PreparedAuthor {
    person_id: Option<i64>,
    display: String,
    /// Identifies the author in finding keys: their address, else their name.
    key: String,
    name: NameKey,
    emails: Vec<String>,
    domains: Vec<(String, usize)>,
    orcids: Vec<String>,
    /// Identity keys (account, addresses, ORCID iDs, name), for the person's index.
    identity: Vec<u64>,
    spans: Vec<PreparedSpan>,
    publications: Vec<PreparedPublication>,
    /// As [`PreparedPerson::coauthor_index`], for the author's own publications.
    coauthor_index: Vec<(u64, u32, u32)>,
}

#[derive(Debug, Clone)]
struct PreparedOpposed {
    display: String,
    name: NameKey,
    email: Option<String>,
    reason: String,
    role: OpposedRole,
}

#[derive(Debug, Clone)]
struct PreparedSpan {
    inst: InstKey,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct PreparedPublication {
    title: String,
    title_key: String,
    source: PaperSource,
    year: i32,
    coauthors: Vec<PersonRef>,
}

/// A person named somewhere (a co-author, a declared target).
#[derive(Debug, Clone)]
struct PersonRef {
    display: String,
    name: NameKey,
    email: Option<String>,
    orcid: Option<String>,
}

#[derive(Debug, Clone)]
struct PreparedDeclared {
    kind: DeclaredKind,
    target: PreparedTarget,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    note: String,
}

#[derive(Debug, Clone)]
enum PreparedTarget {
    Person(PersonRef),
    Institution(InstKey),
}

impl PreparedPerson {
    pub fn new(profile: &PersonProfile) -> PreparedPerson {
        let emails = normalise_emails(profile.emails.iter().map(String::as_str));
        let domains = institutional_domains(&emails);
        let orcid = profile.orcid.as_deref().and_then(normalise_orcid);
        let name = NameKey::new(&profile.name);
        let spans = prepare_spans(&profile.affiliations);
        let publications = prepare_publications(&profile.publications);
        let declared: Vec<PreparedDeclared> = profile
            .declared
            .iter()
            .map(|d| PreparedDeclared {
                kind: d.kind,
                target: match &d.target {
                    DeclaredTarget::Person { name, email, orcid } => PreparedTarget::Person(
                        PersonRef::new(name, email.as_deref(), orcid.as_deref()),
                    ),
                    DeclaredTarget::Institution(name) => {
                        PreparedTarget::Institution(InstKey::new(name))
                    }
                },
                since: d.since,
                until: d.until,
                note: d.note.trim().to_owned(),
            })
            .collect();
        let coauthor_index = coauthor_index(&publications, |c| {
            is_self(c, &emails, orcid.as_slice(), &name)
        });
        let identity = identity_keys(profile.person_id, &emails, orcid.iter(), &name, Side::Probe);

        // Authorship is by account, address or iD: the person's own name is not an entry.
        let mut entries: Vec<u64> = identity_keys(
            profile.person_id,
            &emails,
            orcid.iter(),
            &NameKey::default(),
            Side::Entry,
        )
        .into_iter()
        .map(|k| pack(k, OPEN))
        .collect();
        entries.extend(
            coauthor_index
                .iter()
                .map(|(k, p, _)| pack(*k, year_value(publications[*p as usize].year))),
        );
        let mut probes = ProbeSet::default();
        for (d, _) in &domains {
            probes.always.push(pack(key(Tag::Domain, d), OPEN));
        }
        for s in &spans {
            let value = end_value(s.to);
            entries.extend(s.inst.element_keys().into_iter().map(|k| pack(k, value)));
            probes
                .window
                .extend(s.inst.probe_keys().into_iter().map(|k| pack(k, value)));
        }
        for d in &declared {
            let value = end_value(d.until);
            match &d.target {
                PreparedTarget::Person(r) => entries.extend(
                    identity_keys(
                        None,
                        r.email.as_slice(),
                        r.orcid.iter(),
                        &r.name,
                        Side::Entry,
                    )
                    .into_iter()
                    .map(|k| pack(k, value)),
                ),
                PreparedTarget::Institution(inst) => {
                    // Found against the window rather than today here: looser, never missing.
                    entries.extend(inst.element_keys().into_iter().map(|k| pack(k, value)));
                    probes
                        .today
                        .extend(inst.probe_keys().into_iter().map(|k| pack(k, value)));
                }
            }
        }
        probes.dedup();

        let identity_probes = dedup(
            identity
                .iter()
                .map(|k| pack(rekey(*k, Tag::Publication), OPEN))
                .collect(),
        );
        let mut opposed_probes: Vec<u64> = emails
            .iter()
            .map(|e| pack(rekey(key(Tag::Email, e), Tag::Opposed), OPEN))
            .collect();
        opposed_probes.extend(
            name_keys(&name, Side::Probe)
                .into_iter()
                .map(|k| pack(rekey(k, Tag::Opposed), OPEN)),
        );

        PreparedPerson {
            person_id: profile.person_id,
            name,
            emails,
            domains,
            orcid,
            spans,
            publications,
            coauthor_index,
            identity,
            declared,
            table: KeyTable::build(&entries),
            probes,
            identity_probes,
            opposed_probes,
        }
    }
}

impl PreparedSubmission {
    pub fn new(parties: &SubmissionParties) -> PreparedSubmission {
        let authors: Vec<PreparedAuthor> =
            parties.authors.iter().map(PreparedAuthor::new).collect();
        let opposed: Vec<PreparedOpposed> = parties
            .opposed
            .iter()
            .map(|o| PreparedOpposed {
                display: o.name.trim().to_owned(),
                name: NameKey::new(&o.name),
                email: o.email.as_deref().and_then(normalise_email),
                reason: o.reason.trim().to_owned(),
                role: o.role,
            })
            .collect();

        let mut entries = Vec::new();
        let mut probes = Vec::new();
        for a in &authors {
            probes.extend(a.identity.iter().map(|k| pack(*k, OPEN)));
            for (d, _) in &a.domains {
                entries.push(pack(key(Tag::Domain, d), OPEN));
            }
            for s in &a.spans {
                let value = end_value(s.to);
                entries.extend(s.inst.element_keys().into_iter().map(|k| pack(k, value)));
                probes.extend(s.inst.probe_keys().into_iter().map(|k| pack(k, value)));
            }
            entries.extend(a.coauthor_index.iter().map(|(k, p, _)| {
                let year = a.publications[*p as usize].year;
                pack(rekey(*k, Tag::Publication), year_value(year))
            }));
        }
        for o in &opposed {
            let keys = match &o.email {
                Some(e) => vec![key(Tag::Email, e)],
                None => name_keys(&o.name, Side::Entry),
            };
            entries.extend(keys.into_iter().map(|k| pack(rekey(k, Tag::Opposed), OPEN)));
        }

        PreparedSubmission {
            has_publications: authors.iter().any(|a| !a.coauthor_index.is_empty()),
            authors,
            opposed,
            declared_on_submission: parties
                .declared_on_submission
                .iter()
                .map(|(id, reason)| (*id, reason.trim().to_owned()))
                .collect(),
            table: KeyTable::build(&entries),
            probes: dedup(probes),
        }
    }
}

impl PreparedAuthor {
    fn new(a: &SubmissionAuthor) -> PreparedAuthor {
        let profile = a.profile.as_ref();
        let emails = normalise_emails(
            std::iter::once(a.email.as_str()).chain(
                profile
                    .into_iter()
                    .flat_map(|p| p.emails.iter().map(String::as_str)),
            ),
        );
        let domains = institutional_domains(&emails);
        let mut orcids: Vec<String> = a
            .orcid
            .as_deref()
            .into_iter()
            .chain(profile.and_then(|p| p.orcid.as_deref()))
            .filter_map(normalise_orcid)
            .collect();
        orcids.dedup();
        let mut spans = profile
            .map(|p| prepare_spans(&p.affiliations))
            .unwrap_or_default();
        // The typed affiliation is where they are now, since an unknown date, unless the
        // profile gives the dates of that same institution.
        for part in split_affiliations(&a.affiliation) {
            let inst = InstKey::new(part);
            if !inst.exact.is_empty() && !spans.iter().any(|s| s.inst.exact == inst.exact) {
                spans.push(PreparedSpan {
                    inst,
                    from: None,
                    to: None,
                });
            }
        }
        let name = NameKey::new(&a.name);
        let person_id = a.person_id.or(profile.and_then(|p| p.person_id));
        let publications = profile
            .map(|p| prepare_publications(&p.publications))
            .unwrap_or_default();
        let coauthor_index = coauthor_index(&publications, |c| is_self(c, &emails, &orcids, &name));
        let key = match emails.first() {
            Some(e) => e.clone(),
            None if !name.exact.is_empty() => name.exact.clone(),
            None => person_id.map(|id| format!("#{id}")).unwrap_or_default(),
        };
        PreparedAuthor {
            identity: identity_keys(person_id, &emails, orcids.iter(), &name, Side::Probe),
            person_id,
            display: a.name.split_whitespace().collect::<Vec<_>>().join(" "),
            key,
            name,
            emails,
            domains,
            orcids,
            spans,
            publications,
            coauthor_index,
        }
    }
}

fn prepare_spans(spans: &[AffiliationSpan]) -> Vec<PreparedSpan> {
    spans
        .iter()
        .flat_map(|s| {
            split_affiliations(&s.institution).map(|part| PreparedSpan {
                inst: InstKey::new(part),
                from: s.from,
                to: s.to,
            })
        })
        .filter(|s| !s.inst.exact.is_empty())
        .collect()
}

fn prepare_publications(publications: &[Publication]) -> Vec<PreparedPublication> {
    publications
        .iter()
        .map(|p| PreparedPublication {
            title: p.title.split_whitespace().collect::<Vec<_>>().join(" "),
            title_key: match p.source {
                PaperSource::Listed => fold_tokens(&p.title).join(" "),
                // The same hash whether published or not, so a ruling outlives publication.
                PaperSource::Manuscript { .. } => format!(
                    "manuscript {:016x}",
                    key(Tag::Publication, &fold_tokens(&p.title).join(" "))
                ),
            },
            source: p.source,
            year: p.year,
            coauthors: p
                .coauthors
                .iter()
                .map(|c| PersonRef::new(&c.name, c.email.as_deref(), c.orcid.as_deref()))
                .collect(),
        })
        .collect()
}

/// Whether a co-author listed on someone's own paper is that someone: by address or ORCID
/// iD, or by the exact name when no address or iD listed with it says otherwise (a
/// namesake on one's own paper is a co-author like any other).
fn is_self(c: &PersonRef, emails: &[String], orcids: &[String], name: &NameKey) -> bool {
    if c.email.as_ref().is_some_and(|e| emails.contains(e))
        || c.orcid.as_ref().is_some_and(|o| orcids.contains(o))
    {
        return true;
    }
    let contradicted = c.email.is_some() || (c.orcid.is_some() && !orcids.is_empty());
    !contradicted && !c.name.exact.is_empty() && c.name.exact == name.exact
}

/// Every co-author's identity keys with where they are listed, sorted by key; `is_self`
/// leaves out the owner of the publications.
fn coauthor_index(
    publications: &[PreparedPublication],
    is_self: impl Fn(&PersonRef) -> bool,
) -> Vec<(u64, u32, u32)> {
    let mut index = Vec::new();
    for (i, p) in publications.iter().enumerate() {
        for (j, c) in p.coauthors.iter().enumerate() {
            if is_self(c) {
                continue;
            }
            let (i, j) = (
                u32::try_from(i).unwrap_or(u32::MAX),
                u32::try_from(j).unwrap_or(u32::MAX),
            );
            for k in identity_keys(
                None,
                c.email.as_slice(),
                c.orcid.iter(),
                &c.name,
                Side::Entry,
            ) {
                index.push((k, i, j));
            }
        }
    }
    index.sort_unstable();
    index.dedup();
    index
}

/// The entries of a sorted index with key `k`.
fn lookup(index: &[(u64, u32, u32)], k: u64) -> impl Iterator<Item = (u32, u32)> + '_ {
    let start = index.partition_point(|e| e.0 < k);
    index[start..]
        .iter()
        .take_while(move |e| e.0 == k)
        .map(|e| (e.1, e.2))
}

/// Whether keys go in a table (or index) or are looked up in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Entry,
    Probe,
}

/// Hashed identities: account, addresses, ORCID iDs and name.
fn identity_keys<'a>(
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
fn name_keys(name: &NameKey, side: Side) -> Vec<u64> {
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

fn split_affiliations(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|p| !p.is_empty())
}

// ---------------------------------------------------------------------------------------
// The fast path: hashed keys, one small open-addressing table per side.
// ---------------------------------------------------------------------------------------

/// What a hashed key stands for; part of the hash, so equal texts of different kinds differ.
#[derive(Debug, Clone, Copy)]
enum Tag {
    PersonId,
    Email,
    Orcid,
    /// A family name with a written-out first name.
    Name,
    /// A family name with the initial of the first name, for any name.
    Initial,
    /// A family name with the initial of a first name given only as an initial.
    InitialOnly,
    /// An institution key without distinctive words (compared whole).
    Inst,
    /// One distinctive word of an institution (hashed into [`InstKey::distinct`]).
    Token,
    /// One or two distinctive words of an institution, with a kind of institution.
    Element,
    Domain,
    /// An identity listed as co-author in an author's publications.
    Publication,
    /// An identity the authors opposed.
    Opposed,
}

/// Table values and thresholds are years (`u16`); this one means "still current".
const OPEN: u16 = u16::MAX;
/// The low bits of a packed key hold its year.
const YEAR_BITS: u64 = 0xffff;

/// A key with its year in the low 16 bits (never 0: 0 marks an empty slot).
fn pack(hash: u64, year: u16) -> u64 {
    let high = hash & !YEAR_BITS;
    let high = if high == 0 { 1 << 16 } else { high };
    high | u64::from(year)
}

fn year_value(year: i32) -> u16 {
    u16::try_from(year.clamp(0, i32::from(OPEN) - 1)).unwrap_or(0)
}

/// The year a span or a declaration ends, or [`OPEN`].
fn end_value(date: Option<NaiveDate>) -> u16 {
    date.map_or(OPEN, |d| year_value(d.year()))
}

/// Keys a side looks up in the other's table, by the year they must reach.
#[derive(Debug, Clone, Default)]
struct ProbeSet {
    always: Vec<u64>,
    window: Vec<u64>,
    today: Vec<u64>,
}

impl ProbeSet {
    fn dedup(&mut self) {
        for v in [&mut self.always, &mut self.window, &mut self.today] {
            *v = dedup(std::mem::take(v));
        }
    }
}

/// Packed keys sorted, each key once with its latest year.
fn dedup(mut keys: Vec<u64>) -> Vec<u64> {
    keys.sort_unstable_by_key(|k| (k & !YEAR_BITS, std::cmp::Reverse(k & YEAR_BITS)));
    keys.dedup_by_key(|k| *k & !YEAR_BITS);
    keys
}

/// The years a looked-up key and its table entry must both reach.
struct Thresholds {
    window: u16,
    today: u16,
}

impl Thresholds {
    fn new(settings: &Settings) -> Thresholds {
        Thresholds {
            window: year_value(settings.window_start().year()),
            today: year_value(settings.today.year()),
        }
    }

    fn of(&self, class: Class) -> u16 {
        match class {
            Class::Always => 0,
            Class::Window => self.window,
            Class::Today => self.today,
        }
    }
}

fn year_of(packed: u64) -> u16 {
    (packed & YEAR_BITS) as u16
}

/// Whether any key is in the table with it and the entry both at `year` or later.
fn any_hit(table: &KeyTable, probes: &[u64], year: u16) -> bool {
    probes
        .iter()
        .any(|p| year_of(*p) >= year && table.get(*p).is_some_and(|v| v >= year))
}

/// Whether anything could match: no false negatives, so `false` means no finding. Years
/// are compared, not days, which only lets a few more pairs through to the full check.
fn may_conflict(p: &PreparedPerson, s: &PreparedSubmission, t: &Thresholds) -> bool {
    if let Some(id) = p.person_id
        && s.declared_on_submission.iter().any(|(d, _)| *d == id)
    {
        return true;
    }
    any_hit(&p.table, &s.probes, t.window)
        || any_hit(&s.table, &p.probes.always, 0)
        || any_hit(&s.table, &p.probes.window, t.window)
        || any_hit(&s.table, &p.probes.today, t.today)
        || (s.has_publications && any_hit(&s.table, &p.identity_probes, t.window))
        || (!s.opposed.is_empty() && any_hit(&s.table, &p.opposed_probes, 0))
}

/// A set of packed keys, merged by latest year. Linear probing at most half full: a miss
/// costs one or two reads.
#[derive(Debug, Clone, Default)]
struct KeyTable {
    slots: Vec<u64>,
    mask: usize,
}

impl KeyTable {
    fn build(entries: &[u64]) -> KeyTable {
        if entries.is_empty() {
            return KeyTable::default();
        }
        let size = (entries.len() * 2).next_power_of_two().max(8);
        let mut table = KeyTable {
            slots: vec![0; size],
            mask: size - 1,
        };
        for &e in entries {
            table.insert(e);
        }
        table
    }

    fn slot_of(&self, packed: u64) -> usize {
        (packed >> 16) as usize & self.mask
    }

    fn insert(&mut self, packed: u64) {
        let mut i = self.slot_of(packed);
        loop {
            let slot = &mut self.slots[i];
            if *slot == 0 {
                *slot = packed;
                return;
            }
            if *slot & !YEAR_BITS == packed & !YEAR_BITS {
                *slot = (*slot).max(packed);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The year stored with the key, if it is there.
    fn get(&self, packed: u64) -> Option<u16> {
        if self.slots.is_empty() {
            return None;
        }
        let wanted = packed & !YEAR_BITS;
        let mut i = self.slot_of(packed);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & !YEAR_BITS == wanted {
                return Some(year_of(slot));
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// FNV-1a over the tag and the bytes, then a mixing step so every bit depends on every byte.
fn key(tag: Tag, text: &str) -> u64 {
    key_bytes(tag, text.as_bytes())
}

fn key_bytes(tag: Tag, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(tag as u8).chain(bytes.iter().copied()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h
}

/// The same identity in another role (listed in a publication, opposed).
fn rekey(hash: u64, tag: Tag) -> u64 {
    key_bytes(tag, &hash.to_le_bytes())
}

fn element_key(a: u64, b: u64, kind: u8) -> u64 {
    let mut text = [0u8; 17];
    text[..8].copy_from_slice(&a.to_le_bytes());
    text[8..16].copy_from_slice(&b.to_le_bytes());
    text[16] = kind;
    key_bytes(Tag::Element, &text)
}

// ---------------------------------------------------------------------------------------
// Many people at once.
// ---------------------------------------------------------------------------------------

/// Prepared people indexed by their keys, to find the few who could conflict with a
/// submission without looking at every pair: a new submission against everyone, or every
/// submission again at night. It gives exactly the people for whom [`findings_prepared`]
/// would get past its fast path; everyone else has no finding.
#[derive(Debug, Clone, Default)]
pub struct PeopleIndex {
    people: Vec<PreparedPerson>,
    /// What the submission looks up: the people's table entries, as (person, year).
    entries: HashMap<u64, Vec<(u32, u16)>, KeyHasher>,
    /// What the people look up in the submission's table, as (person, year, which year).
    probes: HashMap<u64, Vec<(u32, u16, Class)>, KeyHasher>,
    ids: HashMap<i64, Vec<u32>>,
}

/// Which year a looked-up key and its entry must both reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Always,
    Window,
    Today,
}

impl PeopleIndex {
    pub fn new(people: Vec<PreparedPerson>) -> PeopleIndex {
        let mut index = PeopleIndex::default();
        for (i, p) in people.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for &slot in p.table.slots.iter().filter(|s| **s != 0) {
                index
                    .entries
                    .entry(slot & !YEAR_BITS)
                    .or_default()
                    .push((i, year_of(slot)));
            }
            let probes = [
                (&p.probes.always, Class::Always),
                (&p.probes.window, Class::Window),
                (&p.probes.today, Class::Today),
                (&p.identity_probes, Class::Window),
                (&p.opposed_probes, Class::Always),
            ];
            for (list, class) in probes {
                for &k in list {
                    index
                        .probes
                        .entry(k & !YEAR_BITS)
                        .or_default()
                        .push((i, year_of(k), class));
                }
            }
            if let Some(id) = p.person_id {
                index.ids.entry(id).or_default().push(i);
            }
        }
        index.people = people;
        index
    }

    pub fn people(&self) -> &[PreparedPerson] {
        &self.people
    }

    /// The positions in [`PeopleIndex::people`] of those who could conflict, in order.
    pub fn candidates(&self, submission: &PreparedSubmission, settings: &Settings) -> Vec<usize> {
        let t = Thresholds::new(settings);
        let mut hit = vec![false; self.people.len()];
        let mut mark = |i: u32| {
            if let Some(h) = hit.get_mut(i as usize) {
                *h = true;
            }
        };
        for &k in &submission.probes {
            if year_of(k) < t.window {
                continue;
            }
            for &(i, year) in self.entries.get(&(k & !YEAR_BITS)).into_iter().flatten() {
                if year >= t.window {
                    mark(i);
                }
            }
        }
        for &slot in submission.table.slots.iter().filter(|s| **s != 0) {
            let own = year_of(slot);
            for &(i, year, class) in self.probes.get(&(slot & !YEAR_BITS)).into_iter().flatten() {
                let at_least = t.of(class);
                if own >= at_least && year >= at_least {
                    mark(i);
                }
            }
        }
        for (id, _) in &submission.declared_on_submission {
            for &i in self.ids.get(id).into_iter().flatten() {
                mark(i);
            }
        }
        hit.iter()
            .enumerate()
            .filter_map(|(i, h)| h.then_some(i))
            .collect()
    }

    /// Everyone with a finding, with their findings, in order.
    pub fn findings(
        &self,
        submission: &PreparedSubmission,
        settings: &Settings,
    ) -> Vec<(usize, Vec<Finding>)> {
        self.candidates(submission, settings)
            .into_iter()
            .filter_map(|i| {
                let f = findings_prepared(self.people.get(i)?, submission, settings);
                (!f.is_empty()).then_some((i, f))
            })
            .collect()
    }
}

/// Our keys are hashes already; the low bits (the year, cleared) are moved out of the way.
type KeyHasher = BuildHasherDefault<PassThrough>;

#[derive(Debug, Default, Clone, Copy)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0.rotate_right(16)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

// ---------------------------------------------------------------------------------------
// The rules in full, for pairs that passed the fast path.
// ---------------------------------------------------------------------------------------

struct Check<'a> {
    p: &'a PreparedPerson,
    s: &'a PreparedSubmission,
    settings: &'a Settings,
    window_start: NaiveDate,
    out: Vec<Finding>,
}

impl Check<'_> {
    fn run(mut self) -> Vec<Finding> {
        let is_person: Vec<bool> = self.s.authors.iter().map(|a| self.authorship(a)).collect();
        let s = self.s;
        let others = || {
            s.authors
                .iter()
                .zip(&is_person)
                .filter(|(_, me)| !**me)
                .map(|(a, _)| a)
        };
        // Whether the person and each author shared an institution in the window (a
        // confirmed rule-2 finding): what makes an exact name the same person.
        let mut colleague = Vec::new();
        for a in others() {
            colleague.push(self.institutions(a));
        }
        for (a, shared) in others().zip(&colleague) {
            self.coauthorship(a, *shared);
        }
        for (a, shared) in others().zip(&colleague) {
            self.declared(a, *shared);
        }
        self.opposed();
        self.declared_on_submission();
        self.out
    }

    /// Adds a finding unless one with its key is there; a confirmed one replaces a
    /// potential one with the same key.
    fn add(&mut self, rule: Rule, strength: Strength, key: String, reason: String) {
        match self.out.iter_mut().find(|f| f.key == key) {
            Some(f) => {
                if f.strength == Strength::Potential && strength == Strength::Confirmed {
                    f.strength = strength;
                    f.reason = reason;
                }
            }
            None => self.out.push(Finding {
                rule,
                strength,
                reason,
                key,
            }),
        }
    }

    /// Rule 1. Returns whether the author is this person.
    fn authorship(&mut self, a: &PreparedAuthor) -> bool {
        let p = self.p;
        let mut evidence = Vec::new();
        if p.person_id.is_some() && p.person_id == a.person_id {
            evidence.push("same account".to_owned());
        }
        if let Some(e) = a.emails.iter().find(|e| p.emails.contains(e)) {
            evidence.push(format!("e-mail {e}"));
        }
        if let Some(o) = &p.orcid
            && a.orcids.contains(o)
        {
            evidence.push(format!("ORCID iD {}", orcid_display(o)));
        }
        if evidence.is_empty() {
            return false;
        }
        self.add(
            Rule::Authorship,
            Strength::Confirmed,
            format!("1:{}", a.key),
            format!(
                "Is author {} of this submission ({})",
                a.display,
                evidence.join(", ")
            ),
        );
        true
    }

    /// Rule 2: institutions overlapping in time within the window, and e-mail domains.
    /// Returns whether a confirmed one was found.
    fn institutions(&mut self, a: &PreparedAuthor) -> bool {
        let p = self.p;
        // The best overlap per institution pair: the latest, then the longest.
        let mut exact: Vec<(&PreparedSpan, &PreparedSpan, Overlap)> = Vec::new();
        let mut similar: Vec<(&PreparedSpan, &PreparedSpan, Overlap)> = Vec::new();
        for ps in &p.spans {
            for asp in &a.spans {
                let same = ps.inst.same_as(&asp.inst);
                if !same && !ps.inst.similar_to(&asp.inst) {
                    continue;
                }
                let Some(ov) = self.overlap(ps, asp) else {
                    continue;
                };
                let list = if same { &mut exact } else { &mut similar };
                match list.iter_mut().find(|(x, y, _)| {
                    x.inst.exact == ps.inst.exact && y.inst.exact == asp.inst.exact
                }) {
                    Some(entry) if ov.better_than(&entry.2) => *entry = (ps, asp, ov),
                    Some(_) => {}
                    None => list.push((ps, asp, ov)),
                }
            }
        }
        for (ps, asp, ov) in &exact {
            let written = if ps.inst.display.to_lowercase() == asp.inst.display.to_lowercase() {
                String::new()
            } else {
                format!(", written “{}” by the author", asp.inst.display)
            };
            self.add(
                Rule::SharedInstitution,
                Strength::Confirmed,
                format!("2:{}:{}", ps.inst.exact, a.key),
                format!(
                    "Same institution as author {}: {}{written} ({})",
                    a.display,
                    ps.inst.display,
                    ov.years()
                ),
            );
        }
        for (ps, asp, ov) in &similar {
            let known = |k: &str| {
                exact
                    .iter()
                    .any(|(x, y, _)| x.inst.exact == k || y.inst.exact == k)
            };
            if known(&ps.inst.exact) || known(&asp.inst.exact) {
                continue;
            }
            self.add(
                Rule::SharedInstitution,
                Strength::Potential,
                format!("2:{}~{}:{}", ps.inst.exact, asp.inst.exact, a.key),
                format!(
                    "Possibly the same institution as author {}: “{}” and “{}” ({})",
                    a.display,
                    ps.inst.display,
                    asp.inst.display,
                    ov.years()
                ),
            );
        }
        let mut confirmed = !exact.is_empty();
        for (pd, pi) in &p.domains {
            if let Some((_, ai)) = a.domains.iter().find(|(ad, _)| ad == pd) {
                confirmed = true;
                self.add(
                    Rule::SharedInstitution,
                    Strength::Confirmed,
                    format!("2:@{pd}:{}", a.key),
                    format!(
                        "Same institutional e-mail domain as author {}: {pd} ({} and {})",
                        a.display, p.emails[*pi], a.emails[*ai]
                    ),
                );
            }
        }
        confirmed
    }

    /// When both were at their institutions, if that reaches into the window.
    fn overlap(&self, x: &PreparedSpan, y: &PreparedSpan) -> Option<Overlap> {
        let today = self.settings.today;
        let start = x.from.max(y.from);
        // An end today or later is "now".
        let end_of = |d: Option<NaiveDate>| d.filter(|d| *d < today);
        let end = match (end_of(x.to), end_of(y.to)) {
            (None, None) => None,
            (Some(e), None) | (None, Some(e)) => Some(e),
            (Some(e), Some(f)) => Some(e.min(f)),
        };
        let last = end.unwrap_or(today);
        let ok = last >= self.window_start && start.is_none_or(|s| s <= last);
        ok.then_some(Overlap { start, end })
    }

    /// Rule 3, both ways: the person's papers listing the author, the author's listing the
    /// person.
    fn coauthorship(&mut self, a: &PreparedAuthor, colleague: bool) {
        let first_year = self.window_start.year();
        let p = self.p;
        let since = year_value(first_year);
        // The tables say cheaply whether a key is worth looking up in the index.
        let listed_by_person = |k: u64| p.table.get(pack(k, OPEN)).is_some_and(|y| y >= since);
        let listed_by_author = |k: u64| {
            let k = pack(rekey(k, Tag::Publication), OPEN);
            self.s.table.get(k).is_some_and(|y| y >= since)
        };
        let theirs = best_per_paper(
            &p.publications,
            &p.coauthor_index,
            a.identity.iter().filter(|k| listed_by_person(**k)),
            first_year,
            |c| match_author(c, a, colleague),
        );
        for (paper, evidence, c) in theirs {
            let listed = match evidence {
                Evidence::Identity if c.name.exact != a.name.exact && !c.display.is_empty() => {
                    format!(", listed as “{}”", c.display)
                }
                Evidence::Identity => String::new(),
                Evidence::NameAndInstitution => {
                    ": the paper lists the same name, and they shared an institution".to_owned()
                }
                Evidence::NameOnly => format!(": the paper lists the same name, {UNCONFIRMED}"),
                Evidence::NameOtherAddress => {
                    ": the paper lists the same name, but a different address".to_owned()
                }
                Evidence::SimilarName => format!(": the paper lists “{}”", c.display),
            };
            self.coauthored(a, paper, evidence, &listed);
        }
        let authors = if a.coauthor_index.is_empty() {
            Vec::new()
        } else {
            best_per_paper(
                &a.publications,
                &a.coauthor_index,
                p.identity.iter().filter(|k| listed_by_author(**k)),
                first_year,
                |c| match_person(c, p, colleague),
            )
        };
        for (paper, evidence, c) in authors {
            let listed = match evidence {
                Evidence::Identity => ", according to the author's publications".to_owned(),
                Evidence::NameAndInstitution => ", according to the author's publications: the \
                                                same name, and they shared an institution"
                    .to_owned(),
                Evidence::NameOnly => format!(
                    ": the same name as a co-author the author's publications list on it, \
                     {UNCONFIRMED}"
                ),
                Evidence::NameOtherAddress => ": the same name as a co-author the author's \
                                              publications list on it, but a different address"
                    .to_owned(),
                Evidence::SimilarName => {
                    format!(": the author's publications list “{}” on it", c.display)
                }
            };
            self.coauthored(a, paper, evidence, &listed);
        }
    }

    fn coauthored(
        &mut self,
        a: &PreparedAuthor,
        paper: &PreparedPublication,
        evidence: Evidence,
        listed: &str,
    ) {
        let strength = evidence.strength();
        let possibly = if strength == Strength::Potential {
            "Possibly co-authored"
        } else {
            "Co-authored"
        };
        let reason = match paper.source {
            PaperSource::Listed | PaperSource::Manuscript { published: true } => format!(
                "{possibly} “{}” ({}) with author {}{listed}",
                paper.title, paper.year, a.display
            ),
            // Nothing of the manuscript itself: not its title, year, or how it lists people;
            // only which kind of evidence there is.
            PaperSource::Manuscript { published: false } => format!(
                "{possibly} a manuscript submitted here with author {}{}",
                a.display,
                evidence.in_words()
            ),
        };
        self.add(
            Rule::CoAuthorship,
            strength,
            format!("3:{}:{}:{}", paper.year, paper.title_key, a.key),
            reason,
        );
    }

    /// Rule 4: the person's declared conflicts that hold today.
    fn declared(&mut self, a: &PreparedAuthor, colleague: bool) {
        let today = self.settings.today;
        let p = self.p;
        for d in &p.declared {
            if d.since.is_some_and(|s| s > today) || d.until.is_some_and(|u| u < today) {
                continue;
            }
            // Written only for a match.
            let details = || {
                let mut parts = vec![d.kind.label().to_owned()];
                match (d.since, d.until) {
                    (Some(s), Some(u)) => parts.push(format!("{}–{}", s.year(), u.year())),
                    (Some(s), None) => parts.push(format!("since {}", s.year())),
                    (None, Some(u)) => parts.push(format!("until {}", u.year())),
                    (None, None) => {}
                }
                format!("({}){}", parts.join(", "), quoted(&d.note))
            };
            match &d.target {
                PreparedTarget::Person(t) => {
                    let Some(evidence) = match_author(t, a, colleague) else {
                        continue;
                    };
                    let strength = evidence.strength();
                    let target = t
                        .orcid
                        .clone()
                        .or_else(|| t.email.clone())
                        .unwrap_or_else(|| t.name.exact.clone());
                    let reason = match evidence {
                        Evidence::Identity => {
                            format!("Declared conflict with author {} {}", a.display, details())
                        }
                        Evidence::NameAndInstitution => format!(
                            "Declared conflict with author {} (the same name, and they shared an \
                             institution) {}",
                            a.display,
                            details()
                        ),
                        Evidence::SimilarName => format!(
                            "Declared conflict with “{}”, possibly author {} {}",
                            t.display,
                            a.display,
                            details()
                        ),
                        Evidence::NameOnly | Evidence::NameOtherAddress => format!(
                            "Declared conflict with “{}”, possibly author {}{} {}",
                            t.display,
                            a.display,
                            evidence.in_words(),
                            details()
                        ),
                    };
                    self.add(
                        Rule::DeclaredConflict,
                        strength,
                        format!("4:{}:person {target}:{}", d.kind.as_str(), a.key),
                        reason,
                    );
                }
                PreparedTarget::Institution(inst) => {
                    let current = a.spans.iter().filter(|s| s.to.is_none_or(|t| t >= today));
                    let mut best: Option<(Strength, &PreparedSpan)> = None;
                    for s in current {
                        if s.inst.same_as(inst) {
                            best = Some((Strength::Confirmed, s));
                            break;
                        }
                        if best.is_none() && inst.similar_to(&s.inst) {
                            best = Some((Strength::Potential, s));
                        }
                    }
                    let Some((strength, s)) = best else {
                        continue;
                    };
                    let reason = if strength == Strength::Confirmed {
                        format!(
                            "Declared conflict with {}, the institution of author {}",
                            inst.display, a.display
                        )
                    } else {
                        format!(
                            "Declared conflict with “{}”, possibly the institution of author {}, “{}”",
                            inst.display, a.display, s.inst.display
                        )
                    };
                    let reason = format!("{reason} {}", details());
                    self.add(
                        Rule::DeclaredConflict,
                        strength,
                        format!("4:{}:institution {}:{}", d.kind.as_str(), inst.exact, a.key),
                        reason,
                    );
                }
            }
        }
    }

    /// Rule 5: people the authors opposed, by address when they gave one, else by name.
    fn opposed(&mut self) {
        let p = self.p;
        let s = self.s;
        for o in &s.opposed {
            let strength = match &o.email {
                Some(e) if p.emails.contains(e) => Some(Strength::Confirmed),
                Some(_) => None,
                None => o.name.compare(&p.name),
            };
            let Some(strength) = strength else {
                continue;
            };
            let who = o.email.clone().unwrap_or_else(|| o.name.exact.clone());
            let reason = match (strength, &o.email) {
                (Strength::Confirmed, Some(e)) => format!(
                    "The authors oppose {} ({e}) as {}{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
                (Strength::Confirmed, None) => format!(
                    "The authors oppose {} as {}{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
                (Strength::Potential, _) => format!(
                    "The authors oppose “{}” as {}, possibly this person{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
            };
            self.add(
                Rule::OpposedByAuthors,
                strength,
                format!("5:{}:{who}", o.role.as_str()),
                reason,
            );
        }
    }

    /// Rule 6: "I have a competing interest" on this submission.
    fn declared_on_submission(&mut self) {
        let Some(id) = self.p.person_id else {
            return;
        };
        let s = self.s;
        let mine: Vec<&str> = s
            .declared_on_submission
            .iter()
            .filter(|(d, _)| *d == id)
            .map(|(_, r)| r.as_str())
            .collect();
        if mine.is_empty() {
            return;
        }
        let mut reasons: Vec<&str> = mine.into_iter().filter(|r| !r.is_empty()).collect();
        reasons.dedup();
        self.add(
            Rule::DeclaredOnSubmission,
            Strength::Confirmed,
            format!("6:{id}"),
            format!(
                "Declared a competing interest on this submission{}",
                quoted(&reasons.join("; "))
            ),
        );
    }
}

/// What says that a reference (a co-author, a declared target) is a given person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
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

/// The end of a reason where the name is all there is.
const UNCONFIRMED: &str = "with no address, ORCID iD or shared institution to confirm it";

impl Evidence {
    fn strength(self) -> Strength {
        match self {
            Evidence::Identity | Evidence::NameAndInstitution => Strength::Confirmed,
            Evidence::NameOnly | Evidence::NameOtherAddress | Evidence::SimilarName => {
                Strength::Potential
            }
        }
    }

    /// The kind of evidence, naming nobody (for reasons that may not say how a
    /// manuscript lists its people).
    fn in_words(self) -> String {
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
fn match_author(c: &PersonRef, a: &PreparedAuthor, colleague: bool) -> Option<Evidence> {
    identify(c, &a.emails, &a.orcids, &a.name, colleague)
}

/// How a reference (a co-author in an author's publications) names the person checked.
fn match_person(c: &PersonRef, p: &PreparedPerson, colleague: bool) -> Option<Evidence> {
    identify(c, &p.emails, p.orcid.as_slice(), &p.name, colleague)
}

/// The papers in the window that list someone with one of `keys`, each with its best match
/// (the strongest evidence), in the order of the list.
fn best_per_paper<'p>(
    publications: &'p [PreparedPublication],
    index: &[(u64, u32, u32)],
    keys: impl Iterator<Item = &'p u64>,
    first_year: i32,
    matches: impl Fn(&PersonRef) -> Option<Evidence>,
) -> Vec<(&'p PreparedPublication, Evidence, &'p PersonRef)> {
    let mut hits: Vec<(u32, u32)> = keys.flat_map(|k| lookup(index, *k)).collect();
    hits.sort_unstable();
    hits.dedup();
    let mut out: Vec<(u32, Evidence, &'p PersonRef)> = Vec::new();
    for (i, j) in hits {
        let Some(paper) = publications.get(i as usize) else {
            continue;
        };
        let Some(c) = paper.coauthors.get(j as usize) else {
            continue;
        };
        if paper.year < first_year {
            continue;
        }
        let Some(evidence) = matches(c) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.0 == i => {
                // The strongest evidence (the variants are in that order).
                if evidence < last.1 {
                    *last = (i, evidence, c);
                }
            }
            _ => out.push((i, evidence, c)),
        }
    }
    out.into_iter()
        .filter_map(|(i, s, c)| publications.get(i as usize).map(|p| (p, s, c)))
        .collect()
}

/// `: “reason”`, or nothing when there is no reason.
fn quoted(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": “{text}”")
    }
}

/// When two people were at the same place: `start: None` when unknown, `end: None` for now.
#[derive(Debug, Clone, Copy)]
struct Overlap {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

impl Overlap {
    fn better_than(&self, other: &Overlap) -> bool {
        let later = match (self.end, other.end) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => x > y,
            _ => false,
        };
        later || (self.end == other.end && self.start < other.start)
    }

    fn years(&self) -> String {
        match (self.start, self.end) {
            (Some(s), None) => format!("{}–now", s.year()),
            (Some(s), Some(e)) if s.year() == e.year() => e.year().to_string(),
            (Some(s), Some(e)) => format!("{}–{}", s.year(), e.year()),
            (None, None) => "now".to_owned(),
            (None, Some(e)) => format!("until {}", e.year()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Names.
// ---------------------------------------------------------------------------------------

/// A name normalised for comparison: "Smith, John" and "Dr. John Smith" are `john smith`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct NameKey {
    /// Given names then family name, folded, joined by spaces.
    exact: String,
    family: String,
    /// The first given name (or initial); empty for a single-word name.
    first: String,
}

const NAME_TITLES: [&str; 6] = ["dr", "prof", "professor", "mr", "mrs", "ms"];
#[rustfmt::skip]
const NAME_DEGREES: &[&str] = &[
    "phd", "md", "msc", "mph", "mba", "bsc", "frcp", "frcs", "dphil",
];

impl NameKey {
    fn new(raw: &str) -> NameKey {
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
    fn compare(&self, other: &NameKey) -> Option<Strength> {
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

impl PersonRef {
    fn new(name: &str, email: Option<&str>, orcid: Option<&str>) -> PersonRef {
        PersonRef {
            display: name.split_whitespace().collect::<Vec<_>>().join(" "),
            name: NameKey::new(name),
            email: email.and_then(normalise_email),
            orcid: orcid.and_then(normalise_orcid),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Institutions.
// ---------------------------------------------------------------------------------------

/// An institution normalised for comparison.
#[derive(Debug, Clone)]
struct InstKey {
    /// As written, spaces collapsed.
    display: String,
    /// The normalised words in order (`university genoa`): equal keys are the same place.
    exact: String,
    exact_hash: u64,
    /// Hashes of the distinctive words, sorted: compared for similar institutions.
    distinct: Vec<u64>,
    /// Which kinds of institution it names (bits of [`INST_KINDS`]).
    kinds: u16,
}

impl InstKey {
    fn new(raw: &str) -> InstKey {
        let mut segments: Vec<Vec<String>> = raw
            .split(',')
            .map(institution_tokens)
            .filter(|t| !t.is_empty())
            .collect();
        // Trailing parts that add nothing: a country, a two-letter code, a place already named.
        while segments.len() > 1 {
            let Some(last) = segments.last() else { break };
            let joined = last.join(" ");
            let named_before = last.iter().all(|t| {
                segments[..segments.len() - 1]
                    .iter()
                    .flatten()
                    .any(|u| u == t)
            });
            let code = last.len() == 1 && last[0].chars().count() <= 2;
            if COUNTRIES.contains(&joined.as_str()) || code || named_before {
                segments.pop();
            } else {
                break;
            }
        }
        let exact = segments
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        // A trailing one-word part that is not a kind of institution is taken for a place.
        let mut core = segments.len();
        while core > 1
            && segments[core - 1].len() == 1
            && kind_bit(&segments[core - 1][0]).is_none()
        {
            core -= 1;
        }
        let mut distinct = Vec::new();
        let mut kinds = 0;
        for t in segments[..core].iter().flatten() {
            if let Some(bit) = kind_bit(t) {
                kinds |= bit;
            } else if !GENERIC_WORDS.contains(&t.as_str()) {
                distinct.push(key(Tag::Token, t));
            }
        }
        distinct.sort_unstable();
        distinct.dedup();
        InstKey {
            display: raw.split_whitespace().collect::<Vec<_>>().join(" "),
            exact_hash: key(Tag::Inst, &exact),
            exact,
            distinct,
            kinds,
        }
    }

    /// Keys for its side's table. Without distinctive words, its whole key. Otherwise each
    /// distinctive word and each pair of them, with each kind of institution it names (every
    /// kind when it names none) and with the wildcard.
    fn element_keys(&self) -> Vec<u64> {
        let d = &self.distinct;
        if d.is_empty() {
            return vec![self.exact_hash];
        }
        let mut kinds: Vec<u8> = match self.kinds {
            0 => (0..KIND_COUNT).collect(),
            k => kind_codes(k).collect(),
        };
        kinds.push(ANY_KIND);
        let mut out = Vec::with_capacity(d.len() * (d.len() + 1) / 2 * kinds.len());
        for (i, a) in d.iter().enumerate() {
            for b in std::iter::once(&0).chain(&d[i + 1..]) {
                out.extend(kinds.iter().map(|k| element_key(*a, *b, *k)));
            }
        }
        out
    }

    /// Keys to look up in the other side's table. Without distinctive words, its whole key.
    /// Otherwise its signature (its two lowest distinctive words, or its only one) with each
    /// kind it names, or with the wildcard when it names none.
    ///
    /// When one institution's distinctive words are all among another's, its signature is
    /// one of the other's elements; two similar institutions share a kind or one names none.
    /// So an exact or similar match always finds a key, and a city's university does not
    /// find the city's hospitals.
    fn probe_keys(&self) -> Vec<u64> {
        let (a, b) = match self.distinct.as_slice() {
            [] => return vec![self.exact_hash],
            [a] => (*a, 0),
            [a, b, ..] => (*a, *b),
        };
        match self.kinds {
            0 => vec![element_key(a, b, ANY_KIND)],
            k => kind_codes(k).map(|c| element_key(a, b, c)).collect(),
        }
    }

    fn same_as(&self, other: &InstKey) -> bool {
        self.exact_hash == other.exact_hash && self.exact == other.exact
    }

    /// A potential match (the exact keys differ): the distinctive words of one are all among
    /// the other's, and they share a kind of institution when both name one.
    fn similar_to(&self, other: &InstKey) -> bool {
        if self.same_as(other) || self.distinct.is_empty() || other.distinct.is_empty() {
            return false;
        }
        if self.kinds != 0 && other.kinds != 0 && self.kinds & other.kinds == 0 {
            return false;
        }
        let (small, large) = if self.distinct.len() <= other.distinct.len() {
            (&self.distinct, &other.distinct)
        } else {
            (&other.distinct, &self.distinct)
        };
        small.iter().all(|t| large.binary_search(t).is_ok())
    }
}

/// Words of one comma-separated part of an affiliation: folded, abbreviations spelt out,
/// filler words and numbers (postcodes, street numbers) dropped.
fn institution_tokens(part: &str) -> Vec<String> {
    fold_tokens(part)
        .into_iter()
        .map(|t| match canonical_word(&t) {
            Some(c) => c.to_owned(),
            None => t,
        })
        .filter(|t| !FILLER_WORDS.contains(&t.as_str()))
        .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// One spelling for words institutions write in several ways or languages.
fn canonical_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "univ" | "uni" | "universita" | "universitat" | "universite" | "universidad"
        | "universidade" | "universiteit" | "universitet" | "uniwersytet" | "univerzita"
        | "universitatea" | "universitas" | "universities" => "university",
        "hosp" | "hopital" | "ospedale" | "hospitals" | "krankenhaus" | "hospitalier"
        | "hospitalar" => "hospital",
        "inst" | "institut" | "instituto" | "istituto" | "institutet" | "instytut"
        | "institutes" => "institute",
        "ctr" | "cntr" | "centre" | "centro" | "zentrum" | "centrum" | "centers" | "centres" => {
            "center"
        }
        "dept" | "dep" | "dpt" | "departement" | "dipartimento" | "departamento"
        | "departament" | "departments" => "department",
        "st" => "saint",
        "ste" => "sainte",
        "mt" => "mount",
        "lab" | "labs" | "laboratories" | "laboratoire" | "laboratorio" | "labor" => "laboratory",
        "natl" => "national",
        "intl" => "international",
        "sch" => "school",
        "coll" => "college",
        "fac" | "facultad" | "facolta" | "faculte" | "fakultat" => "faculty",
        "div" => "division",
        "res" => "research",
        "sci" | "sciences" => "science",
        "clinica" | "clinique" | "klinik" | "klinikum" | "clinics" => "clinic",
        "fdn" | "fondazione" | "fundacion" | "fondation" | "fundacao" | "stiftung" => "foundation",
        "acad" | "academie" | "accademia" | "akademie" | "academia" => "academy",
        "politecnico" | "polytechnique" | "politechnika" | "polytech" => "polytechnic",
        _ => return None,
    })
}

/// Words that say nothing about which institution it is.
#[rustfmt::skip]
const FILLER_WORDS: &[&str] = &[
    "of", "the", "and", "for", "at", "in", "on", "de", "di", "da", "del", "della", "dei",
    "degli", "delle", "des", "du", "la", "le", "les", "der", "die", "das", "und", "y", "e",
    "et", "a",
];

/// Kinds of institution (after [`canonical_word`]); two similar names must share one.
#[rustfmt::skip]
const INST_KINDS: &[&str] = &[
    "university", "hospital", "institute", "clinic", "center", "foundation", "laboratory",
    "academy", "polytechnic",
];

/// How many kinds there are, and the code that stands for any of them.
const KIND_COUNT: u8 = INST_KINDS.len() as u8;
const ANY_KIND: u8 = u8::MAX;

/// The codes (positions in [`INST_KINDS`]) of a set of kind bits.
fn kind_codes(kinds: u16) -> impl Iterator<Item = u8> {
    (0..KIND_COUNT).filter(move |c| kinds & (1 << c) != 0)
}

fn kind_bit(word: &str) -> Option<u16> {
    INST_KINDS.iter().position(|k| *k == word).map(|i| 1 << i)
}

/// Parts of institutions (departments, schools) and common adjectives: not distinctive.
#[rustfmt::skip]
const GENERIC_WORDS: &[&str] = &[
    "department", "school", "faculty", "college", "division", "unit", "section", "medical",
    "medicine", "research", "science", "graduate", "program", "group", "studies", "studi",
    "general", "national", "international", "health",
];

/// Countries as [`institution_tokens`] leaves them (`The Netherlands` is `netherlands`).
#[rustfmt::skip]
const COUNTRIES: &[&str] = &[
    "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria",
    "bangladesh", "belarus", "belgium", "bolivia", "bosnia herzegovina", "brasil", "brazil",
    "bulgaria", "cameroon", "canada", "chile", "china", "p r china", "pr china",
    "peoples republic china", "colombia", "costa rica", "croatia", "cuba", "cyprus",
    "czech republic", "czechia", "denmark", "ecuador", "egypt", "england", "estonia",
    "ethiopia", "finland", "france", "georgia", "germany", "deutschland", "ghana", "greece",
    "hong kong", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland",
    "israel", "italy", "italia", "japan", "jordan", "kazakhstan", "kenya", "korea",
    "south korea", "republic korea", "kuwait", "latvia", "lebanon", "lithuania", "luxembourg",
    "malaysia", "malta", "mexico", "morocco", "nepal", "netherlands", "new zealand", "nigeria",
    "norway", "oman", "pakistan", "peru", "philippines", "poland", "portugal", "qatar",
    "romania", "russia", "russian federation", "saudi arabia", "scotland", "serbia",
    "singapore", "slovakia", "slovenia", "south africa", "spain", "espana", "sri lanka",
    "sweden", "switzerland", "taiwan", "thailand", "tunisia", "turkey", "turkiye", "uganda",
    "ukraine", "united arab emirates", "uae", "united kingdom", "uk", "u k", "united states",
    "united states america", "usa", "u s a", "vietnam",
];

// ---------------------------------------------------------------------------------------
// Addresses and iDs.
// ---------------------------------------------------------------------------------------

fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    (e.contains('@') && !e.starts_with('@') && !e.ends_with('@')).then_some(e)
}

fn normalise_emails<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in raw.filter_map(normalise_email) {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The registrable domain of each address, with the index of the address; public mail
/// left out.
fn institutional_domains(emails: &[String]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (i, e) in emails.iter().enumerate() {
        let Some((_, domain)) = e.rsplit_once('@') else {
            continue;
        };
        if let Some(d) = registrable_domain(domain)
            && !is_public_mail(domain, d)
            && !out.iter().any(|(x, _)| x == d)
        {
            out.push((d.to_owned(), i));
        }
    }
    out
}

/// The part of a domain an organisation registers: the last two labels, or three under a
/// two-level public suffix (`ox.ac.uk`, `unimelb.edu.au`).
fn registrable_domain(domain: &str) -> Option<&str> {
    let domain = domain.trim_end_matches('.');
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let n = labels.len();
    let last_two = &domain[domain.len() - labels[n - 2].len() - labels[n - 1].len() - 1..];
    let take = if TWO_LEVEL_SUFFIXES.contains(&last_two) {
        3
    } else {
        2
    };
    if n < take {
        return None;
    }
    let len: usize = labels[n - take..].iter().map(|l| l.len()).sum::<usize>() + take - 1;
    Some(&domain[domain.len() - len..])
}

fn is_public_mail(domain: &str, registrable: &str) -> bool {
    let brand = registrable.split('.').next().unwrap_or("");
    PUBLIC_MAIL_DOMAINS.contains(&domain)
        || PUBLIC_MAIL_DOMAINS.contains(&registrable)
        || PUBLIC_MAIL_BRANDS.contains(&brand)
}

/// Second-level public suffixes under which each organisation has its own third level.
#[rustfmt::skip]
const TWO_LEVEL_SUFFIXES: &[&str] = &[
    "ac.uk", "co.uk", "org.uk", "gov.uk", "nhs.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk",
    "sch.uk", "edu.au", "com.au", "org.au", "gov.au", "net.au", "ac.jp", "co.jp", "or.jp",
    "go.jp", "ne.jp", "edu.cn", "com.cn", "org.cn", "gov.cn", "ac.cn", "net.cn", "com.br",
    "edu.br", "org.br", "gov.br", "net.br", "ac.in", "edu.in", "co.in", "org.in", "gov.in",
    "res.in", "ac.nz", "co.nz", "org.nz", "govt.nz", "ac.za", "co.za", "org.za", "ac.kr",
    "co.kr", "or.kr", "re.kr", "go.kr", "ac.il", "co.il", "org.il", "ac.at", "co.at", "edu.tw",
    "com.tw", "org.tw", "edu.hk", "com.hk", "org.hk", "edu.sg", "com.sg", "edu.my", "com.my",
    "edu.mx", "com.mx", "edu.ar", "com.ar", "edu.co", "edu.tr", "com.tr", "ac.th", "edu.pk",
    "edu.eg", "ac.ir", "ac.id",
];

/// Mail services anyone can use (and national services shared by unrelated employers):
/// two people using one say nothing about an institution.
#[rustfmt::skip]
const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.ru",
    "yandex.ru", "yandex.com", "rambler.ru", "list.ru", "bk.ru", "inbox.ru", "qq.com",
    "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "aliyun.com", "foxmail.com",
    "139.com", "naver.com", "daum.net", "hanmail.net", "rediffmail.com", "libero.it",
    "virgilio.it", "tiscali.it", "alice.it", "orange.fr", "free.fr", "wanadoo.fr",
    "laposte.net", "sfr.fr", "t-online.de", "freenet.de", "posteo.de", "zoho.com",
    "fastmail.com", "tutanota.com", "tuta.io", "hey.com", "mail.com", "seznam.cz", "interia.pl",
    "wp.pl", "o2.pl", "bol.com.br", "uol.com.br", "terra.com.br", "nhs.net",
];

/// Public mail brands in every country (`yahoo.co.uk`, `hotmail.fr`, `gmx.at`).
#[rustfmt::skip]
const PUBLIC_MAIL_BRANDS: &[&str] = &[
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "gmx", "yandex",
    "icloud", "protonmail",
];

/// The 16 characters of an ORCID iD (URL, hyphens and case dropped), if it has them.
fn normalise_orcid(raw: &str) -> Option<String> {
    let t = raw.trim();
    let bare = t.rsplit_once("orcid.org/").map_or(t, |(_, rest)| rest);
    let id: String = bare
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = id.len() == 16
        && id[..15].chars().all(|c| c.is_ascii_digit())
        && id[15..].chars().all(|c| c.is_ascii_digit() || c == 'X');
    ok.then_some(id)
}

fn orcid_display(id: &str) -> String {
    match (id.get(0..4), id.get(4..8), id.get(8..12), id.get(12..16)) {
        (Some(a), Some(b), Some(c), Some(d)) => format!("{a}-{b}-{c}-{d}"),
        _ => id.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Text.
// ---------------------------------------------------------------------------------------

/// Lower-cased words with accents folded (`Hôpital Saint-Louis` → `hopital`, `saint`,
/// `louis`); apostrophes join (`Children's` → `childrens`), other punctuation separates.
fn fold_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '’' || c == 'ʼ' || ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if let Some(folded) = fold_char(c) {
            word.push_str(folded);
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// The plain Latin letters of a lower-case accented letter.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn settings() -> Settings {
        Settings::new(date(2026, 6, 15))
    }

    fn span(institution: &str, from: Option<i32>, to: Option<i32>) -> AffiliationSpan {
        AffiliationSpan {
            institution: institution.into(),
            from: from.map(|y| date(y, 1, 1)),
            to: to.map(|y| date(y, 12, 31)),
        }
    }

    fn person(name: &str, emails: &[&str]) -> PersonProfile {
        PersonProfile {
            person_id: Some(7),
            name: name.into(),
            emails: emails.iter().map(|e| e.to_string()).collect(),
            ..Default::default()
        }
    }

    fn author(name: &str, email: &str, affiliation: &str) -> SubmissionAuthor {
        SubmissionAuthor {
            name: name.into(),
            email: email.into(),
            affiliation: affiliation.into(),
            ..Default::default()
        }
    }

    fn parties(authors: Vec<SubmissionAuthor>) -> SubmissionParties {
        SubmissionParties {
            authors,
            ..Default::default()
        }
    }

    fn coauthor(name: &str) -> CoauthorRef {
        CoauthorRef {
            name: name.into(),
            ..Default::default()
        }
    }

    fn paper(title: &str, year: i32, coauthors: Vec<CoauthorRef>) -> Publication {
        Publication {
            title: title.into(),
            year,
            coauthors,
            source: PaperSource::Listed,
        }
    }

    fn run(p: &PersonProfile, s: &SubmissionParties) -> Vec<Finding> {
        let found = findings(p, s, &settings());
        // The fast path never hides what the full check finds.
        let (pp, ps) = (PreparedPerson::new(p), PreparedSubmission::new(s));
        let full = Check {
            p: &pp,
            s: &ps,
            settings: &settings(),
            window_start: settings().window_start(),
            out: Vec::new(),
        }
        .run();
        assert_eq!(found, full, "fast path disagrees");
        let mut keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), found.len(), "duplicate keys: {found:#?}");
        found
    }

    fn only(found: &[Finding], rule: Rule) -> Vec<&Finding> {
        found.iter().filter(|f| f.rule == rule).collect()
    }

    fn exact_key(a: &str) -> String {
        InstKey::new(a).exact
    }

    // Rule 1.

    #[test]
    fn authorship_by_account_secondary_address_and_orcid() {
        let mut p = person(
            "Maria Rossi",
            &["maria.rossi@uni-genoa.example", "M.Rossi@old.example"],
        );
        p.orcid = Some("https://orcid.org/0000-0002-1825-0097".into());

        let by_address = parties(vec![author("Maria Rossi", "m.rossi@old.example", "X")]);
        let f = run(&p, &by_address);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::Authorship);
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(f[0].key, "1:m.rossi@old.example");
        assert_eq!(
            f[0].reason,
            "Is author Maria Rossi of this submission (e-mail m.rossi@old.example)"
        );

        let mut by_orcid = author("M. Rossi", "mr@elsewhere.example", "X");
        by_orcid.orcid = Some("0000000218250097".into());
        let f = run(&p, &parties(vec![by_orcid]));
        assert_eq!(only(&f, Rule::Authorship).len(), 1);
        assert!(f[0].reason.contains("ORCID iD 0000-0002-1825-0097"));

        let mut by_account = author("Maria Rossi", "new@elsewhere.example", "X");
        by_account.person_id = Some(7);
        let f = run(&p, &parties(vec![by_account]));
        assert!(f[0].reason.contains("same account"));

        // Near misses: the same name alone, a similar address, another ORCID iD.
        let mut other = author("Maria Rossi", "maria.rossi@uni-genova.example", "X");
        other.orcid = Some("0000-0002-1694-233X".into());
        other.person_id = Some(8);
        assert!(only(&run(&p, &parties(vec![other])), Rule::Authorship).is_empty());
    }

    #[test]
    fn an_author_who_is_the_person_is_not_also_their_own_colleague() {
        let mut p = person("Maria Rossi", &["maria@uni-genoa.example"]);
        p.affiliations = vec![span("University of Genoa", Some(2010), None)];
        p.publications = vec![paper("Retinoblastoma", 2025, vec![coauthor("Maria Rossi")])];
        let s = parties(vec![author(
            "Maria Rossi",
            "maria@uni-genoa.example",
            "University of Genoa",
        )]);
        let f = run(&p, &s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Rule::Authorship);
        assert!(is_blocked(&f));
    }

    // Rule 2.

    #[test]
    fn shared_institution_counts_inside_the_window_only() {
        let s = parties(vec![author(
            "Ada Osei",
            "ada@mail.example",
            "Univ. of Genoa, Italy",
        )]);
        let mut p = person("Maria Rossi", &["maria@gmail.com"]);

        p.affiliations = vec![span("University of Genoa", Some(2015), Some(2021))];
        assert!(run(&p, &s).is_empty(), "5 years ago is outside the window");

        p.affiliations = vec![span("University of Genoa", Some(2019), Some(2024))];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(f[0].key, "2:university genoa:ada@mail.example");
        assert_eq!(
            f[0].reason,
            "Same institution as author Ada Osei: University of Genoa, written “Univ. of Genoa, \
             Italy” by the author (2019–2024)"
        );

        p.affiliations = vec![span("University of Genoa", Some(2021), None)];
        let f = run(&p, &s);
        assert!(f[0].reason.ends_with("(2021–now)"), "{}", f[0].reason);
    }

    #[test]
    fn the_authors_own_dates_replace_the_typed_affiliation() {
        let mut a = author("Ada Osei", "ada@mail.example", "University of Genoa");
        a.profile = Some(PersonProfile {
            name: "Ada Osei".into(),
            affiliations: vec![span("University of Genoa", Some(2025), None)],
            ..Default::default()
        });
        let s = parties(vec![a]);
        let mut p = person("Maria Rossi", &[]);
        // Both at Genoa, but the person left before the author arrived.
        p.affiliations = vec![span("University of Genoa", Some(2015), Some(2024))];
        assert!(run(&p, &s).is_empty());
        p.affiliations = vec![span("University of Genoa", Some(2015), Some(2025))];
        let f = run(&p, &s);
        assert!(f[0].reason.ends_with("(2025)"), "{}", f[0].reason);
    }

    #[test]
    fn similar_institutions_are_potential_and_near_namesakes_are_not() {
        let mut p = person("Maria Rossi", &[]);
        p.affiliations = vec![span("University of Genoa", Some(2020), None)];

        let f = run(
            &p,
            &parties(vec![author(
                "Ada Osei",
                "ada@x.example",
                "University of Genoa Medical School, Italy",
            )]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].strength, Strength::Potential);
        assert!(!is_blocked(&f));
        assert_eq!(
            f[0].key,
            "2:university genoa~university genoa medical school:ada@x.example"
        );
        assert_eq!(
            f[0].reason,
            "Possibly the same institution as author Ada Osei: “University of Genoa” and \
             “University of Genoa Medical School, Italy” (2020–now)"
        );

        for other in [
            "University of Geneva",
            "Genoa Hospital",
            "Università di Genova",
            "University",
        ] {
            let s = parties(vec![author("Ada Osei", "ada@x.example", other)]);
            assert!(run(&p, &s).is_empty(), "{other} should not match");
        }
    }

    #[test]
    fn an_exact_match_hides_the_similar_ones_about_the_same_institution() {
        let mut p = person("Maria Rossi", &[]);
        p.affiliations = vec![
            span("Univ. of Genoa", Some(2020), None),
            span("University of Genoa", Some(2012), Some(2016)),
        ];
        let mut a = author(
            "Ada Osei",
            "ada@x.example",
            "University of Genoa; Department of Surgery, University of Genoa",
        );
        a.profile = Some(PersonProfile {
            affiliations: vec![span("University of Genoa", Some(2010), None)],
            ..Default::default()
        });
        let f = run(&p, &parties(vec![a]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].key, "2:university genoa:ada@x.example");
        assert!(f[0].reason.ends_with("(2020–now)"), "{}", f[0].reason);
    }

    #[test]
    fn institution_names_are_normalised() {
        for (a, b) in [
            ("Univ. of Genoa", "University of Genoa"),
            ("Univ Genoa", "the University of Genoa"),
            ("Hôpital Saint-Louis", "Hopital St. Louis"),
            (
                "Princess Margaret Cancer Centre",
                "Princess Margaret Cancer Center",
            ),
            (
                "Princess Margaret Cancer Ctr.",
                "Princess Margaret Cancer Center",
            ),
            (
                "Dept. of Surgery & Oncology",
                "Department of Surgery and Oncology",
            ),
            ("Inst. of Cancer Research", "Institute of Cancer Research"),
            (
                "St Jude Children's Research Hosp.",
                "St. Jude Childrens Research Hospital",
            ),
            ("Mt. Sinai Hospital", "Mount Sinai Hospital"),
            ("Universität Zürich", "Universitat Zurich"),
            ("KØBENHAVNS UNIVERSITET", "københavns universitet"),
            ("University of Genoa, Genoa, Italy", "University of Genoa"),
            (
                "Harvard Medical School, Boston, MA 02115, USA",
                "Harvard Medical School, Boston",
            ),
            ("Erasmus MC, The Netherlands", "Erasmus MC"),
        ] {
            assert_eq!(exact_key(a), exact_key(b), "{a} / {b}");
        }
        assert_eq!(exact_key("Hôpital Saint-Louis"), "hospital saint louis");
        assert_eq!(exact_key("Straße"), "strasse");
        for (a, b) in [
            ("University of Genoa", "University of Geneva"),
            (
                "University of Texas, Austin",
                "University of Texas, Houston",
            ),
            ("Washington University", "University of Washington"),
        ] {
            assert_ne!(exact_key(a), exact_key(b), "{a} / {b}");
        }
        // A city kept in the name makes those two a potential match, never a confirmed one.
        let (austin, houston) = (
            InstKey::new("University of Texas, Austin"),
            InstKey::new("University of Texas, Houston"),
        );
        assert!(austin.similar_to(&houston));
        assert!(!InstKey::new("University of Genoa").similar_to(&InstKey::new("Genoa Hospital")));
    }

    #[test]
    fn institutional_mail_domains_match_public_ones_never() {
        let mut p = person(
            "Maria Rossi",
            &["maria@gmail.com", "maria@uni-genoa.example"],
        );
        p.person_id = None;
        let s = parties(vec![author(
            "Ada Osei",
            "ada@med.uni-genoa.example",
            "Elsewhere",
        )]);
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(f[0].key, "2:@uni-genoa.example:ada@med.uni-genoa.example");
        assert_eq!(
            f[0].reason,
            "Same institutional e-mail domain as author Ada Osei: uni-genoa.example \
             (maria@uni-genoa.example and ada@med.uni-genoa.example)"
        );

        let p = person(
            "Maria Rossi",
            &["maria@gmail.com", "m@yahoo.co.uk", "m@nhs.net"],
        );
        for other in [
            "ada@gmail.com",
            "ada@yahoo.co.uk",
            "ada@nhs.net",
            "ada@mail.gmail.com",
        ] {
            let s = parties(vec![author("Ada Osei", other, "Elsewhere")]);
            assert!(run(&p, &s).is_empty(), "{other} is public mail");
        }

        let p = person("Maria Rossi", &["maria@cs.ox.ac.uk"]);
        let cam = parties(vec![author("Ada Osei", "ada@cam.ac.uk", "Cambridge")]);
        assert!(run(&p, &cam).is_empty());
        let ox = parties(vec![author("Ada Osei", "ada@ox.ac.uk", "Oxford")]);
        assert_eq!(run(&p, &ox)[0].key, "2:@ox.ac.uk:ada@ox.ac.uk");
    }

    #[test]
    fn registrable_domains_know_two_level_suffixes() {
        assert_eq!(
            registrable_domain("med.uni-genoa.example"),
            Some("uni-genoa.example")
        );
        assert_eq!(
            registrable_domain("uni-genoa.example"),
            Some("uni-genoa.example")
        );
        assert_eq!(registrable_domain("cs.ox.ac.uk"), Some("ox.ac.uk"));
        assert_eq!(registrable_domain("unimelb.edu.au"), Some("unimelb.edu.au"));
        assert_eq!(
            registrable_domain("a.b.tsinghua.edu.cn"),
            Some("tsinghua.edu.cn")
        );
        assert_eq!(registrable_domain("ac.uk"), None);
        assert_eq!(registrable_domain("localhost"), None);
        assert!(is_public_mail("yahoo.com.br", "yahoo.com.br"));
        assert!(is_public_mail("bol.com.br", "bol.com.br"));
        assert!(!is_public_mail("usp.br", "usp.br"));
    }

    // Rule 3.

    #[test]
    fn co_authorship_inside_the_window_and_by_similar_names() {
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);

        p.publications = vec![paper("Old paper", 2022, vec![coauthor("John Smith")])];
        assert!(run(&p, &s).is_empty(), "4 years ago is outside the window");

        let mut john = coauthor("Smith, John");
        john.email = Some("john@x.example".into());
        p.publications = vec![paper("New  paper", 2025, vec![john])];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::CoAuthorship, Strength::Confirmed)
        );
        assert_eq!(f[0].key, "3:2025:new paper:john@x.example");
        assert_eq!(
            f[0].reason,
            "Co-authored “New paper” (2025) with author John Smith"
        );

        p.publications = vec![paper("New paper", 2025, vec![coauthor("J. Smith")])];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert_eq!(
            f[0].reason,
            "Possibly co-authored “New paper” (2025) with author John Smith: the paper lists \
             “J. Smith”"
        );

        for near in ["Jane Smyth", "Jane Smith", "J. Smyth", "John Smithson"] {
            p.publications = vec![paper("New paper", 2025, vec![coauthor(near)])];
            assert!(run(&p, &s).is_empty(), "{near} is someone else");
        }
    }

    #[test]
    fn a_manuscript_submitted_here_is_never_named_until_published() {
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);
        let mut manuscript = paper("A confidential registry", 2026, vec![coauthor("J. Smith")]);
        manuscript.source = PaperSource::Manuscript { published: false };
        p.publications = vec![manuscript.clone()];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].reason,
            "Possibly co-authored a manuscript submitted here with author John Smith"
        );
        // The key goes into the ruling form: it must not carry the title either.
        assert!(!f[0].key.contains("registry"), "{}", f[0].key);
        assert!(f[0].key.starts_with("3:2026:manuscript "), "{}", f[0].key);
        let unpublished_key = f[0].key.clone();

        // Published, the title is public; the key is unchanged, so rulings still apply.
        manuscript.source = PaperSource::Manuscript { published: true };
        let mut john = coauthor("John Smith");
        john.email = Some("john@x.example".into());
        manuscript.coauthors = vec![john];
        p.publications = vec![manuscript];
        let f = run(&p, &s);
        assert_eq!(
            f[0].reason,
            "Co-authored “A confidential registry” (2026) with author John Smith"
        );
        assert_eq!(f[0].key, unpublished_key);
    }

    #[test]
    fn co_authorship_by_orcid_or_address_and_never_against_a_different_orcid() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.orcid = Some("0000-0002-1825-0097".into());
        let s = parties(vec![a]);
        let mut p = person("Maria Rossi", &[]);

        let mut by_orcid = coauthor("A. K. Osei-Bonsu");
        by_orcid.orcid = Some("0000-0002-1825-0097".into());
        let mut by_address = coauthor("Osei A");
        by_address.email = Some("ADA@x.example".into());
        let mut other_orcid = coauthor("Ada Osei");
        other_orcid.orcid = Some("0000-0002-1694-233X".into());
        p.publications = vec![
            paper("One", 2024, vec![by_orcid]),
            paper("Two", 2024, vec![by_address]),
            paper("Three", 2024, vec![other_orcid]),
        ];
        let f = run(&p, &s);
        let keys: Vec<&str> = f.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["3:2024:one:ada@x.example", "3:2024:two:ada@x.example"]
        );
        assert!(is_blocked(&f));
    }

    #[test]
    fn co_authorship_from_the_authors_publications() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.profile = Some(PersonProfile {
            name: "Ada Osei".into(),
            publications: vec![
                paper(
                    "Shared",
                    2024,
                    vec![coauthor("Ada Osei"), {
                        let mut maria = coauthor("Rossi, Maria");
                        maria.orcid = Some("0000-0002-1825-0097".into());
                        maria
                    }],
                ),
                paper("Maybe", 2025, vec![coauthor("M. Rossi")]),
                paper("Too old", 2020, vec![coauthor("Maria Rossi")]),
            ],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        p.orcid = Some("0000-0002-1825-0097".into());
        let f = run(&p, &parties(vec![a]));
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(
            f[0].reason,
            "Co-authored “Shared” (2024) with author Ada Osei, according to the author's \
             publications"
        );
        assert_eq!(f[1].strength, Strength::Potential);
    }

    #[test]
    fn a_paper_listed_on_both_sides_is_one_finding() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.profile = Some(PersonProfile {
            publications: vec![paper("Shared paper", 2024, vec![coauthor("Maria Rossi")])],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        let mut ada = coauthor("Ada Osei");
        ada.email = Some("ada@x.example".into());
        p.publications = vec![
            paper("Shared Paper.", 2024, vec![coauthor("A. Osei")]),
            paper("Shared paper", 2024, vec![ada]),
        ];
        let f = run(&p, &parties(vec![a]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].strength, Strength::Confirmed);
    }

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

    /// The issue's case, in small: the editor-in-chief Amara Rahman, and an author whose
    /// other manuscript here lists a co-author of the same name with another address.
    fn namesake_case(published: bool, address: Option<&str>) -> (PersonProfile, SubmissionParties) {
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
        p.declared = vec![DeclaredConflict {
            target: DeclaredTarget::Person {
                name: "John Smith".into(),
                email: None,
                orcid: None,
            },
            kind: DeclaredKind::Family,
            since: None,
            until: None,
            note: "My brother".into(),
        }];
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
        p.declared = vec![DeclaredConflict {
            target: DeclaredTarget::Person {
                name: "John Smith".into(),
                email: Some("jsmith@elsewhere.example".into()),
                orcid: None,
            },
            kind: DeclaredKind::Personal,
            since: None,
            until: None,
            note: String::new(),
        }];
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
        p.declared = vec![DeclaredConflict {
            target: DeclaredTarget::Person {
                name: "John Smith".into(),
                email: None,
                orcid: None,
            },
            kind: DeclaredKind::Family,
            since: None,
            until: None,
            note: String::new(),
        }];
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
    fn the_index_agrees_with_the_pairs_on_namesakes() {
        let mut people = Vec::new();
        for (i, (name, email, inst)) in [
            ("Amara Rahman", "amara@bmc.example", "Karolinska Institutet"),
            ("Amara Rahman", "ar@lagos.example", "University of Lagos"),
            ("John Smith", "john@ki.example", "Karolinska Institutet"),
            ("Maria Rossi", "maria@genoa.example", "University of Genoa"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = person(name, &[email]);
            p.person_id = Some(100 + i as i64);
            p.affiliations = vec![span(inst, Some(2018), None)];
            people.push(p);
        }
        people[3].publications = vec![paper("Twins", 2025, vec![coauthor("John Smith")])];
        people[2].declared = vec![DeclaredConflict {
            target: DeclaredTarget::Person {
                name: "Kofi Mensah".into(),
                email: Some("k@other.example".into()),
                orcid: None,
            },
            kind: DeclaredKind::Family,
            since: None,
            until: None,
            note: String::new(),
        }];
        let (_, with_ar) = namesake_case(false, Some("ar@lagos.example"));
        let (_, name_only) = namesake_case(true, None);
        let (_, mut colleague) = namesake_case(true, None);
        colleague.authors[0].affiliation = "Karolinska Institutet".into();
        let submissions = [
            with_ar,
            name_only,
            colleague,
            parties(vec![author("John Smith", "js@x.example", "Elsewhere")]),
            parties(vec![author(
                "Smith, J.",
                "js@ki.example",
                "Karolinska Institutet",
            )]),
        ];
        let prepared: Vec<PreparedPerson> = people.iter().map(PreparedPerson::new).collect();
        let index = PeopleIndex::new(prepared.clone());
        let mut strengths = Vec::new();
        for (k, parties) in submissions.iter().enumerate() {
            for p in &people {
                run(p, parties);
            }
            let sub = PreparedSubmission::new(parties);
            let pairwise: Vec<(usize, Vec<Finding>)> = (0..prepared.len())
                .map(|i| (i, findings_prepared(&prepared[i], &sub, &settings())))
                .filter(|(_, f)| !f.is_empty())
                .collect();
            assert_eq!(
                index.findings(&sub, &settings()),
                pairwise,
                "submission {k}"
            );
            for (i, f) in pairwise {
                strengths.push((k, i, is_blocked(&f)));
            }
        }
        // The chief is blocked only where the author is her colleague; her namesake in
        // Lagos by the address the manuscript gives.
        assert!(strengths.contains(&(0, 1, true)), "{strengths:?}");
        assert!(strengths.contains(&(0, 0, false)), "{strengths:?}");
        assert!(strengths.contains(&(1, 0, false)), "{strengths:?}");
        assert!(strengths.contains(&(2, 0, true)), "{strengths:?}");
        assert!(strengths.contains(&(3, 3, false)), "{strengths:?}");
    }

    // Rule 4.

    #[test]
    fn declared_conflicts_count_while_they_last() {
        let s = parties(vec![author(
            "Ada Osei",
            "ada@x.example",
            "Roche Diagnostics GmbH",
        )]);
        let mut p = person("Maria Rossi", &[]);
        let with_ada = |since, until| DeclaredConflict {
            target: DeclaredTarget::Person {
                name: "A. Osei".into(),
                email: Some("ada@x.example".into()),
                orcid: None,
            },
            kind: DeclaredKind::AdvisorAdvisee,
            since,
            until,
            note: "PhD supervisor".into(),
        };

        p.declared = vec![with_ada(Some(date(2018, 9, 1)), None)];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::DeclaredConflict, Strength::Confirmed)
        );
        assert_eq!(
            f[0].key,
            "4:advisor_advisee:person ada@x.example:ada@x.example"
        );
        assert_eq!(
            f[0].reason,
            "Declared conflict with author Ada Osei (advisor/advisee, since 2018): “PhD supervisor”"
        );

        p.declared = vec![with_ada(Some(date(2018, 9, 1)), Some(date(2025, 12, 31)))];
        assert!(run(&p, &s).is_empty(), "ended last year");
        p.declared = vec![with_ada(Some(date(2027, 1, 1)), None)];
        assert!(run(&p, &s).is_empty(), "not begun");

        p.declared = vec![DeclaredConflict {
            target: DeclaredTarget::Institution("Roche Diagnostics".into()),
            kind: DeclaredKind::Financial,
            since: None,
            until: None,
            note: String::new(),
        }];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential, "{f:#?}");
        assert!(
            f[0].reason
                .starts_with("Declared conflict with “Roche Diagnostics”, possibly")
        );

        p.declared[0].target = DeclaredTarget::Institution("Roche Diagnostics GmbH".into());
        let f = run(&p, &s);
        assert_eq!(
            f[0].reason,
            "Declared conflict with Roche Diagnostics GmbH, the institution of author Ada Osei \
             (financial)"
        );
    }

    #[test]
    fn a_declared_institution_concerns_its_current_members_only() {
        let mut a = author("Ada Osei", "ada@x.example", "University of Turin");
        a.profile = Some(PersonProfile {
            affiliations: vec![span("Novartis", Some(2015), Some(2025))],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        p.declared = vec![DeclaredConflict {
            target: DeclaredTarget::Institution("Novartis".into()),
            kind: DeclaredKind::Financial,
            since: None,
            until: None,
            note: "Consultant".into(),
        }];
        assert!(run(&p, &parties(vec![a])).is_empty());
    }

    #[test]
    fn declared_kinds_read_back() {
        for k in DeclaredKind::ALL {
            assert_eq!(DeclaredKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(DeclaredKind::parse("enemy"), None);
        assert_eq!(Rule::OpposedByAuthors.number(), 5);
    }

    // Rules 5 and 6.

    #[test]
    fn opposed_people_by_address_then_by_name() {
        let p = person("John Smith", &["john@lab.example", "js@old.example"]);
        let opposed = |name: &str, email: Option<&str>| SubmissionParties {
            authors: vec![author("Ada Osei", "ada@x.example", "X")],
            opposed: vec![OpposedPerson {
                name: name.into(),
                email: email.map(str::to_owned),
                reason: "He reviewed our grant unfairly".into(),
                role: OpposedRole::Editor,
            }],
            declared_on_submission: vec![],
        };

        let f = run(&p, &opposed("John Smith", Some("JS@old.example")));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key, "5:editor:js@old.example");
        assert_eq!(
            f[0].reason,
            "The authors oppose John Smith (js@old.example) as handling editor: “He reviewed our \
             grant unfairly”"
        );
        assert!(run(&p, &opposed("John Smith", Some("john@other.example"))).is_empty());

        let f = run(&p, &opposed("Smith, John", None));
        assert_eq!(
            (f[0].strength, f[0].key.as_str()),
            (Strength::Confirmed, "5:editor:john smith")
        );
        let f = run(&p, &opposed("J. Smith", None));
        assert_eq!(f[0].strength, Strength::Potential);
        assert!(run(&p, &opposed("Jane Smyth", None)).is_empty());
    }

    #[test]
    fn a_conflict_declared_on_the_submission_blocks() {
        let p = person("John Smith", &[]);
        let mut s = parties(vec![author("Ada Osei", "ada@x.example", "X")]);
        s.declared_on_submission = vec![(8, "Other person".into())];
        assert!(run(&p, &s).is_empty());
        s.declared_on_submission
            .push((7, "I reviewed an earlier version".into()));
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key, "6:7");
        assert_eq!(
            f[0].reason,
            "Declared a competing interest on this submission: “I reviewed an earlier version”"
        );
        assert!(is_blocked(&f));
    }

    // Keys.

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

    #[test]
    fn the_index_finds_exactly_the_people_the_pairs_would() {
        let mut people = Vec::new();
        for (i, (name, email, institution, from, to)) in [
            (
                "Maria Rossi",
                "maria@uni-genoa.example",
                "University of Genoa",
                2019,
                None,
            ),
            (
                "John Smith",
                "js@lab.example",
                "Genoa Hospital",
                2010,
                Some(2020),
            ),
            (
                "Jane Smyth",
                "jane@gmail.com",
                "University of Geneva",
                2022,
                None,
            ),
            (
                "Ben Mol",
                "ben@x.example",
                "Univ. of Genoa Medical School",
                2024,
                None,
            ),
            ("Ada Osei", "ada@x.example", "Roche", 2015, None),
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = person(name, &[email]);
            p.person_id = Some(i as i64 + 1);
            p.affiliations = vec![span(institution, Some(from), to)];
            p.publications = vec![paper("Joint work", 2025, vec![coauthor("A. Osei")])];
            people.push(p);
        }
        people[2].declared = vec![DeclaredConflict {
            target: DeclaredTarget::Institution("Roche".into()),
            kind: DeclaredKind::Financial,
            since: None,
            until: None,
            note: String::new(),
        }];
        let mut with_profile = author("Ada Osei", "ada@x.example", "Roche");
        with_profile.profile = Some(PersonProfile {
            publications: vec![paper("Old", 2024, vec![coauthor("Smith, J.")])],
            ..Default::default()
        });
        let submissions = [
            parties(vec![author("Ada Osei", "ada@x.example", "Roche")]),
            parties(vec![author(
                "Kofi Mensah",
                "k@uni-genoa.example",
                "Elsewhere",
            )]),
            parties(vec![author(
                "Kofi Mensah",
                "k@y.example",
                "University of Genoa",
            )]),
            parties(vec![with_profile]),
            SubmissionParties {
                authors: vec![author("Kofi Mensah", "k@y.example", "Nowhere")],
                opposed: vec![OpposedPerson {
                    name: "J. Smyth".into(),
                    email: None,
                    reason: "Competitor".into(),
                    role: OpposedRole::Reviewer,
                }],
                declared_on_submission: vec![(2, "Friend of the authors".into())],
            },
            parties(vec![author(
                "Nobody Known",
                "n@z.example",
                "Mars Institute",
            )]),
        ];
        let prepared: Vec<PreparedPerson> = people.iter().map(PreparedPerson::new).collect();
        let index = PeopleIndex::new(prepared.clone());
        let t = Thresholds::new(&settings());
        let mut found_any = 0;
        for parties in &submissions {
            let sub = PreparedSubmission::new(parties);
            let expected: Vec<usize> = (0..prepared.len())
                .filter(|i| may_conflict(&prepared[*i], &sub, &t))
                .collect();
            assert_eq!(index.candidates(&sub, &settings()), expected);
            let pairwise: Vec<(usize, Vec<Finding>)> = (0..prepared.len())
                .map(|i| (i, findings_prepared(&prepared[i], &sub, &settings())))
                .filter(|(_, f)| !f.is_empty())
                .collect();
            assert_eq!(index.findings(&sub, &settings()), pairwise);
            found_any += pairwise.len();
        }
        assert!(found_any >= 5, "the fixtures should exercise the rules");
    }
}
