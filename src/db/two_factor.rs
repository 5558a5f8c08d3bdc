//! Two-factor sign-in's records: a person's authenticator key, their recovery codes, the
//! challenge between the password and the code, and each journal's requirement
//! (`security::totp` computes and checks the codes).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{journal_security, recovery_codes, sign_in_challenges, two_factor};
use super::{DbConnection, now};

/// A person's authenticator key; it counts only once confirmed with a first code.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = two_factor)]
pub struct TwoFactor {
    pub person_id: i64,
    pub shared_key: String,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub last_used_step: Option<i64>,
}

impl TwoFactor {
    pub fn is_on(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

pub fn two_factor_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<Option<TwoFactor>> {
    two_factor::table
        .find(person_id)
        .select(TwoFactor::as_select())
        .first(conn)
        .optional()
}

/// Whether the person signs in with a second step.
pub fn is_on(conn: &mut DbConnection, person_id: i64) -> QueryResult<bool> {
    Ok(two_factor_of(conn, person_id)?.is_some_and(|t| t.is_on()))
}

/// Starts (or starts again) an enrolment with a new, unconfirmed key. An enrolment already
/// confirmed is left alone: it is removed first, with the password and a code.
pub fn start_enrolment(conn: &mut DbConnection, person_id: i64, key: &str) -> QueryResult<()> {
    diesel::delete(
        two_factor::table
            .filter(two_factor::person_id.eq(person_id))
            .filter(two_factor::confirmed_at.is_null()),
    )
    .execute(conn)?;
    if two_factor_of(conn, person_id)?.is_some() {
        return Ok(());
    }
    diesel::insert_into(two_factor::table)
        .values((
            two_factor::person_id.eq(person_id),
            two_factor::shared_key.eq(key),
            two_factor::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses up a code's step: true when `step` is later than any step used before (the
/// compare and the write are one statement, so two tabs cannot both use one code).
pub fn use_step(conn: &mut DbConnection, person_id: i64, step: i64) -> QueryResult<bool> {
    let changed = diesel::update(
        two_factor::table
            .filter(two_factor::person_id.eq(person_id))
            .filter(
                two_factor::last_used_step
                    .is_null()
                    .or(two_factor::last_used_step.lt(step)),
            ),
    )
    .set(two_factor::last_used_step.eq(step))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Marks the enrolment confirmed (after its first code).
pub fn confirm(conn: &mut DbConnection, person_id: i64) -> QueryResult<()> {
    diesel::update(two_factor::table.find(person_id))
        .set(two_factor::confirmed_at.eq(now()))
        .execute(conn)
        .map(|_| ())
}

/// Removes the key and the recovery codes: the person signs in with the password alone.
pub fn remove(conn: &mut DbConnection, person_id: i64) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::person_id.eq(person_id)))
        .execute(conn)?;
    diesel::delete(two_factor::table.find(person_id))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the person's recovery codes with these hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    person_id: i64,
    hashes: &[String],
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::person_id.eq(person_id)))
        .execute(conn)?;
    let at = now();
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::person_id.eq(person_id),
                recovery_codes::code_hash.eq(hash),
                recovery_codes::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses a recovery code: true when it was one of the person's and not used before.
pub fn use_recovery_code(conn: &mut DbConnection, person_id: i64, hash: &str) -> QueryResult<bool> {
    let changed = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::person_id.eq(person_id))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(now()))
    .execute(conn)?;
    Ok(changed >= 1)
}

/// How many recovery codes the person has left.
pub fn recovery_codes_left(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::person_id.eq(person_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// A pending second step: who passed the password, and whether they asked to stay signed in.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sign_in_challenges)]
pub struct Challenge {
    pub token_hash: String,
    pub person_id: i64,
    pub keep_signed_in: bool,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_challenge(
    conn: &mut DbConnection,
    token_hash: &str,
    person_id: i64,
    keep_signed_in: bool,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    // One pending second step per person: a new password entry replaces the old one.
    diesel::delete(sign_in_challenges::table.filter(sign_in_challenges::person_id.eq(person_id)))
        .execute(conn)?;
    diesel::insert_into(sign_in_challenges::table)
        .values((
            sign_in_challenges::token_hash.eq(token_hash),
            sign_in_challenges::person_id.eq(person_id),
            sign_in_challenges::keep_signed_in.eq(keep_signed_in),
            sign_in_challenges::created_at.eq(now()),
            sign_in_challenges::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The live challenge with this hash.
pub fn challenge(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<Challenge>> {
    sign_in_challenges::table
        .find(token_hash)
        .filter(sign_in_challenges::expires_at.gt(now()))
        .select(Challenge::as_select())
        .first(conn)
        .optional()
}

/// Ends a challenge (used, or given up).
pub fn delete_challenge(conn: &mut DbConnection, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sign_in_challenges::table.find(token_hash))
        .execute(conn)
        .map(|_| ())
}

/// Whether the journal asks its decision-makers to sign in with a second step.
pub fn required_in(conn: &mut DbConnection, journal_id: i64) -> QueryResult<bool> {
    Ok(journal_security::table
        .find(journal_id)
        .select(journal_security::two_factor_required)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// The journals that require it, among these.
pub fn journals_requiring(conn: &mut DbConnection, journal_ids: &[i64]) -> QueryResult<Vec<i64>> {
    journal_security::table
        .filter(journal_security::journal_id.eq_any(journal_ids))
        .filter(journal_security::two_factor_required.eq(true))
        .select(journal_security::journal_id)
        .load(conn)
}

/// Sets the journal's requirement.
pub fn set_required(
    conn: &mut DbConnection,
    journal_id: i64,
    required: bool,
    by: i64,
) -> QueryResult<()> {
    let at = now();
    let changed = diesel::update(journal_security::table.find(journal_id))
        .set((
            journal_security::two_factor_required.eq(required),
            journal_security::updated_at.eq(at),
            journal_security::updated_by.eq(by),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(journal_security::table)
            .values((
                journal_security::journal_id.eq(journal_id),
                journal_security::two_factor_required.eq(required),
                journal_security::updated_at.eq(at),
                journal_security::updated_by.eq(by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A journal's editors (its editors-in-chief and board members, and the guest editors of
/// its collections), and how many of them sign in with two factors.
pub fn editors_enrolled(conn: &mut DbConnection, journal_id: i64) -> QueryResult<(i64, i64)> {
    use super::schema::{collections, roles};
    use crate::domain::Role;
    let of_journal: Vec<i64> = roles::table
        .filter(roles::journal_id.eq(journal_id))
        .filter(roles::role.eq_any([Role::EditorInChief.as_str(), Role::BoardMember.as_str()]))
        .select(roles::person_id)
        .load(conn)?;
    let of_collections: Vec<i64> = roles::table
        .inner_join(collections::table.on(roles::collection_id.eq(collections::id.nullable())))
        .filter(collections::journal_id.eq(journal_id))
        .filter(roles::role.eq(Role::GuestEditor.as_str()))
        .select(roles::person_id)
        .load(conn)?;
    let mut editors: Vec<i64> = of_journal.into_iter().chain(of_collections).collect();
    editors.sort_unstable();
    editors.dedup();
    let enrolled: i64 = two_factor::table
        .filter(two_factor::person_id.eq_any(&editors))
        .filter(two_factor::confirmed_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((editors.len() as i64, enrolled))
}
