//! What signing in and a person's changes to their own account share, below both
//! `workflow::account` (passwords) and `workflow::two_factor` (codes): the throttle on failed
//! attempts, the start of a session, the note on the person's own record, and the e-mail
//! that tells them.

use chrono::Duration;

use crate::config::Config;
use crate::db::accounts::{self as store, Person};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{DbConnection, now};
use crate::mail::messages::MailMessage;
use crate::mail::{self, Envelope};

/// Under which keys failed sign-ins are counted: the account's address, and the client's.
#[derive(Debug, Clone)]
pub(crate) struct FailureKeys {
    pub(crate) account: String,
    address: String,
}

impl FailureKeys {
    pub(crate) fn of(email: &str, client_address: &str) -> FailureKeys {
        FailureKeys {
            account: format!("account:{email}"),
            address: format!("address:{client_address}"),
        }
    }
}

/// Whether too many sign-ins failed lately for the account or from the client's address.
pub(crate) fn throttled(
    conn: &mut DbConnection,
    config: &Config,
    keys: &FailureKeys,
) -> diesel::QueryResult<bool> {
    let since = now() - Duration::minutes(config.login_throttle_minutes);
    Ok(
        store::count_login_failures_since(conn, &keys.account, since)?
            >= config.login_failures_per_account
            || store::count_login_failures_since(conn, &keys.address, since)?
                >= config.login_failures_per_address,
    )
}

/// Counts a failed sign-in (a password or a code) against the account and the client's
/// address, and forgets failures older than a day.
pub(crate) fn record_failure(
    conn: &mut DbConnection,
    keys: &FailureKeys,
) -> diesel::QueryResult<()> {
    store::record_login_failure(conn, &keys.account)?;
    store::record_login_failure(conn, &keys.address)?;
    store::prune_login_failures(conn, now() - Duration::days(1))?;
    Ok(())
}

/// Starts a session for the person, clears the account's failed sign-ins and records the
/// sign-in; call inside the write transaction. The session token for the cookie.
pub(crate) fn start_session(
    conn: &mut DbConnection,
    person_id: i64,
    account_key: &str,
    device: &str,
    keep_signed_in: bool,
) -> diesel::QueryResult<String> {
    let token = crate::workflow::sessions::open(conn, person_id, keep_signed_in, device)?;
    store::clear_login_failures(conn, account_key)?;
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
