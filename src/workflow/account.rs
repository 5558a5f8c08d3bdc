//! What registering, confirming an address, signing in and resetting a password do.
//!
//! The web layer parses forms and renders; this module decides, runs one transaction per
//! change, and writes the e-mails.

use chrono::Duration;

use crate::config::Config;
use crate::db::accounts::{self as store, NewPerson, TokenProblem, TokenPurpose};
use crate::db::{Database, DbConnection, DbError, now};
use crate::domain::person_name::NamePartError;
use crate::domain::{EmailAddress, FormErrors, NameParts, Orcid, PersonName, password_policy};
use crate::mail::messages::{AlreadyRegistered, PasswordChanged, PasswordReset, VerifyEmail};
use crate::security::{password, token};
use crate::workflow::sign_in;
use crate::workflow::sign_in_throttle::{self, FailureKeys};

pub const VERIFY_EMAIL_HOURS: i64 = 48;
pub const RESET_PASSWORD_MINUTES: i64 = 60;
/// The longest a session lasts (the cookie's lifetime); see `workflow::sessions`.
pub const SESSION_DAYS: i64 = crate::workflow::sessions::LONG_DAYS;
/// At most one account message (confirmation, "you already have an account", password
/// reset) goes to an address in this many minutes, whatever the kind and however often the
/// forms are sent: ten presses are one e-mail, and a form cannot be used to flood a mailbox.
pub const ACCOUNT_MAIL_MINUTES: i64 = 5;
const ACCOUNT_MAIL_KINDS: [&str; 3] = ["verify_email", "already_registered", "password_reset"];

/// Holds `address` for this transaction and says whether an account message may go to it
/// now (none went in the last [`ACCOUNT_MAIL_MINUTES`]).
fn may_mail_account(conn: &mut DbConnection, address: &str) -> diesel::QueryResult<bool> {
    crate::db::guard::lock_address(conn, address)?;
    let since = now() - Duration::minutes(ACCOUNT_MAIL_MINUTES);
    Ok(!store::mailed_since(
        conn,
        address,
        &ACCOUNT_MAIL_KINDS,
        since,
    )?)
}

/// The registration form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    /// The whole name, sent only by clients that know no parts (the form sends the parts).
    pub name: String,
    pub given_names: String,
    pub family_name: String,
    pub name_order: String,
    pub email: String,
    pub affiliation: String,
    pub orcid: String,
    pub password: String,
}

/// A registration whose every field is valid.
pub struct Registration {
    /// The name as it should appear, built from `parts`.
    pub name: PersonName,
    pub parts: NameParts,
    /// Only a whole name was sent: the parts are the old guess, to be confirmed.
    pub parts_guessed: bool,
    pub email: EmailAddress,
    pub affiliation: String,
    pub orcid: Option<Orcid>,
    pub password: String,
}

impl RegistrationInput {
    /// A whole name sent without parts, kept for the form shown again as the parts guessed
    /// from it (the form has no whole-name field).
    pub fn keep_whole_name_as_parts(&mut self) {
        if self.given_names.trim().is_empty() && self.family_name.trim().is_empty() {
            let g = NameParts::guessed(&self.name);
            self.given_names = g.given;
            self.family_name = g.family;
        }
    }

    /// The name as it will appear, from the parts as typed.
    pub fn shown_name(&self) -> String {
        NameParts {
            given: self.given_names.clone(),
            family: self.family_name.clone(),
            order: crate::domain::NameOrder::parse(&self.name_order),
        }
        .display()
    }

    pub fn parse(&self) -> Result<Registration, FormErrors> {
        let mut e = FormErrors::new();
        let (parts, parts_guessed) = check_name_parts(
            &self.given_names,
            &self.family_name,
            &self.name_order,
            &self.name,
            &mut e,
        )
        .unzip();
        let name = parts
            .as_ref()
            .and_then(|p| e.check("family_name", PersonName::parse(&p.display())));
        let email = e.check("email", EmailAddress::parse(&self.email));
        let affiliation = self
            .affiliation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if affiliation.is_empty() {
            e.add(
                "affiliation",
                "Enter your institution, e.g. University of Genoa, Italy.",
            );
        } else if affiliation.chars().count() > 300 {
            e.add("affiliation", "Keep the affiliation under 300 characters.");
        }
        let orcid = if self.orcid.trim().is_empty() {
            Some(None)
        } else {
            e.check("orcid", Orcid::parse(&self.orcid)).map(Some)
        };
        e.check(
            "password",
            password_policy::check_new_password(&self.password, &self.email),
        );
        match (name, email, orcid) {
            (Some(name), Some(email), Some(orcid)) if e.is_empty() => Ok(Registration {
                name,
                parts: parts.unwrap_or_default(),
                parts_guessed: parts_guessed.unwrap_or_default(),
                email,
                affiliation,
                orcid,
                password: self.password.clone(),
            }),
            _ => Err(e),
        }
    }
}

/// A person's name as a form sent it: the parts, or — from a client that sends only the
/// whole name — the old guess from it, marked as such. Errors go to the part they are about.
pub fn check_name_parts(
    given: &str,
    family: &str,
    order: &str,
    whole: &str,
    e: &mut FormErrors,
) -> Option<(NameParts, bool)> {
    if given.trim().is_empty() && family.trim().is_empty() && !whole.trim().is_empty() {
        let g = NameParts::guessed(whole);
        return Some((g, true));
    }
    match NameParts::check(given, family, order) {
        Ok(parts) => Some((parts, false)),
        Err(NamePartError::Family(m)) => {
            e.add("family_name", m);
            None
        }
        Err(NamePartError::Given(m)) => {
            e.add("given_names", m);
            None
        }
    }
}

async fn hash(password_text: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password::hash_password(&password_text)).await??)
}

/// Registers a person, or — when the address already has an account — tells that address
/// by e-mail instead, so the form's answer is the same either way.
/// Returns field errors (e.g. an ORCID iD held by someone else) without changing anything.
pub async fn register(
    db: &Database,
    config: &Config,
    reg: Registration,
) -> anyhow::Result<Result<(), FormErrors>> {
    let password_hash = hash(reg.password.clone()).await?;
    let verify = token::new_token();
    let site = config.site().name();
    let base = config.base_url.clone();
    let outcome = db
        .run(
            move |conn: &mut DbConnection| -> Result<Result<(), FormErrors>, anyhow::Error> {
                crate::db::write_transaction(conn, |conn| {
                    let email = reg.email.as_str();
                    let may_mail = may_mail_account(conn, email)?;
                    // A typed iD may repeat across accounts, unless someone confirmed it through
                    // ORCID (`workflow::orcid`).
                    if let Some(orcid) = &reg.orcid
                        && let Some(holder) =
                            store::find_verified_orcid_holder(conn, orcid.as_str())?
                        && holder.email != email
                    {
                        let mut e = FormErrors::new();
                        e.add("orcid", crate::workflow::orcid::CONFIRMED_ELSEWHERE);
                        return Ok(Err(e));
                    }
                    let details = NewPerson {
                        name: reg.name.as_str(),
                        email,
                        affiliation: &reg.affiliation,
                        orcid: reg.orcid.as_ref().map(Orcid::as_str),
                        bio: "",
                    };
                    let existing = store::find_login(conn, email)?;
                    let person = match existing {
                        Some((person, Some(_account))) => {
                            if !may_mail {
                                return Ok(Ok(()));
                            }
                            let message = AlreadyRegistered {
                                name: &person.name,
                                login_link: &format!("{base}/login"),
                                reset_link: &format!("{base}/password/forgot"),
                                site: &site,
                            };
                            sign_in::queue_account_mail(
                                conn,
                                &person,
                                "already_registered",
                                &message,
                            )?;
                            return Ok(Ok(()));
                        }
                        // Someone listed as a co-author or invited to review registers: the
                        // account joins the record we already have.
                        Some((person, None)) => {
                            store::update_person_details(conn, person.id, &details)?
                        }
                        None => store::insert_person(conn, &details)?,
                    };
                    store::set_name_parts(conn, person.id, &reg.parts, reg.parts_guessed)?;
                    store::insert_account(conn, person.id, &password_hash, None)?;
                    store_token(conn, person.id, TokenPurpose::VerifyEmail, &verify)?;
                    sign_in::on_own_record(conn, person.id, "account.registered")?;
                    queue_confirmation(conn, &person, &verify, &base, &site)?;
                    Ok(Ok(()))
                })
            },
        )
        .await?;
    Ok(outcome)
}

/// Queues a fresh confirmation link to an unconfirmed account; silent otherwise.
pub async fn resend_verification(
    db: &Database,
    config: &Config,
    email_text: &str,
) -> anyhow::Result<()> {
    let verify = token::new_token();
    let (base, site) = (config.base_url.clone(), config.site().name());
    let unconfirmed = |account: &store::Account| account.email_verified_at.is_none();
    to_account_at(db, email_text, unconfirmed, move |conn, person| {
        store_token(conn, person.id, TokenPurpose::VerifyEmail, &verify)?;
        queue_confirmation(conn, person, &verify, &base, &site)
    })
    .await
}

/// In one transaction: the person with an account at the address typed, when `wanted` says
/// their account should hear from us and no account message went to the address lately;
/// then `send` writes and queues what it has to say. Nothing happens otherwise (an address
/// that is not one included), and the caller's answer is the same either way.
async fn to_account_at(
    db: &Database,
    email_text: &str,
    wanted: fn(&store::Account) -> bool,
    send: impl FnOnce(&mut DbConnection, &store::Person) -> anyhow::Result<()> + Send + 'static,
) -> anyhow::Result<()> {
    let Ok(email) = EmailAddress::parse(email_text) else {
        return Ok(());
    };
    db.run(move |conn| -> anyhow::Result<()> {
        crate::db::write_transaction(conn, |conn| {
            let Some((person, Some(account))) = store::find_login(conn, email.as_str())? else {
                return Ok(());
            };
            if !wanted(&account) || !may_mail_account(conn, &person.email)? {
                return Ok(());
            }
            send(conn, &person)
        })
    })
    .await
}

/// Stores `token` for `person_id` and `purpose`, working from now for as long as the
/// purpose allows ([`VERIFY_EMAIL_HOURS`], [`RESET_PASSWORD_MINUTES`]).
fn store_token(
    conn: &mut DbConnection,
    person_id: i64,
    purpose: TokenPurpose,
    token: &token::NewToken,
) -> diesel::QueryResult<()> {
    let lasts = match purpose {
        TokenPurpose::VerifyEmail => Duration::hours(VERIFY_EMAIL_HOURS),
        TokenPurpose::ResetPassword => Duration::minutes(RESET_PASSWORD_MINUTES),
    };
    store::insert_token(conn, person_id, purpose, &token.hash, now() + lasts)
}

/// The e-mail with the link that confirms `person`'s address.
fn queue_confirmation(
    conn: &mut DbConnection,
    person: &store::Person,
    verify: &token::NewToken,
    base: &str,
    site: &str,
) -> anyhow::Result<()> {
    let link = format!("{base}/verify-email?token={}", verify.token);
    let message = VerifyEmail {
        name: &person.name,
        link: &link,
        site,
    };
    sign_in::queue_account_mail(conn, person, "verify_email", &message)
}

/// Queues an account message to `person`: never threaded, never held for a digest.
pub async fn check_token(
    db: &Database,
    token_text: String,
    purpose: TokenPurpose,
) -> anyhow::Result<Result<i64, TokenProblem>> {
    let hash = token::hash_token(&token_text);
    Ok(db
        .run(move |conn| store::check_token(conn, &hash, purpose).map_err(DbError::from))
        .await?)
}

/// Confirms an address with its e-mailed token (once).
pub async fn verify_email(
    db: &Database,
    token_text: String,
) -> anyhow::Result<Result<(), TokenProblem>> {
    use_token(
        db,
        &token_text,
        TokenPurpose::VerifyEmail,
        "account.email_verified",
        |conn, person_id| store::mark_email_verified(conn, person_id).map(|_| ()),
    )
    .await
}

/// Uses a token e-mailed for `purpose`, once: in one transaction, `then` does what the
/// token proves for its person, and their record notes `kind`.
async fn use_token(
    db: &Database,
    token_text: &str,
    purpose: TokenPurpose,
    kind: &'static str,
    then: impl FnOnce(&mut DbConnection, i64) -> diesel::QueryResult<()> + Send + 'static,
) -> anyhow::Result<Result<(), TokenProblem>> {
    let hash = token::hash_token(token_text);
    Ok(db
        .run(move |conn| -> Result<Result<(), TokenProblem>, DbError> {
            Ok(crate::db::write_transaction(conn, |conn| {
                let person_id = match store::consume_token(conn, &hash, purpose)? {
                    Ok(id) => id,
                    Err(problem) => return Ok(Err(problem)),
                };
                then(conn, person_id)?;
                sign_in::on_own_record(conn, person_id, kind)?;
                Ok::<_, diesel::result::Error>(Ok(()))
            })?)
        })
        .await?)
}

/// The result of a sign-in attempt. Unknown address and wrong password are one outcome.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Signed in. `must_enrol`: a journal they decide in requires two-factor sign-in and
    /// they have not set it up; they are asked to, before anything else.
    SignedIn {
        session_token: String,
        must_enrol: bool,
    },
    /// The password was right; a code from their authenticator app comes next.
    SecondStep {
        challenge_token: String,
    },
    WrongCredentials,
    Throttled {
        minutes: i64,
    },
    Unverified,
}

/// What the sign-in form gives, with where it came from.
#[derive(Debug, Clone, Default)]
pub struct SignInAttempt {
    pub email: String,
    pub password: String,
    pub client_address: String,
    /// "Keep me signed in on this device".
    pub keep_signed_in: bool,
    /// The browser, in a few words, for the person's list of sessions.
    pub device: String,
}

/// Signs in with an address and a password: throttled per account and client after repeated
/// failures (`sign_in_throttle`), and as slow for an unknown address as for a wrong password.
pub async fn log_in(
    db: &Database,
    config: &Config,
    attempt: SignInAttempt,
) -> anyhow::Result<LoginOutcome> {
    let email = EmailAddress::parse(&attempt.email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| attempt.email.trim().to_lowercase());
    let keys = FailureKeys::new(&email, &attempt.client_address);
    let Some(login) = login_unless_throttled(db, config, &keys, email).await? else {
        return Ok(LoginOutcome::Throttled {
            minutes: config.login_throttle_minutes,
        });
    };
    let password_text = attempt.password.clone();
    let matched = tokio::task::spawn_blocking(move || match &login {
        Some((person, Some(account))) => {
            password::verify_password(&password_text, &account.password_hash)
                .then(|| (person.clone(), account.clone()))
        }
        _ => {
            password::verify_against_dummy(&password_text);
            None
        }
    })
    .await?;
    match matched {
        // The throttle counted the attempt as failed when it let it through.
        None => Ok(LoginOutcome::WrongCredentials),
        Some((_, account)) if account.email_verified_at.is_none() => Ok(LoginOutcome::Unverified),
        Some((person, _)) => after_first_factor(db, person, keys, attempt).await,
    }
}

/// How long the code step may wait after the password.
const CHALLENGE_MINUTES: i64 = 10;

/// The password was right (or ORCID vouched for the person, `workflow::orcid_sign_in`): a
/// second step for those who use two-factor sign-in (failures are not forgiven until it is
/// passed, so the code cannot be guessed between passwords), otherwise a session.
pub(crate) async fn after_first_factor(
    db: &Database,
    person: store::Person,
    keys: FailureKeys,
    attempt: SignInAttempt,
) -> anyhow::Result<LoginOutcome> {
    Ok(db
        .run(move |conn| -> Result<LoginOutcome, DbError> {
            Ok(crate::db::write_transaction(conn, |conn| {
                if crate::db::two_factor::is_on(conn, person.id)? {
                    let challenge = token::new_token();
                    crate::db::two_factor::insert_challenge(
                        conn,
                        &challenge.hash,
                        person.id,
                        attempt.keep_signed_in,
                        now() + Duration::minutes(CHALLENGE_MINUTES),
                    )?;
                    return Ok(LoginOutcome::SecondStep {
                        challenge_token: challenge.token,
                    });
                }
                let roles = crate::db::roles::held_roles(conn, person.id)?;
                let must_enrol = crate::workflow::two_factor::required_for(conn, &roles)?;
                let session_token = sign_in::start_session(
                    conn,
                    person.id,
                    &keys,
                    &attempt.device,
                    attempt.keep_signed_in,
                )?;
                Ok::<_, diesel::result::Error>(LoginOutcome::SignedIn {
                    session_token,
                    must_enrol,
                })
            })?)
        })
        .await?)
}

/// The person and account an address signs in to (either may be missing), or `None` when
/// the throttle holds this client back from this account.
async fn login_unless_throttled(
    db: &Database,
    config: &Config,
    keys: &FailureKeys,
    email: String,
) -> anyhow::Result<Option<Option<(store::Person, Option<store::Account>)>>> {
    if sign_in_throttle::throttled(db, config, keys).await? {
        return Ok(None);
    }
    let login = db
        .run(move |conn| store::find_login(conn, &email).map_err(DbError::from))
        .await?;
    Ok(Some(login))
}

pub async fn log_out(db: &Database, session_hash: String) -> anyhow::Result<()> {
    db.run(move |conn| {
        crate::db::sessions::delete_session(conn, &session_hash).map_err(DbError::from)
    })
    .await?;
    Ok(())
}

/// Queues a reset link when the address has an account; the caller says the same either way.
pub async fn request_password_reset(
    db: &Database,
    config: &Config,
    email_text: &str,
) -> anyhow::Result<()> {
    let reset = token::new_token();
    let (base, site) = (config.base_url.clone(), config.site().name());
    to_account_at(
        db,
        email_text,
        |_| true,
        move |conn, person| {
            store::expire_tokens(conn, person.id, TokenPurpose::ResetPassword)?;
            store_token(conn, person.id, TokenPurpose::ResetPassword, &reset)?;
            let link = format!("{base}/password/reset?token={}", reset.token);
            let message = PasswordReset {
                name: &person.name,
                link: &link,
                site: &site,
            };
            sign_in::queue_account_mail(conn, person, "password_reset", &message)
        },
    )
    .await
}

/// Sets a new password with a reset token (once), ends every session of the account, and
/// confirms the address (the person has just proved they read its mail).
pub async fn reset_password(
    db: &Database,
    token_text: String,
    new_password: String,
) -> anyhow::Result<Result<(), TokenProblem>> {
    let password_hash = hash(new_password).await?;
    use_token(
        db,
        &token_text,
        TokenPurpose::ResetPassword,
        "account.password_reset",
        move |conn, person_id| {
            store::set_password(conn, person_id, &password_hash)?;
            store::mark_email_verified(conn, person_id)?;
            crate::db::sessions::delete_sessions_of(conn, person_id)?;
            Ok(())
        },
    )
    .await
}

/// What "Change your password" did.
#[derive(Debug)]
pub enum PasswordChange {
    /// Changed: every other session ended, and the person told by e-mail.
    Changed,
    /// Nothing changed; every problem is tied to its field.
    Invalid(FormErrors),
}

/// Changes the signed-in person's password (ASVS 2.1.5–2.1.6): the current one is needed,
/// the new one must pass the policy; every other session of theirs ends (the one in use
/// stays), and an e-mail tells them, with a way back if it was not them.
pub async fn change_password(
    db: &Database,
    config: &Config,
    person_id: i64,
    keep_session_hash: String,
    client_address: String,
    (current, new): (String, String),
) -> anyhow::Result<PasswordChange> {
    let login = db
        .run(move |conn| -> Result<_, DbError> {
            let Some(person) = store::find_person(conn, person_id)? else {
                return Ok(None);
            };
            Ok(store::find_login(conn, &person.email)?)
        })
        .await?;
    let Some((person, Some(account))) = login else {
        let mut e = FormErrors::new();
        e.add("current_password", "This account has no password yet.");
        return Ok(PasswordChange::Invalid(e));
    };
    let keys = FailureKeys::new(&person.email, &client_address);
    let checked = sign_in::check_password_again(
        db,
        config,
        &keys,
        current.clone(),
        account.password_hash.clone(),
    )
    .await?;
    let mut errors = FormErrors::new();
    if let Some(problem) = checked.problem(config.login_throttle_minutes) {
        errors.add("current_password", problem);
    }
    if let Err(message) = password_policy::check_new_password(&new, &person.email) {
        errors.add("new_password", message);
    } else if new == current {
        errors.add(
            "new_password",
            "Choose a password other than the current one.",
        );
    }
    if !errors.is_empty() {
        return Ok(PasswordChange::Invalid(errors));
    }
    let password_hash = hash(new).await?;
    let site = config.site().name();
    let reset_link = format!("{}/password/forgot", config.base_url);
    db.run(move |conn| -> anyhow::Result<()> {
        crate::db::write_transaction(conn, |conn| {
            store::set_password(conn, person.id, &password_hash)?;
            crate::db::sessions::delete_other_sessions(conn, person.id, &keep_session_hash)?;
            sign_in::on_own_record(conn, person.id, "account.password_changed")?;
            let when = now().format("%-d %B %Y, %H:%M UTC").to_string();
            let message = PasswordChanged {
                name: &person.name,
                when: &when,
                reset_link: &reset_link,
                site: &site,
            };
            sign_in::queue_account_mail(conn, &person, "password_changed", &message)
        })
    })
    .await?;
    Ok(PasswordChange::Changed)
}
