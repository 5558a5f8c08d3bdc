//! Co-authors' confirmations of their authorship: each request e-mailed (its token stored
//! only as a SHA-256) and its answer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::authorship_requests as ar;
use crate::domain::authorship::{Answer, Asked};

/// One request e-mailed to one listed author.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ar)]
pub struct AuthorshipRequest {
    pub id: i64,
    pub submission_id: i64,
    pub author_id: i64,
    pub token_hash: String,
    pub asked_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub note: String,
}

impl AuthorshipRequest {
    /// The stored answer; an unknown name (never written by this code) reads as none.
    pub fn answer(&self) -> Option<Answer> {
        self.answer.as_deref().and_then(Answer::parse)
    }

    /// The request as the rules read it.
    pub fn asked(&self) -> Asked {
        Asked {
            asked_at: self.asked_at,
            expires_at: self.expires_at,
            answer: self.answer(),
            answered_at: self.answered_at,
        }
    }
}

/// Records a request e-mailed to `author_id`; the caller is inside the transaction that
/// queues the e-mail.
pub fn insert_request(
    conn: &mut DbConnection,
    submission_id: i64,
    author_id: i64,
    token_hash: &str,
    (asked_at, expires_at): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<i64> {
    diesel::insert_into(ar::table)
        .values((
            ar::submission_id.eq(submission_id),
            ar::author_id.eq(author_id),
            ar::token_hash.eq(token_hash),
            ar::asked_at.eq(asked_at),
            ar::expires_at.eq(expires_at),
        ))
        .returning(ar::id)
        .get_result(conn)
}

/// Ends, at `at`, every unanswered request of `author_id` still working: a newer one
/// replaces them, so only the latest e-mail's link works.
pub fn end_open_requests(
    conn: &mut DbConnection,
    author_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        ar::table
            .filter(ar::author_id.eq(author_id))
            .filter(ar::answer.is_null())
            .filter(ar::expires_at.gt(at)),
    )
    .set(ar::expires_at.eq(at))
    .execute(conn)
}

pub fn find_by_token_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<AuthorshipRequest>> {
    ar::table
        .filter(ar::token_hash.eq(token_hash))
        .select(AuthorshipRequest::as_select())
        .first(conn)
        .optional()
}

/// Every request about a submission, oldest first.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<AuthorshipRequest>> {
    ar::table
        .filter(ar::submission_id.eq(submission_id))
        .order(ar::id)
        .select(AuthorshipRequest::as_select())
        .load(conn)
}

/// Whether a request newer than `id` was e-mailed to the same author.
pub fn replaced(conn: &mut DbConnection, id: i64, author_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ar::table
            .filter(ar::author_id.eq(author_id))
            .filter(ar::id.gt(id)),
    ))
    .get_result(conn)
}

/// Records the answer to request `id`, once: only while it is unanswered and its link
/// works. `false` when another request (a second press, another tab) answered it first.
pub fn record_answer(
    conn: &mut DbConnection,
    id: i64,
    answer: Answer,
    note: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        ar::table
            .find(id)
            .filter(ar::answer.is_null())
            .filter(ar::expires_at.gt(at)),
    )
    .set((
        ar::answer.eq(Some(answer.as_str())),
        ar::answered_at.eq(Some(at)),
        ar::note.eq(note),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The authors of a submission who said they are not authors of it: they get no more
/// e-mails as its authors (the decision, a withdrawal, the publication).
pub fn said_not_an_author(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<i64>> {
    ar::table
        .filter(ar::submission_id.eq(submission_id))
        .filter(ar::answer.eq(Answer::NotAnAuthor.as_str()))
        .select(ar::author_id)
        .load(conn)
}
