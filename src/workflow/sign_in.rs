//! What signing in and a person's changes to their own account share, below both
//! `workflow::account` (passwords) and `workflow::two_factor` (codes): the start of a
//! session, the note on the person's own record, and the e-mail that tells them. (The
//! throttle on failed attempts is `workflow::sign_in_throttle`.)

use crate::db::DbConnection;
use crate::db::accounts::{self as store, Person};
use crate::db::events::{self, NewEvent, Subject};
use crate::mail::messages::MailMessage;
use crate::mail::{self, Envelope};
use crate::workflow::sign_in_throttle::{self, FailureKeys};

/// Starts a session for the person, forgets this client's failed attempts at the account
/// (`sign_in_throttle`) and records the sign-in; call inside the write transaction. The
/// session token for the cookie.
pub(crate) fn start_session(
    conn: &mut DbConnection,
    person_id: i64,
    keys: &FailureKeys,
    device: &str,
    keep_signed_in: bool,
) -> diesel::QueryResult<String> {
    let token = crate::workflow::sessions::open(conn, person_id, keep_signed_in, device)?;
    sign_in_throttle::forget_failures(conn, keys)?;
    store::record_login(conn, person_id)?;
    Ok(token)
}

/// Notes `kind` on a person's own record (their account's history, in the audit log).
pub(crate) fn on_own_record(
    conn: &mut DbConnection,
    person_id: i64,
    kind: &str,
) -> diesel::QueryResult<()> {
    events::record(
        conn,
        NewEvent::new(Some(person_id), Subject::Person(person_id), kind, ""),
    )
}

/// Queues an e-mail about the person's own account to them.
pub(crate) fn queue_account_mail(
    conn: &mut DbConnection,
    person: &Person,
    kind: &str,
    message: &impl MailMessage,
) -> anyhow::Result<()> {
    let email = message.to_email(&person.name, &person.email)?;
    mail::queue(conn, &email, Envelope::new(kind, Some(person.id)))?;
    Ok(())
}
