//! Two-factor sign-in (issue 26, ASVS 2.8): enrolment with an authenticator app, the second
//! step at sign-in, recovery codes, removal, and each journal's requirement for the people
//! who decide.
//!
//! Who must use it: when a journal requires it, its editors-in-chief, its Editorial Board
//! Members, the Guest Editors of its collections, and every administrator (who act in every
//! journal). They are asked to enrol at their next sign-in. Every change is recorded in the
//! audit log.

use crate::db::accounts::Person;
use crate::db::events::{self, NewEvent, Subject};
use crate::db::schema::collections;
use crate::db::two_factor as store;
use crate::db::{DbConnection, now};
use crate::domain::Role;
use crate::domain::permissions::HeldRole;
use crate::security::totp;
use diesel::prelude::*;

/// What the enrolment page shows: the key as text and as a QR code.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// In groups of four, for typing.
    pub key_for_typing: String,
    pub qr: totp::QrDrawing,
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not the code of this moment (or already used).
    Wrong,
    /// Nothing to confirm or check: no enrolment under way, or already on.
    NotApplicable,
}

impl CodeProblem {
    pub fn message(self) -> &'static str {
        match self {
            CodeProblem::Wrong => {
                "That code is not right. Enter the six digits your app shows now (each code works once)."
            }
            CodeProblem::NotApplicable => {
                "There is no two-factor set-up under way. Start again from your profile."
            }
        }
    }
}

/// The unconfirmed key of an enrolment under way, if there is one.
pub fn enrolment(
    conn: &mut DbConnection,
    person: &Person,
    issuer: &str,
) -> QueryResult<Option<Enrolment>> {
    let key = match store::two_factor_of(conn, person.id)? {
        Some(t) if !t.is_on() => t.shared_key,
        _ => return Ok(None),
    };
    let uri = totp::provisioning_uri(issuer, &person.email, &key);
    Ok(totp::qr_drawing(&uri).map(|qr| Enrolment {
        key_for_typing: totp::key_for_typing(&key),
        qr,
    }))
}

/// Starts an enrolment: a new unconfirmed key, unless one is under way or it is on.
pub fn begin_enrolment(conn: &mut DbConnection, person_id: i64) -> QueryResult<()> {
    if store::two_factor_of(conn, person_id)?.is_none() {
        store::start_enrolment(conn, person_id, &totp::new_shared_key())?;
    }
    Ok(())
}

/// Checks a six-digit code against the person's key and uses up its step.
fn check_code(
    conn: &mut DbConnection,
    person_id: i64,
    code: &str,
    confirmed: bool,
) -> QueryResult<Result<(), CodeProblem>> {
    let Some(t) = store::two_factor_of(conn, person_id)? else {
        return Ok(Err(CodeProblem::NotApplicable));
    };
    if t.is_on() != confirmed {
        return Ok(Err(CodeProblem::NotApplicable));
    }
    let unix = now().and_utc().timestamp();
    match totp::accepted_step(&t.shared_key, code, unix, t.last_used_step) {
        Some(step) if store::use_step(conn, person_id, step)? => Ok(Ok(())),
        _ => Ok(Err(CodeProblem::Wrong)),
    }
}

/// Confirms an enrolment with its first code: two-factor sign-in is on, and the ten
/// recovery codes are returned to be shown once. Call inside the write transaction.
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    person_id: i64,
    code: &str,
) -> QueryResult<Result<Vec<String>, CodeProblem>> {
    crate::db::guard::lock_person(conn, person_id)?;
    if let Err(problem) = check_code(conn, person_id, code, false)? {
        return Ok(Err(problem));
    }
    store::confirm(conn, person_id)?;
    let codes = replace_recovery_codes(conn, person_id)?;
    crate::workflow::sign_in::on_own_record(conn, person_id, "account.two_factor_on")?;
    Ok(Ok(codes))
}

fn replace_recovery_codes(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<String>> {
    let fresh = totp::new_recovery_codes();
    let hashes: Vec<String> = fresh.iter().map(|(_, h)| h.clone()).collect();
    store::replace_recovery_codes(conn, person_id, &hashes)?;
    Ok(fresh.into_iter().map(|(shown, _)| shown).collect())
}

/// Whether a typed code is one from the app (six digits) rather than a recovery code.
pub fn is_app_code(code: &str) -> bool {
    let typed: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    typed.len() == totp::DIGITS as usize && typed.iter().all(char::is_ascii_digit)
}

/// The second step: a code from the app, or one of the recovery codes (each once). Call
/// inside the write transaction; the caller throttles failures like passwords.
pub fn second_step(
    conn: &mut DbConnection,
    person_id: i64,
    code: &str,
) -> QueryResult<Result<(), CodeProblem>> {
    crate::db::guard::lock_person(conn, person_id)?;
    if is_app_code(code) {
        return check_code(conn, person_id, code, true);
    }
    if !store::is_on(conn, person_id)? {
        return Ok(Err(CodeProblem::NotApplicable));
    }
    if store::use_recovery_code(conn, person_id, &totp::recovery_code_hash(code))? {
        crate::workflow::sign_in::on_own_record(conn, person_id, "account.recovery_code_used")?;
        Ok(Ok(()))
    } else {
        Ok(Err(CodeProblem::Wrong))
    }
}

/// Ten new recovery codes, the old ones no longer working; needs a current code.
pub fn new_recovery_codes(
    conn: &mut DbConnection,
    person_id: i64,
    code: &str,
) -> QueryResult<Result<Vec<String>, CodeProblem>> {
    if let Err(problem) = second_step(conn, person_id, code)? {
        return Ok(Err(problem));
    }
    let codes = replace_recovery_codes(conn, person_id)?;
    crate::workflow::sign_in::on_own_record(conn, person_id, "account.recovery_codes_renewed")?;
    Ok(Ok(codes))
}

/// Turns two-factor sign-in off; the caller has checked the password, this checks the code.
pub fn turn_off(
    conn: &mut DbConnection,
    person_id: i64,
    code: &str,
) -> QueryResult<Result<(), CodeProblem>> {
    if let Err(problem) = second_step(conn, person_id, code)? {
        return Ok(Err(problem));
    }
    store::remove(conn, person_id)?;
    crate::workflow::sign_in::on_own_record(conn, person_id, "account.two_factor_off")?;
    Ok(Ok(()))
}

/// The journals in which these roles decide (editor-in-chief, board, guest editor).
fn journals_deciding(conn: &mut DbConnection, roles: &[HeldRole]) -> QueryResult<Vec<i64>> {
    let mut journals: Vec<i64> = roles
        .iter()
        .filter(|r| matches!(r.role, Role::EditorInChief | Role::BoardMember))
        .filter_map(|r| r.journal_id)
        .collect();
    let guest_of: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::GuestEditor)
        .filter_map(|r| r.collection_id)
        .collect();
    if !guest_of.is_empty() {
        journals.extend(
            collections::table
                .filter(collections::id.eq_any(&guest_of))
                .select(collections::journal_id)
                .load::<i64>(conn)?,
        );
    }
    journals.sort_unstable();
    journals.dedup();
    Ok(journals)
}

/// Whether a person with these roles must sign in with a second step: a journal they decide
/// in requires it, or they are an administrator and any journal does.
pub fn required_for(conn: &mut DbConnection, roles: &[HeldRole]) -> QueryResult<bool> {
    if roles.iter().any(|r| r.role == Role::Admin) {
        use crate::db::schema::journal_security as js;
        let any: i64 = js::table
            .filter(js::two_factor_required.eq(true))
            .count()
            .get_result(conn)?;
        return Ok(any > 0);
    }
    let journals = journals_deciding(conn, roles)?;
    if journals.is_empty() {
        return Ok(false);
    }
    Ok(!store::journals_requiring(conn, &journals)?.is_empty())
}

/// Sets a journal's requirement (the editor-in-chief's setting), recorded in the audit log.
pub fn set_requirement(
    conn: &mut DbConnection,
    journal_id: i64,
    required: bool,
    by: i64,
) -> QueryResult<()> {
    store::set_required(conn, journal_id, required, by)?;
    let kind = if required {
        "journal.two_factor_required"
    } else {
        "journal.two_factor_optional"
    };
    events::record(conn, NewEvent::new(Some(by), Subject::Person(by), kind, ""))
}

mod changes;
mod sign_in;

pub use changes::{
    JournalRequirement, RemoveProblem, Status, begin, confirm, remove, renew_codes, require,
    requirements, reset_by_office, status,
};
pub use sign_in::{CodeAttempt, CodeOutcome, sign_in_with_code};
