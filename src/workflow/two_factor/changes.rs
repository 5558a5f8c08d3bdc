//! The person's own two-factor changes, as their profile makes them: each in one
//! transaction with its audit line and the e-mail that tells them.

use chrono::NaiveDateTime;

use super::{CodeProblem, Enrolment};
use crate::config::Config;
use crate::db::accounts::{self as accounts, Person};
use crate::db::two_factor as store;
use crate::db::{Database, DbConnection, DbError, now, write_transaction};
use crate::mail::messages::TwoFactorChanged;
use crate::workflow::sign_in::{check_password_again, queue_account_mail};
use crate::workflow::sign_in_throttle::FailureKeys;

/// The name authenticator apps show beside the code.
pub const ISSUER: &str = "peerdesk";

/// What the person's two-factor page shows.
#[derive(Debug, Clone)]
pub enum Status {
    /// On since then, with this many unused recovery codes.
    On {
        since: NaiveDateTime,
        codes_left: i64,
    },
    /// A key made, waiting for its first code.
    SettingUp(Enrolment),
    Off,
}

pub async fn status(db: &Database, person: Person) -> anyhow::Result<Status> {
    Ok(db
        .run(move |conn| -> Result<Status, DbError> {
            let found = store::two_factor_of(conn, person.id)?;
            Ok(match found {
                Some(t) if t.is_on() => Status::On {
                    since: t.confirmed_at.unwrap_or(t.created_at),
                    codes_left: store::recovery_codes_left(conn, person.id)?,
                },
                Some(_) => match super::enrolment(conn, &person, ISSUER)? {
                    Some(e) => Status::SettingUp(e),
                    None => Status::Off,
                },
                None => Status::Off,
            })
        })
        .await?)
}

/// Starts setting it up: a new key for the app (nothing counts until a first code).
pub async fn begin(db: &Database, person_id: i64) -> anyhow::Result<()> {
    db.run(move |conn| {
        write_transaction(conn, |conn| super::begin_enrolment(conn, person_id))
            .map_err(DbError::from)
    })
    .await?;
    Ok(())
}

/// Tells the person, by e-mail, what changed.
pub(super) fn tell(
    conn: &mut DbConnection,
    person: &Person,
    what: &str,
    config: &Config,
) -> anyhow::Result<()> {
    let when = now().format("%-d %B %Y, %H:%M UTC").to_string();
    let (site, reset_link) = (
        config.site().name(),
        format!("{}/password/forgot", config.base_url),
    );
    let message = TwoFactorChanged {
        name: &person.name,
        what,
        when: &when,
        reset_link: &reset_link,
        site: &site,
    };
    queue_account_mail(conn, person, "two_factor_changed", &message)
}

/// Runs a code-checked change in one transaction, telling the person when it is made.
async fn change<T, F>(
    db: &Database,
    config: &Config,
    person: Person,
    what: &'static str,
    step: F,
) -> anyhow::Result<Result<T, CodeProblem>>
where
    F: FnOnce(&mut DbConnection, i64) -> diesel::QueryResult<Result<T, CodeProblem>>
        + Send
        + 'static,
    T: Send + 'static,
{
    let config = config.clone();
    db.run(move |conn| {
        write_transaction(conn, |conn| -> anyhow::Result<Result<T, CodeProblem>> {
            let done = step(conn, person.id)?;
            if done.is_ok() {
                tell(conn, &person, what, &config)?;
            }
            Ok(done)
        })
    })
    .await
}

/// Confirms the set-up with a first code: on, with ten recovery codes to show once.
pub async fn confirm(
    db: &Database,
    config: &Config,
    person: Person,
    code: String,
) -> anyhow::Result<Result<Vec<String>, CodeProblem>> {
    change(
        db,
        config,
        person,
        "Two-factor sign-in was turned on for your account",
        move |conn, id| super::confirm_enrolment(conn, id, &code),
    )
    .await
}

/// Ten new recovery codes (the old ones stop working), with a current code.
pub async fn renew_codes(
    db: &Database,
    config: &Config,
    person: Person,
    code: String,
) -> anyhow::Result<Result<Vec<String>, CodeProblem>> {
    change(
        db,
        config,
        person,
        "New recovery codes were made for your account, and the old ones no longer work",
        move |conn, id| super::new_recovery_codes(conn, id, &code),
    )
    .await
}

/// Why two-factor sign-in was not turned off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoveProblem {
    /// The password was wrong, or too many were lately: the message says which.
    Password(String),
    Code(CodeProblem),
}

/// Turns it off: needs the password (checked under the sign-in throttle) and a code (an app
/// code or a recovery code). Whether a journal of theirs still requires it (they are then
/// asked to set it up again).
pub async fn remove(
    db: &Database,
    config: &Config,
    person: Person,
    (password_text, code): (String, String),
    client_address: &str,
) -> anyhow::Result<Result<bool, RemoveProblem>> {
    let person_id = person.id;
    let account = db
        .run(move |conn| accounts::find_account(conn, person_id).map_err(DbError::from))
        .await?;
    let Some(account) = account else {
        return Ok(Err(RemoveProblem::Password(
            "This account has no password.".to_owned(),
        )));
    };
    let keys = FailureKeys::new(&person.email, client_address);
    let checked =
        check_password_again(db, config, &keys, password_text, account.password_hash).await?;
    if let Some(problem) = checked.problem(config.login_throttle_minutes) {
        return Ok(Err(RemoveProblem::Password(problem)));
    }
    let done = change(
        db,
        config,
        person,
        "Two-factor sign-in was turned off for your account",
        move |conn, id| {
            let turned_off = super::turn_off(conn, id, &code)?;
            if turned_off.is_err() {
                return Ok(turned_off.map(|()| false));
            }
            let roles = crate::db::roles::held_roles(conn, id)?;
            Ok(Ok(super::required_for(conn, &roles)?))
        },
    )
    .await?;
    Ok(done.map_err(RemoveProblem::Code))
}

/// One journal on the editor-in-chief's security page.
#[derive(Debug, Clone)]
pub struct JournalRequirement {
    pub journal_id: i64,
    pub name: String,
    pub required: bool,
    /// Its editors (chief, board, guest editors), and how many of them have it on.
    pub editors: i64,
    pub editors_enrolled: i64,
}

/// The journals whose requirement these roles may set: an administrator's every journal,
/// an editor-in-chief's own.
pub async fn requirements(
    db: &Database,
    roles: Vec<crate::domain::permissions::HeldRole>,
) -> anyhow::Result<Vec<JournalRequirement>> {
    use crate::domain::permissions::{Action, may};
    Ok(db
        .run(move |conn| -> Result<_, DbError> {
            let mut lines = Vec::new();
            for journal in crate::db::collections::list_journals(conn)? {
                if !may(
                    &roles,
                    Action::SetSignInSecurity {
                        journal_id: journal.id,
                    },
                ) {
                    continue;
                }
                let (editors, editors_enrolled) = store::editors_enrolled(conn, journal.id)?;
                lines.push(JournalRequirement {
                    journal_id: journal.id,
                    required: store::required_in(conn, journal.id)?,
                    name: journal.name,
                    editors,
                    editors_enrolled,
                });
            }
            Ok(lines)
        })
        .await?)
}

/// Sets a journal's requirement, recorded in the audit log.
pub async fn require(
    db: &Database,
    journal_id: i64,
    required: bool,
    by: i64,
) -> anyhow::Result<()> {
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            super::set_requirement(conn, journal_id, required, by)
        })
        .map_err(DbError::from)
    })
    .await?;
    Ok(())
}

/// The office turns it off for someone who lost their phone and their recovery codes
/// (`peerdesk reset-two-factor`): their sessions end, the audit log records it, and they are
/// told. Whether it was on (or being set up).
pub fn reset_by_office(
    conn: &mut DbConnection,
    config: &Config,
    person: &Person,
) -> anyhow::Result<bool> {
    write_transaction(conn, |conn| -> anyhow::Result<bool> {
        if store::two_factor_of(conn, person.id)?.is_none() {
            return Ok(false);
        }
        store::remove(conn, person.id)?;
        crate::db::sessions::delete_sessions_of(conn, person.id)?;
        crate::db::events::record(
            conn,
            crate::db::events::NewEvent::new(
                None,
                crate::db::events::Subject::Person(person.id),
                "account.two_factor_reset",
                "by the editorial office (command line)",
            ),
        )?;
        tell(
            conn,
            person,
            "Two-factor sign-in was turned off for your account by the editorial office, at your request",
            config,
        )?;
        Ok(true)
    })
}
