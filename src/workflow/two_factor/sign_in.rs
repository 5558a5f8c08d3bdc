//! The second step of signing in: after the password, a code from the authenticator app or
//! a recovery code, throttled with the password's own attempts (`sign_in_throttle`: a code
//! is as guessable as a short password, so every code counts against the account and the
//! client until the person is signed in).

use super::CodeProblem;
use crate::config::Config;
use crate::db::accounts::{self as accounts};
use crate::db::two_factor as store;
use crate::db::{Database, write_transaction};
use crate::security::token::hash_token;
use crate::workflow::sign_in as account;
use crate::workflow::sign_in_throttle::{self, FailureKeys};

/// What the code form gives, with where it came from.
#[derive(Debug, Clone, Default)]
pub struct CodeAttempt {
    /// The challenge token the password step put in the cookie.
    pub challenge_token: String,
    pub code: String,
    pub client_address: String,
    pub device: String,
}

#[derive(Debug)]
pub enum CodeOutcome {
    SignedIn {
        session_token: String,
    },
    Wrong,
    Throttled {
        minutes: i64,
    },
    /// No password step waiting (too old, used, or never): sign in again.
    Expired,
}

/// Checks the code of a waiting sign-in and, when right, starts the session.
pub async fn sign_in_with_code(
    db: &Database,
    config: &Config,
    attempt: CodeAttempt,
) -> anyhow::Result<CodeOutcome> {
    let hash = hash_token(&attempt.challenge_token);
    let lookup = hash.clone();
    let waiting = db
        .run(move |conn| -> anyhow::Result<_> {
            let Some(challenge) = store::challenge(conn, &lookup)? else {
                return Ok(None);
            };
            Ok(accounts::find_person(conn, challenge.person_id)?.map(|p| (challenge, p)))
        })
        .await?;
    let Some((challenge, person)) = waiting else {
        return Ok(CodeOutcome::Expired);
    };
    let keys = FailureKeys::new(&person.email, &attempt.client_address);
    // Counts this code as failed until the person is signed in.
    if sign_in_throttle::throttled(db, config, &keys).await? {
        return Ok(CodeOutcome::Throttled {
            minutes: config.login_throttle_minutes,
        });
    }
    let config = config.clone();
    db.run(move |conn| {
        write_transaction(conn, |conn| -> anyhow::Result<_> {
            let checked = super::second_step(conn, person.id, &attempt.code)?;
            match checked {
                Ok(()) => {
                    store::delete_challenge(conn, &hash)?;
                    if !super::is_app_code(&attempt.code) {
                        let left = store::recovery_codes_left(conn, person.id)?;
                        let what = format!(
                            "A recovery code was used to sign in to your account ({left} of them left)"
                        );
                        super::changes::tell(conn, &person, &what, &config)?;
                    }
                    let session_token = account::start_session(
                        conn,
                        person.id,
                        &keys,
                        &attempt.device,
                        challenge.keep_signed_in,
                    )?;
                    Ok(CodeOutcome::SignedIn { session_token })
                }
                Err(CodeProblem::Wrong) => Ok(CodeOutcome::Wrong),
                Err(CodeProblem::NotApplicable) => Ok(CodeOutcome::Expired),
            }
        })
    })
    .await
}
