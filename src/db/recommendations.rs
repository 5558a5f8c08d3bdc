//! Recommended decisions (issue 28 part 4): one row per recommendation, kept once answered.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::decision_recommendations as dr;
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dr)]
pub struct Recommendation {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    /// `DecisionKind::as_str`.
    pub kind: String,
    /// The letter as the handling editor wrote it.
    pub letter: String,
    pub revision_due_on: Option<NaiveDate>,
    /// The state it was recommended from: a return sends the submission back there.
    pub from_state: String,
    pub recommended_by: i64,
    pub recommended_at: NaiveDateTime,
    /// "" while it waits, then "confirmed", "edited" or "returned".
    pub outcome: String,
    pub answered_by: Option<i64>,
    pub answered_at: Option<NaiveDateTime>,
    /// For a return: what the confirmer told the handling editor.
    pub return_note: String,
}

/// A recommendation as the handling editor sends it.
pub struct NewRecommendation<'a> {
    pub submission_id: i64,
    pub round: i32,
    pub kind: &'a str,
    pub letter: &'a str,
    pub revision_due_on: Option<NaiveDate>,
    pub from_state: &'a str,
    pub recommended_by: i64,
}

pub fn record(conn: &mut DbConnection, r: &NewRecommendation<'_>) -> QueryResult<()> {
    diesel::insert_into(dr::table)
        .values((
            dr::submission_id.eq(r.submission_id),
            dr::round.eq(r.round),
            dr::kind.eq(r.kind),
            dr::letter.eq(r.letter),
            dr::revision_due_on.eq(r.revision_due_on),
            dr::from_state.eq(r.from_state),
            dr::recommended_by.eq(r.recommended_by),
            dr::recommended_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The recommendation waiting for an answer, if one does.
pub fn waiting(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Option<Recommendation>> {
    dr::table
        .filter(dr::submission_id.eq(submission_id))
        .filter(dr::outcome.eq(""))
        .order(dr::id.desc())
        .select(Recommendation::as_select())
        .first(conn)
        .optional()
}

/// Every recommendation of a submission, oldest first.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<Recommendation>> {
    dr::table
        .filter(dr::submission_id.eq(submission_id))
        .order(dr::id)
        .select(Recommendation::as_select())
        .load(conn)
}

/// Records the answer to a waiting recommendation; false when it was answered meanwhile.
pub fn answer(
    conn: &mut DbConnection,
    id: i64,
    outcome: &str,
    answered_by: i64,
    return_note: &str,
) -> QueryResult<bool> {
    let changed = diesel::update(dr::table.find(id).filter(dr::outcome.eq("")))
        .set((
            dr::outcome.eq(outcome),
            dr::answered_by.eq(Some(answered_by)),
            dr::answered_at.eq(Some(now())),
            dr::return_note.eq(return_note),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Recommendations still waiting in the given collections or the collections of the given
/// journals: the submission ids, oldest recommendation first. Whether the asker may confirm
/// each is the permissions module's answer, asked one by one.
pub fn waiting_in(
    conn: &mut DbConnection,
    journal_ids: &[i64],
    collection_ids: &[i64],
) -> QueryResult<Vec<i64>> {
    use super::schema::{collections as c, submissions as s};
    if journal_ids.is_empty() && collection_ids.is_empty() {
        return Ok(Vec::new());
    }
    dr::table
        .inner_join(s::table.inner_join(c::table))
        .filter(dr::outcome.eq(""))
        .filter(
            c::journal_id
                .eq_any(journal_ids)
                .or(s::collection_id.eq_any(collection_ids)),
        )
        .order(dr::recommended_at)
        .select(dr::submission_id)
        .load(conn)
}
