//! Revision rounds and appeals as stored: the authors' response that opened each round, and
//! the one appeal a submission may have.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{appeals, revision_responses as rr, submissions};
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rr)]
pub struct RevisionResponse {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub response: String,
    pub submitted_by: Option<i64>,
    pub submitted_at: NaiveDateTime,
    /// The declaration of generative AI use sent with this version (`domain::ai_use`);
    /// empty for versions sent before the question was asked.
    pub ai_use: String,
    pub ai_use_details: String,
}

impl RevisionResponse {
    pub fn ai_use_statement(&self) -> Option<String> {
        crate::domain::ai_use::statement(&self.ai_use, &self.ai_use_details)
    }
}

/// Every response to the reviewers of a submission, by round.
pub fn responses_of(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<RevisionResponse>> {
    rr::table
        .filter(rr::submission_id.eq(submission_id))
        .order(rr::round)
        .select(RevisionResponse::as_select())
        .load(conn)
}

/// Starts round `from_round + 1` of a submission, if it is still in `from_round`: the
/// round number moves only once however many requests race for it. `false` when another
/// request got there first.
pub fn open_next_round(
    conn: &mut DbConnection,
    submission_id: i64,
    from_round: i32,
) -> QueryResult<bool> {
    let changed = diesel::update(
        submissions::table
            .filter(submissions::id.eq(submission_id))
            .filter(submissions::current_round.eq(from_round)),
    )
    .set((
        submissions::current_round.eq(from_round + 1),
        submissions::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// A declaration of generative AI use as checked (`domain::ai_use`).
#[derive(Debug, Clone, Default)]
pub struct AiUseDeclared {
    pub answer: String,
    pub details: String,
}

/// The declaration sent with a revised version becomes the submission's.
pub fn set_ai_use(conn: &mut DbConnection, id: i64, ai_use: &AiUseDeclared) -> QueryResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::ai_use.eq(&ai_use.answer),
            submissions::ai_use_details.eq(ai_use.details.trim()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the response to the reviewers and the declaration sent with round `round`.
pub fn record_response(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    response: &str,
    ai_use: &AiUseDeclared,
    submitted_by: i64,
) -> QueryResult<()> {
    diesel::insert_into(rr::table)
        .values((
            rr::submission_id.eq(submission_id),
            rr::round.eq(round),
            rr::response.eq(response),
            rr::ai_use.eq(&ai_use.answer),
            rr::ai_use_details.eq(ai_use.details.trim()),
            rr::submitted_by.eq(Some(submitted_by)),
            rr::submitted_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = appeals)]
pub struct Appeal {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub statement: String,
    pub lodged_by: Option<i64>,
    pub lodged_at: NaiveDateTime,
    pub heard_by: Option<i64>,
    pub hearer_explanation: String,
    pub outcome: Option<String>,
    pub outcome_reason: String,
    pub decided_at: Option<NaiveDateTime>,
}

pub fn appeal_of(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Option<Appeal>> {
    appeals::table
        .filter(appeals::submission_id.eq(submission_id))
        .select(Appeal::as_select())
        .first(conn)
        .optional()
}

/// Who hears the submission's appeal, if it has one (for the permissions module's facts).
pub fn hearer_of(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Option<i64>> {
    Ok(appeals::table
        .filter(appeals::submission_id.eq(submission_id))
        .select(appeals::heard_by)
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten())
}

pub struct NewAppeal<'a> {
    pub submission_id: i64,
    pub round: i32,
    pub statement: &'a str,
    pub lodged_by: i64,
    pub heard_by: Option<i64>,
    pub hearer_explanation: &'a str,
}

pub fn lodge(conn: &mut DbConnection, a: &NewAppeal<'_>) -> QueryResult<()> {
    diesel::insert_into(appeals::table)
        .values((
            appeals::submission_id.eq(a.submission_id),
            appeals::round.eq(a.round),
            appeals::statement.eq(a.statement),
            appeals::lodged_by.eq(Some(a.lodged_by)),
            appeals::lodged_at.eq(now()),
            appeals::heard_by.eq(a.heard_by),
            appeals::hearer_explanation.eq(a.hearer_explanation),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the outcome, only once: `false` when it already has one.
pub fn record_outcome(
    conn: &mut DbConnection,
    submission_id: i64,
    outcome: &str,
    reason: &str,
) -> QueryResult<bool> {
    let changed = diesel::update(
        appeals::table
            .filter(appeals::submission_id.eq(submission_id))
            .filter(appeals::outcome.is_null()),
    )
    .set((
        appeals::outcome.eq(Some(outcome)),
        appeals::outcome_reason.eq(reason),
        appeals::decided_at.eq(Some(now())),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// An appeal waiting for its hearer, as their dashboard lists it.
#[derive(Debug, Clone, Queryable)]
pub struct OpenAppeal {
    pub submission_id: i64,
    pub manuscript_number: Option<String>,
    pub title: String,
    pub lodged_at: NaiveDateTime,
}

/// Every appeal `person_id` is to hear and has not decided, oldest first.
pub fn open_appeals_heard_by(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<OpenAppeal>> {
    appeals::table
        .inner_join(submissions::table)
        .filter(appeals::heard_by.eq(person_id))
        .filter(appeals::outcome.is_null())
        .order(appeals::lodged_at)
        .select((
            submissions::id,
            submissions::manuscript_number,
            submissions::title,
            appeals::lodged_at,
        ))
        .load(conn)
}
