//! Recognition for reviewers (issue 19 part 3): the editors rate a submitted review
//! (private to those who read the reviews), read each reviewer's history beside the review,
//! and a reviewer prints a certificate and downloads their review record for ORCID; the
//! editor-in-chief downloads her journal's.
//!
//! A history, a certificate and a record name no manuscript: counts and dates only. The
//! editor-in-chief's export leaves out the reviews of submissions she may not export (a
//! conflict), so its rows and counts tell her nothing of them.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime};
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::guard::ReadAt;
use crate::db::recognition::{self as store, CompletedRow};
use crate::db::reviews as reviews_store;
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::FormErrors;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::recognition::{Rating, ReviewRecord, ReviewerHistory, check_rating};
use crate::domain::review::InvitationStatus;
use crate::workflow::editorial::Asker;
use crate::workflow::step;

/// A review's rating as the editors read it beside the review.
#[derive(Debug, Clone)]
pub struct RatingView {
    pub rating: Rating,
    pub note: String,
    pub by: String,
    pub at: NaiveDateTime,
}

/// What the editorial page shows beside its reviewers: each submitted review's rating (by
/// invitation) and each reviewer's history (by person).
#[derive(Debug, Clone, Default)]
pub struct DeskRecognition {
    pub ratings: HashMap<i64, RatingView>,
    pub histories: HashMap<i64, ReviewerHistory>,
}

impl DeskRecognition {
    /// The version a rating form is read at: when the review was last rated ("" for never).
    pub fn read_at(&self, invitation_id: &i64) -> String {
        ReadAt::field(self.ratings.get(invitation_id).map(|r| r.at))
    }
}

/// The histories of `reviewer_ids`, in one query.
pub fn histories(
    conn: &mut DbConnection,
    reviewer_ids: &[i64],
) -> QueryResult<HashMap<i64, ReviewerHistory>> {
    let done = store::completed_by(conn, reviewer_ids)?;
    Ok(reviewer_ids
        .iter()
        .map(|id| {
            let h = done
                .get(id)
                .map(|r| ReviewerHistory::of(r.as_slice()))
                .unwrap_or_default();
            (*id, h)
        })
        .collect())
}

/// The ratings and histories for the invitations `(invitation id, reviewer id)` of one
/// submission (the caller has checked that the reader may read its reviews).
pub fn desk_recognition(
    conn: &mut DbConnection,
    invitations: &[(i64, i64)],
) -> QueryResult<DeskRecognition> {
    let ids: Vec<i64> = invitations.iter().map(|(i, _)| *i).collect();
    let mut reviewers: Vec<i64> = invitations.iter().map(|(_, r)| *r).collect();
    reviewers.sort_unstable();
    reviewers.dedup();
    let rows = store::ratings_of(conn, &ids)?;
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut ratings = HashMap::new();
    for (id, r) in rows {
        let Some(rating) = Rating::from_value(r.rating) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(r.rated_by) {
            let name = accounts::find_person(conn, r.rated_by)?
                .map(|p| p.name)
                .unwrap_or_default();
            e.insert(name);
        }
        ratings.insert(
            id,
            RatingView {
                rating,
                note: r.note,
                by: names.get(&r.rated_by).cloned().unwrap_or_default(),
                at: r.rated_at,
            },
        );
    }
    Ok(DeskRecognition {
        ratings,
        histories: histories(conn, &reviewers)?,
    })
}

/// The rating form as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RatingInput {
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub note: String,
    /// When the review was last rated, as the form was read (`db::guard::ReadAt`).
    pub read_at: Option<String>,
}

#[derive(Debug)]
pub enum RateOutcome {
    /// Recorded now, or found already recorded exactly so (a repeated press).
    Recorded {
        number: String,
    },
    Invalid(FormErrors),
    /// Rated otherwise since the form was read (another tab, another editor): nothing
    /// written; what is recorded now.
    RatedMeanwhile {
        by: String,
        rating: Rating,
    },
    NotFound,
}

/// Rates a submitted review of the submission, for someone who may read its reviews.
pub fn rate(
    conn: &mut DbConnection,
    (editor, roles): (&Person, &[HeldRole]),
    (submission_id, invitation_id): (i64, i64),
    input: &RatingInput,
    site: &Site,
) -> step::Result<RateOutcome> {
    let asker = Asker::new(editor, roles, site);
    write_transaction(conn, |conn| -> step::Result<RateOutcome> {
        // Held: two presses at once wait for each other, and the second reads the first.
        let Some(a) = asker.held_access_for(conn, submission_id, SubmissionAction::RateReview)?
        else {
            return Ok(RateOutcome::NotFound);
        };
        let Some(inv) = reviews_store::find(conn, invitation_id)?
            .filter(|i| i.submission_id == submission_id)
            .filter(|i| i.status() == InvitationStatus::Submitted)
        else {
            return Ok(RateOutcome::NotFound);
        };
        let (rating, note) = match check_rating(&input.rating, &input.note) {
            Ok(r) => r,
            Err(e) => return Ok(RateOutcome::Invalid(e)),
        };
        let number = a.submission.number_or_draft().to_owned();
        let was = store::ratings_of(conn, &[inv.id])?.remove(&inv.id);
        if let Some(w) = &was
            && w.rating == rating.value()
            && w.note == note
        {
            return Ok(RateOutcome::Recorded { number });
        }
        let read_at = ReadAt::from_form(input.read_at.as_deref());
        if let Some(read_at) = read_at
            && !read_at.is_current(was.as_ref().map(|w| w.rated_at))
            && let Some(w) = was
        {
            let by = accounts::find_person(conn, w.rated_by)?
                .map(|p| p.name)
                .unwrap_or_else(|| "another editor".to_owned());
            let rating = Rating::from_value(w.rating).unwrap_or(Rating::Good);
            return Ok(RateOutcome::RatedMeanwhile { by, rating });
        }
        store::set_rating(conn, inv.id, (rating.value(), &note), editor.id, now())?;
        let all = reviews_store::of_submission(conn, submission_id)?;
        let reviewer = reviews_store::reviewer_numbers(&all)
            .label(inv.reviewer_id)
            .unwrap_or_else(|| "a reviewer".to_owned());
        // The figure and the note stay in the ratings: the audit line says only who rated
        // which review, so the audit log shows nobody the editors' judgement.
        step::on_timeline(
            conn,
            Some(editor.id),
            submission_id,
            "review_rated",
            &format!("{} rated the review of {reviewer}", editor.name),
        )?;
        Ok(RateOutcome::Recorded { number })
    })
}

/// A reviewer's certificate for one year: whom, where and how many. Never a manuscript.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub reviewer: String,
    pub year: i32,
    pub total: usize,
    /// Journal → collection → reviews completed there that year.
    pub journals: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The certificate of `person` for `year`; `None` when they completed no review that year.
pub fn certificate(
    conn: &mut DbConnection,
    person: &Person,
    year: i32,
) -> QueryResult<Option<Certificate>> {
    let Some(bounds) = crate::domain::recognition::year_bounds(year) else {
        return Ok(None);
    };
    let rows = store::completed_rows(conn, Some(person.id), None, Some(bounds))?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut journals: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &rows {
        *journals
            .entry(r.journal.clone())
            .or_default()
            .entry(r.collection.clone())
            .or_default() += 1;
    }
    Ok(Some(Certificate {
        reviewer: person.name.clone(),
        year,
        total: rows.len(),
        journals,
    }))
}

/// The years in which `person` completed a review, newest first (the links on their page).
pub fn certificate_years(conn: &mut DbConnection, person: &Person) -> QueryResult<Vec<i32>> {
    let mut years: Vec<i32> = store::completed_rows(conn, Some(person.id), None, None)?
        .iter()
        .filter_map(|r| r.submitted_at.map(|t| t.year()))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

fn record_of(r: CompletedRow) -> Option<ReviewRecord> {
    Some(ReviewRecord {
        reviewer_name: r.reviewer_name,
        orcid: r.orcid.unwrap_or_default(),
        organisation: if r.publisher.trim().is_empty() {
            r.journal.clone()
        } else {
            r.publisher
        },
        journal: r.journal,
        issn: r.issn,
        completed_on: r.submitted_at?.date(),
    })
}

/// A reviewer's own review record, as CSV.
pub fn my_records_csv(conn: &mut DbConnection, person: &Person) -> QueryResult<String> {
    let records: Vec<ReviewRecord> = store::completed_rows(conn, Some(person.id), None, None)?
        .into_iter()
        .filter_map(record_of)
        .collect();
    Ok(crate::domain::recognition::records_csv(&records))
}

/// Every reviewer's review record of the journals whose metadata `person` exports (an
/// editor-in-chief), as CSV; reviews of a submission she may not export (a conflict) are
/// left out. `None` when she exports no journal's.
pub fn journal_records_csv(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<Option<String>> {
    let journals = crate::workflow::publishing::export_journals(roles);
    if journals.is_empty() {
        return Ok(None);
    }
    let asker = Asker::new(person, roles, site);
    let mut allowed: HashMap<i64, bool> = HashMap::new();
    let mut records = Vec::new();
    let mut seen_journals = HashSet::new();
    for j in journals {
        if !seen_journals.insert(j) {
            continue;
        }
        for r in store::completed_rows(conn, None, Some(j), None)? {
            let ok = match allowed.get(&r.submission_id) {
                Some(ok) => *ok,
                None => {
                    let ok = asker
                        .access_for(conn, r.submission_id, SubmissionAction::ExportMetadata)?
                        .is_some();
                    allowed.insert(r.submission_id, ok);
                    ok
                }
            };
            if ok && let Some(rec) = record_of(r) {
                records.push(rec);
            }
        }
    }
    Ok(Some(crate::domain::recognition::records_csv(&records)))
}
