//! The editor-in-chief's Integrity page (issue 27 item 2): every open sign of a review ring
//! across the collections of her journals, per submission and per person, with its
//! evidence; and her ruling on each (`ruling`). The signals are raised as reviews come in
//! (`workflow::review::rings`), so this page only reads.
//!
//! Conflicts hold as everywhere: a submission she may not read the reviews of (a conflict,
//! her own manuscript) leaves no row, no count and no name here, and a signal that points to
//! another submission names it only when she may read that one too.

mod ruling;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::integrity::{self as store, IntegritySignal};
use crate::db::reviews as reviews_store;
use crate::db::submissions::Submission;
use crate::db::{DbConnection, collections};
use crate::domain::Role;
use crate::domain::integrity::kind_label;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::workflow::editorial::{EditorialMemo, access_remembered};

pub use ruling::{RulingInput, RulingOutcome, RulingPage, rule, ruling_page};

/// One open signal as the page shows it.
#[derive(Clone)]
pub struct SignalLine {
    pub id: i64,
    pub submission_id: i64,
    pub number: String,
    pub kind: &'static str,
    pub evidence: String,
    pub raised: NaiveDateTime,
    /// The reviewer whose report raised it (the chief reads the reviewers' names).
    pub reviewer: Option<(i64, String)>,
    /// The other submission it points to, only when she may read that one's reviews too.
    pub related: Option<(i64, String)>,
}

/// A submission with its open signals.
pub struct SubmissionSignals {
    pub submission_id: i64,
    pub number: String,
    pub title: String,
    pub collection: String,
    pub state: &'static str,
    pub handling_editor: Option<String>,
    /// Accepting it waits for her rulings (a guest-edited collection).
    pub holds_acceptance: bool,
    pub signals: Vec<SignalLine>,
}

/// A person named by open signals, with them.
pub struct PersonSignals {
    pub person_id: i64,
    pub name: String,
    pub signals: Vec<SignalLine>,
}

/// A collection she runs, with what decides its signals.
pub struct CollectionLine {
    pub id: i64,
    pub title: String,
    pub guest_edited: bool,
    pub fast_review_hours: i32,
}

/// A reviewer invited although the invitation page asked to check who they are (issue 27
/// item 1), as recorded with the invitation.
pub struct CheckedReviewer {
    pub submission_id: i64,
    pub number: String,
    pub reviewer: String,
    /// How the editor found them (`FoundBy::label`), or empty when not recorded.
    pub found_by: &'static str,
    pub status: &'static str,
    pub invited_at: NaiveDateTime,
    pub signals: Vec<String>,
}

pub struct IntegrityPage {
    pub open_total: usize,
    pub submissions: Vec<SubmissionSignals>,
    pub people: Vec<PersonSignals>,
    pub collections: Vec<CollectionLine>,
    pub checked_reviewers: Vec<CheckedReviewer>,
}

/// The journals `roles` make their holder editor-in-chief of.
fn chief_of(roles: &[HeldRole]) -> Vec<i64> {
    roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect()
}

/// The submissions among `ids` whose reviews `person` may read now (conflicts from `memo`),
/// loaded.
fn readable(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    ids: &[i64],
    site: &Site,
    memo: &EditorialMemo,
) -> QueryResult<HashMap<i64, Submission>> {
    let settings = site.settings();
    let mut out = HashMap::new();
    for &id in ids {
        if let Some(a) = access_remembered(conn, person, roles, id, &settings, memo)?
            && a.may(SubmissionAction::ReadReviews)
        {
            out.insert(id, a.submission);
        }
    }
    Ok(out)
}

/// The Integrity page for `person`, or `None` when she is editor-in-chief of no journal.
pub fn integrity_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
    memo: &EditorialMemo,
) -> QueryResult<Option<IntegrityPage>> {
    let journals = chief_of(roles);
    if journals.is_empty() {
        return Ok(None);
    }
    let open = store::open_in_journals(conn, &journals)?;
    let mut ids: Vec<i64> = open
        .iter()
        .flat_map(|g| std::iter::once(g.submission_id).chain(g.related_submission_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let seen = readable(conn, person, roles, &ids, site, memo)?;
    let mut lines = Vec::new();
    for g in open.iter().filter(|g| seen.contains_key(&g.submission_id)) {
        lines.push(line(conn, g, &seen)?);
    }
    Ok(Some(IntegrityPage {
        open_total: lines.len(),
        submissions: by_submission(conn, &lines, &seen)?,
        people: by_person(&lines),
        collections: collections_of(conn, &journals)?,
        checked_reviewers: checked_reviewers(conn, person, roles, &journals, (site, memo))?,
    }))
}

/// The reviewers at work who were invited despite identity signals, on the submissions whose
/// reviews she may read (the same rule as the signals: nothing of the others).
fn checked_reviewers(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    journals: &[i64],
    (site, memo): (&Site, &EditorialMemo),
) -> QueryResult<Vec<CheckedReviewer>> {
    let invitations = store::checked_invitations_in_journals(conn, journals)?;
    let mut ids: Vec<i64> = invitations.iter().map(|i| i.submission_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let seen = readable(conn, person, roles, &ids, site, memo)?;
    let mut out = Vec::new();
    for inv in invitations {
        let Some(s) = seen.get(&inv.submission_id) else {
            continue;
        };
        let reviewer = accounts::find_person(conn, inv.reviewer_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        out.push(CheckedReviewer {
            submission_id: s.id,
            number: number(s),
            reviewer,
            found_by: crate::domain::reviewer_identity::FoundBy::parse(&inv.found_by)
                .map_or("", |f| f.label()),
            status: inv.status().label(),
            invited_at: inv.invited_at,
            signals: inv.identity_signals.lines().map(str::to_owned).collect(),
        });
    }
    Ok(out)
}

fn number(s: &Submission) -> String {
    s.number_or_draft().to_owned()
}

fn line(
    conn: &mut DbConnection,
    g: &IntegritySignal,
    seen: &HashMap<i64, Submission>,
) -> QueryResult<SignalLine> {
    let reviewer = match g.invitation_id {
        Some(inv) => match reviews_store::find(conn, inv)? {
            Some(i) => accounts::find_person(conn, i.reviewer_id)?.map(|p| (p.id, p.name)),
            None => None,
        },
        None => None,
    };
    Ok(SignalLine {
        id: g.id,
        submission_id: g.submission_id,
        number: seen.get(&g.submission_id).map(number).unwrap_or_default(),
        kind: kind_label(&g.kind),
        evidence: g.evidence.clone(),
        raised: g.created_at,
        reviewer,
        related: g
            .related_submission_id
            .and_then(|r| seen.get(&r).map(|s| (s.id, number(s)))),
    })
}

fn by_submission(
    conn: &mut DbConnection,
    lines: &[SignalLine],
    seen: &HashMap<i64, Submission>,
) -> QueryResult<Vec<SubmissionSignals>> {
    let mut grouped: BTreeMap<i64, Vec<&SignalLine>> = BTreeMap::new();
    for l in lines {
        grouped.entry(l.submission_id).or_default().push(l);
    }
    let mut out = Vec::new();
    for (id, signals) in grouped {
        let Some(s) = seen.get(&id) else { continue };
        let handling_editor = match s.handling_editor_id {
            Some(e) => accounts::find_person(conn, e)?.map(|p| p.name),
            None => None,
        };
        out.push(SubmissionSignals {
            submission_id: id,
            number: number(s),
            title: s.title.clone(),
            collection: collections::find_collection(conn, s.collection_id)?
                .map(|c| c.title)
                .unwrap_or_default(),
            state: s.state().label(),
            handling_editor,
            holds_acceptance: collections::is_guest_edited(conn, s.collection_id)?,
            signals: signals.into_iter().cloned().collect(),
        });
    }
    Ok(out)
}

fn by_person(lines: &[SignalLine]) -> Vec<PersonSignals> {
    let mut grouped: BTreeMap<(String, i64), Vec<SignalLine>> = BTreeMap::new();
    for l in lines {
        if let Some((id, name)) = &l.reviewer {
            grouped
                .entry((name.clone(), *id))
                .or_default()
                .push(l.clone());
        }
    }
    let mut out: Vec<PersonSignals> = grouped
        .into_iter()
        .map(|((name, person_id), signals)| PersonSignals {
            person_id,
            name,
            signals,
        })
        .collect();
    // The people with the most signals first.
    out.sort_by_key(|p| std::cmp::Reverse(p.signals.len()));
    out
}

fn collections_of(conn: &mut DbConnection, journals: &[i64]) -> QueryResult<Vec<CollectionLine>> {
    let mut out = Vec::new();
    for (c, _) in collections::list_collections(conn)? {
        if !journals.contains(&c.journal_id) {
            continue;
        }
        out.push(CollectionLine {
            guest_edited: collections::is_guest_edited(conn, c.id)?,
            fast_review_hours: crate::db::deadlines::settings_of(conn, c.id)?
                .0
                .fast_review_hours,
            id: c.id,
            title: c.title,
        });
    }
    Ok(out)
}
