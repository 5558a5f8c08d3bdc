//! Technical returns (issue 28 part 4): the editorial office's message asking the authors to
//! fix something before review, and what they said they fixed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::technical_returns as tr;
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tr)]
pub struct TechnicalReturn {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub message: String,
    pub returned_by: i64,
    pub returned_at: NaiveDateTime,
    pub fixed_note: String,
    pub fixed_at: Option<NaiveDateTime>,
}

pub fn record(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    message: &str,
    returned_by: i64,
) -> QueryResult<()> {
    diesel::insert_into(tr::table)
        .values((
            tr::submission_id.eq(submission_id),
            tr::round.eq(round),
            tr::message.eq(message),
            tr::returned_by.eq(returned_by),
            tr::returned_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every technical return of a submission, oldest first.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<TechnicalReturn>> {
    tr::table
        .filter(tr::submission_id.eq(submission_id))
        .order(tr::id)
        .select(TechnicalReturn::as_select())
        .load(conn)
}

/// Records what the authors fixed on the open return; false when none is open.
pub fn mark_fixed(conn: &mut DbConnection, submission_id: i64, note: &str) -> QueryResult<bool> {
    let n = diesel::update(
        tr::table
            .filter(tr::submission_id.eq(submission_id))
            .filter(tr::fixed_at.is_null()),
    )
    .set((tr::fixed_note.eq(note), tr::fixed_at.eq(Some(now()))))
    .execute(conn)?;
    Ok(n > 0)
}
