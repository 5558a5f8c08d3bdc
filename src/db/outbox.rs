//! The outbox table: queued e-mail, claimed and delivered by the worker.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

use super::schema::{outbox, outbox_attempts};
use super::{DbConnection, now};

pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
/// Waiting for the recipient's daily digest.
pub const HELD: &str = "held";
/// Included in a digest (which is its own outbox row).
pub const DIGESTED: &str = "digested";
/// The kind of a digest's own row.
pub const DIGEST_KIND: &str = "digest";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub kind: String,
    pub recipient_id: Option<i64>,
    pub to_name: String,
    pub to_address: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    pub thread_key: Option<String>,
    pub digestible: bool,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub digest_id: Option<i64>,
    pub last_error: String,
    pub sent_at: Option<NaiveDateTime>,
    /// The List-Unsubscribe address (digests only).
    pub unsubscribe_url: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox_attempts)]
pub struct Attempt {
    pub id: i64,
    pub outbox_id: i64,
    pub attempted_at: NaiveDateTime,
    pub outcome: String,
    pub detail: String,
}

/// A message ready to be written to the outbox.
pub struct NewMessage<'a> {
    pub kind: &'a str,
    pub recipient_id: Option<i64>,
    pub to_name: &'a str,
    pub to_address: &'a str,
    pub reply_to: Option<&'a str>,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub message_id: &'a str,
    pub thread_key: Option<&'a str>,
    pub digestible: bool,
    pub status: &'a str,
    pub unsubscribe_url: Option<&'a str>,
}

pub fn insert(conn: &mut DbConnection, m: &NewMessage<'_>) -> QueryResult<i64> {
    let at = now();
    diesel::insert_into(outbox::table)
        .values((
            outbox::created_at.eq(at),
            outbox::kind.eq(m.kind),
            outbox::recipient_id.eq(m.recipient_id),
            outbox::to_name.eq(m.to_name),
            outbox::to_address.eq(m.to_address),
            outbox::reply_to.eq(m.reply_to),
            outbox::subject.eq(m.subject),
            outbox::body_text.eq(m.body_text),
            outbox::body_html.eq(m.body_html),
            outbox::message_id.eq(m.message_id),
            outbox::thread_key.eq(m.thread_key),
            outbox::digestible.eq(m.digestible),
            outbox::status.eq(m.status),
            outbox::unsubscribe_url.eq(m.unsubscribe_url),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(at),
        ))
        .returning(outbox::id)
        .get_result(conn)
}

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Claims up to `limit` messages that are due, or whose earlier claim expired (a worker
/// died mid-send), marking them `sending` until `lock_until` and counting the attempt.
/// On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets several instances claim side by side;
/// SQLite serialises writers, so the plain conditional update is already exclusive.
pub fn claim_due(
    conn: &mut DbConnection,
    limit: i64,
    lock_until: NaiveDateTime,
) -> QueryResult<Vec<OutboxMessage>> {
    let at = now();
    let ids: Vec<ClaimedId> = match conn {
        DbConnection::Postgresql(pg) => diesel::sql_query(
            "UPDATE outbox SET status = 'sending', locked_until = $1, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE (status = 'queued' AND next_attempt_at <= $2) OR (status = 'sending' AND locked_until < $2)
                 ORDER BY id LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             RETURNING id",
        )
        .bind::<Timestamp, _>(lock_until)
        .bind::<Timestamp, _>(at)
        .bind::<BigInt, _>(limit)
        .load(pg)?,
        DbConnection::Sqlite(lite) => diesel::sql_query(
            "UPDATE outbox SET status = 'sending', locked_until = ?1, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE (status = 'queued' AND next_attempt_at <= ?2) OR (status = 'sending' AND locked_until < ?2)
                 ORDER BY id LIMIT ?3)
             RETURNING id",
        )
        .bind::<Timestamp, _>(lock_until)
        .bind::<Timestamp, _>(at)
        .bind::<BigInt, _>(limit)
        .load(lite)?,
    };
    let ids: Vec<i64> = ids.into_iter().map(|c| c.id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    outbox::table
        .filter(outbox::id.eq_any(ids))
        .order(outbox::id)
        .select(OutboxMessage::as_select())
        .load(conn)
}

fn record_attempt(
    conn: &mut DbConnection,
    id: i64,
    outcome: &str,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(outbox_attempts::table)
        .values((
            outbox_attempts::outbox_id.eq(id),
            outbox_attempts::attempted_at.eq(now()),
            outbox_attempts::outcome.eq(outcome),
            outbox_attempts::detail.eq(detail),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_sent(conn: &mut DbConnection, id: i64, server_answer: &str) -> QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        diesel::update(outbox::table.find(id).filter(outbox::status.eq(SENDING)))
            .set((
                outbox::status.eq(SENT),
                outbox::sent_at.eq(now()),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(""),
            ))
            .execute(conn)?;
        record_attempt(conn, id, "sent", server_answer)
    })
}

pub fn mark_retry(
    conn: &mut DbConnection,
    id: i64,
    error: &str,
    next_attempt_at: NaiveDateTime,
) -> QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        diesel::update(outbox::table.find(id).filter(outbox::status.eq(SENDING)))
            .set((
                outbox::status.eq(QUEUED),
                outbox::next_attempt_at.eq(next_attempt_at),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .execute(conn)?;
        record_attempt(conn, id, "retry", error)
    })
}

pub fn mark_failed(conn: &mut DbConnection, id: i64, error: &str) -> QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        diesel::update(outbox::table.find(id).filter(outbox::status.eq(SENDING)))
            .set((
                outbox::status.eq(FAILED),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .execute(conn)?;
        record_attempt(conn, id, "failed", error)
    })
}

/// After a restore: every message that was queued or being sent when the backup was taken
/// becomes failed, with `note` as its error and as a recorded attempt, so that it is not sent
/// again on its own (it may have gone out between the backup and the loss). *Retry now* sends
/// it. Returns how many.
pub fn hold_after_restore(conn: &mut DbConnection, note: &str) -> QueryResult<usize> {
    crate::db::write_transaction(conn, |conn| {
        let ids: Vec<i64> = outbox::table
            .filter(outbox::status.eq_any([QUEUED, SENDING]))
            .select(outbox::id)
            .load(conn)?;
        for chunk in ids.chunks(crate::db::LOOKUP_CHUNK) {
            diesel::update(outbox::table.filter(outbox::id.eq_any(chunk)))
                .set((
                    outbox::status.eq(FAILED),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::last_error.eq(note),
                ))
                .execute(conn)?;
        }
        for id in &ids {
            record_attempt(conn, *id, "failed", note)?;
        }
        Ok(ids.len())
    })
}

/// "Retry now" for a failed message: queued again with a fresh set of attempts.
pub fn retry_now(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    let n = diesel::update(outbox::table.find(id).filter(outbox::status.eq(FAILED)))
        .set((
            outbox::status.eq(QUEUED),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<OutboxMessage>> {
    outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()
}

pub fn attempts_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<Attempt>> {
    outbox_attempts::table
        .filter(outbox_attempts::outbox_id.eq(id))
        .order(outbox_attempts::id)
        .select(Attempt::as_select())
        .load(conn)
}

/// Filters of the admin outbox list.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<String>,
    pub recipient: Option<String>,
    pub thread_key: Option<String>,
    /// Keyset pagination: only messages with a smaller id.
    pub before_id: Option<i64>,
    /// `None`: every message (an administrator).
    pub reach: Option<Reach>,
}

/// The part of the outbox an editor-in-chief reads: messages about no manuscript (account
/// mail, appointments), and those about manuscripts of `journals` except the ones in
/// `hidden`. A digest is about every manuscript its items are about.
#[derive(Debug, Default, Clone)]
pub struct Reach {
    pub journals: Vec<i64>,
    /// Manuscript numbers left out: the reader's own and those they are conflicted with.
    pub hidden: Vec<String>,
}

/// The manuscript numbers of `journals`' submissions, as a subquery.
macro_rules! numbers_of_journals {
    ($journals:expr) => {
        super::schema::submissions::table
            .inner_join(super::schema::collections::table)
            .filter(super::schema::collections::journal_id.eq_any($journals))
            .filter(super::schema::submissions::manuscript_number.is_not_null())
            .select(super::schema::submissions::manuscript_number)
    };
}

/// The digests that carry an item outside `reach`.
fn digests_outside(conn: &mut DbConnection, reach: &Reach) -> QueryResult<Vec<i64>> {
    let ids: Vec<Option<i64>> = outbox::table
        .filter(outbox::digest_id.is_not_null())
        .filter(outbox::thread_key.is_not_null())
        .filter(
            outbox::thread_key
                .eq_any(reach.hidden.clone())
                .or(diesel::dsl::not(
                    outbox::thread_key.eq_any(numbers_of_journals!(reach.journals.clone())),
                )),
        )
        .select(outbox::digest_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

/// Whether the message is within `reach`.
pub fn within(conn: &mut DbConnection, reach: &Reach, m: &OutboxMessage) -> QueryResult<bool> {
    if let Some(key) = &m.thread_key {
        if reach.hidden.contains(key) {
            return Ok(false);
        }
        let found: i64 = numbers_of_journals!(reach.journals.clone())
            .filter(super::schema::submissions::manuscript_number.eq(key))
            .count()
            .get_result(conn)?;
        return Ok(found > 0);
    }
    // Only a digest carries other messages (with their manuscripts) inside it.
    Ok(m.kind != DIGEST_KIND || !digests_outside(conn, reach)?.contains(&m.id))
}

pub fn list(
    conn: &mut DbConnection,
    f: &ListFilter,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    let mut q = outbox::table
        .select(OutboxMessage::as_select())
        .into_boxed();
    if let Some(s) = &f.status {
        q = q.filter(outbox::status.eq(s.clone()));
    }
    if let Some(r) = &f.recipient {
        q = q.filter(outbox::to_address.like(format!("%{}%", r.replace(['%', '_'], ""))));
    }
    if let Some(t) = &f.thread_key {
        q = q.filter(outbox::thread_key.eq(t.clone()));
    }
    if let Some(b) = f.before_id {
        q = q.filter(outbox::id.lt(b));
    }
    if let Some(reach) = &f.reach {
        q = q
            .filter(outbox::id.ne_all(digests_outside(conn, reach)?))
            .filter(
                outbox::thread_key.is_null().or(outbox::thread_key
                    .eq_any(numbers_of_journals!(reach.journals.clone()))
                    .and(outbox::thread_key.ne_all(reach.hidden.clone()))),
            );
    }
    q.order(outbox::id.desc()).limit(limit).load(conn)
}

/// Held messages, grouped by the person they wait for.
pub fn held(conn: &mut DbConnection) -> QueryResult<Vec<OutboxMessage>> {
    outbox::table
        .filter(outbox::status.eq(HELD))
        .order((outbox::recipient_id, outbox::id))
        .select(OutboxMessage::as_select())
        .load(conn)
}

pub fn mark_digested(conn: &mut DbConnection, ids: &[i64], digest_id: i64) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(ids))
            .filter(outbox::status.eq(HELD)),
    )
    .set((
        outbox::status.eq(DIGESTED),
        outbox::digest_id.eq(Some(digest_id)),
    ))
    .execute(conn)
}
