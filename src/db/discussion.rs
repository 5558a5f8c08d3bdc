//! The discussion on a submission as stored: its messages, thread by thread, and when each
//! person last read each thread.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{discussion_messages as dm, discussion_reads as dr};
use super::{DbConnection, now};
use crate::domain::discussion::Thread;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dm)]
pub struct StoredMessage {
    pub id: i64,
    pub submission_id: i64,
    pub thread: String,
    pub posted_by: i64,
    /// "editor", "reviewer" or "author" (`domain::discussion::Seat`).
    pub posted_as: String,
    pub body: String,
    pub posted_at: NaiveDateTime,
}

/// Adds a message to a thread; its id.
pub fn post(
    conn: &mut DbConnection,
    submission_id: i64,
    thread: Thread,
    (posted_by, posted_as): (i64, &str),
    body: &str,
) -> QueryResult<i64> {
    diesel::insert_into(dm::table)
        .values((
            dm::submission_id.eq(submission_id),
            dm::thread.eq(thread.as_str()),
            dm::posted_by.eq(posted_by),
            dm::posted_as.eq(posted_as),
            dm::body.eq(body),
            dm::posted_at.eq(now()),
        ))
        .returning(dm::id)
        .get_result(conn)
}

/// Whether `posted_by` posted exactly `body` in this thread since `since`: a second click on
/// "Post", or a form sent again from the browser's history, is the same message, not a new one.
pub fn posted_since(
    conn: &mut DbConnection,
    submission_id: i64,
    thread: Thread,
    (posted_by, body): (i64, &str),
    since: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        dm::table
            .filter(dm::submission_id.eq(submission_id))
            .filter(dm::thread.eq(thread.as_str()))
            .filter(dm::posted_by.eq(posted_by))
            .filter(dm::body.eq(body))
            .filter(dm::posted_at.ge(since)),
    ))
    .get_result(conn)
}

/// A thread's messages, oldest first.
pub fn messages(
    conn: &mut DbConnection,
    submission_id: i64,
    thread: Thread,
) -> QueryResult<Vec<StoredMessage>> {
    dm::table
        .filter(dm::submission_id.eq(submission_id))
        .filter(dm::thread.eq(thread.as_str()))
        .order((dm::posted_at, dm::id))
        .select(StoredMessage::as_select())
        .load(conn)
}

/// Who has posted in a thread from the seat `posted_as`, each once.
pub fn posters(
    conn: &mut DbConnection,
    submission_id: i64,
    thread: Thread,
    posted_as: &str,
) -> QueryResult<Vec<i64>> {
    dm::table
        .filter(dm::submission_id.eq(submission_id))
        .filter(dm::thread.eq(thread.as_str()))
        .filter(dm::posted_as.eq(posted_as))
        .select(dm::posted_by)
        .distinct()
        .load(conn)
}

/// When `person_id` last opened the thread, if ever.
pub fn last_read(
    conn: &mut DbConnection,
    person_id: i64,
    submission_id: i64,
    thread: Thread,
) -> QueryResult<Option<NaiveDateTime>> {
    dr::table
        .find((person_id, submission_id, thread.as_str()))
        .select(dr::last_read_at)
        .first(conn)
        .optional()
}

/// Records that `person_id` has read the thread up to `at`. Two tabs opening it at once may
/// both find no row: the second insert then loses quietly, its time a moment from the first.
/// Outside any transaction (a PostgreSQL transaction would not survive the lost insert).
pub fn mark_read(
    conn: &mut DbConnection,
    person_id: i64,
    submission_id: i64,
    thread: Thread,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let key = (person_id, submission_id, thread.as_str());
    let updated = diesel::update(dr::table.find(key))
        .set(dr::last_read_at.eq(at))
        .execute(conn)?;
    if updated == 0 {
        let inserted = diesel::insert_into(dr::table)
            .values((
                dr::person_id.eq(person_id),
                dr::submission_id.eq(submission_id),
                dr::thread.eq(thread.as_str()),
                dr::last_read_at.eq(at),
            ))
            .execute(conn);
        match inserted {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// For each thread of a submission: how many messages it has and how many of them, posted
/// by others, are newer than `person_id`'s last visit.
pub fn counts(
    conn: &mut DbConnection,
    person_id: i64,
    submission_id: i64,
    thread: Thread,
) -> QueryResult<(usize, usize)> {
    let seen = last_read(conn, person_id, submission_id, thread)?;
    let all = messages(conn, submission_id, thread)?;
    let new = all
        .iter()
        .filter(|m| m.posted_by != person_id && seen.is_none_or(|t| m.posted_at > t))
        .count();
    Ok((all.len(), new))
}
