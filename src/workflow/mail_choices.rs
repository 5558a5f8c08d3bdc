//! Choosing how notices arrive: from the signed-in account page, or from the link every
//! digest carries (which is also where a mail client's one-click unsubscribe posts).

use crate::db::accounts::{self, Person};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{DbConnection, DbError, mail_choices as store, now, write_transaction};
use crate::domain::mail_choices::MailChoices;
use crate::security::token::hash_token;

/// The person a digest's link was made for, while it works.
pub fn person_of_link(conn: &mut DbConnection, token: &str) -> Result<Option<Person>, DbError> {
    // Only the shape of a token is looked up: anything else is no link of ours.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    match store::person_of_link(conn, &hash_token(token), now())? {
        Some(id) => Ok(accounts::find_person(conn, id)?),
        None => Ok(None),
    }
}

pub fn choices_of(conn: &mut DbConnection, person_id: i64) -> Result<MailChoices, DbError> {
    Ok(store::of_person(conn, person_id)?)
}

/// How the choice was made, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeFrom {
    Account,
    DigestLink,
    OneClickUnsubscribe,
}

impl MadeFrom {
    fn note(self) -> &'static str {
        match self {
            MadeFrom::Account => "from the account page",
            MadeFrom::DigestLink => "from the link in a digest",
            MadeFrom::OneClickUnsubscribe => "by the mail client's one-click unsubscribe",
        }
    }
}

/// Saves the person's choices with an audit line, in one transaction. Saving what is already
/// chosen (a second press, a second one-click POST) changes and records nothing. Messages
/// already held for the digest stay in it: they are delivered with the next one.
pub fn save(
    conn: &mut DbConnection,
    person_id: i64,
    choices: &MailChoices,
    from: MadeFrom,
) -> Result<bool, DbError> {
    write_transaction(conn, |conn| {
        let changed = store::set(conn, person_id, choices)?;
        if changed {
            let chosen: Vec<&str> = choices.digest.iter().map(|t| t.key()).collect();
            let note = format!(
                "digest: {} ({})",
                if chosen.is_empty() {
                    "nothing".to_owned()
                } else {
                    chosen.join(", ")
                },
                from.note()
            );
            events::record(
                conn,
                NewEvent::new(
                    Some(person_id),
                    Subject::Person(person_id),
                    "account.mail_choices",
                    &note,
                ),
            )?;
        }
        Ok(changed)
    })
}
