//! Server-side sign-in sessions: the hash of the token in the cookie, whose they are, when
//! they end (in all, and when idle), and the device, so a person can see and end them.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::accounts::Person;
use super::schema::{people, sessions};
use super::{DbConnection, now};

/// How long a new session may last.
#[derive(Debug, Clone, Copy)]
pub struct Lifetime {
    pub expires_at: NaiveDateTime,
    /// Ends after this many minutes without a request; `None`: no idle limit.
    pub idle_minutes: Option<i32>,
    /// The person chose "keep me signed in on this device".
    pub keep_signed_in: bool,
}

pub fn insert_session(
    conn: &mut DbConnection,
    token_hash: &str,
    person_id: i64,
    lifetime: Lifetime,
    device: &str,
) -> QueryResult<()> {
    let at = now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::person_id.eq(person_id),
            sessions::created_at.eq(at),
            sessions::expires_at.eq(lifetime.expires_at),
            sessions::last_seen_at.eq(Some(at)),
            sessions::keep_signed_in.eq(lifetime.keep_signed_in),
            sessions::device.eq(device),
            sessions::idle_minutes.eq(lifetime.idle_minutes),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A session's last request is noted at most once a minute: one write per minute per
/// person, not one per page.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// The person a live session belongs to. A session idle past its limit ends here (it is
/// deleted, so it cannot come back); a live one has its last-seen time brought up to date.
pub fn session_person(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<Person>> {
    let at = now();
    let found = sessions::table
        .inner_join(people::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(at))
        .select((
            Person::as_select(),
            sessions::created_at,
            sessions::last_seen_at,
            sessions::idle_minutes,
        ))
        .first::<(Person, NaiveDateTime, Option<NaiveDateTime>, Option<i32>)>(conn)
        .optional()?;
    let Some((person, created_at, last_seen_at, idle_minutes)) = found else {
        return Ok(None);
    };
    let last_seen = last_seen_at.unwrap_or(created_at);
    if let Some(idle) = idle_minutes
        && at - last_seen >= Duration::minutes(i64::from(idle))
    {
        delete_session(conn, token_hash)?;
        return Ok(None);
    }
    if at - last_seen >= Duration::seconds(TOUCH_EVERY_SECONDS) {
        diesel::update(sessions::table.find(token_hash))
            .set(sessions::last_seen_at.eq(Some(at)))
            .execute(conn)?;
    }
    Ok(Some(person))
}

/// Deletes the person's sessions that have ended (in all, or idle past their limit), so the
/// table holds only live ones; run at each sign-in.
pub fn delete_ended_sessions_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<usize> {
    let live: Vec<String> = sessions_of(conn, person_id)?
        .into_iter()
        .map(|r| r.token_hash)
        .collect();
    diesel::delete(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::token_hash.ne_all(live)),
    )
    .execute(conn)
}

/// One of a person's sessions, as their sessions page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct SessionRow {
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_seen_at: Option<NaiveDateTime>,
    pub keep_signed_in: bool,
    pub device: String,
    pub idle_minutes: Option<i32>,
}

impl SessionRow {
    /// Idle past its limit (it ends at its next use).
    fn idle_out(&self, at: NaiveDateTime) -> bool {
        self.idle_minutes.is_some_and(|minutes| {
            at - self.last_seen_at.unwrap_or(self.created_at)
                >= Duration::minutes(i64::from(minutes))
        })
    }
}

/// A person's sessions that have not ended, most recently used first.
pub fn sessions_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<SessionRow>> {
    let at = now();
    let rows: Vec<SessionRow> = sessions::table
        .filter(sessions::person_id.eq(person_id))
        .filter(sessions::expires_at.gt(now()))
        .order((sessions::last_seen_at.desc(), sessions::created_at.desc()))
        .select((
            sessions::token_hash,
            sessions::created_at,
            sessions::expires_at,
            sessions::last_seen_at,
            sessions::keep_signed_in,
            sessions::device,
            sessions::idle_minutes,
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter(|r| !r.idle_out(at)).collect())
}

pub fn delete_session(conn: &mut DbConnection, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn)
}

/// Ends one of the person's own sessions (never someone else's).
pub fn delete_session_of(
    conn: &mut DbConnection,
    person_id: i64,
    token_hash: &str,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::token_hash.eq(token_hash)),
    )
    .execute(conn)
}

/// Ends every session of a person but the one kept (after a password change).
pub fn delete_other_sessions(
    conn: &mut DbConnection,
    person_id: i64,
    keep_hash: &str,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::token_hash.ne(keep_hash)),
    )
    .execute(conn)
}

/// Ends every session of a person (after a password reset).
pub fn delete_sessions_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::person_id.eq(person_id))).execute(conn)
}
