//! The editor's backup reviewers for a submission, in order, and how many reviewers the
//! editor wants at once (issue 28 part 3).

use diesel::prelude::*;

use super::schema::{backup_reviewers as b, reviewers_wanted as w};
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = b)]
pub struct Backup {
    pub id: i64,
    pub submission_id: i64,
    pub position: i32,
    pub name: String,
    pub email: String,
    pub added_by: i64,
    pub added_at: chrono::NaiveDateTime,
    /// '' waiting; 'invited' or 'skipped'.
    pub outcome: String,
    pub outcome_note: String,
}

impl Backup {
    pub fn is_waiting(&self) -> bool {
        self.outcome.is_empty()
    }
}

/// Every backup of a submission, waiting ones in order first.
pub fn of_submission(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<Backup>> {
    b::table
        .filter(b::submission_id.eq(submission_id))
        .order((b::position, b::id))
        .select(Backup::as_select())
        .load(conn)
}

/// Adds a backup at the end of the list; `false` when that address is already on it.
pub fn add(
    conn: &mut DbConnection,
    submission_id: i64,
    name: &str,
    email: &str,
    added_by: i64,
) -> QueryResult<bool> {
    let exists = b::table
        .filter(b::submission_id.eq(submission_id))
        .filter(b::email.eq(email))
        .count()
        .get_result::<i64>(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    let last: Option<i32> = b::table
        .filter(b::submission_id.eq(submission_id))
        .select(diesel::dsl::max(b::position))
        .first(conn)?;
    diesel::insert_into(b::table)
        .values((
            b::submission_id.eq(submission_id),
            b::position.eq(last.unwrap_or(0) + 1),
            b::name.eq(name),
            b::email.eq(email),
            b::added_by.eq(added_by),
            b::added_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Removes a waiting backup.
pub fn remove(conn: &mut DbConnection, submission_id: i64, id: i64) -> QueryResult<bool> {
    diesel::delete(
        b::table
            .find(id)
            .filter(b::submission_id.eq(submission_id))
            .filter(b::outcome.eq("")),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// Moves a waiting backup one place up, swapping with the one before it.
pub fn move_up(conn: &mut DbConnection, submission_id: i64, id: i64) -> QueryResult<bool> {
    let waiting: Vec<Backup> = of_submission(conn, submission_id)?
        .into_iter()
        .filter(Backup::is_waiting)
        .collect();
    let Some(i) = waiting.iter().position(|x| x.id == id) else {
        return Ok(false);
    };
    if i == 0 {
        return Ok(true);
    }
    let (a, before) = (&waiting[i], &waiting[i - 1]);
    diesel::update(b::table.find(a.id))
        .set(b::position.eq(before.position))
        .execute(conn)?;
    diesel::update(b::table.find(before.id))
        .set(b::position.eq(a.position))
        .execute(conn)?;
    Ok(true)
}

/// Records what became of a waiting backup; `false` when it was no longer waiting.
pub fn settle(conn: &mut DbConnection, id: i64, outcome: &str, note: &str) -> QueryResult<bool> {
    diesel::update(b::table.find(id).filter(b::outcome.eq("")))
        .set((b::outcome.eq(outcome), b::outcome_note.eq(note)))
        .execute(conn)
        .map(|n| n == 1)
}

/// How many reviewers the editor wants at once, if they said.
pub fn wanted(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Option<i32>> {
    w::table
        .find(submission_id)
        .select(w::wanted)
        .first(conn)
        .optional()
}

pub fn set_wanted(conn: &mut DbConnection, submission_id: i64, wanted: i32) -> QueryResult<()> {
    diesel::delete(w::table.find(submission_id)).execute(conn)?;
    diesel::insert_into(w::table)
        .values((w::submission_id.eq(submission_id), w::wanted.eq(wanted)))
        .execute(conn)?;
    Ok(())
}

/// The submissions with at least one backup waiting.
pub fn submissions_with_waiting(conn: &mut DbConnection) -> QueryResult<Vec<i64>> {
    b::table
        .filter(b::outcome.eq(""))
        .select(b::submission_id)
        .distinct()
        .load(conn)
}
