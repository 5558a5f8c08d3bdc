//! The metadata exports for the editor-in-chief: one article's JATS front matter, a
//! Crossref deposit, and the CSV of the submissions, never with anything the person has a
//! competing interest with.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DieselError;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::collections::{self, Journal};
use crate::db::events;
use crate::db::published::{self as store, CORRECTION, PublishedArticle};
use crate::db::submissions::Submission;
use crate::db::{DbConnection, now};
use crate::domain::Role;
use crate::domain::appeal::{AppealOutcome, decision_with_appeal};
use crate::domain::decision::DecisionKind;
use crate::domain::metadata::{self, ArticleMeta, Depositor, csv_row, jats_front};
use crate::domain::permissions::{Action, HeldRole, SubmissionAction, may};
use crate::domain::submission_state::{SubmissionState, Transition};
use crate::workflow::editorial::Asker;
use crate::workflow::step;

use super::public::{self, article_view, journal_meta};
use super::{citation_of, journal_and_collection, submitted_and_accepted};

/// The journals whose metadata the person may export: those they are editor-in-chief of.
pub fn export_journals(roles: &[HeldRole]) -> Vec<i64> {
    let mut ids: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .filter(|j| may(roles, Action::ExportMetadata { journal_id: *j }))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Whether the person may export the metadata of this published article (for a
/// correction, of the article it corrects): never when conflicted with its submission.
fn may_export(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    a: &PublishedArticle,
    site: &Site,
) -> QueryResult<bool> {
    let submission_id = match (a.submission_id, a.corrects_id) {
        (Some(id), _) => Some(id),
        (None, Some(corrected)) => store::find(conn, corrected)?.and_then(|c| c.submission_id),
        _ => None,
    };
    let Some(submission_id) = submission_id else {
        return Ok(false);
    };
    let asker = Asker::new(person, roles, site);
    Ok(asker
        .access_for(conn, submission_id, SubmissionAction::ExportMetadata)?
        .is_some())
}

/// The metadata of a published row, for the exports.
fn article_meta(
    conn: &mut DbConnection,
    a: &PublishedArticle,
    site: &Site,
) -> QueryResult<Option<ArticleMeta>> {
    Ok(article_view(conn, a.id)?.map(|view| public::article_meta(&view, &site.base_url)))
}

/// One line of the exports page.
pub struct ExportLine {
    pub id: i64,
    pub title: String,
    pub citation: String,
    pub doi: String,
    pub published_on: NaiveDate,
    pub is_correction: bool,
}

/// The published articles and corrections the person may export, in citation order.
pub fn exportable(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    site: &Site,
) -> QueryResult<Vec<(Journal, PublishedArticle)>> {
    let journals = export_journals(roles);
    let mut out = Vec::new();
    for a in store::of_journals(conn, &journals, from, to)? {
        if may_export(conn, person, roles, &a, site)? {
            let j = collections::find_journal(conn, a.journal_id)?.ok_or(DieselError::NotFound)?;
            out.push((j, a));
        }
    }
    Ok(out)
}

pub fn export_lines(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<Vec<ExportLine>> {
    Ok(exportable(conn, person, roles, None, None, site)?
        .into_iter()
        .map(|(j, a)| ExportLine {
            id: a.id,
            citation: citation_of(&j, &a).to_string(),
            title: a.title,
            doi: a.doi,
            published_on: a.published_on,
            is_correction: a.kind == CORRECTION,
        })
        .collect())
}

/// The JATS front matter of one published article or correction: `None` (a 404) when
/// there is none the person may export.
pub fn jats(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    id: i64,
    site: &Site,
) -> QueryResult<Option<(String, String)>> {
    let Some(a) = store::find(conn, id)? else {
        return Ok(None);
    };
    if !export_journals(roles).contains(&a.journal_id)
        || !may_export(conn, person, roles, &a, site)?
    {
        return Ok(None);
    }
    let (journal, _) = journal_and_collection(conn, a.collection_id)?;
    let Some(meta) = article_meta(conn, &a, site)? else {
        return Ok(None);
    };
    let name = format!(
        "{}-{}-{}-jats.xml",
        journal
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-"),
        a.volume,
        a.article_number
    );
    Ok(Some((name, jats_front(&journal_meta(&journal), &meta))))
}

/// A Crossref deposit of the published articles and corrections between two dates (both
/// optional), per journal; `None` when there are none.
pub fn crossref(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    site: &Site,
) -> QueryResult<Option<String>> {
    let rows = exportable(conn, person, roles, from, to, site)?;
    let Some((journal, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    // A deposit is about one journal; an editor-in-chief of several exports the first.
    let mut metas = Vec::new();
    for (_, a) in rows.iter().filter(|(j, _)| j.id == journal.id) {
        if let Some(m) = article_meta(conn, a, site)? {
            metas.push(m);
        }
    }
    let at = now();
    let batch_id = format!(
        "peerdesk-{}-{}",
        at.format("%Y%m%d%H%M%S"),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let registrant = if journal.publisher.is_empty() {
        journal.name.clone()
    } else {
        journal.publisher.clone()
    };
    Ok(Some(metadata::crossref_deposit(
        &journal_meta(&journal),
        &Depositor {
            name: person.name.clone(),
            email: person.email.clone(),
            registrant,
        },
        &batch_id,
        at,
        &metas,
    )))
}

/// The CSV of the submissions to the person's journals, leaving out drafts and every
/// submission they have a competing interest with.
pub fn submissions_csv(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<String> {
    use crate::db::schema::{collections as c, submissions as s};
    let journals = export_journals(roles);
    let ids: Vec<i64> = s::table
        .inner_join(c::table)
        .filter(c::journal_id.eq_any(&journals))
        .filter(s::state.ne(SubmissionState::Draft.as_str()))
        .order(s::id)
        .select(s::id)
        .load(conn)?;
    let mut out = csv_row(&CSV_COLUMNS);
    let asker = Asker::new(person, roles, site);
    for id in ids {
        let Some(a) = asker.access_for(conn, id, SubmissionAction::ExportMetadata)? else {
            continue;
        };
        out.push_str(&csv_row(&csv_line(conn, &a.submission)?));
    }
    Ok(out)
}

/// The submissions CSV's columns.
const CSV_COLUMNS: [&str; 12] = [
    "Manuscript number",
    "Title",
    "Collection",
    "State",
    "Submitted",
    "First decision",
    "Accepted",
    "Published",
    "Handling editor",
    "Decision",
    "Citation",
    "DOI",
];

/// One submission's line of the CSV, in the order of [`CSV_COLUMNS`].
fn csv_line(conn: &mut DbConnection, sub: &Submission) -> QueryResult<[String; 12]> {
    let (journal, collection) = journal_and_collection(conn, sub.collection_id)?;
    let timeline = events::timeline(conn, sub.id)?;
    let decision_kinds = [
        Transition::Accept,
        Transition::Reject,
        Transition::DeskReject,
        Transition::RequestRevision,
    ]
    .map(Transition::as_str);
    let (submitted, accepted) = submitted_and_accepted(&timeline);
    let first_decision = timeline
        .iter()
        .find(|e| decision_kinds.contains(&e.kind.as_str()))
        .map(|e| e.occurred_at);
    let editor = step::handling_editor(conn, sub)?
        .map(|p| p.name)
        .unwrap_or_default();
    let decision = latest_decision(conn, sub.id)?;
    let published = store::of_submission(conn, sub.id)?;
    let day = |d: Option<NaiveDateTime>| d.map(|d| d.date().to_string()).unwrap_or_default();
    Ok([
        sub.number_or_draft().to_owned(),
        sub.title.clone(),
        collection.title.clone(),
        sub.state().label().to_owned(),
        day(submitted),
        day(first_decision),
        day(accepted),
        published
            .as_ref()
            .map(|p| p.published_on.to_string())
            .unwrap_or_default(),
        editor,
        decision,
        published
            .as_ref()
            .map(|p| citation_of(&journal, p).to_string())
            .unwrap_or_default(),
        published.map(|p| p.doi).unwrap_or_default(),
    ])
}

/// The latest decision, with the appeal against it if there was one (an appeal is lodged
/// against the decision of its round); empty before any decision.
fn latest_decision(conn: &mut DbConnection, submission_id: i64) -> QueryResult<String> {
    let appeal = crate::db::rounds::appeal_of(conn, submission_id)?;
    Ok(crate::db::decisions::of_submission(conn, submission_id)?
        .last()
        .and_then(|l| Some((l.round, l.kind.parse::<DecisionKind>().ok()?)))
        .map(|(round, k)| {
            let against = appeal.as_ref().filter(|a| a.round == round).map(|a| {
                a.outcome
                    .as_deref()
                    .and_then(|o| o.parse::<AppealOutcome>().ok())
            });
            decision_with_appeal(k.label(), against)
        })
        .unwrap_or_default())
}
