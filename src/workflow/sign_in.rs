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

/// What re-typing one's password on a signed-in form (a password change, turning
/// two-factor sign-in off) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    Right,
    Wrong,
    /// Too many wrong ones lately from this client: not checked.
    Throttled,
}

/// Checks a re-typed password under the sign-in throttle, so a stolen session cannot be used
/// to guess the password without limit: a wrong one counts like a failed sign-in, a right
/// one forgets this client's failures.
pub async fn check_password_again(
    db: &crate::db::Database,
    config: &crate::config::Config,
    keys: &FailureKeys,
    typed: String,
    stored_hash: String,
) -> anyhow::Result<PasswordCheck> {
    if sign_in_throttle::throttled(db, config, keys).await? {
        return Ok(PasswordCheck::Throttled);
    }
    let right = tokio::task::spawn_blocking(move || {
        crate::security::password::verify_password(&typed, &stored_hash)
    })
    .await?;
    if !right {
        return Ok(PasswordCheck::Wrong);
    }
    let keys = keys.clone();
    db.run(move |conn| {
        sign_in_throttle::forget_failures(conn, &keys).map_err(crate::db::DbError::from)
    })
    .await?;
    Ok(PasswordCheck::Right)
}

impl PasswordCheck {
    /// The message beside the password field, when it was not right.
    pub fn problem(self, minutes: i64) -> Option<String> {
        match self {
            PasswordCheck::Right => None,
            PasswordCheck::Wrong => Some("This is not your current password.".to_owned()),
            PasswordCheck::Throttled => Some(format!(
                "Too many wrong passwords. Wait {minutes} minutes before trying again."
            )),
        }
    }
}
