//! Recognition for reviewers (issue 19 part 3): the editors' ratings of reviews, and the
//! completed reviews a history, a certificate and the review record export count. Every
//! query here reads many reviewers or reviews at once, never one per row.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    collections, journals, people, review_invitations as ri, review_ratings as rr, submissions,
};
use super::{DbConnection, LOOKUP_CHUNK};
use crate::domain::recognition::CompletedReview;

/// A review's rating as recorded.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rr)]
pub struct RatingRow {
    pub invitation_id: i64,
    pub rating: i32,
    pub note: String,
    pub rated_by: i64,
    pub rated_at: NaiveDateTime,
}

/// The ratings of `invitation_ids`, by invitation.
pub fn ratings_of(
    conn: &mut DbConnection,
    invitation_ids: &[i64],
) -> QueryResult<HashMap<i64, RatingRow>> {
    let mut out = HashMap::new();
    for chunk in invitation_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<RatingRow> = rr::table
            .filter(rr::invitation_id.eq_any(chunk))
            .select(RatingRow::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|r| (r.invitation_id, r)));
    }
    Ok(out)
}

/// Records a rating, replacing the one before (the latest counts).
pub fn set_rating(
    conn: &mut DbConnection,
    invitation_id: i64,
    (rating, note): (i32, &str),
    rated_by: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let changed = diesel::update(rr::table.find(invitation_id))
        .set((
            rr::rating.eq(rating),
            rr::note.eq(note),
            rr::rated_by.eq(rated_by),
            rr::rated_at.eq(at),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(rr::table)
            .values((
                rr::invitation_id.eq(invitation_id),
                rr::rating.eq(rating),
                rr::note.eq(note),
                rr::rated_by.eq(rated_by),
                rr::rated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (reviewer, invited at, due on, submitted at, rating).
type CompletedRawRow = (
    i64,
    NaiveDateTime,
    chrono::NaiveDate,
    Option<NaiveDateTime>,
    Option<i32>,
);

/// Every review the people `reviewer_ids` completed, with its rating, by reviewer: one
/// query per few thousand reviewers. Only what a history counts: dates and the figure.
pub fn completed_by(
    conn: &mut DbConnection,
    reviewer_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<CompletedReview>>> {
    let mut out: HashMap<i64, Vec<CompletedReview>> = HashMap::new();
    for chunk in reviewer_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<CompletedRawRow> = ri::table
            .left_join(rr::table)
            .filter(ri::reviewer_id.eq_any(chunk))
            .filter(ri::status.eq("submitted"))
            .filter(ri::review_submitted_at.is_not_null())
            .select((
                ri::reviewer_id,
                ri::invited_at,
                ri::due_on,
                ri::review_submitted_at,
                rr::rating.nullable(),
            ))
            .load(conn)?;
        for (reviewer, invited_at, due_on, submitted_at, rating) in rows {
            let Some(submitted_at) = submitted_at else {
                continue;
            };
            out.entry(reviewer).or_default().push(CompletedReview {
                invited_at,
                due_on,
                submitted_at,
                rating,
            });
        }
    }
    Ok(out)
}

/// One completed review as the certificate and the export read it: where, and when. The
/// submission's id is for leaving out what a reader may not see; it is never shown.
#[derive(Debug, Clone, Queryable)]
pub struct CompletedRow {
    pub submission_id: i64,
    pub reviewer_id: i64,
    pub reviewer_name: String,
    pub orcid: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub journal_id: i64,
    pub journal: String,
    pub issn: String,
    pub publisher: String,
    pub collection: String,
}

/// The completed reviews of one reviewer (`Some`) or of every reviewer of a journal,
/// submitted in `[from, to)` when given, oldest first.
pub fn completed_rows(
    conn: &mut DbConnection,
    reviewer_id: Option<i64>,
    journal_id: Option<i64>,
    between: Option<(NaiveDateTime, NaiveDateTime)>,
) -> QueryResult<Vec<CompletedRow>> {
    let mut q = ri::table
        .inner_join(submissions::table.inner_join(collections::table.inner_join(journals::table)))
        .inner_join(people::table.on(people::id.eq(ri::reviewer_id)))
        .filter(ri::status.eq("submitted"))
        .filter(ri::review_submitted_at.is_not_null())
        .select((
            ri::submission_id,
            ri::reviewer_id,
            people::name,
            people::orcid,
            ri::review_submitted_at,
            journals::id,
            journals::name,
            journals::issn,
            journals::publisher,
            collections::title,
        ))
        .order((ri::review_submitted_at.asc(), ri::id.asc()))
        .into_boxed();
    if let Some(r) = reviewer_id {
        q = q.filter(ri::reviewer_id.eq(r));
    }
    if let Some(j) = journal_id {
        q = q.filter(journals::id.eq(j));
    }
    if let Some((from, to)) = between {
        q = q
            .filter(ri::review_submitted_at.ge(from))
            .filter(ri::review_submitted_at.lt(to));
    }
    q.load(conn)
}
