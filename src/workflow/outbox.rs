//! The outbox as the editorial office reads it: which messages a person may read, and only
//! with their secrets masked (they are not the recipients).
//!
//! An administrator reads every message. An editor-in-chief reads the messages about no
//! manuscript (account mail, appointments) and those about her journals' manuscripts,
//! except her own and those she has a confirmed competing interest with: the same
//! submissions her lists, exports and statistics leave out. A message outside her reach is
//! missing from the list, its filters and its pages, and answers 404 like a message that
//! does not exist, "Retry now" included.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::outbox::{self, Attempt, ListFilter, OutboxMessage, Reach};
use crate::domain::Role;
use crate::domain::conflicts::Settings;
use crate::domain::permissions::HeldRole;
use crate::mail::secrets::masked;
use crate::workflow::editorial::EditorialMemo;

/// What the person may read of the outbox: `None` for all of it. Call only for someone who
/// may read the outbox at all ([`crate::domain::permissions::Action::ReadOutbox`]).
pub fn reach_of(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<Option<Reach>> {
    use crate::db::schema::{collections as c, submissions as s};
    if roles.iter().any(|r| r.role == Role::Admin) {
        return Ok(None);
    }
    let mut journals: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect();
    journals.sort_unstable();
    journals.dedup();
    let rows: Vec<(i64, i64, Option<String>)> = s::table
        .inner_join(c::table)
        .filter(c::journal_id.eq_any(&journals))
        .filter(s::manuscript_number.is_not_null())
        .select((s::id, s::submitter_id, s::manuscript_number))
        .load(conn)?;
    let others: Vec<i64> = rows
        .iter()
        .filter(|(_, submitter, _)| *submitter != person.id)
        .map(|(id, _, _)| *id)
        .collect();
    let conflicted = memo
        .verdicts
        .conflicted_among(conn, person, &others, settings)?;
    let hidden = rows
        .into_iter()
        .filter(|(id, submitter, _)| *submitter == person.id || conflicted.contains(id))
        .filter_map(|(_, _, number)| number)
        .collect();
    Ok(Some(Reach { journals, hidden }))
}

/// One page of the list, masked.
pub fn list(
    conn: &mut DbConnection,
    reach: Option<Reach>,
    filter: ListFilter,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    let filter = ListFilter { reach, ..filter };
    Ok(outbox::list(conn, &filter, limit)?
        .into_iter()
        .map(masked)
        .collect())
}

/// The message, masked, with its delivery attempts; `None` when it does not exist or is
/// outside `reach`.
pub fn find(
    conn: &mut DbConnection,
    reach: Option<&Reach>,
    id: i64,
) -> QueryResult<Option<(OutboxMessage, Vec<Attempt>)>> {
    let Some(m) = find_within(conn, reach, id)? else {
        return Ok(None);
    };
    let attempts = outbox::attempts_of(conn, id)?;
    Ok(Some((masked(m), attempts)))
}

/// "Retry now": `None` when the message does not exist or is outside `reach`, otherwise
/// whether it was queued again (only a failed message is).
pub fn retry_now(
    conn: &mut DbConnection,
    reach: Option<&Reach>,
    id: i64,
) -> QueryResult<Option<bool>> {
    if find_within(conn, reach, id)?.is_none() {
        return Ok(None);
    }
    outbox::retry_now(conn, id).map(Some)
}

fn find_within(
    conn: &mut DbConnection,
    reach: Option<&Reach>,
    id: i64,
) -> QueryResult<Option<OutboxMessage>> {
    let Some(m) = outbox::find(conn, id)? else {
        return Ok(None);
    };
    match reach {
        Some(reach) if !outbox::within(conn, reach, &m)? => Ok(None),
        _ => Ok(Some(m)),
    }
}
