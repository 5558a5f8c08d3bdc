//! Decision letters as sent: one row per decision.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::decision_letters as dl;
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dl)]
pub struct DecisionLetterRow {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub kind: String,
    pub letter: String,
    pub decided_by: Option<i64>,
    pub decided_at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    kind: &str,
    letter: &str,
    decided_by: i64,
) -> QueryResult<()> {
    diesel::insert_into(dl::table)
        .values((
            dl::submission_id.eq(submission_id),
            dl::round.eq(round),
            dl::kind.eq(kind),
            dl::letter.eq(letter),
            dl::decided_by.eq(Some(decided_by)),
            dl::decided_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every decision letter of a submission, oldest first.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<DecisionLetterRow>> {
    dl::table
        .filter(dl::submission_id.eq(submission_id))
        .order(dl::id)
        .select(DecisionLetterRow::as_select())
        .load(conn)
}

/// When the editor decided on `round` of a submission, if they have (the first letter of
/// the round: a round is decided once; an appeal that is allowed opens a new one).
pub fn round_decided_at(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
) -> QueryResult<Option<NaiveDateTime>> {
    dl::table
        .filter(dl::submission_id.eq(submission_id))
        .filter(dl::round.eq(round))
        .select(diesel::dsl::min(dl::decided_at))
        .first(conn)
}
