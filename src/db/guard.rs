//! The one rule for writes that two tabs, two people or a double click could race
//! (DESIGN §9), in one place:
//!
//! 1. **Hold what the write checks.** A write that checks something before changing it (a
//!    state, a handling editor, a review's status, what was already mailed to an address)
//!    first holds that record for its transaction ([`lock_submission`], [`lock_address`]),
//!    so the check and the write see the same thing.
//! 2. **Compare with what the form was read at.** A form that edits a record carries the
//!    version it was read at ([`ReadAt`], a hidden field); a write whose version is no longer
//!    current changes nothing and answers 409 with the newer state and the person's input.
//! 3. **A repeated press is done, not an error.** When the record already holds what the
//!    form asks for (the same editor, the same review), the write changes nothing and answers
//!    as if it had just done it: ten presses, one effect.
//!
//! A new form gets the rule by carrying a [`ReadAt`] (or the expected state, as decisions
//! do), taking the lock first in its transaction, and comparing before it writes.

use chrono::NaiveDateTime;

use super::DbConnection;

/// Inside a [`super::write_transaction`]: holds `submission_id` against every other writer until
/// the transaction ends, so that what this write checks (its state, its handling editor)
/// cannot change between the check and the write. SQLite's `BEGIN IMMEDIATE` already holds
/// the whole database; PostgreSQL locks the row (`FOR UPDATE`): a second writer waits, then
/// reads what the first wrote.
pub fn lock_submission(conn: &mut DbConnection, submission_id: i64) -> diesel::QueryResult<()> {
    use super::schema::submissions;
    use diesel::prelude::*;
    if let DbConnection::Postgresql(c) = conn {
        submissions::table
            .find(submission_id)
            .select(submissions::id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// Inside a [`super::write_transaction`]: holds one collection's record (its editing form
/// compares versions). As [`lock_submission`], on the collection row.
pub fn lock_collection(conn: &mut DbConnection, collection_id: i64) -> diesel::QueryResult<()> {
    use super::schema::collections;
    use diesel::prelude::*;
    if let DbConnection::Postgresql(c) = conn {
        collections::table
            .find(collection_id)
            .select(collections::id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// Inside a [`super::write_transaction`]: holds one person's profile (their affiliations,
/// publications and declared conflicts) against every other writer, for writes that check
/// what is already listed before adding to it. As [`lock_submission`], on the person row.
pub fn lock_person(conn: &mut DbConnection, person_id: i64) -> diesel::QueryResult<()> {
    use super::schema::people;
    use diesel::prelude::*;
    if let DbConnection::Postgresql(c) = conn {
        people::table
            .find(person_id)
            .select(people::id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// Inside a [`super::write_transaction`]: holds one e-mail address (any case) against every other
/// writer until the transaction ends, for writes that check what was sent to it before
/// sending more. SQLite's `BEGIN IMMEDIATE` already holds the whole database; PostgreSQL
/// takes a transaction-scoped advisory lock on a hash of the address (a collision only
/// makes two addresses wait for each other).
pub fn lock_address(conn: &mut DbConnection, address: &str) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    if let DbConnection::Postgresql(c) = conn {
        // FNV-1a: stable across processes and releases, unlike std's hasher.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in address.to_lowercase().bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(i64::from_ne_bytes(h.to_ne_bytes()))
            .execute(c)?;
    }
    Ok(())
}

/// The version of a record a form was read at: the time it was last written, as a hidden
/// field. An empty field is "never written" (a new draft).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadAt(pub Option<NaiveDateTime>);

impl ReadAt {
    const FORMAT: &'static str = "%Y-%m-%dT%H:%M:%S%.6f";

    /// What the form carries for a record last written at `at`.
    pub fn field(at: Option<NaiveDateTime>) -> String {
        at.map(|t| t.format(Self::FORMAT).to_string())
            .unwrap_or_default()
    }

    /// The form's field; `None` when it is missing or not one we wrote (then no version
    /// can be trusted, and the write is treated as stale).
    pub fn parse(text: &str) -> Option<ReadAt> {
        let text = text.trim();
        if text.is_empty() {
            return Some(ReadAt(None));
        }
        NaiveDateTime::parse_from_str(text, Self::FORMAT)
            .ok()
            .map(|t| ReadAt(Some(t)))
    }

    /// What a posted form says it was read at: `None` when the field is missing (a form that
    /// does not say is checked on state only); a field we did not write is never current.
    pub fn from_form(field: Option<&str>) -> Option<ReadAt> {
        field.map(|text| ReadAt::parse(text).unwrap_or(ReadAt(Some(NaiveDateTime::MIN))))
    }

    /// Whether nothing was written since the form was read.
    pub fn is_current(self, last_written: Option<NaiveDateTime>) -> bool {
        self.0 == last_written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_survives_the_form_and_anything_else_is_not_current() {
        let at = crate::db::now();
        let read = ReadAt::parse(&ReadAt::field(Some(at))).unwrap();
        assert!(read.is_current(Some(at)));
        assert!(!read.is_current(None));
        assert!(!read.is_current(Some(at + chrono::Duration::microseconds(1))));
        assert_eq!(ReadAt::parse(""), Some(ReadAt(None)));
        assert!(ReadAt(None).is_current(None));
        assert_eq!(ReadAt::parse("yesterday"), None);
        assert_eq!(ReadAt::from_form(None), None);
        assert!(
            !ReadAt::from_form(Some("yesterday"))
                .unwrap()
                .is_current(None)
        );
    }
}
